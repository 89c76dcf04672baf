//! Numbers and comparisons shared by durations ([`super::duration`]) and clinical measures
//! ([`super::measure`]).
//!
//! A policy states a *requirement* ("at least 6 weeks", "BMI ≥ 40", "35–39.9"); a note states an
//! *observation* ("8 weeks", "over 2 years", "BMI 41.2"). Both become an [`Interval`], and a
//! requirement is judged against an observation in three ways: satisfied when every value the
//! observation allows meets the requirement, violated when none does, undetermined otherwise (a
//! note saying "over 4 weeks" against "at least 6 weeks"). Keeping "more than" (open) and "at least"
//! (closed) distinct is what makes "6 weeks" fail "more than 6 weeks" but pass "at least 6 weeks".

use super::tokens::Token;

/// How a stated number bounds the quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// ≥, "at least", "minimum of", "or more".
    AtLeast,
    /// >, "more than", "greater than", "over", "exceeding".
    MoreThan,
    /// ≤, "at most", "no more than", "or less", "up to".
    AtMost,
    /// <, "less than", "under", "below", "fewer than".
    LessThan,
    /// The value itself ("8 weeks", "approximately 8 weeks").
    Exactly,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::AtMost => "≤",
            Comparator::LessThan => "<",
            Comparator::Exactly => "=",
        }
    }
}

/// One end of an interval: a value and whether the value itself belongs to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct End {
    pub value: f64,
    pub inclusive: bool,
}

/// A set of values: `[low, high]`, either end open or unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: Option<End>,
    pub high: Option<End>,
}

impl Interval {
    pub fn from_comparator(comparator: Comparator, value: f64) -> Interval {
        let end = |inclusive| Some(End { value, inclusive });
        match comparator {
            Comparator::AtLeast => Interval { low: end(true), high: None },
            Comparator::MoreThan => Interval { low: end(false), high: None },
            Comparator::AtMost => Interval { low: None, high: end(true) },
            Comparator::LessThan => Interval { low: None, high: end(false) },
            Comparator::Exactly => Interval { low: end(true), high: end(true) },
        }
    }

    /// `[low, high]`, both inclusive.
    pub fn between(low: f64, high: f64) -> Interval {
        let (low, high) = if low <= high { (low, high) } else { (high, low) };
        Interval { low: Some(End { value: low, inclusive: true }), high: Some(End { value: high, inclusive: true }) }
    }

    /// Every bound multiplied by `factor` (unit conversion).
    pub fn scaled(self, factor: f64) -> Interval {
        let s = |e: Option<End>| e.map(|e| End { value: e.value * factor, ..e });
        Interval { low: s(self.low), high: s(self.high) }
    }

    /// Human form: "≥ 6", "> 3", "35–39.9", "8".
    pub fn describe(&self, unit: &str) -> String {
        let fmt = |v: f64| {
            // ("0.35 kUA/L" is not "0.3": up to two decimals, as limits and values are written.)
            if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string() }
        };
        let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
        match (self.low, self.high) {
            (Some(l), Some(h)) if (l.value - h.value).abs() < 1e-9 => format!("{}{unit}", fmt(l.value)),
            (Some(l), Some(h)) => format!("{}–{}{unit}", fmt(l.value), fmt(h.value)),
            (Some(l), None) => format!("{} {}{unit}", if l.inclusive { "≥" } else { ">" }, fmt(l.value)),
            (None, Some(h)) => format!("{} {}{unit}", if h.inclusive { "≤" } else { "<" }, fmt(h.value)),
            (None, None) => "any value".into(),
        }
    }
}

/// How an observation fares against a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Satisfied,
    Violated,
    Undetermined,
}

/// Whether `a` and `b` count as the same value: exactly, or within `tolerance` (relative) when
/// the two were stated in different units (12 weeks and 3 months).
fn same(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()) + 1e-9
}

/// `a` is below `b` (strictly, beyond tolerance).
fn below(a: f64, b: f64, tolerance: f64) -> bool {
    a < b && !same(a, b, tolerance)
}

/// Whether the observed end `o` lies inside the requirement's low end `r` (o ≥ r or o > r).
fn meets_low(o: End, r: End, tolerance: f64) -> bool {
    if same(o.value, r.value, tolerance) {
        // Equal values: "≥ 6" accepts 6; "> 6" accepts only an observed "more than 6".
        r.inclusive || !o.inclusive
    } else {
        o.value > r.value
    }
}

