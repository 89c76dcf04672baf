//! Hormonal and reproductive factors, the ones the Gail and Tyrer-Cuzick models weigh and the
//! questionnaire asks about: menopausal hormone therapy (estrogen plus progestin; the WHI trial's
//! risk rises with years of use — five years or more, or "long-term", Medium; shorter or of
//! unknown length Low), early menarche (11 or younger), late menopause (55 or older), no live
//! births, and a first live birth at 30 or older (each Low: a modest, not a decisive, factor).
//!
//! Vaginal estrogen (local) is not systemic therapy, and "hormone therapy" after breast cancer is
//! endocrine treatment (tamoxifen, aromatase inhibitors), not menopausal hormone therapy: neither
//! counts. Parity is also read from obstetric shorthand (`G0P0`, `G2 P0`, `gravida 1 para 0`,
//! TPAL `P0000`).

use std::sync::OnceLock;

use super::clause::Clause;
use super::lexicon::Lexicon;
use super::{Context, DocumentFacts, Finding, FindingKind, RiskLevel, marker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Factor {
    /// Menopausal hormone therapy, named as such.
    HormoneReplacement,
    /// "Hormone therapy": menopausal only when the clause is about menopause.
    HormoneTherapy,
    /// Estradiol: therapy, unless it is a lab result.
    Estradiol,
    Menarche,
    Menopause,
    Nulliparous,
    FirstBirth,
}

use Factor::*;

pub(crate) const FACTORS: &[(&str, Factor)] = &[
    ("hormone|hormonal replacement therapy|treatment", HormoneReplacement),
    ("hormone|hormonal replacement", HormoneReplacement),
    ("hrt", HormoneReplacement),
    ("menopausal hormone|hormonal therapy|treatment", HormoneReplacement),
    ("mht", HormoneReplacement),
    ("estrogen|oestrogen replacement", HormoneReplacement),
    ("estrogen|oestrogen plus|and|with|+ progestin|progesterone|progestogen|medroxyprogesterone", HormoneReplacement),
    ("combined hormone|hormonal therapy|replacement", HormoneReplacement),
    (
        "premarin|prempro|premphase|activella|femhrt|angeliq|duavee|climara|vivelle|estrace|menostar|combipatch",
        HormoneReplacement,
    ),
    ("conjugated estrogens|estrogen|oestrogens", HormoneReplacement),
    ("estradiol|oestradiol", Estradiol),
    ("hormone|hormonal therapy|treatment", HormoneTherapy),
    ("menarche", Menarche),
    ("first period|menses|menstruation", Menarche),
    ("first menstrual period", Menarche),
    ("menses began|started", Menarche),
    ("onset of menses", Menarche),
    ("menopause", Menopause),
    ("nulliparous|nullipara|nulligravida|nulligravid|nullip|childless", Nulliparous),
    ("no children|kids|pregnancies|births", Nulliparous),
    ("no biological children", Nulliparous),
    ("no live births", Nulliparous),
    ("never been pregnant", Nulliparous),
    ("never pregnant", Nulliparous),
    ("has not had children", Nulliparous),
    ("first child|birth|pregnancy|delivery|baby", FirstBirth),
    ("first live birth", FirstBirth),
    ("first full term pregnancy|birth|delivery", FirstBirth),
    ("first term pregnancy|birth", FirstBirth),
];

fn lexicon() -> &'static Lexicon<Factor> {
    static LEXICON: OnceLock<Lexicon<Factor>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(FACTORS))
}

/// Words that tell a clause holds obstetric shorthand (besides `G2P1`, which the caller spots).
pub(crate) const KEYS: &[&str] = &["gravida", "para", "parity", "g0", "nullip"];

/// Words that make estrogen local, not systemic.
const LOCAL: &[&str] =
    &["vaginal", "vaginally", "topical", "cream", "ring", "local", "intravaginal", "pessary", "suppository"];

/// Words that make "hormone therapy" endocrine treatment of breast cancer.
const ENDOCRINE: &[&str] = &[
    "endocrine", "tamoxifen", "aromatase", "letrozole", "anastrozole", "exemestane", "antiestrogen", "adjuvant",
    "cancer", "carcinoma", "dcis", "fulvestrant", "raloxifene", "prostate", "gender", "affirming", "transgender",
];

const MENOPAUSE_WORDS: &[&str] =
    &["menopausal", "menopause", "postmenopausal", "perimenopausal", "vasomotor", "hot", "flashes", "flushes"];

/// The age a factor is given at: the first number from `min` to `max` within six words after
/// it ("menarche at age 11", "menopause: 56", "first child at 34"), read from `11yo`, `11y`.
fn age_after(clause: &Clause<'_>, last: usize, min: u32, max: u32) -> Option<u32> {
    let (_, end) = clause.clause_of(last);
    (last + 1..=(last + 6).min(end)).find_map(|k| {
        let digits: String = clause.word(k).chars().take_while(char::is_ascii_digit).collect();
        let rest = &clause.word(k)[digits.len()..];
        let age: u32 = digits.parse().ok()?;
        (matches!(rest, "" | "y" | "yo" | "yrs" | "years") && (min..=max).contains(&age)).then_some(age)
    })
}

