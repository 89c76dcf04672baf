//! The critical-question check: whether a patient's chat question must be answered with
//! [`CRITICAL_RESPONSE`] ("This requires immediate medical evaluation. Please consult your doctor or
//! visit emergency services.", `requires_doctor_consultation: true`) instead of an answer from the
//! records.
//!
//! **Why before the model.** The chat runs it on the message before anything is retrieved or any
//! language model is called, and it is deterministic: rules, then a linear word classifier
//! ([`learned`]) trained on labelled questions. A question about a heart attack happening now must
//! never wait on retrieval, and whether it is answered must never depend on what a language model
//! happens to generate (API.md, "Health insights").
//!
//! **Two lines.** The rules below come first; when they find a critical question, it is critical.
//! When they find a symptom or a request and set it aside by its frame (negated, past, education,
//! what the record says, timing, how to take a medicine), it is ordinary. Only when they find
//! nothing they know does the classifier of [`learned`] judge the words, and it can only add a
//! redirect (rule name `learned:<kind>`): rules written from examples keep missing phrasings
//! nobody wrote down ("my husband is clutching his chest and sweating buckets", "reckon I can
//! ditch the blood thinner now my leg's better", "is the shadow they found something nasty"), and a
//! classifier that weighs every word it has seen in critical and in ordinary questions catches
//! most of them.
//!
//! **What is critical** ([`CriticalKind`]):
//! - [`CriticalKind::Emergency`] — a life-threatening problem happening now, to the patient or to
//!   someone with them ("my husband collapsed and isn't breathing" is critical: the patient must
//!   get help). The symptom list follows the American Heart Association's heart-attack warning
//!   signs (chest pain or pressure, pain spreading to arm, jaw, neck or back, shortness of breath,
//!   cold sweat, fainting), the American Stroke Association's BE FAST signs (balance, eyes, face
//!   drooping, arm or one-sided weakness or numbness, slurred speech, sudden confusion, sudden
//!   worst headache), the NHS "call 999" list (severe bleeding that will not stop, vomiting or
//!   coughing up blood, severe difficulty breathing, choking, unconsciousness, a seizure, sudden
//!   severe pain, anaphylaxis with throat or tongue swelling, overdose and poisoning, a rash that
//!   does not fade under a glass with a stiff neck or fever), the 988 Suicide & Crisis Lifeline
//!   and NHS guidance to treat suicidal thoughts, wanting to die and self-harm as an emergency,
//!   and the oncology emergencies a breast-cancer patient can meet: fever during chemotherapy
//!   (neutropenic sepsis, UKONS acute oncology triage) and metastatic spinal cord compression
//!   (NICE NG234: legs that cannot be felt or moved, loss of bladder or bowel control), a tearing
//!   pain (aortic dissection), a suddenly painful swollen testicle (torsion), cleaning chemicals
//!   mixed or their fumes breathed in, and an allergic reaction spread over a sentence (hives,
//!   wheezing, a swelling face). Also from
//!   NHS pages: an asthma attack (the reliever inhaler not helping, too breathless to talk), a
//!   nosebleed over 15 minutes, a hypo with confusion or a meter reading "HI"/"LO", sepsis
//!   (confusion with a fever), a baby floppy after a fall, and in pregnancy a severe headache,
//!   flashing lights or a baby moving less (pre-eclampsia, "Your baby's movements"), a belly hard as
//!   a board (peritonitis), wild mushrooms or berries eaten (poisoning), and a blood pressure of
//!   180/120 or more with a headache, a change in vision, chest pain or numbness (American Heart
//!   Association, "Hypertensive crisis"); and from NHS pages too: a pad soaked within the hour after
//!   a birth, black tarry stools, a wrong dose taken by mistake, an oxygen saturation under 90%, a
//!   sting followed by dizziness or a hoarse voice, a high potassium or missed dialysis with
//!   weakness or palpitations, an erection lasting hours (priapism), hallucinations on stopping
//!   drinking (delirium tremens), a fever in a baby weeks old or in someone on clozapine or with a
//!   transplant, and ketoacidosis (a sugar over 20, ketones, a breath smelling of nail varnish).
//!   Symptoms are found as named and as described: a pain
//!   "10 out of 10" or "unbearable", a throat "closing up", lips "puffing up", an arm that "went
//!   dead", "the room is spinning", words that "come out as gibberish".
//! - [`CriticalKind::DiagnosisRequest`] — asking whether the patient has, or might have, a disease
//!   ("do I have cancer?", "is this lump malignant", "could it be a tumour", "am I dying", "is it
//!   serious", "what is wrong with me", "has it spread", "which disease is this", "is it an ulcer
//!   or my gallbladder, what do you think I have", "am I getting dementia", "is the spot on my
//!   scan cancer y/n", "is it my liver", "have I torn my meniscus", "has she got Alzheimer's",
//!   "would you say I have ADHD", "am I HIV positive", "could my swollen ankles mean heart
//!   failure", "what illness do these point to", "a slipped disc or something worse", "is my
//!   liver failing"): a diagnosis is a doctor's to give.
//! - [`CriticalKind::TreatmentDecision`] — deciding treatment without a doctor ("should I stop my
//!   tamoxifen", "can I double my dose", "how much ibuprofen should I take", "can I skip chemo",
//!   "can I use my sister's antibiotics", "should I see a doctor about this", "I want to come off
//!   my sertraline, ok?", "should I put my amlodipine up to 10mg myself", "can I stop methotrexate
//!   without telling my rheumatologist", "what can I take instead", "can I snap them in half",
//!   "surgery or tablets, which one should I choose", "which one should I go for", "can I give my
//!   4 year old adult paracetamol", "I'm going to go back up to 20mg prednisone", "can I restart
//!   straight back on 1mg", "replace my chemo with vitamin C, good idea?", "is 50000 IU of vitamin
//!   D a day ok for me", "can I take my husband's tablets").
//!
//! **How.** The first [`MAX_CHARS`] characters are lower-cased and cut into words (apostrophes
//! joined: "can't" → "cant"); shorthand is expanded ("im" → "i am", "u" → "you", "rn" → "right
//! now") and each unknown word of four letters or more is repaired towards the rules' vocabulary
//! (one edit for four to six letters, two from seven; a swap of neighbours, the commonest typo,
//! costs least, and a word must keep its first letter or swap it with the second), so "chset
//! pian", "cant breath", "sucidal" and "brething" read as meant. A list of ordinary English words
//! is never repaired and competes as a repair target, so "doing" stays "doing", not "dying"; a
//! known word with an ending is repaired only towards its own stem, so "locked" stays "locked"
//! (not "looked") and "spinning" stays "spinning" (not "spitting"), while "vomitting" is "vomiting".
//! The words are split into sentences (and at "but"), and into clauses at commas. Rules are
//! phrase patterns over those words, with small gaps. A symptom found is then judged by its frame:
//! - negated just before ("no chest pain now") or resolved just after ("the bleeding stopped"):
//!   not critical;
//! - inside an education or hypothetical scope that runs forward from its trigger ("what are the
//!   warning signs of a stroke", "what should I do if I can't breathe", "can tamoxifen cause a
//!   blood clot") or in a clause about risk ("does letrozole raise stroke risk"): not critical;
//! - a wording that is itself first-person and present ("I can't breathe", "he isn't breathing",
//!   "I want to die"): critical;
//! - a present marker in the sentence ("now", "suddenly", "this morning", "an hour ago", "won't
//!   stop", "is having", "since lunch", "still want to"): critical, whatever else the sentence
//!   says — unless the "now" is about recovery ("I'm doing well now", "he's 6 now and fine");
//! - a first-person wording in a clause about the past, with no present marker, is history ("last
//!   year I was rushed in because I couldn't breathe");
//! - a distant time in its clause ("last year", "in 2019", "years ago", "history of", "as a
//!   child", "it was just an allergic reaction"), a question about the record in its sentence
//!   ("what did the report say", "my note says", "in my mental health intake notes", "when was",
//!   "did I have"), or, for an event such as a stroke or heart attack, "had" or "died of" just
//!   before it ("my mother had a stroke"): not critical. Someone speaking now is not the record
//!   ("grandad says his chest is heavy"); how common something is, or what one read or heard, is
//!   education ("I read choking is common in toddlers");
//! - otherwise critical: a symptom named in a patient's question is taken to be happening.
//!
//! Diagnosis and treatment questions are patterns of their own ("do / could / might I have" +
//! a disease; "is this / my lump" + cancerous, malignant, serious; "should / can / may I", "is it
//! safe to", "I want to" + stop, skip, double, start, take… + a medicine or treatment; "how much
//! / many" … "should I take"). Medicines and diseases are word classes known by list and by
//! shape: a few hundred common drugs by generic name, brand and class (statins, metformin,
//! insulin, levothyroxine, antidepressants, antiepileptics, anticoagulants, inhalers, antibiotics,
//! painkillers, chemotherapy and hormonal agents), any word of seven letters or more ending in a
//! WHO INN stem ("-statin", "-pril", "-sartan", "-olol", "-mab", "-tinib", "-azole", "-cillin",
//! "-mycin", "-floxacin", "-prazole", "-tidine", "-dronate", "-parin", "-xaban"…), a dose written
//! with its unit ("10mg", "20units"); the common diseases of primary care and any word ending
//! "-itis", "-oma", "-emia", "-osis" or "-pathy" (less "diagnosis", "diploma"…). A question about
//! what the record says is not a request ("what dose of metformin is listed in my
//! prescription?", "does my report say it has spread?"; for a diagnosis the record question must
//! come first in its clause, so "what did the biopsy show, do I have cancer?" still asks for one,
//! unless it names the place: "do I have any conditions listed in my record?"), nor is a question
//! about timing or how to take a medicine ("when should I take my tamoxifen?", "can I take my
//! tablets with food?"), nor one asking what rather than whether ("what are the symptoms of
//! sepsis?"), nor an errand ("can I pick up my ramipril", "can I get my metformin delivered").
//! A person's or a device's "says" is not the record ("my husband says my face looks droopy", "my
//! meter says HI"); a comparison of terms ("is angina the same as a heart attack") and a
//! statistic ("how many people die of…") are education; stopping breathing "at night" is a sleep
//! clinic's question (NHS, "Sleep apnoea").
//!
//! Negation and scope are judged here rather than by [`crate::clinical_context`]: that engine is
//! tuned on clinical notes and finds a concept by its text, while here the symptoms carry their
//! own negation ("can't breathe", "won't stop bleeding", "isn't breathing") and are found among
//! repaired words; a relative's emergency happening now is still critical, a relative's history
//! ("my father died of a heart attack") is not.
//!
//! **Languages.** English, and the commonest emergencies and requests as patients write them in
//! Spanish and romanised Hindi ("dolor en el pecho", "no puedo respirar", "no responde", "¿puedo
//! tomar el doble de mi pastilla?", "seene mein dard", "saans nahi aa rahi", "kya mujhe
//! hypertension hai?"), and a few in Portuguese, French and German ("dor no peito", "não
//! consigo respirar", "desmaiou", "du mal à respirer", "ses lèvres gonflent", "je peux arrêter
//! mon anticoagulant ?", "habe ich Krebs?"); accents are folded, so "cáncer" and "cancer" read
//! the same. A message in another language is judged by the English words it holds.
//!
//! **Dictation and quotes.** Homophones a dictated message produces are read as meant ("chess
//! pain", "shortness of breadth"); quotation marks do not split a sentence (my chest feels
//! "squeezed").
//!
//! **"Show" asks for a reading.** "Does my xray show lung cancer?" asks whether the patient has
//! it: a diagnosis request. What a test showed, asked as a look-up, is not ("what did the biopsy
//! show", "did my sleep study show I stop breathing at night"), nor is what the record says
//! ("does my report say it has spread?").
//!
//! **Not done here.** No triage grading (111 versus 999), no answer, no reading of the records: a question is judged by its words alone, and the check errs towards
//! critical when a symptom is named without a frame. The rule that fired is reported as a name
//! ([`CriticalQuestion::rule`]), never with the patient's words.
//!
//! **Layout.** `rules.rs` holds the symptoms, requests and frame words as data; `vocabulary.rs`
//! the word classes (medicines, diseases, doses) with their shapes; `patterns.rs` the pattern
//! language and its matcher; `words.rs` the way from text to repaired words and sentence parts;
//! `mod.rs` compiles the rules once and judges each sentence by its frame.
//!
//! **Measured.** Set 1, 226 labelled patient questions written by someone who had not seen the rules
//! (tests/data/patient-questions-dev.tsv), first run: recall 0.789 (90/114), false alarms 0.018
//! (2/112). Set 2, 298 questions written blind later (tests/data/patient-questions-dev2.tsv), first
//! run on the rules tuned on set 1: recall 0.821 (119/145), false alarms 0.052 (8/153) — so tuning
//! on set 1 generalized only partly. Both sets were then used for development: their misses were
//! read, and rules were added for the classes of phrasing they stood for (each class with new
//! examples of its own, and hard negatives, in the unit tests), not for their sentences; neither is
//! a blind figure any more. Set 3, 248 questions written blind after both rounds
//! (tests/data/patient-questions-dev3.tsv), first run on the frozen rules: recall 0.832 (99/119:
//! emergencies 51/60, diagnosis requests 26/30, treatment decisions 22/29), false alarms 0.031
//! (4/129); its misses were then read too (set 3 is a development set now). Held-out: set 4, 260
//! questions written blind after that (tests/data/patient-questions-holdout.tsv), first run on the
//! frozen rules: recall 0.858 (103/120), false alarms 0.014 (2/140); the rules as they were before
//! set 3 was read score 0.833 (100/120) and 0.014 on it. Below the 0.95 recall this check should
//! reach: rules written from examples keep missing new phrasings. Sets 5–13 and what the second line
//! ([`learned`], 2026-12-06) changed are in `tests/critical_questions.rs`; in short, on four sets
//! written blind and never read, the rules alone caught 0.725–0.833 of critical questions and the
//! rules with the classifier 0.950–1.000, false alarms 0.008–0.023 → 0.008–0.054. On AWS the
//! model's system prompt is a further line (it is told to send possible emergencies to emergency
//! services and never to diagnose or decide a treatment).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