fn meets_high(o: End, r: End, tolerance: f64) -> bool {
    if same(o.value, r.value, tolerance) { r.inclusive || !o.inclusive } else { o.value < r.value }
}

/// Judges an observation against a requirement. `tolerance` is the relative slack for values
/// stated in different units (0 when the units agree).
pub fn judge(requirement: &Interval, observed: &Interval, tolerance: f64) -> Outcome {
    let inside_low = match requirement.low {
        None => true,
        Some(r) => observed.low.is_some_and(|o| meets_low(o, r, tolerance)),
    };
    let inside_high = match requirement.high {
        None => true,
        Some(r) => observed.high.is_some_and(|o| meets_high(o, r, tolerance)),
    };
    if inside_low && inside_high {
        return Outcome::Satisfied;
    }
    // Disjoint: the observation lies wholly below the low end or wholly above the high end.
    let under = match (requirement.low, observed.high) {
        (Some(r), Some(o)) => below(o.value, r.value, tolerance) || (same(o.value, r.value, tolerance) && !(o.inclusive && r.inclusive)),
        _ => false,
    };
    let over = match (requirement.high, observed.low) {
        (Some(r), Some(o)) => below(r.value, o.value, tolerance) || (same(o.value, r.value, tolerance) && !(o.inclusive && r.inclusive)),
        _ => false,
    };
    if under || over { Outcome::Violated } else { Outcome::Undetermined }
}

/// Reads one word as a number: digits (`6`, `41.5`, `6+`), number words up to ninety, `a`/`an`
/// (as in "a year"), `couple`, `dozen`.
pub fn number_word(lower: &str) -> Option<f64> {
    let digits = lower.trim_end_matches('+');
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.') && digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return digits.parse().ok();
    }
    // "232K", "150k": thousands (platelets, counts).
    if let Some(thousands) = digits.strip_suffix('k').filter(|d| !d.is_empty() && d.len() <= 5 && d.chars().all(|c| c.is_ascii_digit() || c == '.') && d.starts_with(|c: char| c.is_ascii_digit())) {
        return thousands.parse::<f64>().ok().map(|n| n * 1000.0);
    }
    let v = match lower {
        "zero" => 0.0,
        "a" | "an" | "one" | "single" => 1.0,
        "two" | "couple" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    };
    Some(v)
}

/// A number written over one or more tokens starting at `i`: `6`, `six`, `twenty-four`,
/// `six (6)`. Returns the value and the index of its last token. `a`/`an` count only when
/// `allow_article` (before a unit: "a year").
pub fn number_at(tokens: &[Token<'_>], i: usize, allow_article: bool) -> Option<(f64, usize)> {
    let t = tokens.get(i)?;
    if !allow_article && matches!(t.lower.as_str(), "a" | "an" | "single" | "couple" | "dozen") {
        return None;
    }
    let mut value = number_word(&t.lower)?;
    let mut last = i;
    let is_word = !t.lower.starts_with(|c: char| c.is_ascii_digit());
    // "T-score of -2.5", "T-score: −3.1": a minus sign written against the digits after a space;
    // "35-39.9" (no space) is a range.
    let gap = t.gap_text;
    if !is_word && (gap.ends_with('-') || gap.ends_with('−')) {
        let before_sign = gap.trim_end_matches(['-', '−']);
        if before_sign.ends_with(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | '=')) {
            value = -value;
        }
    }
    // "30,000", "1,180 ft": thousands written with a comma and no space.
    if !is_word && value.fract() == 0.0 && t.lower.len() <= 3 {
        while let Some(n) = tokens.get(last + 1).filter(|n| n.gap_text == "," && n.lower.len() == 3 && n.lower.chars().all(|c| c.is_ascii_digit())) {
            value = value * 1000.0 + n.lower.parse::<f64>().unwrap_or(0.0);
            last += 1;
        }
    }
    // "twenty-four", "twenty four"
    if is_word && value >= 20.0 && value % 10.0 == 0.0 {
        if let Some(n) = tokens.get(i + 1).filter(|n| !n.gap.stop && !n.gap.comma) {
            if let Some(units) = number_word(&n.lower).filter(|u| *u >= 1.0 && *u <= 9.0 && !n.lower.starts_with(|c: char| c.is_ascii_digit())) {
                value += units;
                last = i + 1;
            }
        }
    }
    // "six (6) weeks": the digits in parentheses repeat the number.
    if is_word {
        if let Some(n) = tokens.get(last + 1).filter(|n| n.gap.open_paren) {
            if let Some(d) = number_word(&n.lower).filter(|_| n.lower.starts_with(|c: char| c.is_ascii_digit())) {
                if (d - value).abs() < 1e-9 {
                    last += 1;
                }
            }
        }
    }
    // "a couple of", "a dozen"
    if matches!(t.lower.as_str(), "a" | "an") {
        if let Some(n) = tokens.get(i + 1).filter(|n| matches!(n.lower.as_str(), "couple" | "dozen" | "few")) {
            if n.lower == "few" {
                return None;
            }
            value = number_word(&n.lower)?;
            last = i + 1;
            if tokens.get(last + 1).is_some_and(|o| o.lower == "of") {
                last += 1;
            }
        }
    }
    Some((value, last))
}

