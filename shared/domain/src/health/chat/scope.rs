//! What a patient's records cannot answer, whatever sentences look alike: checks on the question
//! and on each candidate sentence that run before any sentence is chosen (see
//! [`super::answer`]'s module doc, "Out of scope").
//!
//! - **General knowledge** — how a medicine or treatment works, what is true "in general", whether
//!   something runs in families, which foods help, and what something is, causes or means when
//!   the question says nothing of the patient ("what causes MS in the first place", "how much
//!   weight should you gain"), and a patient's yes/no question that speaks neither of them nor of
//!   a record ([`asks_general_yes_no`]: "do herniated discs shrink on their own", "are peanuts
//!   actually a nut"): the records are about this patient, and the chat never adds general
//!   medical knowledge, so such a question is "not in your records".
//! - **A relative** — "does my sister have MS too", "has my daughter been tested", "has my little
//!   brother got it": answered only by a sentence naming that relative (a family history), never
//!   by the patient's own findings.
//! - **A cost, a time of day, a telephone number** — answered only by a sentence giving one (an
//!   amount of money; a clock time or "morning", "at night"; a number of nine digits or more;
//!   "the number for the crisis line" asks for a telephone number).
//! - **An organ, an antibody class, a disease** ([`specific_words`]) that no retrieved sentence,
//!   title or glossary meaning holds: the records retrieved are about something else.
//! - **Someone else's test or visit** — "my wife's blood pressure", "my sister's mammogram": the
//!   records are the patient's own. (A relative's *condition* may be in the patient's family
//!   history, so "my mother's breast cancer" is still looked for.)
//! - **A named test the records do not hold** — a question naming a kind of test, scan, procedure
//!   or vaccine ("biopsy", "MRI", "shingles vaccine"; since 2026-12-06 also holter and heart
//!   monitors, angiograms, PET, EEG, EMG and nerve conduction, gastroscopy, cystoscopy, colposcopy,
//!   sleep studies, genetic and BRCA tests, dialysis, PSA, INR, B12, ferritin, TSH, HIV, hearing,
//!   allergy and stool tests, and the MMR, RSV, meningitis, chickenpox, polio, BCG, typhoid, rabies
//!   and yellow fever vaccines) is answered only by a sentence naming that
//!   kind; when no retrieved sentence does, the records do not answer it, however close the
//!   other results read.
//! - **A year** — a question about a year ("my LDL in 2019") is answered only by a sentence that
//!   names that year or comes from a document of that year; "before 2023", "after 2022" and
//!   "since 2022" bound the documents' years instead.
//! - **A month** — likewise, a question about a month ("my potassium in June", "the tablet they
//!   added in feb") is answered only by a sentence that names that month or comes from a document
//!   dated in it. "May" and "March" count as months only after "in", "on", "during", "since",
//!   "from", "last", "this", "early", "late" or "mid", or before a year or a day; a month's name
//!   misspelt ("febuary", "novemeber") is that month.
//! - **A named medicine the records do not hold** — a question naming a medicine by its generic
//!   name (a word of an INN stem: "oxycodone", "apixaban", "rosuvastatin") that no retrieved
//!   sentence or document title names (allowing a typo past its sixth letter) is about a medicine
//!   the records do not mention; so is one naming a common medicine without such a stem
//!   ("methotrexate", "warfarin", "levodopa"), by its British or American name ("paracetamol" is
//!   found as "acetaminophen"). Brand names are not judged: records write the generic name.
//! - **A part of the body** — a question about a scan, X-ray or biopsy of a part ("my thyroid
//!   ultrasound", "the MRI of my shoulder") is not answered when no retrieved sentence or title
//!   names that part ("thyroid", "neck"; "renal" for the kidneys, "echo" for the heart …): the
//!   imaging the records hold is of something else.
//! - **A side** — a question about one side ("my left knee") is not answered by a sentence about
//!   the other side only ("X-ray R knee", "MRI RIGHT KNEE").

use chrono::{Datelike, NaiveDate};

use crate::health::critical::vocabulary::{has_disease_shape, has_drug_shape};
use crate::text::words;

/// Lower-cased words of `text`, apostrophes kept ("wife's").
fn lower_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.text.to_lowercase().replace('’', "'")).collect()
}

/// Whether `words` holds the phrase `phrase`: space-separated words, where `*` alone is any one
/// word and a trailing `*` ends a prefix ("how does * work", "x ray*").
fn has_phrase(words: &[String], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words.windows(parts.len()).any(|w| {
        w.iter().zip(&parts).all(|(word, part)| match part.strip_suffix('*') {
            Some("") => true,
            Some(prefix) => word.starts_with(prefix),
            None => word == part,
        })
    })
}

/// Question frames that ask for general knowledge rather than what the records say.
const GENERAL: &[&str] = &[
    "how does * work", "how do * work", "how does * * work", "how do * * work", "in general", "generally", "in most people",
    "passed down", "run in families", "runs in families", "hereditary", "contagious", "which foods", "what foods",
    "foods that", "how common is", "how common are", "why do people", "what is the normal", "what's the normal",
];

/// Present-tense frames that ask what something is, means or does in general — general knowledge
/// when the question says nothing of the patient ("what actually is gluten", "what causes MS in
/// the first place", "what does Breslow thickness mean", "how long does levodopa stay in your
/// body"); with "my" or "I", a doctor's "her" or "the patient", or a word of a record ("latest",
/// "result", "level") they ask about the patient's own record ("what is her latest HbA1c").
const IMPERSONAL: &[&str] = &[
    "what is", "what are", "what's", "whats", "what actually is", "what exactly is", "what causes", "what cause", "what does * mean",
    "what does * * mean", "what does * * * mean", "what do * mean", "what do * * mean", "why does", "why do", "why is", "why are",
    "how long does", "how long do", "how does", "how do", "how is", "how are", "half life", "half-life", "in your body",
    // The impersonal "you" ("how much weight should you gain"; "can you …" addresses the assistant).
    "should you", "do you",
];

/// Words with which a question speaks of the patient as a doctor does, or of now ("what is her
/// latest HbA1c", "what is it today"), and "id" ("I'd" typed without its apostrophe); with
/// [`FIRST_PERSON`] and [`RECORD_WORDS`], the words that make a present-tense question about the
/// patient's own record ("what is the latest eGFR").
const THIRD_PERSON_OR_NOW: &[&str] =
    &["id", "patient", "patient's", "pt", "she", "he", "her", "his", "him", "they", "their", "them", "now", "today"];

/// Whether the question speaks of the patient or of a record of theirs.
fn personal(words: &[String]) -> bool {
    words.iter().any(|w| [FIRST_PERSON, RECORD_WORDS, THIRD_PERSON_OR_NOW].iter().any(|list| list.contains(&w.as_str())))
}

/// Whether the question asks for general knowledge.
pub fn asks_general_knowledge(question: &str) -> bool {
    let words = lower_words(question);
    GENERAL.iter().any(|frame| has_phrase(&words, frame))
        || !personal(&words) && IMPERSONAL.iter().any(|frame| has_phrase(&words, frame))
}

/// Words opening a yes/no question.
const YES_NO: &[&str] = &["can", "could", "do", "does", "is", "are", "will", "would", "should"];

