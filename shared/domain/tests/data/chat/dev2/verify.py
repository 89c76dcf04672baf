#!/usr/bin/env python3
"""Consistency checks for the dev2 chat evaluation set (synthetic, written blind).

    python3 verify.py       # run all checks, print a summary
    python3 verify.py -v    # also print the record line(s) holding each expected answer

Checks:
  * questions.tsv: exactly 216 lines, no header, 4 tab-separated fields per line
  * labels are 'answerable' / 'unanswerable'; every unanswerable has expected '-'
  * per patient (dv01..dv08): 14 answerable + 13 unanswerable; no duplicate questions
  * answerable: expected is 1-4 words and occurs (case-insensitive, whitespace squashed)
    in at least one of that patient's record files
  * unanswerable: every question has an entry in UNANSWERABLE below (kind + key-term
    regexes); none of its regexes occurs in any of that patient's files (searched
    case-insensitively in whitespace-squashed text)
  * patients/<id>/ holds 5-6 files named YYYY-MM-DD-<short-title>.txt, dated 2022-2024,
    each 12-40 lines
"""
import os
import re
import sys
import datetime
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
PATIENTS = ["dv0%d" % i for i in range(1, 9)]
N_LINES = 216
N_ANS, N_UNANS = 14, 13

MONTHS = ["january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december"]


def month_terms(m, y, style):
    """Regexes for any mention of month m of year y (US mm/dd/yyyy or UK dd/mm/yyyy)."""
    name = MONTHS[m - 1]
    terms = [
        r"\b%s(%s)?\.?,? *(%d|'%02d)\b" % (name[:3], name[3:], y, y % 100),
        r"%d-%02d-" % (y, m),
        r"(?<![\d/])%02d/%d\b" % (m, y),                       # mm/yyyy
    ]
    if style == "US":
        terms.append(r"(?<![\d/])0?%d/\d{1,2}/%d\b" % (m, y))  # mm/dd/yyyy
    else:
        terms.append(r"\b\d{1,2}/%02d/%d\b" % (m, y))          # dd/mm/yyyy
    return terms


TIME_OF_DAY = [r"(?<![\d:])\d{1,2}:[0-5]\d(?!\d)", r"\d\s?(am|pm|a\.m\.|p\.m\.)(?![a-z])", r"o'?clock"]

