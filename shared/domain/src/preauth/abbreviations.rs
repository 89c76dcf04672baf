//! Chart abbreviations and the words they stand for, so a policy's words are found where a note
//! abbreviates them: "SI" for suicidal ideation, "HA" for headache, "CE/IOL" for cataract
//! extraction with an intraocular lens, "MTX" for methotrexate.
//!
//! The lexicon ([`super::lexicon`]) maps the abbreviations of its concepts; this table is for the
//! plain words of a criterion, matched one by one: a note token stands for a criterion word when
//! the word is one of its expansion's words ("SOB" stands for "shortness" and "breath"). Three to
//! five words are also met by their initials without a table ([`super::condition`]); the table
//! holds what initials cannot give — two-word names, shortened words, and letters that are not the
//! words' first ones ("HFrEF", "PsA", "Hgb").
//!
//! An abbreviation listed in capitals ("AS", "PT", "OCT": an English word, "patient", a month in
//! lower case) stands for its words only when the note writes it so; one listed in lower case
//! ("mtx", "hx") matches in any case.
//! Where one abbreviation has two common meanings ("MS": multiple sclerosis, mitral stenosis), both
//! are listed: a criterion names one of them, and only its words are looked for. A "non" in an
//! expansion belongs to the word after it: "NICM" stands for "non-ischemic", never "ischemic".

use std::sync::OnceLock;

use super::tokens::{Token, clinical_stem};

