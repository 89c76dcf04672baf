//! The trigger lexicons: which phrases open a scope, which look like triggers but are not, and
//! which end a scope.
//!
//! Written for MediClear from the published method, not copied from an implementation: the
//! negation phrases are the kinds NegEx lists (Chapman et al. 2001, its table of pre-negation,
//! post-negation, pseudo-negation and conjunction phrases, and the GenNegEx 1.2 trigger set
//! distributed with it), the temporal and experiencer phrases the kinds ConText lists (Harkema et
//! al. 2009, tables 1–3). A phrase is lower-case words separated by spaces and matches whole
//! words in order ("s/p" and "r/o" are one word each, see [`super::scope`]). Phrases added after
//! reading the development pairs say so in their group's comment; each is a general clinical
//! phrasing, not a sentence of that file.

/// What a trigger decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Negation,
    Historical,
    Hypothetical,
    Experiencer,
}

/// Which side of the trigger its scope lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// The words after it ("denies fever").
    Forward,
    /// The words before it ("fever was ruled out").
    Backward,
}

/// A set of trigger phrases with one kind and reach.
pub(super) struct Rule {
    pub kind: Kind,
    pub reach: Reach,
    pub phrases: &'static [&'static str],
}

/// Every trigger set the engine uses.
pub(super) const RULES: &[Rule] = &[
    Rule { kind: Kind::Negation, reach: Reach::Forward, phrases: PRE_NEGATION },
    Rule { kind: Kind::Negation, reach: Reach::Forward, phrases: PRE_NEGATION_ADDED },
    Rule { kind: Kind::Negation, reach: Reach::Backward, phrases: POST_NEGATION },
    Rule { kind: Kind::Negation, reach: Reach::Backward, phrases: POST_NEGATION_ADDED },
    Rule { kind: Kind::Historical, reach: Reach::Forward, phrases: PRE_HISTORICAL },
    Rule { kind: Kind::Historical, reach: Reach::Forward, phrases: PRE_HISTORICAL_ADDED },
    Rule { kind: Kind::Historical, reach: Reach::Backward, phrases: POST_HISTORICAL },
    Rule { kind: Kind::Hypothetical, reach: Reach::Forward, phrases: PRE_HYPOTHETICAL },
    Rule { kind: Kind::Hypothetical, reach: Reach::Forward, phrases: PRE_HYPOTHETICAL_ADDED },
    Rule { kind: Kind::Experiencer, reach: Reach::Forward, phrases: PRE_OTHER_EXPERIENCER },
];

/// NegEx pre-negation phrases (Chapman 2001; GenNegEx 1.2 "PREN"): the condition follows.
pub(super) const PRE_NEGATION: &[&str] = &[
    "no", "not", "without", "denies", "denied", "deny", "denying", "negative for", "no evidence of",
    "no evidence", "no new evidence", "no other evidence", "no evidence to suggest", "no findings of",
    "no findings to indicate", "no sign of", "no signs of", "no suggestion of", "no suspicious",
    "no radiographic evidence of", "no mammographic evidence of", "no abnormal", "no complaints of",
    "no cause of", "absence of", "free of", "ruled out", "rules out", "ruled him out", "ruled her out",
    "rules him out", "rules her out", "ruled the patient out", "rules the patient out", "never",
    "never had", "never developed", "not had", "not have", "not appear", "not appreciate",
    "not associated with", "not complain of", "not demonstrate", "not exhibit", "not feel",
    "not know of", "not known to have", "not reveal", "not see", "cannot see", "patient was not",
    "fails to reveal", "unremarkable for", "with no", "without any evidence of", "without evidence",
    "without evidence of", "without indication of", "without sign of", "without signs of",
    "to exclude", "rather than", "nor", "neither", "none", "cannot", "doesn't", "didn't", "don't",
    "isn't", "wasn't", "weren't", "hasn't", "haven't", "can't",
];

