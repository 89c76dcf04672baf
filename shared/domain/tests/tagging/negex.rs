//! The physician-labelled NegEx/ConText pairs (development half, `context-dev.tsv`; see its
//! README): each row names a condition in a sentence and says whether it is negated, historical
//! and whose it is. This is a regression check of how the tagging engine reads a mention's
//! context — the shared engine plus the tagging's additions ([`mention_context`]) — against the
//! shared engine alone, not a tuning set: neither was changed to fit it.
//!
//! The file lives outside the repository (`MEDICLEAR_NEGEX_TSV`, by default
//! `/work/shared/data/negex/context-dev.tsv`); without it the test says so and passes.

use std::path::PathBuf;

use mediclear_domain::clinical_context::assertions;
use mediclear_domain::health::tagging::{Context, mention_context};
use mediclear_domain::preauth::tokens::tokenize;

struct Row {
    condition: String,
    sentence: String,
    negated: bool,
    historical: bool,
    other_person: bool,
}

fn rows() -> Option<Vec<Row>> {
    let path = std::env::var_os("MEDICLEAR_NEGEX_TSV")
        .map_or_else(|| PathBuf::from("/work/shared/data/negex/context-dev.tsv"), PathBuf::from);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                (cols.len() >= 6).then(|| Row {
                    condition: cols[1].to_string(),
                    sentence: cols[2].to_string(),
                    negated: cols[3].eq_ignore_ascii_case("negated"),
                    historical: cols[4].eq_ignore_ascii_case("historical"),
                    other_person: !cols[5].eq_ignore_ascii_case("patient"),
                })
            })
            .collect(),
    )
}

/// The condition's byte range in the sentence (case and runs of spaces ignored).
fn find(sentence: &str, condition: &str) -> Option<std::ops::Range<usize>> {
    let lower = sentence.to_lowercase();
    let words: Vec<String> = condition.split_whitespace().map(str::to_lowercase).collect();
    let first = words.first()?;
    let mut from = 0;
    while let Some(p) = lower[from..].find(first.as_str()) {
        let start = from + p;
        let mut end = start + first.len();
        let mut ok = true;
        for w in &words[1..] {
            let rest = &lower[end..];
            let skipped = rest.len() - rest.trim_start().len();
            if rest.trim_start().starts_with(w.as_str()) {
                end += skipped + w.len();
            } else {
                ok = false;
                break;
            }
        }
        if ok && lower.len() == sentence.len() {
            return Some(start..end);
        }
        from = start + 1;
    }
    None
}

/// The shared engine alone (its word-by-word reading, which the tagging uses): the strongest
/// context over the condition's tokens.
fn engine_alone(sentence: &str, range: &std::ops::Range<usize>) -> Context {
    let tokens = tokenize(sentence);
    tokens
        .iter()
        .zip(assertions(&tokens, &[]))
        .filter(|(t, _)| t.end > range.start && t.start < range.end)
        .map(|(_, c)| c)
        .fold(Context::Affirmed, Context::stronger)
}

#[derive(Default)]
struct Agreement {
    rows: usize,
    negation_right: usize,
    negated_tp: usize,
    negated_fp: usize,
    negated_fn: usize,
    experiencer_right: usize,
    history_right: usize,
}

impl Agreement {
    fn add(&mut self, row: &Row, context: Context) {
        self.rows += 1;
        let negated = context == Context::Negated;
        if negated == row.negated {
            self.negation_right += 1;
        }
        match (negated, row.negated) {
            (true, true) => self.negated_tp += 1,
            (true, false) => self.negated_fp += 1,
            (false, true) => self.negated_fn += 1,
            _ => {}
        }
        if (context == Context::OtherPerson) == row.other_person {
            self.experiencer_right += 1;
        }
        if (context == Context::Historical) == row.historical {
            self.history_right += 1;
        }
    }

    fn accuracy(&self) -> f64 {
        self.negation_right as f64 / self.rows.max(1) as f64
    }

    fn print(&self, title: &str) {
        let p = self.negated_tp as f64 / (self.negated_tp + self.negated_fp).max(1) as f64;
        let r = self.negated_tp as f64 / (self.negated_tp + self.negated_fn).max(1) as f64;
        println!(
            "  {title:<34} rows {:>4}  negation accuracy {:.3} (precision {p:.3}, recall {r:.3})  experiencer {:.3}  historical {:.3}",
            self.rows,
            self.accuracy(),
            self.experiencer_right as f64 / self.rows.max(1) as f64,
            self.history_right as f64 / self.rows.max(1) as f64,
        );
    }
}

fn cancer_related(row: &Row) -> bool {
    let text = format!("{} {}", row.condition, row.sentence).to_lowercase();
    ["breast", "cancer", "carcinoma", "malignan", "mass", "lump", "tumor", "neoplasm", "metasta"]
        .iter()
        .any(|w| text.contains(w))
}

#[test]
fn the_engine_as_tagging_uses_it_agrees_with_the_physicians() {
    let Some(rows) = rows() else {
        println!("context-dev.tsv not found: NegEx/ConText regression skipped");
        return;
    };
    let (mut tagging_all, mut engine_all, mut tagging_cancer, mut engine_cancer) =
        (Agreement::default(), Agreement::default(), Agreement::default(), Agreement::default());
    let mut unfound = 0;
    for row in &rows {
        let Some(range) = find(&row.sentence, &row.condition) else {
            unfound += 1;
            continue;
        };
        let with_additions = mention_context(&row.sentence, range.clone());
        let alone = engine_alone(&row.sentence, &range);
        tagging_all.add(row, with_additions);
        engine_all.add(row, alone);
        if cancer_related(row) {
            tagging_cancer.add(row, with_additions);
            engine_cancer.add(row, alone);
        }
    }
    println!("NegEx/ConText dev pairs: {} rows, {unfound} conditions not located in their sentence", rows.len());
    engine_all.print("shared engine alone, all rows");
    tagging_all.print("as tagging reads it, all rows");
    engine_cancer.print("shared engine alone, cancer/mass rows");
    tagging_cancer.print("as tagging reads it, cancer/mass rows");
    // The tagging's additions must not make the engine's negation worse on the physicians' labels.
    assert!(tagging_all.negation_right + 5 >= engine_all.negation_right, "the additions cost negation accuracy");
    assert!(tagging_all.accuracy() >= 0.85, "negation accuracy {:.3}", tagging_all.accuracy());
}
