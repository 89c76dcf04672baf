//! The critical-question check: whether a patient's chat question must be answered with
//! [`CRITICAL_RESPONSE`] ("This requires immediate medical evaluation. Please consult your doctor or
//! visit emergency services.", `requires_doctor_consultation: true`) instead of an answer from the
//! records.
//!
//! **Why before the model.** The chat runs it on the message before anything is retrieved or any
//! language model is called, and it is deterministic rules only: a question about a heart attack
//! happening now must never wait on retrieval, and whether it is answered must never depend on
//! what a model happens to generate (API.md, "Health insights").
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
//!   (NICE NG234: legs that cannot be felt or moved, loss of bladder or bowel control).
//! - [`CriticalKind::DiagnosisRequest`] — asking whether the patient has, or might have, a disease
//!   ("do I have cancer?", "is this lump malignant", "could it be a tumour", "am I dying", "is it
//!   serious", "what is wrong with me", "has it spread"): a diagnosis is a doctor's to give.
//! - [`CriticalKind::TreatmentDecision`] — deciding treatment without a doctor ("should I stop my
//!   tamoxifen", "can I double my dose", "how much ibuprofen should I take", "can I skip chemo",
//!   "can I use my sister's antibiotics", "should I see a doctor about this").
//!
//! **How.** The first [`MAX_CHARS`] characters are lower-cased and cut into words (apostrophes
//! joined: "can't" → "cant"); shorthand is expanded ("im" → "i am", "u" → "you", "rn" → "right
//! now") and each unknown word of four letters or more is repaired towards the rules' vocabulary
//! (one edit for four to six letters, two from seven; a swap of neighbours, the commonest typo,
//! costs least, and a word must keep its first letter or swap it with the second), so "chset
//! pian", "cant breath", "sucidal" and "brething" read as meant. A list of ordinary English words
//! is never repaired and competes as a repair target, so "doing" stays "doing", not "dying".
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
//!   stop", "is having"): critical, whatever else the sentence says;
//! - a distant time in its clause ("last year", "in 2019", "years ago", "history of", "as a
//!   child"), a question about the record in its sentence ("what did the report say", "my note
//!   says", "when was", "did I have"), or, for an event such as a stroke or heart attack, "had" or
//!   "died of" just before it ("my mother had a stroke"): not critical;
//! - otherwise critical: a symptom named in a patient's question is taken to be happening.
//!
//! Diagnosis and treatment questions are patterns of their own ("do / could / might I have" +
//! a disease; "is this / my lump" + cancerous, malignant, serious; "should / can / may I", "is it
//! safe to", "I want to" + stop, skip, double, start, take… + a medicine or treatment; "how much
//! / many" … "should I take"). A question about what the record says is not a request ("what dose
//! of metformin is listed in my prescription?", "does my report say it has spread?"; for a
//! diagnosis the record question must come first in its clause, so "what did the biopsy show, do
//! I have cancer?" still asks for one), nor is a question about timing ("when should I take my
//! tamoxifen?").
//!
//! Negation and scope are judged here rather than by [`crate::clinical_context`]: that engine is
//! tuned on clinical notes and finds a concept by its text, while here the symptoms carry their
//! own negation ("can't breathe", "won't stop bleeding", "isn't breathing") and are found among
//! repaired words; a relative's emergency happening now is still critical, a relative's history
//! ("my father died of a heart attack") is not.
//!
//! **Not done here.** No triage grading (111 versus 999), no answer, no language but English, no
//! reading of the records: a question is judged by its words alone, and the check errs towards
//! critical when a symptom is named without a frame. The rule that fired is reported as a name
//! ([`CriticalQuestion::rule`]), never with the patient's words.
//!
//! Measured on a blind set: see tests/critical_questions.rs.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

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

