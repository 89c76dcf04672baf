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
//! The sets at the end came from the pre-auth matcher's engine when it was merged in, and say so;
//! its cases and the tagging's were tuned on them.

/// What a trigger decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Negation,
    /// NegEx's third value ("possible", "suspicious for").
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

/// A set of trigger phrases with one kind and reach, and how far and where they reach.
pub(super) struct Rule {
    pub kind: Kind,
    pub reach: Reach,
    pub phrases: &'static [&'static str],
    /// Content words the scope may cover; `None` is the kind's ([`window`]).
    pub window: Option<usize>,
    /// Governs a comma-separated list ("denies fever, chills, night sweats or weight loss"): the
    /// window restarts at each comma.
    pub list: bool,
    /// Where the phrase may stand against a colon.
    pub label: Label,
}

/// Whether a trigger counts when a colon follows it (a field label: "History:", "Plan:").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Anywhere,
    /// Only as a label: "History: pneumonia as a child" is history, "the history suggests
    /// pneumonia" is not.
    Only,
    /// Never as a label: "Plan:" and "Recommendations:" open a field whose items are judged where
    /// labels are read (the pre-auth notes, the tagging's clauses), so a hedging word used as a
    /// label triggers nothing.
    Never,
    /// Only as a field's value: right after a colon, the whole clause ("Vape: no", "Smokeless:
    /// none", "Alcohol: denies"); it reads back over the field's label.
    Value,
}

impl Rule {
    const fn of(kind: Kind, reach: Reach, phrases: &'static [&'static str]) -> Rule {
        Rule { kind, reach, phrases, window: None, list: false, label: Label::Anywhere }
    }
    const fn window(self, window: usize) -> Rule {
        Rule { window: Some(window), ..self }
    }
    const fn list(self) -> Rule {
        Rule { list: true, ..self }
    }
    const fn label(self, label: Label) -> Rule {
        Rule { label, ..self }
    }
}

use Reach::{Backward, Forward};

