#!/usr/bin/env python3
"""Validate items.jsonl of the criteria-holdout set and print count tables.

Usage: python3 check.py [path/to/items.jsonl] [--markdown]
Exits non-zero if any check fails.
"""
import collections
import datetime as dt
import json
import os
import re
import sys

ANALYSIS_DATE = dt.date(2025, 6, 30)
MIN_DATE = dt.date(2023, 1, 1)
MAX_DATE = dt.date(2025, 6, 27)
PREFIX = "CH"
KEYS = ["id", "topic", "section", "criterion", "notes", "expected", "phenomenon", "why"]
NOTE_KEYS = ["date", "kind", "text"]
SECTIONS = ["requirement", "exclusion"]
LABELS = ["met", "not_met", "not_documented"]
PHENOMENA = ["synonym", "abbreviation", "threshold", "duration", "recency", "count",
             "negation", "temporal", "experiencer", "alternatives", "conjunction",
             "trial_failure", "age", "implicit", "exam_finding", "scale_score"]
MIN_PER_PHENOMENON = 8


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    markdown = "--markdown" in sys.argv
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "items.jsonl")
    errors = []
    items = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {ln}: blank line")
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                errors.append(f"line {ln}: invalid JSON ({e})")

    seen = set()
    for n, it in enumerate(items, 1):
        iid = it.get("id", f"<line {n}>")
        if list(it.keys()) != KEYS:
            errors.append(f"{iid}: keys {list(it.keys())} != {KEYS}")
        if iid != f"{PREFIX}-{n:03d}":
            errors.append(f"{iid}: expected id {PREFIX}-{n:03d}")
        if iid in seen:
            errors.append(f"{iid}: duplicate id")
        seen.add(iid)
        if it.get("section") not in SECTIONS:
            errors.append(f"{iid}: bad section {it.get('section')!r}")
        if it.get("expected") not in LABELS:
            errors.append(f"{iid}: bad expected {it.get('expected')!r}")
        if it.get("phenomenon") not in PHENOMENA:
            errors.append(f"{iid}: bad phenomenon {it.get('phenomenon')!r}")
        for k in ("topic", "criterion", "why"):
            if not isinstance(it.get(k), str) or not it.get(k).strip():
                errors.append(f"{iid}: empty {k}")
        notes = it.get("notes")
        if not isinstance(notes, list) or not 1 <= len(notes) <= 3:
            errors.append(f"{iid}: needs 1-3 notes")
            continue
        for j, note in enumerate(notes):
            if list(note.keys()) != NOTE_KEYS:
                errors.append(f"{iid} note {j}: keys {list(note.keys())}")
                continue
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", note["date"]):
                errors.append(f"{iid} note {j}: bad date format {note['date']!r}")
                continue
            d = dt.date.fromisoformat(note["date"])
            if not (MIN_DATE <= d <= MAX_DATE) or d > ANALYSIS_DATE:
                errors.append(f"{iid} note {j}: date {d} outside {MIN_DATE}..{MAX_DATE}")
            if not note["kind"] or not note["text"].strip():
                errors.append(f"{iid} note {j}: empty kind/text")
            if note["text"] != note["text"].strip():
                errors.append(f"{iid} note {j}: leading/trailing whitespace in text")

    C = collections.Counter
    n = len(items)
    lab = C(i["expected"] for i in items)
    sec = C(i["section"] for i in items)
    table = collections.defaultdict(C)
    for i in items:
        table[i["phenomenon"]][(i["section"], i["expected"])] += 1
    for p in PHENOMENA:
        if sum(table[p].values()) < MIN_PER_PHENOMENON:
            errors.append(f"phenomenon {p}: only {sum(table[p].values())} items")
    for lb in LABELS:
        if not any(i["section"] == "exclusion" and i["expected"] == lb for i in items):
            errors.append(f"no exclusion item labelled {lb}")

    cols = [(s, l) for s in SECTIONS for l in LABELS]
    short = {"requirement": "req", "exclusion": "exc", "met": "met", "not_met": "not_met",
             "not_documented": "not_doc"}
    head = ["phenomenon"] + [f"{short[s]} {short[l]}" for s, l in cols] + ["total"]
    rows = []
    for p in PHENOMENA:
        rows.append([p] + [str(table[p][c]) for c in cols] + [str(sum(table[p].values()))])
    tot = C()
    for p in PHENOMENA:
        tot.update(table[p])
    rows.append(["**total**" if markdown else "TOTAL"] + [str(tot[c]) for c in cols] + [str(n)])

    print(f"items: {n}")
    print("labels:  " + ", ".join(f"{l} {lab[l]} ({100*lab[l]/max(n,1):.0f}%)" for l in LABELS))
    print("sections: " + ", ".join(f"{s} {sec[s]} ({100*sec[s]/max(n,1):.0f}%)" for s in SECTIONS))
    print()
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        w = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(head)]
        print("  ".join(h.ljust(w[k]) for k, h in enumerate(head)))
        for r in rows:
            print("  ".join(c.ljust(w[k]) for k, c in enumerate(r)))
    print()
    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
