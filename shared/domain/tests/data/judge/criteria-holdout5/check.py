#!/usr/bin/env python3
"""Validator for the criteria-holdout5 (CD4) held-out evaluation set (written as criteria-dev4).

Usage:
    python3 check.py [items.jsonl] [--markdown]

Checks field names and types, labels, sections, phenomenon tags, note kinds,
note dates (inside the allowed range, sorted, and before the analysis date),
the id sequence, that quoted fragments in each "why" line occur in the item's
notes or criterion, that no note text is reused, that every topic maps to
exactly one of the twelve specialties and that the specialties appear as
contiguous blocks in table order, and the required count tables.  Exits
non-zero on any problem.
With --markdown it also prints the count tables as Markdown (used in README.md).
"""
import collections
import datetime as dt
import json
import os
import re
import sys

FIELDS = ["id", "topic", "section", "criterion", "notes", "expected", "phenomenon", "why"]
NOTE_FIELDS = ["date", "kind", "text"]
LABELS = ["met", "not_met", "not_documented"]
SECTIONS = ["requirement", "exclusion"]
TAGS = ["synonym", "abbreviation", "threshold", "duration", "recency", "count",
        "negation", "temporal", "experiencer", "alternatives", "conjunction",
        "trial_failure", "age", "implicit", "exam_finding", "scale_score"]
KINDS = {"clinic-note", "consult-note", "lab-report", "imaging-report",
         "pharmacy-fill-history", "procedure-note", "op-note", "test-report",
         "echo-report", "holter-report", "pathology-report", "therapy-note",
         "referral-letter", "ed-note", "urgent-care-note", "nursing-note",
         "discharge-summary", "tumor-board-note"}
# Analysis date for every item.  Notes must fall between DATE_MIN and DATE_MAX
# (at least 3 days before the analysis date); durations and recency windows
# are counted to the date of the item's newest note.
DATE_MIN = dt.date(2024, 1, 1)
DATE_MAX = dt.date(2026, 9, 27)
ANALYSIS_DATE = dt.date(2026, 9, 30)

N_ITEMS = 200
SECTION_COUNTS = {"requirement": 140, "exclusion": 60}
LABEL_COUNTS = {"met": 90, "not_met": 60, "not_documented": 50}
MATRIX = {("requirement", "met"): 70, ("requirement", "not_met"): 35,
          ("requirement", "not_documented"): 35, ("exclusion", "met"): 20,
          ("exclusion", "not_met"): 25, ("exclusion", "not_documented"): 15}
TAG_RANGE = (8, 26)
NOTES_PER_ITEM_RANGE = {1: (140, 160), 2: (34, 46), 3: (6, 14)}
SPECIALTY_RANGE = (16, 17)

# Topic keywords (case-insensitive substrings) -> specialty.
SPECIALTIES = [
    ("Anesthesia and procedural sedation", ["monitored anesthesia care", "procedural sedation"]),
    ("Interventional radiology", ["radioembolization", "chemoembolization", "thermal ablation",
                                  "vena cava filter"]),
    ("Thoracic surgery", ["pectus excavatum", "thoracic outlet", "diaphragm plication"]),
    ("Colorectal and anorectal surgery", ["hemorrhoidectomy", "anal fistula", "anorectal biofeedback",
                                          "pilonidal"]),
    ("Neonatology and infant feeding", ["donor human milk", "home phototherapy", "home apnea monitor",
                                        "hospital-grade breast pump", "amino acid-based"]),
    ("Rare-disease therapies", ["gaucher", "fabry", "pompe", "spinal muscular atrophy", "transthyretin"]),
    ("Apheresis and photopheresis", ["plasma exchange", "photopheresis", "lipoprotein apheresis"]),
    ("Neuropsychological and psychological testing", ["neuropsychological testing",
                                                      "psychological testing"]),
    ("Advanced outpatient imaging", ["lumbar spine mri", "brain mri", "sinus ct", "shoulder mri"]),
    ("Chiropractic, acupuncture and massage", ["chiropractic", "acupuncture", "massage therapy"]),
    ("Home and remote monitoring", ["ambulatory blood pressure monitoring", "home inr",
                                    "remote physiologic monitoring", "digital therapeutic"]),
    ("Podiatry and diabetic foot care", ["therapeutic shoes", "routine foot care",
                                         "custom foot orthotics", "onychomycosis"]),
]


