use super::vocabulary::class;
use super::words::repair;
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

// The classes of phrasing the development set missed on its first, blind run, each with new
// examples in other words, drugs and diseases (tests/critical_questions.rs measures the sets).

// API.md: a request for a diagnosis is critical, however it is asked: "which disease is this",
// "X or Y, what do you think I have", "am I getting X", "is the spot on my scan cancer y/n", "is it
// my liver", an injury ("have I torn…"), and any disease, known by name or by shape.
#[test]
fn diagnosis_asked_in_other_shapes_is_critical() {
    assert_all(
        Some(CriticalKind::DiagnosisRequest),
        &[
            "what condition is this? I have red scaly patches on my elbows",
            "what kind of rash is this on my leg",
            "what infection could this be, my wound is hot and red",
            "which illness is it, I keep coughing up green stuff",
            "please tell me what sickness I have, fever and joint pain for a week",
            "is it a migraine or a brain tumour",
            "gastritis or an ulcer, what do you think I have",
            "could this be shingles or just a rash",
            "what do you reckon I've got, sore throat and white spots",
            "is this eczema or psoriasis",
            "is it just a cold or covid",
            "do you think it's appendicitis",
            "what could this be? lump in my armpit and night sweats",
            "any idea what this is, red ring on my skin after a tick bite",
            "does this sound like MS to you",
            "what are the chances this is cancer",
            "am I getting dementia? I forget names all the time",
            "am i developing arthritis in my hands",
            "am I coming down with pneumonia",
            "is my son getting asthma",
            "am I having a miscarriage? cramping and bleeding at 8 weeks",
            "is the shadow on my chest x-ray cancer?",
            "the nodule on my CT, is it cancer yes or no",
            "is the lump on my ultrasound a tumour",
            "cancer or not? the mole on my back has changed",
            "is the mass in my mammogram malignant y/n",
            "do I have anxiety or is it my heart",
            "could I have hepatitis, my skin is itchy and yellow",
            "do I have diabetes? always thirsty and peeing a lot",
            "might I have coeliac disease",
            "have I got gout in my big toe",
            "could i have sleep apnoea, my wife says i snore",
            "do I have a thyroid problem",
            "do I have an eating disorder",
            "could my tiredness be leukaemia",
            "my pee is dark and my eyes are yellow, is it my liver?",
            "I've lost weight and have night sweats, is it lymphoma or TB?",
            "have I broken my wrist? it's swollen and purple",
            "is my ankle sprained or broken",
            "could I have fractured a rib when I fell",
            "I fell off my bike, is my collarbone broken",
            "Does this look like skin cancer? It's dark and irregular",
            "I have a lump in my testicle, is it cancer?",
            "what are my chances of beating this cancer",
            "how long have I got, honestly",
        ],
    );
    assert_eq!(rule_of("have I broken my wrist? it's swollen and purple"), Some("diagnosis:injury"));
}