pub mod learned;
mod patterns;
mod rules;
#[cfg(test)]
mod tests;
pub(crate) mod vocabulary;
pub(crate) mod words;

use patterns::{Pattern, COMMA};
use rules::*;
use vocabulary::names_medicine;
use words::{segments, words_repaired_with, Segment, EXTRA_VOCABULARY, ORDINARY};

/// The answer to a critical question, word for word (API.md).
pub const CRITICAL_RESPONSE: &str =
    "This requires immediate medical evaluation. Please consult your doctor or visit emergency services.";

/// Only this many characters of a message are read: a question is a few hundred; the bound keeps
/// the work small whatever is sent.
pub const MAX_CHARS: usize = 4_000;

/// Why a question is critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriticalKind {
    /// A life-threatening problem happening now.
    Emergency,
    /// Asking whether the patient has, or might have, a disease.
    DiagnosisRequest,
    /// Deciding a treatment without a doctor.
    TreatmentDecision,
}

/// A critical question: its kind and the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalQuestion {
    pub kind: CriticalKind,
    /// The rule that fired, e.g. "emergency:chest_pain" — no patient text.
    pub rule: &'static str,
}

impl CriticalQuestion {
    /// Which line decided: `"rules"`, or `"classifier"` for the second line ([`learned`]). A
    /// metric dimension, so operators see how often each redirects.
    pub fn line(&self) -> &'static str {
        if self.rule.starts_with("learned:") { "classifier" } else { "rules" }
    }
}

