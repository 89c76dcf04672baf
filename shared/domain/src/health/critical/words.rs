//! From a message to repaired words, clause and sentence breaks, and sentence parts.

use std::collections::HashMap;

use super::patterns::{COMMA, STOP};
use super::rules::CONTRAST;
use super::Rules;

/// Shorthand and contractions, after apostrophes are dropped.
pub(super) const SHORTHAND: &[(&str, &[&str])] = &[
    ("im", &["i", "am"]), ("ive", &["i", "have"]), ("u", &["you"]), ("ur", &["your"]), ("r", &["are"]), ("youre", &["you", "are"]),
    ("whats", &["what", "is"]), ("its", &["it", "is"]), ("thats", &["that", "is"]), ("hes", &["he", "is"]), ("shes", &["she", "is"]),
    ("theres", &["there", "is"]), ("wat", &["what"]), ("wut", &["what"]), ("wht", &["what"]), ("pls", &["please"]), ("plz", &["please"]),
    ("rn", &["right", "now"]), ("asap", &["now"]), ("b4", &["before"]), ("bc", &["because"]), ("cuz", &["because"]),
    ("coz", &["because"]), ("abt", &["about"]), ("wanna", &["want", "to"]), ("gonna", &["going", "to"]), ("cannot", &["cant"]),
    ("cnt", &["cant"]), ("cn", &["can"]), ("shld", &["should"]), ("dr", &["doctor"]), ("doc", &["doctor"]), ("od", &["overdose"]),
    ("kms", &["kill", "myself"]), ("hr", &["hour"]), ("hrs", &["hours"]), ("mins", &["minutes"]), ("min", &["minutes"]),
    ("yr", &["year"]), ("yrs", &["years"]), ("yday", &["yesterday"]), ("2day", &["today"]), ("tonite", &["tonight"]),
    ("2nite", &["tonight"]), ("idk", &["i", "dont", "know"]), ("tho", &["though"]), ("ppl", &["people"]),
    ("mum", &["mother"]), ("mom", &["mother"]), ("dad", &["father"]), ("heartattack", &["heart", "attack"]),
    ("chestpain", &["chest", "pain"]), ("breathin", &["breathing"]), ("hav", &["have"]), ("w", &["with"]), ("shud", &["should"]),
    ("shd", &["should"]), ("shoud", &["should"]), ("wud", &["would"]), ("cud", &["could"]), ("dubble", &["double"]), ("tite", &["tight"]),
    ("thru", &["through"]), ("nite", &["night"]), ("ya", &["you"]),
    ("bleedin", &["bleeding"]), ("dyin", &["dying"]), ("havin", &["having"]), ("doin", &["doing"]),
];

/// Two words read as one.
pub(super) const JOINED: &[(&str, &str, &str)] = &[
    ("can", "not", "cant"), ("unable", "to", "cant"), ("x", "ray", "xray"), ("a", "e", "ae"), ("epi", "pen", "epipen"),
    ("do", "not", "dont"), ("does", "not", "doesnt"), ("is", "not", "isnt"), ("will", "not", "wont"), ("self", "harm", "selfharm"), ("double", "up", "double"), ("doubling", "up", "doubling"),
    // Phrasal verbs that are errands, not a change of dose ("pick up my ramipril", "bring up my side effects").
    ("pick", "up", "pickup"), ("picked", "up", "pickup"), ("picking", "up", "pickup"), ("top", "up", "topup"),
    ("follow", "up", "followup"), ("set", "up", "setup"), ("sign", "up", "signup"), ("look", "up", "lookup"),
    ("bring", "up", "bringup"), ("fill", "up", "fillup"), ("hepatitis", "a", "hepatitisa"), ("hepatitis", "b", "hepatitisb"),
    ("hepatitis", "c", "hepatitisc"),
];

