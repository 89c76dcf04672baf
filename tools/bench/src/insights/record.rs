//! The record the insights figures run on: the health demo's `PAT-101` (Maren Oakhurst, 47; her
//! four demo documents — the September 2026 consultation note and lab report, the genetics letter,
//! the October mammogram) plus the 46 documents here, written as a family practice's, its
//! specialists' and its laboratory's would be, from January 2025 to November 2026: 16
//! consultation notes, 18 laboratory reports, 12 imaging reports. They continue the demo's story
//! (iron-deficiency anaemia from heavy periods, a fibroid, raised LDL, low vitamin D, dense
//! breasts with a recalled asymmetry that turns out to be a cyst) and add the ordinary rest of a
//! record (a cough, a knee, a wrist, palpitations, a thyroid nodule, a gallstone).
//!
//! Synthetic: invented patient, clinicians and places, as the demo's own documents are.

/// One document to upload: `document_type` and `document_date` as the upload form takes them.
pub struct RecordDocument {
    pub file_name: String,
    pub document_type: &'static str,
    pub document_date: &'static str,
    pub text: String,
}

const PATIENT_LINE: &str = "Patient: Maren Oakhurst (PAT-101)    DOB: 1979-03-14    Sex: F";
const SYNTHETIC: &str = "SYNTHETIC DEMONSTRATION RECORD: invented patient, clinicians and places.";

