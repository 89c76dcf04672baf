//! A small clinical lexicon: the concepts pre-auth policies for common procedures are written in,
//! with the synonyms, brand names and abbreviations notes use for them (PT ↔ physical therapy,
//! NSAID ↔ ibuprofen/naproxen/meloxicam, OA ↔ osteoarthritis, x-ray ↔ radiograph, echo/TTE ↔
//! echocardiogram, NCS/EMG ↔ electrodiagnostic studies, median neuropathy at the wrist ↔ carpal
//! tunnel syndrome, …).
//!
//! It is deliberately modest — about fifty concepts drawn from the orthopaedic, spine, bariatric
//! and imaging policies MediClear sees first — not an ontology. A word outside it is still
//! matched, by its stem. Choices:
//! - Lower-case surfaces are matched on Snowball stems, so `injections` matches `injection`.
//!   Surfaces written with capitals are abbreviations matched case-sensitively (plural `s` allowed),
//!   because `PT` is physical therapy but `pt` is "patient" in notes.
//! - A few concepts are broader than others (a note's "physical therapy" satisfies a policy's
//!   "conservative therapy"; "hypertension" satisfies "obesity-related comorbidity").
//! - Treatment-failure phrases ("no improvement", "did not respond", "without relief") are one
//!   concept: they affirm failed therapy, so the context engine treats them as
//!   pseudo-negations (see [`crate::clinical_context`]).
//! - Boilerplate words weigh nothing: "diagnosis of severe asthma" is documented by a note naming
//!   severe asthma, and a look-back ("in the previous 12 months") is read as a recency window.
//! - A few surfaces are negated forms ("non-smoker", "former smoker"): they mention the concept
//!   and deny it.
//! - Medicine classes that asthma-biologic and migraine policies name (inhaled corticosteroids,
//!   long-acting beta-agonists and muscarinic antagonists, leukotriene antagonists; beta-blockers,
//!   antiepileptics, tricyclics, SNRIs, CGRP antagonists, botulinum toxin, triptans) are met by
//!   their members' generic and brand names; a combination inhaler ("Advair", "ICS/LABA") meets
//!   both of its classes, every controller class meets "controller", and every preventive class
//!   "preventive medication" (triptans are acute treatment, not preventive). As with NSAIDs, a
//!   policy naming two members ("propranolol or metoprolol") is read as their class: policies
//!   name classes far more often than they single out members, and the reviewer sees the quote.

use std::sync::OnceLock;

use super::tokens::{Token, clinical_stem, tokenize};

/// A concept of the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concept {
    // Conservative therapies and their failure.
    ConservativeTherapy,
    PhysicalTherapy,
    HomeExercise,
    Nsaid,
    Analgesic,
    Injection,
    Viscosupplementation,
    Bracing,
    ActivityModification,
    Chiropractic,
    WeightLoss,
    TreatmentFailure,
    // Symptoms and findings.
    Symptom,
    Pain,
    LowBackPain,
    Radiculopathy,
    NeurologicDeficit,
    CaudaEquina,
    FunctionalLimitation,
    DailyActivities,
    JointSpaceNarrowing,
    // Diagnoses and conditions.
    Osteoarthritis,
    RheumatoidArthritis,
    Infection,
    Malignancy,
    EndOfLifeCare,
    TuberculosisScreening,
    Fracture,
    Obesity,
    Comorbidity,
    Diabetes,
    Hypertension,
    SleepApnea,
    Dyslipidemia,
    SubstanceUse,
    Smoking,
    Pregnancy,
    ImplantedDevice,
    CarpalTunnelSyndrome,
    Dyspnea,
    Exertion,
    Claudication,
    Her2Positive,
    Anticoagulation,
    /// Vasopressor support, by the class or its drugs ("norepi", "Levophed", "pressors").
    Vasopressor,
    // Systemic (oral or intravenous) corticosteroids, and antimalarials: the standard therapies
    // lupus, myasthenia and vasculitis policies name by class.
    Corticosteroid,
    Antimalarial,
    Immunocompromised,
    UnstableAngina,
    Antiplatelet,
    Glucocorticoid,
    HormonalTherapy,
    Fibroids,
    HeavyMenstrualBleeding,
    Anemia,
    Seizure,
    HeartFailure,
    /// Fat in the liver, of any cause but alcohol ("NAFLD", "MASLD", "hepatic steatosis").
    FattyLiver,
    /// Its inflammatory form ("NASH", "MASH"), a kind of fatty liver disease.
    Steatohepatitis,
    /// Sterilization chosen by the patient: tubal ligation, vasectomy.
    Sterilization,
    DemyelinatingDisease,
    Insulin,
    /// Conventional synthetic disease-modifying antirheumatic drugs.
    Dmard,
    FrozenShoulder,
    CardiacArrest,
    VentricularArrhythmia,
    Syncope,
    Angina,
    // Medicine classes that asthma and migraine policies name (GINA controller steps; the American
    // Headache Society's preventive classes), each met by its members' generic and brand names.
    AsthmaController,
    InhaledCorticosteroid,
    LongActingBetaAgonist,
    IcsLabaCombination,
    LeukotrieneAntagonist,
    LongActingMuscarinic,
    MigrainePreventive,
    BetaBlocker,
    Anticonvulsant,
    TricyclicAntidepressant,
    Snri,
    CgrpAntagonist,
    BotulinumToxin,
    Triptan,
    // Medicine classes step-therapy criteria name ("failure of two antidepressants", "a statin at
    // the maximally tolerated dose", "despite an alpha-blocker"), each met by its members' generic
    // and brand names.
    Antidepressant,
    Ssri,
    Stimulant,
    Statin,
    LipidLowering,
    Sglt2Inhibitor,
    Glp1Agonist,
    ProtonPumpInhibitor,
    AcidSuppression,
    Bisphosphonate,
    RaasInhibitor,
    OralIron,
    Antibiotic,
    AlphaBlocker,
    FiveAlphaReductaseInhibitor,
    Antimuscarinic,
    Beta3Agonist,
    MuscleRelaxant,
    Opioid,
    TopicalCorticosteroid,
    TopicalCalcineurinInhibitor,
    Antihistamine,
    NasalCorticosteroid,
    AromataseInhibitor,
    EndocrineTherapy,
    // Documentation.
    Photograph,
    ManagementImpact,
    // The patient's state and the purpose of a test.
    Asymptomatic,
    Screening,
    /// A procedure for appearance: "to look younger", "a tired look", "cosmetic".
    Cosmetic,
    /// A drug allergy or hypersensitivity reaction ("anaphylaxis", "Allergy list: …"); "NKDA" denies it.
    Hypersensitivity,
    // Imaging.
    Imaging,
    Radiograph,
    Mri,
    CtScan,
    Echocardiogram,
    ElectrodiagnosticStudy,
    BoneDensityScan,
    SleepStudy,
    // Measures and assessments.
    Bmi,
    HbA1c,
    Age,
    PainScore,
    KellgrenLawrence,
    Oswestry,
    VisualAcuity,
    PsychEvaluation,
    // Procedures.
    KneeArthroplasty,
    /// Weight-loss surgery of any kind ("sleeve gastrectomy", "RYGB", "lap band").
    BariatricSurgery,
}