/// Whether a patient's yes/no question asks about things in general: it opens with "do",
/// "can", "is" … and speaks neither of the patient (a patient asking about their records says
/// "I", "my", "me") nor of a record ("do herniated discs shrink on their own", "can wet macular
/// degeneration make you go blind", "are peanuts actually a nut"). A doctor's question speaks of
/// the patient in the third person ("is the LDL at goal"), so this reading is for patients only.
pub fn asks_general_yes_no(question: &str) -> bool {
    let words = lower_words(question);
    words.first().is_some_and(|w| YES_NO.contains(&w.as_str()))
        && !words.iter().any(|w| [FIRST_PERSON, RECORD_WORDS, RECORD_KINDS].iter().any(|list| list.contains(&w.as_str())))
}

/// The patient in the first person.
const FIRST_PERSON: &[&str] =
    &["i", "my", "me", "mine", "myself", "i'm", "im", "i've", "ive", "i'd", "i'll", "we", "our", "us"];
/// Words naming a record or its contents.
const RECORD_WORDS: &[&str] = &[
    "latest", "last", "recent", "recently", "current", "currently", "result", "results", "report", "reading", "readings",
    "level", "score", "dose", "value", "count",
];
/// A test or scan named without "my": a yes/no question naming one asks about the patient's ("was
/// the scan normal").
const RECORD_KINDS: &[&str] = &["test", "scan"];

const RELATIVES: &[&str] = &[
    "wife", "husband", "partner", "sister", "brother", "mother", "mum", "mom", "father", "dad", "son", "daughter", "friend",
    "child", "kid", "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "cousin", "neighbour", "neighbor",
    "sisters", "brothers", "mothers", "fathers", "wifes", "husbands", "moms", "mums", "dads",
];

/// A test, visit or reading — what only that person's own records hold.
const PERSONAL_ITEMS: &[&str] = &[
    "test", "tests", "result", "results", "scan", "scans", "mammogram", "xray", "x-ray", "mri", "ct", "ultrasound", "biopsy",
    "blood", "pressure", "bp", "cholesterol", "sugar", "checkup", "check-up", "surgery", "operation", "appointment", "visit",
    "medication", "medications", "medicine", "dose", "vaccine", "vaccination", "labs", "report", "ecg", "echo", "knee", "hip",
];

/// Whether the question asks about someone else's test, reading or visit ("my wife's blood
/// pressure", "my sisters mammogram", "what did my brothers knee surgery involve").
pub fn asks_about_someone_else(question: &str) -> bool {
    let words = lower_words(question);
    words.windows(2).enumerate().any(|(i, w)| {
        let base = w[1].trim_end_matches("'s").trim_end_matches('\'');
        let possessive = base.len() < w[1].len() || RELATIVES.contains(&base) && base.ends_with('s');
        w[0] == "my" && RELATIVES.contains(&base) && possessive && words[i + 2..].iter().take(4).any(|next| PERSONAL_ITEMS.contains(&next.as_str()))
    })
}

/// Organs (and vessels and parts of the eye), and the antibody classes a test is named by: words a
/// record writes as they are when it speaks of them.
const SPECIFIC: &[&str] = &[
    "heart", "thyroid", "kidney", "kidneys", "liver", "lung", "lungs", "bowel", "bladder", "prostate", "eye", "eyes", "brain",
    "ovary", "ovaries", "womb", "uterus", "pancreas", "gallbladder", "spleen", "stomach", "oesophagus", "esophagus", "colon",
    "igg", "iga", "igm", "ige", "carotid", "cornea", "retina", "appendix", "adrenal", "pituitary", "cervix", "testicle",
    "testicles", "tonsils",
];

/// The words of a question that a record answering it would hold as they are (or as a glossary
/// meaning of its terms: "kidney" in what "eGFR" means): organs, antibody classes, and disease
/// names by their shape ("-itis", "-oma", "-osis"). When no retrieved sentence, title or meaning
/// holds one of them, the records retrieved are about something else ("did they check my eyes"
/// in a skin patient's records, "my TTG IgG" where only IgA was tested).
pub fn specific_words(question: &str) -> Vec<String> {
    lower_words(question).into_iter().filter(|w| SPECIFIC.contains(&w.as_str()) || has_disease_shape(w)).collect()
}

/// Relatives a question may ask about, each with the words a record names them by (a family
/// history writes "mother", "mum", "maternal"; a postnatal note "baby").
const RELATIVE_WORDS: &[(&[&str], &[&str])] = &[
    (&["mother", "mum", "mom", "mam", "mummy", "mommy"], &["mother", "mum", "mom", "maternal", "mothers", "parent", "parents", "mother's"]),
    (&["father", "dad", "daddy"], &["father", "dad", "paternal", "fathers", "parent", "parents", "father's"]),
    (&["sister", "sisters"], &["sister", "sisters", "sibling", "siblings", "sister's"]),
    (&["brother", "brothers"], &["brother", "brothers", "sibling", "siblings", "brother's"]),
    (&["son", "sons", "daughter", "daughters", "child", "children", "kid", "kids", "baby"], &["son", "sons", "daughter", "daughters", "child", "children", "baby", "infant", "newborn", "son's", "daughter's", "fetal", "fetus", "foetal", "foetus", "efw"]),
    (&["wife", "husband", "partner", "spouse"], &["wife", "husband", "partner", "spouse", "wife's", "husband's", "partner's"]),
    (&["grandmother", "grandfather", "grandma", "grandpa", "granny", "nan", "nana"], &["grandmother", "grandfather", "grandparent", "grandparents"]),
    (&["aunt", "uncle", "cousin", "cousins"], &["aunt", "uncle", "cousin", "cousins"]),
];

/// Verbs after which "my <relative>" is who the question asks about ("has my daughter been
/// tested", "does my sister have it too", "did my father ever have melanoma").
const ASKING_VERBS: &[&str] = &["has", "have", "does", "do", "did", "is", "was", "will", "could", "can", "should", "would"];

/// The words a record would name the relative with when the question asks about a relative
/// ("does my sister have MS too"), and nothing otherwise. Only sentences naming the relative can
/// answer it: the records are the patient's, and what they say of a relative they say by name
/// (a family history).
pub fn relative_asked(question: &str) -> Option<&'static [&'static str]> {
    // "has my little brother got …": a word saying which one is left out.
    let words: Vec<String> = lower_words(question).into_iter().filter(|w| !WHICH_RELATIVE.contains(&w.as_str())).collect();
    words.windows(3).find_map(|w| {
        (ASKING_VERBS.contains(&w[0].as_str()) && w[1] == "my")
            .then(|| RELATIVE_WORDS.iter().find(|(asked, _)| asked.contains(&w[2].trim_end_matches("'s"))))
            .flatten()
            .map(|(_, recorded)| *recorded)
    })
}

/// Words saying which relative: "my little brother", "my older sister", "my twin".
const WHICH_RELATIVE: &[&str] = &["little", "big", "younger", "older", "elder", "eldest", "youngest", "twin", "step", "half"];

/// Whether a sentence names the relative a question asks about (`recorded`, from [`relative_asked`]).
pub fn names_relative(recorded: &[&str], sentence: &str) -> bool {
    lower_words(sentence).iter().any(|w| recorded.contains(&w.as_str()))
}

/// Details a question may ask for that only a sentence of that shape gives: a cost, a time of
/// day, a telephone number. A question asking "what time is my next appointment" is not answered
/// by the appointment's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Cost,
    TimeOfDay,
    Phone,
}