/// A consultation: date, clinic and clinician, visit type, then the body (history, examination,
/// assessment and plan).
const CONSULTATIONS: [(&str, &str, &str, &str, &str); 16] = [
    (
        "2025-01-14",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Acute visit: cough",
        "HISTORY\nDry cough for 3 weeks after a cold over the holidays. Worse at night, no blood, no fever now.\n\
         Non-smoker. No weight loss. No wheeze. Her children had the same cold.\n\
         EXAMINATION\nTemperature 36.9 C, pulse 78, BP 124/80, SpO2 98 % on air. Chest clear, no crackles.\n\
         ASSESSMENT\nPost-viral cough, most likely. Cough over 3 weeks: chest X-ray to be sure.\n\
         PLAN\n- Chest X-ray (PA) ordered.\n- Honey and warm drinks; avoid cough suppressants with codeine.\n\
         - CBC and CRP today.\n- Return if fever, breathlessness or coughing up blood.",
    ),
    (
        "2025-02-04",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Follow-up: cough",
        "HISTORY\nCough has settled over the last 10 days. Sleeping well again.\n\
         RESULTS REVIEWED\nChest X-ray 2025-01-21: clear lungs, no consolidation. CBC normal, hemoglobin 12.9 g/dL. CRP 6 mg/L.\n\
         ASSESSMENT\nPost-viral cough, resolved.\n\
         PLAN\nNo further tests. Flu vaccine given today (left deltoid), batch FV-2291.",
    ),
    (
        "2025-05-06",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Samir Okonkwo-Reyes, MD (Family Medicine)",
        "Acute visit: right knee pain",
        "HISTORY\nRight knee pain for 2 weeks after a long downhill hike. Pain on stairs and squatting, mild\n\
         swelling in the evenings. No locking or giving way. No previous knee injury.\n\
         EXAMINATION\nSmall effusion right knee, tender medial joint line, full range of movement, ligaments stable.\n\
         McMurray negative. BMI 26.1 (weight 71 kg, height 165 cm).\n\
         ASSESSMENT\nMedial knee pain, likely early osteoarthritis aggravated by overuse; meniscal tear less likely.\n\
         PLAN\n- X-ray right knee (standing AP and lateral).\n- Diclofenac 1 % gel up to four times a day for 2 weeks.\n\
         - Referral to physiotherapy.\n- Uric acid and CRP.",
    ),
    (
        "2025-06-17",
        "RIVERSIDE PHYSIOTHERAPY CLINIC - INITIAL ASSESSMENT",
        "Lotte Brannigan, MSc (Physiotherapist)",
        "Physiotherapy: right knee",
        "HISTORY\nReferred for right medial knee pain; X-ray 2025-05-08 showed mild medial joint space narrowing.\n\
         Pain now 3/10 at rest, 6/10 on stairs.\n\
         FINDINGS\nWeak right quadriceps and hip abductors; single-leg squat poorly controlled.\n\
         PLAN\n- Six sessions over 8 weeks: quadriceps and hip strengthening, balance work.\n\
         - Home exercise programme given (straight leg raises, wall sits, clam shells), daily.\n\
         - Walking and cycling encouraged; avoid long steep descents for now.\n\
         - Goal: pain-free stairs and a 10 km hike by September.",
    ),
    (
        "2025-08-26",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Results review: mammogram and blood tests",
        "HISTORY\nHere to discuss her screening mammogram and blood tests of 2025-08-12. Knee much better after\n\
         physiotherapy. Periods a little heavier than before.\n\
         RESULTS REVIEWED\nMammogram 2025-08-12: negative (BI-RADS 1), heterogeneously dense breasts (category C).\n\
         Total cholesterol 221 mg/dL, LDL 141 mg/dL, HDL 56 mg/dL. Hemoglobin 12.6 g/dL. HbA1c 5.2 %.\n\
         EXAMINATION\nBP 128/82, pulse 72. Weight 70 kg.\n\
         ASSESSMENT\n1. Dense breasts, mother with breast cancer at 44: above-average risk.\n\
         2. Borderline raised LDL cholesterol.\n\
         PLAN\n- Discussed supplemental screening; to revisit at next annual visit.\n\
         - Mediterranean-style diet, 150 minutes of exercise a week; recheck lipids in 6 months.\n\
         - Keep a record of bleeding; return if periods get heavier.",
    ),
    (
        "2025-09-23",
        "HARROWGATE HEART CLINIC - CARDIOLOGY OUTPATIENT NOTE",
        "Dr. Priya Lindqvist, MD (Cardiology)",
        "New referral: palpitations",
        "HISTORY\nEpisodes of a fluttering heartbeat for 2 months, lasting seconds, at rest in the evening.\n\
         No chest pain, no fainting, no breathlessness. Drinks 4 to 5 cups of coffee a day. Father had a\n\
         heart attack at 58.\n\
         EXAMINATION\nPulse 70 regular, BP 126/78, heart sounds normal, no murmur.\n\
         ECG: sinus rhythm 68/min, normal intervals, no pre-excitation.\n\
         ASSESSMENT\nPalpitations, probably ectopic beats; structural heart disease unlikely.\n\
         PLAN\n- 48-hour Holter monitor and transthoracic echocardiogram.\n- Thyroid function, electrolytes, magnesium.\n\
         - Cut coffee to 2 cups a day.",
    ),
    (
        "2025-11-18",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Acute visit: lump in the neck",
        "HISTORY\nNoticed a small lump on the right side of the front of her neck while putting on a scarf.\n\
         No pain, no change in voice, no difficulty swallowing. Palpitations settled after cutting coffee;\n\
         Holter showed occasional ectopic beats only (cardiology letter 2025-10-08).\n\
         EXAMINATION\nSmooth 1 cm nodule in the right thyroid lobe, moves on swallowing. No lymph nodes.\n\
         ASSESSMENT\nThyroid nodule, clinically benign features.\n\
         PLAN\n- Thyroid ultrasound.\n- TSH, free T4 and thyroid peroxidase antibodies.",
    ),
    (
        "2025-12-09",
        "FERNHOLLOW URGENT CARE - ATTENDANCE NOTE",
        "Dr. Marcus Feld, MD (Emergency Medicine)",
        "Urgent care: fall on ice",
        "HISTORY\nSlipped on ice this morning and landed on her outstretched left hand. Pain at the wrist.\n\
         No head injury. Right-handed.\n\
         EXAMINATION\nSwelling over the dorsum of the left wrist; no snuffbox tenderness; full finger movement,\n\
         sensation intact.\n\
         X-RAY\nLeft wrist, 3 views: no fracture.\n\
         ASSESSMENT\nLeft wrist sprain.\n\
         PLAN\n- Wrist splint for comfort for up to 2 weeks; rest, ice, elevation.\n\
         - Paracetamol 1 g up to four times a day as needed.\n- Return if pain is not improving in 10 days.",
    ),
    (
        "2026-01-20",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Visit: tiredness and low mood",
        "HISTORY\nTired for 2 months, low mood in the dark months, poor sleep (about 6 hours), stressful\n\
         period at work. Occasional pain under the right ribs after fatty meals. Periods heavy, 6 days.\n\
         PHQ-9 score 7 (mild). GAD-7 score 5. No thoughts of self-harm.\n\
         EXAMINATION\nBP 130/84, pulse 74. Abdomen soft, mild right upper quadrant tenderness, Murphy's sign negative.\n\
         ASSESSMENT\n1. Fatigue with mild low mood; check for anaemia, thyroid and vitamin D.\n\
         2. Right upper quadrant pain after meals, possibly gallstones.\n\
         PLAN\n- CBC, ferritin, vitamin D, B12, folate today.\n- Abdominal ultrasound.\n\
         - Self-referral to talking therapy given; sleep hygiene advice; walk outdoors daily.\n- Review in 4 weeks.",
    ),
    (
        "2026-03-10",
        "ASHCOMBE DERMATOLOGY - CLINIC LETTER",
        "Dr. Hannah Osei, MD (Dermatology)",
        "Mole check",
        "HISTORY\nAsked for a skin check: several moles on her back, one she thinks has darkened.\n\
         Fair skin, sunburns easily; no family history of melanoma.\n\
         EXAMINATION\nDermoscopy of 14 naevi on the trunk: all symmetric with regular network. The darker\n\
         lesion on the left scapula (5 mm) shows a benign reticular pattern.\n\
         ASSESSMENT\nBenign melanocytic naevi. No suspicious lesion.\n\
         PLAN\n- No excision needed. Sun protection advice (SPF 50, hat).\n- Self-check monthly; photographs taken for comparison.",
    ),
    (
        "2026-04-14",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Samir Okonkwo-Reyes, MD (Family Medicine)",
        "Acute visit: hay fever and urinary frequency",
        "HISTORY\nSneezing, itchy eyes and runny nose every spring, worse this year. Also passing urine more\n\
         often for 3 days, no burning, no fever.\n\
         EXAMINATION\nPale swollen nasal mucosa. Abdomen soft, no loin tenderness.\n\
         Urine dipstick: negative for leukocytes and nitrites; sample sent for urinalysis.\n\
         ASSESSMENT\n1. Seasonal allergic rhinitis. 2. Urinary frequency, no infection on dipstick.\n\
         PLAN\n- Cetirizine 10 mg once daily in the pollen season; fluticasone nasal spray.\n\
         - Reduce caffeine; return if burning, fever or blood in the urine.",
    ),
    (
        "2026-06-02",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Follow-up: blood pressure and tiredness",
        "HISTORY\nStill tired; periods heavy. Drinks about 6 glasses of wine a week. Walks 60 minutes a week.\n\
         Home blood pressure readings over 2 weeks average 134/86.\n\
         EXAMINATION\nBP 136/86 (repeat 134/84), pulse 76. Weight 72 kg.\n\
         RESULTS\nHemoglobin 11.8 g/dL (low), ferritin 13 ng/mL (low). TSH 1.9. HbA1c 5.4 %. eGFR 98.\n\
         ASSESSMENT\n1. High-normal blood pressure (stage 1 on home readings); no medication yet.\n\
         2. Mild iron deficiency anaemia, likely menstrual.\n\
         PLAN\n- Cut alcohol to under 5 drinks a week, less salt, aim for 150 minutes of activity.\n\
         - Recheck blood pressure in 3 months. Iron-rich diet; if hemoglobin falls further, start iron tablets.",
    ),
    (
        "2026-10-13",
        "HARROWGATE WOMEN'S HEALTH - GYNAECOLOGY OUTPATIENT NOTE",
        "Dr. Beatrix Conlon, MRCOG (Gynaecology)",
        "New referral: heavy menstrual bleeding",
        "HISTORY\nReferred with heavy periods for a year, iron deficiency anaemia (hemoglobin 11.2 g/dL in\n\
         September), taking ferrous sulfate on alternate days since 2026-09-15. Periods every 28 days, 7 days,\n\
         flooding on days 2 and 3. No bleeding between periods or after sex. G2P2. Cervical screening 2024 normal.\n\
         EXAMINATION\nAbdomen soft. Speculum: normal cervix. Bimanual: bulky uterus, non-tender.\n\
         ASSESSMENT\nHeavy menstrual bleeding; pelvic ultrasound booked for tomorrow to look for fibroids.\n\
         PLAN\n- Options discussed: levonorgestrel intrauterine system (first choice), tranexamic acid during\n\
         periods, surgery if those fail. She would like the IUS.\n- Tranexamic acid 1 g three times a day on heavy days until then.\n\
         - CBC and iron studies today.",
    ),
    (
        "2026-11-03",
        "FERNHOLLOW BREAST CLINIC - CLINIC LETTER",
        "Dr. Teodor Blaise, MD (Breast Radiology)",
        "Results: recall imaging of the left breast",
        "HISTORY\nRecalled after the screening mammogram of 2026-10-06 showed a new 9 mm focal asymmetry in the\n\
         upper outer left breast. Genetic panel negative; lifetime risk 23.4 % (Tyrer-Cuzick).\n\
         RESULTS\nDiagnostic left mammogram and targeted ultrasound 2026-10-29: the asymmetry corresponds to an\n\
         8 mm simple cyst at 2 o'clock, 6 cm from the nipple. No solid mass. BI-RADS 2 (benign).\n\
         ASSESSMENT\nBenign simple cyst; no biopsy needed.\n\
         PLAN\n- Back to yearly screening mammography, with annual breast MRI as the genetics service advised;\n\
         first MRI booked for 2026-11-18.\n- Breast awareness: report any new lump, skin change or nipple discharge.",
    ),
    (
        "2026-11-10",
        "FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE",
        "Dr. Ilse Varnado, MD (Family Medicine)",
        "Follow-up: anaemia, vitamin D and cholesterol",
        "HISTORY\nEnergy better. Taking ferrous sulfate 200 mg on alternate days and vitamin D3 2000 IU daily.\n\
         Mild constipation from the iron. Walking 120 minutes a week now, alcohol down to 3 drinks a week.\n\
         RESULTS\nHemoglobin 12.1 g/dL (was 11.2 in September), ferritin 24 ng/mL. Vitamin D 31 ng/mL (was 16).\n\
         FIT test 2026-09-29 negative. Breast MRI booked 2026-11-18.\n\
         EXAMINATION\nBP 128/82, pulse 70. Weight 71 kg.\n\
         ASSESSMENT\n1. Iron deficiency anaemia, improving. 2. Vitamin D now sufficient. 3. Raised LDL (164 in September).\n\
         PLAN\n- Continue iron for 3 more months after hemoglobin normalises; recheck CBC and ferritin in February 2027.\n\
         - Continue vitamin D3 2000 IU daily through the winter.\n\
         - Statin discussed (10-year cardiovascular risk 3.1 %): she prefers diet first; repeat lipids in March 2027.\n\
         - Next annual review September 2027.",
    ),
    (
        "2026-11-24",
        "HARROWGATE WOMEN'S HEALTH - PROCEDURE NOTE",
        "Dr. Beatrix Conlon, MRCOG (Gynaecology)",
        "Procedure: levonorgestrel intrauterine system insertion",
        "INDICATION\nHeavy menstrual bleeding with a 24 mm intramural fibroid (pelvic ultrasound 2026-10-14) that does\n\
         not distort the cavity. Pregnancy test negative today; chlamydia and gonorrhoea swabs negative.\n\
         PROCEDURE\nLevonorgestrel 52 mg intrauterine system inserted without difficulty. Uterus sounded to 8 cm.\n\
         Threads trimmed to 3 cm. Mild cramping, settled with paracetamol. No complications.\n\
         PLAN\n- Irregular spotting is common for 3 to 6 months.\n- Stop tranexamic acid.\n\
         - Thread check and review in 6 weeks (January 2027).\n- The device is effective for heavy bleeding and contraception for 8 years.",
    ),
];

