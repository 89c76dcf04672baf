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
//!
//! The sets of the word-by-word reading (`WORD_*`, at the end) came from the pre-auth matcher's
//! engine with that reading and keep its tuning; see [`super::words`].

/// What a trigger decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Negation,
    /// NegEx's third value ("possible", "suspicious for"); only the word-by-word reading
    /// ([`WORD_RULES`]) has triggers for it.
    Possible,
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
/// cancer"): the window restarts at each comma. Taken from the word-by-word reading
/// ([`WORD_RULES`], formerly the pre-auth matcher's own engine); a bare "no" keeps its window, since examination lines
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
/// improvement in knee pain" — the pain persists; the word-by-word reading's [`WORD_PSEUDO`] has these
/// and more).
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
        Kind::Possible => &[],
        Kind::Historical => &[PSEUDO_HISTORICAL, PSEUDO_HISTORICAL_ADDED],
        Kind::Hypothetical => &[PSEUDO_HYPOTHETICAL],
        Kind::Experiencer => &[PSEUDO_OTHER_EXPERIENCER],
    }
}

/// The termination terms of a kind, besides [`TERMINATION_COMMON`].
pub(super) fn termination(kind: Kind) -> &'static [&'static [&'static str]] {
    match kind {
        Kind::Negation => &[TERMINATION_NEGATION, TERMINATION_NEGATION_ADDED],
        Kind::Possible => &[],
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
        Kind::Possible => 0,
        Kind::Historical => 10,
        Kind::Hypothetical => 50,
        Kind::Experiencer => 8,
    }
}

// The word-by-word reading (`super::words`), which the pre-auth matcher and the marker tagging
// run over their own tokens. Its sets came with it from the pre-auth matcher's engine and were
// tuned on the pre-auth and tagging cases: a trigger table with a window per trigger rather than
// per kind, one pseudo-trigger list for every kind, one termination list.

/// A trigger of the word-by-word reading.
pub(super) struct WordRule {
    pub kind: Kind,
    pub reach: Reach,
    /// Content words the scope may cover.
    pub window: usize,
    /// Governs a comma-separated list ("denies fever, chills, night sweats or weight loss"): the
    /// window restarts at each comma.
    pub list: bool,
    /// Lower-case words separated by spaces, as the tokenizer splits them ("r/o" is "r o").
    pub phrase: &'static str,
    /// Triggers only as a field label, right before a colon ("History: alcohol use disorder").
    pub label_only: bool,
}

const fn fwd(phrase: &'static str, kind: Kind) -> WordRule {
    WordRule { kind, reach: Reach::Forward, window: 6, list: false, phrase, label_only: false }
}
const fn list(phrase: &'static str, kind: Kind) -> WordRule {
    WordRule { kind, reach: Reach::Forward, window: 6, list: true, phrase, label_only: false }
}
const fn back(phrase: &'static str, kind: Kind) -> WordRule {
    WordRule { kind, reach: Reach::Backward, window: 6, list: false, phrase, label_only: false }
}
const fn near(phrase: &'static str, kind: Kind, window: usize) -> WordRule {
    WordRule { kind, reach: Reach::Forward, window, list: false, phrase, label_only: false }
}
/// A heading that dates what it introduces: "History: …", "PMH: …".
const fn label(phrase: &'static str, kind: Kind) -> WordRule {
    WordRule { kind, reach: Reach::Forward, window: 6, list: true, phrase, label_only: true }
}
const fn near_back(phrase: &'static str, kind: Kind, window: usize) -> WordRule {
    WordRule { kind, reach: Reach::Backward, window, list: false, phrase, label_only: false }
}

use Kind::{Experiencer, Historical, Hypothetical, Negation, Possible};

