#!/usr/bin/env python3
"""Generates MediClear's health-insights demo documents (all synthetic).

Makes, for each invented demo patient PAT-101, PAT-102 and PAT-103, a folder PAT-10N/ with
  consultation-note.txt      primary-care consultation note (plain text)
  lab-report.pdf             one-page lab report with a text layer (Helvetica/Courier, WinAnsi)
  lab-report.truth.txt       exactly the text drawn into lab-report.pdf, one drawn line per line
  scanned-report.png         an image-only "scan" (8-bit grey PNG, no text layer) of a short
                             specialist letter or radiology report
  scanned-report.truth.txt   exactly the text rendered into scanned-report.png
  mammography-report.txt     screening mammography report (BI-RADS, ACR density category)
and patients.json (the three patients, their onboarding answers keyed by the question ids of
GET /patients/questionnaire, and their documents); and DOC-101/degree.pdf and DOC-101/license.pdf,
the demo oncologist's credential documents (what a reviewer opens beside the fields read).

Every patient, clinician, clinic and laboratory here is invented; any resemblance is accidental.

Run from anywhere:   python3 shared/local/demo/health/generate.py
Needs: Python 3 (standard library only) and the ImageMagick 6 CLI `convert` with the DejaVu fonts
(Debian: apt-get install imagemagick fonts-dejavu-core). Output is deterministic: fixed noise
seeds, one ImageMagick thread, no timestamps in the PDF or PNG files.
"""

import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------
# Patients
# --------------------------------------------------------------------------------------------

PATIENTS = [
    {
        "patient_id": "PAT-101",
        "given_name": "Maren",
        "family_name": "Oakhurst",
        "date_of_birth": "1979-03-14",
        "sex": "female",
        "answers": {
            "family_history_breast_cancer": "first_degree",
            "family_history_ovarian_cancer": "none",
            "family_history_early_onset": True,
            "genetic_mutation": "none_found",
            "chest_radiation_before_30": False,
            "prior_breast_cancer": False,
            "benign_breast_disease": "none",
            "age_at_first_period": 12,
            "first_live_birth": "30_or_older",
            "menopause_status": "premenopausal",
            "hormone_therapy": "never",
            "breast_density": "c_heterogeneously_dense",
            "last_mammogram": "2026-10-06",
            "last_cervical_screening": "2024-05-20",
            "last_lipid_panel": "2026-09-08",
            "last_glucose_test": "2026-09-08",
            "last_kidney_function_test": "2026-09-08",
            "last_liver_function_test": "2026-09-08",
            "last_blood_count": "2026-09-08",
            "last_thyroid_test": "2026-09-08",
            "last_vitamin_test": "2026-09-08",
            "activity_minutes_per_week": 90,
            "strength_training_days_per_week": 0,
            "fruit_vegetable_servings_per_day": 3,
            "processed_food_frequency": "weekly",
            "alcohol_drinks_per_week": 4,
            "stress_level": 3,
            "sleep_hours_per_night": 6.5,
            "last_doctor_visit": "2026-09-15",
        },
        "documents": [
            ("consultation-note.txt", "consultation_note", "2026-09-15"),
            ("lab-report.pdf", "lab_report", "2026-09-09"),
            ("scanned-report.png", "specialist_letter", "2026-10-27"),
            ("mammography-report.txt", "imaging_report", "2026-10-06"),
        ],
    },
    {
        "patient_id": "PAT-102",
        "given_name": "Gwendolyn",
        "family_name": "Tarrow",
        "date_of_birth": "1968-05-22",
        "sex": "female",
        "answers": {
            "family_history_breast_cancer": "second_degree",
            "family_history_ovarian_cancer": "none",
            "family_history_early_onset": False,
            "genetic_mutation": "not_tested",
            "chest_radiation_before_30": False,
            "prior_breast_cancer": False,
            "benign_breast_disease": "atypical_hyperplasia",
            "age_at_first_period": 13,
            "first_live_birth": "under_30",
            "menopause_status": "postmenopausal",
            "age_at_menopause": 51,
            "hormone_therapy": "current",
            "breast_density": "b_scattered",
            "last_mammogram": "2026-06-10",
            "last_cervical_screening": "2023-02-14",
            "last_colorectal_screening": "2017-04-11",
            "last_lipid_panel": "2026-06-22",
            "last_glucose_test": "2026-06-22",
            "last_kidney_function_test": "2026-06-22",
            "last_liver_function_test": "2026-06-22",
            "last_blood_count": "2026-06-22",
            "last_vitamin_test": "2026-06-22",
            "activity_minutes_per_week": 120,
            "strength_training_days_per_week": 1,
            "fruit_vegetable_servings_per_day": 2,
            "processed_food_frequency": "daily",
            "alcohol_drinks_per_week": 2,
            "sleep_hours_per_night": 6,
            "last_doctor_visit": "2026-07-01",
        },
        "documents": [
            ("consultation-note.txt", "consultation_note", "2026-07-01"),
            ("lab-report.pdf", "lab_report", "2026-06-23"),
            ("scanned-report.png", "specialist_letter", "2026-07-20"),
            ("mammography-report.txt", "imaging_report", "2026-06-10"),
        ],
    },
    {
        "patient_id": "PAT-103",
        "given_name": "Lena",
        "family_name": "Quillfeather",
        "date_of_birth": "1987-03-20",
        "sex": "female",
        "answers": {
            "family_history_breast_cancer": "none",
            "family_history_ovarian_cancer": "none",
            "family_history_early_onset": False,
            "genetic_mutation": "not_tested",
            "chest_radiation_before_30": False,
            "prior_breast_cancer": False,
            "benign_breast_disease": "none",
            "age_at_first_period": 13,
            "first_live_birth": "30_or_older",
            "menopause_status": "premenopausal",
            "hormone_therapy": "never",
            "breast_density": "b_scattered",
            "last_mammogram": "2026-09-02",
            "last_cervical_screening": "2025-01-16",
            "last_lipid_panel": "2026-07-28",
            "last_glucose_test": "2026-07-28",
            "last_kidney_function_test": "2026-07-28",
            "last_liver_function_test": "2026-07-28",
            "last_blood_count": "2026-07-28",
            "last_thyroid_test": "2026-07-28",
            "last_vitamin_test": "2026-07-28",
            "activity_minutes_per_week": 200,
            "strength_training_days_per_week": 2,
            "fruit_vegetable_servings_per_day": 5,
            "processed_food_frequency": "rarely",
            "alcohol_drinks_per_week": 2,
            "stress_level": 2,
            "relaxation_practice": "most_days",
            "sleep_hours_per_night": 7.5,
            "missed_follow_ups_last_year": 0,
            "last_doctor_visit": "2026-08-04",
        },
        "documents": [
            ("consultation-note.txt", "consultation_note", "2026-08-04"),
            ("lab-report.pdf", "lab_report", "2026-07-29"),
            ("scanned-report.png", "imaging_report", "2026-08-19"),
            ("mammography-report.txt", "imaging_report", "2026-09-02"),
        ],
    },
]