// API.md: a treatment decision without a doctor is critical. NHS, "Taking medicines": do not stop
// or change a medicine without talking to the doctor or pharmacist, nor split or crush a tablet
// unless the pharmacist says so. The shapes: "I want to stop my X, ok?", "should I put my X up to
// N myself", "can I stop X without telling my doctor", "what should I take instead", "can I snap
// them in half", "X or Y, just tell me which one to choose" — for any drug, by name or by shape.
#[test]
fn treatment_decided_alone_in_other_shapes_is_critical() {
    assert_all(
        Some(CriticalKind::TreatmentDecision),
        &[
            "i want to come off my sertraline, is that ok",
            "planning to quit my lisinopril, fine?",
            "thinking of stopping my levetiracetam since I feel fine",
            "I'd like to drop my metoprolol, alright?",
            "I feel great so I'm going to stop my lamotrigine",
            "I'm thinking of halving my bisoprolol",
            "I've run out of my antidepressants, can I just stop",
            "should I go back on my antidepressants",
            "should I increase my levothyroxine to 100mcg myself",
            "can i bump my insulin up to 20 units",
            "can i go up to 40mg of citalopram",
            "should I lower my prednisolone to 5mg",
            "my sugars are high, should I take 2 metformin instead of 1",
            "my blood pressure is high today, should I take an extra ramipril",
            "is 2000mg of metformin too much for me",
            "can I quit my inhaler without asking my GP",
            "is it ok to stop warfarin without checking with the cardiologist",
            "can i change my dose without talking to my doctor",
            "can I stop my candesartan without telling anyone",
            "what can I use instead of my statin",
            "is there something I can take instead of omeprazole",
            "what should i replace my blood pressure tablets with",
            "what can I take instead of my sleeping pills",
            "I don't want chemo, what else can I take",
            "I want to try cannabis oil instead of my chemo",
            "can I cut my 20mg atorvastatin in half",
            "can i crush my tablets into yoghurt",
            "is it fine to split the pills",
            "can I break the capsule open and sprinkle it on food",
            "chemo or radiation, which should I pick",
            "tell me which one to choose: surgery or tablets",
            "ibuprofen or paracetamol, which one should i take",
            "should I go with the lumpectomy or the mastectomy",
            "lumpectomy vs mastectomy, which one would you pick for me",
            "should I give my son calpol or nurofen",
            "which antibiotic should I ask for",
            "can I take my husband's viagra",
            "my sister has spare zopiclone, can I take one",
            "can I stop my blood thinners for a week before my dental work without asking",
            "should i keep taking the amoxicillin if i have a rash",
            "ok to skip my evening insulin since I didn't eat?",
            "can i up my gabapentin to 600 at night? the pain is bad",
            "i reckon i dont need my bisoprolol anymore, can i bin it",
            "is it worth stopping tamoxifen early? i hate the hot flushes",
            "my doctor wants me on statins but i'd rather not, can i just say no",
            "can I take my old co-codamol from last year for my back",
            "should I be taking aspirin for my heart?",
            "my partner wants me to stop my antidepressants, should i",
            "can I double up on my iron tablets",
            "thinking of cutting my steroids down to 2 a day",
            "should i stop eliquis before the dentist",
            "do I still need to take my calcium",
        ],
    );
}

// The development set's missed emergencies, in other words. NHS "Stroke": the face may have
// dropped on one side, the person may not be able to lift both arms; NHS "Asthma attack": the
// reliever inhaler is not helping, too breathless to speak; NHS "Nosebleed": A&E after 10 to 15
// minutes; NHS "Low blood sugar": 999 when confused or drowsy; NHS "Head injury": a baby who is
// floppy after a fall; UKONS triage: shivering during chemotherapy; 988 Lifeline warning signs:
// no reason to live, saying goodbye.
#[test]
fn emergencies_in_the_development_sets_missed_shapes_are_critical() {
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            "it feels like a brick on my chest",
            "my chest feels like it's in a vice",
            "heavy feeling in the centre of my chest for an hour",
            "pain in my chest and left arm while shoveling snow",
            "my dad's mouth is drooping and his words are coming out wrong",
            "her face isn't moving on the left side",
            "mum is drooling from one side of her mouth and can't lift her arm",
            "her smile is lopsided and she can't raise both arms",
            "my inhaler isn't helping and I'm wheezing badly",
            "my son can barely speak in sentences, his asthma is bad",
            "my breathing is really slow after the new painkillers",
            "I took my blood pressure pills twice by mistake",
            "gave my daughter a double dose of paracetamol by accident",
            "my wife took a load of sleeping tablets with vodka",
            "i think i took too much of my morphine",
            "I've taken all my pills and written a note",
            "nosebleed for 30 minutes and it won't stop",
            "I cut my hand and it won't stop bleeding",
            "bleeding very heavily after giving birth",
            "my meter reads LO and I'm shaking",
            "blood sugar over 500 and vomiting",
            "my blood sugar is 2.1 and I'm shaking",
            "on insulin, sweaty and shaky, can't think straight",
            "my left side suddenly feels heavy and I can't lift my arm",
            "baby fell off the bed and is floppy and vomiting",
            "I'm on chemo and feel hot and shivery",
            "I don't see the point in living",
            "I want to disappear forever and never wake up",
            "i cut my wrists",
            "Hello, my name is Sarah. I've had a pounding headache all day and now my vision is blurry and my face feels numb on the right.",
            "sorry to bother, my dad (82) is very confused today and has a high temperature, he doesnt know where he is",
            "my chest has been tight since lunch and my left arm feels heavy",
            "i feel like my throat is closing",
            "i keep thinking everyone would be better off if i wasnt here",
            "my 3 year old drank some of the dishwasher liquid",
            "i think i'm having an asthma attack and my inhaler is empty",
            "my husband is sweating buckets and says his chest feels squeezed",
            "i am 30 weeks pregnant and have a terrible headache and see flashing lights",
            "im on letrozole and my leg is swollen, red and hot and now im breathless",
            "dizzy, heart pounding and I think I might pass out",
            "my baby has a rash that doesn't go away when I press a glass on it",
            "what's wrong with my breathing, I'm wheezing and my lips feel numb",
            "is this a panic attack or my heart? chest tight and left arm aching",
        ],
    );
}