/// The word-by-word triggers: NegEx's negations (Chapman 2001), with the pre-auth additions for
/// treatment not tried ("physical therapy not tried", "has not been started") and disease in
/// remission; ConText's hypothetical, historical and experiencer triggers (Harkema 2009), with
/// plans, orders and referrals as hypothetical ("will start", "MRI pending", "referral to PT");
/// history headings ("History:", "PMH:", only as labels), "past history" and the aftermath prefix
/// "post-" ("post-infectious arthritis") as historical, so a remote, treated condition does not
/// read as a present one;
/// NegEx's *possible* phrases ("possible", "suspicious for", "cannot exclude") as [`Kind::Possible`].
/// The longest trigger at a word wins across kinds, so "no history of" wins over "no".
pub(super) const WORD_RULES: &[WordRule] = &[
    // Negation, pre.
    list("no evidence of", Negation),
    list("no signs of", Negation),
    list("no sign of", Negation),
    list("no history of", Negation),
    list("no hx of", Negation),
    fwd("no findings of", Negation),
    fwd("no suggestion of", Negation),
    list("negative for", Negation),
    list("absence of", Negation),
    list("free of", Negation),
    fwd("ruled out", Negation),
    fwd("rules out", Negation),
    fwd("did not", Negation),
    fwd("does not", Negation),
    fwd("do not", Negation),
    fwd("has not", Negation),
    fwd("have not", Negation),
    fwd("had not", Negation),
    fwd("is not", Negation),
    fwd("was not", Negation),
    fwd("no longer", Negation),
    fwd("not had", Negation),
    fwd("never had", Negation),
    fwd("no", Negation),
    fwd("not", Negation),
    fwd("without", Negation),
    list("denies", Negation),
    list("denied", Negation),
    list("deny", Negation),
    list("denying", Negation),
    fwd("never", Negation),
    fwd("none", Negation),
    fwd("neither", Negation),
    fwd("nor", Negation),
    fwd("declined", Negation),
    fwd("declines", Negation),
    fwd("refused", Negation),
    fwd("refuses", Negation),
    fwd("cannot", Negation),
    fwd("absent", Negation),
    near("non", Negation, 1),
    // Negation, post.
    back("was ruled out", Negation),
    back("were ruled out", Negation),
    back("is ruled out", Negation),
    back("been ruled out", Negation),
    back("has not been tried", Negation),
    back("have not been tried", Negation),
    back("has not been started", Negation),
    back("was not tried", Negation),
    back("not been tried", Negation),
    back("not tried", Negation),
    back("never tried", Negation),
    back("not started", Negation),
    back("was not attempted", Negation),
    back("not been attempted", Negation),
    back("not attempted", Negation),
    back("not pursued", Negation),
    back("not been done", Negation),
    back("not completed", Negation),
    back("not performed", Negation),
    back("not done", Negation),
    back("not seen", Negation),
    back("not present", Negation),
    back("not found", Negation),
    back("not identified", Negation),
    back("not detected", Negation),
    back("not demonstrated", Negation),
    back("not noted", Negation),
    back("in remission", Negation),
    back("negative", Negation),
    back("absent", Negation),
    back("resolved", Negation),
    back("healed", Negation),
    back("free", Negation),
    back("denied", Negation),
    back("none", Negation),
    // Possible and hypothetical, pre.
    fwd("rule out", Hypothetical),
    fwd("r o", Hypothetical),
    fwd("evaluate for", Hypothetical),
    fwd("evaluation for", Hypothetical),
    fwd("assess for", Hypothetical),
    fwd("concern for", Possible),
    fwd("concerning for", Possible),
    fwd("suspicious for", Possible),
    fwd("suspicion of", Possible),
    fwd("question of", Possible),
    fwd("in case of", Hypothetical),
    fwd("return if", Hypothetical),
    fwd("monitor for", Hypothetical),
    fwd("watch for", Hypothetical),
    fwd("risk of", Hypothetical),
    fwd("risks of", Hypothetical),
    fwd("at risk", Hypothetical),
    fwd("cannot exclude", Possible),
    fwd("candidate for", Hypothetical),
    fwd("to start", Hypothetical),
    fwd("to begin", Hypothetical),
    fwd("to initiate", Hypothetical),
    fwd("plan to", Hypothetical),
    fwd("possible", Possible),
    fwd("possibly", Possible),
    fwd("probable", Possible),
    fwd("probably", Possible),
    fwd("suspected", Possible),
    fwd("suspect", Possible),
    fwd("questionable", Possible),
    fwd("risks", Hypothetical),
    fwd("risk", Hypothetical),
    fwd("discussed", Hypothetical),
    fwd("counseled", Hypothetical),
    fwd("if", Hypothetical),
    fwd("unless", Hypothetical),
    fwd("whether", Hypothetical),
    near("will", Hypothetical, 4),
    near("would", Hypothetical, 4),
    near("could", Hypothetical, 4),
    near("should", Hypothetical, 4),
    near("may", Hypothetical, 4),
    near("might", Hypothetical, 4),
    near("plan", Hypothetical, 4),
    near("plans", Hypothetical, 4),
    near("planning", Hypothetical, 4),
    near("recommend", Hypothetical, 4),
    near("recommended", Hypothetical, 4),
    near("recommends", Hypothetical, 4),
    near("consider", Hypothetical, 4),
    near("considering", Hypothetical, 4),
    near("goal", Hypothetical, 3),
    // A referral is a plan; "referred to PT" (past) is left alone, as it often precedes "and
    // completed 8 weeks".
    near("referral to", Hypothetical, 3),
    near("referral for", Hypothetical, 3),
    near("referral", Hypothetical, 3),
    near("refer to", Hypothetical, 3),
    near("target", Hypothetical, 3),
    // Hypothetical, post: "MRI pending", "cultures pending" — the few words before.
    near_back("pending", Hypothetical, 3),
    near_back("ordered", Hypothetical, 3),
    near_back("to be scheduled", Hypothetical, 3),
    near_back("scheduled", Hypothetical, 3),
    back("unlikely", Possible),
    back("was discussed", Hypothetical),
    back("were discussed", Hypothetical),
    back("not ruled out", Possible),
    // Other experiencer.
    fwd("family history of", Experiencer),
    fwd("family history", Experiencer),
    fwd("fhx", Experiencer),
    fwd("fh", Experiencer),
    fwd("mother", Experiencer),
    fwd("father", Experiencer),
    fwd("sister", Experiencer),
    fwd("brother", Experiencer),
    fwd("sibling", Experiencer),
    fwd("grandmother", Experiencer),
    fwd("grandfather", Experiencer),
    fwd("maternal", Experiencer),
    fwd("paternal", Experiencer),
    // Historical.
    fwd("history of", Historical),
    fwd("hx of", Historical),
    fwd("h o", Historical),
    fwd("status post", Historical),
    fwd("s p", Historical),
    fwd("remote", Historical),
    // "post-infectious arthritis", "post-traumatic": the aftermath of a past condition.
    near("post", Historical, 1),
    fwd("past history", Historical),
    fwd("past medical history", Historical),
    label("history", Historical),
    label("pmh", Historical),
    label("medical history", Historical),
    // Remission and abstinence date the condition they follow.
    back("in sustained remission", Negation),
    back("in full remission", Negation),
    back("in early remission", Negation),
    near("prior", Historical, 3),
    near("previous", Historical, 3),
    near("previously", Historical, 3),
];