/// Ordinary English words, and the words of the record and of chat, that are never repaired and
/// compete as repair targets (so "doing" is not taken for "dying", nor "cancel" for "cancer").
pub(super) const ORDINARY: &str = "
    fasting fasted
    about above after again against all almost also always among another answer anyone anything appointment appointments are
    area around ask asked asking away baby back bath because become been before behind being believe best better between big
    body book booked both bought bra break bring brother brought call came cancel cancelled cancelling card care case cause
    change chance charge check checked checkup child children class clear close coming common copy could couldnt count course
    cream date daughter days deal dear decide depth diet different does doing done down dress drive during each early easy eat
    eating else email enough even evening every exam exercise explain fact family feel feels fine first follow food form found
    friday friend from front full gave getting girl give given goes going gone good great group grow guess half hand happen
    happy hard have having head heal hear heard heat hello help here high hold home hope hospital hour hours house however
    husband idea important into itself just keep kind know known large last later least left less letter life like likely
    limp line list little live long look looking lose lost love made make male many mark mask matter maybe mean means meet
    mess might mile mind miss moment monday money month months more morning most mother move much must name near need needs
    never news next nice night normal note notes nothing number often okay older once only open order other over page paid
    paint part past people period person phone place plan please point portal post pull quite quiet rain rather read ready
    real really reason recent refill remind report reports request result results right rush said same saturday saying school
    scan scans second seem seen self sent send service shall shop short shot should show shower side since sister skin sleep
    slip small smart smoking some someone something sometimes soon sort sound speak spelling smelling selling spot staff stand
    star stare start state stay step steps still stitch stitches strike stuff such sugar summer sunday sure take taking talk
    team tell than thank thanks their them then there these they thing things think this those though thought threat through
    thursday time times today told took town tried true trying tuesday turn type under until upload upon used using usual
    very visit wait want wanted wash water week weekend weeks well went were what when where whether which while white whole
    wife will wish with within without woman word words work worried would write wrong year years yesterday your yours
    cooking breeding drying attach couch hunt dance dancer role mode stroll strong strode stroking stored store
    chess wear walk walking talked weekly breadth breast breasts lift lifting lifted raise raised grip
    snow shovel shoveling shovelling garden gardening stairs running jogging swimming cycling
    bother bothering sorry hang hung wild voice lock locked spin puff find finding findings incidental toddler toddlers
    lunch dinner breakfast supper noon midday brunch kind bit board straight stand standing sit sitting lying line walk
    drag dragging dragged dragging fall falls falling drop play playing player send sending hand hands handed land
    band bend bent bond kick kicked kicking lick lucky luck pick picked pack packed park parked pass passed past paste
    wind winding wound wander wonder wondered ward warm warn warned worn worse worst worth cold colder hold holding
    mild milder mile mill fill filled film fold folded field feel feeling felt fell fill fist fit fits fitness fitted
    lost loud lots loose loss hear heard heart hearing weird wired wire tired tiring tire tyre fire hire hired
    weak week weekly wake waking woke woken walk wall wallet waist waste taste tasted toast boast coast cost
    bright brightly sight night light lights tight right fight fright might mighty slight weight height eight
    rush rash crash brush crush fresh flesh flash flush blush bleach beach reach teach peach preach
    pill pills fill kill bill hill till will well bell tell sell cell shell smell spell spill still
    mine mind kind find bind line lane lone lung lunge lunch bunch punch munch hunch
    spinning spitting sitting setting getting letting wetting betting putting cutting hitting fitting
    blank blink bring brink drink drank drunk trunk thank think thin thing things sting stink
    prawns prawn shrimp nuts peanut peanuts allergy allergies mushroom mushrooms berries berry plant plants
    glands gland neck necks ankle ankles knee knees elbow elbows wrist wrists shoulder shoulders
    gibberish nonsense mumble mumbling muttering
    forget forgetting forgot forgotten remember remembering reminder
    corrected correct correction mistake mistaken error wrongly update updated
    teenager teen child kid kids infant baby babies toddler
    unprotected protected protect sweats sweating itchy itching itch swollen

    checking results lump lumps cyst biopsy mammogram ultrasound xray oncologist surgeon nurse clinic insurance referral
    hospital prescription pharmacy refill follow followup recovery healing heals healed weight weigh height healthy health