# --------------------------------------------------------------------------------------------
# Consultation notes
# --------------------------------------------------------------------------------------------

NOTES = {}

NOTES["PAT-101"] = """\
FERNHOLLOW FAMILY HEALTH CENTRE - PRIMARY CARE CONSULTATION NOTE
SYNTHETIC DEMONSTRATION RECORD: invented patient, clinicians and places.
Patient: Maren Oakhurst (PAT-101)    DOB: 1979-03-14    Age: 47    Sex: F
Date of visit: 2026-09-15
Clinician: Dr. Ilse Varnado, MD (Family Medicine)
Visit type: Annual preventive visit and breast cancer risk review

CHIEF CONCERN
Wants to talk about her breast cancer risk since her mother's diagnosis, and about being told
at her last mammogram that her breasts are dense.

HISTORY OF PRESENT ILLNESS
47-year-old woman seen for her annual review. Her mother was diagnosed with breast cancer at
age 44; no genetic testing was done in the family at the time. Her last screening mammogram
in August 2025 was negative but reported heterogeneously dense breast tissue (category C),
and the results letter advised her to discuss supplemental screening with her doctor.
She reports more tiredness over the last 3 months and heavier periods, changing protection
every 2 hours on the heaviest days. She has not noticed any breast lump, nipple discharge or
skin change on self-examination. No weight loss, night sweats or bone pain.

GYNECOLOGIC AND REPRODUCTIVE HISTORY
Menarche at age 12. G2P2: first child born when she was 31, second at 34. Breastfed each
child for about 6 months. Periods still regular, every 27 to 29 days, but heavier this year.
Used a combined oral contraceptive pill from age 19 to 29. Never used hormone therapy.
Last cervical screening (Pap and HPV co-test) on 2024-05-20: normal, HPV negative.

PAST MEDICAL HISTORY
Mild intermittent asthma since childhood, well controlled. No prior breast biopsy.
No radiation therapy to the chest. No personal history of cancer.

FAMILY HISTORY
Mother: breast cancer at 44 (left breast, lumpectomy and radiation), now 71 and well.
Maternal aunt: breast cancer diagnosed at 61.
Father: high cholesterol, heart attack at 52.
No known ovarian, pancreatic or prostate cancer in the family. No Ashkenazi Jewish ancestry.

MEDICATIONS AND ALLERGIES
Salbutamol inhaler 100 mcg, 2 puffs as needed (uses it about once a month).
Cetirizine 10 mg daily in spring. No regular supplements.
Allergy: penicillin (rash).

SOCIAL HISTORY
Never smoker. Alcohol about 4 glasses of wine per week. Works as a school librarian.
Walks about 90 minutes a week in total; no strength training. Sleeps about 6.5 hours a night.
Eats about 3 servings of fruit and vegetables a day; takeaway food a few times a week.
Rates her stress as 3 out of 5 (work and caring for her mother).

EXAMINATION
BP 128/82 mmHg, pulse 76, BMI 27.1 kg/m2. Looks well; mild conjunctival pallor.
Breasts examined sitting and lying: no palpable mass in either breast, no skin dimpling,
no nipple retraction and no discharge on expression.
No axillary or supraclavicular lymphadenopathy.
Thyroid not enlarged. Heart sounds normal, chest clear. Abdomen soft, no hepatomegaly.

RESULTS REVIEWED (bloods collected 2026-09-08)
Hemoglobin 11.2 g/dL with low ferritin (9 ng/mL): iron deficiency, likely from heavy periods.
LDL cholesterol 164 mg/dL, up from 141 mg/dL last year. Vitamin D 18 ng/mL (deficient).
Fasting glucose, HbA1c, kidney and liver tests and TSH all within normal limits.

ASSESSMENT
1. Increased breast cancer risk: first-degree relative diagnosed before 50, dense breasts.
   Lifetime risk to be calculated formally (Tyrer-Cuzick) by the genetics service.
2. Iron deficiency anemia, probably from heavy menstrual bleeding.
3. Raised LDL cholesterol with a family history of premature heart disease.
4. Vitamin D deficiency.

PLAN
- Screening mammogram with tomosynthesis ordered; she is due now (last one August 2025).
- Referral to Harrowgate Cancer Genetics Service for risk assessment and panel testing.
- Ferrous sulfate 200 mg on alternate days; repeat CBC and ferritin in 8 weeks.
- Pelvic ultrasound ordered to look for a cause of the heavy periods.
- Vitamin D3 (cholecalciferol) 2000 IU daily; recheck vitamin D level in 3 months.
- Diet and exercise advice for cholesterol; repeat lipid panel in 6 months, then discuss a statin.
- Colorectal cancer screening: FIT stool test kit given today (first screen).
Follow up in 8 weeks, or sooner if she notices any new breast symptoms.

Signed electronically: Dr. Ilse Varnado, MD, 2026-09-15
"""

