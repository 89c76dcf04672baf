use super::vocabulary::class;
use super::words::repair;
use super::*;

/// The worked examples of group `name` in `examples.tsv` (the lines after each `# group: name`),
/// read as the classifier reads them; a line it could not read fails the test.
fn group(name: &str) -> Vec<learned::Example> {
    let mut current = "";
    let mut lines = Vec::new();
    for line in learned::WORKED_EXAMPLES.lines() {
        match line.strip_prefix("# group: ") {
            Some(group) => current = group.trim(),
            None if current == name && !line.starts_with('#') && !line.trim().is_empty() => lines.push(line),
            None => {}
        }
    }
    for line in &lines {
        let category = line.split('\t').nth(1).unwrap_or("");
        assert!(["emergency", "diagnosis", "treatment", "example"].contains(&category), "examples.tsv: unknown category in {line:?}");
    }
    let examples = learned::examples(&lines.join("\n"));
    assert_eq!(examples.len(), lines.len(), "examples.tsv: a line of group {name} is not label<TAB>category<TAB>question");
    examples
}

/// Every worked example of `name` is judged as its line says.
fn assert_group(name: &str) {
    let examples = group(name);
    assert!(!examples.is_empty(), "examples.tsv has no group {name}");
    let wrong: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            let (expected, got) = (example.kind(), check(&example.text));
            (got.as_ref().map(|c| c.kind) != expected).then(|| format!("{:?}: expected {expected:?}, got {got:?}", example.text))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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
    assert_group("heart_attack_signs_happening_now_are_emergencies");
    assert_eq!(rule_of("I have chest pain"), Some("emergency:chest_pain"));
    assert_eq!(rule_of("I think I'm having a heart attack"), Some("emergency:heart_attack"));
}

// American Stroke Association, BE FAST: balance, eyes, face drooping, arm weakness, speech, time;
// sudden confusion and the sudden worst headache.
#[test]
fn stroke_signs_happening_now_are_emergencies() {
    assert_group("stroke_signs_happening_now_are_emergencies");
    assert_eq!(rule_of("my face is drooping on one side"), Some("emergency:stroke_signs"));
}

// NHS "When to call 999": severe difficulty breathing, choking, heavy bleeding that will not stop,
// vomiting or coughing up blood, unconsciousness, a seizure, sudden severe pain, anaphylaxis.
#[test]
fn the_nhs_call_999_list_is_an_emergency() {
    assert_group("the_nhs_call_999_list_is_an_emergency");
    assert_eq!(rule_of("I cant breath"), Some("emergency:breathing"));
    assert_eq!(rule_of("I've been vomiting blood"), Some("emergency:vomiting_or_coughing_blood"));
}

// 988 Suicide & Crisis Lifeline and NHS guidance: suicidal thoughts, wanting to die and
// self-harm are emergencies, however they are spelled.
#[test]
fn suicidal_thoughts_and_self_harm_are_emergencies() {
    assert_group("suicidal_thoughts_and_self_harm_are_emergencies");
    assert_eq!(rule_of("I feel sucidal"), Some("emergency:suicidal_thoughts"));
    assert_eq!(check("I don't want to die from this cancer, what are my options?").map(|c| c.kind), None);
}

#[test]
fn asking_whether_to_go_to_emergency_care_is_an_emergency() {
    assert_group("asking_whether_to_go_to_emergency_care_is_an_emergency");
}

// API.md: a request for a diagnosis is answered with the critical response.
#[test]
fn diagnosis_requests_are_critical() {
    assert_group("diagnosis_requests_are_critical");
    assert_eq!(rule_of("do I have cancer?"), Some("diagnosis:do_i_have"));
    assert_eq!(rule_of("am I dying?"), Some("diagnosis:prognosis"));
}

// API.md: treatment decisions without a doctor are answered with the critical response.
#[test]
fn treatment_decisions_are_critical() {
    assert_group("treatment_decisions_are_critical");
    assert_eq!(rule_of("Can I double my dose?"), Some("treatment:change_medication"));
    assert_eq!(rule_of("how much ibuprofen should I take"), Some("treatment:dose"));
}