/// The concepts and their surfaces. Hyphens and slashes in surfaces are word breaks, as in text.
const ENTRIES: &[(Concept, &[&str])] = &[
    (Concept::ConservativeTherapy, &[
        "conservative therapy", "conservative therapies", "conservative treatment", "conservative treatments",
        "conservative management", "conservative care", "conservative measures", "conservative", "nonoperative",
        "non operative", "nonsurgical", "non surgical", "non operative management", "non-surgical management",
    ]),
    (Concept::PhysicalTherapy, &[
        "physical therapy", "physiotherapy", "physical therapist", "PT", "physical rehabilitation",
        "physical therapy sessions", "formal therapy",
    ]),
    (Concept::HomeExercise, &[
        "home exercise", "home exercises", "home exercise program", "HEP", "supervised exercise", "exercise program",
        "exercise therapy", "strengthening exercises", "structured exercise",
    ]),
    (Concept::Nsaid, &[
        "nsaid", "nsaids", "non steroidal anti inflammatory", "nonsteroidal anti inflammatory",
        "nonsteroidal antiinflammatory", "anti inflammatory", "antiinflammatory", "anti inflammatories",
        "ibuprofen", "naproxen", "meloxicam", "diclofenac", "celecoxib", "celebrex", "motrin", "advil", "aleve",
        "mobic", "indomethacin", "ketorolac", "etodolac", "nabumetone",
    ]),
    (Concept::Analgesic, &["analgesic", "analgesics", "acetaminophen", "tylenol", "paracetamol", "tramadol", "duloxetine"]),
    (Concept::Injection, &[
        "injection", "injections", "corticosteroid injection", "steroid injection", "cortisone injection",
        "intra articular injection", "intraarticular injection", "intra articular corticosteroid",
        "intra articular steroid", "epidural steroid injection", "ESI", "triamcinolone", "kenalog",
        "methylprednisolone", "depo medrol", "cortisone shot", "steroid shot",
    ]),
    (Concept::Viscosupplementation, &[
        "viscosupplementation", "hyaluronic acid", "hyaluronic acid injection", "hyaluronan", "synvisc", "euflexxa",
        "orthovisc", "gel injection",
    ]),
    (Concept::Bracing, &["brace", "bracing", "unloader brace", "orthosis", "orthotic", "orthotics", "knee sleeve"]),
    (Concept::ActivityModification, &[
        "activity modification", "activity modifications", "modified activity", "activity restriction",
        "assistive device", "cane", "walker",
    ]),
    (Concept::Chiropractic, &["chiropractic", "chiropractor", "spinal manipulation", "manipulative therapy"]),
    // Weight-loss *treatment*. A bare "weight loss" is as often a symptom ("unexplained weight
    // loss", a red flag) and is left to plain word matching.
    (Concept::WeightLoss, &[
        "weight management", "weight management program", "weight loss program", "weight reduction program",
        "supervised weight loss", "medically supervised weight loss", "dietitian", "dietician", "nutritionist",
        "nutrition counseling", "nutritional counseling", "caloric restriction", "calorie restricted",
        "low calorie diet", "meal replacement",
    ]),
    (Concept::TreatmentFailure, &[
        "fail", "failed", "failure", "failing", "fails", "unsuccessful", "refractory", "ineffective", "not effective",
        "no improvement", "without improvement", "not improved", "not improve", "no significant improvement",
        "not significantly improved", "minimal improvement", "little improvement", "no relief", "without relief",
        "not relieved", "minimal relief", "little relief", "limited relief", "temporary relief",
        "without lasting relief", "no lasting relief", "no sustained relief", "did not respond", "not respond",
        "not responded", "no response", "inadequate response", "poor response", "not tolerate", "not tolerated",
        "intolerant", "intolerance", "despite", "no benefit", "did not help", "not helped", "no better",
        "persistent despite", "continued symptoms despite", "unable to tolerate", "could not tolerate",
        // A medicine stopped for what it did is a trial that failed.
        "side effect", "side effects", "adverse effect", "adverse effects", "adverse reaction", "intolerable",
        "discontinued due to", "stopped due to", "discontinued because", "stopped because", "discontinued for",
    ]),
    (Concept::Symptom, &["symptom", "symptoms", "symptomatic", "complaint", "complaints"]),
    (Concept::Pain, &["pain", "painful", "ache", "aching", "discomfort", "arthralgia"]),
    (Concept::LowBackPain, &["low back pain", "lower back pain", "lbp", "lumbago", "lumbar pain", "back pain", "axial back pain"]),
    (Concept::Radiculopathy, &[
        "radiculopathy", "radicular", "radicular pain", "radicular symptoms", "sciatica", "radiating", "radiates",
        "radiating pain", "pain radiating", "dermatomal distribution", "dermatomal pattern", "L4 distribution", "L5 distribution",
        "S1 distribution", "C5 distribution", "C6 distribution", "C7 distribution", "C8 distribution", "L5 pattern",
        "S1 pattern", "C6 pattern", "C7 pattern", "shooting down", "radiating down", "down the leg", "down his leg",
        "down her leg", "down the arm", "down his arm", "down her arm",
    ]),
    (Concept::NeurologicDeficit, &[
        "neurologic deficit", "neurological deficit", "neurologic deficits", "neurological deficits", "motor deficit",
        "sensory deficit", "weakness", "motor weakness", "foot drop", "numbness", "paresthesia", "paresthesias",
        "diminished reflexes", "decreased reflexes", "absent reflexes", "reflex loss", "sensory loss",
    ]),
    (Concept::CaudaEquina, &[
        "cauda equina", "cauda equina syndrome", "saddle anesthesia", "bowel or bladder dysfunction",
        "bladder dysfunction", "bowel dysfunction", "urinary retention", "incontinence",
    ]),
    (Concept::FunctionalLimitation, &[
        "functional limitation", "functional limitations", "functional impairment", "functional decline",
        "limited mobility", "limited ambulation", "difficulty walking", "difficulty ambulating", "limits", "limited",
        "limiting", "limitation", "limitations", "difficulty", "difficulties", "unable", "impaired", "impairment",
        "disability", "interferes", "interfering", "interfere", "restricted", "no longer", "stopped doing",
        "cannot", "can not", "can't", "can’t", "could not", "couldn't", "had to give up", "has had to give up", "gave up",
    ]),
    (Concept::DailyActivities, &[
        "activities of daily living", "activity of daily living", "adl", "adls", "daily activities", "daily living",
        "activities of daily life", "self care", "shopping", "grocery shopping", "housework", "chores", "errands",
        "dressing", "bathing", "cooking", "yard work",
    ]),
    (Concept::JointSpaceNarrowing, &[
        "joint space narrowing", "joint space loss", "loss of joint space", "bone on bone",
        "narrowing of the joint space", "joint space", "JSN",
    ]),
    (Concept::Osteoarthritis, &[
        "osteoarthritis", "osteoarthritic", "OA", "degenerative joint disease", "djd", "degenerative arthritis",
        "arthrosis", "gonarthrosis", "arthritis", "tricompartmental arthritis",
    ]),
    (Concept::RheumatoidArthritis, &["rheumatoid arthritis", "RA", "inflammatory arthritis"]),
    (Concept::Infection, &[
        "infection", "infections", "infected", "infectious", "septic", "sepsis", "cellulitis", "osteomyelitis",
        "abscess", "purulent", "discitis", "bacteremia",
    ]),
    (Concept::Malignancy, &[
        "malignancy", "malignant", "cancer", "tumor", "tumour", "neoplasm", "metastatic", "metastasis", "metastases",
        "carcinoma", "lymphoma", "sarcoma", "myeloma", "adenocarcinoma", "metastatic disease",
    ]),
    // Biologic and immunosuppressant policies ask for it; notes name the test.
    (Concept::TuberculosisScreening, &[
        "tuberculosis screening", "tb screening", "tuberculosis test", "tb test", "interferon gamma release assay",
        "IGRA", "quantiferon", "quantiferon gold", "QFT", "t spot", "tspot", "tuberculin skin test", "mantoux",
    ]),
    // Exclusions for devices and procedures that extend life: goals of care and a limited life
    // expectancy, as notes write them ("DNR/DNI", "comfort-focused care", "accepted hospice").
    (Concept::EndOfLifeCare, &[
        "hospice", "hospice care", "hospice enrollment", "comfort care", "comfort measures", "comfort focused care",
        "comfort care only", "DNR", "do not resuscitate", "terminal illness", "terminally ill", "limited life expectancy",
        "life expectancy", "end of life care", "expected survival", "estimated survival", "median survival",
        "median expected survival", "prognosis",
    ]),
    (Concept::Fracture, &["fracture", "fractures", "fx", "compression fracture"]),
    (Concept::Obesity, &["obesity", "obese", "morbid obesity", "severe obesity", "class iii obesity", "morbidly obese"]),
    (Concept::Comorbidity, &[
        "comorbidity", "comorbidities", "co morbidity", "co morbidities", "comorbid condition", "comorbid conditions",
    ]),
    (Concept::Diabetes, &[
        "type 2 diabetes", "type ii diabetes", "type 2 diabetes mellitus", "t2dm", "dm2", "DM", "diabetes mellitus",
        "diabetes", "diabetic", "niddm", "t2d", "t1dm", "dm1", "iddm", "t1d",
    ]),
    (Concept::Hypertension, &["hypertension", "htn", "high blood pressure", "hypertensive"]),
    (Concept::SleepApnea, &["obstructive sleep apnea", "sleep apnea", "osa", "sleep apnoea"]),
    (Concept::Dyslipidemia, &["dyslipidemia", "hyperlipidemia", "hypercholesterolemia", "high cholesterol"]),
    (Concept::SubstanceUse, &[
        "substance abuse", "substance use disorder", "drug abuse", "alcohol abuse", "alcohol use disorder",
        "alcohol dependence", "opioid use disorder", "illicit drug use", "polysubstance", "substance use", "AUD", "SUD",
        "OUD",
    ]),
    (Concept::Smoking, &["smoker", "smoking", "smokes", "tobacco", "tobacco use", "nicotine", "cigarette", "cigarettes", "vaping", "vape", "vapes", "e cigarette", "e cigarettes", "cotinine",
    ]),
    (Concept::Pregnancy, &["pregnant", "pregnancy", "gestation", "weeks gestation", "gravid", "intrauterine pregnancy"]),
    (Concept::ImplantedDevice, &[
        "pacemaker", "defibrillator", "implantable cardioverter", "cochlear implant", "neurostimulator",
        "spinal cord stimulator", "metallic foreign body", "aneurysm clip", "implanted device", "implanted devices",
    ]),
    // Carpal tunnel syndrome is median neuropathy at the wrist; studies report it by that name.
    (Concept::CarpalTunnelSyndrome, &[
        "carpal tunnel syndrome", "carpal tunnel", "CTS", "median neuropathy at the wrist",
        "median mononeuropathy at the wrist", "median neuropathy at wrist",
    ]),
    (Concept::Dyspnea, &[
        "dyspnea", "dyspnoea", "shortness of breath", "short of breath", "SOB", "breathless", "breathlessness",
        "winded", "DOE", "dyspnea on exertion", "exertional dyspnea", "out of breath", "air hunger",
    ]),
    // What brings a symptom on: "SOB climbing one flight" is dyspnea on exertion.
    (Concept::Exertion, &[
        "exertion", "exertional", "on exertion", "with exertion", "climbing", "climbing stairs", "flight of stairs",
        "flights of stairs", "one flight", "uphill", "walking uphill",
    ]),
    // Intermittent claudication is leg pain on walking relieved by rest; notes name it either way.
    (Concept::Claudication, &[
        "claudication", "intermittent claudication", "claudicates", "claudicating", "calf pain with walking",
        "leg pain with walking", "leg pain on walking", "leg pain when walking", "calf pain on walking",
        "calf pain when walking", "pain with walking", "pain on walking", "exertional leg pain", "exertional calf pain",
        "relieved by rest", "relieved with rest", "relieved by resting", "resolves with rest", "eases with rest",
        "better with rest",
    ]),
    // HER2 overexpression is IHC 3+ or a positive ISH (gene amplification).
    (Concept::Her2Positive, &[
        // (A grade's "+" is punctuation to the tokenizer: "HER2 3" is "HER2 3+".)
        "HER2 positive", "HER2 3", "HER2 IHC 3", "IHC 3", "HER2 overexpression", "HER2 overexpressing",
        "HER2 amplification", "HER2 amplified", "HER2 gene amplification", "ERBB2 amplification", "ERBB2 amplified",
        "HER2/neu positive", "HER2 neu positive",
    ]),
    (Concept::Anticoagulation, &[
        "anticoagulation", "anticoagulant", "anticoagulants", "anticoagulated", "blood thinner", "blood thinners",
        "DOAC", "apixaban", "eliquis", "rivaroxaban", "xarelto", "dabigatran", "pradaxa", "edoxaban", "savaysa",
        "warfarin", "coumadin", "enoxaparin", "lovenox", "heparin",
    ]),
    (Concept::Vasopressor, &[
        "vasopressor", "vasopressors", "vasopressor support", "pressor", "pressors", "pressor support", "norepinephrine", "norepi", "levophed",
        "vasopressin", "phenylephrine", "neosynephrine", "epinephrine infusion", "epinephrine drip", "epi drip",
        "dopamine infusion", "dopamine drip",
    ]),
    (Concept::Corticosteroid, &[
        "corticosteroid", "corticosteroids", "systemic corticosteroid", "systemic corticosteroids", "oral corticosteroid",
        "oral corticosteroids", "systemic steroids", "oral steroids", "glucocorticoid", "glucocorticoids", "prednisone",
        "prednisolone", "methylprednisolone", "medrol", "solu medrol", "dexamethasone", "decadron", "hydrocortisone",
        "deflazacort",
    ]),
    (Concept::Antimalarial, &["antimalarial", "antimalarials", "hydroxychloroquine", "plaquenil", "HCQ", "chloroquine", "quinacrine"]),
    (Concept::Immunocompromised, &[
        "immunocompromised", "immunocompromise", "immunosuppressed", "immunosuppression", "immunosuppressive",
        "immunosuppressive therapy", "immunosuppressive agent", "immunosuppressive agents", "immunosuppressive drug",
        "immunosuppressive drugs", "immunosuppressive medication", "immunosuppressive medications", "immunosuppressant",
        "immunosuppressants", "MMF", "myfortic", "imuran", "cyclophosphamide", "transplant recipient", "kidney transplant",
        "renal transplant", "liver transplant",
        "heart transplant", "lung transplant", "tacrolimus", "prograf", "mycophenolate", "cellcept", "cyclosporine",
        "sirolimus", "azathioprine", "HIV", "AIDS",
    ]),
    // Angina that is new, at rest or crescendo: an acute coronary syndrome, not stable angina.
    (Concept::UnstableAngina, &[
        "unstable angina", "crescendo angina", "crescendo pattern", "rest angina", "angina at rest", "chest pain at rest",
        "chest pressure at rest", "rest chest pain", "rest chest pressure", "acute coronary syndrome", "ACS",
        "new onset angina", "accelerating angina",
    ]),
    (Concept::Antiplatelet, &[
        "antiplatelet", "antiplatelet therapy", "antiplatelet agent", "clopidogrel", "plavix", "ticagrelor", "brilinta",
        "prasugrel", "effient", "DAPT", "dual antiplatelet therapy",
    ]),
    // Systemic glucocorticoids (an injected steroid is an injection, above).
    (Concept::Glucocorticoid, &[
        "glucocorticoid", "glucocorticoids", "systemic glucocorticoid", "systemic corticosteroid", "systemic corticosteroids",
        "oral corticosteroid", "oral corticosteroids", "oral steroid", "oral steroids", "prednisone", "prednisolone",
        "dexamethasone", "hydrocortisone", "deltasone",
    ]),
    // Hormonal treatment of gynaecological bleeding and pain.
    (Concept::HormonalTherapy, &[
        "hormonal therapy", "hormone therapy", "hormonal treatment", "hormonal contraceptive", "hormonal contraceptives",
        "combined hormonal contraceptive", "combined hormonal contraceptives", "oral contraceptive", "oral contraceptives",
        "combined oral contraceptive", "OCP", "OCPs", "COC", "COCs", "birth control pill", "birth control pills",
        "progestin", "progestins", "norethindrone", "medroxyprogesterone", "depo provera", "levonorgestrel", "LNG IUD",
        "levonorgestrel IUD", "mirena", "GnRH agonist", "GnRH agonists", "GnRH antagonist", "GnRH antagonists",
        "leuprolide", "lupron", "elagolix", "relugolix", "dienogest", "goserelin", "zoladex", "triptorelin",
        "ovarian suppression", "ovarian function suppression",
    ]),
    (Concept::Fibroids, &[
        "fibroid", "fibroids", "leiomyoma", "leiomyomas", "leiomyomata", "myoma", "myomas", "uterine fibroids",
        "fibroid uterus", "multifibroid uterus",
    ]),
    (Concept::HeavyMenstrualBleeding, &[
        "heavy menstrual bleeding", "HMB", "menorrhagia", "heavy periods", "heavy menses", "heavy menstrual periods",
        "prolonged menses", "prolonged menstrual bleeding", "menometrorrhagia", "heavy bleeding with periods",
    ]),
    (Concept::Anemia, &["anemia", "anaemia", "anemic", "anaemic", "iron deficiency anemia", "iron deficiency anaemia", "IDA"]),
    (Concept::Seizure, &[
        "seizure", "seizures", "convulsion", "convulsions", "convulsive", "tonic clonic", "GTC", "GTCS", "epileptic seizure",
    ]),
    (Concept::HeartFailure, &[
        "heart failure", "congestive heart failure", "CHF", "HF", "HFrEF", "HFpEF", "HFmrEF", "cardiac failure",
        "systolic heart failure", "diastolic heart failure", "heart failure with reduced ejection fraction",
        "heart failure with preserved ejection fraction",
    ]),
    (Concept::FattyLiver, &[
        "fatty liver", "fatty liver disease", "nonalcoholic fatty liver disease", "non alcoholic fatty liver disease",
        "NAFLD", "MASLD", "metabolic dysfunction associated steatotic liver disease", "hepatic steatosis",
        "steatotic liver disease",
    ]),
    (Concept::Steatohepatitis, &[
        "steatohepatitis", "nonalcoholic steatohepatitis", "non alcoholic steatohepatitis", "NASH", "MASH",
        "metabolic dysfunction associated steatohepatitis",
    ]),
    (Concept::Sterilization, &[
        "sterilization", "voluntary sterilization", "tubal ligation", "bilateral tubal ligation", "BTL", "tubal sterilization",
        "tubes tied", "vasectomy", "essure",
    ]),
    (Concept::DemyelinatingDisease, &[
        "demyelinating disease", "demyelinating disorder", "demyelinating", "demyelination", "multiple sclerosis",
        "RRMS", "SPMS", "PPMS", "relapsing remitting multiple sclerosis", "optic neuritis", "transverse myelitis",
        "neuromyelitis optica", "NMOSD",
    ]),
    (Concept::Insulin, &[
        "insulin", "insulin therapy", "basal insulin", "bolus insulin", "basal bolus", "prandial insulin", "insulin pump",
        "glargine", "degludec", "detemir", "lispro", "aspart", "glulisine", "NPH", "lantus", "basaglar", "semglee",
        "toujeo", "tresiba", "levemir", "humalog", "novolog", "fiasp", "lyumjev", "admelog", "apidra", "humulin",
        "novolin",
    ]),
    (Concept::Dmard, &[
        "DMARD", "DMARDs", "csDMARD", "csDMARDs", "conventional synthetic DMARD", "conventional synthetic DMARDs",
        "disease modifying antirheumatic drug", "disease modifying antirheumatic drugs", "disease modifying agent",
        "methotrexate", "MTX", "leflunomide", "arava", "sulfasalazine", "SSZ", "azulfidine", "hydroxychloroquine",
        "HCQ", "plaquenil",
    ]),
    (Concept::FrozenShoulder, &["adhesive capsulitis", "frozen shoulder"]),
    (Concept::CardiacArrest, &[
        "cardiac arrest", "sudden cardiac arrest", "cardiopulmonary arrest", "OHCA", "IHCA", "out of hospital cardiac arrest",
        "in hospital cardiac arrest", "VF arrest", "aborted sudden cardiac death", "resuscitated sudden cardiac death",
    ]),
    (Concept::VentricularArrhythmia, &[
        "ventricular fibrillation", "v fib", "vfib", "ventricular tachycardia", "VT", "v tach", "vtach",
        "sustained ventricular tachycardia", "sustained VT", "polymorphic VT", "monomorphic VT",
    ]),
    (Concept::Syncope, &[
        "syncope", "syncopal", "syncopal episode", "fainted", "fainting", "passed out", "loss of consciousness",
        "presyncope", "near syncope", "near faint", "near fainting",
    ]),
    (Concept::Angina, &[
        // Chest pain alone is a symptom to work up, not angina; brought on by exertion it is.
        "angina", "anginal", "angina pectoris", "exertional chest pain", "exertional chest pressure",
        "exertional chest tightness", "chest pain on exertion", "chest pain with exertion", "chest tightness on exertion",
        "chest tightness with exertion",
    ]),
    (Concept::AsthmaController, &[
        "controller", "controllers", "controller medication", "controller medications", "controller therapy",
        "controller inhaler", "maintenance inhaler", "maintenance therapy", "asthma controller",
    ]),
    (Concept::InhaledCorticosteroid, &[
        "inhaled corticosteroid", "inhaled corticosteroids", "inhaled steroid", "inhaled steroids", "inhaled glucocorticoid",
        "ICS", "fluticasone", "flovent", "arnuity", "budesonide", "pulmicort", "beclomethasone", "qvar", "mometasone",
        "asmanex", "ciclesonide", "alvesco",
    ]),
    (Concept::LongActingBetaAgonist, &[
        "long acting beta agonist", "long acting beta agonists", "long acting beta2 agonist", "long acting beta 2 agonist",
        "long acting bronchodilator", "LABA", "LABAs", "salmeterol", "serevent", "formoterol", "vilanterol", "olodaterol",
        "arformoterol",
    ]),
    (Concept::IcsLabaCombination, &[
        "ICS LABA", "advair", "wixela", "symbicort", "breo", "dulera", "airduo", "trelegy", "breztri",
    ]),
    (Concept::LeukotrieneAntagonist, &[
        "leukotriene receptor antagonist", "leukotriene receptor antagonists", "leukotriene antagonist",
        "leukotriene modifier", "leukotriene modifiers", "LTRA", "montelukast", "singulair", "zafirlukast", "accolate",
    ]),
    (Concept::LongActingMuscarinic, &[
        "long acting muscarinic antagonist", "long acting muscarinic antagonists", "long acting anticholinergic", "LAMA",
        "tiotropium", "spiriva", "umeclidinium", "incruse", "glycopyrronium", "aclidinium",
    ]),
    (Concept::MigrainePreventive, &[
        "preventive medication", "preventive medications", "preventive therapy", "preventive treatment",
        "preventive treatments", "preventive agent", "preventive agents", "preventative medication",
        "preventative medications", "migraine prophylaxis", "prophylactic medication", "prophylactic medications",
        "prophylactic therapy", "prophylactic agent", "prophylactic agents",
    ]),
    (Concept::BetaBlocker, &[
        "beta blocker", "beta blockers", "beta adrenergic blocker", "beta adrenergic blocking agent",
        "beta adrenergic blocking agents", "beta blocking agent", "beta blockade", "propranolol", "inderal", "metoprolol",
        "toprol", "lopressor", "timolol", "atenolol", "tenormin", "nadolol", "bisoprolol", "carvedilol", "coreg",
        "labetalol", "nebivolol", "bystolic", "sotalol",
    ]),
    (Concept::Anticonvulsant, &[
        "anticonvulsant", "anticonvulsants", "antiepileptic", "antiepileptics", "antiseizure medication",
        "antiseizure medications", "topiramate", "topamax", "trokendi", "valproate", "divalproex", "depakote",
        "valproic acid", "zonisamide", "gabapentin", "neurontin",
    ]),
    (Concept::TricyclicAntidepressant, &[
        "tricyclic", "tricyclics", "tricyclic antidepressant", "tricyclic antidepressants", "TCA", "TCAs",
        "amitriptyline", "elavil", "nortriptyline", "pamelor", "doxepin", "protriptyline",
    ]),
    (Concept::Snri, &[
        "SNRI", "SNRIs", "serotonin norepinephrine reuptake inhibitor", "venlafaxine", "effexor", "desvenlafaxine",
    ]),
    (Concept::CgrpAntagonist, &[
        "CGRP", "CGRP antagonist", "CGRP inhibitor", "CGRP monoclonal antibody", "gepant", "gepants", "erenumab",
        "aimovig", "fremanezumab", "ajovy", "galcanezumab", "emgality", "eptinezumab", "vyepti", "rimegepant", "nurtec",
        "ubrogepant", "ubrelvy", "atogepant", "qulipta",
    ]),
    (Concept::BotulinumToxin, &[
        "botulinum toxin", "onabotulinumtoxinA", "onabotulinumtoxin a", "botox", "botox injections",
    ]),
    (Concept::Triptan, &[
        "triptan", "triptans", "sumatriptan", "imitrex", "rizatriptan", "maxalt", "zolmitriptan", "zomig", "eletriptan",
        "relpax", "naratriptan", "amerge", "almotriptan", "frovatriptan",
    ]),
    (Concept::Antidepressant, &[
        "antidepressant", "antidepressants", "antidepressant medication", "antidepressant medications",
        "antidepressant trial", "antidepressant trials", "bupropion", "wellbutrin", "mirtazapine", "remeron",
        "trazodone", "vortioxetine", "trintellix", "vilazodone", "viibryd", "levomilnacipran", "fetzima", "MAOI",
        "phenelzine", "tranylcypromine",
    ]),
    (Concept::Ssri, &[
        "SSRI", "SSRIs", "selective serotonin reuptake inhibitor", "selective serotonin reuptake inhibitors",
        "sertraline", "zoloft", "fluoxetine", "prozac", "citalopram", "celexa", "escitalopram", "lexapro",
        "paroxetine", "paxil", "fluvoxamine", "luvox",
    ]),
    (Concept::Stimulant, &[
        "stimulant", "stimulants", "stimulant medication", "stimulant medications", "psychostimulant",
        "psychostimulants", "methylphenidate", "ritalin", "concerta", "metadate", "quillichew", "jornay",
        "dexmethylphenidate", "focalin", "amphetamine", "amphetamines", "mixed amphetamine salts", "adderall",
        "mydayis", "dextroamphetamine", "dexedrine", "zenzedi", "lisdexamfetamine", "vyvanse", "MPH", "MPH ER",
        "MPH XR", "MAS XR", "MAS ER", "dextroamphetamine amphetamine",
    ]),
    (Concept::Statin, &[
        "statin", "statins", "statin therapy", "HMG CoA reductase inhibitor", "HMG CoA reductase inhibitors",
        "atorvastatin", "lipitor", "rosuvastatin", "crestor", "simvastatin", "zocor", "pravastatin", "pravachol",
        "lovastatin", "pitavastatin", "livalo", "fluvastatin",
    ]),
    (Concept::LipidLowering, &[
        "lipid lowering therapy", "lipid lowering therapies", "lipid lowering medication", "lipid lowering medications",
        "lipid lowering agent", "lipid lowering agents", "cholesterol lowering medication", "ezetimibe", "zetia",
        "bempedoic acid", "nexletol", "nexlizet",
    ]),
    (Concept::Sglt2Inhibitor, &[
        "SGLT2 inhibitor", "SGLT2 inhibitors", "SGLT2i", "SGLT 2 inhibitor", "SGLT2", "gliflozin", "empagliflozin",
        "jardiance", "dapagliflozin", "farxiga", "canagliflozin", "invokana", "ertugliflozin", "steglatro",
    ]),
    (Concept::Glp1Agonist, &[
        "GLP 1 receptor agonist", "GLP 1 receptor agonists", "GLP 1 agonist", "GLP 1 agonists", "GLP 1 RA", "GLP1 RA",
        "GLP1RA", "GLP 1", "GLP1", "semaglutide", "ozempic", "wegovy", "rybelsus", "liraglutide", "victoza", "saxenda",
        "dulaglutide", "trulicity", "exenatide", "byetta", "bydureon", "lixisenatide", "tirzepatide", "mounjaro",
        "zepbound",
    ]),
    (Concept::ProtonPumpInhibitor, &[
        "proton pump inhibitor", "proton pump inhibitors", "PPI", "PPIs", "omeprazole", "prilosec", "esomeprazole",
        "nexium", "pantoprazole", "protonix", "lansoprazole", "prevacid", "rabeprazole", "aciphex", "dexlansoprazole",
        "dexilant",
    ]),
    (Concept::AcidSuppression, &[
        "acid suppression", "acid suppressive therapy", "acid suppressing medication", "H2 blocker", "H2 blockers",
        "H2RA", "H2 receptor antagonist", "H2 receptor antagonists", "famotidine", "pepcid", "ranitidine", "zantac",
        "cimetidine", "nizatidine",
    ]),
    (Concept::Bisphosphonate, &[
        "bisphosphonate", "bisphosphonates", "oral bisphosphonate", "oral bisphosphonates", "alendronate", "fosamax",
        "risedronate", "actonel", "atelvia", "ibandronate", "boniva", "zoledronic acid", "zoledronate", "reclast",
    ]),
    (Concept::RaasInhibitor, &[
        "ACE inhibitor", "ACE inhibitors", "ACEI", "ACEi", "ACEIs", "angiotensin converting enzyme inhibitor",
        "angiotensin converting enzyme inhibitors", "ARB", "ARBs", "angiotensin receptor blocker",
        "angiotensin receptor blockers", "angiotensin II receptor blocker", "angiotensin II receptor blockers",
        "RAAS blockade", "RAAS inhibitor", "RAAS inhibition", "RAS blockade", "RAS inhibitor", "ARNI",
        "lisinopril", "zestril", "prinivil", "enalapril", "vasotec", "ramipril", "altace", "benazepril", "lotensin",
        "quinapril", "captopril", "fosinopril", "perindopril", "losartan", "cozaar", "valsartan", "diovan",
        "irbesartan", "avapro", "olmesartan", "benicar", "candesartan", "atacand", "telmisartan", "micardis",
        "sacubitril", "entresto",
    ]),
    (Concept::OralIron, &[
        "oral iron", "oral iron therapy", "oral iron supplementation", "oral iron supplement", "oral iron supplements",
        "iron supplement", "iron supplements", "iron supplementation", "iron tablets", "iron pills", "ferrous sulfate",
        "ferrous sulphate", "ferrous gluconate", "ferrous fumarate", "FeSO4", "slow fe", "polysaccharide iron",
        "ferric maltol", "accrufer",
    ]),
    (Concept::Antibiotic, &[
        "antibiotic", "antibiotics", "antibiotic therapy", "antimicrobial", "antimicrobials", "antimicrobial therapy",
        "ABX", "amoxicillin", "augmentin", "amoxicillin clavulanate", "amox clav", "doxycycline", "azithromycin",
        "zithromax", "z pack", "zpak", "cephalexin", "keflex", "cefdinir", "cefuroxime", "ceftriaxone", "cefazolin",
        "clindamycin", "ciprofloxacin", "cipro", "levofloxacin", "levaquin", "moxifloxacin", "TMP SMX",
        "trimethoprim sulfamethoxazole", "bactrim", "nitrofurantoin", "macrobid", "metronidazole", "flagyl",
        "vancomycin", "penicillin", "clarithromycin", "linezolid", "daptomycin", "piperacillin tazobactam",
        "zosyn", "meropenem", "ertapenem",
    ]),
    (Concept::AlphaBlocker, &[
        "alpha blocker", "alpha blockers", "alpha 1 blocker", "alpha 1 blockers", "alpha adrenergic blocker",
        "alpha adrenergic antagonist", "alpha antagonist", "tamsulosin", "flomax", "alfuzosin", "uroxatral",
        "silodosin", "rapaflo", "doxazosin", "cardura", "terazosin",
    ]),
    (Concept::FiveAlphaReductaseInhibitor, &[
        "5 alpha reductase inhibitor", "5 alpha reductase inhibitors", "5ARI", "5 ARI", "5ARIs", "finasteride",
        "proscar", "dutasteride", "avodart", "jalyn",
    ]),
    (Concept::Antimuscarinic, &[
        "antimuscarinic", "antimuscarinics", "anticholinergic medication", "anticholinergic medications",
        "bladder anticholinergic", "oxybutynin", "ditropan", "tolterodine", "detrol", "solifenacin", "vesicare",
        "trospium", "darifenacin", "enablex", "fesoterodine", "toviaz",
    ]),
    (Concept::Beta3Agonist, &[
        "beta 3 agonist", "beta 3 agonists", "beta 3 adrenergic agonist", "beta3 agonist", "mirabegron", "myrbetriq",
        "vibegron", "gemtesa",
    ]),
    (Concept::MuscleRelaxant, &[
        "muscle relaxant", "muscle relaxants", "muscle relaxer", "muscle relaxers", "cyclobenzaprine", "flexeril",
        "methocarbamol", "robaxin", "tizanidine", "zanaflex", "carisoprodol", "soma", "metaxalone", "skelaxin",
    ]),
    (Concept::Opioid, &[
        "opioid", "opioids", "opiate", "opiates", "narcotic", "narcotics", "opioid analgesic", "opioid analgesics",
        "oxycodone", "oxycontin", "percocet", "hydrocodone", "norco", "vicodin", "morphine", "ms contin",
        "hydromorphone", "dilaudid", "fentanyl", "methadone", "buprenorphine", "tapentadol", "nucynta", "codeine",
    ]),
    (Concept::TopicalCorticosteroid, &[
        "topical corticosteroid", "topical corticosteroids", "topical steroid", "topical steroids", "topical glucocorticoid",
        "TCS", "clobetasol", "temovate", "betamethasone dipropionate", "betamethasone valerate", "diprolene",
        "triamcinolone cream", "triamcinolone ointment", "triamcinolone acetonide cream", "triamcinolone acetonide ointment",
        "fluocinonide", "lidex", "desonide", "mometasone cream", "mometasone ointment", "elocon", "hydrocortisone cream",
        "hydrocortisone ointment", "halobetasol", "ultravate", "fluocinolone", "desoximetasone", "topicort",
    ]),
    (Concept::TopicalCalcineurinInhibitor, &[
        "topical calcineurin inhibitor", "topical calcineurin inhibitors", "TCI", "TCIs", "tacrolimus ointment",
        "topical tacrolimus", "protopic", "pimecrolimus", "elidel",
    ]),
    (Concept::Antihistamine, &[
        "antihistamine", "antihistamines", "H1 antihistamine", "H1 antihistamines", "H1 blocker", "H1 blockers",
        "cetirizine", "zyrtec", "levocetirizine", "xyzal", "loratadine", "claritin", "desloratadine", "clarinex",
        "fexofenadine", "allegra", "diphenhydramine", "benadryl", "hydroxyzine", "azelastine", "astelin", "olopatadine",
        "patanase", "bilastine",
    ]),
    (Concept::NasalCorticosteroid, &[
        "intranasal corticosteroid", "intranasal corticosteroids", "intranasal steroid", "intranasal steroids",
        "nasal corticosteroid", "nasal corticosteroids", "nasal steroid", "nasal steroids", "nasal steroid spray",
        "INCS", "flonase", "nasacort", "nasonex", "rhinocort", "omnaris", "qnasl", "fluticasone nasal",
        "fluticasone nasal spray", "fluticasone propionate nasal", "mometasone nasal", "budesonide nasal",
        "triamcinolone nasal", "dymista",
    ]),
    (Concept::AromataseInhibitor, &[
        "aromatase inhibitor", "aromatase inhibitors", "letrozole", "femara", "anastrozole", "arimidex", "exemestane",
        "aromasin",
    ]),
    (Concept::EndocrineTherapy, &[
        "endocrine therapy", "endocrine therapies", "endocrine treatment", "adjuvant endocrine therapy", "antiestrogen",
        "antiestrogen therapy", "tamoxifen", "nolvadex", "fulvestrant", "faslodex", "elacestrant", "orserdu", "SERD",
    ]),
    (Concept::Photograph, &[
        "photograph", "photographs", "photo", "photos", "photography", "photodocumentation", "clinical photographs",
        "clinical photos",
    ]),
    // What a test's result will change: the ordering clinician's reason, in a note's words.
    (Concept::ManagementImpact, &[
        "affect management", "change management", "alter management", "guide management", "inform management",
        "guide treatment", "guide therapy", "management decision", "management decisions", "treatment decision",
        "treatment decisions", "treatment planning", "surgical planning", "radiation planning", "surgical candidacy",
        "will determine", "will decide", "to decide", "to determine", "will guide", "to guide", "would change",
        "would alter", "will change", "would determine", "would decide", "candidacy",
    ]),
    // "No complaints" affirms being asymptomatic: the phrase is one surface, not a negation.
    (Concept::Asymptomatic, &[
        "asymptomatic", "no complaints", "no new complaints", "no symptoms", "without symptoms", "symptom free",
        "free of symptoms", "feels well", "feeling well", "no concerns",
    ]),
    (Concept::Screening, &[
        "screening", "screen", "check up", "checkup", "to be safe", "just to be safe", "peace of mind",
        "reassurance", "just in case", "preventive", "precautionary",
    ]),
    (Concept::Hypersensitivity, &[
        "hypersensitivity", "hypersensitivity reaction", "hypersensitivity reactions", "anaphylaxis", "anaphylactic",
        "anaphylactic reaction", "allergic reaction", "allergic reactions", "drug allergy", "drug allergies",
        "allergy list", "allergic to", "infusion reaction", "infusion reactions",
    ]),
    (Concept::Cosmetic, &[
        "cosmetic", "cosmetically", "aesthetic", "aesthetics", "appearance", "look younger", "looks younger",
        "look older", "looks older", "look tired", "looks tired", "look refreshed", "look better", "tired look",
        "aged look", "signs of aging", "look exhausted", "vanity",
    ]),
    (Concept::Imaging, &["imaging", "imaging study", "imaging studies", "diagnostic imaging"]),
    (Concept::Radiograph, &[
        "x ray", "x rays", "xray", "xrays", "radiograph", "radiographs", "radiographic", "radiography", "plain film",
        "plain films", "XR", "weight bearing views", "standing views",
    ]),
    (Concept::Mri, &["mri", "magnetic resonance", "magnetic resonance imaging", "MR imaging"]),
    (Concept::CtScan, &["CT", "computed tomography", "cat scan", "ct scan"]),
    // Notes shorten the test to "echo" or name its route ("TTE", "TEE").
    (Concept::Echocardiogram, &[
        "echocardiogram", "echocardiograms", "echocardiography", "echo", "echos", "echoes", "TTE", "TEE",
        "transthoracic echo", "transesophageal echo",
    ]),
    // Nerve conduction studies and EMG are the electrodiagnostic studies; notes write "NCS", "EMG/NCS".
    (Concept::ElectrodiagnosticStudy, &[
        "electrodiagnostic study", "electrodiagnostic studies", "electrodiagnostic testing", "EDX",
        "nerve conduction study", "nerve conduction studies", "nerve conduction", "NCS", "NCV", "EMG",
        "electromyography", "electromyogram",
    ]),
    (Concept::BoneDensityScan, &[
        "DXA", "DEXA", "bone density", "bone density scan", "bone density test", "bone densitometry",
        "bone mineral density", "BMD",
    ]),
    (Concept::SleepStudy, &[
        "polysomnography", "polysomnogram", "PSG", "sleep study", "sleep studies", "home sleep test",
        "home sleep apnea test", "HSAT", "HST", "in lab sleep study",
    ]),
    (Concept::Bmi, &["bmi", "body mass index"]),
    (Concept::HbA1c, &["hba1c", "a1c", "hgba1c", "hemoglobin a1c", "haemoglobin a1c", "glycated hemoglobin", "glycosylated hemoglobin"]),
    (Concept::Age, &["age", "aged", "years old", "year old", "yo", "y o", "years of age", "year of age"]),
    (Concept::PainScore, &[
        "pain score", "pain scale", "pain rating", "pain level", "pain intensity", "VAS", "NRS", "numeric rating scale",
        "visual analog scale", "visual analogue scale",
    ]),
    (Concept::KellgrenLawrence, &["kellgren lawrence", "kellgren", "KL", "kl grade"]),
    (Concept::Oswestry, &["oswestry", "oswestry disability index", "ODI"]),
    (Concept::VisualAcuity, &[
        "visual acuity", "best corrected visual acuity", "corrected visual acuity", "BCVA", "acuity", "snellen acuity",
        "VA", "VA cc", "VA sc", "Vcc", "Vsc",
    ]),
    (Concept::PsychEvaluation, &[
        "psychological evaluation", "psychological assessment", "psychiatric evaluation", "psych evaluation",
        "psych eval", "psychological clearance", "psychology evaluation", "mental health evaluation",
        "behavioral health evaluation", "psychosocial evaluation", "psychological screening",
        "psychiatric assessment", "psychiatry assessment", "psychiatric clearance", "psychiatry clearance",
        "psychologically cleared", "psychological assessment",
    ]),
    (Concept::BariatricSurgery, &[
        "bariatric surgery", "bariatric procedure", "weight loss surgery", "sleeve gastrectomy", "gastric sleeve",
        "VSG", "LSG", "gastric bypass", "Roux en Y", "Roux en Y gastric bypass", "RYGB", "lap band", "gastric band",
        "gastric banding", "LAGB", "adjustable gastric band", "duodenal switch", "BPD DS",
    ]),
    (Concept::KneeArthroplasty, &[
        "total knee arthroplasty", "knee arthroplasty", "TKA", "TKR", "total knee replacement", "knee replacement",
    ]),
];