/// Years of hormone therapy stated in the clause: "for 8 years", "x 6 yrs", "8 years of HRT",
/// "since 2012" (against the document's year).
fn years_of_use(clause: &Clause<'_>, first: usize, last: usize, document: &DocumentFacts) -> Option<u32> {
    let (a, b) = clause.clause_of(first);
    let (from, to) = (first.saturating_sub(5).max(a), (last + 6).min(b));
    for k in from..=to {
        if (first..=last).contains(&k) {
            continue;
        }
        if matches!(clause.word(k + 1), "years" | "year" | "yrs" | "yr" | "y")
            && !matches!(clause.word(k + 2), "ago" | "old")
            && let Some(n) = clause.tokens[k].number().filter(|n| (0.0..=60.0).contains(n))
        {
            return Some(n.round() as u32);
        }
        if clause.word(k) == "since"
            && let Some(year) = document.year
        {
            let since: i32 = clause.word(k + 1).parse().ok()?;
            if (1950..=year).contains(&since) {
                return Some((year - since) as u32);
            }
        }
    }
    None
}

/// Parity from obstetric shorthand in the clause: `G2P1`, `G0`, `P0`, `G2 P0`, `gravida 1 para
/// 0`, `G3P0030` (TPAL: term + preterm births).
fn parity(clause: &Clause<'_>) -> Option<(u32, usize)> {
    let digits_of = |s: &str| -> Option<u32> {
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        // TPAL: the first two digits are term and preterm births.
        if s.len() == 4 {
            let b = s.as_bytes();
            return Some(u32::from(b[0] - b'0') + u32::from(b[1] - b'0'));
        }
        (s.len() <= 2).then(|| s.parse().ok()).flatten()
    };
    for k in 0..clause.len() {
        let w = clause.word(k);
        if let Some(rest) = w.strip_prefix('g')
            && let Some(p) = rest.find('p')
        {
            let (g, p) = (&rest[..p], &rest[p + 1..]);
            if g.chars().all(|c| c.is_ascii_digit())
                && !g.is_empty()
                && let Some(p) = digits_of(p)
            {
                return Some((p, k));
            }
        }
        if w == "g0" && !matches!(clause.word(k + 1), "p" | "para") {
            return Some((0, k));
        }
        if let Some(p) = w.strip_prefix('p').and_then(digits_of)
            && k > 0
            && clause.word(k - 1).strip_prefix('g').is_some_and(|g| g.chars().all(|c| c.is_ascii_digit()))
        {
            return Some((p, k));
        }
        if matches!(w, "para" | "parity")
            && let Some(p) = digits_of(clause.word(k + 1))
        {
            return Some((p, k));
        }
    }
    None
}

pub(crate) fn find(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    let mut push = |level: RiskLevel, indicator: String, first: usize, last: usize| {
        out.push(Finding {
            marker: marker::HORMONAL_FACTORS,
            level,
            indicator,
            first,
            last,
            kind: FindingKind::Statement,
        });
    };
    for m in lexicon().matches(&clause.words) {
        let (first, last) = (m.first, m.last);
        let (a, b) = clause.clause_of(first);
        let judgement = clause.judge(first, last);
        match m.value {
            HormoneReplacement | HormoneTherapy | Estradiol => {
                if !judgement.is_patients() || clause.any_in(a, b, LOCAL) {
                    continue;
                }
                if m.value == HormoneTherapy
                    && (!clause.any_in(a, b, MENOPAUSE_WORDS) || clause.any_in(a, b, ENDOCRINE))
                {
                    continue;
                }
                if m.value == Estradiol
                    && (clause.any_in(a, b, &["pg", "pmol", "level", "levels", "serum"])
                        || clause.any_in(a, b, ENDOCRINE))
                {
                    continue;
                }
                let years = years_of_use(clause, first, last, document);
                let long_term = clause.any_in(a, b, &["long", "longterm", "prolonged", "chronic", "many"]);
                let (level, indicator) = match years {
                    Some(y) if y >= 5 => {
                        (RiskLevel::Medium, format!("Long-term menopausal hormone therapy ({y} years)"))
                    }
                    None if long_term => (RiskLevel::Medium, "Long-term menopausal hormone therapy".to_string()),
                    Some(y) if y > 0 => (RiskLevel::Low, format!("Menopausal hormone therapy ({y} years)")),
                    _ => (RiskLevel::Low, "Menopausal hormone therapy".to_string()),
                };
                push(level, indicator, first, last);
            }
            Menarche => {
                if judgement.is_patients()
                    && let Some(age) = age_after(clause, last, 7, 20).filter(|age| *age <= 11)
                {
                    push(RiskLevel::Low, format!("Early menarche (age {age})"), first, last);
                }
            }
            Menopause => {
                let induced = clause.any_in(
                    first.saturating_sub(2),
                    first,
                    &["surgical", "induced", "premature", "early", "chemical"],
                );
                if judgement.is_patients()
                    && !induced
                    && let Some(age) = age_after(clause, last, 35, 70).filter(|age| *age >= 55)
                {
                    push(RiskLevel::Low, format!("Late menopause (age {age})"), first, last);
                }
            }
            Nulliparous => {
                // "No children" is what the phrase says: its own negation is the finding. Only
                // a relative or a hypothesis takes it away.
                if matches!(judgement.context, Context::Affirmed | Context::Historical | Context::Negated)
                    && !clause.any_in(a, b, &["if", "plans", "planning", "desires", "wants"])
                {
                    push(RiskLevel::Low, "No live births (nulliparous)".to_string(), first, last);
                }
            }
            FirstBirth => {
                if judgement.is_patients()
                    && let Some(age) = age_after(clause, last, 12, 55).filter(|age| *age >= 30)
                {
                    push(RiskLevel::Low, format!("First live birth at age {age}"), first, last);
                }
            }
        }
    }
    if let Some((0, k)) = parity(clause)
        && clause.judge(k, k).kin.is_empty()
    {
        push(RiskLevel::Low, "No live births (nulliparous)".to_string(), k, k);
    }
}