/// Added after reading the development pairs: spellings of NegEx's own triggers that clinicians
/// write ("-ve for" for "negative for", "no findings suggesting") and probable-negation phrases
/// ("low suspicion for"), which the physicians labelled negated.
pub(super) const PRE_NEGATION_ADDED: &[&str] = &[
    "-ve for", "low suspicion for", "low suspicion of", "low probability of", "low probability for",
    "no findings suggesting", "no findings suggestive of", "no history of",
];

/// Negations that govern a comma-separated list, as a review of systems writes it ("denies
/// bowel or bladder dysfunction, saddle anesthesia, fever, unexplained weight loss or history of
/// cancer"): the window restarts at each comma. Taken from the pre-auth matcher's reading of
/// NegEx (`crate::preauth::negation`); a bare "no" keeps its window, since examination lines
/// mix findings ("no erythema, moderate effusion").
pub(super) const LIST_NEGATION: &[&str] = &[
    "denies", "denied", "deny", "denying", "negative for", "-ve for", "no evidence of", "no signs of",
    "no sign of", "no history of", "free of", "absence of",
];

/// NegEx post-negation phrases (GenNegEx 1.2 "POST"): the condition comes before.
pub(super) const POST_NEGATION: &[&str] = &[
    "was ruled out", "were ruled out", "is ruled out", "are ruled out", "has been ruled out",
    "have been ruled out", "free", "unlikely", "is unlikely",
];

/// Added: a result or an observation stated after the finding ("fecal occult blood was
/// negative", "vegetations not seen", "no effusion is identified" read backwards), and
/// "resolved" ("his nausea and vomiting resolved"), which the physicians labelled negated.
pub(super) const POST_NEGATION_ADDED: &[&str] = &[
    "was negative", "were negative", "is negative", "are negative", "has been negative",
    "have been negative", "not seen", "not noted", "not identified", "not visualized", "not appreciated",
    "not demonstrated", "not detected", "not present", "not found", "is absent", "are absent",
    "was absent", "were absent", "resolved", "has resolved", "have resolved",
];

/// NegEx pseudo-negations (GenNegEx 1.2 "PSEU"): contain a negation word but negate nothing
/// after them. "Cannot be ruled out" and its kin are NegEx's *possible* phrases, which this
/// engine's two-way negation reads as affirmed.
pub(super) const PSEUDO_NEGATION: &[&str] = &[
    "no increase", "no suspicious change", "no significant change", "no change", "no interval change",
    "no definite change", "no significant interval change", "not extend", "not cause", "not drain",
    "not certain if", "not certain whether", "not necessarily", "not only", "gram negative",
    "without difficulty", "no further", "not rule out", "not ruled out", "not been ruled out",
    "cannot rule out", "cannot be ruled out", "can not be ruled out", "cannot be excluded",
    "cannot exclude", "did not rule out", "not be ruled out", "be ruled out", "being ruled out",
];

/// Added, in the spirit of NegEx's "no change": stability, bounds and failed treatment, which
/// negate nothing after them ("cysts have not changed in size", "no more than 2 cm", "no
/// improvement in knee pain" — the pain persists; the pre-auth matcher reads these the same way).
pub(super) const PSEUDO_NEGATION_ADDED: &[&str] = &[
    "not changed", "has not changed", "have not changed", "whether or not", "no more than",
    "not more than", "no less than", "not less than", "no improvement", "without improvement",
    "not improved", "no relief", "without relief", "no better",
];

/// NegEx conjunctions (termination terms, GenNegEx 1.2 "CONJ") that end every kind of scope,
/// forward or backward; ConText uses the same for all its modifiers.
pub(super) const TERMINATION_COMMON: &[&str] = &[
    "but", "however", "although", "though", "nevertheless", "yet", "except", "apart from",
    "aside from", "still", "whereas",
];

/// NegEx conjunctions that end a negation scope: an explanation starts ("secondary to", "cause
/// of"), or a new clause ("which").
pub(super) const TERMINATION_NEGATION: &[&str] = &[
    "which", "cause of", "cause for", "causes of", "causes for", "etiology of", "etiology for",
    "origin of", "origin for", "origins of", "origins for", "reason for", "reason of", "reasons for",
    "reasons of", "secondary to", "source of", "source for", "sources of", "sources for",
    "trigger event for", "other possibilities of", "involving", "as there are",
];