/// Phrases that contain a trigger but trigger nothing, for every kind (NegEx pseudo-negations
/// and the pre-auth additions). Treatment-failure phrases ("no improvement", "did not respond",
/// "without relief") are here because they assert that therapy failed, which is what a policy's
/// "failed conservative therapy" asks for; bounds ("no more than") state a limit.
pub(super) const WORD_PSEUDO: &[&str] = &[
    "no change", "no significant change", "no interval change", "not only", "no further",
    "not necessarily", "no increase", "gram negative", "whether or not", "not well controlled",
    "not controlled", "no more than", "not more than", "no less than", "not less than", "no fewer than",
    "no greater than", "not to exceed", "no improvement", "without improvement", "not improved",
    "not improve", "not improving", "did not improve", "has not improved", "no significant improvement",
    "not significantly improved", "no relief", "without relief", "without lasting relief",
    "no lasting relief", "no sustained relief", "not relieved", "did not respond", "has not responded",
    "not responded", "not respond", "not responding", "no response", "did not tolerate", "not tolerate",
    "not tolerated", "no benefit", "did not help", "not helped", "no better", "not effective", "failed to",
    "cannot be ruled out", "not been ruled out", "not ruled out", "cannot rule out",
    // "6 monthly visits, none missed": every visit attended.
    "none missed", "none were missed", "no visits missed",
];

/// The pseudo-triggers of [`WORD_PSEUDO`] that are NegEx *possible* phrases: the words before
/// them are possible ("infection not ruled out").
pub(super) const WORD_POSSIBLE_POST: &[&str] = &[
    "cannot be ruled out", "not been ruled out", "not ruled out", "cannot rule out",
];

/// Words that end any word-by-word scope: NegEx termination terms, and verbs that open a new,
/// affirmed clause ("denies fever and reports knee pain").
pub(super) const WORD_TERMINATION: &[&str] = &[
    "but", "however", "although", "though", "except", "apart", "aside", "yet", "whereas", "which", "who", "while",
    "still", "nevertheless", "nonetheless", "because", "due", "secondary", "reports", "reported", "complains",
    "complaining", "endorses", "presents", "presented", "remains", "continues", "now",
];