/// Surfaces that mention a concept and deny it in the same breath.
const NEGATED_FORMS: &[(Concept, &[&str])] = &[
    (Concept::Smoking, &[
        "non smoker", "nonsmoker", "never smoker", "never smoked", "former smoker", "ex smoker", "quit smoking",
        "quit tobacco", "stopped smoking", "denies tobacco",
    ]),
    (Concept::Hypersensitivity, &["NKDA", "NKA", "no known drug allergies", "no known allergies"]),
];

impl Concept {
    /// Concepts this one is a kind of: a mention of it also counts as a mention of them.
    pub fn broader(self) -> &'static [Concept] {
        use Concept::*;
        match self {
            PhysicalTherapy | HomeExercise | Nsaid | Analgesic | Injection | Viscosupplementation | Bracing
            | ActivityModification | Chiropractic | WeightLoss => &[ConservativeTherapy],
            LowBackPain => &[Pain, Symptom],
            Pain | Radiculopathy | NeurologicDeficit | CaudaEquina => &[Symptom],
            DailyActivities => &[FunctionalLimitation],
            Diabetes | Hypertension | SleepApnea | Dyslipidemia => &[Comorbidity],
            Radiograph | Mri | CtScan | Echocardiogram | BoneDensityScan => &[Imaging],
            Dyspnea | Claudication | Syncope | Angina => &[Symptom],
            Steatohepatitis => &[FattyLiver, Comorbidity],
            FattyLiver => &[Comorbidity],
            InhaledCorticosteroid | LongActingBetaAgonist | LeukotrieneAntagonist | LongActingMuscarinic => &[AsthmaController],
            IcsLabaCombination => &[InhaledCorticosteroid, LongActingBetaAgonist, AsthmaController],
            BetaBlocker | Anticonvulsant | CgrpAntagonist | BotulinumToxin => &[MigrainePreventive],
            TricyclicAntidepressant | Snri => &[MigrainePreventive, Antidepressant],
            Ssri => &[Antidepressant],
            Statin => &[LipidLowering],
            ProtonPumpInhibitor => &[AcidSuppression],
            MuscleRelaxant => &[ConservativeTherapy],
            Opioid => &[Analgesic, ConservativeTherapy],
            AromataseInhibitor => &[EndocrineTherapy],
            _ => &[],
        }
    }

    /// Whether a mention of `self` satisfies a policy's `wanted` concept.
    pub fn satisfies(self, wanted: Concept) -> bool {
        self == wanted || self.broader().contains(&wanted)
    }

    /// A short readable name, for queries and explanations.
    pub fn name(self) -> &'static str {
        ENTRIES.iter().find(|(c, _)| *c == self).and_then(|(_, s)| s.first()).copied().unwrap_or("")
    }

    /// Every surface, for building retrieval queries.
    pub fn surfaces(self) -> &'static [&'static str] {
        ENTRIES.iter().find(|(c, _)| *c == self).map_or(&[], |(_, s)| *s)
    }

    /// Whether the concept names a test or study, which a note reports with its result
    /// ("QuantiFERON negative", "MRI brain normal"): a result says the test was done.
    pub fn is_test(self) -> bool {
        use Concept::*;
        matches!(self, TuberculosisScreening | Imaging | Radiograph | Mri | CtScan | Echocardiogram | ElectrodiagnosticStudy | BoneDensityScan | SleepStudy)
    }

    /// Whether the concept names a measured quantity (its value is judged by
    /// [`super::measure`], not by its mere mention).
    pub fn is_measure(self) -> bool {
        matches!(
            self,
            Concept::Bmi | Concept::HbA1c | Concept::Age | Concept::PainScore | Concept::KellgrenLawrence | Concept::Oswestry | Concept::VisualAcuity
        )
    }
}