/// An imaging report: date, department, examination, radiologist, then the body.
const IMAGING: [(&str, &str, &str, &str, &str); 12] = [
    (
        "2025-01-21",
        "FERNHOLLOW COMMUNITY HOSPITAL - RADIOLOGY REPORT",
        "Chest X-ray, PA",
        "Dr. Oren Vasquez, MD",
        "INDICATION\nCough for 3 weeks, non-smoker.\nFINDINGS\nLungs clear. No consolidation, effusion or mass.\n\
         Heart size normal (cardiothoracic ratio 0.44). Mediastinum and hila normal. Bones intact.\n\
         IMPRESSION\nNormal chest X-ray.",
    ),
    (
        "2025-05-08",
        "FERNHOLLOW COMMUNITY HOSPITAL - RADIOLOGY REPORT",
        "X-ray right knee, standing AP and lateral",
        "Dr. Oren Vasquez, MD",
        "INDICATION\nMedial right knee pain after hiking.\nFINDINGS\nMild narrowing of the medial joint space with a small\n\
         marginal osteophyte on the medial tibial plateau. Small suprapatellar effusion. No fracture. Patellofemoral\n\
         joint preserved.\nIMPRESSION\nMild medial compartment osteoarthritis (Kellgren-Lawrence grade 2).",
    ),
    (
        "2025-08-12",
        "FERNHOLLOW BREAST IMAGING CENTER - MAMMOGRAPHY REPORT",
        "Bilateral screening mammogram with tomosynthesis",
        "Dr. Teodor Blaise, MD",
        "INDICATION\nAnnual screening; mother with breast cancer at 44.\nCOMPARISON\n2024-07-30.\n\
         BREAST COMPOSITION\nHeterogeneously dense (ACR category C).\nFINDINGS\nNo suspicious mass, calcifications or\n\
         architectural distortion in either breast. Stable benign-appearing lymph node in the right axillary tail.\n\
         IMPRESSION\nNegative.\nBI-RADS ASSESSMENT: Category 1 - Negative. Routine annual screening.",
    ),
    (
        "2025-09-30",
        "HARROWGATE HEART CLINIC - ECHOCARDIOGRAPHY REPORT",
        "Transthoracic echocardiogram",
        "Dr. Priya Lindqvist, MD",
        "INDICATION\nPalpitations.\nFINDINGS\nLeft ventricle normal size and wall thickness; ejection fraction 62 %\n\
         (biplane Simpson). Normal diastolic function. Right ventricle normal. Valves structurally normal; trivial\n\
         mitral regurgitation. No pericardial effusion.\nHOLTER (48 h, 2025-10-01)\nSinus rhythm throughout, 0.4 %\n\
         isolated ventricular ectopic beats, no sustained arrhythmia; symptoms matched ectopic beats.\n\
         IMPRESSION\nStructurally normal heart. Benign ectopic beats.",
    ),
    (
        "2025-11-25",
        "FERNHOLLOW COMMUNITY HOSPITAL - ULTRASOUND REPORT",
        "Ultrasound of the thyroid and neck",
        "Dr. Mei-Lin Harcourt, MD",
        "INDICATION\nPalpable right thyroid nodule.\nFINDINGS\nRight lobe: 11 mm spongiform nodule in the mid pole,\n\
         wider than tall, smooth margins, no microcalcifications. Left lobe and isthmus normal. No abnormal lymph nodes.\n\
         IMPRESSION\nBenign-appearing right thyroid nodule, ACR TI-RADS 2 (not suspicious). No fine-needle aspiration\n\
         and no follow-up imaging needed.",
    ),
    (
        "2025-12-09",
        "FERNHOLLOW URGENT CARE - RADIOLOGY REPORT",
        "X-ray left wrist, 3 views",
        "Dr. Oren Vasquez, MD",
        "INDICATION\nFall on outstretched hand.\nFINDINGS\nNo fracture of the distal radius, ulna or carpal bones;\n\
         scaphoid views normal. Mild dorsal soft-tissue swelling. Joint alignment normal.\nIMPRESSION\nNo fracture.",
    ),
    (
        "2026-01-27",
        "FERNHOLLOW COMMUNITY HOSPITAL - ULTRASOUND REPORT",
        "Ultrasound of the abdomen",
        "Dr. Mei-Lin Harcourt, MD",
        "INDICATION\nRight upper quadrant pain after meals.\nFINDINGS\nGallbladder: single 6 mm mobile echogenic stone,\n\
         wall 2 mm, no pericholecystic fluid, sonographic Murphy's sign negative. Common bile duct 4 mm. Liver normal\n\
         size and echotexture, no fatty infiltration. Pancreas, spleen and kidneys normal.\n\
         IMPRESSION\nSingle small gallstone without cholecystitis.",
    ),
    (
        "2026-03-03",
        "FERNHOLLOW COMMUNITY HOSPITAL - BONE DENSITOMETRY REPORT",
        "DXA scan, lumbar spine and left hip",
        "Dr. Oren Vasquez, MD",
        "INDICATION\nVitamin D deficiency (16 ng/mL), family history of osteoporosis (mother).\nFINDINGS\n\
         Lumbar spine L1-L4 BMD 1.012 g/cm2, T-score -0.6. Left femoral neck BMD 0.842 g/cm2, T-score -0.9.\n\
         Total hip T-score -0.4.\nIMPRESSION\nNormal bone density. Repeat not needed before menopause unless new risk factors.",
    ),
    (
        "2026-10-14",
        "HARROWGATE WOMEN'S HEALTH - ULTRASOUND REPORT",
        "Pelvic ultrasound, transabdominal and transvaginal",
        "Dr. Anika Sørensen, MD",
        "INDICATION\nHeavy menstrual bleeding, iron deficiency anaemia.\nFINDINGS\nUterus anteverted, 9.8 x 5.6 x 6.1 cm.\n\
         24 mm intramural fibroid in the posterior wall, not distorting the cavity (FIGO type 4). Endometrium 9 mm,\n\
         regular, day 12 of the cycle. Ovaries normal, right 28 x 19 mm with a 14 mm follicle. No free fluid.\n\
         IMPRESSION\nSingle intramural fibroid, FIGO type 4. Normal endometrium and ovaries.",
    ),
    (
        "2026-10-29",
        "FERNHOLLOW BREAST IMAGING CENTER - DIAGNOSTIC MAMMOGRAPHY REPORT",
        "Diagnostic left mammogram with spot compression views",
        "Dr. Teodor Blaise, MD",
        "INDICATION\nRecall from screening 2026-10-06: new 9 mm focal asymmetry, upper outer left breast.\n\
         FINDINGS\nOn spot compression the asymmetry persists as an 8 mm circumscribed oval density at 2 o'clock,\n\
         6 cm from the nipple. No calcifications or distortion. See same-day ultrasound.\n\
         IMPRESSION\nCircumscribed density corresponding to a simple cyst on ultrasound.\nBI-RADS ASSESSMENT: Category 2 - Benign.",
    ),
    (
        "2026-10-29",
        "FERNHOLLOW BREAST IMAGING CENTER - ULTRASOUND REPORT",
        "Targeted ultrasound of the left breast",
        "Dr. Teodor Blaise, MD",
        "INDICATION\nFocal asymmetry on screening mammogram.\nFINDINGS\nAt 2 o'clock, 6 cm from the nipple: 8 x 6 x 5 mm\n\
         anechoic oval mass with circumscribed margins and posterior enhancement, no internal flow - a simple cyst.\n\
         Left axilla: normal lymph nodes with fatty hila.\nIMPRESSION\nSimple cyst explains the mammographic finding.\n\
         BI-RADS ASSESSMENT: Category 2 - Benign. Return to annual screening.",
    ),
    (
        "2026-11-18",
        "FERNHOLLOW BREAST IMAGING CENTER - BREAST MRI REPORT",
        "Bilateral contrast-enhanced breast MRI (high-risk screening)",
        "Dr. Teodor Blaise, MD",
        "INDICATION\nLifetime risk 23.4 % (Tyrer-Cuzick), dense breasts; first annual MRI.\n\
         FINDINGS\nFibroglandular tissue: heterogeneous (ACR c). Background parenchymal enhancement: mild.\n\
         Left breast: the known 8 mm simple cyst at 2 o'clock, no enhancement. No suspicious enhancing mass or\n\
         non-mass enhancement in either breast. Axillary nodes normal.\n\
         IMPRESSION\nNo MRI evidence of malignancy.\nBI-RADS ASSESSMENT: Category 2 - Benign. Next MRI in 12 months,\n\
         alternating with mammography at 6-month intervals.",
    ),
];

