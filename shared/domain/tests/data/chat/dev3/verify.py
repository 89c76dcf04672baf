#!/usr/bin/env python3
"""Consistency checks for the dev3 patient-records chat evaluation set.

Usage: python3 verify.py [-v]
  -v  also print the record line(s) holding each answerable question's expected string,
      and the per-patient mix of unanswerable kinds.
Exit status 0 when every check passes, 1 otherwise. Standard library only.
"""
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
PATIENTS = ["dw%02d" % i for i in range(1, 9)]
N_ANSWERABLE, N_UNANSWERABLE, N_FILES = 14, 13, 6
MIN_LINES, MAX_LINES = 14, 40
FILE_RE = re.compile(r"^(20(?:22|23|24))-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])-[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")

# Kinds of unanswerable question.
KINDS = {
    "test_not_done": "test or procedure never done",
    "med_not_given": "medicine or vaccine never given",
    "no_value_for_date": "value for a date/period with no record (measured at other times)",
    "other_site": "other body part / organ / other eye or side",
    "general_knowledge": "general medical knowledge, nothing of the patient in it",
    "other_person": "another person (spouse, parent, sibling, child)",
    "detail_not_stated": "detail the records never state",
}

# For every unanswerable question: (kind, hard_negative, KEYTERMS).
# KEYTERMS are regexes (case-insensitive, multiline); none may occur in that patient's files.
T, M, D, O, G, P, X = ("test_not_done", "med_not_given", "no_value_for_date", "other_site",
                       "general_knowledge", "other_person", "detail_not_stated")