/// One word of a surface.
#[derive(Debug)]
enum SurfaceWord {
    /// Match the token's stem.
    Stem(String),
    /// Match the token as written (abbreviations), with an optional plural `s`.
    Exact(String),
}

#[derive(Debug)]
struct Surface {
    concept: Concept,
    words: Vec<SurfaceWord>,
    negated: bool,
}

fn compile() -> Vec<Surface> {
    let mut out = Vec::new();
    let mut add = |concept: Concept, raw: &str, negated: bool| {
        let words: Vec<SurfaceWord> = tokenize(raw)
            .into_iter()
            .map(|t| {
                if t.text.chars().any(char::is_uppercase) {
                    SurfaceWord::Exact(t.text.to_string())
                } else {
                    SurfaceWord::Stem(clinical_stem(&t.lower))
                }
            })
            .collect();
        if !words.is_empty() {
            out.push(Surface { concept, words, negated });
        }
    };
    for (concept, surfaces) in ENTRIES {
        for s in *surfaces {
            add(*concept, s, false);
        }
    }
    for (concept, surfaces) in NEGATED_FORMS {
        for s in *surfaces {
            add(*concept, s, true);
        }
    }
    // Longest first, so "total knee arthroplasty" wins over "knee arthroplasty".
    out.sort_by(|a, b| b.words.len().cmp(&a.words.len()));
    out
}