/// The detail a question asks for, if it asks for one of [`Detail`].
pub fn detail_asked(question: &str) -> Option<Detail> {
    let words = lower_words(question);
    let has = |frames: &[&str]| frames.iter().any(|f| has_phrase(&words, f));
    if has(&["cost", "costs", "price", "how much * pay", "how much * charge", "how much did * cost", "how much does * cost", "how much do * cost"]) {
        Some(Detail::Cost)
    } else if has(&["what time", "time of day", "which time", "what hour", "morning or *", "* or evening", "* or night"]) {
        Some(Detail::TimeOfDay)
    } else if has(&["phone number", "telephone number", "phone no", "contact number", "number to call", "mobile number", "the number for"]) {
        Some(Detail::Phone)
    } else {
        None
    }
}

/// Whether a sentence gives the detail asked: an amount of money, a time of day, a telephone
/// number.
pub fn gives_detail(detail: Detail, sentence: &str) -> bool {
    let words = lower_words(sentence);
    match detail {
        Detail::Cost => {
            sentence.contains(['$', '£', '€'])
                || words.iter().any(|w| matches!(w.as_str(), "cost" | "costs" | "price" | "copay" | "co-pay" | "fee" | "fees" | "charge" | "charged" | "dollars" | "pounds"))
        }
        Detail::TimeOfDay => {
            let clock = sentence.as_bytes().windows(4).any(|w| w[0].is_ascii_digit() && matches!(w[1], b':' | b'.') && w[2].is_ascii_digit() && w[3].is_ascii_digit() || w[1].is_ascii_digit() && matches!(w[2], b':') && w[3].is_ascii_digit());
            clock
                || words.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "am" | "pm" | "a.m" | "p.m" | "morning" | "mornings" | "evening" | "evenings" | "night" | "nightly" | "bedtime"
                            | "noon" | "midday" | "afternoon" | "breakfast" | "lunch" | "dinner" | "supper" | "mane" | "nocte" | "qhs" | "qam" | "qpm"
                            | "o'clock"
                    )
                })
        }
        Detail::Phone => {
            let mut run = 0;
            let mut longest = 0;
            for c in sentence.chars() {
                if c.is_ascii_digit() {
                    run += 1;
                    longest = longest.max(run);
                } else if !matches!(c, ' ' | '-' | '(' | ')' | '.') {
                    run = 0;
                }
            }
            longest >= 9 || words.iter().any(|w| matches!(w.as_str(), "tel" | "phone" | "telephone" | "call" | "ext" | "extension")) && sentence.chars().filter(char::is_ascii_digit).count() >= 6
        }
    }
}

/// Kinds of test, scan, procedure and vaccine, each with the words that name it in records.
const KINDS: &[(&str, &[&str])] = &[
    ("biopsy", &["biopsy", "biopsies", "core", "fna", "histology", "pathology"]),
    ("mri", &["mri", "magnetic", "mra", "mrcp"]),
    ("ct", &["ct", "cat", "computed", "ctpa", "cta", "ctca"]),
    ("x-ray", &["x-ray", "xray", "radiograph", "radiographs", "radiography", "cxr", "film", "films"]),
    ("ultrasound", &["ultrasound", "sonogram", "sonography", "us", "echo", "doppler", "duplex", "tvus", "usg"]),
    ("mammogram", &["mammogram", "mammography", "mammographic", "tomosynthesis"]),
    ("colonoscopy", &["colonoscopy", "endoscopy", "sigmoidoscopy"]),
    ("ecg", &["ecg", "ekg", "electrocardiogram"]),
    ("echocardiogram", &["echocardiogram", "echo", "tte", "tee", "echocardiography"]),
    ("dexa", &["dexa", "dxa", "densitometry", "t-score"]),
    ("shingles", &["shingles", "zoster", "shingrix"]),
    ("pneumonia", &["pneumonia", "pneumococcal", "pcv20", "pcv15", "ppsv23", "pcv13"]),
    ("hpv", &["hpv", "gardasil", "papillomavirus"]),
    ("tetanus", &["tetanus", "tdap", "td", "dtap"]),
    ("hepatitis", &["hepatitis", "hep", "engerix"]),
    ("flu", &["flu", "influenza"]),
    ("covid", &["covid", "covid-19", "sars-cov-2", "coronavirus"]),
    ("pap", &["pap", "smear", "cytology", "cervical"]),
    ("stress", &["stress", "treadmill", "exercise"]),
    ("spirometry", &["spirometry", "fev1", "pft", "pfts"]),
    ("holter", &["holter", "ambulatory", "monitor", "monitoring"]),
    ("angiogram", &["angiogram", "angiography", "angioplasty", "catheterisation", "catheterization", "cath", "pci"]),
    ("pet", &["pet", "fdg"]),
    ("eeg", &["eeg", "electroencephalogram", "electroencephalography"]),
    ("emg", &["emg", "electromyography", "ncs", "conduction"]),
    ("gastroscopy", &["gastroscopy", "endoscopy", "ogd", "egd", "oesophagogastroduodenoscopy"]),
    ("cystoscopy", &["cystoscopy"]),
    ("colposcopy", &["colposcopy", "lletz", "leep"]),
    ("sleep", &["polysomnography", "psg", "ahi", "oximetry", "sleep"]),
    ("genetic", &["genetic", "gene", "genes", "brca", "brca1", "brca2", "genomic", "germline", "panel"]),
    ("dialysis", &["dialysis", "haemodialysis", "hemodialysis"]),
    ("psa", &["psa"]),
    ("inr", &["inr"]),
    ("b12", &["b12", "cobalamin"]),
    ("ferritin", &["ferritin"]),
    ("tsh", &["tsh", "thyrotropin"]),
    ("hiv", &["hiv"]),
    ("audiogram", &["audiogram", "audiometry", "audiology", "hearing"]),
    ("allergy", &["allergy", "allergen", "prick", "ige", "rast"]),
    ("stool", &["stool", "faecal", "fecal", "calprotectin", "fit"]),
    ("mmr", &["mmr", "measles"]),
    ("rsv", &["rsv", "arexvy", "abrysvo"]),
    ("meningitis", &["meningococcal", "menacwy", "menb", "meningitis"]),
    ("chickenpox", &["varicella", "chickenpox", "varivax"]),
    ("polio", &["polio", "ipv"]),
    ("bcg", &["bcg"]),
    ("typhoid", &["typhoid"]),
    ("rabies", &["rabies"]),
    ("yellow", &["yellow"]),
];