/// Every trigger set the engine uses: NegEx's and ConText's, the phrases added after reading the
/// physicians' pairs, and the sets the pre-auth matcher's engine brought when the two engines were
/// merged (`*_TREATMENT`, `*_PLANS`, `POSSIBLE_*`), which its cases and the tagging's were tuned on.
pub(super) const RULES: &[Rule] = &[
    Rule::of(Kind::Negation, Forward, PRE_NEGATION),
    Rule::of(Kind::Negation, Forward, PRE_NEGATION_ADDED),
    Rule::of(Kind::Negation, Forward, LIST_NEGATION).list(),
    Rule::of(Kind::Negation, Forward, PRE_NEGATION_TREATMENT).window(3),
    Rule::of(Kind::Negation, Forward, PRE_NEGATION_PREFIX).window(1),
    Rule::of(Kind::Negation, Backward, POST_NEGATION),
    Rule::of(Kind::Negation, Backward, POST_NEGATION_ADDED),
    Rule::of(Kind::Negation, Backward, POST_NEGATION_NOT_DONE).window(3),
    Rule::of(Kind::Negation, Backward, POST_NEGATION_TREATMENT),
    Rule::of(Kind::Negation, Backward, FIELD_NEGATION_VALUES).label(Label::Value),
    Rule::of(Kind::Possible, Forward, POSSIBLE_PRE).label(Label::Never),
    Rule::of(Kind::Possible, Backward, POSSIBLE_POST),
    Rule::of(Kind::Historical, Forward, PRE_HISTORICAL),
    Rule::of(Kind::Historical, Forward, PRE_HISTORICAL_ADDED),
    Rule::of(Kind::Historical, Forward, HISTORY_LABELS).label(Label::Only).list(),
    Rule::of(Kind::Historical, Forward, PRE_HISTORICAL_PREFIX).window(1),
    Rule::of(Kind::Historical, Forward, PRE_HISTORICAL_SPLIT),
    Rule::of(Kind::Historical, Backward, POST_HISTORICAL),
    Rule::of(Kind::Historical, Backward, POST_HISTORICAL_STOPPED).window(3),
    Rule::of(Kind::Historical, Forward, PRE_HISTORICAL_STOPPED).window(3),
    Rule::of(Kind::Hypothetical, Forward, PRE_HYPOTHETICAL),
    Rule::of(Kind::Hypothetical, Forward, PRE_HYPOTHETICAL_ADDED),
    Rule::of(Kind::Hypothetical, Forward, PRE_HYPOTHETICAL_PLANS).window(6).label(Label::Never),
    Rule::of(Kind::Hypothetical, Forward, PRE_HYPOTHETICAL_MODALS).window(4).label(Label::Never),
    Rule::of(Kind::Hypothetical, Forward, PRE_HYPOTHETICAL_REFERRALS).window(3).label(Label::Never),
    Rule::of(Kind::Hypothetical, Backward, POST_HYPOTHETICAL_ORDERS).window(3),
    Rule::of(Kind::Hypothetical, Backward, POST_HYPOTHETICAL_RESULTS).window(8),
    Rule::of(Kind::Hypothetical, Backward, POST_HYPOTHETICAL_DISCUSSED),
    Rule::of(Kind::Experiencer, Forward, PRE_OTHER_EXPERIENCER),
    Rule::of(Kind::Experiencer, Forward, PRE_OTHER_EXPERIENCER_HOUSEHOLD),
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
/// cancer"): the window restarts at each comma. Taken from the pre-auth matcher's engine; a bare
/// "no" follows the comma rule instead ([`stops_at_comma`]), since examination lines mix findings
/// ("no erythema, moderate effusion").
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

/// Added from the pre-auth notes: a test or record said not to exist ("external photographs NOT
/// obtained today", "MRI not done", "visual fields not performed").
pub(super) const POST_NEGATION_NOT_DONE: &[&str] = &[
    "not obtained", "not done", "not performed", "not taken", "not completed", "not yet done", "not yet obtained",
    "not yet performed", "never done", "never performed", "never obtained",
    // A specimen or measurement not taken ("serum specific IgE not drawn", "TSH not checked").
    "not drawn", "not yet drawn", "never drawn", "not sent", "not collected", "not checked", "not measured", "not tested",
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
/// improvement in knee pain" — the pain persists; [`PSEUDO_NEGATION_TREATMENT`] has more).
pub(super) const PSEUDO_NEGATION_ADDED: &[&str] = &[
    "not changed", "has not changed", "have not changed", "whether or not", "no more than",
    "not more than", "no less than", "not less than", "no improvement", "without improvement",
    "not improved", "no relief", "without relief", "no better", "not exceed", "not exceeding", "not exceeded",
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

/// ConText historical triggers (Harkema 2009): the condition follows. ConText's bare "history"
/// counts only as a heading ([`HISTORY_LABELS`]).
pub(super) const PRE_HISTORICAL: &[&str] = &[
    "history of", "hx", "hx of", "h/o", "past history", "past medical history",
    "previous", "previously", "prior", "status post", "s/p", "remote",
];

/// Added after reading the development pairs: history headings the physicians read as history
/// ("Medical history:", "Social history: denies alcohol"), "past", and "known" ("no known drug
/// allergies", "the patient's known baffle" are recorded as history).
pub(super) const PRE_HISTORICAL_ADDED: &[&str] = &[
    "medical history", "past surgical history", "surgical history", "social history", "past", "known",
    "known to have",
    // "resolved (past) HBV infection", "remote resolved pneumonia": over.
    "resolved", "prior resolved",
];

/// ConText historical post-triggers: the condition comes before ("… in the past").
pub(super) const POST_HISTORICAL: &[&str] = &["in the past", "in past", "previously"];

/// Added from the pre-auth notes: a medicine stopped is a past one ("Metoprolol discontinued 2023
/// (switched to amlodipine)", "stopped methotrexate in 2022") — history, which a requirement for a
/// tried medicine still counts and "current use of beta-blockers" does not.
pub(super) const POST_HISTORICAL_STOPPED: &[&str] = &["discontinued", "was discontinued", "stopped", "was stopped", "d/c'd", "dc'd", "weaned off", "tapered off"];
pub(super) const PRE_HISTORICAL_STOPPED: &[&str] = &["discontinued", "stopped", "switched from", "weaned off", "tapered off", "came off"];

/// ConText pseudo-historical phrases: "history" that is not the patient's past (the section
/// "history of present illness", "a two-day history of", history-taking).
pub(super) const PSEUDO_HISTORICAL: &[&str] = &[
    "history of present illness", "history of the present illness", "present illness history", "interval history",
    "interval hx",
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
/// that brings the sentence to now ("history of CAD who presents", "and recent diagnosis of PE");
/// and, from the pre-auth notes, a medicine the patient is on ("PMH: AF - on metoprolol"), which
/// left the physicians' figures unchanged.
pub(super) const TERMINATION_HISTORICAL_ADDED: &[&str] =
    &["who", "admitted", "came in", "comes in", "since", "recent", "recently", "on", "taking"];

/// ConText hypothetical triggers: a condition or a warning. "Rule out" is read as hypothetical
/// (a diagnosis being considered), while "ruled out" is a negation. (The NegEx/ConText physicians
/// labelled "rule out X" recent; the brief for this engine asks for hypothetical, which keeps a
/// suspected condition from counting as established.)
pub(super) const PRE_HYPOTHETICAL: &[&str] = &[
    "if", "in case", "should", "should he", "should she", "should the patient", "should there",
    "return", "returns", "return if", "return for", "come back", "come back for", "as needed",
    "rule out", "r/o", "rule him out", "rule her out", "rule the patient out", "to rule out",
    // Added: "PET/CT … to exclude mediastinal or distant metastases" is a question, like "rule out".
    "to exclude", "and exclude",
];

/// Added: discharge warnings written without "if" ("call for any weight gain", "alert the
/// physician if any of the following are noted: …") and watch-for instructions.
pub(super) const PRE_HYPOTHETICAL_ADDED: &[&str] = &[
    "in the event", "call", "call if", "call for", "alert the", "alert dr", "alert his", "alert her", "prn",
    "watch for", "look for", "monitor for", "any of the following",
];

/// ConText-style pseudo-hypothetical phrases: "if" that asks a question rather than sets a
/// condition ("know if", "unclear if"), "call" that is not an instruction ("on call"), and a
/// hedged finding, which is possible, not hypothetical ("there may be a tiny effusion" — the
/// physicians read it as current).
pub(super) const PSEUDO_HYPOTHETICAL: &[&str] = &[
    "may be", "may represent", "may suggest", "may reflect", "may indicate", "could be", "could represent", "might be",
    "might represent",
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

/// Added from the pre-auth notes: the household, whose treatment is not the patient's ("wife
/// currently receiving cisplatin; pt is her caregiver"). A spouse who reports what the patient
/// does ("wife reports loud snoring") is the informant: see the pseudo phrases below.
pub(super) const PRE_OTHER_EXPERIENCER_HOUSEHOLD: &[&str] = &["wife", "husband", "spouse", "roommate"];

/// ConText pseudo-experiencer phrases: a relative as the informant or company, not the one with
/// the condition.
pub(super) const PSEUDO_OTHER_EXPERIENCER: &[&str] = &[
    "by his mother", "by her mother", "by his father", "by her father", "by his wife", "by her husband",
    "by his son", "by her son", "by his daughter", "by her daughter", "by family", "with family",
    "family at bedside", "family members at bedside", "family meeting", "family was", "family is",
    "spoke with", "discussed with", "per family", "per mother", "per father", "per daughter", "per son",
    "per wife", "per husband", "per spouse", "wife reports", "wife reported", "wife notes", "wife noted", "wife states",
    "wife says", "wife witnessed", "wife witnesses", "wife observes", "wife observed", "wife describes", "wife endorses",
    "husband reports", "husband reported", "husband notes", "husband noted", "husband states", "husband says",
    "husband witnessed", "husband witnesses", "husband observes", "husband observed", "husband describes",
    "spouse reports", "spouse notes", "spouse witnessed", "with husband", "with wife", "with her husband",
    "with his wife", "with spouse", "with her spouse", "with his spouse", "and husband", "and wife",
];

/// ConText experiencer terminations: the sentence returns to the patient ("family history of
/// colon cancer and a personal history of polyps").
pub(super) const TERMINATION_EXPERIENCER: &[&str] = &["patient", "pt", "personal", "personally", "his own", "her own"];

/// The pseudo-triggers of a kind.
pub(super) fn pseudo(kind: Kind) -> &'static [&'static [&'static str]] {
    match kind {
        Kind::Negation => &[PSEUDO_NEGATION, PSEUDO_NEGATION_ADDED, PSEUDO_NEGATION_TREATMENT],
        Kind::Possible => &[],
        Kind::Historical => &[PSEUDO_HISTORICAL, PSEUDO_HISTORICAL_ADDED],
        Kind::Hypothetical => &[PSEUDO_HYPOTHETICAL],
        Kind::Experiencer => &[PSEUDO_OTHER_EXPERIENCER],
    }
}

/// The termination terms of a kind, besides [`TERMINATION_COMMON`].
pub(super) fn termination(kind: Kind) -> &'static [&'static [&'static str]] {
    match kind {
        Kind::Negation | Kind::Possible => &[TERMINATION_NEGATION, TERMINATION_NEGATION_ADDED, TERMINATION_NEGATION_TREATMENT],
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
/// colon is a heading and governs its whole clause (see [`super::scope`]). A scope covers this
/// many content words; the condition may be the last of them.
pub(super) fn window(kind: Kind) -> usize {
    match kind {
        Kind::Negation => 9,
        Kind::Possible => 6,
        Kind::Historical => 11,
        Kind::Hypothetical => 51,
        Kind::Experiencer => 9,
    }
}

/// Whether a plain (not list) trigger of `kind` stops at a comma unless an "or" further on shows
/// the list goes on: "No erythema, moderate effusion" against "No fever, chills, or sweats"; and
/// a backward one at a comma once it has covered a word ("active infection, cultures pending").
/// History and warnings run on over commas ("history of HTN, DM, CAD", "call if fever, chills").
pub(super) fn stops_at_comma(kind: Kind) -> bool {
    matches!(kind, Kind::Negation | Kind::Possible)
}

/// After a comma, a word that starts a new, affirmed finding rather than another item of the list
/// ("no erythema, moderate effusion", "no fever, the knee is swollen"); bare items go on ("no
/// murmurs, rubs, gallops").
pub(super) const NEW_FINDING_AFTER_COMMA: &[&str] = &[
    "mild", "mildly", "moderate", "moderately", "severe", "severely", "marked", "markedly", "small", "large", "trace",
    "minimal", "significant", "some", "positive", "present", "normal", "regular", "soft", "supple", "clear", "good",
    "increased", "decreased", "with", "has", "have", "had", "is", "are", "was", "were", "there", "patient", "pt", "he", "she",
    "the", "a", "an", "but", "and",
];

// The sets the pre-auth matcher's engine brought (formerly `preauth::negation`, then the
// word-by-word reading of this module), tuned on the pre-auth and tagging cases.

/// Treatment not tried or refused ("patient declined chemotherapy", "no longer smokes"), or a
/// device taken out ("extraction of the dual-chamber ICD system"): the few
/// words after it ("refused nitroglycerin for her chest pain" refuses the drug, not the pain).
pub(super) const PRE_NEGATION_TREATMENT: &[&str] = &[
    "declined", "declines", "refused", "refuses", "no longer", "absent",
    // A device taken out is no longer there ("extraction of the ICD system", "explant of the pump").
    "extraction of", "explant of", "explantation of", "removal of",
];

/// "non-steroidal", "non-tender": the prefix negates the word it is joined to.
pub(super) const PRE_NEGATION_PREFIX: &[&str] = &["non"];

/// Treatment not tried, remission, results stated after the finding ("physical therapy not
/// tried", "opioid use disorder in sustained remission", "blood cultures negative").
/// Added: a field answered in the negative ("Vape: no.", "Smokeless: none", "Alcohol: denies").
/// Not "negative": "FIT test: negative" is a test done, with its result.
pub(super) const FIELD_NEGATION_VALUES: &[&str] = &["no", "none", "never", "denies", "denied", "nil", "absent"];

pub(super) const POST_NEGATION_TREATMENT: &[&str] = &[
    "has not been tried", "have not been tried", "has not been started", "was not tried", "not been tried", "not tried",
    "never tried", "not started", "was not attempted", "not been attempted", "not attempted", "not pursued", "not been done",
    "not completed", "not performed", "not done", "not been performed", "not yet performed", "not yet done",
    "not yet been done", "not yet been performed", "not yet tried", "not yet started", "not obtained", "not been obtained",
    "not yet obtained", "in remission", "in sustained remission", "in full remission",
    "in early remission", "negative", "absent", "healed", "denied", "none", "been ruled out",
];

/// NegEx's *possible* phrases (Chapman 2001): the condition is suspected, not established.
pub(super) const POSSIBLE_PRE: &[&str] = &[
    "concern for", "concerning for", "suspicious for", "suspicion of", "question of", "cannot exclude", "possible",
    "possibly", "probable", "probably", "suspected", "suspect", "questionable", "evaluate for", "evaluation for",
    "assess for", "may be", "may represent", "may suggest", "may reflect", "may indicate", "may be causing", "could be",
    "could represent", "might be", "might represent",
];

/// NegEx's post-*possible* phrases: "infection not ruled out" (also pseudo-negations, so they
/// negate nothing).
pub(super) const POSSIBLE_POST: &[&str] = &["not ruled out", "cannot be ruled out", "not been ruled out", "cannot rule out"];

/// History headings, as labels only ("History: alcohol use disorder", "PMH: gout").
pub(super) const HISTORY_LABELS: &[&str] = &["history", "pmh", "medical history"];

/// "h/o" and "s/p" as a tokenizer splits them at the slash.
pub(super) const PRE_HISTORICAL_SPLIT: &[&str] = &["h o", "s p"];

/// "post-infectious arthritis", "post-traumatic": the aftermath of a past condition; "ex-smoker",
/// "ex-drinker": a past habit.
pub(super) const PRE_HISTORICAL_PREFIX: &[&str] = &["post", "ex"];

/// Plans, evaluations and risks as hypothetical ("evaluate for", "candidate for", "plan to",
/// "risks including infection were discussed").
pub(super) const PRE_HYPOTHETICAL_PLANS: &[&str] = &[
    "r o", "in case of", "risk of", "risks of", "at risk", "candidate for",
    "to start", "to begin", "to initiate", "plan to", "risks", "risk", "discussed", "counseled", "unless", "whether",
];

/// Modal and planning words reach a few words ("will start physical therapy").
pub(super) const PRE_HYPOTHETICAL_MODALS: &[&str] = &[
    "will", "would", "could", "may", "might", "plan", "plans", "planning", "recommend", "recommended", "recommends",
    "consider", "considering",
];

/// Referrals and targets are plans ("referral to PT"); "referred to PT" (past) is left alone, as it
/// often precedes "and completed 8 weeks".
pub(super) const PRE_HYPOTHETICAL_REFERRALS: &[&str] = &["goal", "referral to", "referral for", "referral", "refer to", "target"];

/// Orders not yet done: "MRI pending", "cultures ordered".
pub(super) const POST_HYPOTHETICAL_ORDERS: &[&str] = &["pending", "ordered", "to be scheduled", "scheduled"];

/// A result not yet back reads back to the test its clause names ("Repeat QuantiFERON-TB Gold
/// Plus drawn today - result pending").
pub(super) const POST_HYPOTHETICAL_RESULTS: &[&str] = &["result pending", "results pending", "results awaited", "result awaited", "awaiting results", "awaiting result"];

/// "was discussed": what was discussed is not said to happen.
pub(super) const POST_HYPOTHETICAL_DISCUSSED: &[&str] = &["was discussed", "were discussed"];

/// Treatment failure, bounds and attendance: phrases with a negation word that assert something
/// ("no improvement in knee pain" — the pain persists; "did not respond to physical therapy" —
/// therapy was tried; "no more than 2 cm"; "6 monthly visits, none missed").
pub(super) const PSEUDO_NEGATION_TREATMENT: &[&str] = &[
    "not well controlled", "not controlled", "no fewer than", "no greater than", "not to exceed", "with negative", "not improve",
    "not improving", "did not improve", "has not improved", "no significant improvement", "not significantly improved",
    "without lasting relief", "no lasting relief", "no sustained relief", "not relieved", "did not respond",
    "has not responded", "not responded", "not respond", "not responding", "no response", "did not tolerate",
    "not tolerate", "not tolerated", "no benefit", "did not help", "not helped", "not effective", "failed to", "none missed",
    "none were missed", "no visits missed",
];

/// Added with the pre-auth sets: words that end a negation's scope by opening a new, affirmed
/// clause ("denies fever and now reports knee pain", "no fever while on antibiotics").
pub(super) const TERMINATION_NEGATION_TREATMENT: &[&str] =
    &["while", "because", "due", "reported", "complaining", "presented", "remains", "continues", "now"];