fn surfaces() -> &'static [Surface] {
    static SURFACES: OnceLock<Vec<Surface>> = OnceLock::new();
    SURFACES.get_or_init(compile)
}

/// Words of policy boilerplate that say nothing clinical on their own ("the member must have
/// documentation of …"); a criterion is matched on its other words.
const BOILERPLATE: &[&str] = &[
    "patient", "patients", "member", "members", "individual", "individuals", "person", "document", "documented",
    "documentation", "evidence", "evident", "medical", "medically", "clinical", "clinically", "record", "records",
    "chart", "note", "notes", "following", "criteria", "criterion", "meet", "meets", "met", "require", "required",
    "requires", "requirement", "requirements", "must", "least", "minimum", "maximum", "greater", "less", "fewer",
    "more", "equal", "than", "period", "duration", "time", "week", "weeks", "month", "months", "year", "years", "day",
    "days", "provider", "physician", "indicate", "indicated", "indicates", "indication", "indications", "show",
    "shows", "showing", "shown", "demonstrate", "demonstrated", "demonstrates", "demonstrating", "confirm",
    "confirmed", "confirmation", "confirming", "presence", "present", "has", "have", "having", "history",
    "include", "includes", "including", "provide", "provided", "submitted", "appropriate", "consider", "considered",
    "candidate", "necessary", "necessity", "procedure", "request", "requested", "proposed", "planned", "trial",
    "use", "used", "using", "prior", "last", "past", "one", "two", "three", "both", "either", "none", "otherwise",
    "applicable", "defined", "definition", "above", "below", "listed", "stated", "other", "reasonable", "attempt",
    "attempted", "course", "program", "regimen", "completion", "completed", "complete", "least", "well", "based",
    "according", "per", "policy", "covered", "coverage", "service", "services", "eligible", "case", "cases",
    "evaluation", "assessment", "physician's", "record", "date", "dates", "unless", "contraindicated", "within",
    "followed", "recent", "recently", "current", "currently", "ongoing", "related", "associated", "specific",
    "identified", "noted", "reported", "documents", "apply", "applies", "approval", "approved", "surgery",
    "surgical", "treatment", "treatments", "therapy", "therapies", "management", "condition", "conditions",
    "affected", "involved", "findings", "finding",
    // A diagnosis is documented by naming the condition; a look-back ("in the previous 12
    // months") is a recency window, read as such, not a word to find.
    "diagnosis", "diagnosed", "previous", "preceding",
    // "until corrected", "until resolved": how long an exclusion lasts.
    "until",
    // "does not exceed 750 mg": a bound, read with its amount.
    "exceed", "exceeds", "exceeding",
    // "(diagnosis made within the past 6 months)", "while therapy is being started": how, not what.
    "made", "while",
    // "in the same knee", "of the same joint", "of the operative limb": a relation to the
    // procedure's site, not a finding.
    "same", "operative",
    // "When performed solely for halitosis": the reason is the finding; that it is the only
    // reason, and that the procedure is performed, no note states in those words.
    "solely", "only", "exclusively", "purely", "primarily", "perform", "performed", "performing", "undertaken",
    // "The ordering clinician documents …": who writes it is not what is written.
    "clinician", "clinicians",
    // "evaluated by a nephrologist within the past 6 months": the verbs of "evaluation" and
    // "assessment", which a note writes as a visit ("Nephrology visit 2025-03-18").
    "evaluated", "evaluate", "evaluates", "evaluating", "assessed", "assess", "assesses", "assessing",
    // "between 3.0 and 6.5, inclusive": whether a range holds its ends, read with the range.
    "inclusive",
    // "AF lasting longer than 7 days": the verb of a duration, read with it.
    "lasting",
];