";

/// Words that also belong to the rules' vocabulary although no pattern names them: forms of the
/// patterns' stems, so a misspelling of them is repaired.
pub(super) const EXTRA_VOCABULARY: &[&str] = &[
    "suicidal", "suicide", "breathing", "breathe", "breath", "breathless", "bleeding", "bleed", "vomiting", "vomit", "seizure",
    "unconscious", "unresponsive", "anaphylaxis", "overdose", "overdosed", "poisoned", "swelling", "swollen", "drooping", "numbness",
    "paralysed", "paralyzed", "slurred", "confused", "disoriented", "metastasized", "spreading", "headache", "faint", "fainted",
    "collapsed", "choking", "chest", "pain", "heart", "attack", "stroke", "dizzy", "dying", "cancer", "tumour", "tumor",
    "malignant", "ibuprofen", "tamoxifen", "emergency", "ambulance", "hospital", "tightness", "pressure", "vision", "blind",
];


// ---------------------------------------------------------------------------------------------
// From text to sentences of repaired words.
// ---------------------------------------------------------------------------------------------

/// The letter without its accent, for the Latin letters of Spanish, Portuguese, French and German.
fn unaccented(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// Whether the bracket at `at` opens or closes an aside of at most two words ("(HSIL)").
fn short_aside(chars: &[char], at: usize) -> bool {
    let is_open = |c: char| matches!(c, '(' | '[');
    let is_close = |c: char| matches!(c, ')' | ']');
    let (start, end) = if is_open(chars[at]) {
        match chars[at + 1..].iter().take(40).position(|&c| is_close(c) || is_open(c)) {
            Some(n) if is_close(chars[at + 1 + n]) => (at + 1, at + 1 + n),
            _ => return false,
        }
    } else {
        match chars[..at].iter().rev().take(40).position(|&c| is_close(c) || is_open(c)) {
            Some(n) if is_open(chars[at - 1 - n]) => (at - n, at),
            _ => return false,
        }
    };
    let inside: String = chars[start..end].iter().collect();
    !inside.contains(',') && inside.split_whitespace().count() <= 2
}

/// The message as words, clause breaks ([`COMMA`]) and sentence breaks ([`STOP`]), repairing
/// typed words with the repairs already made (`repairs`, typed word → repaired word, grown here).
pub(super) fn words_repaired_with(text: &str, rules: &Rules, repairs: &mut HashMap<String, String>) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = text.chars().collect();
    // Never two breaks in a row, nor one first; a sentence break replaces a clause break.
    let push_break = |raw: &mut Vec<String>, brk: &str| match raw.last().map(String::as_str) {
        None | Some(STOP) => {}
        Some(COMMA) if brk == STOP => {
            raw.pop();
            raw.push(STOP.to_string());
        }
        Some(COMMA) => {}
        Some(_) => raw.push(brk.to_string()),
    };
    let mut quoted = false;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() {
            // Accents folded, so Spanish, Portuguese and French words match however they are
            // typed ("cáncer" and "cancer", "não" and "nao").
            word.extend(c.to_lowercase().map(unaccented));
            continue;
        }
        let joins = match c {
            '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => !word.is_empty() && next.is_some_and(char::is_alphanumeric),
            '&' => prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric),
            '.' | ',' => prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if joins {
            if c == '.' || c == ',' {
                word.push('.');
            }
            continue;
        }
        if !word.is_empty() {
            raw.push(std::mem::take(&mut word));
        }
        let abbreviation = matches!(raw.last().map(String::as_str), Some("dr" | "mr" | "mrs" | "ms" | "st" | "vs" | "eg" | "ie" | "etc" | "approx"));
        match c {
            '.' if abbreviation => {}
            '.' | '?' | '!' | ';' | '\n' | '\r' => push_break(&mut raw, STOP),
            // Quotation marks are not breaks: a quoted word belongs to its sentence ("my chest
            // feels \"squeezed\"").
            // A bracketed aside of a word or two belongs to its clause ("is my pap result (HSIL)
            // cancer"); a longer one is a clause of its own ("my partner (68, had a bypass in
            // 2015) says…"). A dash between spaces outside quotes is a break ("atypical cells - is
            // it malignant"; not "\"suicidal ideation - resolved\"").
            ',' | ':' | '\u{2014}' | '\u{2013}' | '\u{2026}' => push_break(&mut raw, COMMA),
            '(' | ')' | '[' | ']' if !short_aside(&chars, i) => push_break(&mut raw, COMMA),
            '-' if !quoted && prev.is_some_and(char::is_whitespace) && next.is_some_and(char::is_whitespace) => push_break(&mut raw, COMMA),
            '"' | '\u{201c}' | '\u{201d}' => quoted = !quoted,
            _ => {}
        }
    }
    if !word.is_empty() {
        raw.push(word);
    }

    let mut expanded: Vec<String> = Vec::with_capacity(raw.len());
    for token in raw {
        if let Some((_, replacement)) = SHORTHAND.iter().find(|(short, _)| *short == token) {
            expanded.extend(replacement.iter().map(|w| w.to_string()));
            continue;
        }
        let repaired = match repairs.get(&token) {
            Some(known) => known.clone(),
            None => {
                let fixed = repair(&token, rules).map_or_else(|| token.clone(), str::to_string);
                repairs.insert(token, fixed.clone());
                fixed
            }
        };
        expanded.push(repaired);
    }

    let mut joined: Vec<String> = Vec::with_capacity(expanded.len());
    for token in expanded {
        let merged = joined.last().and_then(|last| {
            JOINED.iter().find(|(first, second, _)| last == first && token == *second).map(|(_, _, one)| one.to_string())
        });
        match merged {
            Some(one) => {
                joined.pop();
                joined.push(one);
            }
            None => joined.push(token),
        }
    }
    joined
}

