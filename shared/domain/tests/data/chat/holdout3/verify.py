#!/usr/bin/env python3
"""Sanity checks for the holdout3 chat evaluation set (run from any directory).

1. questions.tsv: 216 lines, 4 tab-separated fields, labels answerable/unanswerable,
   expected '-' for unanswerable, no duplicate questions, 14+13 per patient.
2. Every answerable `expected` occurs (case-insensitive, whitespace squashed) in at
   least one record file of that patient.
3. For every unanswerable question, the key terms listed in ABSENT (regexes) do not
   occur in that patient's records.
4. Each record file has 12-40 lines; each patient has 5-6 files.
Pass -v to print the record lines that contain each answerable expected string.
"""
import re, sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VERBOSE = "-v" in sys.argv

def squash(s):
    return re.sub(r"\s+", " ", s).strip().lower()

# key terms (regex, case-insensitive) that must be absent from the patient's records
ABSENT = {
 "what did my cardiac MRI show?": [r"\bMRI\b", r"magnetic"],
 "what was the result of my coronary angiogram?": [r"angiogra", r"coronar"],
 "what dose of spironolactone am i taking?": [r"spironolactone", r"eplerenone", r"\bMRA\b"],
 "when did i have my flu jab?": [r"\bflu\b", r"influenza", r"vaccin", r"immunis"],
 "what was my nt-probnp in june 2024?": [r"/06/2024", r"june 2024"],
 "what was my ejection fraction on the echo in 2025?": [r"2025"],
 "what did the heart scan show about my liver?": [r"liver", r"hepat"],
 "how does furosemide work?": [r"loop of henle", r"works by"],
 "what is a normal ejection fraction?": [r"normal (range|lvef|ejection)", r"(ef|ejection)[^\n]*[>≥] ?5\d ?%"],
 "what was my wife's blood pressure?": [r"\bwife\b"],
 "what was my son's echo result?": [r"\bson\b"],
 "what was my heart rate on the 24 hour holter monitor?": [r"holter", r"24[- ]?h(ou)?r?\b"],
 "what dose of digoxin was i put on?": [r"digoxin"],

 "what was my c-peptide level?": [r"c-?peptide"],
 "what did my kidney ultrasound show?": [r"ultrasound", r"kidney"],
 "what dose of metformin am i on?": [r"metformin"],
 "when did i have my covid booster?": [r"covid", r"booster", r"vaccin"],
 "what was my hba1c in september 2023?": [r"/09/2023", r"september 2023"],
 "what was my eye pressure at the eye screening?": [r"intraocular", r"\bIOP\b", r"eye pressure"],
 "what did my foot x-ray show?": [r"x-?ray"],
 "how does an insulin pump work?": [r"pump works"],
 "what is a normal blood ketone level?": [r"ketones?[^\n]*mmol", r"normal[^\n]*ketone"],
 "what was my sister's hba1c?": [r"sister"],
 "what type of diabetes does my mum have?": [r"\bmum\b", r"mother"],
 "what dose of tresiba am i on?": [r"tresiba", r"degludec"],
 "what was my thyroid antibody result?": [r"antibod", r"\bTPO\b", r"peroxidase"],

 "what did my bone scan show?": [r"bone scan", r"scintigra"],
 "what was my psma pet scan result?": [r"PSMA", r"\bPET\b"],
 "what dose of bicalutamide am i on?": [r"bicalutamide"],
 "what was my testosterone level?": [r"testosterone"],
 "what was my psa in may 2023?": [r"/05/2023", r"may 2023"],
 "what did the mri show about my kidneys?": [r"kidney", r"renal"],
 "what gleason score did my 2024 biopsy show?": [r"\d\d/\d\d/2024[^\n]*(gleason|cores)", r"biopsy \(?\d\d/\d\d/2024"],
 "what does pi-rads stand for?": [r"reporting and data"],
 "how is a robotic prostatectomy done?": [r"\bports?\b", r"incision"],
 "what was my brother's psa level?": [r"brother"],
 "did my father have prostate cancer?": [r"father", r"\bdad\b", r"family history", r"\bFH\b"],
 "what was my urine flow rate test result?": [r"flow rate", r"uroflow", r"qmax"],
 "when did i have my shingles vaccine?": [r"shingles", r"zoster", r"vaccin"],

 "what dose of ustekinumab am i on?": [r"ustekinumab", r"stelara"],
 "what dose of apremilast was i given?": [r"apremilast", r"otezla"],
 "when did i get my shingles vaccine?": [r"shingles", r"zoster", r"shingrix"],
 "what was my pasi score in march 2024?": [r"/03/2024", r"march 2024"],
 "what was my alt in december 2022?": [r"/12/2022"],
 "what did my liver biopsy show?": [r"biops"],
 "what did the x-ray of my spine show?": [r"spine", r"spinal", r"lumbar", r"sacroiliac"],
 "what was my fibroscan result?": [r"fibroscan", r"elastograph"],
 "how does methotrexate work?": [r"folate antagonist", r"works by"],
 "what causes psoriatic arthritis?": [r"caused by"],
 "what treatment did my father have for his psoriasis?": [r"father[^\n]*(treat|cream|tablet|injection|light)"],
 "what was my husband's liver test result?": [r"husband"],
 "what was my pasi score after the phototherapy in 2019?": [r"PASI[^\n]*2019", r"2019[^\n]*PASI"],

 "what did the biopsy of my liver find?": [r"biops"],
 "what dose of ribavirin was i on?": [r"ribavirin"],
 "when did i have my hepatitis a vaccine?": [r"hepatitis a\b", r"hep a\b", r"havrix"],
 "what was my viral load in june 2023?": [r"/06/2023", r"june 2023"],
 "what was my fibroscan reading in 2024?": [r"2024"],
 "what did the ultrasound show about my kidneys?": [r"kidney", r"renal"],
 "what did my endoscopy show?": [r"endoscop", r"varice", r"\bOGD\b", r"gastroscop"],
 "how does sofosbuvir kill the virus?": [r"polymerase", r"NS5"],
 "what fibroscan kpa reading is normal?": [r"normal[^\n]*kpa", r"kpa[^\n]*normal"],
 "what was my partner's hep c test result?": [r"partner"],
 "does my brother have hepatitis c?": [r"brother"],
 "what was my hcv rna at week 8 of treatment?": [r"week 8"],
 "what was my alpha-fetoprotein level in 2023?": [r"(AFP|fetoprotein)[^\n]*2023", r"2023[^\n]*(AFP|fetoprotein)"],

 "what was my eye pressure in march 2023?": [r"/03/2023", r"march 2023"],
 "what did my trabeculectomy operation note say?": [r"trabeculectomy"],
 "what dose of acetazolamide am i on?": [r"acetazolamide", r"diamox"],
 "how often do i use brimonidine drops?": [r"brimonidine"],
 "what did my brain mri show?": [r"\bMRI\b", r"brain"],
 "what did the eye doctor say about my cataracts?": [r"cataract"],
 "how do prostaglandin eye drops lower the pressure?": [r"prostaglandin", r"outflow"],
 "what is a normal eye pressure?": [r"normal[^\n]*mmhg", r"mmhg[^\n]*normal"],
 "what eye drops does my mother use?": [r"mother[^\n]*(drop|latanoprost|timolol|uses)"],
 "what was my sister's eye pressure?": [r"sister"],
 "what was my blood pressure at the eye clinic?": [r"blood pressure", r"\bBP\b"],
 "what was my visual field result in 2024?": [r"(HVF|field)[^\n]*2024", r"2024[^\n]*(HVF|field)"],
 "what was my colour vision test result?": [r"colou?r vision", r"ishihara"],

 "what dose of fluoxetine am i on?": [r"fluoxetine"],
 "what dose of propranolol was i given for panic attacks?": [r"propranolol"],
 "what was my thyroid blood test result?": [r"thyroid", r"\bTSH\b", r"blood test"],
 "what was my phq-9 score in october 2023?": [r"/10/2023", r"october 2023"],
 "what was my gad-7 score at cbt session 4?": [r"session:? 4\b"],
 "what did my brain scan show?": [r"scan"],
 "how does sertraline work?": [r"serotonin", r"\bSSRI\b"],
 "how long does cbt usually take to work?": [r"takes? \d+ weeks to work"],
 "what was my sister's phq-9 score?": [r"sister[^\n]*(PHQ|score)"],
 "does my mum have depression too?": [r"\bmum\b", r"mother"],
 "when did i have my covid vaccine?": [r"covid", r"vaccin"],
 "what was my blood pressure at the medication review?": [r"blood pressure", r"\bBP\b"],
 "what dose of mirtazapine was i prescribed?": [r"mirtazapine"],

 "what did my hip mri scan show?": [r"\bMRI\b"],
 "what steroid injection did i have in my hip?": [r"steroid", r"triamcinolone", r"methylpred"],
 "what dose of tramadol do i take?": [r"tramadol"],
 "what was my oxford hip score in september 2023?": [r"/09/2023", r"september 2023"],
 "what did the x-ray of my knee show?": [r"(x-?ray|XR)[^\n]*knee", r"knee[^\n]*(x-?ray|XR)"],
 "what was my bone density scan result?": [r"density", r"\bDEXA\b", r"\bDXA\b"],
 "how long does a hip replacement usually last?": [r"\blast(s)? \d+", r"\d+ years"],
 "how does tranexamic acid work?": [r"fibrinoly"],
 "what was my wife's oxford hip score?": [r"\bwife\b"],
 "did my brother have a hip replacement?": [r"brother"],
 "when did i have my pneumonia vaccine?": [r"pneumo", r"vaccin"],
 "what was my haemoglobin after the operation?": [r"haemoglobin", r"post[^\n]*\bHb\b", r"\bHb\b[^\n]*post"],
 "what size cup was used in my left hip replacement?": [r"left (total )?hip replacement", r"left THR"],
}

