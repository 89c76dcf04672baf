//! Word classes: medicines, treatments, diseases and the words that frame them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A word class the patterns name with `@`: its listed words and, for medicines, diseases and
/// doses, the word shapes that mark one not listed (`-statin`, `-itis`, `10mg`).
pub(super) struct WordClass {
    /// The listed words, which also join the spelling-repair vocabulary.
    pub(super) lists: Lists,
    set: HashSet<&'static str>,
    shape: Option<Shape>,
}

impl WordClass {
    pub(super) fn contains(&self, word: &str) -> bool {
        self.set.contains(word) || self.shape.is_some_and(|shape| shape(word))
    }
}

/// The word lists of a class, and the test of a word's shape.
type Lists = &'static [&'static [&'static str]];
type Shape = fn(&str) -> bool;

/// The class named `name`, if there is one.
pub(super) fn class(name: &str) -> Option<&'static WordClass> {
    static CLASSES: OnceLock<HashMap<&'static str, WordClass>> = OnceLock::new();
    CLASSES
        .get_or_init(|| {
            let classes: [(&'static str, Lists, Option<Shape>); 17] = [
                ("medicine", &[MEDICINES, DRUG_NAMES], Some(has_drug_shape)),
                ("procedure", &[PROCEDURES], None),
                ("pronoun", &[PRONOUNS], None),
                ("action", &[ACTIONS], None),
                ("self_change", &[SELF_CHANGES], None),
                ("disease", &[DISEASES, MORE_DISEASES], Some(has_disease_shape)),
                ("serious", &[SERIOUS], None),
                ("disease_follow", &[DISEASE_FOLLOW, &["in"]], None),
                ("disease_follow_in_body", &[DISEASE_FOLLOW], None),
                ("blood_noun", &[BLOOD_NOUNS], None),
                ("medicine_follow", &[MEDICINE_FOLLOW], None),
                ("dose", &[DOSE_UNITS], Some(is_dose)),
                ("finding", &[FINDINGS], None),
                ("imaging", &[IMAGING], None),
                ("organ", &[ORGANS], None),
                ("household", &[HOUSEHOLD_POISONS], None),
                ("not_a_diagnosis_next", &[NOT_A_DIAGNOSIS_NEXT, MEDICINES, DRUG_NAMES], Some(has_drug_shape)),
            ];
            classes
                .into_iter()
                .map(|(name, lists, shape)| (name, WordClass { lists, set: lists.iter().flat_map(|list| list.iter().copied()).collect(), shape }))
                .collect()
        })
        .get(name)
}

/// A word that names a medicine, by list or by shape; "something" and "anything" are not names.
pub(super) fn names_medicine(word: &str) -> bool {
    !matches!(word, "something" | "anything")
        && (class("medicine").is_some_and(|medicine| medicine.contains(word)) || PROCEDURES.contains(&word) || is_dose(word))
}

/// The stems of international non-proprietary names (the WHO's INN stem book): "-statin",
/// "-pril", "-sartan", "-olol", "-mab", "-tinib"… A word of seven letters or more ending in one
/// is a drug ("rosuvastatin", "ramipril", "candesartan", "nebivolol", "pembrolizumab").
const DRUG_STEMS: &[&str] = &[
    "mab", "tinib", "ciclib", "parib", "pril", "sartan", "olol", "alol", "statin", "azole", "cillin", "mycin", "micin", "floxacin",
    "cycline", "tidine", "dronate", "parin", "xaban", "gatran", "grel", "triptan", "dipine", "azepam", "azolam", "oxetine",
    "oxamine", "triptyline", "pramine", "gliptin", "gliflozin", "glutide", "glinide", "platin", "rubicin", "taxel", "semide",
    "thiazide", "profen", "codone", "morphone", "tecan", "lukast", "navir", "ciclovir", "asone", "olone", "meterol", "moterol", "buterol", "tropium",
    "setron", "zodone", "peridone", "apine", "racetam", "trigine", "gabalin", "dronic", "relin", "lutamide",
    "trozole", "mestane", "oxifene", "barbital", "caine", "fenac", "oxicam", "coxib", "vastatin", "prazole", "formin",
    // Antivirals (WHO INN stems): integrase inhibitors, nucleosides, HCV and NNRTIs.
    "gravir", "vudine", "citabine", "fovir", "previr", "asvir", "buvir", "virine",
];

/// Whether `word` has the shape of a medicine's generic name (an INN stem, seven letters or more):
/// "atorvastatin", "ramipril", "apixaban". Brand names have no such shape.
pub(crate) fn has_drug_shape(word: &str) -> bool {
    // ("cef-": the cephalosporins, cefuroxime, ceftriaxone.)
    word.len() >= 7 && word.chars().all(|c| c.is_ascii_lowercase()) && (DRUG_STEMS.iter().any(|stem| word.ends_with(stem)) || word.starts_with("cef") && word.len() >= 9)
}

/// The endings of disease names ("-itis", "-oma", "-emia", "-osis", "-pathy"), for a word of six
/// letters or more, less the common words that share them.
const DISEASE_ENDINGS: &[&str] = &["itis", "oma", "omas", "emia", "aemia", "osis", "pathy", "algia", "plasia", "ectasis", "iasis"];
const NOT_DISEASES: &[&str] = &[
    "diagnosis", "prognosis", "hypnosis", "osmosis", "mitosis", "diploma", "diplomas", "aroma", "aromas", "academia", "bohemia",
    "stoma", "stomas", "nostalgia", "symbiosis", "diagnoses",
];

pub(crate) fn has_disease_shape(word: &str) -> bool {
    word.len() >= 6
        && word.chars().all(|c| c.is_ascii_lowercase())
        && DISEASE_ENDINGS.iter().any(|ending| word.ends_with(ending))
        && !NOT_DISEASES.contains(&word)
}

/// Dose units, and a number written with one ("10mg", "0.5ml", "20units").
const DOSE_UNITS: &[&str] = &[
    "mg", "mgs", "mcg", "ug", "ml", "mls", "milligrams", "milligram", "micrograms", "units", "unit", "iu", "puffs", "puff", "grams",
    "gram", "g", "drops", "sprays",
];

pub(crate) fn is_dose(word: &str) -> bool {
    let unit = word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    unit.len() < word.len() && word.starts_with(|c: char| c.is_ascii_digit()) && DOSE_UNITS.contains(&unit)
}

const PRONOUNS: &[&str] =
    &["it", "them", "this", "these", "that", "those", "one", "two", "both", "double", "extra", "another", "more", "less", "half", "some", "any", "all", "couple", "few"];

const SERIOUS: &[&str] =
    &["serious", "dangerous", "fatal", "deadly", "terminal", "threatening", "worrying", "concerning", "malignant", "cancerous", "benign"];

/// What a scan or an examination finds ("the spot on my scan").
const FINDINGS: &[&str] = &[
    "lump", "lumps", "mass", "masses", "spot", "spots", "shadow", "shadows", "nodule", "nodules", "lesion", "lesions", "mark",
    "marks", "area", "areas", "growth", "growths", "cyst", "cysts", "dot", "dots", "thing", "density", "opacity", "calcification",
    "calcifications", "node", "nodes", "patch",
];

/// Organs and systems a patient may ask about as "a thyroid problem".
const ORGANS: &[&str] = &[
    "heart", "thyroid", "kidney", "kidneys", "liver", "lung", "lungs", "bowel", "bowels", "bladder", "prostate", "blood", "skin",
    "eye", "eyes", "hormone", "hormonal", "memory", "stomach", "gut", "breathing", "nerve", "nerves", "immune", "brain", "ovarian",
    "ovary", "womb", "uterus", "pancreas", "gallbladder", "spine", "joint", "joints", "bone", "bones", "circulation", "mental",
];

/// What a child or an adult may swallow that poisons (NHS, "Poisoning").
const HOUSEHOLD_POISONS: &[&str] = &[
    "bleach", "poison", "detergent", "antifreeze", "batteries", "battery", "chemicals", "cleaner", "dishwasher", "laundry", "washing",
    "toilet", "weedkiller", "pesticide", "petrol", "paraffin", "mouthwash", "vape", "pods", "pod", "magnet", "magnets", "button",
    "turpentine", "methanol", "lamp", "kerosene", "acetone", "remover", "lighter", "perfume", "aftershave", "descaler", "unblocker",
    "insecticide", "nicotine",
];

/// Images a finding is seen on.
const IMAGING: &[&str] = &[
    "scan", "scans", "xray", "xrays", "mammogram", "mammograms", "ct", "mri", "ultrasound", "image", "images", "film", "films",
    "pet", "xray", "screening", "mammo",
];

/// After "what disease is this…": the question is about a thing named, not a diagnosis ("which
/// condition is this medicine for").
const NOT_A_DIAGNOSIS_NEXT: &[&str] = &[
    "for", "used", "called", "about", "treated", "test", "tests", "scan", "mean", "means", "listed", "mentioned",
    "written", "code", "number", "form", "letter", "report", "page", "section", "leaflet", "study", "trial",
];

/// Medicines and treatments a patient may decide about: the generic words, the breast-cancer
/// drugs (endocrine therapy, HER2 and CDK4/6 drugs, bone agents) and common over-the-counter and
/// chronic medicines.
pub(super) const MEDICINES: &[&str] = &[
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
    // Herbal remedies and device or dialysis treatments a patient may swap or refuse.
    "wort", "ginkgo", "ginseng", "turmeric", "echinacea", "valerian", "kava", "yeast", "herbal", "homeopathy", "homeopathic",
    "antabuse", "disulfiram", "naltrexone", "acamprosate", "creon", "pancreatin",
    "cpap", "bipap", "dialysis", "colostomy", "ileostomy", "stoma", "transplant", "pacemaker",
];

/// Common medicines by generic name, brand and class, beyond the breast-cancer drugs above: the
/// chronic-disease drugs of the NHS's most-prescribed lists (statins, metformin and the diabetes
/// drugs, insulin, levothyroxine, blood-pressure and heart drugs, anticoagulants, antidepressants,
/// antiepileptics, inhalers, stomach drugs), painkillers, antibiotics, steroids,
/// immunosuppressants and chemotherapy and hormonal agents. Names with an INN stem are also caught
/// by shape ([`DRUG_STEMS`]).
pub(super) const DRUG_NAMES: &[&str] = &[
    // Classes and forms.
    "ssri", "ssris", "snri", "snris", "antipsychotic", "antipsychotics", "antiepileptic", "antiepileptics", "anticonvulsant",
    "anticonvulsants", "antihypertensive", "antihypertensives", "diuretic", "diuretics", "betablocker", "betablockers", "biologic",
    "biologics", "immunosuppressant", "immunosuppressants", "immunotherapy", "antiviral", "antivirals", "antifungal", "antifungals",
    "nsaid", "nsaids", "inhalers", "puffer", "puffers", "nebuliser", "nebulizer", "sedative", "sedatives", "benzodiazepine",
    "benzodiazepines", "benzo", "benzos", "stimulant", "stimulants", "antacid", "antacids", "epipen", "injectable",
    "anticoagulation", "antiplatelet", "antiplatelets", "bisphosphonate", "bisphosphonates", "chemotherapies", "sleeping",
    "tablets", "capsules", "drops", "cream", "ointment", "suppository", "suppositories", "lozenges", "pessary", "spray",
    // Diabetes, thyroid.
    "glucophage", "gliclazide", "glipizide", "glimepiride", "sitagliptin", "januvia", "empagliflozin", "jardiance", "dapagliflozin",
    "forxiga", "farxiga", "semaglutide", "ozempic", "wegovy", "rybelsus", "liraglutide", "victoza", "saxenda", "dulaglutide",
    "trulicity", "tirzepatide", "mounjaro", "lantus", "levemir", "tresiba", "humalog", "novorapid", "novolog", "toujeo", "humulin",
    "glargine", "lispro", "aspart", "pioglitazone", "liothyronine", "synthroid", "eltroxin", "euthyrox", "carbimazole", "methimazole",
    // Heart, blood pressure, blood.
    "lipitor", "crestor", "zocor", "pravastatin", "ezetimibe", "zetia", "fenofibrate", "ramipril", "enalapril", "perindopril",
    "candesartan", "valsartan", "irbesartan", "olmesartan", "telmisartan", "cozaar", "diovan", "atenolol", "carvedilol", "nebivolol",
    "labetalol", "lopressor", "toprol", "coreg", "nifedipine", "felodipine", "diltiazem", "verapamil", "norvasc", "furosemide", "lasix",
    "bumetanide", "spironolactone", "aldactone", "eplerenone", "hydrochlorothiazide", "hctz", "indapamide", "bendroflumethiazide",
    "chlorthalidone", "doxazosin", "digoxin", "amiodarone", "flecainide", "sotalol", "nitroglycerin", "gtn", "isosorbide",
    "ranolazine", "ivabradine", "entresto", "sacubitril", "edoxaban", "dabigatran", "pradaxa", "enoxaparin", "clexane", "lovenox",
    "coumadin", "ticagrelor", "brilinta", "prasugrel", "plavix", "dipyridamole",
    // Brain and mind.
    "paroxetine", "paxil", "seroxat", "duloxetine", "cymbalta", "mirtazapine", "amitriptyline", "nortriptyline", "bupropion",
    "wellbutrin", "trazodone", "lexapro", "celexa", "pristiq", "desvenlafaxine", "vortioxetine", "quetiapine", "seroquel",
    "olanzapine", "zyprexa", "risperidone", "risperdal", "aripiprazole", "abilify", "haloperidol", "clozapine", "lithium",
    "lamotrigine", "lamictal", "levetiracetam", "keppra", "valproate", "depakote", "epilim", "carbamazepine", "tegretol",
    "oxcarbazepine", "trileptal", "phenytoin", "dilantin", "topiramate", "topamax", "zonisamide", "lacosamide", "vimpat",
    "clobazam", "clonazepam", "klonopin", "ativan", "zopiclone", "zolpidem", "ambien", "phenobarbital", "lyrica", "neurontin",
    "adderall", "ritalin", "methylphenidate", "concerta", "vyvanse", "lisdexamfetamine", "donepezil", "aricept", "memantine",
    "rivastigmine", "levodopa", "sinemet", "madopar", "ropinirole", "pramipexole", "sumatriptan", "rizatriptan", "propranolol",
    // Lungs, allergy, stomach.
    "salbutamol", "albuterol", "ventolin", "symbicort", "seretide", "advair", "fostair", "spiriva", "tiotropium", "fluticasone",
    "flovent", "beclometasone", "budesonide", "pulmicort", "montelukast", "singulair", "cetirizine", "zyrtec", "loratadine",
    "claritin", "fexofenadine", "allegra", "chlorphenamine", "piriton", "promethazine", "hydroxyzine", "esomeprazole", "nexium",
    "pantoprazole", "rabeprazole", "prilosec", "famotidine", "pepcid", "ranitidine", "zantac", "gaviscon", "metoclopramide",
    "domperidone", "loperamide", "imodium", "senna", "lactulose", "movicol", "macrogol", "mesalazine", "mesalamine",
    // Pain, inflammation, bone, gout.
    "diclofenac", "voltaren", "celecoxib", "celebrex", "meloxicam", "mobic", "cocodamol", "codamol", "dihydrocodeine", "tapentadol",
    "hydromorphone", "dilaudid", "fentanyl", "buprenorphine", "methadone", "suboxone", "naloxone", "narcan", "percocet", "vicodin",
    "oxycontin", "norco", "ketorolac", "allopurinol", "febuxostat", "colchicine", "risedronate", "ibandronate", "fosamax", "boniva",
    "actonel", "reclast", "raloxifene", "evista", "calcium", "adcal", "ferrous", "iron", "folic", "b12",
    "calpol", "lemsip", "sudafed", "rennie", "buscopan", "canesten", "daktarin", "anusol", "beechams", "strepsils", "dioralyte",
    "fybogel", "peptac", "solpadeine", "nytol", "excedrin", "midol", "pepto", "mucinex", "nyquil", "dayquil", "robitussin",
    "dramamine", "miralax", "dulcolax", "tums", "claritin",
    // Immune system.
    "methotrexate", "hydroxychloroquine", "plaquenil", "sulfasalazine", "sulphasalazine", "leflunomide", "azathioprine",
    "mycophenolate", "tacrolimus", "ciclosporin", "cyclosporine", "adalimumab", "humira", "etanercept", "enbrel", "infliximab",
    "remicade", "hydrocortisone", "methylprednisolone", "medrol", "cortisone",
    // Infection.
    "amoxiclav", "augmentin", "flucloxacillin", "cefalexin", "cephalexin", "keflex", "ceftriaxone", "clarithromycin",
    "erythromycin", "zithromax", "zpak", "tetracycline", "minocycline", "lymecycline", "trimethoprim", "nitrofurantoin", "macrobid",
    "cipro", "levofloxacin", "levaquin", "metronidazole", "flagyl", "clindamycin", "vancomycin", "gentamicin", "bactrim", "septrin",
    "fluconazole", "diflucan", "nystatin", "aciclovir", "acyclovir", "valaciclovir", "valtrex", "oseltamivir", "tamiflu", "paxlovid",
    // Cancer and hormones.
    "cisplatin", "carboplatin", "oxaliplatin", "fluorouracil", "5fu", "gemcitabine", "pemetrexed", "etoposide", "vincristine",
    "vinorelbine", "eribulin", "epirubicin", "bevacizumab", "avastin", "rituximab", "pembrolizumab", "keytruda", "nivolumab",
    "opdivo", "olaparib", "lynparza", "imatinib", "gleevec", "lenalidomide", "revlimid", "bicalutamide", "casodex", "enzalutamide",
    "xtandi", "abiraterone", "zytiga", "leuprorelin", "leuprolide", "lupron", "triptorelin", "megestrol", "enhertu", "tukysa",
    "neratinib", "lapatinib", "alpelisib", "everolimus", "afinitor", "estradiol", "testosterone", "levonorgestrel", "mirena",
    "depo", "provera", "norethisterone", "utrogestan",
    // Others.
    "finasteride", "tamsulosin", "flomax", "sildenafil", "viagra", "tadalafil", "cialis", "oxybutynin", "mirabegron", "isotretinoin",
    "accutane", "roaccutane", "orlistat",
];

/// Treatments decided once, by a doctor with the patient ("should I have the mastectomy").
pub(super) const PROCEDURES: &[&str] = &[
    "surgery", "operation", "mastectomy", "lumpectomy", "reconstruction", "chemo", "chemotherapy", "radiation", "radiotherapy",
    "treatment", "therapy", "transfusion", "implant", "implants", "hysterectomy", "oophorectomy", "antibiotics", "medication",
    "tamoxifen", "herceptin", "replacement", "physio", "physiotherapy", "stent", "bypass", "dialysis", "arthroplasty",
];

/// What a patient might do to a medicine.
pub(super) const ACTIONS: &[&str] = &[
    "stop", "stopping", "quit", "quitting", "discontinue", "discontinuing", "start", "starting", "begin", "beginning", "restart",
    "restarting", "resume", "resuming", "skip", "skipping", "miss", "missing", "change", "changing", "switch", "switching", "double",
    "doubling", "increase", "increasing", "decrease", "decreasing", "reduce", "reducing", "lower", "lowering", "raise", "raising",
    "up", "upping", "cut", "cutting", "halve", "halving", "split", "splitting", "crush", "crushing", "chew", "take", "taking", "use",
    "using", "try", "trying", "give", "giving", "add", "adding", "mix", "mixing", "combine", "combining", "borrow", "borrowing",
    "share", "sharing", "drop", "dropping", "pause", "pausing", "delay", "delaying", "postpone", "postponing", "refuse", "refusing",
    "decline", "declining", "avoid", "avoiding", "continue", "continuing", "keep", "keeping", "get", "getting", "wean", "weaning",
    "taper", "tapering", "ditch", "ditching", "swap", "swapping", "replace", "replacing", "substitute", "snap", "snapping", "break", "breaking", "chop", "chopping",
    "divide", "dividing", "dissolve", "dissolving", "finish", "finishing", "stopped", "skipped", "doubled", "halved", "switched",
    "swapped", "changed", "adjust", "adjusting", "titrate", "titrating", "bin", "chuck", "dump", "toss",
];

/// The changes a patient might announce ("I want to stop…"): not starting or taking as told.
pub(super) const SELF_CHANGES: &[&str] = &[
    "stop", "stopping", "quit", "quitting", "discontinue", "discontinuing", "skip", "skipping", "double", "doubling", "increase",
    "increasing", "decrease", "decreasing", "reduce", "reducing", "halve", "halving", "cut", "cutting", "refuse", "refusing",
    "decline", "declining", "delay", "delaying", "postpone", "postponing", "drop", "dropping", "pause", "pausing", "ditch",
    "wean", "weaning", "taper", "tapering", "switch", "switching", "change", "changing", "bin", "chuck", "dump", "toss", "replace", "ditching",
    "replacing", "swap", "swapping", "substitute", "substituting",
];

/// Diseases a patient may ask whether they have.
pub(super) const DISEASES: &[&str] = &[
    "cancer", "cancers", "cancerous", "tumour", "tumor", "tumours", "tumors", "malignant", "malignancy", "carcinoma", "sarcoma",
    "melanoma", "leukaemia", "leukemia", "lymphoma", "metastasis", "metastases", "metastatic", "mets", "terminal", "benign", "cyst",
    "disease", "illness", "condition", "infection", "diabetes", "diabetic", "lupus", "dementia", "alzheimers", "parkinsons", "hiv",
    "std", "sti", "tuberculosis", "pneumonia", "covid", "sepsis", "cellulitis", "lymphedema", "lymphoedema", "osteoporosis",
    "fibroids", "endometriosis", "ms", "sclerosis", "als", "fibromyalgia", "arthritis", "anemia", "anaemia", "hypothyroidism",
    "stroke", "attack", "clot", "embolism", "recurrence",
];

/// More diseases a patient may ask whether they have, beyond cancer: the common conditions of
/// primary care, mental health, infection and injury. Names ending "-itis", "-oma", "-emia",
/// "-osis" or "-pathy" are also caught by shape ([`DISEASE_ENDINGS`]).
pub(super) const MORE_DISEASES: &[&str] = &[
    "depression", "anxiety", "bipolar", "schizophrenia", "psychosis", "adhd", "autism", "autistic", "ocd", "ptsd",
    "anorexia", "bulimia", "insomnia", "narcolepsy", "epilepsy", "epileptic", "migraine", "migraines", "parkinson", "alzheimer",
    "hypertension", "hypotension", "prediabetes", "prediabetic", "asthma", "asthmatic", "copd", "emphysema",
    "flu", "influenza", "shingles", "measles", "chickenpox", "herpes", "aids", "tb", "hepatitis", "cirrhosis", "gallstones",
    "gallstone", "ulcer", "ulcers", "gerd", "reflux", "ibs", "crohns", "crohn", "coeliac", "celiac", "hernia", "stones", "uti",
    "thrush", "chlamydia", "gonorrhea", "gonorrhoea", "syphilis", "parkinsons", "tia", "aneurysm", "angina", "arrhythmia", "afib",
    "fibrillation", "failure", "thrombosis", "dvt", "myeloma", "polyp", "polyps", "fibroid", "pcos", "gout", "sciatica",
    "fracture", "fractured", "sprain", "concussion", "meningitis", "scabies", "eczema", "psoriasis", "rosacea", "hypothyroid",
    "hyperthyroidism", "hyperthyroid", "neuropathy", "glaucoma", "cataract", "cataracts", "apnea", "apnoea", "mono", "glandular",
    "lyme", "malaria", "preeclampsia", "ectopic", "miscarriage", "miscarrying", "tumours", "leukaemia", "cysts", "dementia",
    "mastitis", "pneumonia", "bronchitis", "appendicitis", "diverticulitis", "colitis", "tonsillitis", "sinusitis",
    "covid19", "coronavirus", "hepatitisa", "hepatitisb", "hepatitisc", "virus", "bacterial", "viral", "fungal", "stds", "stis", "hpv", "pid", "sclerosis",
    "melanomas", "underactive", "overactive", "scurvy", "rickets", "jaundice", "disorder", "syndrome", "deficiency", "allergic", "infected", "infections", "diseases", "illnesses", "conditions",
];

/// Words after a disease that make it a topic, not a diagnosis ("my cancer treatment"). With "in"
/// (`@disease_follow`: "the symptoms of a heart attack in women") or without it
/// (`@disease_follow_in_body`: "have I got gout in my toe").
pub(super) const DISEASE_FOLLOW: &[&str] = &[
    "treatment", "treatments", "screening", "test", "tests", "appointment", "appointments", "report", "reports", "results", "result",
    "doctor", "nurse", "specialist", "team", "care", "center", "centre", "clinic", "surgery", "drugs", "drug", "medication",
    "medications", "risk", "risks", "gene", "genes", "support", "charity", "history", "stage", "grade", "type", "diagnosis",
    "getting", "better", "worse", "stable", "improving", "under", "treated", "shrinking", "to", "for", "if", "when", "after",
    "size", "sizes", "marker", "markers", "measurement", "location", "awareness", "month", "listed", "recorded", "documented",
    "noted", "mentioned", "on", "that", "which", "vaccine", "vaccination", "vaccinations", "jab", "shot", "booster", "review", "reviews",
    "check", "checkup", "plan", "inhaler", "action", "nurse", "meds", "medicine", "medicines", "tablets", "pills", "clinics", "service",
];

/// Words after a medicine or treatment that make it an errand, not a decision ("change my therapy appointment").
pub(super) const MEDICINE_FOLLOW: &[&str] = &[
    "appointment", "appointments", "session", "sessions", "schedule", "time", "times", "date", "dates", "day", "days", "nurse",
    "team", "unit", "centre", "center", "clinic", "plan", "record", "records", "report", "results", "bill", "bills", "insurance",
    "cost", "costs", "leaflet", "information", "info", "history", "list", "portal", "reminder", "reminders", "refilled", "refill",
    "refills", "renewed", "renewal", "sent", "transferred", "copy", "label", "number", "delivered", "posted", "collected",
    "dispensed", "online", "ordered", "filled", "on", "abroad", "through", "onto", "away", "along", "overseas", "back",
    "home", "at",
];

/// Words after "blood" that are a test or a measure, not bleeding ("blood pressure").
pub(super) const BLOOD_NOUNS: &[&str] = &[
    "pressure", "test", "tests", "work", "sugar", "sugars", "count", "counts", "results", "result", "type", "levels", "level",
    "glucose", "cells", "cell", "donation", "thinner", "thinners", "draw", "vessel", "vessels", "stream", "panel", "report",
];