/// Words of a question that name a kind, and how a question names them ("breast MRI", "x ray").
fn kinds_named(words: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, (name, _)) in KINDS.iter().enumerate() {
        let named = match *name {
            "x-ray" => words.iter().any(|w| matches!(w.as_str(), "x-ray" | "xray" | "x-rays" | "xrays")) || has_phrase(words, "x ray*"),
            "stress" => has_phrase(words, "stress test*"),
            "pap" => has_phrase(words, "pap*") || has_phrase(words, "smear test*"),
            "flu" => has_phrase(words, "flu shot*") || has_phrase(words, "flu vacc*") || has_phrase(words, "flu jab*"),
            "covid" => words.iter().any(|w| w.starts_with("covid")) && words.iter().any(|w| w.starts_with("vacc") || w.starts_with("booster") || w == "jab" || w == "shot"),
            "pneumonia" | "shingles" | "hpv" | "tetanus" | "hepatitis" => {
                words.iter().any(|w| w == name) && words.iter().any(|w| w.starts_with("vacc") || w == "jab" || w == "shot" || w.starts_with("immuni"))
            }
            "ct" => words.iter().any(|w| w == "ct" || w == "cat") && words.iter().any(|w| w.starts_with("scan")) || has_phrase(words, "ct *"),
            "holter" => words.iter().any(|w| w == "holter") || has_phrase(words, "heart monitor*") || has_phrase(words, "24 hour monitor*"),
            "angiogram" => words.iter().any(|w| w.starts_with("angiogra")),
            "pet" => has_phrase(words, "pet scan*") || has_phrase(words, "pet ct"),
            "emg" => words.iter().any(|w| w == "emg") || has_phrase(words, "nerve conduction*"),
            "gastroscopy" => words.iter().any(|w| w == "gastroscopy" || w == "endoscopy" || w == "ogd" || w == "egd"),
            "sleep" => has_phrase(words, "sleep stud*") || has_phrase(words, "sleep test*") || words.iter().any(|w| w == "polysomnography"),
            "genetic" => words.iter().any(|w| w.starts_with("brca")) || has_phrase(words, "genetic test*") || has_phrase(words, "gene test*"),
            "dialysis" => words.iter().any(|w| w.ends_with("dialysis")),
            "hiv" => has_phrase(words, "hiv test*") || has_phrase(words, "hiv result*"),
            "audiogram" => words.iter().any(|w| w.starts_with("audiogram")) || has_phrase(words, "hearing test*"),
            "allergy" => has_phrase(words, "allergy test*") || has_phrase(words, "skin prick*"),
            "stool" => has_phrase(words, "stool test*") || has_phrase(words, "stool sample*") || has_phrase(words, "fit test*"),
            "mmr" | "rsv" | "meningitis" | "chickenpox" | "polio" | "bcg" | "typhoid" | "rabies" | "yellow" => {
                let vaccine = words.iter().any(|w| w.starts_with("vacc") || w == "jab" || w == "shot" || w.starts_with("immuni") || w == "booster");
                vaccine && (words.iter().any(|w| w == name) || (*name == "yellow" && has_phrase(words, "yellow fever")))
            }
            "ultrasound" => words.iter().any(|w| w == "ultrasound" || w == "sonogram"),
            "echocardiogram" => words.iter().any(|w| w == "echocardiogram" || w == "echo"),
            _ => words.iter().any(|w| w == name || w.starts_with(&format!("{name}s"))),
        };
        if named {
            out.push(k);
        }
    }
    out
}

/// Whether `words` name kind `k` as records write it.
fn names_kind(k: usize, words: &[String]) -> bool {
    let (_, names) = KINDS[k];
    words.iter().any(|w| names.contains(&w.as_str()) || names.iter().any(|n| n.len() >= 5 && w.starts_with(n)))
}

/// The kinds of test a question names that none of `sentences` names: the records retrieved do
/// not hold that test.
pub fn missing_kinds(question: &str, sentences: &[&str]) -> Vec<&'static str> {
    let sentence_words: Vec<Vec<String>> = sentences.iter().map(|s| lower_words(s)).collect();
    kinds_named(&lower_words(question)).into_iter().filter(|&k| !sentence_words.iter().any(|ws| names_kind(k, ws))).map(|k| KINDS[k].0).collect()
}

/// The medicines a question names by generic name ([`has_drug_shape`]) that none of `sentences`
/// (each with its document's title) names, a typo past the sixth letter forgiven: the records
/// retrieved do not mention them.
pub fn missing_medicines(question: &str, sentences: &[String]) -> Vec<String> {
    let named: Vec<String> = lower_words(question).into_iter().filter(|w| has_drug_shape(w) || COMMON_GENERICS.contains(&w.as_str()) || generic_of(w).is_some()).collect();
    if named.is_empty() {
        return named;
    }
    let written: Vec<Vec<String>> = sentences.iter().map(|s| lower_words(s)).collect();
    named
        .into_iter()
        .filter(|medicine| {
            let names = match generic_of(medicine) {
                Some(generic) => vec![medicine.as_str(), generic],
                None => SAME_MEDICINE.iter().find(|pair| pair.contains(&medicine.as_str())).map_or(vec![medicine.as_str()], |pair| pair.to_vec()),
            };
            !names.iter().any(|name| {
                let stem: String = name.chars().take(6).collect();
                written.iter().flatten().any(|w| w == name || (w.len() >= 7 && w.starts_with(&stem)))
            })
        })
        .collect()
}

/// Whether a sentence's words name a medicine: a generic name by its INN stem or from
/// [`COMMON_GENERICS`], or a dose ("10mg", "5 mg").
pub fn names_a_medicine(sentence: &str) -> bool {
    // ("bictegravir/emtricitabine/TAF": each name of a combination.)
    let words: Vec<String> = lower_words(sentence).iter().flat_map(|w| w.split(['/', '-', '+']).map(str::to_string).collect::<Vec<_>>()).filter(|w| !w.is_empty()).collect();
    let unit = |w: &str| matches!(w, "mg" | "mcg" | "ug" | "g" | "ml" | "units" | "iu" | "micrograms" | "milligrams" | "puffs");
    // (A dose's unit stands alone: "2.1 ug/L" is a concentration.)
    let whole = lower_words(sentence);
    words.iter().any(|w| has_drug_shape(w) || COMMON_GENERICS.contains(&w.as_str()) || crate::health::critical::vocabulary::is_dose(w))
        || whole.windows(2).any(|p| p[0].parse::<f32>().is_ok() && unit(&p[1]))
}

/// Common medicines whose generic names have no INN stem ([`has_drug_shape`] cannot tell them):
/// a question naming one that no retrieved sentence names asks about a medicine the records do
/// not mention.
const COMMON_GENERICS: &[&str] = &[
    // Chemotherapy regimens, named by their medicines' initials.
    "capox", "xelox", "folfox", "folfiri", "folfirinox", "abvd", "beacopp", "escbeacopp",
    "methotrexate", "warfarin", "levothyroxine", "hydroxychloroquine", "allopurinol", "colchicine", "tamoxifen", "lithium",
    "digoxin", "amiodarone", "spironolactone", "eplerenone", "levodopa", "carbidopa", "sertraline", "citalopram", "escitalopram",
    "mirtazapine", "venlafaxine", "trazodone", "tramadol", "codeine", "morphine", "paracetamol", "acetaminophen", "naproxen",
    "ticagrelor", "azathioprine", "mycophenolate", "tacrolimus", "ciclosporin", "cyclosporine", "sulfasalazine",
    "mesalazine", "mesalamine", "leflunomide", "prednisone", "prednisolone", "hydrocortisone", "nitrofurantoin", "trimethoprim",
    "metronidazole", "clarithromycin", "doxycycline", "isotretinoin", "finasteride", "tamsulosin", "oxybutynin", "mirabegron",
    "sumatriptan", "topiramate", "valproate", "carbamazepine", "levetiracetam", "phenytoin", "baclofen", "diazepam", "zopiclone",
    "melatonin", "quetiapine", "olanzapine", "risperidone", "aripiprazole", "clozapine", "haloperidol", "methylphenidate",
    "ondansetron", "domperidone", "metoclopramide", "loperamide", "lactulose", "senna", "omeprazole", "lansoprazole", "ranitidine",
    "famotidine", "cetirizine", "loratadine", "fexofenadine", "montelukast", "salbutamol", "albuterol", "tiotropium",
    "budesonide", "fluticasone", "beclometasone", "clopidogrel", "heparin", "enoxaparin", "dabigatran", "glargine",
    "gliclazide", "sitagliptin", "pioglitazone", "ezetimibe", "fenofibrate", "bendroflumethiazide", "indapamide", "doxazosin",
    "hydralazine", "nifedipine", "diltiazem", "verapamil", "ivabradine", "sacubitril", "ranolazine", "nicorandil", "alendronate",
    "risedronate", "denosumab", "raloxifene", "teriparatide", "estradiol", "progesterone", "norethisterone", "letrozole",
    "anastrozole", "testosterone", "terbinafine", "aciclovir", "acyclovir", "valaciclovir", "oseltamivir", "rifampicin",
    "isoniazid", "ivermectin", "permethrin", "gabapentin", "pregabalin", "amitriptyline", "nortriptyline", "duloxetine",
    "fluoxetine", "paroxetine", "bupropion", "varenicline", "naltrexone", "buprenorphine", "methadone", "oxycodone",
];