/// The rule word `word` is a misspelling of, if it is one.
pub(super) fn repair(word: &str, rules: &Rules) -> Option<&'static str> {
    let length = word.chars().count();
    if !(4..=24).contains(&length) || rules.known.contains(word) || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let budget = if length >= 7 { 2 * EDIT } else { EDIT };
    let letters: Vec<char> = word.chars().collect();
    let [first, second, ..] = letters[..] else { return None };
    let same_start = rules.targets.get(&first).into_iter().flatten();
    let swapped_start = rules.targets.get(&second).into_iter().flatten().filter(|(target, _)| target.chars().nth(1) == Some(first));
    let mut best: Option<(u32, &'static str, bool)> = None;
    for &(target, is_rule_word) in same_start.chain(swapped_start) {
        if target.len().abs_diff(length) > 2 {
            continue;
        }
        let cost = distance(&letters, target, budget);
        if cost > budget {
            continue;
        }
        // A tie goes to the ordinary word: repairing towards a rule is the riskier choice.
        let better = match best {
            None => true,
            Some((best_cost, _, best_is_rule)) => cost < best_cost || (cost == best_cost && best_is_rule && !is_rule_word),
        };
        if better {
            best = Some((cost, target, is_rule_word));
        }
    }
    // A known word with an ending ("locked", "spinning", "puffing") is a word of its own, not a typo
    // of a rule word with another stem ("looked", "spitting", "puking"); a misspelt ending of the same
    // stem ("vomitting", "closeing", "slured") is still repaired.
    let stems = inflected_stems(word, rules);
    best.filter(|(_, target, is_rule_word)| *is_rule_word && (stems.is_empty() || stems.iter().any(|stem| target.starts_with(stem))))
        .map(|(_, target, _)| target)
}