NOTES["PAT-102"] = """\
MILLBROOK CROSSING MEDICAL GROUP - INTERNAL MEDICINE CONSULTATION NOTE
SYNTHETIC DEMONSTRATION RECORD: invented patient, clinicians and places.
Patient: Gwendolyn Tarrow (PAT-102)    DOB: 1968-05-22    Age: 58    Sex: F
Date of visit: 2026-07-01
Clinician: Dr. Osric Pellham, DO (Internal Medicine)
Visit type: Annual review - menopause hormone therapy, prediabetes, breast history

HISTORY OF PRESENT ILLNESS
58-year-old postmenopausal woman here for her yearly review and to go over recent results.
Last menstrual period at age 51. Severe hot flashes and night sweats led her to start
menopausal hormone therapy in March 2023: oral estradiol 1 mg daily with micronized
progesterone 100 mg at bedtime. Hot flashes are now well controlled; she would like to
continue. No vaginal bleeding since menopause. No breast pain, lump or nipple discharge.
Her fasting glucose has been creeping up; she admits to a sweet soda most days and
little time for cooking. No increased thirst, urinary frequency or blurred vision.

BREAST HISTORY
In November 2021 a stereotactic core biopsy of left breast calcifications showed atypical
ductal hyperplasia (ADH). Surgical excision in January 2022 confirmed ADH with no cancer.
Screening mammogram on 2026-06-10 was benign (BI-RADS 2), scattered fibroglandular density.

OTHER HISTORY
Hypertension since 2019. Menarche at 13. G2P2, first child born at age 26.
Never had chest radiation. No personal history of cancer. Never had genetic testing.
Last colonoscopy 2017-04-11, normal (next due 2027). Last Pap and HPV co-test 2023-02-14,
normal.

FAMILY HISTORY
Paternal grandmother: breast cancer at about 70. Mother: type 2 diabetes.
Father: hypertension, stroke at 76. No ovarian cancer in the family.

MEDICATIONS
Estradiol 1 mg tablet once daily.
Micronized progesterone 100 mg capsule at bedtime.
Amlodipine 5 mg once daily.
Allergies: no known drug allergies.

SOCIAL HISTORY
Former smoker, quit in 2001 (10 pack-years). Alcohol about 2 drinks a week.
Office manager. Walks her dog about 120 minutes a week; strength class once a week.
Two servings of fruit and vegetables a day; sugary drinks daily. Sleeps about 6 hours.

EXAMINATION
BP 134/84 mmHg, pulse 72, weight 84 kg, BMI 31.2 kg/m2, waist 98 cm.
Breasts: well-healed scar in the left upper outer quadrant, no palpable mass,
no skin change and no nipple discharge. No axillary lymphadenopathy.
Abdomen soft, non-tender, liver edge not palpable. No acanthosis nigricans.
Feet: normal sensation and pulses.

RESULTS REVIEWED (labs collected 2026-06-22)
Fasting glucose 112 mg/dL and HbA1c 6.1%, up from 5.9% in June 2025: prediabetes range.
Triglycerides 198 mg/dL, HDL 46 mg/dL, LDL 128 mg/dL. ALT mildly raised at 41 U/L.
Kidney function, blood count and vitamin D normal.

ASSESSMENT
1. Prediabetes, worsening (HbA1c 6.1%), with central obesity.
2. Atypical ductal hyperplasia of the left breast (2022): increased breast cancer risk,
   now combined with current estrogen plus progestin therapy.
3. Menopausal vasomotor symptoms, controlled on hormone therapy (3 years 4 months so far).
4. Mixed dyslipidemia; 10-year ASCVD risk estimated at 7.9%.
5. Mildly raised ALT, probably fatty liver.
6. Hypertension, controlled.

PLAN
- Referral to the Saltmarsh Breast Care Clinic high-risk program to review hormone therapy
  and discuss risk-reducing medication. Continue hormone therapy until that visit.
- Enrol in the diabetes prevention program; goal 5-7% weight loss and 150 min/week activity.
- Repeat HbA1c in 6 months (due January 2027); metformin to be considered if it rises.
- Liver ultrasound ordered for the raised ALT; repeat liver tests in 3 months.
- Discussed starting a moderate-intensity statin; she prefers to try lifestyle change first.
- Next screening mammogram due June 2027. Colonoscopy due April 2027.

Signed electronically: Dr. Osric Pellham, DO, 2026-07-01
"""

NOTES["PAT-103"] = """\
COPPERFIELD LANE PRIMARY CARE - CONSULTATION NOTE
SYNTHETIC DEMONSTRATION RECORD: invented patient, clinicians and places.
Patient: Lena Quillfeather (PAT-103)    DOB: 1987-03-20    Age: 39    Sex: F
Date of visit: 2026-08-04
Clinician: Dr. Mateus Ortlieb, MD (Family Medicine)
Visit type: Follow-up of abnormal thyroid blood test; preventive care

HISTORY OF PRESENT ILLNESS
39-year-old woman, generally healthy, seen to discuss the thyroid result from her routine
blood tests on 2026-07-28. She has felt a little more tired since spring and feels the cold
more than her partner, with about 2 kg weight gain over the year. No palpitations, no neck
pain, no trouble swallowing and no hoarse voice. Periods regular every 28 days.
She is not planning a pregnancy at present.
She also asked about starting breast screening: she turns 40 next March and would like a
baseline mammogram now. After discussing benefits and harms she chose to go ahead.

PAST MEDICAL HISTORY
No chronic illnesses. Appendectomy age 15. No previous thyroid problems.
No breast lumps or breast biopsies in the past. No radiation therapy to the head, neck or chest.

GYNECOLOGIC HISTORY
Menarche at 13. G1P1, daughter born when she was 33. Copper IUD since 2021 (no hormones).
Last cervical screening (HPV test) 2025-01-16: negative.

FAMILY HISTORY
Mother: Hashimoto thyroiditis, on levothyroxine. Maternal grandmother: type 2 diabetes.
No family history of breast or ovarian cancer. Father and brother well.

MEDICATIONS
No regular prescription medicines. Multivitamin once daily.
Allergies: none known.

SOCIAL HISTORY
Never smoker. Alcohol about 2 drinks a week. Works as a landscape architect.
Runs or cycles about 200 minutes a week and does strength training twice a week.
Five servings of fruit and vegetables most days; rarely eats processed food.
Practices yoga most days; rates her stress 2 out of 5. Sleeps about 7.5 hours.
She has not missed any recommended appointments this year.

EXAMINATION
BP 112/70 mmHg, pulse 64, BMI 22.4 kg/m2.
Neck: thyroid diffusely and mildly enlarged, firm, non-tender; no discrete nodule palpable.
No cervical lymphadenopathy. Skin and hair normal. Reflexes normal, no tremor.
Breasts: no palpable mass, no skin or nipple changes, no axillary lymphadenopathy.
Heart and lungs normal.

RESULTS REVIEWED (2026-07-28)
TSH 7.4 mIU/L (high) with a normal free T4 of 1.0 ng/dL; TPO antibodies positive (312 IU/mL).
Vitamin D 27 ng/mL (insufficient). Lipids, glucose, blood count, kidney and liver normal.

ASSESSMENT
1. Subclinical hypothyroidism due to autoimmune (Hashimoto) thyroiditis, mild diffuse goiter.
2. Vitamin D insufficiency.
3. Average breast cancer risk; no family history, no prior biopsy, no chest radiation.
4. Healthy adult; preventive care up to date.

PLAN
- Thyroid ultrasound ordered because of the goiter on examination.
- Repeat TSH and free T4 in 8 to 12 weeks; no levothyroxine for now.
- Start levothyroxine if TSH rises above 10, symptoms worsen, or she plans a pregnancy.
- Vitamin D3 1000 IU daily.
- Baseline screening mammogram ordered (patient choice); then every 1 to 2 years from 40.
- Next cervical screening due January 2030.
Review after the ultrasound and repeat thyroid tests.

Signed electronically: Dr. Mateus Ortlieb, MD, 2026-08-04
"""