/// Common brand names and the generic name records may use instead ("Plaquenil" is
/// hydroxychloroquine, "Ocrevus" ocrelizumab): a question may name either.
const BRAND_NAMES: &[(&str, &str)] = &[
    ("plaquenil", "hydroxychloroquine"), ("ocrevus", "ocrelizumab"), ("humira", "adalimumab"), ("enbrel", "etanercept"),
    ("remicade", "infliximab"), ("stelara", "ustekinumab"), ("keytruda", "pembrolizumab"), ("opdivo", "nivolumab"),
    ("herceptin", "trastuzumab"), ("avastin", "bevacizumab"), ("rituxan", "rituximab"), ("gilenya", "fingolimod"),
    ("copaxone", "glatiramer"), ("tysabri", "natalizumab"), ("kesimpta", "ofatumumab"), ("tecfidera", "fumarate"),
    ("biktarvy", "bictegravir"), ("truvada", "emtricitabine"), ("descovy", "emtricitabine"), ("atripla", "efavirenz"),
    ("triumeq", "dolutegravir"), ("genvoya", "elvitegravir"), ("lipitor", "atorvastatin"), ("crestor", "rosuvastatin"),
    ("zocor", "simvastatin"), ("norvasc", "amlodipine"), ("zestril", "lisinopril"), ("prinivil", "lisinopril"),
    ("lasix", "furosemide"), ("coumadin", "warfarin"), ("eliquis", "apixaban"), ("xarelto", "rivaroxaban"),
    ("plavix", "clopidogrel"), ("synthroid", "levothyroxine"), ("eltroxin", "levothyroxine"), ("glucophage", "metformin"),
    ("januvia", "sitagliptin"), ("jardiance", "empagliflozin"), ("farxiga", "dapagliflozin"), ("forxiga", "dapagliflozin"),
    ("ozempic", "semaglutide"), ("wegovy", "semaglutide"), ("trulicity", "dulaglutide"), ("victoza", "liraglutide"),
    ("mounjaro", "tirzepatide"), ("lantus", "glargine"), ("humalog", "lispro"), ("novorapid", "aspart"),
    ("ventolin", "salbutamol"), ("symbicort", "budesonide"), ("advair", "fluticasone"), ("seretide", "fluticasone"),
    ("spiriva", "tiotropium"), ("singulair", "montelukast"), ("nexium", "esomeprazole"), ("prilosec", "omeprazole"),
    ("losec", "omeprazole"), ("tylenol", "acetaminophen"), ("panadol", "paracetamol"), ("advil", "ibuprofen"),
    ("nurofen", "ibuprofen"), ("motrin", "ibuprofen"), ("aleve", "naproxen"), ("zoloft", "sertraline"),
    ("prozac", "fluoxetine"), ("lexapro", "escitalopram"), ("cipralex", "escitalopram"), ("celexa", "citalopram"),
    ("wellbutrin", "bupropion"), ("effexor", "venlafaxine"), ("cymbalta", "duloxetine"), ("xanax", "alprazolam"),
    ("valium", "diazepam"), ("ativan", "lorazepam"), ("ritalin", "methylphenidate"), ("concerta", "methylphenidate"),
    ("vyvanse", "lisdexamfetamine"), ("lyrica", "pregabalin"), ("neurontin", "gabapentin"), ("keppra", "levetiracetam"),
    ("lamictal", "lamotrigine"), ("tegretol", "carbamazepine"), ("depakote", "valproate"), ("epilim", "valproate"),
    ("sinemet", "levodopa"), ("madopar", "levodopa"), ("azilect", "rasagiline"), ("mirapex", "pramipexole"),
    ("requip", "ropinirole"), ("fosamax", "alendronate"), ("prolia", "denosumab"), ("evista", "raloxifene"),
    ("forteo", "teriparatide"), ("arimidex", "anastrozole"), ("femara", "letrozole"), ("nolvadex", "tamoxifen"),
    ("accutane", "isotretinoin"), ("roaccutane", "isotretinoin"), ("valtrex", "valacyclovir"), ("tamiflu", "oseltamivir"),
    ("augmentin", "amoxicillin"), ("zithromax", "azithromycin"), ("cipro", "ciprofloxacin"), ("keflex", "cephalexin"),
    ("bactrim", "trimethoprim"), ("flagyl", "metronidazole"), ("medrol", "methylprednisolone"), ("solumedrol", "methylprednisolone"),
    ("decadron", "dexamethasone"), ("imuran", "azathioprine"), ("cellcept", "mycophenolate"), ("prograf", "tacrolimus"),
    ("arava", "leflunomide"), ("otezla", "apremilast"), ("xeljanz", "tofacitinib"), ("rinvoq", "upadacitinib"),
    ("olumiant", "baricitinib"), ("dupixent", "dupilumab"), ("xolair", "omalizumab"), ("nucala", "mepolizumab"),
    ("fasenra", "benralizumab"), ("entresto", "sacubitril"), ("coreg", "carvedilol"), ("lopressor", "metoprolol"),
    ("toprol", "metoprolol"), ("tenormin", "atenolol"), ("aldactone", "spironolactone"), ("cozaar", "losartan"),
    ("diovan", "valsartan"), ("flomax", "tamsulosin"), ("proscar", "finasteride"), ("viagra", "sildenafil"), ("cialis", "tadalafil"),
];

/// The generic name records may write for a brand a question or a record names.
pub fn generic_of(word: &str) -> Option<&'static str> {
    BRAND_NAMES.iter().find(|(brand, _)| *brand == word).map(|(_, generic)| *generic)
}

/// One medicine's British and American names: a record may write either.
const SAME_MEDICINE: &[[&str; 2]] = &[
    ["paracetamol", "acetaminophen"],
    ["salbutamol", "albuterol"],
    ["ciclosporin", "cyclosporine"],
    ["mesalazine", "mesalamine"],
    ["aciclovir", "acyclovir"],
    ["levothyroxine", "thyroxine"],
    ["bendroflumethiazide", "bendrofluazide"],
];