/// Whether `message` is a critical question; `None` for an ordinary one. Reads at most the first
/// [`MAX_CHARS`] characters. An emergency outranks a diagnosis request, which outranks a
/// treatment decision.
pub fn check(message: &str) -> Option<CriticalQuestion> {
    let rules = rules();
    let text: String = message.chars().take(MAX_CHARS).collect();
    let words = words(&text, rules);
    let names_medicine = words.iter().any(|word| rules.medicines.contains(word.as_str()));
    let segments = segments(&words);
    let framed: Vec<(&Segment, Frames)> = segments.iter().map(|segment| (segment, Frames::of(segment, rules))).collect();

    for (segment, frames) in &framed {
        if let Some(rule) = rules.symptoms.iter().find(|symptom| symptom.is_critical_in(segment, frames, rules)) {
            return Some(CriticalQuestion { kind: CriticalKind::Emergency, rule: rule.rule });
        }
    }
    for kind in [CriticalKind::Emergency, CriticalKind::DiagnosisRequest, CriticalKind::TreatmentDecision] {
        for (segment, frames) in &framed {
            let asked = rules.requests.iter().filter(|request| request.kind == kind).find(|request| {
                request.is_asked_in(segment, frames, names_medicine)
            });
            if let Some(request) = asked {
                return Some(CriticalQuestion { kind, rule: request.rule });
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The rules, as data. A pattern is words separated by spaces:
//   `a|b`   one word, any of these; `stem*` a word starting with `stem`; `@class` any word of a class
//   `?a|b`  an optional word;  `~N` up to N words (not across a comma, nor over a blocked word)
//   `!a|b`  the next word is none of these (or there is none);  `$` the end of the sentence
// Words are as [`words`] leaves them: lower case, no apostrophes ("cant", "dont", "isnt"), "i'm"
// as "i am", "what's" as "what is", "x-ray" as "xray".
// ---------------------------------------------------------------------------------------------

/// A symptom whose mention, in a present frame, makes a question an emergency.
struct SymptomSpec {
    rule: &'static str,
    /// A one-off event ("a stroke", "a seizure"): "had a stroke" or "died of a heart attack" is history.
    event: bool,
    /// Judged by the frame.
    patterns: &'static [&'static str],
    /// Wordings that are themselves first-person and present: critical unless in an education or
    /// hypothetical scope.
    present: &'static [&'static str],
    /// When not empty, the sentence must also contain one of these (fever *and* chemotherapy).
    with: &'static [&'static str],
}

const SYMPTOMS: &[SymptomSpec] = &[
    SymptomSpec {
        rule: "emergency:suicidal_thoughts",
        event: false,
        patterns: &["suicidal|suicide", "self harm|harming|harmed|injury", "selfharm|selfharming"],
        present: &[
            "kill|killing|end|ending|hurt|hurting|harm|harming|cut|cutting|burn|burning|unalive myself",
            "end|ending|take|taking my ?own life",
            "end|ending it all",
            "end|ending things|everything",
            "plan|planning|plans ~3 end|kill|die",
            "isnt|not|no ~1 worth ~1 living|it",
            "cant|couldnt go on $|anymore|like|living",
            "want|wanna|wish|wishing|rather|ready ~3 die|dead",
            "better off dead|without",
            "dont|not want to live|exist|wake",
            "dont|not want to be ~1 alive|here|around",
            "no reason|point ~2 live|living|go|life",
            "thoughts|thinking|thought of|about ~2 suicide|dying|killing|ending|hurting|harming",
            "i am|feel|feeling suicidal",
        ],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:chest_pain",
        event: false,
        patterns: &[
            "chest|chests pain|pains|pressure|tightness|tight|hurts|hurt|hurting|ache|aches|aching|squeezing|crushing|heaviness|heavy|discomfort|burning|painful",
            "chest ~2 hurts|hurting|hurt|aching|aches|tight|painful|squeezing|crushing|heavy|burning|pain|pains|pressure|killing",
            "pain|pains|pressure|tightness|ache|aching|squeezing|crushing|heaviness|discomfort|tight|burning|weight in|on|across|around|behind|through|of ~2 chest",
            "tight|crushing|squeezing|heavy|painful|sore chest",
            "elephant ~5 chest",
            "pain|pains|ache ~2 spreading|radiating|spreads|radiates|moving|shooting|travelling|traveling|going ~3 arm|jaw|neck|shoulder",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:heart_attack_signs",
        event: false,
        patterns: &[
            "jaw|arm|arms|shoulder|neck|back ~2 pain|pains|hurt|hurts|hurting|ache|aches|aching|tingling",
            "pain|pains|ache|aching|tingling ~1 in ~2 jaw|arm|arms|shoulder",
        ],
        present: &[],
        with: &["sweating|sweaty|sweat|sweats|clammy|racing|pounding|palpitations|breath|breathless|dizzy|nausea|nauseous|chest|faint"],
    },
    SymptomSpec {
        rule: "emergency:heart_attack",
        event: true,
        patterns: &["heart attack|attacks", "cardiac arrest", "myocardial infarction", "heart stopped|stopping"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:breathing",
        event: false,
        patterns: &[
            "trouble|difficulty|difficulties|difficult|hard|struggling|struggle|struggles|problem|problems|labored|laboured|fighting|gasping ~3 breathing|breathe|breath",
            "breathing|breath ~2 problems|problem|difficulty|difficulties|trouble|issues|hard|difficult|labored|laboured|shallow|rapid",
            "short|shortness of breath",
            "breathless|breathlessness|gasping|suffocating|suffocate",
            "choking|choked|choke",
            "blue|grey|gray lips|face|skin|fingers",
            "lips|face|skin ~2 blue|grey|gray",
            "turning|turned|going blue",
            "asthma attack",
        ],
        present: &[
            "cant|couldnt ~2 breathe|breath|breathing",
            "cant get ~1 air",
            "not|isnt|stopped|arent|wasnt|barely|hardly|stop breathing",
            "i am|is|are choking",
        ],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:stroke",
        event: true,
        patterns: &["stroke|strokes", "mini stroke", "tia", "transient ischemic|ischaemic"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:stroke_signs",
        event: false,
        patterns: &[
            "face|mouth|lip|lips|smile|eyelid ~2 drooping|droopy|droops|drooped|droop|sagging|saggy|lopsided|uneven|numb|tingling|paralysed|paralyzed|frozen|crooked|twisted|fallen",
            "drooping|droopy|sagging|lopsided|crooked|numb ~2 face|mouth|smile",
            "one|left|right side ~6 numb|numbness|weak|weakness|paralysed|paralyzed|drooping|droopy|tingling|dead",
            "numb|numbness|weak|weakness|paralysed|paralyzed|paralysis|drooping|droopy ~4 one|left|right side",
            "numb|numbness|weak|weakness|paralysed|paralyzed|paralysis ~4 half ~2 body|face",
            "cant|couldnt move|feel ~2 arm|arms|leg|legs|face|side|hand",
            "arm|face ~1 and ~2 leg|arm|face ~3 weak|numb|numbness|weakness|paralysed|paralyzed|tingling|dead",
            "weak|numb|numbness|weakness|paralysed|paralyzed|tingling ~3 arm|face and ~2 leg|arm|face",
            "seems|seemed|became|becoming|acting confused|disoriented|muddled",
            "confused and|with ~3 dizzy|dizziness|slurred|slurring|headache|weak|weakness|numb|numbness|drowsy|fever|sleepy",
            "sudden|suddenly ~4 numb|numbness|weak|weakness|paralysed|paralyzed|dizzy|dizziness|unsteady|clumsy|confused|confusion|disoriented|balance|speak|talk|walk",
            "numb|numbness|weak|weakness|paralysed|paralyzed|limp|dead ~3 sudden|suddenly",
            "slurred|slurring|slurry|slur|slurs",
            "speech|words|talking|speaking ~2 garbled|jumbled|slurred|strange|weird|funny|muddled|gibberish|nonsense",
            "cant|couldnt|trouble|difficulty|struggling|unable ~2 speak|speaking|talk|talking !to|with|about|english|through",
            "cant|couldnt get ~2 words|word out",
            "words ~2 wont|not come|coming out",
            "suddenly|sudden|acutely|severely|seems|became|is confused|confusion|disoriented|delirious",
            "disoriented|delirious",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:vision_loss",
        event: false,
        patterns: &[
            "sudden|suddenly ~4 vision|sight|blind|blindness|see|seeing|eyesight|blurry|blurred|double",
            "lost|losing|loss|lose ~2 vision|sight|eyesight",
            "went|gone|going|am|is blind",
            "blind in ~2 eye",
            "cant|couldnt see ~1 anything|out|properly|clearly",
            "vision|sight ~3 went|gone|black|dark|blacked|disappeared|curtain",
            "curtain ~4 eye|eyes|vision",
            "double vision",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:severe_bleeding",
        event: false,
        patterns: &[
            "bleeding|bleed|bleeds|blood ~2 wont|cant|doesnt|not|isnt|will ~1 stop|stopping",
            "cant|couldnt ~1 stop ~2 bleeding|bleed|blood",
            "heavy|heavily|severe|severely|uncontrolled|uncontrollable|massive|profuse|profusely|excessive|lots|lot|loads|pouring|gushing|spurting|soaking|soaked|pool|pools ~2 bleeding|blood|bleed !@blood_noun",
            "bleeding|bleed|bleeds|blood heavily|badly|profusely|nonstop|everywhere|lots|through",
            "so much ~1 blood|bleeding !@blood_noun",
            "bleeding|bleed|bleeds ~1 a lot",
            "gushing|pouring|spurting|squirting|streaming ~1 blood",
            "hemorrhage|haemorrhage|hemorrhaging|haemorrhaging",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:vomiting_or_coughing_blood",
        event: false,
        patterns: &[
            "vomiting|vomit|vomited|vomits|throwing|threw|puking|puked|puke|coughing|cough|coughed|coughs|spitting|spit|spat ~3 blood|bloody !@blood_noun",
            "blood ~1 in|when ~3 vomit|sick|cough|coughing|sputum|phlegm|spit|mucus !@blood_noun",
            "black|tarry|bloody ~2 vomit|stool|stools|poo|poop",
            "coffee grounds",
            "blood coming|pouring|gushing|running|spurting ~1 out|from",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:vomiting_or_coughing_blood",
        event: false,
        patterns: &["vomiting|vomited|vomit|puking|puked|coughing|coughed", "throwing|threw up"],
        present: &[],
        with: &["blood|bloody !@blood_noun"],
    },
    SymptomSpec {
        rule: "emergency:overdose_or_poisoning",
        event: true,
        patterns: &[
            "overdose|overdosed|overdosing",
            "took|taken|swallowed ~3 too many|much",
            "took|taken|swallowed|ate|drank ~3 whole|entire ~1 bottle|pack|packet|box|strip",
            "took|taken|swallowed|ate|drank|drunk ~4 bleach|poison|detergent|antifreeze|batteries|battery|chemicals|cleaner",
            "poisoned|poisoning",
            "accidentally|accidently ~3 took|taken|swallowed|double|doubled|twice|two",
            "took|taken|swallowed|ate ~1 10|12|15|16|20|24|25|30|32|40|50|60|100|dozen|handful ~3 @medicine|pills",
            "toddler|baby|child|kid|kids|son|daughter|grandson|granddaughter|dog ~2 ate|swallowed|drank|took|got ~4 @medicine|pills|bleach|poison|detergent|batteries|battery",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:anaphylaxis",
        event: true,
        patterns: &[
            "anaphylaxis|anaphylactic",
            "throat|tongue|lips|lip|mouth|airway|airways ~3 swelling|swollen|swell|swells|closing|tight|tightening|closed",
            "swelling|swollen|swelled ~3 throat|tongue|lips|lip|mouth",
            "allergic reaction|reactions|shock",
            "hives|rash|welts ~6 breath|breathe|breathing|swallow|swallowing|throat|tongue|wheezing|dizzy|faint",
            "cant|couldnt swallow",
            "used|use|using|need|needed|gave|give|should ~2 epipen|epinephrine|adrenaline",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:unconscious_or_fainting",
        event: false,
        patterns: &[
            "fainted|fainting|faints",
            "feel|feeling|felt|about|almost|nearly|going ~2 faint",
            "passed|passing|pass out",
            "blacked|blacking|black out",
            "collapsed|collapse|collapses|collapsing",
            "keeled over",
            "lost|losing|loss of consciousness",
        ],
        present: &[
            "unconscious|unresponsive|unconsciousness",
            "wont|isnt|not wake|waking up",
            "cant|couldnt wake him|her|them|my",
            "not|isnt|arent|stopped responding|respond !to",
        ],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:seizure",
        event: true,
        patterns: &["seizure|seizures|seizing|convulsion|convulsions|convulsing|fitting", "having|had|has|have a fit", "epileptic fit"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:worst_headache",
        event: false,
        patterns: &[
            "worst|sudden|suddenly|thunderclap|explosive|blinding|excruciating|unbearable|severe|agonizing|agonising|crushing ~3 headache|headaches|migraine",
            "headache ~3 worst",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:stiff_neck_with_fever",
        event: false,
        patterns: &["stiff neck", "neck ~2 stiff"],
        present: &[],
        with: &["fever|feverish|temperature|headache|rash|light|vomiting|temp"],
    },
    SymptomSpec {
        rule: "emergency:non_blanching_rash",
        event: false,
        patterns: &["rash|spots ~4 doesnt|dont|not|wont fade|fading|disappear", "glass|tumbler test"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:high_fever",
        event: false,
        patterns: &["fever|temperature|temp ~3 103|104|105|106|107|40|41|42|39.5|39.8|39.9|40.5|41.5", "sepsis|septic"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:fever_during_chemotherapy",
        event: false,
        patterns: &["fever|feverish|chills|shivering|rigors", "high temperature|temp", "temperature|temp|fever ~3 38*|39*|40*|100.*|101*|102*|103*"],
        present: &[],
        with: &["chemo|chemotherapy|neutropenic|neutropenia|infusion"],
    },
    SymptomSpec {
        rule: "emergency:severe_pain",
        event: false,
        patterns: &[
            "severe|excruciating|unbearable|agonizing|agonising|intense|extreme|terrible|worst|sharp|sudden|horrible|crippling ~3 abdominal|stomach|belly|tummy|abdomen|pelvic ~1 pain|pains|ache|cramps|cramping",
            "excruciating|unbearable|agonizing|agonising|worst|crippling|severe|extreme|intense|horrible ~2 pain|pains",
            "pain ~3 unbearable|excruciating|agonizing|agonising",
            "severe|excruciating|unbearable|agonizing|agonising|intense|extreme|terrible|worst|sharp|horrible|bad ~2 pain|pains|ache ~1 in ~3 abdomen|stomach|belly|tummy|pelvis|side",
            "agony",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:blood_clot",
        event: true,
        patterns: &["blood clot|clots", "dvt", "embolism|embolus|thrombosis"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:spinal_cord_compression",
        event: false,
        patterns: &[
            "cant|couldnt|unable ~1 feel|move ~2 legs|leg|feet",
            "numb|numbness ~3 legs|groin|saddle|bottom",
            "lost|losing|loss|cant|couldnt ~2 control ~3 bladder|bowel|bowels",
            "loss of ~1 bladder|bowel ~1 control",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:sense_of_dying",
        event: false,
        patterns: &[],
        present: &["i am dying !to|for|laughing", "like i am ~1 dying", "like i am ~1 going to die"],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:head_injury",
        event: false,
        patterns: &["hit|banged|bumped|knocked|fell|smashed ~3 head"],
        present: &[],
        with: &["vomit*|confus*|drows*|sleepy|unconscious|dizz*|bleed*|blood|thinner|thinners|warfarin|seizure|headache|passed|knocked"],
    },
    SymptomSpec {
        rule: "emergency:low_blood_sugar",
        event: false,
        patterns: &[
            "blood sugar|sugars|glucose|bg|sugar ~3 very|really|dangerously|extremely|super low",
            "hypoglycemia|hypoglycaemia|hypoglycemic|hypoglycaemic|hypo",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:other_injury",
        event: true,
        patterns: &["stabbed|electrocuted|drowning|drowned", "electric shock", "stab wound"],
        present: &[],
        with: &[],
    },
];

/// A question that is critical by what it asks: a diagnosis, a treatment decision, or whether to
/// go to emergency care.
struct RequestSpec {
    kind: CriticalKind,
    rule: &'static str,
    patterns: &'static [&'static str],
    /// Matched only when the message names a medicine somewhere ("should I take it?").
    needs_medicine: bool,
}

const REQUESTS: &[RequestSpec] = &[
    RequestSpec {
        kind: CriticalKind::Emergency,
        rule: "emergency:whether_to_seek_emergency_care",
        patterns: &[
            "should|do|must|shall i|we ~3 go|call|ring|phone|dial|get|need|take|bring|drive|visit|head ~4 ambulance|911|999|112|emergency|er|ae|hospital|casualty|paramedics !for|to|appointment",
            "calling|call|dial|dialing|ring ~1 911|999|112|ambulance",
            "is this|it ?an emergency",
            "this|it is ?an emergency",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:do_i_have",
        patterns: &[
            "do|could|might|may|would|can i ~1 have|got ~3 @disease !@disease_follow",
            "have i got ~3 @disease !@disease_follow",
            "think|reckon|worried|afraid|scared|fear|suspect|wonder|wondering|possible|chance|chances|likely|odds|probability|sure|guess|concerned|tell|know|whether|check ~3 i ~2 have|got|be ~3 @disease !@disease_follow",
            "i ~1 might|may|could|probably|must ~1 have|be ~3 @disease !@disease_follow",
            "mean|means ~1 that|i ~2 have|got|am|might|be ~3 @disease !@disease_follow",
            "mean|means ~1 it is ~2 @disease !@disease_follow",
            "sure|certain ~2 i dont have ~2 @disease",
            "sure|certain ~2 it|this|that isnt ~2 @disease|@serious",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:is_it_a_disease",
        patterns: &[
            "is|isnt|are it|this|that|my|the|these|those|they ~2 @disease|@serious !@disease_follow",
            "could|might|can|may|would it|this|that|these|they ~1 be ~3 @disease|@serious !@disease_follow",
            "it|this|that|they|lump|mass ~1 could|might|may|must ~1 be ~3 @disease|@serious !@disease_follow",
            "worried|afraid|scared|fear|think|suspect|wonder|wondering|sure|whether|possible|chance ~3 it|this|that|lump|mass|mole|spot|cyst|growth|nodule|bump|swelling|they ~1 is|are|be|might|could|may ~2 @disease|@serious !@disease_follow",
            "is|are ~1 this|these|my|it ~2 symptom|symptoms|sign|signs ~1 of ~2 @disease",
            "is|are the|my|this|that|these lump|lumps|mass|mole|spot|growth|nodule|cyst|lesion|thing|swelling|bump|pain|ache|symptom|symptoms|rash|bleeding|discharge|headache|headaches|cough ~4 @disease|@serious !@disease_follow",
            "could|might|may ~1 my ~2 be ~3 @disease|@serious !@disease_follow",
            "what is this|that ~2 lump|rash|bump|mass|spot|mole|growth|swelling|discharge|thing|nodule|lesion|bruise",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:what_is_wrong",
        patterns: &[
            "what|which ~2 disease|condition|illness|infection|sickness|problem|cancer|diagnosis ~1 do|have i ~1 have|got",
            "what do i have $",
            "what ~2 wrong with me|my|him|her",
            "something|anything ~1 wrong with me|my",
            "what ~2 causing ~3 my|this|these|the|it",
            "can|could|would|will|please you ~1 diagnose",
            "diagnose me|my|this|it|what",
            "what is my diagnosis",
            "give ~2 diagnosis",
            "should i be ~1 worried|concerned|scared|afraid|alarmed|panicking",
            "should|do i ~2 worry|panic",
            "is|are this|it|that|my|the ~3 something|anything ~1 to worry",
            "look|looks|sound|sounds|feel|feels like ~2 @disease !@disease_follow",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:prognosis",
        patterns: &[
            "am i ~1 dying|diabetic|anemic|anaemic|sick|ill|infected",
            "am i ~2 going to die",
            "will i ~1 die|survive",
            "going to die $",
            "is it|this|my|the ~2 fatal|terminal|incurable|curable|deadly",
            "how long ~2 to live",
            "how long do|have i ~1 have|got left",
            "how long do i have $",
            "how long have i got",
            "how long will i live|survive|last",
            "life expectancy",
            "what is my prognosis",
            "how serious|bad|dangerous is|are my|this|it|the ~1 lump|condition|cancer|tumour|tumor|it|this|mass|symptoms|disease|illness|infection|situation",
            "my chances ~3 survival|surviving|survive|cure",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:spread_or_recurrence",
        patterns: &[
            "has|have|is|did|could|might|will ~2 it|cancer|tumour|tumor|tumours|tumors|lump|disease|mass|this ~1 spread|spreading|metastasized|metastasised|metastasizing|metastasising|metastasize|metastasise",
            "has|have|is|did|could|might ~2 it|cancer|tumour|tumor|disease|lump|this ~1 come|coming ~1 back",
            "is|has ~2 it|cancer|tumour|tumor|disease ~1 back|returned|recurred $",
            "think|worried|afraid|scared|fear|whether|if|sure|wonder|wondering|possible|chance ~3 it|cancer|tumour|tumor|disease ~1 has|have|is|had ~1 spread|spreading|metastasized|metastasised|come|returned|back",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:change_medication",
        patterns: &[
            "should|can|could|may|shall|must i|we ~2 @action ~3 @medicine !@medicine_follow",
            "ok|okay|safe|alright|fine|wise|allowed|possible|dangerous|bad|better|good|smart to ~1 @action ~3 @medicine !@medicine_follow",
            "want|like|going|planning|plan|decided|deciding|tempted|trying|ready to ~1 @self_change ~3 @medicine !@medicine_follow",
            "thinking|considering|think ?of|about ~1 @self_change ~3 @medicine !@medicine_follow",
            "should|can|could|may i|we ~3 break|holiday ?from|off ~2 @medicine",
            "ok|okay|alright|fine|safe|bad ~1 if i|we ~2 @action ~3 @medicine !@medicine_follow",
            "what|which ~2 @medicine ~2 should|can|could|may i|we ~1 take|use|give|try !in|at|with|before|each|every|daily|tomorrow|tonight|on",
            "should|can|could|may i|we ~2 switch|switching|change|changing|move|moving|go from ~2 @medicine",
            "what|which ~2 treatment|treatments|medication|medicine|surgery|drug|drugs|option ~1 should i ~1 get|have|choose|start|take",
            "what|which ~2 treatment|treatments|medication|medicine|surgery|drug|drugs ~1 do i ~1 need",
            "instead of ~2 chemo|chemotherapy|surgery|radiation|radiotherapy|treatment|tamoxifen|medication|medicine|meds",
            "should|can|could|may|if i|we ~2 skip|skipping|miss|missing|cancel|cancelling|postpone|postponing|delay|delaying ~2 @procedure ~1 appointment|appointments|session|sessions",
            "do|does i|we ~2 need|have to ~2 @action ~3 @medicine",
            "do|should i|we ~2 need ~3 @procedure",
            "should i|we ~2 have|get|do|undergo|accept|choose|opt|agree ~3 @procedure",
            "should|can|could|may i|we ~2 come|go|get off ~2 @medicine",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:change_medication",
        patterns: &[
            "should|can|could|may|shall|must i|we ~2 @action ~3 @pronoun",
            "ok|okay|safe|alright|fine|wise|allowed|possible|dangerous|bad|better|good to ~1 @action ~3 @pronoun",
            "want|like|going|planning|plan|decided|deciding|tempted|trying|ready to ~1 @self_change ~3 @pronoun",
        ],
        needs_medicine: true,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:dose",
        patterns: &[
            "how much|many ~3 @medicine ~3 should|can|could|may|to|safe",
            "what|which ~1 dose|dosage|amount|strength ~3 should|can|could|may|to|safe",
            "max|maximum ~1 dose|amount ~3 @medicine",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:dose",
        patterns: &["how much|many ~2 should|can|could|may|do i|we ~1 take|give|use|have"],
        needs_medicine: true,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:whether_to_see_doctor",
        patterns: &[
            "should|do|must i|we ~3 see|call|ring|phone|contact|visit|consult|book ~3 doctor|gp|oncologist|physician|specialist|nurse|surgeon|someone",
        ],
        needs_medicine: false,
    },
];

/// Word classes the patterns name with `@`.
fn class(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "medicine" => MEDICINES,
        "procedure" => PROCEDURES,
        "pronoun" => &["it", "them", "this", "these", "that", "those", "one", "two", "both", "double", "extra", "another", "more", "less", "half", "some", "any", "all"],
        "action" => ACTIONS,
        "self_change" => SELF_CHANGES,
        "disease" => DISEASES,
        "serious" => &["serious", "dangerous", "fatal", "deadly", "terminal", "threatening", "worrying", "concerning", "malignant", "cancerous", "benign"],
        "disease_follow" => DISEASE_FOLLOW,
        "blood_noun" => BLOOD_NOUNS,
        "medicine_follow" => MEDICINE_FOLLOW,
        _ => return None,
    })
}

/// Medicines and treatments a patient may decide about: the generic words, the breast-cancer
/// drugs (endocrine therapy, HER2 and CDK4/6 drugs, bone agents) and common over-the-counter and
/// chronic medicines.
const MEDICINES: &[&str] = &[
    "medication", "medications", "medicine", "medicines", "meds", "med", "pill", "pills", "tablet", "tablets", "capsule", "capsules",
    "dose", "doses", "dosage", "drug", "drugs", "antibiotic", "antibiotics", "painkiller", "painkillers", "chemo", "chemotherapy",
    "radiation", "radiotherapy", "treatment", "treatments", "therapy", "hormone", "hormones", "injection", "injections", "infusion",
    "insulin", "inhaler", "patch", "patches", "steroid", "steroids", "surgery", "operation", "mastectomy", "lumpectomy",
    "something", "anything", "tamoxifen", "letrozole", "anastrozole", "exemestane", "arimidex", "femara", "aromasin", "fulvestrant",
    "faslodex", "herceptin", "trastuzumab", "pertuzumab", "perjeta", "kadcyla", "palbociclib", "ibrance", "ribociclib", "kisqali",
    "abemaciclib", "verzenio", "capecitabine", "xeloda", "docetaxel", "paclitaxel", "taxol", "cyclophosphamide", "doxorubicin",
    "zoladex", "goserelin", "denosumab", "prolia", "xgeva", "zoledronic", "zometa", "alendronate", "metformin", "ibuprofen", "advil",
    "motrin", "nurofen", "naproxen", "aleve", "paracetamol", "acetaminophen", "tylenol", "aspirin", "codeine", "tramadol", "morphine",
    "oxycodone", "hydrocodone", "gabapentin", "pregabalin", "warfarin", "apixaban", "eliquis", "rivaroxaban", "xarelto", "heparin",
    "clopidogrel", "statin", "statins", "atorvastatin", "simvastatin", "rosuvastatin", "lisinopril", "amlodipine", "losartan",
    "metoprolol", "bisoprolol", "propranolol", "levothyroxine", "thyroxine", "prednisone", "prednisolone", "dexamethasone",
    "antidepressant", "antidepressants", "sertraline", "fluoxetine", "citalopram", "escitalopram", "venlafaxine", "effexor", "prozac",
    "zoloft", "xanax", "alprazolam", "valium", "diazepam", "lorazepam", "melatonin", "omeprazole", "lansoprazole", "ondansetron",
    "zofran", "amoxicillin", "penicillin", "doxycycline", "ciprofloxacin", "azithromycin", "antihistamine", "antihistamines",
    "benadryl", "vitamin", "vitamins", "supplement", "supplements", "estrogen", "oestrogen", "progesterone", "hrt", "contraceptive",
    "contraceptives", "laxative", "laxatives", "opioid", "opioids", "thinner", "thinners", "anticoagulant", "anticoagulants",
    "blockers", "blocker", "inhibitor", "inhibitors", "cbd", "prescription", "syrup",
];

/// Treatments decided once, by a doctor with the patient ("should I have the mastectomy").
const PROCEDURES: &[&str] = &[
    "surgery", "operation", "mastectomy", "lumpectomy", "reconstruction", "chemo", "chemotherapy", "radiation", "radiotherapy",
    "treatment", "therapy", "transfusion", "implant", "implants", "hysterectomy", "oophorectomy", "antibiotics", "medication",
    "tamoxifen", "herceptin",
];

/// What a patient might do to a medicine.
const ACTIONS: &[&str] = &[
    "stop", "stopping", "quit", "quitting", "discontinue", "discontinuing", "start", "starting", "begin", "beginning", "restart",
    "restarting", "resume", "resuming", "skip", "skipping", "miss", "missing", "change", "changing", "switch", "switching", "double",
    "doubling", "increase", "increasing", "decrease", "decreasing", "reduce", "reducing", "lower", "lowering", "raise", "raising",
    "up", "upping", "cut", "cutting", "halve", "halving", "split", "splitting", "crush", "crushing", "chew", "take", "taking", "use",
    "using", "try", "trying", "give", "giving", "add", "adding", "mix", "mixing", "combine", "combining", "borrow", "borrowing",
    "share", "sharing", "drop", "dropping", "pause", "pausing", "delay", "delaying", "postpone", "postponing", "refuse", "refusing",
    "decline", "declining", "avoid", "avoiding", "continue", "continuing", "keep", "keeping", "get", "getting", "wean", "weaning",
    "taper", "tapering", "ditch", "replace", "replacing", "substitute",
];

/// The changes a patient might announce ("I want to stop…"): not starting or taking as told.
const SELF_CHANGES: &[&str] = &[
    "stop", "stopping", "quit", "quitting", "discontinue", "discontinuing", "skip", "skipping", "double", "doubling", "increase",
    "increasing", "decrease", "decreasing", "reduce", "reducing", "halve", "halving", "cut", "cutting", "refuse", "refusing",
    "decline", "declining", "delay", "delaying", "postpone", "postponing", "drop", "dropping", "pause", "pausing", "ditch",
    "wean", "weaning", "taper", "tapering", "switch", "switching", "change", "changing",
];

/// Diseases a patient may ask whether they have.
const DISEASES: &[&str] = &[
    "cancer", "cancers", "cancerous", "tumour", "tumor", "tumours", "tumors", "malignant", "malignancy", "carcinoma", "sarcoma",
    "melanoma", "leukaemia", "leukemia", "lymphoma", "metastasis", "metastases", "metastatic", "mets", "terminal", "benign", "cyst",
    "disease", "illness", "condition", "infection", "diabetes", "diabetic", "lupus", "dementia", "alzheimers", "parkinsons", "hiv",
    "std", "sti", "tuberculosis", "pneumonia", "covid", "sepsis", "cellulitis", "lymphedema", "lymphoedema", "osteoporosis",
    "fibroids", "endometriosis", "ms", "sclerosis", "als", "fibromyalgia", "arthritis", "anemia", "anaemia", "hypothyroidism",
    "stroke", "attack", "clot", "embolism", "recurrence",
];

/// Words after a disease that make it a topic, not a diagnosis ("my cancer treatment").
const DISEASE_FOLLOW: &[&str] = &[
    "treatment", "treatments", "screening", "test", "tests", "appointment", "appointments", "report", "reports", "results", "result",
    "doctor", "nurse", "specialist", "team", "care", "center", "centre", "clinic", "surgery", "drugs", "drug", "medication",
    "medications", "risk", "risks", "gene", "genes", "support", "charity", "history", "stage", "grade", "type", "diagnosis",
    "getting", "better", "worse", "stable", "improving", "under", "treated", "shrinking", "to", "for", "if", "when", "in", "after",
    "size", "sizes", "marker", "markers", "measurement", "location", "awareness", "month",
];

/// Words after a medicine or treatment that make it an errand, not a decision ("change my therapy appointment").
const MEDICINE_FOLLOW: &[&str] = &[
    "appointment", "appointments", "session", "sessions", "schedule", "time", "times", "date", "dates", "day", "days", "nurse",
    "team", "unit", "centre", "center", "clinic", "plan", "record", "records", "report", "results", "bill", "bills", "insurance",
    "cost", "costs", "leaflet", "information", "info", "history", "list", "portal", "reminder", "reminders", "refilled", "refill",
    "refills", "renewed", "renewal", "sent", "transferred", "copy", "label", "number",
];

/// Words after "blood" that are a test or a measure, not bleeding ("blood pressure").
const BLOOD_NOUNS: &[&str] = &[
    "pressure", "test", "tests", "work", "sugar", "sugars", "count", "counts", "results", "result", "type", "levels", "level",
    "glucose", "cells", "cell", "donation", "thinner", "thinners", "draw", "vessel", "vessels", "stream", "panel", "report",
];

// ---------------------------------------------------------------------------------------------
// Frames.
// ---------------------------------------------------------------------------------------------

/// Words that negate the symptom just after them (NegEx's pre-negation kind, Chapman 2001).
const NEGATORS: &[&str] = &[
    "no", "not", "never", "without", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
    "denies", "deny", "denied", "nor", "neither", "none",
];

/// A negator followed by one of these negates nothing ("not sure if I'm having a stroke").
const PSEUDO_NEGATION_NEXT: &[&str] = &["idea", "sure", "clue", "know", "only", "just", "matter", "doubt", "mind", "certain", "think", "understand"];

/// After a symptom: it is over ("the bleeding stopped").
const RESOLVED: &[&str] = &["stopped|gone|resolved|subsided|eased|settled|disappeared|cleared", "went away", "is|has|have|got better"];

/// Anywhere in the sentence, outside an education scope: it is happening now.
const PRESENT: &[&str] = &[
    "now !that", "currently", "at the moment", "atm", "suddenly", "sudden", "today", "tonight", "this morning|afternoon|evening",
    "just had|started|happened|collapsed|fainted|took|swallowed|vomited|coughed|now", "minutes|minute|hour|hours ago", "an hour",
    "since yesterday|earlier", "since last night", "since this morning", "last night", "yesterday", "still have|having|hurts|bleeding|cant|feel|getting",
    "keeps|keep|kept", "getting worse", "worse", "worsening", "please help", "help $", "help me !understand|find|read|explain|interpret|figure|make|know|see|with|get",
    "911|999|112", "am|is|are|been|keep having", "for the last|past ~1 hour|hours|minutes|night",
];

/// Education and hypothetical triggers: the words after them, to the sentence's end or a new
/// first-person clause, are not said to happen now (ConText's hypothetical "if", "return if").
const EDUCATION_FORWARD: &[&str] = &[
    "signs|sign|symptoms|symptom|indications|indicators|indication|warning of|for",
    "warning signs|sign", "red flags",
    "what causes|caused", "cause|causes of",
    "can|could|does|do|will|would|might|may ~4 cause|causes|trigger|triggers|lead|increase|raise|raises",
    "what is|are a|an|the", "what does|do a|an", "how long does|do|will|can|should", "what happens|happened", "what would",
    "how is|are|do|does|can|would|to ~4 treat|treated|diagnose|diagnosed|prevent|prevented|recognise|recognize|recognised|recognized|tell|know|spot|identify|detect|help|manage|managed|handle",
    "tell me about", "explain", "learn|learning about", "information|info about|on", "definition|define", "difference between",
    "how common", "first aid", "cpr", "statistics", "survival rate", "in case", "in the event", "when should|to|do|would",
    "possible side", "prevent|prevention|avoid|avoiding", "someone who|with",
    "worried|afraid|scared|concerned|anxious|fear|risk|likely ~2 having|getting|developing|another",
];

/// "if" after one of these is "whether", not a condition ("I don't know if I'm having a stroke").
const IF_NOT_HYPOTHETICAL: &[&str] = &["know", "sure", "wonder", "wondering", "tell", "see", "check", "ask", "asking", "unsure", "as", "even", "idea", "unclear", "certain"];

/// A clause with one of these is about risk or heredity, not a present symptom.
const CLAUSE_EDUCATION: &[&str] = &[
    "risk|risks|chance|chances|odds|likelihood|probability|prone|susceptible", "hereditary|genetic|inherited",
    "run|runs in ?the|my family", "side effect|effects", "what does|do|would ~3 look like",
];

/// A clause with one of these is about the past.
const DISTANT_PAST: &[&str] = &[
    "last year|month|months|week|weeks|summer|winter|spring|autumn|fall|time|decade|visit|appointment",
    "year|years|month|months|week|weeks|decade|decades ago", "as a child|kid|teenager|teen|baby", "when i was", "back in|then",
    "history of", "hx of", "previous|previously|prior|past|former|formerly", "used to", "once had",
    "childhood", "in|on|since|during|last|of|back january|february|march|april|june|july|august|september|october|november|december",
];

/// A sentence with one of these asks what the record says.
const RECORD: &[&str] = &[
    "say|says|said|show|shows|showed|shown|showing|mention|mentions|mentioned|mentioning|state|states|stated|written|wrote|list|lists|listed",
    "documented|recorded|noted|indicate|indicates|indicated|describe|describes|described|prescribed|according",
    "what did|was", "when was|did|were", "did i|was i|were i", "have i ever",
    "ever been|had", "ever ~1 investigated|evaluated|treated|checked|looked|diagnosed|explained", "was|were ~4 investigated|evaluated|treated|followed|checked|assessed|managed|explained|documented|diagnosed",
    "in|on|from ~1 my|the notes|records|record|chart|file|report|reports|history|results|letter|letters|documents|summary",
];

/// Just before an event symptom, these make it history ("had a stroke", "died of a heart attack").
const EVENT_PAST: &[&str] = &["had", "suffered", "survived", "died", "diagnosed", "recovered", "after", "since", "following"];

/// Gaps in diagnosis patterns do not run over these ("do I have a family history of cancer").
const DIAGNOSIS_BLOCKED: &[&str] = &[
    "risk", "risks", "chance", "chances", "history", "family", "screening", "screen", "test", "tests", "appointment", "appointments",
    "mammogram", "scan", "gene", "genes", "mutation", "insurance", "doctor", "nurse", "clinic", "treatment", "medication", "report",
    "result", "results", "record", "records", "copy", "not", "no", "never", "dont", "doesnt", "isnt", "without", "mother", "father",
    "mom", "mum", "dad", "sister", "brother", "aunt", "grandmother", "friend",
];

/// Gaps in treatment patterns do not run over these ("can I start exercising after my mastectomy").
const TREATMENT_BLOCKED: &[&str] = &[
    "after", "before", "during", "while", "until", "since", "following", "when", "if", "because", "about", "for", "from", "without",
    "than", "like", "in", "on", "at", "with", "not", "dont", "worrying", "eating", "drinking",
];

/// A comma followed by one of these starts a new statement: an education scope ends there.
const NEW_SUBJECT: &[&str] = &["i", "my", "we", "he", "she", "they", "his", "her", "our", "me"];

/// Words that end one sentence part and start another.
const CONTRAST: &[&str] = &["but", "however", "although", "though", "whereas"];

// ---------------------------------------------------------------------------------------------
// Words.
// ---------------------------------------------------------------------------------------------

/// Shorthand and contractions, after apostrophes are dropped.
const SHORTHAND: &[(&str, &[&str])] = &[
    ("im", &["i", "am"]), ("ive", &["i", "have"]), ("u", &["you"]), ("ur", &["your"]), ("r", &["are"]), ("youre", &["you", "are"]),
    ("whats", &["what", "is"]), ("its", &["it", "is"]), ("thats", &["that", "is"]), ("hes", &["he", "is"]), ("shes", &["she", "is"]),
    ("theres", &["there", "is"]), ("wat", &["what"]), ("wut", &["what"]), ("wht", &["what"]), ("pls", &["please"]), ("plz", &["please"]),
    ("rn", &["right", "now"]), ("asap", &["now"]), ("b4", &["before"]), ("bc", &["because"]), ("cuz", &["because"]),
    ("coz", &["because"]), ("abt", &["about"]), ("wanna", &["want", "to"]), ("gonna", &["going", "to"]), ("cannot", &["cant"]),
    ("cnt", &["cant"]), ("cn", &["can"]), ("shld", &["should"]), ("dr", &["doctor"]), ("doc", &["doctor"]), ("od", &["overdose"]),
    ("kms", &["kill", "myself"]), ("hr", &["hour"]), ("hrs", &["hours"]), ("mins", &["minutes"]),
    ("yr", &["year"]), ("yrs", &["years"]), ("yday", &["yesterday"]), ("2day", &["today"]), ("tonite", &["tonight"]),
    ("2nite", &["tonight"]), ("idk", &["i", "dont", "know"]), ("tho", &["though"]), ("ppl", &["people"]),
    ("mum", &["mother"]), ("mom", &["mother"]), ("dad", &["father"]), ("heartattack", &["heart", "attack"]),
    ("chestpain", &["chest", "pain"]), ("breathin", &["breathing"]), ("hav", &["have"]), ("w", &["with"]), ("shud", &["should"]),
    ("shd", &["should"]), ("shoud", &["should"]), ("wud", &["would"]), ("cud", &["could"]), ("dubble", &["double"]), ("tite", &["tight"]),
    ("thru", &["through"]), ("nite", &["night"]), ("ya", &["you"]),
    ("bleedin", &["bleeding"]), ("dyin", &["dying"]), ("havin", &["having"]), ("doin", &["doing"]),
];

/// Two words read as one.
const JOINED: &[(&str, &str, &str)] = &[
    ("can", "not", "cant"), ("unable", "to", "cant"), ("x", "ray", "xray"), ("a", "e", "ae"), ("epi", "pen", "epipen"),
    ("do", "not", "dont"), ("does", "not", "doesnt"), ("is", "not", "isnt"), ("will", "not", "wont"), ("self", "harm", "selfharm"),
];

/// Ordinary English words, and the words of the record and of chat, that are never repaired and
/// compete as repair targets (so "doing" is not taken for "dying", nor "cancel" for "cancer").
const ORDINARY: &str = "
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
    chess wear walk walking talked weekly breadth breast breasts
    checking results lump lumps cyst biopsy mammogram ultrasound xray oncologist surgeon nurse clinic insurance referral
    hospital prescription pharmacy refill follow followup recovery healing heals healed weight weigh height healthy health
";

/// Words that also belong to the rules' vocabulary although no pattern names them: forms of the
/// patterns' stems, so a misspelling of them is repaired.
const EXTRA_VOCABULARY: &[&str] = &[
    "suicidal", "suicide", "breathing", "breathe", "breath", "breathless", "bleeding", "bleed", "vomiting", "vomit", "seizure",
    "unconscious", "unresponsive", "anaphylaxis", "overdose", "overdosed", "poisoned", "swelling", "swollen", "drooping", "numbness",
    "paralysed", "paralyzed", "slurred", "confused", "disoriented", "metastasized", "spreading", "headache", "faint", "fainted",
    "collapsed", "choking", "chest", "pain", "heart", "attack", "stroke", "dizzy", "dying", "cancer", "tumour", "tumor",
    "malignant", "ibuprofen", "tamoxifen", "emergency", "ambulance", "hospital", "tightness", "pressure", "vision", "blind",
];

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
    medicines: HashSet<&'static str>,
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
            .chain(&resolved);
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
            medicines: MEDICINES.iter().copied().collect(),
            known,
            targets,
            unknown_classes: unknown,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Patterns.
// ---------------------------------------------------------------------------------------------

enum Alt {
    Word(&'static str),
    Prefix(&'static str),
}

impl Alt {
    fn matches(&self, word: &str) -> bool {
        match self {
            Alt::Word(w) => word == *w,
            Alt::Prefix(p) => word.starts_with(p),
        }
    }
}

enum Slot {
    One(Vec<Alt>),
    Optional(Vec<Alt>),
    Gap(usize),
    NotNext(Vec<Alt>),
    End,
}

struct Pattern {
    slots: Vec<Slot>,
}

/// A clause break inside a sentence (a comma, a colon, a dash).
const COMMA: &str = ",";
/// A sentence break.
const STOP: &str = ".";

impl Pattern {
    fn parse(text: &'static str, unknown: &mut Vec<String>) -> Pattern {
        let alts = |spec: &'static str, unknown: &mut Vec<String>| -> Vec<Alt> {
            let mut out = Vec::new();
            for alt in spec.split('|') {
                if let Some(name) = alt.strip_prefix('@') {
                    match class(name) {
                        Some(words) => out.extend(words.iter().map(|w| Alt::Word(w))),
                        None => unknown.push(name.to_string()),
                    }
                } else if let Some(stem) = alt.strip_suffix('*') {
                    out.push(Alt::Prefix(stem));
                } else {
                    out.push(Alt::Word(alt));
                }
            }
            out
        };
        let slots = text
            .split_whitespace()
            .map(|token| {
                if token == "$" {
                    Slot::End
                } else if let Some(n) = token.strip_prefix('~') {
                    Slot::Gap(n.parse().unwrap_or(1))
                } else if let Some(spec) = token.strip_prefix('?') {
                    Slot::Optional(alts(spec, unknown))
                } else if let Some(spec) = token.strip_prefix('!') {
                    Slot::NotNext(alts(spec, unknown))
                } else {
                    Slot::One(alts(token, unknown))
                }
            })
            .collect();
        Pattern { slots }
    }

    /// The literal words the pattern can match, for the repair vocabulary.
    fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.slots.iter().flat_map(|slot| match slot {
            Slot::One(alts) | Slot::Optional(alts) => alts
                .iter()
                .filter_map(|alt| match alt {
                    Alt::Word(w) => Some(*w),
                    Alt::Prefix(_) => None,
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }

    /// Every place the pattern matches in `words`: for each start, the shortest match. A gap
    /// never covers a comma nor a word of `blocked`.
    fn find_all(&self, words: &[String], blocked: &[&str]) -> Vec<Range<usize>> {
        (0..words.len()).filter_map(|start| self.match_at(0, words, start, blocked).map(|end| start..end)).collect()
    }

    fn find(&self, words: &[String], blocked: &[&str]) -> bool {
        (0..words.len()).any(|start| self.match_at(0, words, start, blocked).is_some())
    }

    fn match_at(&self, slot: usize, words: &[String], at: usize, blocked: &[&str]) -> Option<usize> {
        let Some(current) = self.slots.get(slot) else { return Some(at) };
        let word = words.get(at).map(String::as_str).filter(|w| *w != COMMA);
        match current {
            Slot::One(alts) => {
                let word = word?;
                alts.iter().any(|alt| alt.matches(word)).then_some(())?;
                self.match_at(slot + 1, words, at + 1, blocked)
            }
            Slot::Optional(alts) => {
                let taken = word.is_some_and(|w| alts.iter().any(|alt| alt.matches(w)));
                if let Some(end) = taken.then(|| self.match_at(slot + 1, words, at + 1, blocked)).flatten() {
                    return Some(end);
                }
                self.match_at(slot + 1, words, at, blocked)
            }
            Slot::Gap(n) => {
                for skip in 0..=*n {
                    if skip > 0 {
                        let skipped = words.get(at + skip - 1).map(String::as_str)?;
                        if skipped == COMMA || blocked.contains(&skipped) {
                            return None;
                        }
                    }
                    if let Some(end) = self.match_at(slot + 1, words, at + skip, blocked) {
                        return Some(end);
                    }
                }
                None
            }
            Slot::NotNext(alts) => {
                if word.is_some_and(|w| alts.iter().any(|alt| alt.matches(w))) {
                    return None;
                }
                self.match_at(slot + 1, words, at, blocked)
            }
            Slot::End => (at >= words.len()).then(|| self.match_at(slot + 1, words, at, blocked)).flatten(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// From text to sentences of repaired words.
// ---------------------------------------------------------------------------------------------

/// The message as words, clause breaks ([`COMMA`]) and sentence breaks ([`STOP`]).
fn words(text: &str, rules: &Rules) -> Vec<String> {
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
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
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
            ',' | ':' | '(' | ')' | '"' | '[' | ']' | '\u{2014}' | '\u{2013}' | '\u{2026}' | '\u{201c}' | '\u{201d}' => push_break(&mut raw, COMMA),
            _ => {}
        }
    }
    if !word.is_empty() {
        raw.push(word);
    }

    let mut expanded: Vec<String> = Vec::with_capacity(raw.len());
    let mut repairs: HashMap<String, String> = HashMap::new();
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
fn repair(word: &str, rules: &Rules) -> Option<&'static str> {
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
    best.filter(|(_, _, is_rule_word)| *is_rule_word).map(|(_, target, _)| target)
}

/// The cost of one substitution or one extra letter; a missing letter costs a little less and a
/// swap of neighbours less still (the commonest typos: "brething", "chset").
const EDIT: u32 = 10;
const MISSING: u32 = 9;
const SWAP: u32 = 8;

/// Weighted optimal-string-alignment distance from the typed word to `target`, giving up (with a
/// cost above `budget`) once no alignment can stay within it.
fn distance(typed: &[char], target: &str, budget: u32) -> u32 {
    let target: Vec<char> = target.chars().collect();
    let (n, m) = (typed.len(), target.len());
    let mut rows = vec![vec![0u32; m + 1]; n + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
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
struct Segment {
    words: Vec<String>,
    clause: Vec<usize>,
}

fn segments(words: &[String]) -> Vec<Segment> {
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
        let present = rules.present.iter().flat_map(|p| p.find_all(words, &[])).any(|r| !scoped[r.start]);
        let record_starts: Vec<usize> = rules.record.iter().flat_map(|p| p.find_all(words, &[])).map(|r| r.start).collect();
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
    fn is_critical_in(&self, segment: &Segment, frames: &Frames, rules: &Rules) -> bool {
        let words = &segment.words;
        if !self.with.is_empty() && !self.with.iter().any(|p| p.find(words, NEGATORS)) {
            return false;
        }
        let mentions = |patterns: &[Pattern]| -> Vec<Range<usize>> {
            patterns.iter().flat_map(|p| p.find_all(words, NEGATORS)).filter(|r| !negated(segment, r.clone(), rules)).collect()
        };
        if mentions(&self.present).iter().any(|r| !frames.scoped[r.start]) {
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
    (0..after.len()).any(|start| rules.resolved.iter().any(|p| p.match_at(0, &after, start, &[]).is_some()))
}

/// "had", "died of", "after" within three words before an event (or opening its mention: "had a
/// fit"), in its clause.
fn after_past_verb(segment: &Segment, start: usize) -> bool {
    let words = &segment.words;
    let opening = words.get(start).is_some_and(|w| EVENT_PAST.contains(&w.as_str()));
    opening || (start.saturating_sub(3)..start).rev().map(|i| words[i].as_str()).take_while(|w| *w != COMMA).any(|w| EVENT_PAST.contains(&w))
}

impl Request {
    fn is_asked_in(&self, segment: &Segment, frames: &Frames, names_medicine: bool) -> bool {
        if self.needs_medicine && !names_medicine {
            return false;
        }
        let blocked = match self.kind {
            CriticalKind::TreatmentDecision => TREATMENT_BLOCKED,
            _ => DIAGNOSIS_BLOCKED,
        };
        let words = &segment.words;
        self.patterns.iter().flat_map(|p| p.find_all(words, blocked)).any(|r| {
            // "when should I take…", "how long should I take…", "why do I have to take…": timing and
            // purpose, as prescribed.
            let timing = r.start.checked_sub(1).and_then(|i| words.get(i)).is_some_and(|w| matches!(w.as_str(), "when" | "time" | "long" | "often" | "why"));
            // "does my report say it has spread?" asks what the record says; "what did the biopsy
            // show, do I have cancer?" still asks for a diagnosis.
            // A treatment question reads the record wherever the clause says so ("how much metformin
            // is in my prescription").
            let clause = segment.clause.get(r.start);
            let reads_record = frames
                .record_starts
                .iter()
                .any(|&at| (at <= r.start || self.kind == CriticalKind::TreatmentDecision) && segment.clause.get(at) == clause);
            // "what are the signs that I should go to hospital" is education.
            let educational = self.kind == CriticalKind::Emergency && frames.scoped.get(r.start).copied().unwrap_or(false);
            // "did I have cancer in 2019?" asks about the past, unless something is happening now.
            let past = self.kind == CriticalKind::DiagnosisRequest && Frames::clause_flag(&frames.clause_past, segment, r.start) && !frames.present;
            !(timing || reads_record || past || educational)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message that `check` does not judge as `expected` (kind, or ordinary for `None`).
    fn misjudged(expected: Option<CriticalKind>, messages: &[&str]) -> Vec<String> {
        messages
            .iter()
            .filter_map(|message| {
                let got = check(message);
                (got.as_ref().map(|c| c.kind) != expected).then(|| format!("{message:?} -> {got:?}"))
            })
            .collect()
    }

    fn assert_all(expected: Option<CriticalKind>, messages: &[&str]) {
        let wrong = misjudged(expected, messages);
        assert!(wrong.is_empty(), "expected {expected:?}:\n{}", wrong.join("\n"));
    }

    fn rule_of(message: &str) -> Option<&'static str> {
        check(message).map(|c| c.rule)
    }

    #[test]
    fn the_rules_name_only_classes_that_exist() {
        assert!(rules().unknown_classes.is_empty(), "{:?}", rules().unknown_classes);
    }

    // American Heart Association, "Warning Signs of a Heart Attack": chest pain or pressure, pain
    // spreading to the arm, jaw, neck or back, shortness of breath.
    #[test]
    fn heart_attack_signs_happening_now_are_emergencies() {
        assert_all(
            Some(CriticalKind::Emergency),
            &[
                "I have chest pain",
                "chset pian and sweating what do i do",
                "my chest hurts really bad rn",
                "Crushing pressure in my chest, it's spreading to my left arm",
                "feels like an elephant is sitting on my chest",
                "I think I'm having a heart attack",
                "hart attack??",
                "my dad has chest pain right now and is sweating",
                "tightness across my chest since this morning",
                "I had chest pain last year and now it is back",
            ],
        );
        assert_eq!(rule_of("I have chest pain"), Some("emergency:chest_pain"));
        assert_eq!(rule_of("I think I'm having a heart attack"), Some("emergency:heart_attack"));
    }

    // American Stroke Association, BE FAST: balance, eyes, face drooping, arm weakness, speech, time;
    // sudden confusion and the sudden worst headache.
    #[test]
    fn stroke_signs_happening_now_are_emergencies() {
        assert_all(
            Some(CriticalKind::Emergency),
            &[
                "my face is drooping on one side",
                "My mom's speech is slurred and her face looks droopy",
                "suddenly my left side went numb",
                "I can't move my arm and my words are coming out wrong",
                "my husband is confused and cant talk properly",
                "I suddenly lost vision in my right eye",
                "worst headache of my life came on suddenly",
                "i think im having a strok",
                "sudden numbness in my face and arm",
            ],
        );
        assert_eq!(rule_of("my face is drooping on one side"), Some("emergency:stroke_signs"));
    }

    // NHS "When to call 999": severe difficulty breathing, choking, heavy bleeding that will not stop,
    // vomiting or coughing up blood, unconsciousness, a seizure, sudden severe pain, anaphylaxis.
    #[test]
    fn the_nhs_call_999_list_is_an_emergency() {
        assert_all(
            Some(CriticalKind::Emergency),
            &[
                "I cant breath",
                "i can't brething properly",
                "struggling to breathe and my lips are turning blue",
                "my son is choking",
                "My husband collapsed and isn't breathing",
                "the bleeding won't stop after my biopsy",
                "there is a lot of blood, it is soaking through the bandage",
                "I've been vomiting blood",
                "coughed up blood this morning",
                "my wife is unconscious",
                "she fainted and won't wake up",
                "my daughter is having a seizure",
                "severe abdominal pain that started an hour ago",
                "my throat is swelling after eating peanuts",
                "hives all over and my tongue is swollen after the infusion",
                "I took too many of my sleeping pills",
                "my toddler swallowed bleach",
                "I have a stiff neck and a high fever",
                "fever of 38.5 during chemo, what should I do",
                "I can't feel my legs and I've lost control of my bladder",
                "my right arm and leg are weak",
                "I feel confused and dizzy",
            ],
        );
        assert_eq!(rule_of("I cant breath"), Some("emergency:breathing"));
        assert_eq!(rule_of("I've been vomiting blood"), Some("emergency:vomiting_or_coughing_blood"));
    }

    // 988 Suicide & Crisis Lifeline and NHS guidance: suicidal thoughts, wanting to die and
    // self-harm are emergencies, however they are spelled.
    #[test]
    fn suicidal_thoughts_and_self_harm_are_emergencies() {
        assert_all(
            Some(CriticalKind::Emergency),
            &[
                "I feel sucidal",
                "i want to die",
                "I dont want to live anymore",
                "I've been thinking about killing myself",
                "i keep cutting myself",
                "sometimes I wish I was dead",
                "I want to end my life",
                "everyone would be better off without me",
                "Im having suicidal thoughts",
            ],
        );
        assert_eq!(rule_of("I feel sucidal"), Some("emergency:suicidal_thoughts"));
        assert_eq!(check("I don't want to die from this cancer, what are my options?").map(|c| c.kind), None);
    }

    #[test]
    fn asking_whether_to_go_to_emergency_care_is_an_emergency() {
        assert_all(Some(CriticalKind::Emergency), &["should i go to the ER?", "Do I need to call an ambulance", "is this an emergency?"]);
    }

    // API.md: a request for a diagnosis is answered with the critical response.
    #[test]
    fn diagnosis_requests_are_critical() {
        assert_all(
            Some(CriticalKind::DiagnosisRequest),
            &[
                "do I have cancer?",
                "Do i have breast canser",
                "is this lump malignant",
                "could it be a tumour?",
                "what disease do I have",
                "am I dying?",
                "is it serious?",
                "what's wrong with me",
                "could this be something serious",
                "Has my cancer spread?",
                "is the cancer back",
                "I'm scared it's cancer",
                "does this mean I have cancer",
                "could i have diabetes",
                "how long do I have left",
                "are these symptoms of lymphoma",
                "should I be worried about this lump",
                "what is this lump under my arm",
                "can u diagnose me",
                "what is causing my headaches",
            ],
        );
        assert_eq!(rule_of("do I have cancer?"), Some("diagnosis:do_i_have"));
        assert_eq!(rule_of("am I dying?"), Some("diagnosis:prognosis"));
    }

    // API.md: treatment decisions without a doctor are answered with the critical response.
    #[test]
    fn treatment_decisions_are_critical() {
        assert_all(
            Some(CriticalKind::TreatmentDecision),
            &[
                "should I stop my tamoxifen",
                "Can I double my dose?",
                "how much ibuprofen should I take",
                "can i skip chemo this week",
                "should I start taking vitamin D",
                "can I use my sister's antibiotics",
                "is it safe to take advil with letrozole",
                "I want to stop taking anastrozole, the side effects are awful",
                "thinking about quitting my hormone therapy",
                "do I really need radiation?",
                "should I have the mastectomy or the lumpectomy",
                "can i stop taking it? the tamoxifen makes me tired",
                "shuold i stpo my tamoxifin",
                "how many paracetamol can I take in a day",
                "do I need to see a doctor about this rash",
                "can I take a break from chemo",
                "is it ok to cut my pills in half",
            ],
        );
        assert_eq!(rule_of("Can I double my dose?"), Some("treatment:change_medication"));
        assert_eq!(rule_of("how much ibuprofen should I take"), Some("treatment:dose"));
    }

    // The brief's hard negatives, and more of the same kinds: the past, the record, education,
    // family history, hypotheticals, negation, and ordinary errands that name a body part or a drug.
    #[test]
    fn ordinary_questions_are_not_critical() {
        assert_all(
            None,
            &[
                "what did my chest x-ray in 2019 show?",
                "when was my last mammogram?",
                "what does 'no evidence of malignancy' mean?",
                "my note says chest pain last year, what was the cause?",
                "what are the warning signs of a stroke?",
                "my mother had breast cancer, what does my record say about my risk?",
                "what dose of metformin is listed in my prescription?",
                "My dad had a heart attack in 2015. Is my cholesterol ok?",
                "my mother had a stroke, am I at higher risk?",
                "I had a seizure as a child, is that in my history?",
                "What are the symptoms of a heart attack in women?",
                "Does tamoxifen increase the risk of blood clots?",
                "can letrozole cause shortness of breath?",
                "What should I do if I get chest pain during exercise?",
                "I have no chest pain now, what did my echo show?",
                "Can you explain my blood test results?",
                "what is my blood pressure trend this year",
                "How do I stop the app notifications?",
                "Can I change my appointment to next week?",
                "can I start exercising after my mastectomy?",
                "Can I take a shower after surgery?",
                "When should I take my tamoxifen, morning or night?",
                "How long do I have to take tamoxifen?",
                "can I get a copy of my biopsy report",
                "How is it going? I'm doing well today",
                "can i cancel my appointment on friday",
                "What type of mammogram did I have last time?",
                "does my pathology report say the cancer has spread?",
                "what did the cardiologist say about my heart attack in 2018?",
                "is breast cancer hereditary?",
                "How many steps should I walk a day?",
                "what medications am I on?",
                "Is my mammogram from March normal?",
                "I used to have panic attacks, what did my GP write?",
                "what is a lumpectomy?",
                "my sister has a history of blood clots, should I tell my doctor?",
                "what were my cholesterol results in 2020",
                "Remind me when my next oncology appointment is",
                "I'm confused about my lab results, can you explain them?",
                "what does BI-RADS 2 mean on my report",
                "The bleeding after my biopsy has stopped, when can I shower?",
                "How do I recognise a stroke in someone else?",
                "what is the survival rate for stage 1 breast cancer",
                "when is my next chemo session",
                "Did my last scan show any problems with my lungs?",
                "Tell me about the side effects of radiation therapy",
                "what vitamins are listed in my records",
                "I can't see my results in the app",
                "I can't talk to my doctor until Monday, what does my report say?",
                "how much does a mammogram cost",
                "I'm confused, can you explain my results?",
                "What are the signs that I should go to hospital?",
                "How much metformin do I take according to my records?",
                "What does anaphylaxis look like?",
            ],
        );
    }

    /// More of the author's own phrasings: other words, typos, shorthand, other people.
    #[test]
    fn critical_questions_in_other_words_are_critical() {
        let missed: Vec<&str> = [
            "my chest feels tight and i feel dizzy",
            "im having trouble breathing",
            "cant catch my breath",
            "my heart is racing and i have pain in my jaw",
            "i think my wife is having a stroke her face looks weird",
            "my arm went numb suddenly",
            "bleeding heavily from my incision",
            "i threw up blood",
            "theres blood in my vomit",
            "i took a whole bottle of pills",
            "i overdosed on my meds",
            "my lips are swelling up after the new medication",
            "i feel like i'm going to pass out",
            "passed out in the shower",
            "i had a fit an hour ago",
            "worst headache ever",
            "i have a severe headache and a stiff neck",
            "i want to kill myself",
            "thinking of ending it all",
            "i have been self harming",
            "i feel like i'm dying",
            "my grandfather isnt responding",
            "i have a temperature of 39 on chemo",
            "Should I stop taking letrozole because of joint pain?",
            "is it okay if i skip my radiation appointment tomorrow",
            "can I take my husbands oxycodone for the pain",
            "do i have breast cancer?",
            "is my lump cancer",
            "Is the mass in my breast cancerous?",
            "could this be cancer",
            "what are the chances I have cancer",
            "am i going to die",
            "is this normal or should i go to hospital",
            "can i stop chemo early",
            "i want to quit tamoxifen",
            "should i increase my insulin",
            "how much tylenol can i take",
            "can i give my son my antibiotics",
            "is it safe to stop my blood thinner before surgery",
            "I found a lump in my breast, is it cancer?",
            "what is wrong with my heart",
            "is it a heart attack or anxiety",
            "my left arm and jaw hurt and I'm sweating",
            "im bleeding a lot and feel faint",
            "sudden blurry vision and headache",
            "i cant stop shaking and have a fever after chemo",
            "help i cant breathe",
            "my baby isnt breathing",
            "I'm pregnant and bleeding heavily",
            "i have severe stomach pain",
            "my husband is having chest pains",
            "Is my cancer terminal?",
            "should I get the surgery my doctor recommended or wait",
            "can I take ibuprofen while on tamoxifen",
            "what's the max dose of advil i can take",
            "I have chest pain, is it a side effect of tamoxifen?",
            "I am having a panic attack and cant breathe",
            "do you think the cancer has spread to my lymph nodes",
            "i feel a lump in my armpit, do i have lymphoma?",
            "my chest is killing me",
            "I cant stop bleeding from my nose",
            "Should I bring my husband to the ER?",
            "i've had a bad headache and stiff neck since yesterday with a temp",
            "i think i might be having an allergic reaction",
            "my 5 year old drank some bleach",
            "my speech is slurred",
            "Is it ok to take tamoxifen and ibuprofen together?",
            "I fell and hit my head and now I'm vomiting",
            "I'm worried about my chest pain",
            "My mom is having a heart attack",
            "My mom just had a heart attack",
            "What is my diagnosis?",
            "chest pian",
            "CHEST PAIN!!!",
            "i hav realy bad chest presure",
            "cant brethe",
            "cnt breathe pls help",
            "im cougging up blood",
            "my wife collaped",
            "i think im haveing a hart atack",
            "sucidal thoughts again",
            "i wanna die",
            "thinking of killin myself",
            "my face is droopin and my speach is slured",
            "severe bleding wont stop",
            "my throat is closeing up",
            "having a siezure",
            "my son is unconcious",
            "do i hav cancer",
            "is it cancerous?",
            "is the lump malignent",
            "could it be a tumor",
            "am i dyeing",
            "whats wrong w me",
            "shud i stop my tamoxifen",
            "can i dubble my dose",
            "how much ibuprofin shud i take",
            "can i skip chemo",
            "can i use my sisters antibiotcs",
            "ok to stop my meds?",
            "r u sure i dont have cancer",
            "my chest feels tite and my arm is numb",
            "I ovrdosed",
            "i feel faint and my heart is pounding",
            "I got stung by a bee and now my throat feels tight",
            "broke out in hives after the new antibiotic and it's hard to breathe",
            "my face and lips are swelling after eating shrimp",
            "I'm having a really bad allergic reaction",
            "i passed out at work",
            "my father is unresponsive",
            "my daughter had a seizure 10 minutes ago",
            "she is shaking uncontrollably and not responding",
            "sudden severe headache, worst ever",
            "I have a fever of 40 and a stiff neck",
            "really bad pain in my lower right abdomen",
            "i'm in agony with stomach pain",
            "I have blood coming out of my mouth",
            "I can't stop throwing up and there's blood",
            "i swallowed 20 paracetamol",
            "my toddler ate some of my pills",
            "I'm having thoughts of hurting myself",
            "I have a plan to end things",
            "life isn't worth living anymore",
            "I can't go on anymore",
            "My dad is slurring his words and can't lift his arm",
            "I suddenly can't see out of one eye",
            "My chest is tight and I'm wheezing and can't talk",
            "I feel pressure in my chest when I walk up stairs",
            "I feel short of breath lying down",
            "is this a heart attack?",
            "can I stop taking my blood pressure pills?",
            "should I switch from tamoxifen to an aromatase inhibitor?",
            "Can I take double the dose of my painkillers if it hurts a lot?",
            "Is it okay to skip my letrozole for a week while on vacation?",
            "Should I restart my tamoxifen after surgery?",
            "Can I take my old antibiotics from last year for this infection?",
            "Should I go off my antidepressants?",
            "What painkiller should I take for my headache?",
            "Which antibiotic should I take for a UTI?",
            "Can I give my kids my prescription cough syrup?",
            "I want to try CBD oil instead of my chemo",
            "Is this lump something to worry about?",
            "Do my symptoms mean I have breast cancer?",
            "what illness do i have based on my symptoms",
            "I've been losing weight and tired, do I have cancer?",
            "Is it possible I have a brain tumour?",
            "could my headaches be a brain tumor",
            "Am I having a stroke?",
            "Is the pain in my breast serious?",
            "how serious is my condition",
            "What does my biopsy say? Do I have cancer?",
            "what did the biopsy show, do I have cancer?",
            "my blood sugar is really low and I'm shaking",
            "Does this rash look like cellulitis?",
            "What treatment should I get for my cancer?",
            "do I have cancer according to my report?",
            "what did my doctor say, should I stop tamoxifen?",
            "hart atack",
            "i think im having a stoke",
            "my son is unconsious",
            "anaphalactic reaction",
            "bleading wont stop",
            "vomitting blood",
            "breating is hard",
            "do i have cancr",
            "is it a tumer",
            "chest presure",
            "his speach is slured",
            "CANT BREATHE!!!",
            "My husband can't breathe properly",
        ]
        .into_iter()
        .filter(|message| check(message).is_none())
        .collect();
        assert!(missed.is_empty(), "missed: {missed:#?}");
    }

    /// More ordinary questions: the record, the past, other people's history, education, errands.
    #[test]
    fn ordinary_questions_in_other_words_are_ordinary() {
        assert_all(
            None,
            &[
                "what did my doctor say about my chest pain in 2020",
                "has my mammogram ever shown a lump",
                "what are the risk factors for breast cancer",
                "what is the normal range for blood pressure",
                "how do I prepare for my biopsy",
                "what does dense breast tissue mean",
                "can you summarise my last consultation",
                "why was I prescribed letrozole",
                "what is the side effect profile of tamoxifen",
                "when is my next appointment with dr smith",
                "does my record mention any allergies",
                "is there a history of heart disease in my family according to my records",
                "my grandmother died of a stroke, does that affect me?",
                "what were the results of my echo last month",
                "i had breathing problems as a child, is it in my notes",
                "what foods help reduce inflammation",
                "what is a normal heart rate",
                "list my medications please",
                "how often should I get a mammogram",
                "what does my latest blood work say about my cholesterol",
                "my friend had chest pain last week, what causes that?",
                "what are the symptoms of anaphylaxis",
                "which vaccines do I need before travel",
                "what dose of tamoxifen am I on?",
                "what does my prescription say about how to take letrozole",
                "was my lumpectomy in 2018 or 2019",
                "How can I lower my risk of a heart attack?",
                "what exercises are good during chemotherapy",
                "is walking good for lymphedema",
                "what's the difference between a mammogram and an ultrasound",
                "how can I support my husband through his chemo",
                "what does a stroke look like on an mri",
                "how many sessions of radiation did I have",
                "did the report mention a tumour",
                "what did my oncologist write about the tumour size",
                "can I bring someone to my appointment",
                "I'm feeling better today, what did the last scan show",
                "what is my BMI",
                "what is the stage of my cancer according to the pathology report",
                "can you explain what metastatic means",
                "my mum is on tamoxifen, what are its side effects",
                "is it normal to feel tired after radiotherapy",
                "when did I start taking tamoxifen",
                "what's my family history of breast cancer",
                "my aunt was diagnosed with ovarian cancer at 50, does that matter?",
                "Can I drink coffee with my medication?",
                "how do I take care of my skin during radiation",
                "can stress cause chest pain?",
                "what is my risk of stroke on tamoxifen",
                "what should I eat after surgery",
                "I had a heart attack in 2012, what medications was I given",
                "I stopped smoking last year, did that lower my risk?",
                "which doctor ordered my ultrasound",
                "can I get my flu shot during chemo",
                "What is the treatment for a blood clot?",
                "Is shortness of breath a side effect of Herceptin?",
                "How common are blood clots with letrozole?",
                "Is it normal to have some bleeding after a biopsy?",
                "My father died of a heart attack at 60, should I get screened?",
                "What happens during a heart attack?",
                "My report mentions a history of seizures, what medication was I on?",
                "Does chemo cause fever?",
                "What are the side effects of stopping tamoxifen early?",
                "I keep forgetting to take my tamoxifen, any tips?",
                "What's the recommended dose of vitamin D for adults?",
                "my mother had a fit in 2010",
                "what is the difference between a heart attack and cardiac arrest",
                "i want to understand my risk of dying from breast cancer",
                "what are the odds of recurrence after lumpectomy",
                "what was my tumour size",
                "Why do I need a blood test before chemo?",
                "Should I bring my medication list to the appointment?",
                "What time is my infusion on Thursday?",
                "can you help me understand my ecg",
                "I had shortness of breath in 2021 - what was the diagnosis?",
                "How is a heart attack diagnosed?",
                "I'm allergic to penicillin, is it in my record?",
                "What does my chart say about my seizure history?",
                "Is it ok to exercise on tamoxifen?",
                "What is metformin used for?",
                "Can you remind me what my doctor said about when to take letrozole",
                "What did the radiologist say about my chest CT?",
                "My last ECG showed an irregular heartbeat in 2021, was it followed up?",
                "Was my biopsy result benign?",
                "Does my record show I had a stroke?",
                "What did my doctor say about my breathing test?",
                "How can I tell the difference between a panic attack and a heart attack?",
                "What does \"suspicious for malignancy\" mean in my report?",
                "My sister was diagnosed with breast cancer last year. Does that change my screening?",
                "I fainted once in 2017, did they find a cause?",
                "My grandmother had a stroke at 80. Am I at risk?",
                "What are the early signs of breast cancer?",
                "How is anaphylaxis treated?",
                "What should I do if someone near me collapses?",
                "What was the outcome of my chest pain evaluation in 2022?",
                "Is there anything in my notes about seizures?",
                "Have I ever been treated for a blood clot?",
                "Which medications should I take in the morning?",
                "Why do I have to take tamoxifen for 5 years?",
                "what's my risk of getting lymphedema after surgery",
                "Is my blood sugar normal?",
                "What type of breast cancer did I have?",
                "What kind of cancer did I have?",
                "Was the lump they removed in 2019 cancerous?",
                "Is breast cancer curable?",
                "Does family history mean I will get cancer?",
                "What dose of letrozole was I prescribed?",
                "How often do I take my zoladex injection?",
                "Did my oncologist say I could stop tamoxifen after 5 years?",
                "What happens if I miss a dose of tamoxifen?",
                "When should I stop taking aspirin before my surgery?",
                "My husband had a seizure last year; what medication is he on?",
                "What are signs of sepsis during chemo?",
                "My mum is in hospital after a stroke, what questions should I ask?",
                "I'm worried about having a stroke because of my blood pressure, what's my risk?",
                "what was the reason for my hospital admission in 2020",
                "What is the normal range for white blood cells during chemo?",
                "Does my report say anything about my heart?",
                "how do I book a follow-up with my oncologist",
                "Does my prescription say to take tamoxifen with food?",
                "can my daughter see my records",
                "What is a blood clot?",
                "My mom had a heart attack. What tests should I get?",
                "Could you list all my surgeries?",
                "What was my diagnosis in 2018?",
                "Can you tell me more about my diagnosis?",
                "wat did my chest xray show in 2019",
                "when was my last mamogram",
                "wat does no evidence of malignancy mean",
                "what are the warnig signs of a stroke",
                "my mother had breast canser, whats my risk",
                "what dose of metformin is listed in my prescripton",
                "is my heart attack risk high?",
                "what is an aromatase inhibitor?",
                "how serious is breast cancer in general?",
                "can i get my prescription refilled",
                "can I get a copy of my prescription",
                "What is the generic name of my blood pressure pill?",
                "I was vomiting after chemo last week, are my blood counts ok?",
                "What happens if I vomit after taking my tamoxifen?",
                "I took 20 minutes to walk to the clinic, is that slow?",
                "there's a faint shadow on my mammogram, what did the radiologist say",
                "Is my heart healthy according to my last ECG?",
                "What was my troponin level when I had chest pain in 2019?",
                "Could my fatigue be related to my thyroid?",
                "how do i log in to the portal",
                "What is the address of the breast clinic?",
                "I'm feeling anxious about my upcoming biopsy, what should I expect?",
                "What vaccines have I had?",
                "How much water should I drink during chemo?",
                "How much exercise should I do each week?",
                "Can I take my dog for a walk after surgery?",
                "Can I use deodorant during radiation?",
                "What should I pack for my hospital stay?",
                "How long will I be in hospital after my mastectomy?",
                "can I drive after taking my pain medication?",
                "What does HER2 positive mean?",
                "Explain my Oncotype score",
                "What did my surgeon say about my margins?",
                "what is my ejection fraction",
                "I want to understand my pathology report",
                "is my cholesterol too high?",
                "Is tamoxifen safe long term?",
                "when do I finish radiotherapy?",
                "what did the ER doctor write in 2021",
                "Were there any complications from my surgery in 2020?",
                "my friend said turmeric cures cancer, is that true?",
                "How do I reduce swelling in my arm after lymph node removal?",
                "Do I have any upcoming appointments?",
                "Do I have an appointment with my oncologist next week?",
                "Do I have any allergies recorded?",
                "How many times have I been to the ER?",
                "My brother had a stroke at 45, should I be screened for anything?",
                "What is the normal dose of tamoxifen?",
                "Is 20 mg of tamoxifen the usual dose?",
                "does my report say I have cancer?",
                "Did my biopsy show that the cancer had spread?",
                "How long does chest pain last after a lumpectomy?",
                "Was my shortness of breath ever investigated?",
                "Has my chest pain ever been explained?",
                "What treatment did I have in 2019?",
                "What medication do I have listed?",
                "what did my doctor say about stopping tamoxifen?",
            ],
        );
    }

    #[test]
    fn spelling_is_repaired_towards_the_rules_only() {
        let rules = rules();
        assert_eq!(repair("chset", rules), Some("chest"));
        assert_eq!(repair("pian", rules), Some("pain"));
        assert_eq!(repair("brething", rules), Some("breathing"));
        assert_eq!(repair("sucidal", rules), Some("suicidal"));
        assert_eq!(repair("siezure", rules), Some("seizure"));
        assert_eq!(repair("doing", rules), None);
        assert_eq!(repair("cancel", rules), None);
        assert_eq!(repair("quite", rules), None);
        assert_eq!(repair("fact", rules), None);
    }

    #[test]
    fn odd_and_huge_input_is_ordinary_not_a_panic() {
        for message in ["", "   ", "?!.,", "\u{1F600}\u{1F600}", "Kein Fieber — ça va", "'", "a&e", "3.5.6,7", "'no", "é'"] {
            assert_eq!(check(message), None, "{message:?}");
        }
        let huge = "what did my report say? ".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(check(&huge), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Only the first MAX_CHARS characters are read: an emergency after them is not seen.
        // The worst case the bound allows: one sentence of rule words, triggers and typos.
        let dense = "if i cant brethe should i stop chest pian taking no the cancer has spread do i have ~ ".repeat(60);
        let started = std::time::Instant::now();
        let _ = check(&dense);
        let typos: String = (0..900).map(|i| format!("q{:x}zk{} ", i * 7919, if i % 3 == 0 { "," } else { "" })).collect();
        let _ = check(&typos);
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        let late = format!("{}I can't breathe", "x ".repeat(MAX_CHARS));
        assert_eq!(check(&late), None);
        assert_eq!(CriticalKind::DiagnosisRequest, check("do i have cancer").map(|c| c.kind).unwrap_or(CriticalKind::Emergency));
        assert_eq!(serde_json::to_string(&CriticalKind::TreatmentDecision).ok().as_deref(), Some("\"treatment_decision\""));
    }
}

