#!/usr/bin/env python3
"""Validator for the criteria-dev5 evaluation set.

Usage: python3 check.py [items.jsonl] [--markdown]

Exits non-zero (and prints every problem found) if the file breaks any rule:
schema, id sequence, allowed values, note dates (range and order), quoted
fragments of `why` found verbatim (case/whitespace-insensitive) in the notes
or the criterion, and the exact label counts per section.
With --markdown, prints the count tables used in README.md.
"""
import datetime as dt
import json
import os
import re
import sys
from collections import Counter

N_ITEMS = 200
ANALYSIS_DATE = dt.date(2026, 11, 30)
MIN_NOTE_DATE = dt.date(2024, 1, 1)
MAX_NOTE_DATE = dt.date(2026, 11, 27)

KEYS = ["id", "topic", "specialty", "section", "criterion", "notes",
        "expected", "phenomenon", "why"]
NOTE_KEYS = ["date", "kind", "text"]

SPECIALTIES = [
    "interventional spine",
    "knee injections",
    "prosthetics & devices",
    "nutrition support",
    "post-acute care",
    "cellular therapy",
    "rheumatology biologics",
    "benign hematology",
    "cardiac diagnostics",
    "neuromuscular",
    "interstitial & obstructive lung",
    "dermatologic surgery & biologics",
]
SECTIONS = ["requirement", "exclusion"]
LABELS = ["met", "not_met", "not_documented"]
PHENOMENA = ["synonym", "abbreviation", "threshold", "duration", "recency",
             "count", "negation", "temporal", "experiencer", "alternatives",
             "conjunction", "trial_failure", "age", "implicit",
             "exam_finding", "scale_score", "plain"]
KINDS = ["clinic-note", "consult-note", "lab-report", "imaging-report",
         "pathology-report", "pharmacy-fill-history", "procedure-note",
         "op-note", "test-report", "echo-report", "holter-report",
         "therapy-note", "referral-letter", "ed-note", "urgent-care-note",
         "nursing-note", "discharge-summary", "tumor-board-note"]

EXPECTED_COUNTS = {
    ("requirement", "met"): 75,
    ("requirement", "not_met"): 35,
    ("requirement", "not_documented"): 30,
    ("exclusion", "met"): 20,
    ("exclusion", "not_met"): 25,
    ("exclusion", "not_documented"): 15,
}
MIN_PER_PHENOMENON = 6
MIN_PLAIN = 20
SPECIALTY_RANGE = (16, 17)


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def quoted_fragments(why):
    return re.findall(r'"([^"]*)"', why)