/// Added after reading the development pairs: clause openers that end a negation as NegEx's
/// "which" does — a relative clause about the patient ("no history of CAD who presents with chest
/// pain"), a new existential clause ("no cyanosis, there is pitting edema") and a verb that
/// affirms what follows (ConText's "presents", "complains"; "denies fever and reports knee
/// pain", "admits to mild nausea").
pub(super) const TERMINATION_NEGATION_ADDED: &[&str] = &[
    "who", "there is", "there are", "there was", "there were", "reports", "complains", "endorses", "admits",
    "presents",
];

/// ConText historical triggers (Harkema 2009): the condition follows.
pub(super) const PRE_HISTORICAL: &[&str] = &[
    "history", "history of", "hx", "hx of", "h/o", "past history", "past medical history",
    "previous", "previously", "prior", "status post", "s/p", "remote",
];

/// Added after reading the development pairs: history headings the physicians read as history
/// ("Medical history:", "Social history: denies alcohol"), "past", and "known" ("no known drug
/// allergies", "the patient's known baffle" are recorded as history).
pub(super) const PRE_HISTORICAL_ADDED: &[&str] = &[
    "medical history", "past surgical history", "surgical history", "social history", "past", "known",
    "known to have",
];

/// ConText historical post-triggers: the condition comes before ("… in the past").
pub(super) const POST_HISTORICAL: &[&str] = &["in the past", "in past", "previously"];

/// ConText pseudo-historical phrases: "history" that is not the patient's past (the section
/// "history of present illness", "a two-day history of", history-taking).
pub(super) const PSEUDO_HISTORICAL: &[&str] = &[
    "history of present illness", "history of the present illness", "present illness history",
    "history and physical", "history and examination", "history taking", "poor history",
    "brief history", "history for", "day history", "days history", "week history", "weeks history",
    "month history", "hour history", "hours history", "history obtained",
];

/// Added: "prior to admission" and "past few days" place a condition just before this visit, and
/// a radiology or pathology request's "Clinical history:" / "Patient history:" heading gives the
/// reason for the study, which the physicians read as current.
pub(super) const PSEUDO_HISTORICAL_ADDED: &[&str] = &[
    "prior to admission", "prior to arrival", "prior to presentation", "prior to this admission",
    "past day", "past week", "past few days", "past several days", "past 24 hours", "past two days",
    "past 2 days", "past month", "clinical history", "patient history",
];

/// ConText historical terminations: the sentence turns to the current presentation.
pub(super) const TERMINATION_HISTORICAL: &[&str] = &[
    "presents", "presenting", "presented", "complains", "complaining", "was found", "states", "reports",
    "currently", "today", "now",
];

/// Added after reading the development pairs, with the same meaning: a relative clause or a word
/// that brings the sentence to now ("history of CAD who presents", "and recent diagnosis of PE").
pub(super) const TERMINATION_HISTORICAL_ADDED: &[&str] =
    &["who", "admitted", "came in", "comes in", "since", "recent", "recently"];

/// ConText hypothetical triggers: a condition or a warning. "Rule out" is read as hypothetical
/// (a diagnosis being considered), while "ruled out" is a negation. (The NegEx/ConText physicians
/// labelled "rule out X" recent; the brief for this engine asks for hypothetical, which keeps a
/// suspected condition from counting as established.)
pub(super) const PRE_HYPOTHETICAL: &[&str] = &[
    "if", "in case", "should", "should he", "should she", "should the patient", "should there",
    "return", "returns", "return if", "return for", "come back", "come back for", "as needed",
    "rule out", "r/o", "rule him out", "rule her out", "rule the patient out", "to rule out",
];

/// Added: discharge warnings written without "if" ("call for any weight gain", "alert the
/// physician if any of the following are noted: …") and watch-for instructions.
pub(super) const PRE_HYPOTHETICAL_ADDED: &[&str] = &[
    "in the event", "call", "call if", "call for", "alert the", "alert dr", "alert his", "alert her", "prn",
    "watch for", "look for", "monitor for", "any of the following",
];

