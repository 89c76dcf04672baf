//! Plain language for a patient: clinical shorthand expanded ("h/o" → "history of") and medical
//! terms explained in parentheses the first time an answer uses them ("benign (not cancer)").
//!
//! The entries are definitions of words, not statements about the patient: an explanation says
//! what a word means, never what the patient has, so rephrasing adds no medical claim to what the
//! records say. The wording follows the plain-language definitions of MedlinePlus and the NCI
//! Dictionary of Cancer Terms; the abbreviations are the common chart abbreviations of the
//! seed's notes. A doctor's answer is quoted as written and never goes through this. Common
//! medicines and measurements are entries too, by what they are for ("furosemide": "a water
//! tablet", "LVEF": how well the heart pumps), but only so that a question in lay words finds them
//! ([`meanings`], which the answer engine matches as a sentence's context): they are written as
//! recorded, the dose or value next to the name.
//!
//! Words are matched whole and without case ("BI-RADS", "HbA1c", "h/o" are one word each, see
//! [`crate::text::words`]), except entries marked case-sensitive, whose lower-case form is an
//! ordinary English word ("US" for ultrasound is not "us").

use std::collections::HashSet;

use crate::text::words;

/// What the glossary does with a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Replaced by plain words: "h/o" → "history of".
    Expand(&'static str),
    /// Kept, and explained in parentheses the first time: "benign" → "benign (not cancer)".
    Explain(&'static str),
    /// Kept as written; what it is ("furosemide": "a water tablet") only helps a question in lay
    /// words find it ([`meanings`]).
    Class(&'static str),
}

/// A glossary term: one or more lower-case words, whether its case must match, and what it becomes.
pub struct Term {
    pub words: &'static [&'static str],
    pub case_sensitive: bool,
    pub entry: Entry,
}

const fn expand(words: &'static [&'static str], plain: &'static str) -> Term {
    Term { words, case_sensitive: false, entry: Entry::Expand(plain) }
}

const fn explain(words: &'static [&'static str], meaning: &'static str) -> Term {
    Term { words, case_sensitive: false, entry: Entry::Explain(meaning) }
}

const fn class(words: &'static [&'static str], what: &'static str) -> Term {
    Term { words, case_sensitive: false, entry: Entry::Class(what) }
}

const fn upper(words: &'static [&'static str], entry: Entry) -> Term {
    Term { words, case_sensitive: true, entry }
}