/// Whether a lower-case word is policy boilerplate (see [`BOILERPLATE`]).
pub fn is_boilerplate(lower: &str) -> bool {
    BOILERPLATE.contains(&lower)
}

/// A concept found in a text: tokens `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub concept: Concept,
    pub first: usize,
    pub last: usize,
    /// A negated form such as "non-smoker".
    pub negated_form: bool,
}

fn word_matches(word: &SurfaceWord, token: &Token<'_>) -> bool {
    match word {
        SurfaceWord::Stem(s) => token.stem == *s,
        SurfaceWord::Exact(e) => token.text == e || token.text.strip_suffix('s') == Some(e.as_str()),
    }
}

/// "no meaningful improvement", "without any lasting relief", "not significantly helped": a
/// negator, up to two qualifiers, then a word of benefit — a treatment-failure phrase.
fn failure_with_qualifiers(tokens: &[Token<'_>], i: usize) -> Option<usize> {
    const NEGATORS: &[&str] = &["no", "not", "without", "minimal", "little", "limited"];
    const BENEFIT: &[&str] = &["improv", "relief", "reliev", "benefit", "respons", "respond", "help", "better", "effect", "effective"];
    if !NEGATORS.contains(&tokens.get(i)?.lower.as_str()) {
        return None;
    }
    for k in i + 1..=(i + 3).min(tokens.len().saturating_sub(1)) {
        if tokens[k].gap.stop || tokens[k].gap.comma || tokens[k].gap.colon {
            return None;
        }
        if BENEFIT.iter().any(|b| tokens[k].stem.starts_with(b)) {
            return Some(k);
        }
        if !tokens[k].lower.chars().all(char::is_alphabetic) {
            return None;
        }
    }
    None
}

/// The lexicon's mentions in `tokens`, left to right, longest match first, not overlapping.
/// A surface's words must not be separated by a clause end, a colon or a comma.
pub fn mentions(tokens: &[Token<'_>]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(last) = failure_with_qualifiers(tokens, i) {
            out.push(Mention { concept: Concept::TreatmentFailure, first: i, last, negated_form: false });
            i = last + 1;
            continue;
        }
        let found = surfaces().iter().find(|s| {
            let n = s.words.len();
            i + n <= tokens.len()
                && s.words.iter().enumerate().all(|(k, w)| word_matches(w, &tokens[i + k]))
                && (i + 1..i + n).all(|k| {
                    let g = tokens[k].gap;
                    !(g.stop || g.colon || g.comma || g.open_paren || g.close_paren)
                })
        });
        // "cannot be interrupted", "can't be held": a passive verb denied, not something the
        // patient is unable to do.
        // "unable to assess AROM via video": what the examiner could not do.
        let examiner = |s: &&Surface| {
            let after = |k: usize| tokens.get(i + s.words.len() + k).map_or("", |t| t.lower.as_str());
            after(0) == "to" && matches!(after(1), "assess" | "evaluate" | "obtain" | "examine" | "measure" | "test" | "verify" | "confirm" | "contact" | "schedule" | "complete")
        };
        let passive = |s: &&Surface| s.concept == Concept::FunctionalLimitation && (tokens.get(i + s.words.len()).is_some_and(|t| t.lower == "be") || examiner(s));
        // "PT 13.2 sec", "SpO2 94% RA": an abbreviation labelling a measured value.
        let a_label = |s: &&Surface| s.words.len() == 1 && matches!(s.words[0], SurfaceWord::Exact(_)) && super::abbreviations::labels_a_value(tokens, i);
        match found.filter(|s| !passive(s) && !a_label(s)) {
            Some(s) => {
                let last = i + s.words.len() - 1;
                out.push(Mention { concept: s.concept, first: i, last, negated_form: s.negated });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concepts(text: &str) -> Vec<Concept> {
        mentions(&tokenize(text)).into_iter().map(|m| m.concept).collect()
    }

    #[test]
    fn synonyms_abbreviations_and_brands_map_to_one_concept() {
        use Concept::*;
        assert_eq!(concepts("Completed PT and physiotherapy"), [PhysicalTherapy, PhysicalTherapy]);
        assert_eq!(concepts("HFrEF; biopsy: MASH; s/p BTL; on Tresiba"), [HeartFailure, Steatohepatitis, Sterilization, Insulin]);
        assert!(concepts("Unable to assess AROM via video").is_empty(), "what the examiner could not do");
        assert_eq!(concepts("failure of two DMARDs, heart failure"), [TreatmentFailure, Dmard, HeartFailure], "the condition is no treatment failure");
        assert!(Steatohepatitis.satisfies(FattyLiver) && !FattyLiver.satisfies(Steatohepatitis));
        assert_eq!(concepts("meloxicam, Advil and non-steroidal anti-inflammatory drugs"), [Nsaid, Nsaid, Nsaid]);
        assert_eq!(concepts("QuantiFERON-TB Gold negative; T-SPOT negative"), [TuberculosisScreening, TuberculosisScreening]);
        let found = concepts("Exercise 9 min, 7 METs achieved; smokes 1 PPD; TST 6.1 h");
        assert!(!found.contains(&TuberculosisScreening) && !found.contains(&Malignancy), "metabolic equivalents, packs per day and total sleep time are not tests or cancers: {found:?}");
        assert_eq!(concepts("Code status: DNR/DNI; hospice referral"), [EndOfLifeCare, EndOfLifeCare]);
        assert_eq!(concepts("x-rays and radiographs of OA"), [Radiograph, Radiograph, Osteoarthritis]);
        assert_eq!(concepts("TTE today; prior echo and echocardiography"), [Echocardiogram, Echocardiogram, Echocardiogram]);
        assert!(Echocardiogram.satisfies(Imaging));
        assert_eq!(concepts("Magnetic resonance imaging"), [Mri]);
    }

    #[test]
    fn abbreviations_are_case_sensitive() {
        assert!(concepts("pt reports knee pain").iter().all(|c| *c != Concept::PhysicalTherapy));
        assert!(concepts("Referred to PT").contains(&Concept::PhysicalTherapy));
    }

    #[test]
    fn longest_surface_wins_and_negated_forms_are_flagged() {
        let m = mentions(&tokenize("hyaluronic acid injection; lifelong non-smoker"));
        assert_eq!(m[0].concept, Concept::Viscosupplementation);
        assert_eq!(m.len(), 2);
        assert!(m[1].negated_form);
    }

    #[test]
    fn broader_concepts() {
        assert!(Concept::PhysicalTherapy.satisfies(Concept::ConservativeTherapy));
        assert!(Concept::Hypertension.satisfies(Concept::Comorbidity));
        assert!(!Concept::ConservativeTherapy.satisfies(Concept::PhysicalTherapy));
    }

    // GINA's controller steps and the American Headache Society's preventive classes: a note names
    // the medicine, a policy its class.
    #[test]
    fn medicines_meet_the_classes_policies_name() {
        use Concept::*;
        assert_eq!(concepts("fluticasone/salmeterol 500/50 plus montelukast"), [InhaledCorticosteroid, LongActingBetaAgonist, LeukotrieneAntagonist]);
        assert_eq!(concepts("high-dose ICS/LABA and tiotropium"), [IcsLabaCombination, LongActingMuscarinic]);
        assert!(IcsLabaCombination.satisfies(InhaledCorticosteroid) && IcsLabaCombination.satisfies(LongActingBetaAgonist));
        assert!(LeukotrieneAntagonist.satisfies(AsthmaController));
        assert_eq!(concepts("failed topiramate, propranolol and amitriptyline"), [TreatmentFailure, Anticonvulsant, BetaBlocker, TricyclicAntidepressant]);
        assert!(BetaBlocker.satisfies(MigrainePreventive) && !Triptan.satisfies(MigrainePreventive));
        assert_eq!(concepts("two preventive medications"), [MigrainePreventive]);
    }

    // Step-therapy classes: a policy names the class, a note the medicine.
    #[test]
    fn step_therapy_classes_are_met_by_their_members() {
        use Concept::*;
        assert_eq!(concepts("failed sertraline, then bupropion XL"), [TreatmentFailure, Ssri, Antidepressant]);
        assert!(Ssri.satisfies(Antidepressant) && Snri.satisfies(Antidepressant) && TricyclicAntidepressant.satisfies(Antidepressant));
        assert_eq!(concepts("Concerta 36 mg, then mixed amphetamine salts ER"), [Stimulant, Stimulant]);
        assert!(concepts("spinal cord stimulator trial; vagus nerve stimulation").iter().all(|c| *c != Stimulant), "a device is no stimulant");
        assert_eq!(concepts("atorvastatin 80 mg plus Zetia"), [Statin, LipidLowering]);
        assert!(Statin.satisfies(LipidLowering) && !LipidLowering.satisfies(Statin));
        assert_eq!(concepts("letrozole 2.5 mg daily; goserelin implant"), [AromataseInhibitor, HormonalTherapy]);
        assert!(AromataseInhibitor.satisfies(EndocrineTherapy));
        assert_eq!(concepts("Flonase and cetirizine"), [NasalCorticosteroid, Antihistamine]);
        assert_eq!(concepts("HCQ 400 mg daily, MMF 1500 mg BID, prednisone 7.5 mg"), [Antimalarial, Immunocompromised, Corticosteroid]);
        assert_eq!(concepts("standard therapy (corticosteroids, antimalarials or immunosuppressive agents)"), [Corticosteroid, Antimalarial, Immunocompromised]);
        assert_eq!(concepts("inhaled corticosteroids"), [InhaledCorticosteroid], "an inhaler is no systemic steroid");
        assert_eq!(concepts("tamsulosin 0.4 mg, finasteride 5 mg"), [AlphaBlocker, FiveAlphaReductaseInhibitor]);
        assert_eq!(concepts("oxybutynin, then Myrbetriq"), [Antimuscarinic, Beta3Agonist]);
        assert_eq!(concepts("ferrous sulfate 325 mg; IV ceftriaxone"), [OralIron, Antibiotic]);
        assert_eq!(concepts("clobetasol ointment, Protopic"), [TopicalCorticosteroid, TopicalCalcineurinInhibitor]);
        assert_eq!(concepts("triamcinolone cream"), [TopicalCorticosteroid], "a cream is no injection");
        assert_eq!(concepts("alendronate x 3 yrs; lisinopril; Jardiance; Ozempic; omeprazole"), [Bisphosphonate, RaasInhibitor, Sglt2Inhibitor, Glp1Agonist, ProtonPumpInhibitor]);
        assert!(ProtonPumpInhibitor.satisfies(AcidSuppression));
        assert!(concepts("Humira, then Stelara").is_empty(), "biologic classes live in `preauth::concurrent`");
        assert!(MuscleRelaxant.satisfies(ConservativeTherapy) && Opioid.satisfies(Analgesic));
        assert_eq!(concepts("MPH ER d/c'd 12/2024; MAS XR d/c'd 2/2025"), [Stimulant, Stimulant]);
    }

    #[test]
    fn failure_phrases_are_one_concept() {
        for phrase in ["no improvement", "did not respond", "without relief", "failed to improve", "not improved", "no meaningful improvement", "without any lasting relief"] {
            assert!(concepts(phrase).contains(&Concept::TreatmentFailure), "{phrase}");
        }
    }
}