/// A comparison phrase and where it stands relative to the number.
struct Phrase {
    words: &'static [&'static str],
    comparator: Comparator,
}

const BEFORE: &[Phrase] = &[
    Phrase { words: &["greater", "than", "or", "equal", "to"], comparator: Comparator::AtLeast },
    Phrase { words: &["more", "than", "or", "equal", "to"], comparator: Comparator::AtLeast },
    Phrase { words: &["equal", "to", "or", "greater", "than"], comparator: Comparator::AtLeast },
    Phrase { words: &["equal", "to", "or", "more", "than"], comparator: Comparator::AtLeast },
    Phrase { words: &["less", "than", "or", "equal", "to"], comparator: Comparator::AtMost },
    Phrase { words: &["equal", "to", "or", "less", "than"], comparator: Comparator::AtMost },
    Phrase { words: &["no", "less", "than"], comparator: Comparator::AtLeast },
    Phrase { words: &["not", "less", "than"], comparator: Comparator::AtLeast },
    Phrase { words: &["no", "fewer", "than"], comparator: Comparator::AtLeast },
    Phrase { words: &["no", "more", "than"], comparator: Comparator::AtMost },
    Phrase { words: &["not", "more", "than"], comparator: Comparator::AtMost },
    Phrase { words: &["not", "to", "exceed"], comparator: Comparator::AtMost },
    Phrase { words: &["not", "exceed"], comparator: Comparator::AtMost },
    Phrase { words: &["not", "exceeding"], comparator: Comparator::AtMost },
    Phrase { words: &["no", "greater", "than"], comparator: Comparator::AtMost },
    Phrase { words: &["a", "minimum", "of"], comparator: Comparator::AtLeast },
    Phrase { words: &["minimum", "of"], comparator: Comparator::AtLeast },
    Phrase { words: &["a", "maximum", "of"], comparator: Comparator::AtMost },
    Phrase { words: &["maximum", "of"], comparator: Comparator::AtMost },
    Phrase { words: &["in", "excess", "of"], comparator: Comparator::MoreThan },
    Phrase { words: &["at", "least"], comparator: Comparator::AtLeast },
    Phrase { words: &["at", "most"], comparator: Comparator::AtMost },
    Phrase { words: &["more", "than"], comparator: Comparator::MoreThan },
    Phrase { words: &["greater", "than"], comparator: Comparator::MoreThan },
    Phrase { words: &["longer", "than"], comparator: Comparator::MoreThan },
    Phrase { words: &["higher", "than"], comparator: Comparator::MoreThan },
    Phrase { words: &["older", "than"], comparator: Comparator::MoreThan },
    Phrase { words: &["less", "than"], comparator: Comparator::LessThan },
    Phrase { words: &["fewer", "than"], comparator: Comparator::LessThan },
    Phrase { words: &["shorter", "than"], comparator: Comparator::LessThan },
    Phrase { words: &["lower", "than"], comparator: Comparator::LessThan },
    Phrase { words: &["younger", "than"], comparator: Comparator::LessThan },
    Phrase { words: &["up", "to"], comparator: Comparator::AtMost },
    Phrase { words: &["minimum"], comparator: Comparator::AtLeast },
    Phrase { words: &["over"], comparator: Comparator::MoreThan },
    Phrase { words: &["above"], comparator: Comparator::MoreThan },
    Phrase { words: &["exceeding"], comparator: Comparator::MoreThan },
    Phrase { words: &["exceeds"], comparator: Comparator::MoreThan },
    Phrase { words: &["beyond"], comparator: Comparator::MoreThan },
    Phrase { words: &["under"], comparator: Comparator::LessThan },
    Phrase { words: &["below"], comparator: Comparator::LessThan },
    Phrase { words: &["approximately"], comparator: Comparator::Exactly },
    Phrase { words: &["about"], comparator: Comparator::Exactly },
    Phrase { words: &["around"], comparator: Comparator::Exactly },
    Phrase { words: &["roughly"], comparator: Comparator::Exactly },
    Phrase { words: &["nearly"], comparator: Comparator::Exactly },
];