/// The stems (less a final "e") of the known words `word` inflects: "locked" → "lock", "hoping" →
/// "hop", "slipped" → "slip", "toddlers" → "toddler".
fn inflected_stems(word: &str, rules: &Rules) -> Vec<String> {
    const SUFFIXES: &[&str] = &["ing", "ed", "es", "s", "d", "er", "ers", "ly", "y"];
    let mut stems = Vec::new();
    for stem in SUFFIXES.iter().filter_map(|suffix| word.strip_suffix(suffix)).filter(|stem| stem.len() >= 3) {
        let doubled = stem.len() >= 4 && stem.as_bytes().last() == stem.as_bytes().get(stem.len() - 2);
        let single = stem.get(..stem.len() - 1).filter(|_| doubled);
        if rules.known.contains(stem) || rules.known.contains(format!("{stem}e").as_str()) {
            stems.push(stem.trim_end_matches('e').to_string());
        } else if let Some(single) = single.filter(|single| rules.known.contains(single)) {
            stems.push(single.to_string());
        }
    }
    stems
}

/// The cost of one substitution or one extra letter; a missing letter costs a little less and a
/// swap of neighbours less still (the commonest typos: "brething", "chset").
pub(crate) const EDIT: u32 = 10;
pub(super) const MISSING: u32 = 9;
pub(super) const SWAP: u32 = 8;

/// The longest word [`distance`] compares (repair reads words of at most 24 letters, and targets
/// within two letters of them); longer ones are never within budget.
const LONGEST: usize = 31;

/// Weighted optimal-string-alignment distance from the typed word to `target`, giving up (with a
/// cost above `budget`) once no alignment can stay within it. Works on the stack: it runs for
/// every unknown word against every repair target of its first letter (and the chat answer reads
/// a misspelt question word with it, `health::chat::answer`).
pub(crate) fn distance(typed: &[char], target: &str, budget: u32) -> u32 {
    let mut letters = ['\0'; LONGEST];
    let mut m = 0;
    for c in target.chars() {
        if m == LONGEST {
            return budget + 1;
        }
        letters[m] = c;
        m += 1;
    }
    let target = &letters[..m];
    let n = typed.len();
    if n >= LONGEST {
        return budget + 1;
    }
    let mut rows = [[0u32; LONGEST + 1]; LONGEST + 1];
    for (j, cell) in rows[0][..=m].iter_mut().enumerate() {
        *cell = j as u32 * MISSING;
    }
    for i in 1..=n {
        rows[i][0] = i as u32 * EDIT;
        let mut row_min = rows[i][0];
        for j in 1..=m {
            let substitution = rows[i - 1][j - 1] + if typed[i - 1] == target[j - 1] { 0 } else { EDIT };
            let extra = rows[i - 1][j] + EDIT;
            let missing = rows[i][j - 1] + MISSING;
            let mut cost = substitution.min(extra).min(missing);
            if i > 1 && j > 1 && typed[i - 1] == target[j - 2] && typed[i - 2] == target[j - 1] {
                cost = cost.min(rows[i - 2][j - 2] + SWAP);
            }
            rows[i][j] = cost;
            row_min = row_min.min(cost);
        }
        if row_min > budget {
            return budget + 1;
        }
    }
    rows[n][m]
}

/// A sentence, or the part of one between contrasting words ("but"), with its clause numbers.
pub(super) struct Segment {
    pub(super) words: Vec<String>,
    pub(super) clause: Vec<usize>,
}

pub(super) fn segments(words: &[String]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut finish = |current: &mut Vec<String>| {
        while current.last().is_some_and(|w| w == COMMA) {
            current.pop();
        }
        let start = current.iter().position(|w| w != COMMA).unwrap_or(current.len());
        let kept: Vec<String> = current.drain(..).skip(start).collect();
        if !kept.is_empty() {
            let mut clause = Vec::with_capacity(kept.len());
            let mut number = 0;
            for word in &kept {
                if word == COMMA {
                    number += 1;
                }
                clause.push(number);
            }
            out.push(Segment { words: kept, clause });
        }
    };
    for word in words {
        if word == STOP || CONTRAST.contains(&word.as_str()) {
            finish(&mut current);
        } else {
            current.push(word.clone());
        }
    }
    finish(&mut current);
    out
}