/// Parts of the body a scan, X-ray or biopsy is of: the words a question names the part with, and
/// the words records write it with.
const BODY_PARTS: &[(&[&str], &[&str])] = &[
    (&["thyroid", "neck"], &["thyroid", "neck", "cervical"]),
    (&["breast", "breasts"], &["breast", "breasts", "mammogram", "mammography", "axilla", "axillary"]),
    (&["kidney", "kidneys", "renal"], &["kidney", "kidneys", "renal", "kub", "urinary"]),
    (&["heart", "cardiac"], &["heart", "cardiac", "echocardiogram", "echo", "coronary", "lv", "lvef", "ventricle", "ventricular", "atrial", "valve", "ecg"]),
    (&["liver", "gallbladder", "pancreas"], &["liver", "hepatic", "gallbladder", "pancreas", "abdomen", "abdominal", "ruq", "biliary"]),
    (&["lung", "lungs"], &["lung", "lungs", "chest", "pulmonary", "thorax", "thoracic", "cxr"]),
    (&["brain", "head"], &["brain", "head", "cranial", "intracranial", "cerebral"]),
    (&["knee", "knees"], &["knee", "knees"]),
    (&["hip", "hips"], &["hip", "hips", "pelvis", "femoral"]),
    (&["shoulder", "shoulders"], &["shoulder", "shoulders", "rotator", "glenohumeral"]),
    (&["spine", "spinal", "lumbar", "neck"], &["spine", "spinal", "lumbar", "cervical", "thoracic", "disc", "vertebra", "vertebral", "l4", "l5", "s1"]),
    (&["bladder"], &["bladder", "urinary", "pelvis", "pelvic"]),
    (&["prostate"], &["prostate", "prostatic", "psa"]),
    (&["ovary", "ovaries", "womb", "uterus", "pelvic"], &["ovary", "ovaries", "ovarian", "adnexa", "adnexal", "pelvic", "pelvis", "transvaginal", "uterus", "uterine", "endometrial", "endometrium"]),
    (&["abdomen", "tummy", "belly"], &["abdomen", "abdominal", "liver", "gallbladder", "pancreas", "spleen", "bowel", "kidneys"]),
    (&["wrist"], &["wrist", "radius", "scaphoid", "distal"]),
    (&["ankle"], &["ankle", "malleolus", "talus"]),
    (&["elbow"], &["elbow"]),
    (&["foot", "feet", "toe"], &["foot", "feet", "toe", "mtp", "metatarsal", "hallux"]),
    (&["hand", "hands", "finger", "fingers"], &["hand", "hands", "finger", "fingers", "mcp", "pip", "dip", "metacarpal"]),
];

/// Words that ask what a scan, X-ray or biopsy of a part showed.
const OF_A_PART: &[&str] = &["scan", "scans", "xray", "x-ray", "ultrasound", "mri", "ct", "biopsy", "sonogram", "imaging", "doppler"];

/// Whether a question asks what a scan, X-ray or biopsy of a part of the body showed ("my thyroid
/// ultrasound", "the MRI of my shoulder") and none of `sentences` (each with its document's title)
/// names that part: the records retrieved hold other parts' imaging.
pub fn missing_body_part(question: &str, sentences: &[String]) -> bool {
    let words = lower_words(question);
    let imaging = words.iter().any(|w| OF_A_PART.contains(&w.as_str())) || has_phrase(&words, "x ray*");
    if !imaging {
        return false;
    }
    let written: Vec<Vec<String>> = sentences.iter().map(|s| lower_words(s)).collect();
    BODY_PARTS.iter().any(|(asked, recorded)| {
        words.iter().any(|w| asked.contains(&w.as_str())) && !written.iter().flatten().any(|w| recorded.contains(&w.as_str()) || asked.contains(&w.as_str()))
    })
}

/// Whether a sentence (with its document's title) may answer a question that names kinds of
/// test: it names one of them. A question naming none is not narrowed.
pub fn fits_kinds(question: &str, sentence_with_title: &str) -> bool {
    let kinds = kinds_named(&lower_words(question));
    kinds.is_empty() || {
        let words = lower_words(sentence_with_title);
        kinds.into_iter().any(|k| names_kind(k, &words))
    }
}

/// The years a question names (1950–2100).
pub fn years_named(question: &str) -> Vec<i32> {
    let words = lower_words(question);
    (0..words.len()).filter(|&i| year_bound_at(&words, i).is_none()).filter_map(|i| year_at(&words, i)).collect()
}

fn year_at(words: &[String], i: usize) -> Option<i32> {
    words[i].parse::<i32>().ok().filter(|y| (1950..=2100).contains(y))
}

/// A year the question bounds rather than names: "before 2023" and "prior to 2023" are the
/// years before it, "after 2022" the years after it, "since 2022" that year and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearBound {
    Before(i32),
    After(i32),
    Since(i32),
}

fn year_bound_at(words: &[String], i: usize) -> Option<YearBound> {
    let year = year_at(words, i)?;
    let before = |k: usize| i.checked_sub(k).map(|j| words[j].as_str());
    match (before(2), before(1)) {
        (_, Some("before" | "pre")) | (Some("prior"), Some("to")) => Some(YearBound::Before(year)),
        (_, Some("after" | "post")) => Some(YearBound::After(year)),
        (_, Some("since")) => Some(YearBound::Since(year)),
        _ => None,
    }
}

/// The years a question bounds ("my bone density before 2023").
pub fn year_bounds(question: &str) -> Vec<YearBound> {
    let words = lower_words(question);
    (0..words.len()).filter_map(|i| year_bound_at(&words, i)).collect()
}

/// Whether a sentence from a document of `date` lies within the question's year bounds (a
/// sentence without a date does).
pub fn fits_year_bounds(bounds: &[YearBound], date: Option<NaiveDate>) -> bool {
    let Some(year) = date.map(|d| d.year()) else { return true };
    bounds.iter().all(|b| match *b {
        YearBound::Before(y) => year < y,
        YearBound::After(y) => year > y,
        YearBound::Since(y) => year >= y,
    })
}

/// Whether a sentence (from a document of `date`) may answer a question about `years`.
pub fn fits_years(years: &[i32], sentence: &str, date: Option<NaiveDate>) -> bool {
    years.is_empty() || date.is_some_and(|d| years.contains(&d.year())) || years.iter().any(|y| sentence.contains(&y.to_string()))
}

/// Month names and their common short forms, January first.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan"], &["february", "feb"], &["march", "mar"], &["april", "apr"], &["may"], &["june", "jun"],
    &["july", "jul"], &["august", "aug"], &["september", "sep", "sept"], &["october", "oct"], &["november", "nov"],
    &["december", "dec"],
];

/// Month names that are also ordinary words ("may I", "march on", "mar").
const AMBIGUOUS_MONTHS: &[&str] = &["may", "march", "mar", "jan", "jun", "dec"];

/// Words before a month name that make it one.
const BEFORE_MONTH: &[&str] = &["in", "on", "during", "since", "from", "last", "this", "early", "late", "mid", "of", "by", "until"];

/// The words of a question that name the months and years it is narrowed to ([`months_named`],
/// [`years_named`]): the narrowing is their whole meaning, and a record states dates in digits, so
/// as words to match they would only count against every sentence.
pub fn date_words(question: &str) -> Vec<String> {
    let (months, mut years) = (months_named(question), years_named(question));
    years.extend(year_bounds(question).into_iter().map(|(YearBound::Before(y) | YearBound::After(y) | YearBound::Since(y))| y));
    lower_words(question)
        .into_iter()
        .filter(|w| {
            MONTHS.iter().enumerate().any(|(i, names)| months.contains(&(i as u32 + 1)) && names.contains(&w.as_str()))
                || w.parse::<i32>().is_ok_and(|y| years.contains(&y))
        })
        .collect()
}

/// The months (1–12) a question names.
pub fn months_named(question: &str) -> Vec<u32> {
    let words = lower_words(question);
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let Some(month) = MONTHS.iter().position(|names| names.contains(&word.as_str())).or_else(|| misspelt_month(word)) else { continue };
        let framed = i.checked_sub(1).is_some_and(|j| BEFORE_MONTH.contains(&words[j].as_str()))
            || words.get(i + 1).is_some_and(|next| next.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n) || (1950..=2100).contains(&n)));
        if framed || !AMBIGUOUS_MONTHS.contains(&word.as_str()) {
            out.push(month as u32 + 1);
        }
    }
    out
}