/// ConText-style pseudo-hypothetical phrases: "if" that asks a question rather than sets a
/// condition ("know if", "unclear if"), and "call" that is not an instruction ("on call").
pub(super) const PSEUDO_HYPOTHETICAL: &[&str] = &[
    "know if", "unclear if", "unknown if", "see if", "asked if", "even if", "if negative", "call back",
    "on call",
];

/// ConText hypothetical terminations.
pub(super) const TERMINATION_HYPOTHETICAL: &[&str] = &["because", "since", "otherwise"];

/// ConText "other" experiencer triggers: relatives.
pub(super) const PRE_OTHER_EXPERIENCER: &[&str] = &[
    "family history", "family history of", "family hx", "fhx", "fh", "family", "mother", "father",
    "mom", "dad", "parent", "parents", "brother", "brothers", "sister", "sisters", "sibling",
    "siblings", "son", "sons", "daughter", "daughters", "aunt", "aunts", "uncle", "uncles", "cousin",
    "cousins", "grandmother", "grandfather", "grandparent", "grandparents", "niece", "nephew",
    "maternal", "paternal", "relative", "relatives",
];

/// ConText pseudo-experiencer phrases: a relative as the informant or company, not the one with
/// the condition.
pub(super) const PSEUDO_OTHER_EXPERIENCER: &[&str] = &[
    "by his mother", "by her mother", "by his father", "by her father", "by his wife", "by her husband",
    "by his son", "by her son", "by his daughter", "by her daughter", "by family", "with family",
    "family at bedside", "family members at bedside", "family meeting", "family was", "family is",
    "spoke with", "discussed with", "per family", "per mother", "per father", "per daughter", "per son",
];

/// ConText experiencer terminations: the sentence returns to the patient ("family history of
/// colon cancer and a personal history of polyps").
pub(super) const TERMINATION_EXPERIENCER: &[&str] = &["patient", "pt", "personal", "personally", "his own", "her own"];

/// The pseudo-triggers of a kind.
pub(super) fn pseudo(kind: Kind) -> &'static [&'static [&'static str]] {
    match kind {
        Kind::Negation => &[PSEUDO_NEGATION, PSEUDO_NEGATION_ADDED],
        Kind::Historical => &[PSEUDO_HISTORICAL, PSEUDO_HISTORICAL_ADDED],
        Kind::Hypothetical => &[PSEUDO_HYPOTHETICAL],
        Kind::Experiencer => &[PSEUDO_OTHER_EXPERIENCER],
    }
}

/// The termination terms of a kind, besides [`TERMINATION_COMMON`].
pub(super) fn termination(kind: Kind) -> &'static [&'static [&'static str]] {
    match kind {
        Kind::Negation => &[TERMINATION_NEGATION, TERMINATION_NEGATION_ADDED],
        Kind::Historical => &[TERMINATION_HISTORICAL, TERMINATION_HISTORICAL_ADDED],
        Kind::Hypothetical => &[TERMINATION_HYPOTHETICAL],
        Kind::Experiencer => &[TERMINATION_EXPERIENCER],
    }
}

/// How many content words (not counting function words, see [`crate::text::is_stopword`]) a
/// scope may reach. NegEx used five words; ConText lets a scope run to the end of the sentence.
/// Negation and experiencer keep a NegEx-sized window, widened to eight because one "no" or
/// "denies" governs lists of findings ("denies any orthopnea, lower extremity edema, or calf
/// pain"); on the development pairs 8 to 20 words score alike, 4 to 6 miss list items. History
/// covers a list of past conditions (10; 6 to 40 score alike). Warnings run to the end of their
/// sentence as in ConText ("call if …, …, … or severe depression"). A trigger followed by a
/// colon is a heading and governs its whole clause (see [`super::scope`]).
pub(super) fn window(kind: Kind) -> usize {
    match kind {
        Kind::Negation => 8,
        Kind::Historical => 10,
        Kind::Hypothetical => 50,
        Kind::Experiencer => 8,
    }
}