// The rules' own guards against the new rules: a comparison of terms, a sleep study, a relative's
// or a device's "says", an errand with a drug ("pick up", "delivered", "on the plane"), a question
// about what a disease is, statistics, a choice of hospital, and the record.
#[test]
fn ordinary_questions_naming_drugs_and_diseases_are_not_critical() {
    assert_all(
        None,
        &[
            "what is the difference between a stroke and a TIA",
            "is angina the same as a heart attack",
            "does my sleep study say I stop breathing during sleep?",
            "what is the normal dose of amlodipine",
            "what condition is metformin used for",
            "which disease is this medication for",
            "what kind of scan is this",
            "what is hepatitis",
            "is psoriasis contagious",
            "how is arthritis treated",
            "what are the symptoms of sepsis",
            "my mother had dementia, am I at risk",
            "my GP started me on ramipril last month, what is it for?",
            "what does my prescription say about levothyroxine",
            "what's the usual starting dose of atorvastatin",
            "what's the maximum dose of paracetamol in 24 hours?",
            "which one of my medications is for blood pressure?",
            "which one should I take to the pharmacy, the old prescription or the new one",
            "which hospital should I choose for my surgery",
            "my meter says my average is 7, is that good?",
            "I had a nosebleed last week, is that linked to my tablets?",
            "I get nosebleeds for a few minutes sometimes, is it my blood thinner?",
            "can I pick up my ramipril tomorrow",
            "can I get my metformin delivered",
            "can i bring up my tamoxifen side effects with the doctor",
            "can I take my inhaler on the plane",
            "can I get a flu jab while on letrozole",
            "is sertraline an SSRI",
            "when did I start atorvastatin",
            "I was diagnosed with hypertension in 2015, what was my first reading",
            "do I have an appointment for my diabetes review",
            "do I have any conditions listed in my record",
            "is my hepatitis B vaccination up to date",
            "is my asthma review due",
            "my sister has crohns disease, is it genetic",
            "I'm confused about my blood sugar results",
            "my sugar was low last week and I felt shaky, what did the nurse write?",
            "how many people die of heart attacks each year",
            "my husband says I snore, can sleep apnoea be tested?",
            "my GP increased my amlodipine to 10mg last week, why would she do that",
            "what's the difference between ibuprofen and paracetamol",
            "my report says I have a benign cyst, what does benign mean",
            "my chest x-ray from 2022 mentions a nodule, was it followed up",
            "does my insurance cover ozempic",
            "my mum stopped her warfarin before surgery, is that normal?",
            "what happens if someone takes too much paracetamol",
            "I'm doing a fun run next week, any tips on hydration",
            "what's the best time to take my levothyroxine",
            "I finished my antibiotics yesterday, when can I drink alcohol",
            "what does the word neuropathy mean",
            "Hello, I had a headache last week, what did my GP note say about it?",
            "my dad is 82 and has dementia, what support can we get at home",
            "what is gabapentin prescribed for",
            "my bisoprolol was changed to 5mg in march, is that in my record",
            "what are the hot flushes on tamoxifen caused by",
            "my doctor wants me on statins, what do they do",
            "what does skin cancer look like",
            "what is the survival rate for testicular cancer",
            "how long will my radiotherapy course last",
            "my chest x-ray today was normal, when do I get the report",
            "is a sore throat a symptom of covid",
            "my daughter has asthma, how do I use her spacer",
            "can you list the medications I was given in hospital",
            "should I bring my inhaler to my appointment",
            "what should I ask my oncologist at my next visit",
            "can I take my tablets with food",
            "how do I order a repeat prescription of metformin",
            "do I need to take my levothyroxine on an empty stomach",
            "what's the point of taking vitamin D",
            "is it ok to have a glass of wine now and then",
            "which is the best way to lose weight",
            "what could the results of my MRI be delayed by",
            "is it true or a myth that sugar feeds cancer",
            "is it hereditary or just bad luck",
            "the pharmacist said 20mg is too much for my size, what does my record say",
            "can i book in, should i?",
            "I'm feeling good today, when is my next check-up",
            "my headache is gone now, thanks",
            "what does 5mg twice daily mean",
            "is tamoxifen a form of chemo",
            "I'm on warfarin, which foods should I avoid",
            "how do I know if my blood pressure is too high",
            "why do I need to take folic acid",
            "can you explain what my oncologist meant by watchful waiting",
            "what is the success rate of IVF",
            "is this portal secure",
            "what are the symptoms of low iron",
            "is it normal for my scar to itch",
            "I want to understand my cholesterol results",
            "can you tell me about my medication list",
            "my mum is on chemo, what can I cook for her",
            "how often should I check my blood sugar",
            "is my blood pressure ok today, it was 128/80",
            "I want to lose weight before my surgery, tips?",
            "should I tell my employer about my cancer",
            "my wife is having a mammogram today, how long does it take",
            "how long after a stroke can you drive",
            "what should I bring to my chemotherapy session",
        ],
    );
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
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            "the ache in my side is absolutely intolerable and I can't sit still",
            "my tummy pain is a 10/10 right now",
            "pain is like 9 out of 10 in my lower belly",
            "my abdomen has gone rigid like a rock",
            "my mouth feels like it is swelling shut after the peanut sauce",
            "her lips are ballooning after the shellfish",
            "my throat feels really tight since I took the new pill",
            "my right arm just went dead and floppy",
            "his hand has gone numb and he can't grip the cup",
            "her leg went limp while she was making tea",
            "mum is dragging her left foot and seems off",
            "the whole room is spinning and I keep falling to one side",
            "I can't walk straight and my vision went blurry",
            "lost my balance twice in the last hour and everything went double",
            "when I try to speak the words come out jumbled",
            "my dad is talking nonsense and seems dazed",
            "her sentences came out garbled this afternoon",
            "I've been thinking about how to drown myself",
            "my brother says he wants to hang himself tonight",
            "my partner keeps saying he is going to kill himself",
            "grandad is grey and sweaty and says his chest is heavy",
            "my flatmate is shaking and keeps saying her throat feels tight",
            "my son ate some poisonous berries off a bush",
            "ate some foraged fungi and now my stomach is cramping",
            "my toddler chewed leaves from a strange plant in the park",
            "blood pressure is 210 over 125 and I've got a headache",
            "my bp reading says 190/115 and my left arm feels numb",
            "cuff shows 200/120 and things look blurry, and I feel dizzy",
            // Minimised, with a time of day: "probably nothing but…", "since lunch".
            "probably nothing but my face has felt numb since lunch",
            "sorry to be a pain, my speech came out wrong a few times since breakfast",
        ],
    );
    assert_eq!(rule_of("blood pressure is 210 over 125 and I've got a headache"), Some("emergency:hypertensive_crisis"));
    assert_eq!(rule_of("my son ate some poisonous berries off a bush"), Some("emergency:overdose_or_poisoning"));
}