/// Whether `message` is a critical question; `None` for an ordinary one. Reads at most the first
/// [`MAX_CHARS`] characters. An emergency outranks a diagnosis request, which outranks a
/// treatment decision.
pub fn check(message: &str) -> Option<CriticalQuestion> {
    let words = read(message);
    match judge_words(&words) {
        RulesVerdict::Critical(question) => Some(question),
        // A symptom or request the rules found and set aside (negated, past, education, the record,
        // timing, how to take a medicine…) stays ordinary: the classifier does not overrule a frame.
        RulesVerdict::SetAside => None,
        RulesVerdict::Silent => learned::classifier()
            .critical_in(&words)
            .filter(|(probability, _)| *probability >= learned::THRESHOLD)
            .map(|(_, kind)| CriticalQuestion { kind, rule: learned_rule(kind) }),
    }
}

/// Builds the rules and trains the classifier of [`learned`] now rather than on the first question
/// (about 0.1 s optimised, 1.5 s unoptimised): the chat function calls it at start-up.
pub fn prepare() {
    let _ = rules();
    let _ = learned::classifier();
}

/// The rule name of a redirect by the second line ([`learned`]).
fn learned_rule(kind: CriticalKind) -> &'static str {
    match kind {
        CriticalKind::Emergency => "learned:emergency",
        CriticalKind::DiagnosisRequest => "learned:diagnosis_request",
        CriticalKind::TreatmentDecision => "learned:treatment_decision",
    }
}