# --------------------------------------------------------------------------------------------
# Mammography reports
# --------------------------------------------------------------------------------------------

MAMMOGRAMS = {}

MAMMOGRAMS["PAT-101"] = """\
FERNHOLLOW BREAST IMAGING CENTER - MAMMOGRAPHY REPORT
SYNTHETIC DEMONSTRATION REPORT: invented patient, radiologist and facility.
Patient: Maren Oakhurst (PAT-101)    DOB: 1979-03-14    Age: 47
Exam date: 2026-10-06
Exam: Bilateral screening mammogram with digital breast tomosynthesis (3D)
Referring clinician: Dr. Ilse Varnado, MD
Radiologist: Dr. Teodor Blaise, MD

CLINICAL INDICATION
Annual screening. Mother with breast cancer at age 44. No current breast symptoms.

COMPARISON
Screening mammograms of 2025-08-12 and 2024-07-30.

TECHNIQUE
Standard craniocaudal (CC) and mediolateral oblique (MLO) views of both breasts with
tomosynthesis.

BREAST COMPOSITION
The breasts are heterogeneously dense, which may obscure small masses (ACR category C).

FINDINGS
Left breast: new 9 mm focal asymmetry in the upper outer quadrant, about 6 cm from the
nipple, seen on both CC and MLO views and not present on the 2025 study. No associated
calcifications or architectural distortion.
Right breast: no suspicious mass, calcifications or architectural distortion.
No skin thickening or nipple retraction on either side. No suspicious axillary lymph nodes.

IMPRESSION
New focal asymmetry in the upper outer left breast that needs further evaluation.

BI-RADS ASSESSMENT: Category 0 - Incomplete. Needs additional imaging evaluation.

RECOMMENDATION
Diagnostic left mammogram with spot compression views and targeted left breast ultrasound.
The patient will be contacted to schedule this recall appointment within 2 weeks.
Given the dense tissue and family history, consider supplemental screening with breast MRI
once her lifetime risk has been calculated.

BREAST DENSITY NOTICE
Your mammogram shows that your breast tissue is dense. Dense breast tissue is common and is
not abnormal, but it can make it harder to find cancer on a mammogram and may raise the risk
of breast cancer. Talk with your doctor about whether other screening tests are right for you.

Electronically signed: Dr. Teodor Blaise, MD, 2026-10-06 16:20
"""

MAMMOGRAMS["PAT-102"] = """\
SALTMARSH REGIONAL IMAGING - MAMMOGRAPHY REPORT
SYNTHETIC DEMONSTRATION REPORT: invented patient, radiologist and facility.
Patient: Gwendolyn Tarrow (PAT-102)    DOB: 1968-05-22    Age: 58
Exam date: 2026-06-10
Exam: Bilateral screening mammogram with digital breast tomosynthesis (3D)
Referring clinician: Dr. Osric Pellham, DO
Radiologist: Dr. Corentin Abelard, MD

CLINICAL INDICATION
Annual screening. History of left breast excision for atypical ductal hyperplasia (2022).
Currently taking menopausal hormone therapy. No breast symptoms.

COMPARISON
Mammograms of 2025-06-04, 2024-05-29 and the post-excision study of 2022-06-15.

BREAST COMPOSITION
There are scattered areas of fibroglandular density (ACR category B).

FINDINGS
Left breast: post-surgical architectural distortion with a scar marker in the upper outer
quadrant at the excision site, unchanged since 2022 and consistent with scarring.
A few scattered round and punctate calcifications in both breasts, stable over 3 years.
Vascular calcifications in both breasts.
No suspicious mass, no new calcifications and no new architectural distortion.
The skin and nipples are normal. No suspicious axillary lymph nodes.

IMPRESSION
Benign findings: stable post-surgical changes in the left breast and benign calcifications.
No mammographic evidence of malignancy.

BI-RADS ASSESSMENT: Category 2 - Benign finding(s).

RECOMMENDATION
Routine annual screening mammogram in 12 months (June 2027).
Risk assessment and management per her breast specialist because of her history of atypia.

Electronically signed: Dr. Corentin Abelard, MD, 2026-06-10 11:45
"""