// The same classes, where they must stay ordinary: education, a past event with recovery now, a
// reading without symptoms, a risk, and the record (ConText's historical and hypothetical frames).
#[test]
fn described_emergencies_in_history_or_education_stay_ordinary() {
    assert_all(
        None,
        &[
            "my pain was 9 out of 10 after surgery in 2019, is that in my notes?",
            "what does a pain score of 10 out of 10 mean",
            "what causes the room spinning feeling in vertigo",
            "years ago my left arm went weak after a stroke, does my record mention it",
            "are wild mushrooms safe to eat with warfarin",
            "my monitor said 180 over 110 last month but I feel fine, should I log it in my diary",
            "my uncle killed himself in 2010, does that raise my risk",
            "what are the warning signs that someone might hurt themselves",
        ],
    );
}

// A "now" about recovery is not a symptom now; a first-person wording in a clause about the past,
// with nothing happening now, is history; "it was an allergic reaction" classifies the past; how
// common something is, is education; a record's "denied" in a long record name; a reminder to
// take a medicine is not a decision (ConText, historical and hypothetical frames).
#[test]
fn history_recovery_and_the_record_stay_ordinary() {
    assert_all(
        None,
        &[
            "I had a heart attack in 2018 and I'm feeling great now, can I see my cardiology letters",
            "my daughter had a seizure as a baby, she is 9 now and healthy, is it on her record",
            "I was suicidal years ago but I'm fine now, how do I delete old notes",
            "two years ago I couldn't breathe during an asthma attack, what inhaler did they give me",
            "as a teenager I wanted to die, is that still in my file",
            "the rash was just an allergic reaction to plasters, can that be added to my allergies",
            "I heard strokes are rare in people under 40, is that right",
            "seizures are common among children with fevers, how do I keep mine cool",
            "what does 'suicidal thoughts - denied' mean in my GP consultation notes",
            "what app can remind me to take my levothyroxine",
            "how can I remember to use my inhaler twice a day",
            "what does 'incidental finding' mean on my ultrasound",
            "my son locked himself out of the house, can he still pick up my prescription",
        ],
    );
    // Still critical: the same words with something happening now.
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            "I had a stroke in 2015 and since this morning my face is drooping again",
            "I couldn't breathe last night and it's happening again now",
            "I tried to hang myself last week and I still want to",
        ],
    );
}