/// The first line alone: whether the rules find `message` critical, without the classifier of
/// [`learned`]. For measuring what each line adds; the chat calls [`check`].
pub fn check_by_rules(message: &str) -> Option<CriticalQuestion> {
    match judge_by_rules(message) {
        RulesVerdict::Critical(question) => Some(question),
        RulesVerdict::SetAside | RulesVerdict::Silent => None,
    }
}

/// What the rules make of a message.
enum RulesVerdict {
    Critical(CriticalQuestion),
    /// A symptom or a request was found, and its frame made it ordinary.
    SetAside,
    /// Nothing the rules know was found.
    Silent,
}

fn judge_by_rules(message: &str) -> RulesVerdict {
    judge_words(&read(message))
}

/// The first [`MAX_CHARS`] characters of `message` as the rules' words.
fn read(message: &str) -> Vec<String> {
    read_sharing(message, &mut HashMap::new())
}

/// [`read`], sharing the word repairs made for other messages (typed word → repaired word): the
/// classifier's training reads thousands of messages that share most of their words.
fn read_sharing(message: &str, repairs: &mut HashMap<String, String>) -> Vec<String> {
    let text: String = message.chars().take(MAX_CHARS).collect();
    words_repaired_with(&text, rules(), repairs)
}

fn judge_words(words: &[String]) -> RulesVerdict {
    let rules = rules();
    let names_medicine = words.iter().any(|word| names_medicine(word));
    let segments = segments(words);
    let framed: Vec<(&Segment, Frames)> = segments.iter().map(|segment| (segment, Frames::of(segment, rules))).collect();

    for (segment, frames) in &framed {
        if let Some(rule) = rules.symptoms.iter().find(|symptom| symptom.is_critical_in(segment, frames, rules)) {
            return RulesVerdict::Critical(CriticalQuestion { kind: CriticalKind::Emergency, rule: rule.rule });
        }
    }
    for kind in [CriticalKind::Emergency, CriticalKind::DiagnosisRequest, CriticalKind::TreatmentDecision] {
        for (segment, frames) in &framed {
            let asked = rules.requests.iter().filter(|request| request.kind == kind).find(|request| {
                request.is_asked_in(segment, frames, names_medicine, rules)
            });
            if let Some(request) = asked {
                return RulesVerdict::Critical(CriticalQuestion { kind, rule: request.rule });
            }
        }
    }
    let found = framed.iter().any(|(segment, _)| {
        rules.symptoms.iter().any(|symptom| symptom.is_found_in(segment)) || rules.requests.iter().any(|request| request.is_found_in(segment, names_medicine))
    });
    if found { RulesVerdict::SetAside } else { RulesVerdict::Silent }
}