MAMMOGRAMS["PAT-103"] = """\
KESTREL POINT RADIOLOGY - MAMMOGRAPHY REPORT
SYNTHETIC DEMONSTRATION REPORT: invented patient, radiologist and facility.
Patient: Lena Quillfeather (PAT-103)    DOB: 1987-03-20    Age: 39
Exam date: 2026-09-02
Exam: Bilateral baseline screening mammogram with digital breast tomosynthesis (3D)
Referring clinician: Dr. Mateus Ortlieb, MD
Radiologist: Dr. Yara Lindqvist-Moor, MD

CLINICAL INDICATION
Baseline screening at patient request. Average risk: no family history of breast cancer,
no prior breast biopsy. No breast symptoms.

COMPARISON
None. This is her first mammogram.

BREAST COMPOSITION
There are scattered areas of fibroglandular density (ACR category B).

FINDINGS
Both breasts: no mass, no suspicious calcifications and no architectural distortion.
No asymmetry. The skin and nipples are normal. No enlarged axillary lymph nodes.

IMPRESSION
Normal baseline mammogram. No evidence of malignancy in either breast.

BI-RADS ASSESSMENT: Category 1 - Negative.

RECOMMENDATION
Routine screening mammogram in 1 to 2 years (next due by September 2027 to 2028), as
agreed with her doctor. A normal mammogram does not rule out cancer; report any new lump.

Electronically signed: Dr. Yara Lindqvist-Moor, MD, 2026-09-02 10:05
"""

# --------------------------------------------------------------------------------------------
# Lab reports (drawn into a PDF; one drawn line = one line of lab-report.truth.txt)
# --------------------------------------------------------------------------------------------

COLS = "{:<30}{:>8}  {:<6}{:<14}{:<16}{:>10}"


def row(name, result, flag, units, ref, prev=""):
    return COLS.format(name, result, flag, units, ref, prev).rstrip()


LABS = {}

LABS["PAT-101"] = {
    "lab": "BRIGHTWATER CLINICAL LABORATORIES",
    "address": "220 Quarry Bend Road, Fernhollow - Laboratory report",
    "header": [
        "Patient: Maren Oakhurst      Patient ID: PAT-101      DOB: 1979-03-14      Sex: F",
        "Ordering clinician: Dr. Ilse Varnado, MD - Fernhollow Family Health Centre",
        "Accession: BW-26-0908-1147      Specimens: serum, EDTA whole blood      Fasting: yes (12 h)",
        "Collected: 2026-09-08 07:40    Received: 2026-09-08 09:15    Reported: 2026-09-09 14:02",
    ],
    "prev": "2025-08-12",
    "sections": [
        ("LIPID PANEL", [
            row("Total cholesterol", "246", "H", "mg/dL", "<200", "221"),
            row("LDL cholesterol (calculated)", "164", "H", "mg/dL", "<100", "141"),
            row("HDL cholesterol", "54", "", "mg/dL", ">50", "56"),
            row("Triglycerides", "140", "", "mg/dL", "<150", "118"),
            row("Non-HDL cholesterol", "192", "H", "mg/dL", "<130", "165"),
        ]),
        ("GLUCOSE METABOLISM", [
            row("Glucose, fasting", "92", "", "mg/dL", "70-99", "90"),
            row("Hemoglobin A1c", "5.3", "", "%", "4.0-5.6", "5.2"),
        ]),
        ("KIDNEY FUNCTION AND ELECTROLYTES", [
            row("Creatinine", "0.74", "", "mg/dL", "0.50-1.10", "0.78"),
            row("eGFR (CKD-EPI 2021)", "99", "", "mL/min/1.73m2", ">60", "97"),
            row("Urea nitrogen (BUN)", "13", "", "mg/dL", "7-20"),
            row("Sodium", "139", "", "mmol/L", "135-145"),
            row("Potassium", "4.2", "", "mmol/L", "3.5-5.1"),
        ]),
        ("LIVER FUNCTION", [
            row("ALT", "19", "", "U/L", "7-35"),
            row("AST", "21", "", "U/L", "10-35"),
            row("Alkaline phosphatase", "64", "", "U/L", "40-120"),
            row("Bilirubin, total", "0.5", "", "mg/dL", "0.2-1.2"),
            row("Albumin", "4.3", "", "g/dL", "3.5-5.0"),
        ]),
        ("COMPLETE BLOOD COUNT AND IRON", [
            row("White blood cells", "6.1", "", "x10^9/L", "4.0-11.0", "5.8"),
            row("Hemoglobin", "11.2", "L", "g/dL", "12.0-15.5", "12.6"),
            row("Hematocrit", "34.8", "L", "%", "36.0-46.0", "38.1"),
            row("MCV", "76", "L", "fL", "80-100", "82"),
            row("Platelets", "312", "", "x10^9/L", "150-400", "287"),
            row("Ferritin", "9", "L", "ng/mL", "15-150"),
        ]),
        ("THYROID", [
            row("TSH", "1.8", "", "mIU/L", "0.4-4.0", "2.1"),
        ]),
        ("VITAMINS", [
            row("25-hydroxy vitamin D", "18", "L", "ng/mL", "30-100", "24"),
            row("Vitamin B12", "410", "", "pg/mL", "200-900"),
        ]),
    ],
    "comments": [
        "Comment: LDL cholesterol has risen from 141 to 164 mg/dL since the previous panel (2025-08-12).",
        "Comment: Low hemoglobin, low MCV and low ferritin are consistent with iron deficiency.",
        "Vitamin D: below 20 deficient, 20-29 insufficient, 30-100 sufficient.",
    ],
    "signed": "Verified by: R. Okonkwo-Hale, MLS(ASCP)      Laboratory director: Dr. Signe Farrowby, MD",
}