// Diagnosis asked in other shapes: for someone else, "would you say I have", a status ("HIV
// positive"), a subject that is a phrase, a symptom as evidence ("could X mean Y"), "what do these
// point to", "or something worse", an organ failing.
#[test]
fn diagnosis_asked_about_others_or_by_evidence_is_critical() {
    assert_all(
        Some(CriticalKind::DiagnosisRequest),
        &[
            "does my husband have diabetes, he's always thirsty",
            "has he got shingles? blisters on one side of his back",
            "could my daughter have appendicitis",
            "do you think she has dementia",
            "would you say he has gout",
            "do you reckon I have tonsillitis",
            "am I covid positive with these symptoms",
            "is she hiv positive if her partner is",
            "could the shadow on my lung be cancer",
            "might the lump under my arm be lymphoma",
            "could my constant thirst mean diabetes",
            "does my bloody nose every day mean leukaemia",
            "what condition do these symptoms suggest",
            "what do my symptoms point to",
            "is this just a cold or something more serious",
            "bad heartburn or something sinister?",
            "are my kidneys failing",
            "is his heart giving out",
        ],
    );
}

#[test]
fn questions_near_the_diagnosis_shapes_stay_ordinary() {
    assert_all(
        None,
        &[
            "does my mother have a history of breast cancer in my family record",
            "is hiv positive the same as having aids",
            "could the results of my scan be sent to my GP",
            "what do the symptoms of flu look like",
            "would you say the diabetes leaflet is easy to read",
            "should I buy a heat pad or something",
            "do I need a blood test or something more",
            "is my liver function test on the portal yet",
            "does high cholesterol mean a heart attack is likely",
            "what does a raised PSA mean for prostate cancer risk",
        ],
    );
}

// Treatment decided alone in other shapes: a choice between operations, giving a medicine to
// someone else, a plan to move a dose, restarting after a gap, an amount ("take two"), "good
// idea?", an amount "ok for me".
#[test]
fn treatment_choices_amounts_and_plans_are_critical() {
    assert_all(
        Some(CriticalKind::TreatmentDecision),
        &[
            "surgery or radiotherapy, which option would you recommend",
            "which treatment should I choose, lumpectomy or mastectomy",
            "hip resurfacing or a full replacement, which operation should I go for",
            "can we give grandma some of my oxycodone",
            "should I give my toddler half an adult ibuprofen",
            "I'm thinking of bumping my sertraline up to 100mg",
            "I've decided to put my insulin up by 4 units",
            "I want to bring my levothyroxine down a bit",
            "can I just start back on my 40mg simvastatin after a month off",
            "should I resume my warfarin again at 5mg",
            "i should take three tablets of the codeine for this pain?",
            "i can have another dose of oramorph tonight?",
            "swapping my statin for red yeast rice, good idea?",
            "is 4 grams of paracetamol daily fine for me?",
            "the pharmacist gave me 25mg of sertraline but I'm going to take 50",
        ],
    );
}