/// Abbreviation (as written, upper case where it must be capitals) → the words it stands for.
const TABLE: &[(&str, &str)] = &[
    // Medicines.
    ("mtx", "methotrexate"),
    ("hcq", "hydroxychloroquine"),
    ("ssz", "sulfasalazine"),
    ("aza", "azathioprine"),
    ("asa", "aspirin"),
    ("hctz", "hydrochlorothiazide"),
    ("ntg", "nitroglycerin"),
    ("abx", "antibiotics antibiotic"),
    ("tnfi", "tumor necrosis factor inhibitor tnf"),
    ("jaki", "janus kinase inhibitor jak"),
    ("ssri", "selective serotonin reuptake inhibitor antidepressant"),
    ("ppi", "proton pump inhibitor"),
    ("ocs", "oral corticosteroids corticosteroid steroids"),
    ("ivig", "intravenous immunoglobulin immune globulin"),
    ("gdmt", "guideline directed medical therapy"),
    ("RA", "rheumatoid arthritis"),
    // Dosing.
    ("bid", "twice daily day"),
    ("tid", "three times daily day"),
    ("qid", "four times daily day"),
    ("qd", "daily once"),
    ("qhs", "bedtime nightly night"),
    // Findings, symptoms and history.
    ("AH", "auditory hallucinations hallucination"),
    ("VH", "visual hallucinations hallucination"),
    ("mtc", "medullary thyroid carcinoma cancer"),
    ("paf", "paroxysmal atrial fibrillation"),
    ("SI", "suicidal ideation"),
    ("HI", "homicidal ideation"),
    ("ha", "headache"),
    ("sob", "shortness breath dyspnea"),
    ("doe", "dyspnea exertion exertional"),
    ("CP", "chest pain"),
    ("LOC", "loss consciousness"),
    ("ROM", "range motion"),
    // Wound care: a pressure injury is the pressure ulcer's current name (NPIAP, 2016).
    ("PI", "pressure injury ulcer"),
    ("stg", "stage"),
    ("arom", "active range motion"),
    ("prom", "passive range motion"),
    ("adl", "activities daily living"),
    ("adls", "activities daily living"),
    ("iadl", "instrumental activities daily living"),
    ("iadls", "instrumental activities daily living"),
    ("slr", "straight leg raise raising test"),
    ("ttp", "tenderness palpation tender"),
    ("nwb", "non weight bearing"),
    ("wbat", "weight bearing"),
    ("hx", "history"),
    ("fhx", "family history"),
    ("dx", "diagnosis diagnosed"),
    ("tx", "treatment treated"),
    ("sx", "symptoms symptom surgery"),
    ("rx", "prescription prescribed"),
    ("bx", "biopsy"),
    ("fx", "fracture"),
    ("etoh", "alcohol"),
    ("pmh", "past medical history"),
    ("psh", "past surgical history"),
    ("ros", "review systems"),
    ("ams", "altered mental status"),
    ("bilat", "bilateral"),
    ("abd", "abdominal abdomen"),
    ("LE", "lower extremity extremities"),
    ("UE", "upper extremity extremities"),
    ("BLE", "bilateral lower extremities extremity"),
    ("BUE", "bilateral upper extremities extremity"),
    ("DTR", "deep tendon reflex reflexes"),
    ("dtrs", "deep tendon reflexes"),
    ("emg", "electromyography"),
    ("ncs", "nerve conduction studies study"),
    // Conditions.
    ("mdd", "major depressive disorder depression"),
    ("gad", "generalized anxiety disorder"),
    ("ptsd", "post traumatic stress disorder"),
    ("ocd", "obsessive compulsive disorder"),
    ("adhd", "attention deficit hyperactivity disorder"),
    ("bpd", "borderline personality disorder bipolar"),
    ("trd", "treatment resistant depression"),
    ("MI", "myocardial infarction"),
    ("stemi", "st elevation myocardial infarction"),
    ("nstemi", "myocardial infarction"),
    ("cad", "coronary artery disease"),
    ("PAD", "peripheral artery arterial disease"),
    ("cabg", "coronary artery bypass graft grafting surgery"),
    ("pci", "percutaneous coronary intervention"),
    ("afib", "atrial fibrillation"),
    ("AF", "atrial fibrillation"),
    ("aflutter", "atrial flutter"),
    ("cva", "cerebrovascular accident stroke"),
    ("tia", "transient ischemic attack"),
    ("dvt", "deep vein venous thrombosis"),
    ("PE", "pulmonary embolism"),
    ("vte", "venous thromboembolism"),
    ("AS", "aortic stenosis ankylosing spondylitis"),
    ("AR", "aortic regurgitation"),
    ("MR", "mitral regurgitation"),
    ("MS", "multiple sclerosis mitral stenosis"),
    ("hcm", "hypertrophic cardiomyopathy"),
    ("dcm", "dilated cardiomyopathy"),
    ("CM", "cardiomyopathy"),
    ("icm", "ischemic cardiomyopathy"),
    ("nicm", "non ischemic cardiomyopathy"),
    ("lvh", "left ventricular hypertrophy"),
    ("lbbb", "left bundle branch block"),
    ("rbbb", "right bundle branch block"),
    ("scd", "sudden cardiac death"),
    ("copd", "chronic obstructive pulmonary disease"),
    ("ild", "interstitial lung disease"),
    ("ipf", "idiopathic pulmonary fibrosis"),
    ("PH", "pulmonary hypertension"),
    ("csa", "central sleep apnea"),
    ("eds", "excessive daytime sleepiness"),
    ("ckd", "chronic kidney disease"),
    ("esrd", "end stage renal kidney disease"),
    ("aki", "acute kidney injury"),
    ("uti", "urinary tract infection"),
    ("bph", "benign prostatic hyperplasia"),
    ("luts", "lower urinary tract symptoms"),
    ("oab", "overactive bladder"),
    ("sui", "stress urinary incontinence"),
    ("pcos", "polycystic ovary ovarian syndrome"),
    ("DOR", "diminished ovarian reserve"),
    ("ivf", "vitro fertilization"),
    ("iui", "intrauterine insemination"),
    ("fet", "frozen embryo transfer"),
    ("ibd", "inflammatory bowel disease"),
    ("UC", "ulcerative colitis"),
    ("CD", "crohn disease"),
    ("gerd", "gastroesophageal reflux disease"),
    ("ibs", "irritable bowel syndrome"),
    ("gib", "gastrointestinal bleeding"),
    ("ida", "iron deficiency anemia"),
    ("hcv", "hepatitis c virus"),
    ("hbv", "hepatitis b virus"),
    ("nafld", "fatty liver disease"),
    ("psa", "prostate specific antigen"),
    ("PsA", "psoriatic arthritis"),
    ("axspa", "axial spondyloarthritis"),
    ("sle", "systemic lupus erythematosus"),
    ("OA", "osteoarthritis"),
    ("djd", "degenerative joint disease"),
    ("ddd", "degenerative disc disease"),
    ("hnp", "herniated nucleus pulposus disc herniation"),
    ("tka", "total knee arthroplasty replacement"),
    ("tha", "total hip arthroplasty replacement"),
    ("tsa", "total shoulder arthroplasty replacement"),
    ("rtsa", "reverse total shoulder arthroplasty"),
    ("acl", "anterior cruciate ligament"),
    ("rct", "rotator cuff tear"),
    ("cts", "carpal tunnel syndrome"),
    ("crps", "complex regional pain syndrome"),
    ("esi", "epidural steroid injection"),
    ("mbb", "medial branch block"),
    ("t1dm", "type 1 diabetes mellitus"),
    ("t2dm", "type 2 diabetes mellitus"),
    ("dm1", "type 1 diabetes mellitus"),
    ("dm2", "type 2 diabetes mellitus"),
    ("iddm", "type 1 diabetes mellitus insulin dependent"),
    ("niddm", "type 2 diabetes mellitus"),
    ("dka", "diabetic ketoacidosis"),
    ("osa", "obstructive sleep apnea"),
    ("htn", "hypertension"),
    ("hld", "hyperlipidemia dyslipidemia"),
    ("FH", "familial hypercholesterolemia family history"),
    ("hefh", "heterozygous familial hypercholesterolemia"),
    ("hofh", "homozygous familial hypercholesterolemia"),
    ("ascvd", "atherosclerotic cardiovascular disease"),
    ("aaa", "abdominal aortic aneurysm"),
    ("cli", "critical limb ischemia"),
    ("clti", "chronic limb threatening ischemia"),
    ("gsv", "great saphenous vein"),
    ("ssv", "small saphenous vein"),
    ("cvi", "chronic venous insufficiency"),
    ("amd", "age related macular degeneration"),
    ("namd", "neovascular age related macular degeneration"),
    ("dme", "diabetic macular edema durable medical equipment"),
    ("poag", "primary open angle glaucoma"),
    ("iop", "intraocular pressure"),
    ("bcva", "best corrected visual acuity"),
    ("VA", "visual acuity"),
    ("CE", "cataract extraction"),
    ("iol", "intraocular lens"),
    ("phaco", "phacoemulsification cataract"),
    ("pco", "posterior capsule opacification"),
    ("NS", "nuclear sclerosis sclerotic cataract"),
    ("psc", "posterior subcapsular cataract"),
    ("OCT", "optical coherence tomography"),
    ("snhl", "sensorineural hearing loss"),
    ("OME", "otitis media effusion"),
    ("aom", "acute otitis media"),
    ("GH", "growth hormone"),
    ("ghd", "growth hormone deficiency"),
    ("igf", "insulin like growth factor"),
    ("bmd", "bone mineral density"),
    ("dxa", "dual energy x ray absorptiometry bone density"),
    ("dexa", "dual energy x ray absorptiometry bone density"),
    ("ect", "electroconvulsive therapy"),
    ("tms", "transcranial magnetic stimulation"),
    ("AD", "atopic dermatitis antidepressant"),
    ("bsa", "body surface area"),
    ("pasi", "psoriasis area severity index"),
    ("HS", "hidradenitis suppurativa"),
    ("CF", "cystic fibrosis"),
    // Laboratory shorthand.
    ("Ht", "height"),
    ("Wt", "weight"),
    ("HOB", "head bed"),
    ("uln", "upper limit normal"),
    ("lln", "lower limit normal"),
    ("plt", "platelet platelets"),
    ("plts", "platelet platelets"),
    ("eos", "eosinophil eosinophils"),
    ("aec", "absolute eosinophil count eosinophil"),
    ("anc", "absolute neutrophil count neutrophil"),
    ("wbc", "white blood cell cells leukocyte"),
    ("tsat", "transferrin saturation"),
    ("ferr", "ferritin"),
    ("hct", "hematocrit"),
    ("cr", "creatinine"),
    ("alb", "albumin"),
    ("ldl", "low density lipoprotein cholesterol"),
    ("hdl", "high density lipoprotein cholesterol"),
    ("tg", "triglycerides triglyceride"),
    ("ige", "immunoglobulin"),
    // Tests, procedures and care.
    ("psg", "polysomnography polysomnogram sleep study"),
    ("hsat", "home sleep apnea test testing"),
    ("pft", "pulmonary function test tests testing"),
    ("pfts", "pulmonary function tests"),
    ("tte", "transthoracic echocardiogram echocardiography"),
    ("TEE", "transesophageal echocardiogram echocardiography"),
    ("ekg", "electrocardiogram"),
    ("ecg", "electrocardiogram"),
    ("cxr", "chest x ray radiograph"),
    ("xr", "x ray radiograph radiographs"),
    ("egd", "upper endoscopy esophagogastroduodenoscopy"),
    ("ercp", "endoscopic retrograde cholangiopancreatography"),
    ("lhc", "left heart catheterization cardiac"),
    ("rhc", "right heart catheterization cardiac"),
    ("cath", "catheterization"),
    ("PT", "physical therapy"),
    ("OT", "occupational therapy"),
    ("cbt", "cognitive behavioral therapy"),
    ("HEP", "home exercise program"),
    ("snf", "skilled nursing facility"),
    // Shortened words.
    ("chemo", "chemotherapy"),
    ("trach", "tracheostomy"),
    ("picc", "peripherally inserted central catheter line"),
    ("tpn", "total parenteral nutrition"),
    ("PNA", "pneumonia"),
    ("hosp", "hospital hospitalization hospitalized"),
    ("CR", "cardiac rehabilitation creatinine"),
    ("f2f", "face to face"),
];