/// The month a word of six letters or more misspells ("febuary", "novemeber", "septmber"): one
/// edit from its full name, or two for names of eight letters or more.
fn misspelt_month(word: &str) -> Option<usize> {
    use crate::health::critical::words::{EDIT, distance};
    let letters: Vec<char> = word.chars().collect();
    if letters.len() < 6 || !letters.iter().all(char::is_ascii_lowercase) {
        return None;
    }
    MONTHS.iter().position(|names| {
        let full = names[0];
        let budget = if full.len() >= 8 { 2 * EDIT } else { EDIT };
        full.len() >= 6 && full.len().abs_diff(letters.len()) <= 2 && distance(&letters, full, budget) <= budget
    })
}

/// Whether a sentence (from a document of `date`) may answer a question about `months`.
pub fn fits_months(months: &[u32], sentence: &str, date: Option<NaiveDate>) -> bool {
    if months.is_empty() || date.is_some_and(|d| months.contains(&d.month())) {
        return true;
    }
    let words = lower_words(sentence);
    months.iter().any(|&m| words.iter().any(|w| MONTHS[m as usize - 1].contains(&w.as_str())))
}

/// The side a question asks about, when it names exactly one.
pub fn side_named(question: &str) -> Option<&'static str> {
    let words = lower_words(question);
    let left = words.iter().any(|w| w == "left");
    let right = words.iter().any(|w| w == "right");
    match (left, right) {
        (true, false) => Some("left"),
        (false, true) => Some("right"),
        _ => None,
    }
}

