#!/usr/bin/env python3
"""Validate items.jsonl for the CE criterion-evidence evaluation set and print counts.

Usage: python3 check.py [path/to/items.jsonl]
Exits non-zero if any structural problem is found.
"""
import json, re, sys, collections, datetime, os

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "items.jsonl")
ANALYSIS = datetime.date(2025, 6, 30)
MIN_D, MAX_D = datetime.date(2023, 1, 1), datetime.date(2025, 6, 27)
KEYS = ["id", "topic", "section", "criterion", "notes", "expected", "phenomenon", "why"]
LABELS = ["met", "not_met", "not_documented"]
SECTIONS = ["requirement", "exclusion"]
PHEN = ["synonym", "abbreviation", "threshold", "duration", "recency", "count", "negation",
        "temporal", "experiencer", "alternatives", "conjunction", "trial_failure", "age",
        "implicit", "exam_finding", "scale_score"]

errors = []
items = []
with open(PATH, encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        if not line.strip():
            errors.append(f"line {ln}: blank line"); continue
        try:
            items.append(json.loads(line))
        except Exception as e:
            errors.append(f"line {ln}: bad JSON ({e})")

seen = set()
for n, it in enumerate(items, 1):
    iid = it.get("id", f"#{n}")
    if list(it.keys()) != KEYS:
        errors.append(f"{iid}: keys {list(it.keys())}")
    if iid != f"CE-{n:03d}":
        errors.append(f"{iid}: expected id CE-{n:03d}")
    if iid in seen:
        errors.append(f"{iid}: duplicate id")
    seen.add(iid)
    if it.get("section") not in SECTIONS:
        errors.append(f"{iid}: bad section {it.get('section')}")
    if it.get("expected") not in LABELS:
        errors.append(f"{iid}: bad label {it.get('expected')}")
    if it.get("phenomenon") not in PHEN:
        errors.append(f"{iid}: bad phenomenon {it.get('phenomenon')}")
    for k in ("topic", "criterion", "why"):
        if not isinstance(it.get(k), str) or not it.get(k).strip():
            errors.append(f"{iid}: empty {k}")
    notes = it.get("notes")
    if not isinstance(notes, list) or not 1 <= len(notes) <= 3:
        errors.append(f"{iid}: notes must be a list of 1-3")
        continue
    for j, nt in enumerate(notes):
        if set(nt.keys()) != {"date", "kind", "text"}:
            errors.append(f"{iid} note {j}: keys {list(nt.keys())}")
        try:
            d = datetime.date.fromisoformat(nt["date"])
            if not (MIN_D <= d <= MAX_D):
                errors.append(f"{iid} note {j}: date {d} outside {MIN_D}..{MAX_D}")
        except Exception:
            errors.append(f"{iid} note {j}: bad date {nt.get('date')}")
        if not re.fullmatch(r"[a-z]+(-[a-z]+)*", nt.get("kind", "")):
            errors.append(f"{iid} note {j}: bad kind {nt.get('kind')}")
        if not nt.get("text", "").strip():
            errors.append(f"{iid} note {j}: empty text")
    dates = [n["date"] for n in notes]
    if dates != sorted(dates):
        errors.append(f"{iid}: notes not in date order")

def table(rows, cols, get_r, get_c):
    c = collections.Counter((get_r(x), get_c(x)) for x in items)
    w = max(len(r) for r in rows) + 2
    print("".ljust(w) + "".join(cn.rjust(16) for cn in cols) + "total".rjust(8))
    for r in rows:
        print(r.ljust(w) + "".join(str(c[(r, cn)]).rjust(16) for cn in cols) + str(sum(c[(r, cn)] for cn in cols)).rjust(8))
    print("total".ljust(w) + "".join(str(sum(c[(r, cn)] for r in rows)).rjust(16) for cn in cols) + str(len(items)).rjust(8))

print(f"{len(items)} items in {PATH}\n")
print("label x section"); table(LABELS, SECTIONS, lambda x: x["expected"], lambda x: x["section"]); print()
print("phenomenon x label"); table(PHEN, LABELS, lambda x: x["phenomenon"], lambda x: x["expected"]); print()
print("phenomenon x section"); table(PHEN, SECTIONS, lambda x: x["phenomenon"], lambda x: x["section"]); print()
pc = collections.Counter(x["phenomenon"] for x in items)
for p in PHEN:
    if pc[p] < 8:
        errors.append(f"phenomenon {p} has only {pc[p]} items (<8)")

if errors:
    print("PROBLEMS:")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("OK")