LABS["PAT-102"] = {
    "lab": "NORTHVALE DIAGNOSTICS",
    "address": "9 Tidewater Plaza, Millbrook Crossing - Laboratory report",
    "header": [
        "Patient: Gwendolyn Tarrow      Patient ID: PAT-102      DOB: 1968-05-22      Sex: F",
        "Ordering clinician: Dr. Osric Pellham, DO - Millbrook Crossing Medical Group",
        "Accession: NVD-2606-22-0385      Specimens: serum, EDTA whole blood, urine      Fasting: yes",
        "Collected: 2026-06-22 08:05    Received: 2026-06-22 10:30    Reported: 2026-06-23 09:12",
    ],
    "prev": "2025-06-16",
    "sections": [
        ("GLUCOSE METABOLISM", [
            row("Glucose, fasting", "112", "H", "mg/dL", "70-99", "104"),
            row("Hemoglobin A1c", "6.1", "H", "%", "4.0-5.6", "5.9"),
        ]),
        ("LIPID PANEL", [
            row("Total cholesterol", "214", "H", "mg/dL", "<200", "205"),
            row("LDL cholesterol (calculated)", "128", "H", "mg/dL", "<100", "122"),
            row("HDL cholesterol", "46", "L", "mg/dL", ">50", "49"),
            row("Triglycerides", "198", "H", "mg/dL", "<150", "171"),
        ]),
        ("KIDNEY FUNCTION", [
            row("Creatinine", "0.88", "", "mg/dL", "0.50-1.10", "0.85"),
            row("eGFR (CKD-EPI 2021)", "75", "", "mL/min/1.73m2", ">60", "78"),
            row("Urine albumin/creatinine", "12", "", "mg/g", "<30"),
            row("Potassium", "4.4", "", "mmol/L", "3.5-5.1"),
        ]),
        ("LIVER FUNCTION", [
            row("ALT", "41", "H", "U/L", "7-35", "33"),
            row("AST", "30", "", "U/L", "10-35", "27"),
            row("GGT", "44", "H", "U/L", "5-36"),
            row("Alkaline phosphatase", "88", "", "U/L", "40-120"),
            row("Bilirubin, total", "0.6", "", "mg/dL", "0.2-1.2"),
        ]),
        ("COMPLETE BLOOD COUNT", [
            row("White blood cells", "7.2", "", "x10^9/L", "4.0-11.0"),
            row("Hemoglobin", "13.6", "", "g/dL", "12.0-15.5"),
            row("Platelets", "265", "", "x10^9/L", "150-400"),
        ]),
        ("VITAMINS", [
            row("25-hydroxy vitamin D", "31", "", "ng/mL", "30-100", "22"),
        ]),
    ],
    "comments": [
        "Comment: HbA1c 5.7-6.4% and fasting glucose 100-125 mg/dL indicate prediabetes (ADA criteria).",
        "Comment: Hemolysis index normal. Specimen integrity acceptable.",
    ],
    "signed": "Verified by: T. Abernathy-Voss, MLS(ASCP)      Laboratory director: Dr. Kaspar Ellingwood, MD",
}

LABS["PAT-103"] = {
    "lab": "KESTREL POINT LABORATORY SERVICES",
    "address": "41 Heronsgate Way, Kestrel Point - Laboratory report",
    "header": [
        "Patient: Lena Quillfeather      Patient ID: PAT-103      DOB: 1987-03-20      Sex: F",
        "Ordering clinician: Dr. Mateus Ortlieb, MD - Copperfield Lane Primary Care",
        "Accession: KPL-0728-4419      Specimens: serum, EDTA whole blood      Fasting: yes (10 h)",
        "Collected: 2026-07-28 07:55    Received: 2026-07-28 09:40    Reported: 2026-07-29 16:30",
    ],
    "prev": "2024-06-11",
    "sections": [
        ("THYROID", [
            row("TSH", "7.4", "H", "mIU/L", "0.4-4.0", "3.2"),
            row("Free T4", "1.0", "", "ng/dL", "0.8-1.8"),
            row("Thyroid peroxidase antibodies", "312", "H", "IU/mL", "<35"),
        ]),
        ("LIPID PANEL", [
            row("Total cholesterol", "182", "", "mg/dL", "<200", "176"),
            row("LDL cholesterol (calculated)", "96", "", "mg/dL", "<100", "94"),
            row("HDL cholesterol", "68", "", "mg/dL", ">50", "66"),
            row("Triglycerides", "88", "", "mg/dL", "<150", "80"),
        ]),
        ("GLUCOSE METABOLISM", [
            row("Glucose, fasting", "84", "", "mg/dL", "70-99", "86"),
            row("Hemoglobin A1c", "5.0", "", "%", "4.0-5.6"),
        ]),
        ("KIDNEY AND LIVER", [
            row("Creatinine", "0.69", "", "mg/dL", "0.50-1.10", "0.71"),
            row("eGFR (CKD-EPI 2021)", "114", "", "mL/min/1.73m2", ">60"),
            row("ALT", "16", "", "U/L", "7-35"),
            row("AST", "19", "", "U/L", "10-35"),
            row("Albumin", "4.6", "", "g/dL", "3.5-5.0"),
        ]),
        ("COMPLETE BLOOD COUNT", [
            row("White blood cells", "5.4", "", "x10^9/L", "4.0-11.0"),
            row("Hemoglobin", "13.1", "", "g/dL", "12.0-15.5", "13.4"),
            row("Platelets", "241", "", "x10^9/L", "150-400"),
            row("Ferritin", "38", "", "ng/mL", "15-150"),
        ]),
        ("VITAMINS", [
            row("25-hydroxy vitamin D", "27", "L", "ng/mL", "30-100"),
            row("Vitamin B12", "520", "", "pg/mL", "200-900"),
        ]),
    ],
    "comments": [
        "Comment: Raised TSH with normal free T4 suggests subclinical hypothyroidism. Positive TPO",
        "antibodies indicate autoimmune (Hashimoto) thyroiditis. Suggest repeat TSH in 6-12 weeks.",
    ],
    "signed": "Verified by: M. Delacroix-Wynn, MLS(ASCP)      Laboratory director: Dr. Anselm Brightwell, MD",
}