/// The glossary. Longer phrases come before the words they contain.
pub const TERMS: &[Term] = &[
    // Chart shorthand, replaced.
    expand(&["h/o"], "history of"),
    expand(&["hx"], "history"),
    expand(&["fhx"], "family history"),
    expand(&["f/u"], "follow-up"),
    expand(&["s/p"], "after"),
    expand(&["r/o"], "rule out"),
    expand(&["w/o"], "without"),
    expand(&["b/l"], "on both sides"),
    expand(&["y/o"], "years old"),
    expand(&["yo"], "years old"),
    expand(&["dx"], "diagnosis"),
    expand(&["tx"], "treatment"),
    expand(&["chemo"], "chemotherapy"),
    expand(&["rx"], "prescription"),
    expand(&["sx"], "symptoms"),
    expand(&["pt"], "patient"),
    expand(&["bp"], "blood pressure"),
    expand(&["hr"], "heart rate"),
    expand(&["wt"], "weight"),
    expand(&["prn"], "as needed"),
    expand(&["bid"], "twice a day"),
    expand(&["tid"], "three times a day"),
    expand(&["qd"], "once a day"),
    expand(&["wnl"], "within normal limits"),
    expand(&["nad"], "no acute distress"),
    expand(&["rtc"], "return to clinic"),
    expand(&["lmp"], "last menstrual period"),
    expand(&["cbc"], "complete blood count"),
    expand(&["hrt"], "hormone replacement therapy"),
    expand(&["lft"], "liver function tests"),
    expand(&["lfts"], "liver function tests"),
    expand(&["tsh"], "thyroid-stimulating hormone (a thyroid test)"),
    upper(&["us"], Entry::Expand("ultrasound")),
    upper(&["neg"], Entry::Expand("negative")),
    upper(&["ca"], Entry::Expand("cancer")),
    // Terms kept and explained the first time.
    explain(&["ductal", "carcinoma", "in", "situ"], "abnormal cells inside a milk duct that have not spread"),
    explain(&["dcis"], "ductal carcinoma in situ: abnormal cells inside a milk duct that have not spread"),
    explain(&["lcis"], "lobular carcinoma in situ: abnormal cells in the milk glands, not cancer but a sign of higher risk"),
    explain(&["atypical", "ductal", "hyperplasia"], "extra, abnormal-looking cells in a milk duct; not cancer"),
    explain(&["adh"], "atypical ductal hyperplasia: extra, abnormal-looking cells in a milk duct; not cancer"),
    explain(&["hba1c"], "average blood sugar over the past 2 to 3 months"),
    explain(&["a1c"], "average blood sugar over the past 2 to 3 months"),
    explain(&["ldl"], "\"bad\" cholesterol"),
    explain(&["hdl"], "\"good\" cholesterol"),
    explain(&["triglycerides"], "a type of fat in the blood"),
    explain(&["egfr"], "a measure of how well the kidneys filter blood"),
    explain(&["creatinine"], "a waste product used to check the kidneys"),
    explain(&["bi-rads"], "a 0 to 6 scale radiologists use to report breast imaging results"),
    explain(&["birads"], "a 0 to 6 scale radiologists use to report breast imaging results"),
    explain(&["mammogram"], "an X-ray picture of the breast"),
    explain(&["mammography"], "X-ray pictures of the breast"),
    explain(&["tomosynthesis"], "a 3D mammogram"),
    explain(&["ultrasound"], "a scan that uses sound waves"),
    explain(&["mri"], "a scan that uses magnets and radio waves"),
    explain(&["benign"], "not cancer"),
    explain(&["malignant"], "cancer"),
    explain(&["malignancy"], "cancer"),
    explain(&["carcinoma"], "a type of cancer"),
    explain(&["biopsy"], "a small sample of tissue taken to be examined"),
    explain(&["fibroadenoma"], "a common lump that is not cancer"),
    explain(&["cyst"], "a sac filled with fluid"),
    explain(&["calcifications"], "small calcium deposits"),
    explain(&["lesion"], "an area of tissue that looks different from normal"),
    explain(&["palpable"], "can be felt"),
    explain(&["axillary"], "in the armpit"),
    explain(&["lymphadenopathy"], "swollen lymph nodes"),
    explain(&["bilateral"], "on both sides"),
    explain(&["unilateral"], "on one side"),
    explain(&["hypertension"], "high blood pressure"),
    explain(&["hyperlipidemia"], "high levels of fat, such as cholesterol, in the blood"),
    explain(&["dyslipidemia"], "unhealthy levels of fat, such as cholesterol, in the blood"),
    explain(&["lumpectomy"], "surgery to remove a lump from the breast"),
    explain(&["mastectomy"], "surgery to remove the breast"),
    explain(&["metastatic"], "spread to other parts of the body"),
    explain(&["brca1"], "a gene; some changes in it raise the risk of breast and ovarian cancer"),
    explain(&["brca2"], "a gene; some changes in it raise the risk of breast and ovarian cancer"),
    explain(&["asymptomatic"], "without symptoms"),
    explain(&["hemoglobin"], "the part of red blood cells that carries oxygen"),
    explain(&["tamoxifen"], "a hormone medicine"),
    explain(&["ferritin"], "a measure of the body's iron stores"),
    explain(&["albuminuria"], "protein in the urine"),
    explain(&["uacr"], "a urine test for protein leaking from the kidneys"),
    explain(&["spirometry"], "a breathing test that measures how much and how fast you can blow air out"),
    explain(&["echocardiogram"], "an ultrasound scan of the heart"),
    explain(&["mitral", "regurgitation"], "a leak backwards through the valve between the heart's left chambers"),
    explain(&["tricuspid", "regurgitation"], "a leak backwards through the valve between the heart's right chambers"),
    explain(&["aortic", "regurgitation"], "a leak backwards through the valve where blood leaves the heart"),
    explain(&["aortic", "stenosis"], "a narrowed valve where blood leaves the heart"),
    explain(&["mitral"], "the valve between the heart's left chambers"),
    explain(&["tricuspid"], "the valve between the heart's right chambers"),
    explain(&["stenosis"], "narrowing"),
    // Measurements whose value follows the name: matched, not written (the value stays next to it).
    class(&["lvef"], "left ventricular ejection fraction: how well the heart pumps, the share of blood pumped out with each beat"),
    class(&["fev1"], "how much air you can blow out in one second"),
    class(&["psa"], "prostate-specific antigen, a blood test for the prostate"),
    class(&["inr"], "how long the blood takes to clot"),
    class(&["bnp"], "a blood test for heart strain or heart failure"),
    class(&["nt-probnp"], "a blood test for heart strain or heart failure"),
    class(&["alt"], "a liver blood test"),
    class(&["ast"], "a liver blood test"),
    class(&["crp"], "a blood test for inflammation"),
    class(&["esr"], "a blood test for inflammation"),
    // Tests and scores by the names patients give them: matched, not written.
    class(&["lumbar", "puncture"], "a spinal tap"),
    class(&["csf"], "spinal fluid from a spinal tap"),
    class(&["oligoclonal"], "a spinal fluid test from a spinal tap"),
    class(&["gastroscopy"], "a camera test of the gullet and stomach"),
    class(&["endoscopy"], "a camera test"),
    class(&["ogd"], "a camera test of the gullet and stomach"),
    class(&["egd"], "a camera test of the gullet and stomach"),
    class(&["colonoscopy"], "a camera test of the bowel"),
    class(&["cystoscopy"], "a camera test of the bladder"),
    class(&["duodenal"], "the small bowel just after the stomach"),
    class(&["moca"], "a memory and thinking test"),
    class(&["mmse"], "a memory and thinking test"),
    class(&["ecg"], "a heart tracing"),
    class(&["ekg"], "a heart tracing"),
    class(&["dexa"], "a bone density scan"),
    class(&["dxa"], "a bone density scan"),
    class(&["t-score"], "a bone density result"),
    class(&["datscan"], "a brain scan for Parkinson's"),
    class(&["iop"], "eye pressure"),
    class(&["iol"], "a lens implant"),
    class(&["bcva"], "best vision with glasses"),
    class(&["va"], "vision (visual acuity)"),
    class(&["cd4"], "immune cells counted in the blood"),
    class(&["hiv-1", "rna"], "the amount of virus in the blood (viral load)"),
    class(&["ttg"], "a coeliac antibody blood test"),
    class(&["ttg-iga"], "a coeliac antibody blood test"),
    class(&["edss"], "a multiple sclerosis disability score"),
    class(&["updrs"], "a Parkinson's symptoms score"),
    class(&["phq-9"], "a depression questionnaire score"),
    class(&["gad-7"], "an anxiety questionnaire score"),
    class(&["upcr"], "a urine protein test"),
    class(&["acr"], "a urine protein test"),
    class(&["wbc"], "white blood cell count"),
    class(&["hb"], "haemoglobin, a blood count"),
    class(&["plt"], "platelet count"),
    class(&["methylprednisolone"], "a steroid"),
    class(&["prednisolone"], "a steroid"),
    class(&["prednisone"], "a steroid"),
    class(&["dexamethasone"], "a steroid"),
    // Common medicines, by what they are for: matched, not written (a dose stays next to its name).
    class(&["furosemide"], "a water tablet"),
    class(&["bumetanide"], "a water tablet"),
    class(&["spironolactone"], "a water tablet"),
    class(&["hydrochlorothiazide"], "a water tablet for blood pressure"),
    class(&["amlodipine"], "a blood pressure tablet"),
    class(&["lisinopril"], "a blood pressure tablet that also protects the kidneys"),
    class(&["ramipril"], "a blood pressure tablet that also protects the kidneys"),
    class(&["losartan"], "a blood pressure tablet that also protects the kidneys"),
    class(&["bisoprolol"], "a beta blocker that slows the heart"),
    class(&["metoprolol"], "a beta blocker that slows the heart"),
    class(&["atorvastatin"], "a cholesterol-lowering tablet (statin)"),
    class(&["simvastatin"], "a cholesterol-lowering tablet (statin)"),
    class(&["rosuvastatin"], "a cholesterol-lowering tablet (statin)"),
    class(&["metformin"], "a diabetes tablet"),
    class(&["empagliflozin"], "a diabetes tablet that also protects the heart and kidneys"),
    class(&["dapagliflozin"], "a diabetes tablet that also protects the heart and kidneys"),
    class(&["gliclazide"], "a diabetes tablet"),
    class(&["levothyroxine"], "thyroid hormone tablet"),
    class(&["cetirizine"], "an antihistamine tablet for allergies such as hay fever"),
    class(&["loratadine"], "an antihistamine tablet for allergies such as hay fever"),
    class(&["salbutamol"], "a reliever inhaler"),
    class(&["budesonide"], "a steroid preventer inhaler"),
    class(&["warfarin"], "a blood thinner"),
    class(&["apixaban"], "a blood thinner"),
    class(&["rivaroxaban"], "a blood thinner"),
    class(&["enoxaparin"], "a blood thinner injection"),
    class(&["heparin"], "a blood thinner injection"),
    class(&["clopidogrel"], "a blood thinner that stops clots forming"),
    class(&["ticagrelor"], "a blood thinner that stops clots forming"),
    class(&["prasugrel"], "a blood thinner that stops clots forming"),
    class(&["aspirin"], "a painkiller that in a low dose thins the blood"),
    class(&["dabigatran"], "a blood thinner"),
    class(&["edoxaban"], "a blood thinner"),
    class(&["dalteparin"], "a blood thinner injection"),
    class(&["tinzaparin"], "a blood thinner injection"),
    class(&["gabapentin"], "a nerve pain medicine"),
    class(&["pregabalin"], "a nerve pain medicine"),
    class(&["amitriptyline"], "a nerve pain medicine"),
    class(&["duloxetine"], "an antidepressant also used for nerve pain"),
    class(&["sertraline"], "an antidepressant"),
    class(&["citalopram"], "an antidepressant"),
    class(&["escitalopram"], "an antidepressant"),
    class(&["fluoxetine"], "an antidepressant"),
    class(&["mirtazapine"], "an antidepressant"),
    class(&["lithium"], "a mood stabiliser"),
    class(&["lamotrigine"], "a mood stabiliser and epilepsy medicine"),
    class(&["propranolol"], "a beta blocker"),
    class(&["letrozole"], "a hormone tablet that brings on ovulation or treats breast cancer"),
    class(&["clomiphene"], "a fertility tablet that brings on ovulation"),
    class(&["clomifene"], "a fertility tablet that brings on ovulation"),
    class(&["capox"], "chemotherapy"),
    class(&["xelox"], "chemotherapy"),
    class(&["folfox"], "chemotherapy"),
    class(&["folfiri"], "chemotherapy"),
    class(&["abvd"], "chemotherapy"),
    class(&["r-chop"], "chemotherapy"),
    class(&["capecitabine"], "a chemotherapy tablet"),
    class(&["oxaliplatin"], "a chemotherapy medicine"),
    class(&["fluorouracil"], "a chemotherapy medicine"),
    class(&["aflibercept"], "an eye injection medicine"),
    class(&["ranibizumab"], "an eye injection medicine"),
    class(&["faricimab"], "an eye injection medicine"),
    class(&["epipen"], "an adrenaline pen for severe allergic reactions"),
    class(&["epipens"], "adrenaline pens for severe allergic reactions"),
    class(&["ibuprofen"], "an anti-inflammatory painkiller"),
    class(&["naproxen"], "an anti-inflammatory painkiller"),
    class(&["nsaids"], "anti-inflammatory painkillers such as ibuprofen"),
    class(&["paracetamol"], "a painkiller"),
    class(&["acetaminophen"], "a painkiller"),
    class(&["codeine"], "an opioid painkiller"),
    class(&["omeprazole"], "a tablet that reduces stomach acid"),
];