def main():
    errors = []
    lines = (ROOT / "questions.tsv").read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    per = Counter()
    seen = set()
    records = {}
    for pdir in sorted((ROOT / "patients").iterdir()):
        files = sorted(pdir.glob("*.txt"))
        if not 5 <= len(files) <= 6:
            errors.append(f"{pdir.name}: {len(files)} files")
        records[pdir.name] = {}
        for f in files:
            text = f.read_text(encoding="utf-8")
            n = len(text.splitlines())
            if not 12 <= n <= 40:
                errors.append(f"{f.name}: {n} lines")
            if not re.match(r"^20(22|23|24|25)-\d\d-\d\d-[a-z0-9-]+\.txt$", f.name):
                errors.append(f"bad file name {f.name}")
            records[pdir.name][f.name] = text
    for i, line in enumerate(lines, 1):
        parts = line.split("\t")
        if len(parts) != 4:
            errors.append(f"line {i}: {len(parts)} fields"); continue
        pid, label, expected, q = parts
        if label not in ("answerable", "unanswerable"):
            errors.append(f"line {i}: bad label {label!r}")
        if pid not in records:
            errors.append(f"line {i}: unknown patient {pid}"); continue
        if q in seen:
            errors.append(f"line {i}: duplicate question {q!r}")
        seen.add(q)
        per[(pid, label)] += 1
        if label == "answerable":
            hits = [(fn, ln) for fn, t in records[pid].items() for ln in t.splitlines()
                    if squash(expected) in squash(ln)]
            whole = any(squash(expected) in squash(t) for t in records[pid].values())
            if not whole:
                errors.append(f"line {i}: expected {expected!r} not in {pid} records")
            if VERBOSE:
                print(f"[{pid}] {q}  ->  {expected!r}")
                for fn, ln in hits[:4]:
                    print(f"     {fn}: {ln.strip()}")
        else:
            if expected != "-":
                errors.append(f"line {i}: unanswerable expected must be '-'")
            if q not in ABSENT:
                errors.append(f"line {i}: no key-term list for {q!r}"); continue
            for pat in ABSENT[q]:
                for fn, t in records[pid].items():
                    m = re.search(pat, t, re.I)
                    if m:
                        errors.append(f"line {i} [{pid}] {q!r}: key term /{pat}/ found in {fn}: {m.group(0)!r}")
    for pid in records:
        if per[(pid, "answerable")] != 14 or per[(pid, "unanswerable")] != 13:
            errors.append(f"{pid}: {per[(pid,'answerable')]} answerable, {per[(pid,'unanswerable')]} unanswerable")
    total_files = sum(len(v) for v in records.values())
    print(f"lines={len(lines)} answerable={sum(v for (p,l),v in per.items() if l=='answerable')} "
          f"unanswerable={sum(v for (p,l),v in per.items() if l=='unanswerable')} "
          f"patients={len(records)} record_files={total_files}")
    if len(lines) != 216:
        errors.append(f"expected 216 lines, got {len(lines)}")
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