TIME = [r"\d{1,2}:\d{2}", r"\d\s?(am|pm)\b"]
UNANSWERABLE = {
    # dw01 - STEMI / primary PCI (US)
    ("dw01", "did i ever have a treadmill stress test"): (T, False, [r"stress test", r"treadmill", r"exercise (ECG|test|tolerance)"]),
    ("dw01", "what did my cardiac mri show"): (T, False, [r"\bMRI\b", r"magnetic resonance", r"\bCMR\b"]),
    ("dw01", "was i put on plavix after the stent"): (M, True, [r"plavix", r"clopidogrel"]),
    ("dw01", "did they give me the shingles shot"): (M, False, [r"shingl", r"zoster"]),
    ("dw01", "what was my troponin level in may 2023"): (D, True, [r"\b0?5/\d{1,2}/2023", r"may 2023"]),
    ("dw01", "what was my ldl cholestrol back in 2022"): (D, True, [r"2022"]),
    ("dw01", "what did they find in my carotid arteries"): (O, False, [r"carotid"]),
    ("dw01", "is a heart attack the same thing as a cardiac arrest"): (G, False, [r"cardiac arrest"]),
    ("dw01", "can heart attacks run in families"): (G, False, [r"genetic", r"hereditar", r"inherit", r"family history"]),
    ("dw01", "what was my wife's cholesterol result"): (P, False, [r"\bwife", r"spouse"]),
    ("dw01", "did my brother get the same kind of stent as me"): (P, False, [r"brother", r"sibling"]),
    ("dw01", "how much does brilinta cost per month"): (X, False, [r"\$", r"\bcost", r"copay", r"price"]),
    ("dw01", "whats the phone number for the cardiac rehab place"): (X, True, [r"phone", r"\(\d{3}\)", r"\d{3}-\d{3}-\d{4}", r"\btel\b"]),
    # dw02 - PE / DVT on anticoagulation (UK)
    ("dw02", "did they do an echo of my heart after the clots"): (T, True, [r"\becho\b", r"echocardio"]),
    ("dw02", "was i tested for inherited clotting problems like factor v leiden"): (T, False, [r"thrombophilia", r"factor V\b", r"leiden", r"antiphospholipid"]),
    ("dw02", "was i ever on warfarin"): (M, False, [r"warfarin", r"\bINR\b"]),
    ("dw02", "did i have to do heparin injections in my tummy"): (M, True, [r"heparin", r"LMWH", r"enoxaparin", r"dalteparin", r"tinzaparin", r"clexane", r"fragmin"]),
    ("dw02", "what was my haemoglobin in june 2023"): (D, True, [r"/0?6/2023", r"june 2023"]),
    ("dw02", "what was my kidney function in december 2022"): (D, False, [r"/12/2022", r"december 2022"]),
    ("dw02", "what did the ultrasound of my right leg show"): (O, True, [r"right (leg|calf|lower limb)", r"\bR (leg|calf)"]),
    ("dw02", "how long do blood clots take to dissolve usually"): (G, False, [r"dissolv"]),
    ("dw02", "did my mum have blood clots too"): (P, False, [r"mother", r"\bmum\b", r"\bmom\b", r"family history"]),
    ("dw02", "what blood thinner is my dad on"): (P, False, [r"father", r"\bdad\b"]),
    ("dw02", "where was the long haul flight to"): (X, False, [r"flight (to|from)", r"destination"]),
    ("dw02", "what time of day was my ct scan done"): (X, False, TIME),
    ("dw02", "how much radiation did the ctpa give me"): (X, False, [r"mSv", r"\bDLP\b", r"mGy", r"radiation"]),
    # dw03 - colorectal cancer (UK)
    ("dw03", "did i have a pet scan"): (T, False, [r"\bPET\b", r"positron"]),
    ("dw03", "what did the mri of my pelvis show"): (T, True, [r"\bMRI\b", r"magnetic resonance"]),
    ("dw03", "did i have radiotherapy as well as the chemo"): (M, True, [r"radiotherap", r"radiation"]),
    ("dw03", "was i given folfox through a drip"): (M, True, [r"FOLFOX", r"5-FU", r"fluorouracil"]),
    ("dw03", "what was my cea in march 2023"): (D, True, [r"/0?3/2023", r"march 2023"]),
    ("dw03", "what were my bloods like in april 2023"): (D, False, [r"/0?4/2023", r"april 2023"]),
    ("dw03", "did they check my prostate"): (O, False, [r"prostate", r"\bPSA\b"]),
    ("dw03", "what is the survival rate for bowel cancer"): (G, False, [r"surviv", r"prognos"]),
    ("dw03", "can eating red meat give you bowel cancer"): (G, False, [r"red meat", r"processed meat"]),
    ("dw03", "what did my son's colonoscopy show"): (P, False, [r"\bson\b", r"daughter", r"children"]),
    ("dw03", "what was my wife's fit test result"): (P, False, [r"\bwife", r"partner", r"spouse"]),
    ("dw03", "what's the phone number for my cancer nurse"): (X, False, [r"phone", r"\b0\d{3,4} ?\d{3} ?\d{3,4}"]),
    ("dw03", "how long did my bowel operation take"): (X, False, [r"operat\w* time", r"duration", r"theatre time", r"\d+ ?(hours?|hrs?)\b"]),
    # dw04 - bipolar disorder on lithium (US)
    ("dw04", "did i have a kidney ultrasound"): (T, True, [r"ultrasound", r"sonogra"]),
    ("dw04", "what did my brain scan show"): (T, False, [r"\bMRI\b", r"brain", r"\bCT\b", r"\bEEG\b"]),
    ("dw04", "was i ever on depakote"): (M, False, [r"depakote", r"valpro"]),
    ("dw04", "did they try me on lamotrigine"): (M, False, [r"lamotrigine", r"lamictal"]),
    ("dw04", "what was my lithium level in march 2023"): (D, True, [r"\b0?3/\d{1,2}/2023", r"march 2023"]),
    ("dw04", "what was my tsh in august 2022"): (D, True, [r"\b0?8/\d{1,2}/2022", r"august 2022"]),
    ("dw04", "how are my liver tests"): (O, False, [r"\bALT\b", r"\bAST\b", r"liver", r"\bLFT", r"bilirubin"]),
    ("dw04", "can lithium make your hair fall out"): (G, False, [r"hair", r"alopecia"]),
    ("dw04", "what dose of lithium is my mom on"): (P, False, [r"mother", r"\bmom\b", r"\bmum\b"]),
    ("dw04", "does my daughter have bipolar too"): (P, False, [r"daughter", r"\bchild", r"\bson\b", r"\bkids?\b"]),
    ("dw04", "what's the number for the crisis line they gave me"): (X, False, [r"\d{3}-\d{3}-\d{4}", r"\(\d{3}\)", r"\b988\b"]),
    ("dw04", "what brand name lithium was i prescribed"): (X, True, [r"lithobid", r"eskalith", r"brand"]),
    ("dw04", "how long did i wait in the ER in march 2022"): (X, False, [r"\bwait", r"length of stay"]),
    # dw05 - PCOS and fertility treatment (US)
    ("dw05", "did they do an hsg to check my tubes"): (T, False, [r"\bHSG\b", r"hysterosalpingo", r"tubal", r"\btubes?\b", r"patency"]),
    ("dw05", "was genetic testing done on my embryos"): (T, True, [r"\bPGT", r"genetic"]),
    ("dw05", "did i ever take clomid"): (M, False, [r"clomi"]),
    ("dw05", "was i on ozempic to lose weight"): (M, False, [r"ozempic", r"semaglutide", r"\bGLP"]),
    ("dw05", "what was my testosterone in february 2023"): (D, True, [r"\b0?2/\d{1,2}/2023", r"february 2023"]),
    ("dw05", "what was my estradiol level in may 2023"): (D, False, [r"\b0?5/\d{1,2}/2023", r"may 2023"]),
    ("dw05", "what did my breast ultrasound show"): (O, False, [r"breast"]),
    ("dw05", "what are the chances of twins with ivf"): (G, False, [r"twin"]),
    ("dw05", "what causes pcos"): (G, False, [r"\bcaus"]),
    ("dw05", "what was my husband's sperm count"): (P, True, [r"husband", r"partner", r"sperm", r"semen"]),
    ("dw05", "did my sister have pcos too"): (P, False, [r"sister", r"family history"]),
    ("dw05", "how much did the ivf cycle cost"): (X, False, [r"\$", r"\bcost", r"insurance", r"price"]),
    ("dw05", "what time was my egg retrieval"): (X, False, TIME),
    # dw06 - lumbar disc herniation with sciatica (US)
    ("dw06", "did i have an emg nerve test"): (T, False, [r"\bEMG\b", r"electromyo", r"nerve conduction"]),
    ("dw06", "what did my ct myelogram show"): (T, False, [r"\bCT\b", r"myelogra"]),
    ("dw06", "was i given a prednisone dose pack"): (M, True, [r"prednis", r"medrol", r"methylpred"]),
    ("dw06", "did they prescribe me tramadol"): (M, False, [r"tramadol"]),
    ("dw06", "what was my pain score in september 2022"): (D, True, [r"\b0?9/\d{1,2}/2022", r"september 2022"]),
    ("dw06", "what's my oswestry score in 2024"): (D, True, [r"2024"]),
    ("dw06", "what did the mri of my neck show"): (O, True, [r"cervical", r"\bneck\b", r"C-spine"]),
    ("dw06", "what did they find wrong with my knee"): (O, False, [r"knee"]),
    ("dw06", "do herniated discs shrink on their own"): (G, False, [r"spontaneous", r"resorb", r"regress", r"shrink"]),
    ("dw06", "did my dad have back surgery too"): (P, False, [r"father", r"\bdad\b"]),
    ("dw06", "how much did my back surgery cost"): (X, False, [r"\$", r"\bcost", r"billing"]),
    ("dw06", "what was the name of the nurse who looked after me after surgery"): (X, False, [r"nurse", r"\bRN\b"]),
    ("dw06", "how many stitches did i get"): (X, False, [r"stitch", r"staple"]),
    # dw07 - wet AMD on anti-VEGF (UK)
    ("dw07", "have i had photodynamic laser treatment"): (T, False, [r"photodynamic", r"\bPDT\b", r"verteporfin", r"laser"]),
    ("dw07", "what did my icg angiogram show"): (T, True, [r"\bICG", r"indocyanine"]),
    ("dw07", "what was the pressure in my eye after the jab"): (T, False, [r"\bIOP\b", r"pressure", r"tonometr"]),
    ("dw07", "was i ever given lucentis"): (M, True, [r"lucentis", r"ranibizumab", r"avastin", r"bevacizumab"]),
    ("dw07", "what was my oct thickness in january 2024"): (D, True, [r"/01/2024", r"january 2024"]),
    ("dw07", "what was my eyesight in august 2022"): (D, False, [r"/08/2022", r"august 2022"]),
    ("dw07", "what's the central thickness in my left eye"): (O, True, [r"(\bLE\b|left eye)[^\n]*\d{3} ?um"]),
    ("dw07", "what did they say about the cornea in my right eye"): (O, False, [r"cornea"]),
    ("dw07", "can wet macular degeneration make you go completely blind"): (G, False, [r"blind"]),
    ("dw07", "does my daughter have amd too"): (P, False, [r"daughter", r"\bson\b", r"children", r"family history"]),
    ("dw07", "what injections is my husband having in his eye"): (P, False, [r"husband", r"spouse"]),
    ("dw07", "which brand of eye vitamins was i told to buy"): (X, False, [r"preservision", r"ocuvite", r"macushield", r"brand"]),
    ("dw07", "how long was i waiting in eye clinic last time"): (X, False, [r"\bwait", r"minutes"]),
    # dw08 - peanut / tree-nut allergy with anaphylaxis (UK)
    ("dw08", "was i tested for sesame allergy"): (T, False, [r"sesame"]),
    ("dw08", "did they do a peanut food challenge on me"): (T, True, [r"peanut (OFC|oral food challenge|challenge)"]),
    ("dw08", "what did my spirometry show"): (T, False, [r"spirometr", r"\bFEV1", r"\bFVC\b"]),
    ("dw08", "was i offered palforzia for peanut"): (M, True, [r"palforzia", r"immunotherapy", r"desensiti"]),
    ("dw08", "what was my tryptase in june 2023"): (D, True, [r"/0?6/2023", r"june 2023"]),
    ("dw08", "how are my kidney results"): (O, False, [r"creatinine", r"\beGFR", r"kidney", r"\brenal"]),
    ("dw08", "are peanuts actually a nut"): (G, False, [r"legume"]),
    ("dw08", "whats the difference between allergy and intolerance"): (G, False, [r"intoleran"]),
    ("dw08", "has my little brother got a nut allergy as well"): (P, False, [r"brother", r"sibling"]),
    ("dw08", "what restaurant was the satay from"): (X, False, [r"restaurant"]),
    ("dw08", "what was the batch number on my epipen"): (X, False, [r"batch", r"lot number", r"\blot\b"]),
    ("dw08", "what was the result of my walnut challenge"): (X, True, [r"walnut[^\n]*(NEGATIVE|POSITIVE|passed|failed|tolerated)"]),
    ("dw08", "what time did the ambulance get to me"): (X, False, TIME),
}


