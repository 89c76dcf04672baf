#!/usr/bin/env python3
"""Validate items.jsonl for the criteria-dev evidence-matcher set and print counts."""
import json, re, sys, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "items.jsonl")
ANALYSIS = "2025-06-30"
MIN_DATE, MAX_DATE = "2023-01-01", "2025-06-27"
LABELS = {"met", "not_met", "not_documented"}
SECTIONS = {"requirement", "exclusion"}
PHEN = ["synonym", "abbreviation", "threshold", "duration", "recency", "count", "negation",
        "temporal", "experiencer", "alternatives", "conjunction", "trial_failure", "age",
        "implicit", "exam_finding", "scale_score"]
KEYS = ["id", "topic", "section", "criterion", "notes", "expected", "phenomenon", "why"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

errors = []
items = []
with open(PATH, encoding="utf-8") as fh:
    for n, line in enumerate(fh, 1):
        try:
            items.append(json.loads(line))
        except Exception as e:
            errors.append(f"line {n}: bad JSON: {e}")

ids = set()
for it in items:
    i = it.get("id")
    if list(it.keys()) != KEYS:
        errors.append(f"{i}: keys {list(it.keys())}")
    if i in ids:
        errors.append(f"{i}: duplicate id")
    ids.add(i)
    if not re.fullmatch(r"CD-\d{3}", i or ""):
        errors.append(f"{i}: bad id")
    if it.get("section") not in SECTIONS: errors.append(f"{i}: section")
    if it.get("expected") not in LABELS: errors.append(f"{i}: expected")
    if it.get("phenomenon") not in PHEN: errors.append(f"{i}: phenomenon")
    for k in ("topic", "criterion", "why"):
        if not isinstance(it.get(k), str) or not it[k].strip(): errors.append(f"{i}: empty {k}")
    notes = it.get("notes") or []
    if not 1 <= len(notes) <= 3: errors.append(f"{i}: {len(notes)} notes")
    for nt in notes:
        if set(nt) != {"date", "kind", "text"}: errors.append(f"{i}: note keys")
        d = nt.get("date", "")
        if not DATE.match(d) or not (MIN_DATE <= d <= MAX_DATE) or d > ANALYSIS:
            errors.append(f"{i}: note date {d}")
        if not nt.get("text", "").strip(): errors.append(f"{i}: empty note")

N = len(items)
lab = collections.Counter(it["expected"] for it in items)
sec = collections.Counter(it["section"] for it in items)
print(f"N = {N}")
print("labels:", {k: f"{lab[k]} ({100*lab[k]/N:.0f}%)" for k in ("met", "not_met", "not_documented")})
print("sections:", {k: f"{sec[k]} ({100*sec[k]/N:.0f}%)" for k in ("requirement", "exclusion")})
print("\nlabel x section")
for s in ("requirement", "exclusion"):
    print(f"  {s:12s}", {l: sum(1 for it in items if it['section']==s and it['expected']==l) for l in ("met","not_met","not_documented")})
print("\nphenomenon: total | met not_met not_documented | req excl")
for p in PHEN:
    sub = [it for it in items if it["phenomenon"] == p]
    c = collections.Counter(it["expected"] for it in sub)
    s = collections.Counter(it["section"] for it in sub)
    flag = "" if len(sub) >= 8 else "   <-- fewer than 8"
    print(f"  {p:14s} {len(sub):3d} | {c['met']:3d} {c['not_met']:3d} {c['not_documented']:3d} | {s['requirement']:3d} {s['exclusion']:3d}{flag}")
    if len(sub) < 8: errors.append(f"phenomenon {p} has {len(sub)} items")
print("\ntopics:", dict(collections.Counter(it["topic"] for it in items)))
if errors:
    print("\nERRORS:"); [print("  " + e) for e in errors]; sys.exit(1)
print("\nOK")