// ---------------------------------------------------------------------------------------------
// Compiled rules.
// ---------------------------------------------------------------------------------------------

struct Rules {
    symptoms: Vec<Symptom>,
    requests: Vec<Request>,
    present: Vec<Pattern>,
    education_forward: Vec<Pattern>,
    clause_education: Vec<Pattern>,
    distant_past: Vec<Pattern>,
    record: Vec<Pattern>,
    resolved: Vec<Pattern>,
    in_sleep: Vec<Pattern>,
    administration: Vec<Pattern>,
    hearsay: Vec<Pattern>,
    recovered: Vec<Pattern>,
    /// Words never repaired (the rules' own and the ordinary ones).
    known: HashSet<&'static str>,
    /// Repair targets by first letter, each marked whether it is a rule word.
    targets: HashMap<char, Vec<(&'static str, bool)>>,
    /// Patterns naming a class that does not exist (a mistake in this file; a test keeps it empty).
    #[cfg_attr(not(test), allow(dead_code))]
    unknown_classes: Vec<String>,
}

struct Symptom {
    rule: &'static str,
    event: bool,
    patterns: Vec<Pattern>,
    present: Vec<Pattern>,
    with: Vec<Pattern>,
}

struct Request {
    kind: CriticalKind,
    rule: &'static str,
    patterns: Vec<Pattern>,
    needs_medicine: bool,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut unknown = Vec::new();
        let mut compile = |texts: &[&'static str]| -> Vec<Pattern> { texts.iter().map(|text| Pattern::parse(text, &mut unknown)).collect() };
        let symptoms: Vec<Symptom> = SYMPTOMS
            .iter()
            .map(|spec| Symptom {
                rule: spec.rule,
                event: spec.event,
                patterns: compile(spec.patterns),
                present: compile(spec.present),
                with: compile(spec.with),
            })
            .collect();
        let requests: Vec<Request> = REQUESTS
            .iter()
            .map(|spec| Request { kind: spec.kind, rule: spec.rule, patterns: compile(spec.patterns), needs_medicine: spec.needs_medicine })
            .collect();
        let present = compile(PRESENT);
        let education_forward = compile(EDUCATION_FORWARD);
        let clause_education = compile(CLAUSE_EDUCATION);
        let distant_past = compile(DISTANT_PAST);
        let record = compile(RECORD);
        let resolved = compile(RESOLVED);
        let in_sleep = compile(IN_SLEEP);
        let administration = compile(ADMINISTRATION);
        let hearsay = compile(HEARSAY);
        let recovered = compile(RECOVERED);

        let mut rule_words: HashSet<&'static str> = HashSet::new();
        let all_patterns = symptoms
            .iter()
            .flat_map(|s| s.patterns.iter().chain(&s.present).chain(&s.with))
            .chain(requests.iter().flat_map(|r| r.patterns.iter()))
            .chain(&present)
            .chain(&education_forward)
            .chain(&clause_education)
            .chain(&distant_past)
            .chain(&record)
            .chain(&resolved)
            .chain(&in_sleep)
            .chain(&administration)
            .chain(&hearsay)
            .chain(&recovered);
        for pattern in all_patterns {
            rule_words.extend(pattern.words());
        }
        rule_words.extend(EXTRA_VOCABULARY.iter().copied());
        rule_words.extend(NEGATORS.iter().copied());
        let ordinary: HashSet<&'static str> = ORDINARY.split_whitespace().collect();
        let known: HashSet<&'static str> = rule_words.union(&ordinary).copied().collect();
        let mut targets: HashMap<char, Vec<(&'static str, bool)>> = HashMap::new();
        let mut sorted: Vec<&'static str> = known.iter().copied().filter(|w| w.chars().all(|c| c.is_ascii_lowercase())).collect();
        sorted.sort_unstable();
        for word in sorted {
            if let Some(first) = word.chars().next() {
                let is_rule_word = rule_words.contains(word);
                targets.entry(first).or_default().push((word, is_rule_word));
            }
        }
        Rules {
            symptoms,
            requests,
            present,
            education_forward,
            clause_education,
            distant_past,
            record,
            resolved,
            in_sleep,
            administration,
            hearsay,
            recovered,
            known,
            targets,
            unknown_classes: unknown,
        }
    })
}


// ---------------------------------------------------------------------------------------------
// Judging a sentence.
// ---------------------------------------------------------------------------------------------

/// What a sentence says about time, source and purpose.
struct Frames {
    /// Something is happening now (outside an education scope).
    present: bool,
    /// The sentence asks what the record says.
    record: bool,
    /// Where each record question starts ("what did the report say", "does my note show").
    record_starts: Vec<usize>,
    /// Per word: inside an education or hypothetical scope.
    scoped: Vec<bool>,
    /// Per clause: about risk or heredity.
    clause_education: Vec<bool>,
    /// Per clause: about the past.
    clause_past: Vec<bool>,
}

impl Frames {
    fn of(segment: &Segment, rules: &Rules) -> Frames {
        let words = &segment.words;
        let mut scoped = vec![false; words.len()];
        let mut triggers: Vec<usize> = rules.education_forward.iter().flat_map(|p| p.find_all(words, &[])).map(|r| r.start).collect();
        triggers.extend(words.iter().enumerate().filter_map(|(i, w)| {
            let after_whether_word = i.checked_sub(1).and_then(|j| words.get(j)).is_some_and(|prev| IF_NOT_HYPOTHETICAL.contains(&prev.as_str()));
            (w == "if" && !after_whether_word).then_some(i)
        }));
        for start in triggers {
            for i in start..words.len() {
                if words[i] == COMMA && words.get(i + 1).is_some_and(|next| NEW_SUBJECT.contains(&next.as_str())) {
                    break;
                }
                scoped[i] = true;
            }
        }
        // "I'm doing well now", "he's 6 now and fine": a "now" about recovery, not a symptom.
        let recovered: Vec<Range<usize>> = rules.recovered.iter().flat_map(|p| p.find_all(words, &[])).collect();
        let present = rules
            .present
            .iter()
            .flat_map(|p| p.find_all(words, &[]))
            .any(|r| !scoped[r.start] && !recovered.iter().any(|done| done.contains(&r.start)));
        // "my husband says…", "my meter says…": someone or something speaking now, not the record.
        let hearsay: Vec<Range<usize>> = rules.hearsay.iter().flat_map(|p| p.find_all(words, &[])).collect();
        let record_starts: Vec<usize> = rules
            .record
            .iter()
            .flat_map(|p| p.find_all(words, &[]))
            .map(|r| r.start)
            .filter(|at| !hearsay.iter().any(|said| said.contains(at)))
            // "based on my records, what's wrong with me?" asks for a reading of the records.
            .filter(|&at| !at.checked_sub(1).and_then(|i| words.get(i)).is_some_and(|w| matches!(w.as_str(), "based" | "using" | "given")))
            .collect();
        let record = !record_starts.is_empty();
        let clauses = segment.clause.last().map_or(0, |last| last + 1);
        let mut clause_education = vec![false; clauses];
        let mut clause_past = vec![false; clauses];
        let mark = |flags: &mut Vec<bool>, at: usize| {
            if let Some(flag) = segment.clause.get(at).and_then(|&c| flags.get_mut(c)) {
                *flag = true;
            }
        };
        for range in rules.clause_education.iter().flat_map(|p| p.find_all(words, &[])) {
            mark(&mut clause_education, range.start);
        }
        for range in rules.distant_past.iter().flat_map(|p| p.find_all(words, &[])) {
            mark(&mut clause_past, range.start);
        }
        for (at, _) in words.iter().enumerate().filter(|(_, w)| is_year(w)) {
            mark(&mut clause_past, at);
        }
        Frames {
            present,
            record,
            record_starts,
            scoped,
            clause_education,
            clause_past,
        }
    }