struct Entry {
    abbreviation: &'static str,
    capitals_only: bool,
    stems: Vec<String>,
}

impl Entry {
    /// Whether the token writes this abbreviation: in capitals where it must be, else in any case.
    fn written_as(&self, t: &Token<'_>) -> bool {
        if self.capitals_only { t.text == self.abbreviation } else { t.lower == self.abbreviation }
    }
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        TABLE
            .iter()
            .map(|(abbreviation, words)| Entry {
                abbreviation,
                capitals_only: abbreviation.chars().any(|c| c.is_ascii_uppercase()),
                stems: expansion_stems(words),
            })
            .collect()
    })
}

/// The stems an expansion stands for; "non" goes with the word after it, as a criterion's
/// "non-ischemic" does ([`super::condition::word_stem`]): "NICM" stands for "nonischemic", never
/// for "ischemic".
fn expansion_stems(words: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut words = words.split_whitespace();
    while let Some(word) = words.next() {
        match (word, words.clone().next()) {
            ("non", Some(next)) => {
                out.push(format!("non{}", clinical_stem(next)));
                words.next();
            }
            _ => out.push(clinical_stem(word)),
        }
    }
    out
}

/// Whether note token `t` is an abbreviation standing for the criterion word with stem `stem`.
/// (Whether it is a measurement's label instead — "PT 13.2 sec", "RA 8 mmHg" — is the caller's
/// to ask: see [`labels_a_value`].)
pub fn stands_for(t: &Token<'_>, stem: &str) -> bool {
    entries().iter().any(|e| e.written_as(t) && e.stems.iter().any(|s| s == stem))
}