const AFTER: &[Phrase] = &[
    Phrase { words: &["or", "more"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "longer"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "greater"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "higher"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "above"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "over"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "older"], comparator: Comparator::AtLeast },
    Phrase { words: &["and", "older"], comparator: Comparator::AtLeast },
    Phrase { words: &["and", "over"], comparator: Comparator::AtLeast },
    Phrase { words: &["and", "above"], comparator: Comparator::AtLeast },
    Phrase { words: &["or", "less"], comparator: Comparator::AtMost },
    Phrase { words: &["or", "fewer"], comparator: Comparator::AtMost },
    Phrase { words: &["or", "lower"], comparator: Comparator::AtMost },
    Phrase { words: &["or", "below"], comparator: Comparator::AtMost },
    Phrase { words: &["or", "under"], comparator: Comparator::AtMost },
    Phrase { words: &["or", "younger"], comparator: Comparator::AtMost },
    Phrase { words: &["or", "shorter"], comparator: Comparator::AtMost },
    Phrase { words: &["and", "under"], comparator: Comparator::AtMost },
    Phrase { words: &["and", "below"], comparator: Comparator::AtMost },
    Phrase { words: &["minimum"], comparator: Comparator::AtLeast },
    Phrase { words: &["maximum"], comparator: Comparator::AtMost },
];