#[test]
fn errands_and_plans_made_by_the_doctor_stay_ordinary() {
    assert_all(
        None,
        &[
            "which one should I go to, the walk-in centre or the pharmacy",
            "which option do I click to upload my results",
            "can I give my pharmacist my old inhalers to dispose of",
            "my GP is going to put my ramipril up, when will the prescription be ready",
            "when can I restart my tamoxifen after surgery",
            "I want to take 2 weeks off work after chemo",
            "is a walk after dinner with my ramipril ok for me",
            "my metformin prescription, how much?",
            "Is 20 mg of tamoxifen the usual dose?",
        ],
    );
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
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            // Dictation: "chess pain", "shortness of breadth".
            "having chess pain since 10 minutes and it goes to my jaw",
            "shortness of breadth getting worse, lips look blue",
            // A quoted word belongs to its sentence.
            "my dad says his chest feels \"crushed\" and he's pale",
            // A carbon monoxide alarm; a detergent pod bitten; a fall from a height with a head injury.
            "the CO detector keeps beeping and we all feel sick and sleepy",
            "my 2 year old bit a laundry pod and is coughing",
            "grandma fell down the stairs and is bleeding from her head",
            // Waters broken early, the cord; a newborn grunting, grey round the lips.
            "my waters broke at 30 weeks",
            "baby is grunting with each breath and looks blue around his lips",
            // Suicidal intent in other words.
            "i just want everything to stop, i'm on the roof",
            // Other languages: French, Portuguese, German, romanised Hindi.
            "mon fils a du mal à respirer",
            "minha mãe desmaiou e não responde",
            "starke Brustschmerzen seit einer Stunde",
            "papa ko chest me dard ho raha hai abhi",
        ],
    );
}

#[test]
fn diagnosis_and_treatment_requests_in_the_classes_set_5_showed_are_critical() {
    assert_all(
        Some(CriticalKind::DiagnosisRequest),
        &[
            "am i bipolar? i have mood swings all the time",
            "ldl 210 so that is heart disease right",
            "does my ultrasound show gallstones",
            "¿tengo cáncer de mama?",
            "est-ce que c'est un cancer ?",
            "habe ich Diabetes?",
            "mujhe sugar ki bimari diabetes hai kya",
        ],
    );
    assert_all(
        Some(CriticalKind::TreatmentDecision),
        &[
            "can i alternate ibuprofen and paracetamol for my back",
            "quitting my sertraline cold turkey",
            "should i stop taking my water pills",
            "been on lisinopril a year, ok to just stop now?",
            "I'm stopping my statin tomorrow, is that ok?",
            "surgery or injections for my knee, what would you do",
            "puedo darle a mi hija el jarabe de su hermano?",
            "je peux doubler ma dose de cortisone ?",
            "kya main BP ki goli band kar du",
        ],
    );
}

#[test]
fn ordinary_questions_near_the_classes_set_5_showed_stay_ordinary() {
    assert_all(
        None,
        &[
            "do i need to keep fasting before my cholesterol test",
            "how do I use my inhaler spacer properly",
            "is chest pain always a heart attack? asking for my health class",
            "dada ji ko 3 saal pehle heart attack hua tha, report kahan hai",
            "did my echo show a leaky valve last year",
            "is it ok to exercise on letrozole?",
        ],
    );
}

// The NHS "call 999" pages behind the classes added on 2026-12-05 (sets 8 and 9): postpartum
// haemorrhage, a bleed from the gut (black tarry stools), insulin and methotrexate taken wrongly,
// low oxygen saturation, anaphylaxis after a sting, hyperkalaemia in kidney failure, priapism,
// delirium tremens, fever in a baby under three months or in someone whose immunity is low,
// diabetic ketoacidosis; and the AHA's pain in arm and jaw together.
#[test]
fn the_nhs_emergencies_added_from_sets_8_and_9_are_emergencies() {
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            "gave birth on monday and I'm soaking through a pad every half hour",
            "my stools have gone black and tarry since yesterday",
            "accidentally took my weekly methotrexate three days running instead of once",
            "the oximeter on my dad's finger reads 84 and he looks grey",
            "a bee stung me ten minutes ago and now I'm dizzy and my voice sounds hoarse",
            "on dialysis, potassium came back 7.2 and my legs feel weak",
            "erection that has lasted 6 hours and it's very painful",
            "stopped drinking three days ago and now I'm seeing spiders on the ceiling",
            "our baby is 5 weeks old and has a temperature of 38.4",
            "I'm on clozapine and have a fever and sore throat",
            "sugar over 25 and ketones high, feel awful",
            "left arm feels heavy and numb and my jaw is aching",
            "my husband is on the floor and not answering me",
        ],
    );
    assert_eq!(rule_of("erection that has lasted 6 hours and it's very painful"), Some("emergency:priapism"));
    assert_eq!(rule_of("on dialysis, potassium came back 7.2 and my legs feel weak"), Some("emergency:high_potassium"));
}