/// A patient-readable `sentence`: shorthand expanded, and each term in `explained` not yet
/// explained gets its explanation after it (then it counts as explained). A term already followed
/// by a parenthesis, or inside one, keeps the writer's own.
pub fn plain_language(sentence: &str, explained: &mut HashSet<&'static str>) -> String {
    rewrite(sentence, Some(explained))
}

/// `sentence` with its shorthand expanded and nothing explained: what the answer engine matches a
/// question's words against, so "blood pressure" finds "BP".
pub fn expand_shorthand(sentence: &str) -> String {
    rewrite(sentence, None)
}

/// What the glossary says the terms of `sentence` are, explained or not ("HDL" → "\"good\"
/// cholesterol", "furosemide" → "a water tablet"), joined: the words a question in lay terms may
/// use for them. A combination ("budesonide/formoterol") is read as its parts.
pub fn meanings(sentence: &str) -> String {
    let sentence = sentence.replace('/', " ");
    let found = words(&sentence);
    let lower: Vec<String> = found.iter().map(|w| w.text.to_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < found.len() {
        match TERMS.iter().find(|t| matches_at(t, &found, &lower, i)) {
            Some(term) => {
                if let Entry::Explain(meaning) | Entry::Class(meaning) = term.entry {
                    out.push(meaning);
                }
                i += term.words.len();
            }
            None => i += 1,
        }
    }
    out.join(" ")
}

fn rewrite(sentence: &str, mut explained: Option<&mut HashSet<&'static str>>) -> String {
    let found = words(sentence);
    let lower: Vec<String> = found.iter().map(|w| w.text.to_lowercase()).collect();
    let mut out = String::with_capacity(sentence.len() + 32);
    let mut copied_to = 0;
    let mut i = 0;
    while i < found.len() {
        let Some(term) = TERMS.iter().find(|t| matches_at(t, &found, &lower, i)) else {
            i += 1;
            continue;
        };
        let (first, last) = (&found[i], &found[i + term.words.len() - 1]);
        match term.entry {
            Entry::Expand(plain) => {
                out.push_str(&sentence[copied_to..first.start]);
                let starts_sentence = sentence[..first.start].trim().is_empty()
                    || sentence[..first.start].trim_end().ends_with(['.', ':', '!', '?']);
                if starts_sentence {
                    let mut chars = plain.chars();
                    out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                    out.push_str(chars.as_str());
                } else {
                    out.push_str(plain);
                }
                copied_to = last.end;
            }
            Entry::Explain(meaning) => {
                let key = term.words[0];
                let before = &sentence[..first.start];
                let inside_parentheses = before.matches('(').count() > before.matches(')').count();
                let has_own = inside_parentheses || sentence[last.end..].trim_start().starts_with('(');
                if !has_own && explained.as_mut().is_some_and(|seen| seen.insert(key)) {
                    out.push_str(&sentence[copied_to..last.end]);
                    out.push_str(" (");
                    out.push_str(meaning);
                    out.push(')');
                    copied_to = last.end;
                }
            }
            Entry::Class(_) => {}
        }
        i += term.words.len();
    }
    out.push_str(&sentence[copied_to..]);
    out
}

fn matches_at(term: &Term, found: &[crate::text::Word<'_>], lower: &[String], at: usize) -> bool {
    term.words.len() <= found.len() - at
        && term.words.iter().enumerate().all(|(k, w)| {
            if term.case_sensitive {
                found[at + k].text.len() == w.len() && found[at + k].text == w.to_ascii_uppercase()
            } else {
                lower[at + k] == *w
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(sentence: &str) -> String {
        plain_language(sentence, &mut HashSet::new())
    }

    #[test]
    fn a_medicine_is_found_by_what_it_is_for_but_written_as_prescribed() {
        assert_eq!(plain("Start lisinopril 10 mg daily."), "Start lisinopril 10 mg daily.");
        assert!(meanings("Furosemide 20 mg and HDL 1.4").contains("a water tablet"));
        assert!(meanings("Furosemide 20 mg and HDL 1.4").contains("\"good\" cholesterol"));
        assert_eq!(meanings("Walked 2 km"), "");
        assert_eq!(meanings("Budesonide/formoterol 200/6"), "a steroid preventer inhaler");
        // A valve's leak is explained as one; reflux's "regurgitation" is not a valve's.
        assert_eq!(plain("Mild mitral regurgitation."), "Mild mitral regurgitation (a leak backwards through the valve between the heart's left chambers).");
        assert_eq!(plain("Acid regurgitation at night."), "Acid regurgitation at night.");
    }

    #[test]
    fn shorthand_is_expanded() {
        // Brief: a patient's answer expands abbreviations ("h/o" → history of, "f/u", "BP").
        assert_eq!(plain("Pt has h/o benign cyst."), "Patient has history of benign (not cancer) cyst (a sac filled with fluid).");
        assert_eq!(plain("F/u in 6 months. BP 128/82."), "Follow-up in 6 months. Blood pressure 128/82.");
        assert_eq!(plain("Breast US showed no mass; let us know."), "Breast ultrasound showed no mass; let us know.");
    }

    #[test]
    fn terms_are_explained_once_per_answer() {
        // Brief: medical terms explained the first time in parentheses ("benign (not cancer)").
        let mut explained = HashSet::new();
        let first = plain_language("Mammogram: BI-RADS 2, benign.", &mut explained);
        assert_eq!(
            first,
            "Mammogram (an X-ray picture of the breast): BI-RADS (a 0 to 6 scale radiologists use to report breast imaging \
             results) 2, benign (not cancer)."
        );
        let second = plain_language("The benign finding on the mammogram is stable.", &mut explained);
        assert_eq!(second, "The benign finding on the mammogram is stable.");
        assert_eq!(plain("HbA1c 5.7%, LDL 3.2."), "HbA1c (average blood sugar over the past 2 to 3 months) 5.7%, LDL (\"bad\" cholesterol) 3.2.");
    }

    #[test]
    fn phrases_and_the_writers_own_parentheses() {
        assert_eq!(plain("DCIS (ductal carcinoma in situ) excised."), "DCIS (ductal carcinoma in situ) excised.");
        assert_eq!(
            plain("No malignancy; ductal carcinoma in situ not seen."),
            "No malignancy (cancer); ductal carcinoma in situ (abnormal cells inside a milk duct that have not spread) not seen."
        );
    }

    #[test]
    fn shorthand_alone_for_matching() {
        assert_eq!(expand_shorthand("BP ok, benign cyst, h/o ADH."), "Blood pressure ok, benign cyst, history of ADH.");
    }

    #[test]
    fn odd_text_is_left_alone() {
        assert_eq!(plain(""), "");
        assert_eq!(plain("日本語 h/o ✓"), "日本語 history of ✓");
        assert_eq!(plain("ca. 5 cm"), "ca. 5 cm", "lower-case 'ca' (circa) is not cancer");
    }
}