def specialty_of(topic):
    t = topic.lower()
    hits = []
    for name, keys in SPECIALTIES:
        for k in keys:
            if re.search(r"(?<![a-z])" + re.escape(k) + r"(?![a-z])", t):
                hits.append(name)
                break
    return hits


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def parse_date(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def load(path, problems):
    items = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                problems.append(f"line {lineno}: blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"line {lineno}: invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                problems.append(f"line {lineno}: not a JSON object")
                continue
            items.append((lineno, obj))
    return items


def check_item(lineno, it, expected_id, problems, seen_notes):
    where = f"line {lineno} ({it.get('id', '?')})"
    keys = list(it.keys())
    if set(keys) != set(FIELDS) or len(keys) != len(FIELDS):
        problems.append(f"{where}: fields {keys} != {FIELDS}")
    if it.get("id") != expected_id:
        problems.append(f"{where}: id {it.get('id')!r}, expected {expected_id!r}")
    for f in ("topic", "criterion", "why"):
        v = it.get(f)
        if not isinstance(v, str) or not v.strip():
            problems.append(f"{where}: {f} must be a non-empty string")
    if it.get("section") not in SECTIONS:
        problems.append(f"{where}: bad section {it.get('section')!r}")
    if it.get("expected") not in LABELS:
        problems.append(f"{where}: bad expected label {it.get('expected')!r}")
    if it.get("phenomenon") not in TAGS:
        problems.append(f"{where}: bad phenomenon {it.get('phenomenon')!r}")
    topic = it.get("topic") if isinstance(it.get("topic"), str) else ""
    sp = specialty_of(topic)
    if len(sp) != 1:
        problems.append(f"{where}: topic {topic!r} maps to specialties {sp}")

    notes = it.get("notes")
    texts = []
    if not isinstance(notes, list) or not 1 <= len(notes) <= 3:
        problems.append(f"{where}: notes must be a list of 1-3 notes")
        notes = notes if isinstance(notes, list) else []
    prev = None
    for i, note in enumerate(notes):
        nw = f"{where} note {i + 1}"
        if not isinstance(note, dict):
            problems.append(f"{nw}: not an object")
            continue
        if set(note.keys()) != set(NOTE_FIELDS) or len(note) != len(NOTE_FIELDS):
            problems.append(f"{nw}: fields {list(note.keys())} != {NOTE_FIELDS}")
        d = parse_date(note.get("date"))
        if d is None:
            problems.append(f"{nw}: bad date {note.get('date')!r}")
        else:
            if not DATE_MIN <= d <= DATE_MAX:
                problems.append(f"{nw}: date {d} outside {DATE_MIN}..{DATE_MAX}")
            if d >= ANALYSIS_DATE:
                problems.append(f"{nw}: date {d} not before analysis date {ANALYSIS_DATE}")
            if prev is not None and d < prev:
                problems.append(f"{nw}: notes not sorted by date")
            prev = d
        if note.get("kind") not in KINDS:
            problems.append(f"{nw}: unknown kind {note.get('kind')!r}")
        text = note.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{nw}: empty text")
            continue
        texts.append(text)
        key = norm(text)
        if key in seen_notes:
            problems.append(f"{nw}: note text duplicates {seen_notes[key]}")
        else:
            seen_notes[key] = it.get("id")

    why = it.get("why") if isinstance(it.get("why"), str) else ""
    if "\n" in why:
        problems.append(f"{where}: why must be one line")
    if why.count('"') % 2:
        problems.append(f"{where}: unbalanced double quotes in why")
    haystack = norm(" ".join(texts) + " " + (it.get("criterion") or ""))
    for frag in re.findall(r'"([^"]+)"', why):
        if norm(frag) not in haystack:
            problems.append(f"{where}: why quotes {frag!r}, not found in notes/criterion")
    return sp[0] if len(sp) == 1 else None


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--markdown"}
    if unknown:
        print(f"unknown option(s): {sorted(unknown)}", file=sys.stderr)
        return 2
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "items.jsonl")
    problems = []
    items = load(path, problems)
    seen_notes = {}
    specs = []
    for idx, (lineno, it) in enumerate(items, 1):
        specs.append(check_item(lineno, it, f"CD4-{idx:03d}", problems, seen_notes))
    objs = [it for _, it in items]

    if len(objs) != N_ITEMS:
        problems.append(f"{len(objs)} items, expected {N_ITEMS}")
    sec = collections.Counter(o.get("section") for o in objs)
    lab = collections.Counter(o.get("expected") for o in objs)
    mat = collections.Counter((o.get("section"), o.get("expected")) for o in objs)
    tag = collections.Counter(o.get("phenomenon") for o in objs)
    npi = collections.Counter(len(o.get("notes") or []) for o in objs)
    spc = collections.Counter(s for s in specs if s)
    for k, v in SECTION_COUNTS.items():
        if sec[k] != v:
            problems.append(f"section {k}: {sec[k]} items, expected {v}")
    for k, v in LABEL_COUNTS.items():
        if lab[k] != v:
            problems.append(f"label {k}: {lab[k]} items, expected {v}")
    for k, v in MATRIX.items():
        if mat[k] != v:
            problems.append(f"{k[0]} x {k[1]}: {mat[k]} items, expected {v}")
    for t in TAGS:
        if not TAG_RANGE[0] <= tag[t] <= TAG_RANGE[1]:
            problems.append(f"phenomenon {t}: {tag[t]} items, expected {TAG_RANGE[0]}-{TAG_RANGE[1]}")
    for n_, (lo, hi) in NOTES_PER_ITEM_RANGE.items():
        if not lo <= npi[n_] <= hi:
            problems.append(f"{npi[n_]} items with {n_} note(s), expected {lo}-{hi}")
    for name, _ in SPECIALTIES:
        if not SPECIALTY_RANGE[0] <= spc[name] <= SPECIALTY_RANGE[1]:
            problems.append(f"specialty {name}: {spc[name]} items, expected {SPECIALTY_RANGE[0]}-{SPECIALTY_RANGE[1]}")

    order = [name for name, _ in SPECIALTIES]
    last = -1
    for o, s_ in zip(objs, specs):
        if s_ is None:
            continue
        k = order.index(s_)
        if k < last:
            problems.append(f"{o.get('id')}: specialty {s_!r} out of order (specialties must be contiguous blocks in table order)")
        last = max(last, k)

    if "--markdown" in flags:
        print("### Labels × sections\n")
        rows = [[s] + [mat[(s, l)] for l in LABELS] + [sec[s]] for s in SECTIONS]
        rows.append(["**total**"] + [lab[l] for l in LABELS] + [len(objs)])
        print(md_table(["section"] + LABELS + ["total"], rows))
        print("\n### Label × section × phenomenon\n")
        cols = [(s, l) for s in SECTIONS for l in LABELS]
        short = {"requirement": "req", "exclusion": "exc", "met": "met",
                 "not_met": "not_met", "not_documented": "not_doc"}
        hdr = ["phenomenon"] + [f"{short[s]} {short[l]}" for s, l in cols] + ["total"]
        tri = collections.Counter((o.get("phenomenon"), o.get("section"), o.get("expected")) for o in objs)
        rows = [[t] + [tri[(t, s, l)] for s, l in cols] + [tag[t]]
                for t in sorted(TAGS, key=lambda x: (-tag[x], x))]
        rows.append(["**total**"] + [mat[c] for c in cols] + [len(objs)])
        print(md_table(hdr, rows))
        print("\n### Specialties\n")
        rows = []
        for name, _ in SPECIALTIES:
            sub = [o for o, s in zip(objs, specs) if s == name]
            ids = [o["id"] for o in sub]
            rows.append([name, f"{ids[0]}–{ids[-1]}" if ids else "",
                         sum(o["section"] == "requirement" for o in sub),
                         sum(o["section"] == "exclusion" for o in sub), len(sub)])
        print(md_table(["specialty", "ids", "requirement", "exclusion", "items"], rows))
        print("\n### Notes per item\n")
        print(md_table(["notes", "items"], [[k, npi[k]] for k in sorted(npi)]))
        print()

    if problems:
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"OK: {len(objs)} items in {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