def check(items_raw):
    problems = []
    items = []
    for lineno, line in enumerate(items_raw, 1):
        if not line.strip():
            problems.append(f"line {lineno}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {lineno}: invalid JSON ({e})")
            continue
        items.append((lineno, obj))

    if len(items) != N_ITEMS:
        problems.append(f"expected {N_ITEMS} items, found {len(items)}")

    for idx, (lineno, it) in enumerate(items, 1):
        where = f"line {lineno}"
        if not isinstance(it, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        where = f"line {lineno} ({it.get('id', '?')})"
        if list(it.keys()) != KEYS:
            if set(it.keys()) != set(KEYS):
                problems.append(f"{where}: keys {sorted(it.keys())} != {sorted(KEYS)}")
                continue
        for k in KEYS:
            if k == "notes":
                continue
            if not isinstance(it[k], str) or not it[k].strip():
                problems.append(f"{where}: field '{k}' must be a non-empty string")
        want_id = f"CD5-{idx:03d}"
        if it.get("id") != want_id:
            problems.append(f"{where}: id should be {want_id}")
        if it.get("specialty") not in SPECIALTIES:
            problems.append(f"{where}: bad specialty {it.get('specialty')!r}")
        if it.get("section") not in SECTIONS:
            problems.append(f"{where}: bad section {it.get('section')!r}")
        if it.get("expected") not in LABELS:
            problems.append(f"{where}: bad expected {it.get('expected')!r}")
        if it.get("phenomenon") not in PHENOMENA:
            problems.append(f"{where}: bad phenomenon {it.get('phenomenon')!r}")

        notes = it.get("notes")
        if not isinstance(notes, list) or not (1 <= len(notes) <= 3):
            problems.append(f"{where}: notes must be a list of 1-3 notes")
            notes = notes if isinstance(notes, list) else []
        dates = []
        for j, n in enumerate(notes):
            nw = f"{where} note {j + 1}"
            if not isinstance(n, dict) or set(n.keys()) != set(NOTE_KEYS):
                problems.append(f"{nw}: keys must be {NOTE_KEYS}")
                continue
            if n["kind"] not in KINDS:
                problems.append(f"{nw}: bad kind {n['kind']!r}")
            if not isinstance(n["text"], str) or not n["text"].strip():
                problems.append(f"{nw}: empty text")
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", n["date"]):
                    raise ValueError
                d = dt.date.fromisoformat(n["date"])
            except (ValueError, TypeError):
                problems.append(f"{nw}: bad date {n['date']!r}")
                continue
            if not (MIN_NOTE_DATE <= d <= MAX_NOTE_DATE):
                problems.append(f"{nw}: date {d} outside {MIN_NOTE_DATE}..{MAX_NOTE_DATE}")
            if d >= ANALYSIS_DATE:
                problems.append(f"{nw}: date {d} not before analysis date")
            dates.append(d)
        if dates != sorted(dates):
            problems.append(f"{where}: notes not sorted by date")

        why = it.get("why", "")
        if isinstance(why, str):
            frags = quoted_fragments(why)
            if why.count('"') % 2:
                problems.append(f"{where}: unbalanced double quotes in why")
            if not frags:
                problems.append(f"{where}: why quotes no fragment")
            hay = norm(" \n ".join([it.get("criterion", "")] +
                                   [n.get("text", "") for n in notes if isinstance(n, dict)]))
            for f in frags:
                if not norm(f):
                    problems.append(f"{where}: empty quoted fragment in why")
                elif norm(f) not in hay:
                    problems.append(f"{where}: why fragment not found verbatim: {f!r}")

    good = [it for _, it in items if isinstance(it, dict)]
    counts = Counter((it.get("section"), it.get("expected")) for it in good)
    for key, want in EXPECTED_COUNTS.items():
        if counts.get(key, 0) != want:
            problems.append(f"count {key[0]}/{key[1]} = {counts.get(key, 0)}, expected {want}")
    ph = Counter(it.get("phenomenon") for it in good)
    for p in PHENOMENA:
        need = MIN_PLAIN if p == "plain" else MIN_PER_PHENOMENON
        if ph.get(p, 0) < need:
            problems.append(f"phenomenon {p}: {ph.get(p, 0)} items, need >= {need}")
    sp = Counter(it.get("specialty") for it in good)
    for s in SPECIALTIES:
        if not (SPECIALTY_RANGE[0] <= sp.get(s, 0) <= SPECIALTY_RANGE[1]):
            problems.append(f"specialty {s}: {sp.get(s, 0)} items, expected "
                            f"{SPECIALTY_RANGE[0]}-{SPECIALTY_RANGE[1]}")
    ids = [it.get("id") for it in good]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    return problems, good


def markdown(items):
    out = []
    out.append("### Labels by section\n")
    out.append("| section | met | not_met | not_documented | total |")
    out.append("|---|---:|---:|---:|---:|")
    c = Counter((it["section"], it["expected"]) for it in items)
    for s in SECTIONS:
        row = [c.get((s, l), 0) for l in LABELS]
        out.append(f"| {s} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    tot = [sum(c.get((s, l), 0) for s in SECTIONS) for l in LABELS]
    out.append("| **total** | " + " | ".join(map(str, tot)) + f" | {sum(tot)} |")

    out.append("\n### Label × section × phenomenon\n")
    cols = [(s, l) for s in SECTIONS for l in LABELS]
    abbrev = {"requirement": "req", "exclusion": "exc",
              "met": "met", "not_met": "not_met", "not_documented": "not_doc"}
    out.append("| phenomenon | " + " | ".join(f"{abbrev[s]} {abbrev[l]}" for s, l in cols) + " | total |")
    out.append("|---|" + "---:|" * (len(cols) + 1))
    c3 = Counter((it["phenomenon"], it["section"], it["expected"]) for it in items)
    for p in PHENOMENA:
        row = [c3.get((p, s, l), 0) for s, l in cols]
        out.append(f"| {p} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    colt = [sum(c3.get((p, s, l), 0) for p in PHENOMENA) for s, l in cols]
    out.append("| **total** | " + " | ".join(map(str, colt)) + f" | {sum(colt)} |")

    out.append("\n### Items per specialty\n")
    out.append("| specialty | requirement | exclusion | met | not_met | not_documented | total |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for s in SPECIALTIES:
        its = [it for it in items if it["specialty"] == s]
        sec = Counter(it["section"] for it in its)
        lab = Counter(it["expected"] for it in its)
        out.append(f"| {s} | {sec.get('requirement', 0)} | {sec.get('exclusion', 0)} | "
                   f"{lab.get('met', 0)} | {lab.get('not_met', 0)} | "
                   f"{lab.get('not_documented', 0)} | {len(its)} |")
    out.append(f"| **total** | {sum(1 for i in items if i['section'] == 'requirement')} | "
               f"{sum(1 for i in items if i['section'] == 'exclusion')} | "
               f"{sum(1 for i in items if i['expected'] == 'met')} | "
               f"{sum(1 for i in items if i['expected'] == 'not_met')} | "
               f"{sum(1 for i in items if i['expected'] == 'not_documented')} | {len(items)} |")
    return "\n".join(out)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    unknown = [f for f in flags if f != "--markdown"]
    if unknown or len(args) > 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "items.jsonl")
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        return 2
    problems, items = check(lines)
    if problems:
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    if "--markdown" in flags:
        print(markdown(items))
    else:
        print(f"OK: {len(items)} items in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
