#!/usr/bin/env python3
"""Validate items.jsonl of the criteria-values (threshold + abbreviation) evaluation set.

Usage: python3 check.py [path/to/items.jsonl]
Exits non-zero and lists problems if any check fails; prints a counts table otherwise.
"""
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

PREFIX = "CV"
ANALYSIS_DATE = date(2025, 6, 30)
EARLIEST_NOTE = date(2023, 1, 1)
LATEST_NOTE = date(2025, 6, 27)
EXPECTED_TOTAL = 120
EXPECTED_PHENOMENA = {"threshold": 75, "abbreviation": 45}

ITEM_FIELDS = {"id", "topic", "section", "criterion", "notes", "expected", "phenomenon", "why"}
NOTE_FIELDS = {"date", "kind", "text"}
LABELS = ("met", "not_met", "not_documented")
SECTIONS = ("requirement", "exclusion")
PHENOMENA = ("threshold", "abbreviation")
ID_RE = re.compile(rf"^{PREFIX}-\d{{3}}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check(path: Path) -> int:
    errors = []
    items = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {lineno}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        items.append((lineno, obj))

    seen = set()
    for lineno, it in items:
        where = f"line {lineno} ({it.get('id', '?')})"
        if not isinstance(it, dict):
            errors.append(f"{where}: not an object")
            continue
        keys = set(it)
        if keys != ITEM_FIELDS:
            errors.append(f"{where}: fields missing {sorted(ITEM_FIELDS - keys)} extra {sorted(keys - ITEM_FIELDS)}")
        iid = it.get("id")
        if not isinstance(iid, str) or not ID_RE.match(iid):
            errors.append(f"{where}: bad id {iid!r}")
        elif iid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(iid)
        for f in ("topic", "criterion", "why"):
            if not isinstance(it.get(f), str) or not it.get(f, "").strip():
                errors.append(f"{where}: '{f}' must be a non-empty string")
        if it.get("section") not in SECTIONS:
            errors.append(f"{where}: bad section {it.get('section')!r}")
        if it.get("expected") not in LABELS:
            errors.append(f"{where}: bad expected {it.get('expected')!r}")
        if it.get("phenomenon") not in PHENOMENA:
            errors.append(f"{where}: bad phenomenon {it.get('phenomenon')!r}")
        notes = it.get("notes")
        if not isinstance(notes, list) or not 1 <= len(notes) <= 3:
            errors.append(f"{where}: 'notes' must be a list of 1-3 notes")
            continue
        for k, n in enumerate(notes):
            nw = f"{where} note {k}"
            if not isinstance(n, dict) or set(n) != NOTE_FIELDS:
                errors.append(f"{nw}: fields must be exactly {sorted(NOTE_FIELDS)}")
                continue
            if not isinstance(n["kind"], str) or not n["kind"].strip():
                errors.append(f"{nw}: empty kind")
            if not isinstance(n["text"], str) or not n["text"].strip():
                errors.append(f"{nw}: empty text")
            d = n["date"]
            if not isinstance(d, str) or not DATE_RE.match(d):
                errors.append(f"{nw}: date {d!r} not YYYY-MM-DD")
                continue
            try:
                dd = date.fromisoformat(d)
            except ValueError:
                errors.append(f"{nw}: invalid date {d!r}")
                continue
            if dd > ANALYSIS_DATE:
                errors.append(f"{nw}: date {d} is after the analysis date {ANALYSIS_DATE}")
            if not EARLIEST_NOTE <= dd <= LATEST_NOTE:
                errors.append(f"{nw}: date {d} outside {EARLIEST_NOTE}..{LATEST_NOTE}")

    objs = [o for _, o in items if isinstance(o, dict)]
    if len(objs) != EXPECTED_TOTAL:
        errors.append(f"expected {EXPECTED_TOTAL} items, found {len(objs)}")
    ph = Counter(o.get("phenomenon") for o in objs)
    for p, n in EXPECTED_PHENOMENA.items():
        if ph[p] != n:
            errors.append(f"expected {n} {p} items, found {ph[p]}")
    ids = sorted(o.get("id", "") for o in objs)
    want = [f"{PREFIX}-{i:03d}" for i in range(1, len(objs) + 1)]
    if ids != want:
        errors.append("ids are not a contiguous sequence starting at 001")

    # counts table
    c = Counter((o.get("phenomenon"), o.get("section"), o.get("expected")) for o in objs)
    print(f"{'phenomenon':<13}{'section':<13}" + "".join(f"{l:>16}" for l in LABELS) + f"{'total':>8}")
    for p in PHENOMENA:
        for s in SECTIONS:
            row = [c[(p, s, l)] for l in LABELS]
            print(f"{p:<13}{s:<13}" + "".join(f"{v:>16}" for v in row) + f"{sum(row):>8}")
    tot = [sum(c[(p, s, l)] for p in PHENOMENA for s in SECTIONS) for l in LABELS]
    print(f"{'all':<26}" + "".join(f"{v:>16}" for v in tot) + f"{sum(tot):>8}")
    sec = Counter(o.get("section") for o in objs)
    print("sections:", dict(sec), "| phenomena:", dict(ph))

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    p = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("items.jsonl")
    sys.exit(check(p))