/// Whether a sentence is about the other side only ("X-ray R knee" for a question about the
/// left knee). Single letters count as a side only before a word ("R knee", "L breast").
pub fn other_side_only(side: &str, sentence: &str) -> bool {
    let words = lower_words(sentence);
    let names = |s: &str| -> bool {
        let (word, letter, short) = if s == "left" { ("left", "l", "lt") } else { ("right", "r", "rt") };
        words.iter().enumerate().any(|(i, w)| w == word || w == short || (w == letter && i + 1 < words.len()))
    };
    let other = if side == "left" { "right" } else { "left" };
    names(other) && !names(side)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_knowledge_questions_are_recognised() {
        for q in ["How does metformin work in the body?", "how do steroid inhalers work", "how long does a graft take to heal in general?", "Is asthma passed down in families?", "what foods lower cholesterol"] {
            assert!(asks_general_knowledge(q), "{q}");
        }
        for q in ["what dose of metformin am I on?", "did my inhaler dose change?", "what did my doctor say about my family history?", "can you tell me what the mri showed"] {
            assert!(!asks_general_knowledge(q), "{q}");
        }
        // Present-tense "what is / what causes / what does … mean" with nothing of the patient.
        for q in ["how much weight should you gain in pregnancy", "what actually is gluten and why does it damage the gut", "what causes ms in the first place", "what does breslow thickness actually mean", "how long does levodopa stay in your body, whats the half life"] {
            assert!(asks_general_knowledge(q), "{q}");
        }
        for q in ["what clark level was it", "what is my latest egfr", "what does my biopsy result mean", "what was the breslow thickness", "What is her latest HbA1c?", "what is the patient's LVEF", "what is the latest egfr"] {
            assert!(!asks_general_knowledge(q), "{q}");
        }
    }

    #[test]
    fn a_medicine_is_named_by_its_name_its_regimen_or_its_dose() {
        for s in ["Adjuvant CAPOX x 8 cycles.", "Injectate: dexamethasone 10 mg.", "Aspirin 81 mg daily", "levetiracetam 500mg BD"] {
            assert!(names_a_medicine(s), "{s}");
        }
        // A concentration is a value, not a dose.
        for s in ["Post-operative CEA 2.1 ug/L.", "Creatinine 1.4 mg/dL", "Follow-up in 3 months."] {
            assert!(!names_a_medicine(s), "{s}");
        }
    }

    #[test]
    fn a_patients_yes_no_question_without_them_in_it_is_general() {
        for q in ["do herniated discs shrink on their own", "can wet macular degeneration make you go completely blind", "are peanuts actually a nut"] {
            assert!(asks_general_yes_no(q), "{q}");
        }
        for q in ["do i still need the epipen", "is my latest ldl ok", "did they find a clot", "was the scan normal", "is the lithium level in range on the last test"] {
            assert!(!asks_general_yes_no(q), "{q}");
        }
    }

    #[test]
    fn a_question_about_a_relative_is_answered_only_where_the_records_name_them() {
        let sister = relative_asked("does my sister have ms too").expect("a relative");
        assert!(!names_relative(sister, "Findings in keeping with active relapsing-remitting MS."));
        assert!(names_relative(sister, "FH: sister with MS diagnosed at 30."));
        assert!(relative_asked("has my daughter been tested for coeliac").is_some_and(|d| !names_relative(d, "First-degree relatives may be offered testing.")));
        assert!(relative_asked("did my father ever have melanoma").is_some_and(|f| names_relative(f, "Family history: paternal grandfather melanoma.")));
        // A word saying which one is not the relative.
        assert!(relative_asked("has my little brother got a nut allergy as well").is_some_and(|b| !names_relative(b, "Strict avoidance of peanuts.")));
        for q in ["what did my doctor say", "has my blood pressure come down", "what does my record say about my mother's breast cancer"] {
            assert_eq!(relative_asked(q), None, "{q}");
        }
    }

    #[test]
    fn a_cost_a_time_of_day_or_a_phone_number_needs_a_sentence_that_gives_one() {
        assert_eq!(detail_asked("how much does each ocrelizumab infusion cost"), Some(Detail::Cost));
        assert_eq!(detail_asked("what time is my next skin check appointment"), Some(Detail::TimeOfDay));
        assert_eq!(detail_asked("what time of day should i take my biktarvy"), Some(Detail::TimeOfDay));
        assert_eq!(detail_asked("whats the phone number for the parkinsons nurse"), Some(Detail::Phone));
        assert_eq!(detail_asked("what's the number for the crisis line they gave me"), Some(Detail::Phone));
        assert_eq!(detail_asked("how much ocrelizumab do i get"), None);
        assert!(!gives_detail(Detail::Cost, "Ocrelizumab 300 mg IV x 2 doses 2 wks apart."));
        assert!(gives_detail(Detail::Cost, "Copay for the infusion: $25."));
        assert!(!gives_detail(Detail::TimeOfDay, "Next appointment July 2024."));
        assert!(gives_detail(Detail::TimeOfDay, "Appointment 14 July 2024 at 10:30."));
        assert!(gives_detail(Detail::TimeOfDay, "Take one tablet each morning with food."));
        assert!(!gives_detail(Detail::Phone, "K.O., Parkinson's Disease Nurse Specialist."));
        assert!(gives_detail(Detail::Phone, "Helpline: 01632 960 123."));
    }

    #[test]
    fn someone_elses_test_is_not_in_the_patients_records() {
        for q in ["what was my wife's blood pressure at her last checkup?", "what did my sisters mammogram show", "what did my brothers knee surgery involve?"] {
            assert!(asks_about_someone_else(q), "{q}");
        }
        for q in ["what does my record say about my mother's breast cancer?", "did my doctor write about my family history", "what was my blood pressure?"] {
            assert!(!asks_about_someone_else(q), "{q}");
        }
    }

    #[test]
    fn a_named_test_must_be_in_the_retrieved_sentences() {
        let sentences = ["Impression: Left breast mass, probably benign.", "Screening mammogram 2023: BI-RADS 1."];
        assert_eq!(missing_kinds("what did my breast biopsy show?", &sentences), vec!["biopsy"]);
        assert_eq!(missing_kinds("what was the result of my breast MRI", &sentences), vec!["mri"]);
        assert!(missing_kinds("what did my mammogram show", &sentences).is_empty());
        assert!(missing_kinds("have I had the pneumonia vaccine", &["2023-10-03 Pneumococcal conjugate PCV20 0.5 mL IM"]).is_empty());
        assert_eq!(missing_kinds("have I had the shingles vaccine?", &["Influenza (quadrivalent) 0.5 mL IM"]), vec!["shingles"]);
        assert!(missing_kinds("what did my chest x ray show", &["CXR: no consolidation."]).is_empty());
        // A duplex is an ultrasound, a CTPA a CT.
        assert!(missing_kinds("what veins were blocked on my leg ultrasound", &["Leg duplex: occlusive thrombus in the popliteal vein."]).is_empty());
        assert!(missing_kinds("what did my ct scan show", &["CTPA: filling defects in both lower lobes."]).is_empty());
        assert!(!fits_kinds("what did the x-ray of my knee show?", "consult.txt L knee: normal."));
        assert!(fits_kinds("what did the x-ray of my knee show?", "consult.txt X-ray R knee: no fracture."));
        assert!(fits_kinds("what dose am I on?", "consult.txt L knee: normal."));
        // Tests, procedures and vaccines beyond imaging, named as patients name them.
        let cardiology = ["ECG: sinus rhythm, rate 72.", "Echo: LVEF 55%, no regional wall motion abnormality."];
        assert_eq!(missing_kinds("what did my 24 hour heart monitor show", &cardiology), vec!["holter"]);
        assert_eq!(missing_kinds("what did the angiogram find in my arteries?", &cardiology), vec!["angiogram"]);
        assert_eq!(missing_kinds("what was my sleep study result", &cardiology), vec!["sleep"]);
        assert_eq!(missing_kinds("did my BRCA test come back?", &cardiology), vec!["genetic"]);
        assert_eq!(missing_kinds("when did I have the MMR vaccine?", &["Influenza vaccine 0.5 mL IM, 2023-10-02."]), vec!["mmr"]);
        assert!(missing_kinds("what did my holter show?", &["Ambulatory ECG monitoring (48 h): 3 runs of SVT."]).is_empty());
        assert!(missing_kinds("what was the MMR like on my chart", &cardiology).is_empty(), "no vaccine word: not the vaccine");
    }

    #[test]
    fn a_scan_of_a_part_of_the_body_must_be_in_the_retrieved_sentences() {
        let breast = ["2023 05 02 breast ultrasound txt Targeted ultrasound: 9 mm oval circumscribed mass at 2 o'clock.".to_string()];
        assert!(missing_body_part("what did my thyroid ultrasound show?", &breast));
        assert!(missing_body_part("what did the MRI of my shoulder find", &breast));
        assert!(!missing_body_part("what did my breast ultrasound show?", &breast));
        assert!(!missing_body_part("how is my thyroid doing?", &breast), "no scan asked for: not narrowed");
        let kidney = ["2023 01 10 renal ultrasound txt Both kidneys normal in size, no hydronephrosis.".to_string()];
        assert!(!missing_body_part("what did the scan of my kidneys show", &kidney));
        assert!(missing_body_part("did the ultrasound look at my heart?", &kidney));
    }

    #[test]
    fn a_medicine_named_by_its_generic_name_must_be_in_the_retrieved_sentences() {
        // A common medicine without an INN stem is known by name.
        let hcq = vec!["Taking hydroxychloroquine 400 mg daily, no missed doses.".to_string()];
        assert_eq!(missing_medicines("what dose of methotrexate am i taking", &hcq), ["methotrexate"]);
        assert!(missing_medicines("what dose of hydroxychloroquine am i taking", &hcq).is_empty());
        // A British name finds the American one.
        assert!(missing_medicines("how much paracetamol can i take", &["Acetaminophen 500 mg PRN.".to_string()]).is_empty());
        let sentences = ["medication list txt Amlodipine 5 mg once daily.".to_string(), "consult txt Atorvastatin 40mg nocte, LDL 2.1.".to_string()];
        assert_eq!(missing_medicines("what dose of oxycodone was I given after the operation?", &sentences), vec!["oxycodone"]);
        assert_eq!(missing_medicines("when did I start rosuvastatin", &sentences), vec!["rosuvastatin"]);
        assert!(missing_medicines("what dose of amlodipine am I on?", &sentences).is_empty());
        assert!(missing_medicines("when did i start atorvastatine", &sentences).is_empty(), "a typo past the sixth letter is the same medicine");
        assert!(missing_medicines("what dose of Lipitor am I on?", &sentences).is_empty(), "a brand name is not judged");
        assert!(missing_medicines("what is my blood pressure tablet?", &sentences).is_empty());
    }

    #[test]
    fn the_words_naming_a_month_or_year_are_known() {
        assert_eq!(date_words("my potassium in February 2023"), ["february", "2023"]);
        assert!(date_words("may I see my potassium").is_empty());
        // A month misspelt as patients type it.
        assert_eq!(months_named("how high did they put my lisinopril up to in febuary 2023"), [2]);
        assert_eq!(months_named("what steroid did i get in novemeber 2022"), [11]);
        assert!(months_named("what was my number before the surgery").is_empty());
    }

    #[test]
    fn years_and_sides_narrow_the_sentences() {
        assert_eq!(years_named("what was my LDL back in 2019?"), vec![2019]);
        let d2023 = NaiveDate::from_ymd_opt(2023, 9, 12);
        assert!(!fits_years(&[2019], "LDL 162 mg/dL.", d2023));
        assert!(fits_years(&[2019], "LDL was 180 in 2019.", d2023));
        assert!(fits_years(&[], "LDL 162 mg/dL.", d2023));
        // "before 2023" bounds the years instead of naming one.
        assert!(years_named("what was my bone density before 2023?").is_empty());
        let bounds = year_bounds("what was my bone density before 2023?");
        assert_eq!(bounds, [YearBound::Before(2023)]);
        assert!(!fits_year_bounds(&bounds, d2023) && fits_year_bounds(&bounds, NaiveDate::from_ymd_opt(2022, 5, 1)));
        assert!(fits_year_bounds(&year_bounds("my weight since 2023"), d2023));
        assert_eq!(date_words("my bone density before 2023"), ["2023"]);
        assert_eq!(months_named("what was my potassium when I was in hospital in June?"), vec![6]);
        assert_eq!(months_named("what tablet did they add in feb"), vec![2]);
        assert_eq!(months_named("may I see my results from last may"), vec![5]);
        assert!(months_named("may I see my results").is_empty());
        let d_sept = NaiveDate::from_ymd_opt(2023, 9, 7);
        assert!(!fits_months(&[6], "Potassium: 4.8 mmol/L", d_sept));
        assert!(fits_months(&[9], "Potassium: 4.8 mmol/L", d_sept));
        assert!(fits_months(&[6], "Admitted in June with dehydration.", d_sept));
        assert_eq!(side_named("what did the x-ray of my left knee show?"), Some("left"));
        assert!(other_side_only("left", "X-ray R knee (today): no fracture."));
        assert!(other_side_only("left", "MRI RIGHT KNEE (non-contrast)"));
        assert!(!other_side_only("left", "Left knee effusion; right knee normal."));
        assert!(!other_side_only("left", "Knee effusion."));
    }
}