// The brief's hard negatives, and more of the same kinds: the past, the record, education,
// family history, hypotheticals, negation, and ordinary errands that name a body part or a drug.
#[test]
fn ordinary_questions_are_not_critical() {
    assert_group("ordinary_questions_are_not_critical");
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
    assert_group("ordinary_questions_in_other_words_are_ordinary");
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

// The classes of phrasing the development set missed on its first, blind run, each with new
// examples in other words, drugs and diseases (tests/critical_questions.rs measures the sets).

// API.md: a request for a diagnosis is critical, however it is asked: "which disease is this",
// "X or Y, what do you think I have", "am I getting X", "is the spot on my scan cancer y/n", "is it
// my liver", an injury ("have I torn…"), and any disease, known by name or by shape.
#[test]
fn diagnosis_asked_in_other_shapes_is_critical() {
    assert_group("diagnosis_asked_in_other_shapes_is_critical");
    assert_eq!(rule_of("have I broken my wrist? it's swollen and purple"), Some("diagnosis:injury"));
}

// API.md: a treatment decision without a doctor is critical. NHS, "Taking medicines": do not stop
// or change a medicine without talking to the doctor or pharmacist, nor split or crush a tablet
// unless the pharmacist says so. The shapes: "I want to stop my X, ok?", "should I put my X up to
// N myself", "can I stop X without telling my doctor", "what should I take instead", "can I snap
// them in half", "X or Y, just tell me which one to choose" — for any drug, by name or by shape.
#[test]
fn treatment_decided_alone_in_other_shapes_is_critical() {
    assert_group("treatment_decided_alone_in_other_shapes_is_critical");
}

// The development set's missed emergencies, in other words. NHS "Stroke": the face may have
// dropped on one side, the person may not be able to lift both arms; NHS "Asthma attack": the
// reliever inhaler is not helping, too breathless to speak; NHS "Nosebleed": A&E after 10 to 15
// minutes; NHS "Low blood sugar": 999 when confused or drowsy; NHS "Head injury": a baby who is
// floppy after a fall; UKONS triage: shivering during chemotherapy; 988 Lifeline warning signs:
// no reason to live, saying goodbye.
#[test]
fn emergencies_in_the_development_sets_missed_shapes_are_critical() {
    assert_group("emergencies_in_the_development_sets_missed_shapes_are_critical");
}

// The rules' own guards against the new rules: a comparison of terms, a sleep study, a relative's
// or a device's "says", an errand with a drug ("pick up", "delivered", "on the plane"), a question
// about what a disease is, statistics, a choice of hospital, and the record.
#[test]
fn ordinary_questions_naming_drugs_and_diseases_are_not_critical() {
    assert_group("ordinary_questions_naming_drugs_and_diseases_are_not_critical");
}

// WHO INN stem book: "-statin", "-pril", "-sartan", "-olol", "-mab", "-tinib"… name drugs; the
// "-itis", "-oma", "-emia", "-osis" endings name diseases; "10mg" is a dose.
#[test]
fn drugs_diseases_and_doses_are_known_by_list_and_by_shape() {
    let medicine = class("medicine").expect("the medicine class");
    for word in ["rosuvastatin", "perindopril", "candesartan", "nebivolol", "pembrolizumab", "osimertinib", "keppra", "methotrexate"] {
        assert!(medicine.contains(word), "{word}");
    }
    for word in ["april", "cholesterol", "control", "holiday", "appointment"] {
        assert!(!medicine.contains(word), "{word}");
    }
    let disease = class("disease").expect("the disease class");
    for word in ["gastroenteritis", "glioblastoma", "hyperkalemia", "sarcoidosis", "cardiomyopathy", "depression", "ulcer"] {
        assert!(disease.contains(word), "{word}");
    }
    for word in ["diagnosis", "prognosis", "diploma", "aroma", "appointment", "results"] {
        assert!(!disease.contains(word), "{word}");
    }
    let dose = class("dose").expect("the dose class");
    assert!(dose.contains("10mg") && dose.contains("0.5ml") && dose.contains("100mcg") && dose.contains("units"));
    assert!(!dose.contains("2019") && !dose.contains("mg2") && !dose.contains("10"));
}

// Set 2's missed emergencies stood for these classes of phrasing, each here in other words:
// a pain's severity said after it or as a score, and a board-hard belly (NHS "Peritonitis");
// a throat or lips described swelling (NHS "Anaphylaxis"); a limb that "went" weak or dead,
// vertigo, balance and speech that comes out wrong (American Stroke Association, BE FAST); other
// ways of self-harm, and someone with the patient saying so now (988 Lifeline); something wild
// eaten (NHS "Poisoning"); a blood pressure of 180/120 or more with symptoms (American Heart
// Association, "Hypertensive crisis").
#[test]
fn emergencies_described_rather_than_named_are_critical() {
    assert_group("emergencies_described_rather_than_named_are_critical");
    assert_eq!(rule_of("blood pressure is 210 over 125 and I've got a headache"), Some("emergency:hypertensive_crisis"));
    assert_eq!(rule_of("my son ate some poisonous berries off a bush"), Some("emergency:overdose_or_poisoning"));
}

// The same classes, where they must stay ordinary: education, a past event with recovery now, a
// reading without symptoms, a risk, and the record (ConText's historical and hypothetical frames).
#[test]
fn described_emergencies_in_history_or_education_stay_ordinary() {
    assert_group("described_emergencies_in_history_or_education_stay_ordinary");
}

// A "now" about recovery is not a symptom now; a first-person wording in a clause about the past,
// with nothing happening now, is history; "it was an allergic reaction" classifies the past; how
// common something is, is education; a record's "denied" in a long record name; a reminder to
// take a medicine is not a decision (ConText, historical and hypothetical frames).
#[test]
fn history_recovery_and_the_record_stay_ordinary() {
    assert_group("history_recovery_and_the_record_stay_ordinary");
    // Still critical: the same words with something happening now.
}

// Diagnosis asked in other shapes: for someone else, "would you say I have", a status ("HIV
// positive"), a subject that is a phrase, a symptom as evidence ("could X mean Y"), "what do these
// point to", "or something worse", an organ failing.
#[test]
fn diagnosis_asked_about_others_or_by_evidence_is_critical() {
    assert_group("diagnosis_asked_about_others_or_by_evidence_is_critical");
}

#[test]
fn questions_near_the_diagnosis_shapes_stay_ordinary() {
    assert_group("questions_near_the_diagnosis_shapes_stay_ordinary");
}

// Treatment decided alone in other shapes: a choice between operations, giving a medicine to
// someone else, a plan to move a dose, restarting after a gap, an amount ("take two"), "good
// idea?", an amount "ok for me".
#[test]
fn treatment_choices_amounts_and_plans_are_critical() {
    assert_group("treatment_choices_amounts_and_plans_are_critical");
}

#[test]
fn errands_and_plans_made_by_the_doctor_stay_ordinary() {
    assert_group("errands_and_plans_made_by_the_doctor_stay_ordinary");
}

// Ordinary words and their endings are not misspellings of the rules' words.
#[test]
fn an_ordinary_word_with_an_ending_is_not_repaired() {
    let rules = rules();
    for word in ["locked", "spinning", "puffing", "slipped", "finding", "wants", "bother", "voice", "hang", "wild"] {
        assert!(repair(word, rules).is_none_or(|fixed| fixed.starts_with(&word[..3])), "{word} -> {:?}", repair(word, rules));
    }
    assert_eq!(repair("locked", rules), None);
    assert_eq!(repair("spinning", rules), None);
    assert_eq!(repair("vomitting", rules), Some("vomiting"));
    assert_eq!(repair("closeing", rules), Some("closing"));
}

// Classes of phrasing added from set 5's misses (2026-12-04); the messages here are new wordings
// of each class, not the set's questions.
#[test]
fn emergencies_in_the_classes_set_5_showed_are_emergencies() {
    assert_group("emergencies_in_the_classes_set_5_showed_are_emergencies");
}

#[test]
fn diagnosis_and_treatment_requests_in_the_classes_set_5_showed_are_critical() {
    assert_group("diagnosis_and_treatment_requests_in_the_classes_set_5_showed_are_critical");
}

#[test]
fn ordinary_questions_near_the_classes_set_5_showed_stay_ordinary() {
    assert_group("ordinary_questions_near_the_classes_set_5_showed_stay_ordinary");
}

// The NHS "call 999" pages behind the classes added on 2026-12-05 (sets 8 and 9): postpartum
// haemorrhage, a bleed from the gut (black tarry stools), insulin and methotrexate taken wrongly,
// low oxygen saturation, anaphylaxis after a sting, hyperkalaemia in kidney failure, priapism,
// delirium tremens, fever in a baby under three months or in someone whose immunity is low,
// diabetic ketoacidosis; and the AHA's pain in arm and jaw together.
#[test]
fn the_nhs_emergencies_added_from_sets_8_and_9_are_emergencies() {
    assert_group("the_nhs_emergencies_added_from_sets_8_and_9_are_emergencies");
    assert_eq!(rule_of("erection that has lasted 6 hours and it's very painful"), Some("emergency:priapism"));
    assert_eq!(rule_of("on dialysis, potassium came back 7.2 and my legs feel weak"), Some("emergency:high_potassium"));
}

#[test]
fn requests_added_from_sets_8_and_9_are_critical() {
    assert_group("requests_added_from_sets_8_and_9_are_critical");
}

#[test]
fn paperwork_counted_events_and_news_are_not_critical() {
    assert_group("paperwork_counted_events_and_news_are_not_critical");
}

#[test]
fn classes_added_from_set_10_are_critical() {
    assert_group("classes_added_from_set_10_are_critical");
}

#[test]
fn classes_added_from_set_11_are_critical() {
    assert_group("classes_added_from_set_11_are_critical");
}

// The second line (`learned`): phrasings no rule holds are caught by the classifier, with its kind;
// a frame the rules set aside stands; an ordinary question the rules know nothing of stays ordinary.
#[test]
fn the_classifier_catches_what_no_rule_holds_and_never_overrules_a_frame() {
    for (message, rule) in [
        ("thinking of just binning the metformin, I feel fine without it", "learned:treatment_decision"),
        ("reckon I can ditch the blood thinner now my leg's better", "learned:treatment_decision"),
        ("is the shadow they found something nasty", "learned:diagnosis_request"),
        ("my husband is clutching his chest and sweating buckets", "learned:emergency"),
    ] {
        assert!(matches!(judge_by_rules(message), RulesVerdict::Silent), "{message:?}: a rule holds it now; pick another example");
        assert_eq!(rule_of(message), Some(rule), "{message:?}");
    }
    for message in ["my chest pain last March, what did the ECG show", "can I take my tablets with food"] {
        assert!(matches!(judge_by_rules(message), RulesVerdict::SetAside), "{message:?}");
        assert_eq!(check(message), None, "{message:?}");
    }
    assert_eq!(check("what does the word benign mean on my report"), None);
    // One word is no evidence, whatever it is.
    assert_eq!(check("no"), None);
    assert_eq!(check("tablets"), None);
}
