#!/usr/bin/env python3
"""Consistency checks for the holdout4 chat evaluation set.

Usage: python3 verify.py [-v]

Checks:
  * questions.tsv: 216 lines, 4 tab-separated fields, no header
  * label is answerable/unanswerable; expected is "-" for every unanswerable
  * 14 answerable + 13 unanswerable per patient (hw01..hw08)
  * no duplicate questions (case/whitespace-insensitive)
  * each answerable expected string (case-insensitive, whitespace squashed)
    occurs in at least one of that patient's record files
  * each unanswerable question has a list of key-term regexes (KEYTERMS below),
    none of which matches any of that patient's record files
  * 5-6 record files per patient, named YYYY-MM-DD-<title>.txt, dated
    2022-2024, each 12-40 lines
-v prints the record lines holding each expected string.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PATIENTS = ["hw%02d" % i for i in range(1, 9)]
N_ANS, N_UNANS = 14, 13

# Key-term regexes (case-insensitive) for every unanswerable question.
# None of them may occur anywhere in that patient's records.
KEYTERMS = {
    # hw01 endometriosis
    ("hw01", "what did my colonoscopy show"): [r"colonoscop", r"sigmoidoscop"],
    ("hw01", "what was my amh level for egg reserve"): [r"\bAMH\b", r"anti-?m[uü]llerian", r"ovarian reserve"],
    ("hw01", "what dose of zoladex injections was i on"): [r"zoladex", r"goserelin", r"GnRH", r"injection"],
    ("hw01", "what was my ca125 in december 2022"): [r"/12/2022", r"Dec(ember)?\.? 2022", r"2022-12"],
    ("hw01", "what pain score did i give at my 2024 review"): [r"2024"],
    ("hw01", "did the endometriosis mri say anything about my kidneys"): [r"kidney", r"renal", r"hydronephros"],
    ("hw01", "is endometriosis passed down in families"): [r"heredit", r"genetic", r"famil(y|ies)", r"runs in", r"inherit"],
    ("hw01", "did my mum ever have endometriosis too"): [r"\bmum\b", r"\bmother", r"maternal", r"famil(y|ies)"],
    ("hw01", "what time of day was my laparoscopy done"): [r"\b\d{1,2}:\d{2}\b", r"\b\d{1,2}\s?(am|pm)\b", r"morning", r"afternoon", r"o'clock"],
    ("hw01", "how much did my mirena coil cost"): [r"cost", r"£", r"\$", r"price", r"\bcharge"],
    ("hw01", "what stage was my endometriosis at the second laparoscopy"): [r"second laparoscopy", r"repeat laparoscopy", r"re-?look", r"previous laparoscopy"],
    ("hw01", "how big was the endometrioma on my ct scan"): [r"\bCT\b", r"computed tomograph"],
    ("hw01", "how does dienogest actually work in the body"): [r"mechanism", r"works by", r"progestogen", r"progestin", r"suppress"],
    # hw02 kidney stones
    ("hw02", "what did the mri of my kidneys show"): [r"\bMRI\b", r"magnetic resonance"],
    ("hw02", "what was my parathyroid hormone level"): [r"\bPTH\b", r"parathyroid"],
    ("hw02", "how long was i on allopurinol"): [r"allopurinol", r"febuxostat"],
    ("hw02", "which antibiotic did they give me before the ureteroscopy"): [r"antibiotic", r"cefazolin", r"ceftriaxone", r"ciprofloxacin", r"gentamicin", r"ampicillin", r"prophyla"],
    ("hw02", "what was my creatinine in 2024"): [r"2024"],
    ("hw02", "what did the kub x ray show in december 2022"): [r"\b12/\d\d/2022", r"Dec(ember)?\.? 2022", r"(?<![/\d])12/2022"],
    ("hw02", "did they find anything wrong with my prostate"): [r"prostat", r"\bPSA\b"],
    ("hw02", "what foods are high in oxalate"): [r"spinach", r"\bnuts\b", r"chocolate", r"\btea\b", r"rhubarb", r"beets?\b", r"high[- ]oxalate food"],
    ("hw02", "my brother had a stone too, what was his made of"): [r"brother", r"sibling", r"famil(y|ies)"],
    ("hw02", "did my dad have kidney stones"): [r"\bdad\b", r"father", r"famil(y|ies)", r"\bFHx\b"],
    ("hw02", "how much did the ureteroscopy cost me"): [r"cost", r"\$", r"\bcharge", r"\bbill", r"copay", r"insurance"],
    ("hw02", "what was the name of the nurse who helped take my stent out"): [r"\bnurse\b", r"\bRN\b", r"\bLPN\b", r"\bMA\b"],
    ("hw02", "what size was the stent they put in my left ureter"): [r"left ureter", r"\bL ureter", r"left ureteral stent", r"\bL ureteral", r"bilateral stent"],
    # hw03 TIA
    ("hw03", "what did my echocardiogram show"): [r"echocardiogra", r"\bTTE\b", r"\bTOE\b", r"\bTEE\b", r"bubble"],
    ("hw03", "what dose of apixaban am i on"): [r"apixaban", r"rivaroxaban", r"edoxaban", r"dabigatran", r"warfarin", r"anticoag", r"\bDOAC\b"],
    ("hw03", "when did i start ezetimibe"): [r"ezetimibe", r"inclisiran"],
    ("hw03", "what was my blood pressure in november 2023"): [r"/11/2023", r"Nov(ember)?\.? 2023", r"2023-11"],
    ("hw03", "what did my carotid scan in 2022 show"): [r"2022"],
    ("hw03", "what did the doppler show in my leg veins"): [r"\blegs?\b", r"femoral", r"popliteal", r"\bDVT\b", r"lower limb", r"venous"],
    ("hw03", "whats the difference between a tia and a stroke"): [r"difference", r"whereas", r"defin(ed|ition)", r"transient ischaemic attack is"],
    ("hw03", "what was my wifes blood pressure reading"): [r"\bwife", r"spouse", r"partner", r"husband"],
    ("hw03", "did my father have a stroke"): [r"father", r"\bdad\b", r"famil(y|ies)", r"\bFHx\b", r"\bFH\b"],
    ("hw03", "what time did my tia symptoms start"): [r"\b\d{1,2}:\d{2}\b", r"\b\d{1,2}\s?(am|pm)\b", r"o'clock", r"morning", r"afternoon", r"evening"],
    ("hw03", "what did the u&e blood test 2 weeks after my ramipril increase show"): [r"\b(2\d|3[01])/05/2023", r"/06/2023", r"June 2023"],
    ("hw03", "what percentage narrowing was in my vertebral arteries"): [r"vertebral[^\n]*(stenosis|%)"],
    ("hw03", "what did my loop recorder show"): [r"loop recorder", r"implantable", r"\bILR\b", r"7[- ]day (holter|monitor|ECG|tape)"],
    # hw04 Hodgkin lymphoma survivorship
    ("hw04", "what did my bone marrow biopsy show"): [r"marrow biopsy", r"marrow aspirat", r"trephine"],
    ("hw04", "what was the result of my cardiac mri"): [r"cardiac MRI", r"\bCMR\b", r"cardiac magnetic", r"MRI heart"],
    ("hw04", "how many doses of brentuximab did i get"): [r"brentuximab", r"adcetris", r"\bBV\b"],
    ("hw04", "when did i get my shingles vaccine"): [r"shingles", r"zoster", r"shingrix"],
    ("hw04", "what was my tsh in december 2023"): [r"\b12/\d\d/2023", r"Dec(ember)?\.? 2023", r"(?<![/\d])12/2023"],
    ("hw04", "what was my blood pressure in june 2023"): [r"\b0?6/\d\d/2023", r"June 2023", r"(?<![/\d])06/2023"],
    ("hw04", "what did the ultrasound of my thyroid show"): [r"ultrasound", r"sonogra", r"\bUS\b"],
    ("hw04", "what is the survival rate for hodgkin lymphoma"): [r"survival rate", r"\d+-year survival", r"cure rate", r"prognos"],
    ("hw04", "did my sister get tested for lymphoma"): [r"sister", r"sibling", r"famil(y|ies)"],
    ("hw04", "what was my moms thyroid level"): [r"\bmoms?\b", r"\bmother", r"famil(y|ies)", r"\bFHx\b"],
    ("hw04", "how many eggs did they freeze for me"): [r"\d+\s+(mature\s+)?(oocytes|eggs)", r"\beggs\b", r"oocytes (retrieved|frozen|vitrified)"],
    ("hw04", "on what date did i get my pneumococcal vaccine"): [r"pneumococcal[^\n]*\d{1,2}/\d{1,2}/\d{4}", r"\bPCV\d*", r"\bPPSV", r"prevnar", r"pneumovax"],
    ("hw04", "what was the deauville score on my 2024 pet scan"): [r"PET[^\n]*2024", r"2024[^\n]*PET", r"Deauville[^\n]*2024"],
    # hw05 bariatric surgery
    ("hw05", "what did my dexa bone scan show"): [r"DEXA", r"\bDXA\b", r"bone density", r"osteopor", r"T-score"],
    ("hw05", "what did the barium swallow xray show after my surgery"): [r"barium", r"contrast swallow", r"gastrograf", r"swallow study", r"x-?ray"],
    ("hw05", "what dose of ozempic was i on"): [r"ozempic", r"semaglutide", r"wegovy", r"liraglutide", r"tirzepatide", r"\bGLP"],
    ("hw05", "when did i have my iron infusion"): [r"infusion", r"ferinject", r"monofer", r"intravenous iron", r"\bIV iron", r"carboxymaltose"],
    ("hw05", "what was my weight in march 2024"): [r"/03/2024", r"March 2024", r"(?<![/\d])03/2024"],
    ("hw05", "what was my hba1c in january 2023"): [r"/01/2023", r"Jan(uary)?\.? 2023", r"(?<![/\d])01/2023"],
    ("hw05", "what did the ultrasound of my gallbladder show"): [r"gall", r"cholecyst", r"ultrasound"],
    ("hw05", "how does a gastric sleeve actually make you lose weight"): [r"ghrelin", r"hormone", r"restrict", r"mechanism", r"works by"],
    ("hw05", "my husband wants a sleeve too, what is his bmi"): [r"husband", r"spouse", r"partner"],
    ("hw05", "did my daughters b12 come back low too"): [r"daughter", r"\bchild", r"\bson\b", r"famil(y|ies)"],
    ("hw05", "how much did my sleeve surgery cost"): [r"cost", r"£", r"price", r"\bfee", r"private", r"self-?fund"],
    ("hw05", "what time did i go down to theatre for my sleeve"): [r"\b\d{1,2}:\d{2}\b", r"\b\d{1,2}\s?(am|pm)\b", r"morning", r"afternoon", r"o'clock"],
    ("hw05", "what was my vitamin a level on the bariatric bloods"): [r"vitamin A\b", r"retinol"],
    # hw06 adult ADHD
    ("hw06", "what did my sleep study show"): [r"sleep study", r"polysomnog", r"apn(o)?ea"],
    ("hw06", "what did my urine drug screen show"): [r"urine drug", r"\bUDS\b", r"drug screen", r"tox(icology)? screen"],
    ("hw06", "what dose of strattera was i on"): [r"strattera", r"atomoxetine"],
    ("hw06", "when did i try adderall"): [r"adderall", r"amphetamine salts", r"mixed amphetamine", r"dextroamphetamine"],
    ("hw06", "what was my bp in february 2023"): [r"\b0?2/\d\d/2023", r"Feb(ruary)?\.? 2023", r"(?<![/\d])02/2023"],
    ("hw06", "what was my heart rate in july 2023"): [r"\b0?7/\d\d/2023", r"July 2023", r"(?<![/\d])07/2023"],
    ("hw06", "what did the echo of my heart show"): [r"echo", r"cardiac ultrasound"],
    ("hw06", "how does vyvanse work in the brain"): [r"dopamine", r"norepinephrine", r"noradrenaline", r"prodrug", r"mechanism"],
    ("hw06", "did my son get diagnosed with adhd too"): [r"\bson\b", r"\bchild(ren)?\b", r"daughter", r"\bkids?\b"],
    ("hw06", "what dose of adhd meds is my brother on"): [r"brother", r"sibling"],
    ("hw06", "how much does my vyvanse cost with insurance"): [r"cost", r"\$", r"copay", r"price", r"coupon", r"insurance"],
    ("hw06", "which pharmacy fills my vyvanse"): [r"pharmacy", r"\bCVS\b", r"walgreens", r"rite aid", r"walmart"],
    ("hw06", "what was my asrs score when i was on concerta 54 mg"): [r"54 mg[^\n]*ASRS", r"ASRS[^\n]*54", r"Concerta 54 mg"],
    # hw07 isotretinoin
    ("hw07", "what did my skin biopsy show"): [r"biops"],
    ("hw07", "what were my thyroid results"): [r"thyroid", r"\bTSH\b", r"\bT4\b"],
    ("hw07", "how long was i on spironolactone"): [r"spironolactone"],
    ("hw07", "what dose of doxycycline was i on"): [r"doxycycline"],
    ("hw07", "what were my lipids in december 2023"): [r"/12/2023", r"Dec(ember)?\.? 2023", r"(?<![/\d])12/2023"],
    ("hw07", "what was my weight in 2024"): [r"2024"],
    ("hw07", "what did the opticians eye pressure test show"): [r"optician", r"optometr", r"eye pressure", r"intraocular", r"ophthalm"],
    ("hw07", "how does isotretinoin actually stop acne"): [r"sebaceous", r"sebum", r"mechanism", r"oil gland", r"works by"],
    ("hw07", "my boyfriend is on roaccutane too, what were his liver tests"): [r"boyfriend", r"partner", r"husband"],
    ("hw07", "did my sister need isotretinoin for her acne as well"): [r"sister", r"sibling"],
    ("hw07", "what brand of isotretinoin capsules was i given"): [r"roaccutane", r"accutane", r"rizuderm", r"reticutan", r"brand", r"manufacturer"],
    ("hw07", "how much did my prescriptions cost"): [r"cost", r"£", r"prescription charge", r"prepayment", r"exempt"],
    ("hw07", "what was the result of my pregnancy test one month after stopping"): [r"18/10/2023[^\n]{0,40}(neg|pos)", r"(neg|pos)\w*[^\n]{0,40}18/10/2023", r"/11/2023"],
    # hw08 ACL reconstruction
    ("hw08", "what did my ct scan of the knee show"): [r"\bCT\b", r"computed tomograph"],
    ("hw08", "what was my kt-1000 measurement"): [r"KT-?1000", r"KT-?2000", r"arthrometer"],
    ("hw08", "how many prp injections did i have"): [r"\bPRP\b", r"platelet[- ]rich", r"injection"],
    ("hw08", "what dose of oxycodone did i get after surgery"): [r"oxycodone", r"hydrocodone", r"percocet", r"norco", r"opioid", r"tramadol"],
    ("hw08", "what was my knee range of motion in october 2023"): [r"\b10/\d\d/2023", r"Oct(ober)?\.? 2023", r"(?<![/\d])10/2023"],
    ("hw08", "what were my hop test results at the 10 month retest"): [r"\b0?3/\d\d/2024", r"March 2024", r"10 months[^\n]*LSI"],
    ("hw08", "what did the mri of my left knee show"): [r"MRI[^\n]*left knee", r"MRI LEFT", r"\bL knee MRI", r"MRI[^\n]*\bL knee"],
    ("hw08", "what did the x-ray of my ankle show"): [r"ankle"],
    ("hw08", "how long does an acl graft take to heal in most people"): [r"ligamenti[sz]ation", r"graft (healing|maturation)", r"incorporat", r"most people"],
    ("hw08", "my brother tore his acl, what graft did he get"): [r"brother", r"sibling"],
    ("hw08", "did my dad ever have knee surgery"): [r"\bdad\b", r"father", r"famil(y|ies)", r"\bFHx\b"],
    ("hw08", "how much did my acl surgery cost"): [r"cost", r"\$", r"insurance", r"copay", r"\bbill"],
    ("hw08", "what brand of screws did they use in my knee"): [r"arthrex", r"smith\s*&?\s*nephew", r"stryker", r"conmed", r"depuy", r"\bbrand", r"manufacturer"],
}

FILE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9][a-z0-9-]*\.txt$")


def squash(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def main():
    verbose = "-v" in sys.argv[1:]
    errors = []

    def err(msg):
        errors.append(msg)

    # ---- record files ----
    records = {}  # pid -> list of (filename, text)
    for pid in PATIENTS:
        pdir = os.path.join(HERE, "patients", pid)
        if not os.path.isdir(pdir):
            err("missing patient directory %s" % pid)
            records[pid] = []
            continue
        files = sorted(os.listdir(pdir))
        if not 5 <= len(files) <= 6:
            err("%s: %d files (need 5-6)" % (pid, len(files)))
        records[pid] = []
        for fn in files:
            m = FILE_RE.match(fn)
            if not m:
                err("%s/%s: bad file name" % (pid, fn))
            elif not 2022 <= int(m.group(1)) <= 2024:
                err("%s/%s: date outside 2022-2024" % (pid, fn))
            with open(os.path.join(pdir, fn), encoding="utf-8") as f:
                text = f.read()
            n = len(text.splitlines())
            if not 12 <= n <= 40:
                err("%s/%s: %d lines (need 12-40)" % (pid, fn, n))
            records[pid].append((fn, text))
    extra = set(os.listdir(os.path.join(HERE, "patients"))) - set(PATIENTS)
    if extra:
        err("unexpected patient directories: %s" % sorted(extra))

    # ---- questions.tsv ----
    with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != 216:
        err("questions.tsv: %d lines (need 216)" % len(lines))
    counts = {pid: {"answerable": 0, "unanswerable": 0} for pid in PATIENTS}
    seen = {}
    unans_keys = set()
    n_ans = n_unans = 0
    for i, line in enumerate(lines, 1):
        parts = line.split("\t")
        if len(parts) != 4:
            err("line %d: %d fields" % (i, len(parts)))
            continue
        pid, label, expected, question = parts
        if pid not in PATIENTS:
            err("line %d: unknown patient %r" % (i, pid))
            continue
        if label not in ("answerable", "unanswerable"):
            err("line %d: bad label %r" % (i, label))
            continue
        if not question.strip() or not expected.strip():
            err("line %d: empty field" % i)
        counts[pid][label] += 1
        key = squash(question)
        if key in seen:
            err("line %d: duplicate question (also line %d)" % (i, seen[key]))
        seen[key] = i
        if label == "unanswerable":
            n_unans += 1
            if expected != "-":
                err("line %d: unanswerable expected must be '-'" % i)
            terms = KEYTERMS.get((pid, question))
            if not terms:
                err("line %d: no key-term regexes for unanswerable %r" % (i, question))
                continue
            unans_keys.add((pid, question))
            for rx in terms:
                cre = re.compile(rx, re.I)
                for fn, text in records[pid]:
                    m = cre.search(text)
                    if m:
                        err("line %d: key term /%s/ found in %s/%s: %r" % (i, rx, pid, fn, m.group(0)))
        else:
            n_ans += 1
            if expected == "-":
                err("line %d: answerable expected is '-'" % i)
                continue
            nwords = len(expected.split())
            if not 1 <= nwords <= 4:
                err("line %d: expected %r has %d words (need 1-4)" % (i, expected, nwords))
            sq = squash(expected)
            hits = []
            for fn, text in records[pid]:
                for ln in text.splitlines():
                    if sq in squash(ln):
                        hits.append((fn, ln.strip()))
                if not any(h[0] == fn for h in hits) and sq in squash(text):
                    hits.append((fn, "(spans lines)"))
            if not hits:
                err("line %d: expected %r not found in %s records" % (i, expected, pid))
            if verbose:
                print("%s | %s | %s" % (pid, question, expected))
                for fn, ln in hits:
                    print("    %s: %s" % (fn, ln))
    for pid in PATIENTS:
        c = counts[pid]
        if c["answerable"] != N_ANS or c["unanswerable"] != N_UNANS:
            err("%s: %d answerable / %d unanswerable (need %d/%d)"
                % (pid, c["answerable"], c["unanswerable"], N_ANS, N_UNANS))
    stale = set(KEYTERMS) - unans_keys
    for k in sorted(stale):
        err("KEYTERMS entry with no matching unanswerable question: %r" % (k,))

    nfiles = sum(len(v) for v in records.values())
    print("patients: %d, record files: %d, questions: %d (answerable %d, unanswerable %d)"
          % (len(PATIENTS), nfiles, len(lines), n_ans, n_unans))
    if errors:
        for e in errors:
            print("FAIL:", e)
        print("verify.py: %d problem(s)" % len(errors))
        return 1
    print("verify.py: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
