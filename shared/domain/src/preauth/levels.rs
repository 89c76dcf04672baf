//! Spinal levels: a limit on the request ("No more than two facet joint levels are treated in
//! one session") against the levels the notes plan ("Plan: Right L4-5 and L5-S1 medial branch
//! RFA", "bilateral L4-S1 RFA", "L3-4 and L4-5"). A level is the segment between two adjacent
//! vertebrae; "L4-S1" is two of them (L4-5 and L5-S1).

/// A vertebra's place from the top: C1–C7, T1–T12, L1–L5, S1.
fn vertebra(letter: char, n: u32) -> Option<u32> {
    match letter.to_ascii_uppercase() {
        'C' if (1..=7).contains(&n) => Some(n),
        'T' if (1..=12).contains(&n) => Some(7 + n),
        'L' if (1..=5).contains(&n) => Some(19 + n),
        'S' if n == 1 => Some(25),
        _ => None,
    }
}

/// The segments a text names, each as the upper vertebra's place: "L4-5" → [L4], "L4-S1" →
/// [L4, L5], "C5-C7" → [C5, C6].
pub fn segments(text: &str) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let number = |from: usize| -> Option<(u32, usize)> {
        let digits: String = chars[from..].iter().take_while(|c| c.is_ascii_digit()).take(2).collect();
        digits.parse().ok().map(|n| (n, from + digits.len()))
    };
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts_word && matches!(chars[i], 'C' | 'T' | 'L' | 'S') {
            if let Some((n1, after)) = number(i + 1) {
                let mut j = after;
                if j < chars.len() && matches!(chars[j], '-' | '–' | '/') {
                    j += 1;
                    let letter = if j < chars.len() && matches!(chars[j], 'C' | 'T' | 'L' | 'S') {
                        j += 1;
                        chars[j - 1]
                    } else {
                        chars[i]
                    };
                    if let (Some(a), Some((n2, end))) = (vertebra(chars[i], n1), number(j)) {
                        let ends_word = end >= chars.len() || !chars[end].is_alphanumeric();
                        if let (Some(b), true) = (vertebra(letter, n2), ends_word) {
                            if a < b && b - a <= 6 {
                                out.extend(a..b);
                            }
                            i = end;
                            continue;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The most levels a requirement allows: "No more than two facet joint levels …", "at most 2
/// spinal levels", "a maximum of three levels".
pub fn at_most_levels(content: &str) -> Option<u32> {
    let lower = content.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let count = |w: &str| match w {
        "one" | "1" => Some(1),
        "two" | "2" => Some(2),
        "three" | "3" => Some(3),
        "four" | "4" => Some(4),
        _ => None,
    };
    for (k, w) in words.iter().enumerate() {
        let limit = (matches!(*w, "more") && k >= 1 && matches!(words[k - 1], "no" | "not") && words.get(k + 1) == Some(&"than"))
            || (*w == "most" && k >= 1 && words[k - 1] == "at")
            || (*w == "maximum" && words.get(k + 1) == Some(&"of"));
        if !limit {
            continue;
        }
        let at = if *w == "most" { k + 1 } else { k + 2 };
        let Some(n) = words.get(at).and_then(|w| count(w)) else { continue };
        if words.iter().skip(at + 1).take(4).any(|w| matches!(*w, "level" | "levels" | "segment" | "segments")) {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_named_in_notes() {
        assert_eq!(segments("Plan: Right L4-5 and L5-S1 medial branch RFA").len(), 2);
        assert_eq!(segments("Bilat L4-S1 RFA 8/14/23").len(), 2);
        assert_eq!(segments("bilateral L3-4 and L4-5 thermal RFA (L2, L3, L4 MB bilat)").len(), 2);
        assert_eq!(segments("L4-5/L5-S1").len(), 2);
        assert_eq!(segments("ACDF C5-C7").len(), 2);
        assert!(segments("CPT 64635-50, Lot 4-5, 2024-05-01").is_empty());
    }

    #[test]
    fn limits_on_levels() {
        assert_eq!(at_most_levels("No more than two facet joint levels (unilateral or bilateral) are treated in one session."), Some(2));
        assert_eq!(at_most_levels("At most 3 spinal levels"), Some(3));
        assert_eq!(at_most_levels("No more than 4 sessions per spinal region"), None);
    }
}