/// A laboratory report: collection date, accession, and its rows (test, result, flag, units, range).
type LabRow = (&'static str, &'static str, &'static str, &'static str, &'static str);
const LABS: [(&str, &str, &[LabRow]); 18] = [
    ("2025-01-14", "BW-25-0114-0833", &[
        ("White blood cells", "7.9", "", "x10^9/L", "4.0-11.0"),
        ("Hemoglobin", "12.9", "", "g/dL", "12.0-15.5"),
        ("MCV", "83", "", "fL", "80-100"),
        ("Platelets", "298", "", "x10^9/L", "150-400"),
        ("C-reactive protein", "6", "H", "mg/L", "<5"),
    ]),
    ("2025-05-06", "BW-25-0506-1021", &[
        ("Uric acid", "4.8", "", "mg/dL", "2.5-6.0"),
        ("C-reactive protein", "2", "", "mg/L", "<5"),
        ("Rheumatoid factor", "<10", "", "IU/mL", "<14"),
        ("ESR", "12", "", "mm/h", "0-20"),
    ]),
    ("2025-08-12", "BW-25-0812-0740", &[
        ("Total cholesterol", "221", "H", "mg/dL", "<200"),
        ("LDL cholesterol (calculated)", "141", "H", "mg/dL", "<100"),
        ("HDL cholesterol", "56", "", "mg/dL", ">50"),
        ("Triglycerides", "118", "", "mg/dL", "<150"),
        ("Glucose, fasting", "90", "", "mg/dL", "70-99"),
        ("Hemoglobin A1c", "5.2", "", "%", "4.0-5.6"),
        ("Creatinine", "0.78", "", "mg/dL", "0.50-1.10"),
        ("eGFR (CKD-EPI 2021)", "97", "", "mL/min/1.73m2", ">60"),
        ("ALT", "18", "", "U/L", "7-35"),
    ]),
    ("2025-08-12", "BW-25-0812-0741", &[
        ("White blood cells", "5.8", "", "x10^9/L", "4.0-11.0"),
        ("Hemoglobin", "12.6", "", "g/dL", "12.0-15.5"),
        ("Hematocrit", "38.1", "", "%", "36.0-46.0"),
        ("MCV", "82", "", "fL", "80-100"),
        ("Platelets", "287", "", "x10^9/L", "150-400"),
    ]),
    ("2025-09-23", "HH-25-0923-2210", &[
        ("Potassium", "4.1", "", "mmol/L", "3.5-5.1"),
        ("Magnesium", "2.0", "", "mg/dL", "1.7-2.2"),
        ("Calcium", "9.4", "", "mg/dL", "8.6-10.3"),
        ("TSH", "2.1", "", "mIU/L", "0.4-4.0"),
        ("Troponin T, high-sensitivity", "<3", "", "ng/L", "<14"),
    ]),
    ("2025-11-18", "BW-25-1118-0915", &[
        ("TSH", "2.3", "", "mIU/L", "0.4-4.0"),
        ("Free T4", "1.1", "", "ng/dL", "0.8-1.8"),
        ("Thyroid peroxidase antibodies", "9", "", "IU/mL", "<35"),
    ]),
    ("2026-01-20", "BW-26-0120-0802", &[
        ("White blood cells", "6.4", "", "x10^9/L", "4.0-11.0"),
        ("Hemoglobin", "12.2", "", "g/dL", "12.0-15.5"),
        ("MCV", "80", "", "fL", "80-100"),
        ("Platelets", "305", "", "x10^9/L", "150-400"),
        ("Ferritin", "18", "", "ng/mL", "15-150"),
    ]),
    ("2026-01-20", "BW-26-0120-0803", &[
        ("25-hydroxy vitamin D", "16", "L", "ng/mL", "30-100"),
        ("Vitamin B12", "320", "", "pg/mL", "200-900"),
        ("Folate, serum", "9.1", "", "ng/mL", ">3.9"),
    ]),
    ("2026-01-27", "BW-26-0127-1104", &[
        ("ALT", "22", "", "U/L", "7-35"),
        ("AST", "20", "", "U/L", "10-35"),
        ("Alkaline phosphatase", "70", "", "U/L", "40-120"),
        ("Bilirubin, total", "0.6", "", "mg/dL", "0.2-1.2"),
        ("Lipase", "32", "", "U/L", "13-60"),
    ]),
    ("2026-03-03", "BW-26-0303-0750", &[
        ("Total cholesterol", "235", "H", "mg/dL", "<200"),
        ("LDL cholesterol (calculated)", "152", "H", "mg/dL", "<100"),
        ("HDL cholesterol", "55", "", "mg/dL", ">50"),
        ("Triglycerides", "130", "", "mg/dL", "<150"),
    ]),
    ("2026-04-14", "BW-26-0414-1402", &[
        ("Urine appearance", "Clear, yellow", "", "", ""),
        ("Urine protein", "Negative", "", "", "Negative"),
        ("Urine glucose", "Negative", "", "", "Negative"),
        ("Urine leukocyte esterase", "Negative", "", "", "Negative"),
        ("Urine nitrite", "Negative", "", "", "Negative"),
        ("Urine culture", "No growth", "", "", "<10^4 CFU/mL"),
    ]),
    ("2026-06-02", "BW-26-0602-0812", &[
        ("Hemoglobin", "11.8", "L", "g/dL", "12.0-15.5"),
        ("MCV", "78", "L", "fL", "80-100"),
        ("Ferritin", "13", "L", "ng/mL", "15-150"),
        ("TSH", "1.9", "", "mIU/L", "0.4-4.0"),
    ]),
    ("2026-06-02", "BW-26-0602-0813", &[
        ("Glucose, fasting", "94", "", "mg/dL", "70-99"),
        ("Hemoglobin A1c", "5.4", "", "%", "4.0-5.6"),
        ("Creatinine", "0.76", "", "mg/dL", "0.50-1.10"),
        ("eGFR (CKD-EPI 2021)", "98", "", "mL/min/1.73m2", ">60"),
        ("Sodium", "140", "", "mmol/L", "135-145"),
    ]),
    ("2026-09-29", "BW-26-0929-1530", &[("Fecal immunochemical test (FIT)", "Negative", "", "ug Hb/g", "<10")]),
    ("2026-10-13", "HW-26-1013-1120", &[
        ("Hemoglobin", "11.4", "L", "g/dL", "12.0-15.5"),
        ("MCV", "77", "L", "fL", "80-100"),
        ("Ferritin", "11", "L", "ng/mL", "15-150"),
        ("Iron, serum", "38", "L", "ug/dL", "50-170"),
        ("Transferrin saturation", "9", "L", "%", "20-50"),
    ]),
    ("2026-11-10", "BW-26-1110-0805", &[
        ("White blood cells", "6.0", "", "x10^9/L", "4.0-11.0"),
        ("Hemoglobin", "12.1", "", "g/dL", "12.0-15.5"),
        ("MCV", "81", "", "fL", "80-100"),
        ("Platelets", "279", "", "x10^9/L", "150-400"),
        ("Ferritin", "24", "", "ng/mL", "15-150"),
    ]),
    ("2026-11-10", "BW-26-1110-0806", &[
        ("25-hydroxy vitamin D", "31", "", "ng/mL", "30-100"),
        ("Vitamin B12", "410", "", "pg/mL", "200-900"),
    ]),
    ("2026-11-24", "HW-26-1124-0930", &[
        ("hCG, urine", "Negative", "", "", "Negative"),
        ("Chlamydia trachomatis NAAT", "Not detected", "", "", "Not detected"),
        ("Neisseria gonorrhoeae NAAT", "Not detected", "", "", "Not detected"),
    ]),
];

/// The 46 documents, oldest first.
pub fn documents() -> Vec<RecordDocument> {
    let mut all = Vec::new();
    for (n, (date, clinic, clinician, visit, body)) in CONSULTATIONS.iter().enumerate() {
        let text = format!("{clinic}\n{SYNTHETIC}\n{PATIENT_LINE}\nDate of visit: {date}\nClinician: {clinician}\nVisit type: {visit}\n\n{body}\n\nSigned electronically: {clinician}, {date}\n");
        all.push(RecordDocument { file_name: format!("consultation-{date}-{n:02}.txt"), document_type: "consultation_note", document_date: date, text });
    }
    for (n, (date, department, exam, radiologist, body)) in IMAGING.iter().enumerate() {
        let text = format!("{department}\n{SYNTHETIC}\n{PATIENT_LINE}\nExam date: {date}\nExam: {exam}\nReferring clinician: Dr. Ilse Varnado, MD\nRadiologist: {radiologist}\n\n{body}\n\nElectronically signed: {radiologist}, {date}\n");
        all.push(RecordDocument { file_name: format!("imaging-{date}-{n:02}.txt"), document_type: "imaging_report", document_date: date, text });
    }
    for (n, (date, accession, rows)) in LABS.iter().enumerate() {
        let mut text = format!(
            "BRIGHTWATER CLINICAL LABORATORIES - Laboratory report\n{SYNTHETIC}\n{PATIENT_LINE}\nOrdering clinician: Dr. Ilse Varnado, MD\nAccession: {accession}\nCollected: {date} 08:00    Reported: {date} 16:30\n\
             {:<34} {:>14} {:<4} {:<14} {}\n",
            "TEST", "RESULT", "FLAG", "UNITS", "REFERENCE RANGE"
        );
        for (test, result, flag, units, range) in rows.iter() {
            text.push_str(&format!("{test:<34} {result:>14} {flag:<4} {units:<14} {range}\n"));
        }
        text.push_str("H = above the reference range, L = below it.\nEnd of report.\n");
        all.push(RecordDocument { file_name: format!("lab-{date}-{n:02}.txt"), document_type: "lab_report", document_date: date, text });
    }
    all.sort_by(|a, b| a.document_date.cmp(b.document_date).then_with(|| a.file_name.cmp(&b.file_name)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_six_dated_documents_of_three_kinds() {
        let docs = documents();
        assert_eq!(docs.len(), 46);
        assert!(docs.iter().all(|d| d.document_date <= "2026-11-30" && d.text.len() > 300), "dates within the record, texts of a real length");
        let names: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.file_name.as_str()).collect();
        assert_eq!(names.len(), 46, "file names are unique");
    }
}