def lab_lines(lab):
    """The lab report as drawn lines: (font, size, indent, text). None = blank space."""
    L = [("F2", 14, 0, lab["lab"]),
         ("F1", 9, 0, lab["address"]),
         ("F1", 9, 0, "SYNTHETIC DEMONSTRATION REPORT - invented patient, clinicians and laboratory"),
         None]
    L += [("F1", 9, 0, h) for h in lab["header"]]
    L.append(None)
    L.append(("F4", 8.5, 0, COLS.format("TEST", "RESULT", "FLAG", "UNITS", "REFERENCE", "PREVIOUS").rstrip()))
    L.append(("F4", 8.5, 0, COLS.format("", "", "", "", "RANGE", lab["prev"]).rstrip()))
    for title, rows in lab["sections"]:
        L.append(None)
        L.append(("F2", 9, 0, title))
        L += [("F3", 8.5, 0, r) for r in rows]
    L.append(None)
    L.append(("F1", 8.5, 0, "Flags: H = above reference range, L = below reference range. Previous = result of " + lab["prev"] + "."))
    L += [("F1", 8.5, 0, c) for c in lab["comments"]]
    L.append(None)
    L.append(("F1", 8.5, 0, lab["signed"]))
    L.append(("F1", 8, 0, "Page 1 of 1 - End of report"))
    return L


def pdf_string(text):
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b")")