    fn clause_flag(flags: &[bool], segment: &Segment, at: usize) -> bool {
        segment.clause.get(at).and_then(|&c| flags.get(c)).copied().unwrap_or(false)
    }
}

/// A calendar year as a word: "2019", "1998".
fn is_year(word: &str) -> bool {
    word.len() == 4 && word.parse::<u32>().is_ok_and(|year| (1900..=2099).contains(&year))
}

impl Symptom {
    /// Whether what the symptom needs beside it (`with`) is in the segment, when it needs anything.
    fn has_company_in(&self, words: &[String]) -> bool {
        self.with.is_empty() || self.with.iter().any(|p| p.find(words, NEGATORS))
    }

    /// Whether the symptom is mentioned at all, whatever its frame.
    fn is_found_in(&self, segment: &Segment) -> bool {
        let words = &segment.words;
        self.has_company_in(words) && self.present.iter().chain(&self.patterns).any(|p| p.find(words, NEGATORS))
    }

    fn is_critical_in(&self, segment: &Segment, frames: &Frames, rules: &Rules) -> bool {
        let words = &segment.words;
        if !self.has_company_in(words) {
            return false;
        }
        let mentions = |patterns: &[Pattern]| -> Vec<Range<usize>> {
            patterns.iter().flat_map(|p| p.find_all(words, NEGATORS)).filter(|r| !negated(segment, r.clone(), rules)).collect()
        };
        // A first-person wording in a clause about the past, with nothing happening now, is history
        // ("last year I was rushed in because I couldn't breathe").
        let history = |at: usize| Frames::clause_flag(&frames.clause_past, segment, at) && !frames.present;
        if mentions(&self.present).iter().any(|r| !frames.scoped[r.start] && !history(r.start)) {
            return true;
        }
        mentions(&self.patterns).into_iter().any(|r| {
            if frames.scoped[r.start] || Frames::clause_flag(&frames.clause_education, segment, r.start) {
                return false;
            }
            if frames.present {
                return true;
            }
            let past = Frames::clause_flag(&frames.clause_past, segment, r.start) || (self.event && after_past_verb(segment, r.start));
            !(past || frames.record)
        })
    }
}

/// Negated just before ("no chest pain", "I don't have chest pain") or resolved just after ("the
/// bleeding has stopped"), within the clause.
fn negated(segment: &Segment, mention: Range<usize>, rules: &Rules) -> bool {
    let words = &segment.words;
    let before = mention.start.saturating_sub(3)..mention.start;
    for i in before.rev() {
        let word = words[i].as_str();
        if word == COMMA || word == "and" {
            break;
        }
        if NEGATORS.contains(&word) && !words.get(i + 1).is_some_and(|next| PSEUDO_NEGATION_NEXT.contains(&next.as_str())) {
            return true;
        }
    }
    let after_end = (mention.end + 3).min(words.len());
    let after = &words[mention.end.min(after_end)..after_end];
    let after: Vec<String> = after.iter().take_while(|w| *w != COMMA).cloned().collect();
    (0..after.len()).any(|start| rules.resolved.iter().chain(&rules.in_sleep).any(|p| p.match_at(0, &after, start, &[]).is_some()))
}

/// "had", "died of", "after" within three words before an event (or opening its mention: "had a
/// fit"), in its clause.
fn after_past_verb(segment: &Segment, start: usize) -> bool {
    let words = &segment.words;
    let opening = words.get(start).is_some_and(|w| EVENT_PAST.contains(&w.as_str()));
    opening || (start.saturating_sub(3)..start).rev().map(|i| words[i].as_str()).take_while(|w| *w != COMMA).any(|w| EVENT_PAST.contains(&w))
}

impl Request {
    /// The words that may not stand inside the request's gaps.
    fn blocked(&self) -> &'static [&'static str] {
        match self.kind {
            CriticalKind::TreatmentDecision => TREATMENT_BLOCKED,
            _ => DIAGNOSIS_BLOCKED,
        }
    }