/// Whether a token is a listed abbreviation as written ("AF", "RA" in capitals): a policy's own
/// two-letter abbreviation is a word to find, as longer words are.
pub fn listed(t: &Token<'_>) -> bool {
    entries().iter().any(|e| e.written_as(t))
}

/// Whether the capitals at token `k` label a measured value rather than name a condition or a
/// treatment: a decimal or a pressure right after ("PT 13.2 sec" is a prothrombin time, "RA 8
/// mmHg" a right atrial pressure) or a saturation right before ("SpO2 94% RA" is room air).
pub fn labels_a_value(tokens: &[Token<'_>], k: usize) -> bool {
    let Some(t) = tokens.get(k) else { return false };
    if t.text.len() > 3 || !t.text.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let next = tokens.get(k + 1).filter(|n| !n.gap.stop);
    let unit = tokens.get(k + 2).map_or("", |u| u.lower.as_str());
    let measured = next.is_some_and(|n| n.lower.contains('.') && n.number().is_some() || n.number().is_some() && matches!(unit, "sec" | "s" | "seconds" | "mmhg" | "mm"));
    let after_percent = t.gap_text.trim() == "%";
    measured || after_percent
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preauth::tokens::tokenize;

    fn stands(note: &str, word: &str) -> bool {
        tokenize(note).iter().any(|t| stands_for(t, &clinical_stem(word)))
    }

    #[test]
    fn a_note_abbreviation_stands_for_the_policy_words() {
        assert!(stands("passive SI last week", "suicidal") && stands("passive SI last week", "ideation"));
        assert!(stands("MTX 20 mg weekly", "methotrexate"));
        assert!(!stands("NICM, LVEF 25%", "ischemia"), "non-ischemic is not ischemic");
        assert!(tokenize("NICM").iter().any(|t| stands_for(t, &format!("non{}", clinical_stem("ischemic")))));
        assert!(stands("Mtx 20 mg weekly", "methotrexate"), "longer ones in any case");
        assert!(stands("s/p CE/IOL OS", "cataract"));
        assert!(stands("BCVA 20/60", "acuity"));
        assert!(!stands("as needed", "aortic"), "a word that is an abbreviation only in capitals");
        assert!(!stands("Pt seen today", "physical"), "\"pt\" is the patient");
        assert!(stands("Completed PT x 8 wks", "physical"));
        let t = tokenize("PT 13.2 sec, RA 8 mmHg, SpO2 94% RA; PT x 8 wks");
        let labels: Vec<&str> = (0..t.len()).filter(|&k| labels_a_value(&t, k)).map(|k| t[k].text).collect();
        assert_eq!(labels, ["PT", "RA", "RA"], "values' labels, not the therapy or the arthritis");
    }
}