# kind: test | med | vaccine | date | bodypart | general | person | silent
# hard: True when the question deliberately shares many words with the records
UNANSWERABLE = {
    "dv01": {
        "did i ever have an echocardiogram of my heart":
            ("test", False, [r"echo", r"cardiac (ultrasound|imaging)"]),
        "what did my 24 hour ambulatory blood pressure monitor show":
            ("test", True, [r"ambulatory", r"\bABPM\b"]),
        "what dose of hydrochlorothiazide am i taking for my blood pressure":
            ("med", False, [r"hydrochlorothiazide", r"\bHCTZ\b", r"thiazide", r"chlorthalidone"]),
        "when did i get my shingles vaccine":
            ("vaccine", False, [r"shingles", r"zoster", r"shingrix", r"vaccin", r"immuniz"]),
        "what was my creatinine in december 2023":
            ("date", True, month_terms(12, 2023, "US")),
        "what did the ultrasound of my kidneys show":
            ("bodypart", True, [r"ultrasound", r"sonogra", r"renal imaging"]),
        "have my eyes been checked for damage from high blood pressure":
            ("bodypart", False, [r"\beyes?\b", r"retin", r"fundus", r"fundoscop", r"ophthalm"]),
        "how does lisinopril actually work in the body":
            ("general", False, [r"angiotensin", r"mechanism", r"works? by"]),
        "what is a normal blood pressure for a man my age":
            ("general", False, [r"normal (blood pressure|BP)", r"for (his|your|my) age"]),
        "what was my wifes last blood pressure reading":
            ("person", False, [r"\bwife", r"spouse", r"husband"]),
        "how much does my lisinopril prescription cost":
            ("silent", False, [r"cost", r"price", r"copay", r"\$"]),
        "what time of day was my blood drawn in march 2023":
            ("silent", True, TIME_OF_DAY + [r"collection time", r"time (collected|drawn)"]),
        "what were my cholesterol numbers from april 2024":
            ("silent", True, [r"cholesterol", r"\bLDL\b", r"\bHDL\b", r"triglycerid"]),
    },
    "dv02": {
        "did i have a capsule camera test of my bowel":
            ("test", True, [r"capsule"]),
        "what did my colonoscopy show":
            ("test", False, [r"colonoscop", r"sigmoidoscop", r"lower GI"]),
        "how much prednisolone was i put on for my coeliac":
            ("med", False, [r"prednisolone", r"steroid", r"budesonide"]),
        "when did i have my flu jab":
            ("vaccine", False, [r"\bflu\b", r"influenza"]),
        "what was my ttg level in november 2023":
            ("date", True, month_terms(11, 2023, "UK")),
        "what did the scan of my liver show":
            ("bodypart", False, [r"liver", r"hepat", r"ultrasound", r"\bUSS\b"]),
        "what was my ttg igg antibody level":
            ("test", True, [r"IgG"]),
        "what actually is gluten and why does it damage the gut":
            ("general", False, [r"gliadin", r"prolamin", r"immune (reaction|response)", r"wheat protein"]),
        "how common is coeliac disease in the uk":
            ("general", False, [r"prevalence", r"\b1 in \d{2,3}\b", r"per ?cent of (people|the population)"]),
        "has my daughter been tested for coeliac":
            ("person", True, [r"daughter"]),
        "what did my mums biopsy show when she was diagnosed":
            ("person", False, [r"\bmum", r"mother"]),
        "how much do my gluten free prescriptions cost me":
            ("silent", False, [r"cost", r"\u00a3", r"price", r"prepayment", r"prescription charge"]),
        "what time was my endoscopy appointment in august 2022":
            ("silent", True, TIME_OF_DAY),
    },
    "dv03": {
        "what did my visual evoked potential test show":
            ("test", False, [r"evoked", r"\bVEP"]),
        "what were the results of the oct scan of my eyes":
            ("test", False, [r"optical coherence", r"\bOCT\b", r"retina"]),
        "how much natalizumab (tysabri) am i getting":
            ("med", False, [r"natalizumab", r"tysabri"]),
        "did i get the shingles vaccine before starting ocrelizumab":
            ("vaccine", False, [r"shingles", r"zoster", r"shingrix", r"vaccin", r"immuniz"]),
        "what did my brain mri show in june 2023":
            ("date", True, month_terms(6, 2023, "US")),
        "what did the mri of my lower back show":
            ("bodypart", True, [r"lumbar spine", r"L-spine", r"lower back", r"thoracic", r"T-spine"]),
        "what causes ms in the first place":
            ("general", False, [r"cause of", r"etiolog", r"autoimmun", r"triggered by"]),
        "how does ocrelizumab work to stop relapses":
            ("general", False, [r"CD20", r"B[- ]cell", r"mechanism", r"works by"]),
        "does my sister have ms too":
            ("person", False, [r"sister", r"sibling"]),
        "what were my husbands mri results":
            ("person", True, [r"husband", r"spouse", r"\bwife", r"partner"]),
        "what is the name of the nurse who gives me my infusions":
            ("silent", False, [r"nurse", r"\bRN\b"]),
        "how much does each ocrelizumab infusion cost":
            ("silent", False, [r"cost", r"price", r"\$", r"copay", r"insurance"]),
        "what was my jc virus antibody index":
            ("test", True, [r"\bJCV", r"JC virus", r"John Cunningham"]),
    },
    "dv04": {
        "what did my pet ct scan show":
            ("test", False, [r"\bPET\b", r"\bCT\b", r"computed tomograph"]),
        "what was my ldh blood level":
            ("test", False, [r"\bLDH\b", r"lactate dehydrogenase"]),
        "when did i start pembrolizumab immunotherapy":
            ("med", False, [r"pembrolizumab", r"nivolumab", r"immunotherapy"]),
        "have i had the hpv vaccine":
            ("vaccine", False, [r"\bHPV\b", r"papilloma", r"vaccin"]),
        "what did my skin check in march 2023 find":
            ("date", True, month_terms(3, 2023, "UK")),
        "what did the biopsy of the lymph nodes in my armpit show":
            ("bodypart", True, [r"axill", r"armpit"]),
        "did they check my eyes for melanoma":
            ("bodypart", False, [r"\beyes?\b", r"ocular", r"uveal", r"ophthalm"]),
        "what does breslow thickness actually mean":
            ("general", False, [r"granular layer", r"defined as", r"refers to", r"measured from"]),
        "whats the survival rate for stage 1b melanoma":
            ("general", False, [r"surviv", r"prognos"]),
        "did my father ever have melanoma":
            ("person", False, [r"father", r"\bdad\b"]),
        "what did my son's mole check show":
            ("person", False, [r"\bson\b", r"\bsons\b"]),
        "what time is my next skin check appointment":
            ("silent", True, TIME_OF_DAY),
        "how long was i signed off work after the operation":
            ("silent", False, [r"off work", r"sick note", r"fit note", r"return(ed)? to work"]),
    },
    "dv05": {
        "what did my kidney biopsy show":
            ("test", True, [r"biops"]),
        "were my antiphospholipid antibodies positive":
            ("test", False, [r"antiphospholipid", r"cardiolipin", r"lupus anticoagulant",
                             r"beta-?2", r"glycoprotein"]),
        "what dose of methotrexate am i taking":
            ("med", False, [r"methotrexate"]),
        "how often do i get my benlysta infusions":
            ("med", False, [r"belimumab", r"benlysta", r"infusion"]),
        "when did i get my pneumonia vaccine":
            ("vaccine", False, [r"pneumo", r"vaccin", r"immuniz", r"prevnar"]),
        "what was my dsdna level in january 2023":
            ("date", True, month_terms(1, 2023, "US")),
        "what did my chest x-ray show when i had the chest pain":
            ("bodypart", True, [r"x-?ray", r"\bCXR\b", r"radiograph"]),
        "what did the echo of my heart show":
            ("bodypart", False, [r"echo"]),
        "can lupus ever be cured":
            ("general", False, [r"\bcur(e|ed|able)\b"]),
        "how does hydroxychloroquine actually work":
            ("general", False, [r"mechanism", r"toll-like", r"lysosom", r"works by"]),
        "what did my moms lupus blood tests show":
            ("person", False, [r"\bmoms?\b", r"mother"]),
        "what was my eye pressure at the eye doctor":
            ("silent", True, [r"\bIOP\b", r"intraocular", r"eye pressure", r"tonometr", r"applanation"]),
        "what time of day should i take my plaquenil":
            ("silent", False, [r"bedtime", r"\bqhs\b", r"\bqam\b", r"\bqpm\b",
                               r"take (it )?(in the )?(morning|evening)"] + TIME_OF_DAY),
    },
    "dv06": {
        "was i assessed for deep brain stimulation":
            ("test", False, [r"deep brain", r"\bDBS\b"]),
        "what did my sleep study show":
            ("test", False, [r"sleep study", r"polysomnogra"]),
        "what dose of ropinirole am i on":
            ("med", False, [r"ropinirole", r"pramipexole", r"rotigotine", r"dopamine agonist"]),
        "how much amantadine do i take for the wriggly movements":
            ("med", False, [r"amantadine"]),
        "when did i have my covid booster":
            ("vaccine", False, [r"covid", r"coronavirus", r"vaccin", r"booster"]),
        "what was my updrs score in november 2023":
            ("date", True, month_terms(11, 2023, "UK")),
        "what did the x-ray of my hip show after i fell":
            ("bodypart", True, [r"x-?ray", r"radiograph", r"fractur"]),
        "what causes parkinsons in the first place":
            ("general", False, [r"cause of parkinson", r"aetiolog", r"etiolog", r"synuclein",
                                r"dopamine-producing"]),
        "how long does levodopa stay in your body, whats the half life":
            ("general", False, [r"half-?life"]),
        "does my brother have parkinsons as well":
            ("person", False, [r"brother", r"sibling"]),
        "what tablets is my wife taking":
            ("person", False, [r"\bwife", r"spouse", r"husband"]),
        "whats the phone number for the parkinsons nurse":
            ("silent", True, [r"phone number", r"tel:", r"helpline", r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b"]),
        "how much does the physio cost me each session":
            ("silent", False, [r"cost", r"\u00a3", r"\bfees?\b", r"price", r"\bcharge"]),
    },
    "dv07": {
        "what did my yag laser treatment show":
            ("test", False, [r"\bYAG\b", r"capsulotomy", r"laser"]),
        "what was the result of my visual field test":
            ("test", False, [r"visual field", r"field test", r"perimetr", r"humphrey"]),
        "how long do i have to use the latanoprost drops":
            ("med", False, [r"latanoprost", r"timolol", r"glaucoma"]),
        "have i had my flu jab this year":
            ("vaccine", False, [r"\bflu\b", r"influenza", r"vaccin"]),
        "what was my eye pressure in september 2023":
            ("date", True, month_terms(9, 2023, "UK")),
        "what was the vision in my right eye in 2024":
            ("date", True, [r"2024"]),
        "what were the results of my hearing test":
            ("bodypart", False, [r"hearing", r"audiolog", r"audiogram"]),
        "what lens power did they put in my left eye":
            ("bodypart", True, [r"left (eye )?(IOL|implant|lens implant)", r"IOL.{0,20}\bleft\b",
                                r"\bL IOL\b", r"left phaco"]),
        "how long do lens implants last":
            ("general", False, [r"lifetime", r"permanent", r"lasts? (for )?(life|years)"]),
        "what is a normal eye pressure":
            ("general", False, [r"normal (range|eye pressure|IOP|pressure)", r"10 ?- ?21", r"21 mmHg"]),
        "what did my husbands cataract operation involve":
            ("person", False, [r"husband", r"\bwife", r"spouse", r"partner"]),
        "what time do i need to arrive for my cataract surgery":
            ("silent", True, TIME_OF_DAY + [r"arriv"]),
        "how much would the lens implant have cost privately":
            ("silent", False, [r"cost", r"\u00a3", r"private", r"\bfees?\b", r"price"]),
    },
    "dv08": {
        "what did my hiv genotype resistance test show":
            ("test", True, [r"genotyp", r"resistan"]),
        "what was the result of my anal pap smear":
            ("test", False, [r"\bpap\b", r"\banal\b", r"cytolog", r"\bHRA\b"]),
        "when am i due for my cabenuva injections":
            ("med", False, [r"cabotegravir", r"cabenuva", r"rilpivirine", r"injectable"]),
        "what dose of dolutegravir am i on":
            ("med", True, [r"dolutegravir", r"tivicay", r"triumeq", r"dovato"]),
        "when did i get the mpox vaccine":
            ("vaccine", False, [r"mpox", r"monkeypox", r"jynneos"]),
        "what was my viral load in december 2022":
            ("date", True, month_terms(12, 2022, "US")),
        "what did my liver ultrasound show":
            ("bodypart", False, [r"ultrasound", r"sonogra", r"elastograph", r"fibroscan"]),
        "how does biktarvy actually stop the virus":
            ("general", False, [r"integrase", r"mechanism", r"works by", r"blocks"]),
        "can hiv be passed on by kissing":
            ("general", False, [r"kiss", r"saliva"]),
        "what was my partners last hiv test result":
            ("person", False, [r"partner", r"boyfriend", r"girlfriend", r"husband", r"\bwife", r"spouse"]),
        "how much does my biktarvy cost each month":
            ("silent", False, [r"cost", r"price", r"\$", r"copay", r"\bADAP\b", r"insurance"]),
        "what was my syphilis test result from june 2024":
            ("silent", True, [r"RPR:?\s*(non-?reactive|reactive|negative|positive|1:\d)",
                              r"syphilis.{0,40}(non-?reactive|negative|positive|1:\d)", r"treponem"]),
        "what time of day should i take my biktarvy":
            ("silent", False, [r"bedtime", r"\bqhs\b", r"\bqam\b", r"morning", r"evening"] + TIME_OF_DAY),
    },
}


def squash(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def norm_q(q):
    return re.sub(r"[^a-z0-9 ]", "", squash(q))


def main():
    verbose = "-v" in sys.argv[1:]
    errors = []

    def err(msg):
        errors.append(msg)

    # ---- record files -------------------------------------------------------
    files = {}
    fname_re = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(-[a-z0-9]+)*\.txt$")
    pdir = os.path.join(HERE, "patients")
    present = sorted(d for d in os.listdir(pdir) if os.path.isdir(os.path.join(pdir, d)))
    if present != PATIENTS:
        err("patient directories %r != %r" % (present, PATIENTS))
    for pid in PATIENTS:
        d = os.path.join(pdir, pid)
        names = sorted(os.listdir(d)) if os.path.isdir(d) else []
        if not 5 <= len(names) <= 6:
            err("%s: %d files (need 5-6)" % (pid, len(names)))
        files[pid] = []
        for n in names:
            m = fname_re.match(n)
            if not m:
                err("%s/%s: bad file name" % (pid, n))
                continue
            y, mo, da = int(m.group(1)), int(m.group(2)), int(m.group(3))
            try:
                datetime.date(y, mo, da)
            except ValueError:
                err("%s/%s: invalid date" % (pid, n))
            if not 2022 <= y <= 2024:
                err("%s/%s: year %d outside 2022-2024" % (pid, n, y))
            with open(os.path.join(d, n), encoding="utf-8") as fh:
                text = fh.read()
            nlines = len(text.splitlines())
            if not 12 <= nlines <= 40:
                err("%s/%s: %d lines (need 12-40)" % (pid, n, nlines))
            files[pid].append((n, text))

    # ---- questions.tsv ------------------------------------------------------
    with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8") as fh:
        raw = fh.read()
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != N_LINES:
        err("questions.tsv: %d lines (need %d)" % (len(lines), N_LINES))
    rows = []
    for i, line in enumerate(lines, 1):
        f = line.split("\t")
        if len(f) != 4 or any(x.strip() != x or not x for x in f):
            err("line %d: need 4 non-empty tab-separated fields without stray spaces: %r" % (i, line))
            continue
        rows.append((i,) + tuple(f))

    counts = defaultdict(Counter)
    seen = {}
    kinds = Counter()
    hard = 0
    used_unans = set()
    for i, pid, label, expected, q in rows:
        if pid not in PATIENTS:
            err("line %d: unknown patient %r" % (i, pid))
            continue
        if label not in ("answerable", "unanswerable"):
            err("line %d: bad label %r" % (i, label))
            continue
        counts[pid][label] += 1
        k = norm_q(q)
        if k in seen:
            err("line %d: duplicate question (also line %d): %r" % (i, seen[k], q))
        seen[k] = i
        squashed_files = [(n, squash(t), t) for n, t in files.get(pid, [])]
        if label == "unanswerable":
            if expected != "-":
                err("line %d: unanswerable expected must be '-', got %r" % (i, expected))
            entry = UNANSWERABLE.get(pid, {}).get(q)
            if entry is None:
                err("line %d: no key-term regexes for unanswerable %s %r" % (i, pid, q))
                continue
            used_unans.add((pid, q))
            kind, is_hard, regexes = entry
            kinds[kind] += 1
            hard += bool(is_hard)
            if not regexes:
                err("line %d: empty regex list" % i)
            for rx in regexes:
                cre = re.compile(rx, re.IGNORECASE)
                for n, sq, _ in squashed_files:
                    mm = cre.search(sq)
                    if mm:
                        err("line %d: %s unanswerable %r: key term /%s/ found in %s: %r"
                            % (i, pid, q, rx, n, mm.group(0)))
        else:
            if expected == "-":
                err("line %d: answerable with expected '-'" % i)
                continue
            if not 1 <= len(expected.split()) <= 4:
                err("line %d: expected %r is not 1-4 words" % (i, expected))
            e = squash(expected)
            hits = [(n, t) for n, sq, t in squashed_files if e in sq]
            if not hits:
                err("line %d: %s expected %r not found in any record file" % (i, pid, expected))
            elif verbose:
                print("%s | %s | %s" % (pid, expected, q))
                for n, t in hits:
                    shown = False
                    for ln_no, ln in enumerate(t.splitlines(), 1):
                        if e in squash(ln):
                            print("    %s:%d: %s" % (n, ln_no, ln.strip()))
                            shown = True
                    if not shown:
                        print("    %s: (match spans a line break)" % n)

    for pid in PATIENTS:
        c = counts[pid]
        if c["answerable"] != N_ANS or c["unanswerable"] != N_UNANS:
            err("%s: %d answerable / %d unanswerable (need %d/%d)"
                % (pid, c["answerable"], c["unanswerable"], N_ANS, N_UNANS))
        for q in UNANSWERABLE.get(pid, {}):
            if (pid, q) not in used_unans:
                err("%s: UNANSWERABLE entry not used in questions.tsv: %r" % (pid, q))

    # ---- report -------------------------------------------------------------
    n_ans = sum(c["answerable"] for c in counts.values())
    n_un = sum(c["unanswerable"] for c in counts.values())
    n_files = sum(len(v) for v in files.values())
    print("patients: %d, record files: %d, questions: %d (%d answerable, %d unanswerable)"
          % (len(files), n_files, len(rows), n_ans, n_un))
    print("unanswerable kinds: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items()))
          + "; hard negatives %d" % hard)
    if errors:
        for e in errors:
            print("ERROR: " + e)
        print("FAILED: %d error(s)" % len(errors))
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