/// A comparison phrase ending just before token `number` (`at least 6`, `greater than or equal
/// to 40`), or a sign in the gap before it (`≥ 40`, `>40`, `<= 8`). Returns the comparator and the
/// index of the phrase's first token (`number` itself for a sign).
pub fn comparator_before(tokens: &[Token<'_>], number: usize) -> Option<(Comparator, usize)> {
    let gap = tokens.get(number)?.gap_text;
    if let Some(c) = sign(gap) {
        return Some((c, number));
    }
    for p in BEFORE {
        let n = p.words.len();
        if number < n {
            continue;
        }
        let start = number - n;
        let matches = p.words.iter().enumerate().all(|(k, w)| tokens[start + k].lower == *w);
        let no_break = (start + 1..=number).all(|k| !tokens[k].gap.stop);
        if matches && no_break {
            return Some((p.comparator, start));
        }
    }
    None
}

/// A comparison phrase right after token `end` (`40 or greater`, `6 weeks or more`, `6+`).
/// Returns the comparator and the index of the phrase's last token.
pub fn comparator_after(tokens: &[Token<'_>], end: usize) -> Option<(Comparator, usize)> {
    let t = tokens.get(end)?;
    let plus_attached = t.text.ends_with('+') || tokens.get(end + 1).is_some_and(|n| n.gap_text.starts_with('+'));
    if plus_attached && matches!(t.text.trim_end_matches('+'), "0" | "1" | "2" | "3" | "4") {
        // "IHC 2+", "edema 1+", "pulses 2+": a grade on a 0–4 scale, not "2 or more".
        return Some((Comparator::Exactly, end));
    }
    if plus_attached || tokens.get(end + 1).is_some_and(|n| n.gap_text.trim_start().starts_with('+')) {
        return Some((Comparator::AtLeast, end));
    }
    for p in AFTER {
        let n = p.words.len();
        // "7 days (maximum 1,500 mg per course)": a parenthesis opens another statement; "(or
        // more)" still bounds the value.
        if tokens.get(end + 1).is_some_and(|t| t.gap.open_paren) && p.words[0] != "or" {
            continue;
        }
        let matches = p.words.iter().enumerate().all(|(k, w)| tokens.get(end + 1 + k).is_some_and(|t| t.lower == *w && !t.gap.stop));
        if matches {
            return Some((p.comparator, end + n));
        }
    }
    None
}

/// A comparison sign at the end of a gap: `≥`, `>=`, `=>`, `>`, `≤`, `<=`, `=<`, `<`.
fn sign(gap: &str) -> Option<Comparator> {
    let g = gap.trim_end();
    let g = g.trim_end_matches(['(', '[', ' ', ':']);
    if g.ends_with('≥') || g.ends_with(">=") || g.ends_with("=>") || g.ends_with("⩾") {
        Some(Comparator::AtLeast)
    } else if g.ends_with('≤') || g.ends_with("<=") || g.ends_with("=<") || g.ends_with("⩽") {
        Some(Comparator::AtMost)
    } else if g.ends_with('>') {
        Some(Comparator::MoreThan)
    } else if g.ends_with('<') {
        Some(Comparator::LessThan)
    } else if g.ends_with('~') || g.ends_with('≈') {
        Some(Comparator::Exactly)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preauth::tokens::tokenize;

    #[test]
    fn at_least_accepts_the_bound_more_than_does_not() {
        let six = Interval::from_comparator(Comparator::Exactly, 6.0);
        assert_eq!(judge(&Interval::from_comparator(Comparator::AtLeast, 6.0), &six, 0.0), Outcome::Satisfied);
        assert_eq!(judge(&Interval::from_comparator(Comparator::MoreThan, 6.0), &six, 0.0), Outcome::Violated);
        let over_six = Interval::from_comparator(Comparator::MoreThan, 6.0);
        assert_eq!(judge(&Interval::from_comparator(Comparator::MoreThan, 6.0), &over_six, 0.0), Outcome::Satisfied);
        let over_four = Interval::from_comparator(Comparator::MoreThan, 4.0);
        assert_eq!(judge(&Interval::from_comparator(Comparator::AtLeast, 6.0), &over_four, 0.0), Outcome::Undetermined);
        let under_four = Interval::from_comparator(Comparator::LessThan, 4.0);
        assert_eq!(judge(&Interval::from_comparator(Comparator::AtLeast, 6.0), &under_four, 0.0), Outcome::Violated);
    }

    #[test]
    fn ranges_and_tolerance() {
        let range = Interval::between(35.0, 39.9);
        assert_eq!(judge(&range, &Interval::from_comparator(Comparator::Exactly, 37.0), 0.0), Outcome::Satisfied);
        assert_eq!(judge(&range, &Interval::from_comparator(Comparator::Exactly, 41.0), 0.0), Outcome::Violated);
        // 12 weeks (84 days) against "at least 3 months" (90 days): the same length in other units.
        let three_months = Interval::from_comparator(Comparator::AtLeast, 90.0);
        assert_eq!(judge(&three_months, &Interval::from_comparator(Comparator::Exactly, 84.0), 0.07), Outcome::Satisfied);
        assert_eq!(judge(&three_months, &Interval::from_comparator(Comparator::Exactly, 77.0), 0.07), Outcome::Violated);
        assert_eq!(judge(&Interval::from_comparator(Comparator::MoreThan, 90.0), &Interval::from_comparator(Comparator::Exactly, 84.0), 0.07), Outcome::Violated);
    }

    #[test]
    fn numbers_in_digits_and_words() {
        let t = tokenize("six (6) weeks, twenty-four months, 41.5, a year");
        assert_eq!(number_at(&t, 0, false), Some((6.0, 1)));
        assert_eq!(number_at(&t, 3, false), Some((24.0, 4)));
        assert_eq!(number_at(&t, 6, false), Some((41.5, 6)));
        assert_eq!(number_at(&t, 7, false), None);
        assert_eq!(number_at(&t, 7, true), Some((1.0, 7)));
        let t = tokenize("below 30,000/μL; 6MWT 1,180 ft; ages 5, 600 mg");
        assert_eq!(number_at(&t, 1, false), Some((30000.0, 2)), "thousands with a comma");
        assert_eq!(number_at(&t, 5, false), Some((1180.0, 6)));
        assert_eq!(number_at(&t, 9, false), Some((5.0, 9)), "a list's comma and space is no thousands");
    }

    #[test]
    fn negative_values_keep_their_sign_and_ranges_stay_ranges() {
        let t = tokenize("T-score of -2.5, BMI 35-39.9, T-score: −3.1");
        assert_eq!(number_at(&t, 3, false).map(|n| n.0), Some(-2.5));
        assert_eq!(number_at(&t, 6, false).map(|n| n.0), Some(39.9));
        assert_eq!(number_at(&t, 9, false).map(|n| n.0), Some(-3.1));
    }

    #[test]
    fn comparison_phrases_and_signs() {
        let t = tokenize("BMI greater than or equal to 40");
        assert_eq!(comparator_before(&t, 6), Some((Comparator::AtLeast, 1)));
        let t = tokenize("BMI ≥40 and A1c < 8");
        assert_eq!(comparator_before(&t, 1).map(|c| c.0), Some(Comparator::AtLeast));
        assert_eq!(comparator_before(&t, 4).map(|c| c.0), Some(Comparator::LessThan));
        let t = tokenize("18 years of age or older");
        assert_eq!(comparator_after(&t, 3), Some((Comparator::AtLeast, 5)));
    }
}