def squash(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def main():
    verbose = "-v" in sys.argv[1:]
    errors = []
    err = errors.append

    # ---- record files ----
    files = {}  # pid -> {name: text}
    for pid in PATIENTS:
        pdir = os.path.join(HERE, "patients", pid)
        if not os.path.isdir(pdir):
            err("missing patient folder %s" % pid)
            files[pid] = {}
            continue
        names = sorted(os.listdir(pdir))
        if len(names) != N_FILES:
            err("%s: %d files, expected %d" % (pid, len(names), N_FILES))
        files[pid] = {}
        for name in names:
            if not FILE_RE.match(name):
                err("%s: bad file name %r (want YYYY-MM-DD-title.txt, 2022-2024)" % (pid, name))
            with open(os.path.join(pdir, name), encoding="utf-8") as fh:
                text = fh.read()
            n = len(text.splitlines())
            if not MIN_LINES <= n <= MAX_LINES:
                err("%s/%s: %d lines, want %d-%d" % (pid, name, n, MIN_LINES, MAX_LINES))
            if "\t" in text:
                err("%s/%s: contains a tab" % (pid, name))
            files[pid][name] = text
    extra = sorted(set(os.listdir(os.path.join(HERE, "patients"))) - set(PATIENTS))
    if extra:
        err("unexpected entries in patients/: %s" % extra)

    # ---- questions ----
    with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != 216:
        err("questions.tsv: %d lines, expected 216" % len(lines))
    rows = []
    for i, line in enumerate(lines, 1):
        parts = line.split("\t")
        if len(parts) != 4 or any(p != p.strip() or not p for p in parts):
            err("line %d: need 4 non-empty tab-separated fields without padding: %r" % (i, line))
            continue
        rows.append((i,) + tuple(parts))

    per = Counter()
    seen = {}
    seen_unans = set()
    for i, pid, label, expected, q in rows:
        if pid not in PATIENTS:
            err("line %d: unknown patient %r" % (i, pid))
            continue
        if label not in ("answerable", "unanswerable"):
            err("line %d: bad label %r" % (i, label))
            continue
        per[(pid, label)] += 1
        key = squash(q)
        if key in seen:
            err("line %d: duplicate question (also line %d): %r" % (i, seen[key], q))
        seen[key] = i
        blob = squash("\n".join(files[pid].values()))
        if label == "answerable":
            nwords = len(expected.split())
            if not 1 <= nwords <= 4:
                err("line %d: expected %r has %d words (want 1-4)" % (i, expected, nwords))
            if expected == "-":
                err("line %d: answerable with expected '-'" % i)
            elif squash(expected) not in blob:
                err("line %d: expected %r not found in %s's files" % (i, expected, pid))
            elif verbose:
                print("%s  %-16s %s" % (pid, expected, q))
                for name, text in sorted(files[pid].items()):
                    for ln, rec in enumerate(text.splitlines(), 1):
                        if squash(expected) in squash(rec):
                            print("      %s:%d: %s" % (name, ln, rec.strip()))
            if (pid, q) in UNANSWERABLE:
                err("line %d: answerable question has UNANSWERABLE metadata" % i)
        else:
            if expected != "-":
                err("line %d: unanswerable must have expected '-', got %r" % (i, expected))
            meta = UNANSWERABLE.get((pid, q))
            if meta is None:
                err("line %d: no kind/hard/KEYTERMS metadata for unanswerable %r" % (i, q))
                continue
            seen_unans.add((pid, q))
            kind, hard, keyterms = meta
            if kind not in KINDS:
                err("line %d: unknown kind %r" % (i, kind))
            if not isinstance(hard, bool):
                err("line %d: hard-negative flag must be bool" % i)
            if not keyterms:
                err("line %d: empty KEYTERMS" % i)
            for rx in keyterms:
                pat = re.compile(rx, re.I | re.M)
                for name, text in sorted(files[pid].items()):
                    m = pat.search(text)
                    if m:
                        err("line %d: KEYTERM %r occurs in %s/%s: %r" % (i, rx, pid, name, m.group(0)))
    for pid in PATIENTS:
        if per[(pid, "answerable")] != N_ANSWERABLE or per[(pid, "unanswerable")] != N_UNANSWERABLE:
            err("%s: %d answerable / %d unanswerable, want %d / %d" % (
                pid, per[(pid, "answerable")], per[(pid, "unanswerable")], N_ANSWERABLE, N_UNANSWERABLE))
    for k in sorted(set(UNANSWERABLE) - seen_unans):
        err("metadata for a question not in questions.tsv: %r" % (k,))

    # ---- summary ----
    mix = defaultdict(Counter)
    hard = Counter()
    for (pid, q), (kind, h, _) in UNANSWERABLE.items():
        mix[kind][pid] += 1
        hard[pid] += int(h)
    if verbose:
        print("\nunanswerable kind mix (rows: kind, cols: patient)")
        print("%-20s %s  total" % ("kind", " ".join(PATIENTS)))
        for kind in KINDS:
            print("%-20s %s  %5d" % (kind, " ".join("%4d" % mix[kind][p] for p in PATIENTS), sum(mix[kind].values())))
        print("%-20s %s  %5d" % ("hard negatives", " ".join("%4d" % hard[p] for p in PATIENTS), sum(hard.values())))

    if errors:
        for e in errors:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        return 1
    print("OK: %d questions (%d answerable, %d unanswerable, %d hard negatives), %d patients, %d record files"
          % (len(rows), sum(v for (p, l), v in per.items() if l == "answerable"),
             sum(v for (p, l), v in per.items() if l == "unanswerable"), sum(hard.values()),
             len(PATIENTS), sum(len(f) for f in files.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