def write_pdf(path, lines, title):
    """A one-page US Letter PDF, text drawn line by line; pure ASCII bytes, uncompressed."""
    leading = {14: 18, 9: 12, 8.5: 11, 8: 11}
    y = 792 - 56
    ops = []
    for item in lines:
        if item is None:
            y -= 6
            continue
        font, size, indent, text = item
        y -= leading[size]
        ops.append(b"BT /%s %s Tf 1 0 0 1 %d %d Tm %s Tj ET" % (font.encode(), str(size).encode(), 54 + indent, y, pdf_string(text)))
    assert y > 40, "lab report does not fit one page"
    content = b"\n".join(ops) + b"\n"
    fonts = {"F1": "Helvetica", "F2": "Helvetica-Bold", "F3": "Courier", "F4": "Courier-Bold"}
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << "
        + b" ".join(b"/%s %d 0 R" % (k.encode(), 5 + i) for i, k in enumerate(fonts)) + b" >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    for name in fonts.values():
        objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % name.encode())
    objs.append(b"<< /Title " + pdf_string(title) + b" /Producer (MediClear demo generate.py) >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    with open(path, "wb") as f:
        f.write(out)


# --------------------------------------------------------------------------------------------
# Scanned documents (rendered to an image only; one rendered line = one truth line)
# --------------------------------------------------------------------------------------------

# (style, text): style "H" = bold heading, "B" = body, "" = blank line (not in the truth text).
SCANS = {}

SCANS["PAT-101"] = {
    "seed": 101, "angle": 1.6,
    "lines": [
        ("H", "HARROWGATE CANCER GENETICS SERVICE"),
        ("B", "Synthetic demonstration letter - invented patient and clinicians"),
        ("", ""),
        ("B", "Date: 2026-10-27"),
        ("B", "To: Dr. Ilse Varnado, Fernhollow Family Health Centre"),
        ("B", "Re: Maren Oakhurst, DOB 1979-03-14, ID PAT-101"),
        ("", ""),
        ("B", "Dear Dr. Varnado,"),
        ("B", "I saw Ms Oakhurst on 2026-10-20 for a cancer risk assessment. Her"),
        ("B", "mother had breast cancer at 44 and a maternal aunt at 61. There is"),
        ("B", "no ovarian cancer in the family."),
        ("B", "A 20-gene hereditary cancer panel, including BRCA1, BRCA2, PALB2,"),
        ("B", "TP53, CHEK2 and ATM, found no pathogenic variant. One variant of"),
        ("B", "uncertain significance in CHEK2 was reported; it does not change"),
        ("B", "her care and should not be used for decisions."),
        ("B", "Her Tyrer-Cuzick (IBIS v8) lifetime breast cancer risk is 23.4%,"),
        ("B", "which places her in the high-risk group (20% or more)."),
        ("B", "Recommendations:"),
        ("B", "1. Annual breast MRI in addition to yearly mammography."),
        ("B", "2. Risk-reducing tamoxifen was discussed; she prefers to wait."),
        ("B", "3. Relatives do not need genetic testing as no variant was found."),
        ("B", "Her diagnostic left breast imaging is booked for 2026-10-29."),
        ("", ""),
        ("B", "Yours sincerely,"),
        ("B", "Wren Castellane, MS, CGC, Genetic Counselor"),
    ],
}

SCANS["PAT-102"] = {
    "seed": 102, "angle": -1.3,
    "lines": [
        ("H", "SALTMARSH BREAST CARE CLINIC - HIGH RISK PROGRAM"),
        ("B", "Synthetic demonstration letter - invented patient and clinicians"),
        ("", ""),
        ("B", "Date: 2026-07-20"),
        ("B", "To: Dr. Osric Pellham, Millbrook Crossing Medical Group"),
        ("B", "Re: Gwendolyn Tarrow, DOB 1968-05-22, ID PAT-102"),
        ("", ""),
        ("B", "Dear Dr. Pellham,"),
        ("B", "Thank you for referring Mrs Tarrow, whom I saw today. Her 2022"),
        ("B", "left breast excision showed atypical ductal hyperplasia only, with"),
        ("B", "no in situ or invasive carcinoma in the specimen."),
        ("B", "Her Tyrer-Cuzick 10-year risk is 5.8% and lifetime risk 19%."),
        ("B", "Estrogen plus progestin therapy adds modestly to this risk. She"),
        ("B", "prefers to continue hormone therapy for now, so we agreed to lower"),
        ("B", "estradiol to 0.5 mg daily and review again in 6 months."),
        ("B", "I offered anastrozole 1 mg daily for 5 years to lower her risk;"),
        ("B", "she will decide at the next visit. Baseline DEXA scan requested."),
        ("B", "Breast MRI is not routinely advised for her; keep annual mammograms."),
        ("B", "Clinical breast exam today: no mass, no skin change, scar healed."),
        ("B", "Next review in this clinic in January 2027."),
        ("", ""),
        ("B", "Yours sincerely,"),
        ("B", "Dr. Henrietta Alvane, MD, FACS, Breast Surgeon"),
    ],
}

SCANS["PAT-103"] = {
    "seed": 103, "angle": 2.1,
    "lines": [
        ("H", "KESTREL POINT RADIOLOGY"),
        ("B", "Synthetic demonstration report - invented patient and radiologist"),
        ("H", "ULTRASOUND OF THE THYROID AND NECK"),
        ("B", "Patient: Lena Quillfeather   DOB: 1987-03-20   ID: PAT-103"),
        ("B", "Exam date: 2026-08-19   Referred by: Dr. Mateus Ortlieb"),
        ("B", "Indication: Raised TSH, positive TPO antibodies, diffuse goiter."),
        ("", ""),
        ("B", "Findings:"),
        ("B", "Right lobe 5.4 x 1.9 x 1.8 cm. Left lobe 5.1 x 1.7 x 1.6 cm."),
        ("B", "Isthmus 4 mm. The gland is mildly enlarged, with a diffusely"),
        ("B", "heterogeneous, hypoechoic echotexture and increased blood flow,"),
        ("B", "typical of chronic lymphocytic (Hashimoto) thyroiditis."),
        ("B", "Right lobe: one 6 mm spongiform nodule, TI-RADS 1 (benign)."),
        ("B", "Left lobe: no discrete nodule. No calcifications."),
        ("B", "No suspicious cervical lymph nodes on either side of the neck."),
        ("", ""),
        ("B", "Impression:"),
        ("B", "1. Findings consistent with Hashimoto thyroiditis."),
        ("B", "2. Single 6 mm benign-appearing right thyroid nodule; no biopsy"),
        ("B", "and no follow-up ultrasound are needed for this nodule."),
        ("", ""),
        ("B", "Reported by: Dr. Yara Lindqvist-Moor, MD, 2026-08-19"),
    ],
}

DPI = 170
FONTS = {"H": "DejaVu-Serif-Bold", "B": "DejaVu-Serif"}


def render_scan(path, scan):
    """Draws the lines on an off-white page with ImageMagick at 170 dpi, then blurs, adds seeded
    Gaussian noise, rotates (a skewed scan) and stores 16 grey levels in an 8-bit greyscale PNG."""
    width = int(8.5 * DPI)
    line_px = int(11 * DPI / 72 * 1.55)
    margin = int(0.9 * DPI)
    height = margin * 2 + line_px * len(scan["lines"])
    args = ["convert", "-limit", "thread", "1", "-seed", str(scan["seed"]), "-size", f"{width}x{height}",
            "xc:#fbfbf8", "-density", str(DPI), "-fill", "#1c1c1c"]
    y = margin
    for style, text in scan["lines"]:
        y += line_px
        if not text:
            continue
        args += ["-font", FONTS[style], "-pointsize", "12" if style == "H" else "11",
                 "-annotate", f"+{margin}+{y}", text.replace("%", "%%")]
    args += ["-blur", "0x0.8", "-attenuate", "0.6", "+noise", "Gaussian",
             "-background", "#fbfbf8", "-rotate", str(scan["angle"]),
             "-colorspace", "Gray", "-level", "6%,96%", "-posterize", "16", "-depth", "8", "-strip",
             "-units", "PixelsPerInch", "-density", str(DPI),
             "-define", "png:exclude-chunks=date,time", "-define", "png:compression-level=9",
             "-define", "png:bit-depth=8", "-define", "png:color-type=0",
             "PNG:" + path]
    subprocess.run(args, check=True, env=dict(os.environ, MAGICK_THREAD_LIMIT="1"))


# --------------------------------------------------------------------------------------------


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# The demo oncologist's credentials, as the seeded doctor record reads them.
CREDENTIALS = {
    "degree.pdf": ("Diploma DOC-101 (synthetic)", [
        ("F2", 14, 0, "University of Michigan Medical School"),
        None,
        ("F1", 9, 0, "The Regents of the University of Michigan have conferred upon"),
        ("F2", 14, 0, "Lena Marsh"),
        ("F1", 9, 0, "the degree of"),
        ("F2", 14, 0, "Doctor of Medicine"),
        ("F1", 9, 0, "with all the rights and privileges thereto pertaining."),
        None,
        ("F1", 9, 0, "Awarded at Ann Arbor, Michigan, May 2012."),
        ("F1", 8, 0, "Synthetic demo document: the person and the diploma are invented."),
    ]),
    "license.pdf": ("Medical licence DOC-101 (synthetic)", [
        ("F2", 14, 0, "State of Michigan - Board of Medicine"),
        ("F1", 9, 0, "License to practise medicine and surgery"),
        None,
        ("F1", 9, 0, "Licensee: Lena Marsh, MD"),
        ("F1", 9, 0, "License Number: 4301-118842"),
        ("F1", 9, 0, "Issue Date: 2012-07-01"),
        ("F1", 9, 0, "Status: Active"),
        None,
        ("F1", 8, 0, "Synthetic demo document: the person and the licence are invented."),
    ]),
}


def credentials():
    folder = os.path.join(HERE, "DOC-101")
    os.makedirs(folder, exist_ok=True)
    for name, (title, lines) in CREDENTIALS.items():
        write_pdf(os.path.join(folder, name), lines, title)


def main():
    credentials()
    for p in PATIENTS:
        pid = p["patient_id"]
        folder = os.path.join(HERE, pid)
        os.makedirs(folder, exist_ok=True)
        write_text(os.path.join(folder, "consultation-note.txt"), NOTES[pid])
        write_text(os.path.join(folder, "mammography-report.txt"), MAMMOGRAMS[pid])
        lines = lab_lines(LABS[pid])
        write_pdf(os.path.join(folder, "lab-report.pdf"), lines, f"Laboratory report {pid} (synthetic)")
        write_text(os.path.join(folder, "lab-report.truth.txt"), "".join(l[3] + "\n" for l in lines if l))
        scan = SCANS[pid]
        render_scan(os.path.join(folder, "scanned-report.png"), scan)
        write_text(os.path.join(folder, "scanned-report.truth.txt"), "".join(t + "\n" for s, t in scan["lines"] if t))
    out = []
    for p in PATIENTS:
        entry = {k: p[k] for k in ("patient_id", "given_name", "family_name", "date_of_birth", "sex", "answers")}
        entry["documents"] = [{"file": f"{p['patient_id']}/{f}", "document_type": t, "document_date": d} for f, t, d in p["documents"]]
        out.append(entry)
    write_text(os.path.join(HERE, "patients.json"), json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