    /// Whether the request's wording is there at all, whatever its frame.
    fn is_found_in(&self, segment: &Segment, names_medicine: bool) -> bool {
        (names_medicine || !self.needs_medicine) && self.patterns.iter().any(|p| p.find(&segment.words, self.blocked()))
    }

    fn is_asked_in(&self, segment: &Segment, frames: &Frames, names_medicine: bool, rules: &Rules) -> bool {
        if self.needs_medicine && !names_medicine {
            return false;
        }
        let blocked = self.blocked();
        let words = &segment.words;
        self.patterns.iter().flat_map(|p| p.find_all(words, blocked)).any(|r| {
            // "when should I take…", "how long should I take…", "why do I have to take…": timing and
            // purpose, as prescribed.
            let timing = r.start.checked_sub(1).and_then(|i| words.get(i)).is_some_and(|w| matches!(w.as_str(), "when" | "time" | "long" | "often" | "why"));
            // "does my report say it has spread?" asks what the record says; "what did the biopsy
            // show, do I have cancer?" still asks for a diagnosis.
            // A treatment question reads the record wherever the clause says so ("how much metformin
            // is in my prescription"), and so does a diagnosis question that ends by naming where
            // ("do I have any conditions listed in my record?").
            let clause = segment.clause.get(r.start);
            let names_the_record = |at: usize| words.get(at).is_some_and(|w| RECORD_PLACE.contains(&w.as_str()));
            // A yes/no question well after a statement of what the record says asks anew ("the scan
            // said there is a lesion on my liver is it cancer").
            let asks_anew = self.kind == CriticalKind::DiagnosisRequest
                && words.get(r.start).is_some_and(|w| matches!(w.as_str(), "is" | "are" | "could" | "can" | "might" | "do" | "does" | "am" | "has" | "have" | "will"));
            let reads_record = frames.record_starts.iter().any(|&at| {
                let new_question = asks_anew && at + 4 < r.start;
                (at <= r.start || self.kind == CriticalKind::TreatmentDecision || names_the_record(at)) && segment.clause.get(at) == clause && !new_question
            });
            // "what are the signs that I should go to hospital" is education.
            let educational = self.kind == CriticalKind::Emergency && frames.scoped.get(r.start).copied().unwrap_or(false);
            // "did I have cancer in 2019?" asks about the past, unless something is happening now.
            let past = self.kind == CriticalKind::DiagnosisRequest && Frames::clause_flag(&frames.clause_past, segment, r.start) && !frames.present;
            // "what are the symptoms of sepsis" asks what, not whether: a yes/no diagnosis pattern
            // ("is it…", "are these…") after a question word is education.
            let wh_question = self.kind == CriticalKind::DiagnosisRequest
                && words.get(r.start).is_some_and(|w| matches!(w.as_str(), "is" | "are" | "isnt"))
                && r.start.checked_sub(1).and_then(|i| words.get(i)).is_some_and(|w| matches!(w.as_str(), "what" | "how" | "where" | "who" | "why" | "which"));
            // "can I take my tablets with food?" asks how to take them as prescribed.
            let administration = self.kind == CriticalKind::TreatmentDecision
                && rules.administration.iter().any(|p| p.match_at(0, words, r.end, &[]).is_some());
            !(timing || reads_record || past || educational || wh_question || administration)
        })
    }
}