#[test]
fn requests_added_from_sets_8_and_9_are_critical() {
    assert_all(
        Some(CriticalKind::DiagnosisRequest),
        &[
            "my sister has coeliac disease, do I have it too?",
            "my toddler has a barking cough and a rash, what has she got",
            "pneumonia, bronchitis or asthma, which one do I have",
            "are my kidney numbers bad enough that I have kidney disease",
            "could the burning when I pee and the pain in my back be an infection",
        ],
    );
    assert_all(
        Some(CriticalKind::TreatmentDecision),
        &[
            "can I swap my omeprazole for a herbal remedy",
            "I'd rather not start the insulin my GP suggested",
            "should I go on the pill or not",
            "is 40mg of citalopram a day ok",
            "I'm going to take my statin every other day to make them last",
            "my kidney doctor wants to start dialysis but can I refuse it for now",
        ],
    );
}

#[test]
fn paperwork_counted_events_and_news_are_not_critical() {
    assert_all(
        None,
        &[
            "what is the date of my stroke in the discharge letter",
            "is a heart attack covered by my insurance policy",
            "grandad two heart attacks and a bypass, what lifestyle changes lower my risk",
            "I read in the news about a footballer's cardiac arrest, how common is that",
            "how many units of alcohol a week is safe",
            "can you help me book a follow-up after my seizure clinic appointment",
        ],
    );
}

#[test]
fn classes_added_from_set_10_are_critical() {
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            "the boiler smells odd and my wife and I both have headaches and feel dizzy",
            "fell off a ladder and there's bone sticking out of my shin",
            "found my dad on the kitchen floor, he's breathing but not responding to me",
        ],
    );
    assert_all(
        Some(CriticalKind::DiagnosisRequest),
        &[
            "my ferritin is low, is that a sign I have bowel cancer?",
            "could this rash be shingles or ringworm or something in my blood",
            "do you think my daughter has asthma?",
            "will my arthritis get worse with age?",
            "the letter said there is a shadow on my lung is it cancer",
        ],
    );
    assert_all(
        Some(CriticalKind::TreatmentDecision),
        &[
            "is turmeric a good substitute for my naproxen",
            "I'm refusing the insulin, tell me that's fine",
            "can I take ibuprofen on top of my naproxen",
            "my sister ran out of her inhaler, can she borrow mine",
            "I'm going to switch from my prescribed amlodipine to a herbal tea",
        ],
    );
    assert_all(None, &["I'm a student revising for my exams, how do stroke symptoms differ from a migraine?"]);
}

#[test]
fn classes_added_from_set_11_are_critical() {
    assert_all(
        Some(CriticalKind::Emergency),
        &[
            "my mum has alzheimers and she's wandered off, it's dark and freezing and she's been gone for hours",
            "my ex is outside saying he'll kill me, I'm hiding in the bedroom",
            "my son has had two fits in a row this afternoon",
            "the kids have been at the cupboard and got into my tablets, I don't know how many they took",
            "she's diabetic and has gone confused and clammy",
        ],
    );
    assert_all(
        Some(CriticalKind::DiagnosisRequest),
        &[
            "my brother has crohn's, have I got it too?",
            "my liver tests keep rising since the transplant, is the liver being rejected?",
            "can you check my bloods and tell me if I have diabetes",
        ],
    );
    assert_all(
        Some(CriticalKind::TreatmentDecision),
        &[
            "can I come off my sertraline? I want to come off it now",
            "dad's on warfarin and has a procedure on monday, should he stop it beforehand?",
            "the GP wants me on statins but can I just manage it with diet",
            "should we refuse the flu vaccine for our son?",
        ],
    );
    assert_all(
        None,
        &[
            "my aunt keeps going on about strokes in women, what lowers the risk in general?",
            "are there support groups for people whose partners have had a heart attack?",
        ],
    );
}
