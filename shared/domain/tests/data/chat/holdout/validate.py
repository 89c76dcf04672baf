#!/usr/bin/env python3
"""Sanity check for the held-out chat evaluation set (stdlib only)."""
import os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PAT = os.path.join(HERE, "patients")
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.txt$")

# Terms that must NOT occur in a patient's records (spot-check that
# selected unanswerable questions really are unanswerable).
ABSENT = {
    "hx01": ["cholesterol", "aspirat", "pulse", "vitamin d", "knee", "glucose", "vaccin", "hospital", "hand"],
    "hx02": ["ct scan", "ct chest", "computed", "sleep", "antitrypsin", "covid", "potassium", "echo", "glucose", "physio name"],
    "hx03": ["lumbar", "ct ", "botox", "thyroid", "tsh", "erenumab", "weight", "cervical spine", "cholesterol", "morning"],
    "hx04": ["colonoscopy", "vitamin d", "thyroid", "tsh", "hysterectomy", "blood group", "mammo", "breast"],
    "hx05": ["x-ray", "xray", "forearm", "denosumab", "height:", "tall", "magnesium", "2018", "ferritin", "b12"],
    "hx06": ["inr", "toe", "transoesophageal", "cholesterol", "ablation", "hba1c", "carotid", "holter", "warfarin"],
    "hx07": ["ct scan", "ct abdo", "computed", "b12", "dermatolog", "rash", "vitamin d", "dexa", "bone density", "hours"],
    "hx08": ["glucose", "epidural", "spinal", "thyroid", "tsh", "ferritin", "stitches", "driv", "10 min", "10-min", "hearing"],
}

errors = []
records = {}
for pid in sorted(os.listdir(PAT)):
    files = sorted(os.listdir(os.path.join(PAT, pid)))
    if not 4 <= len(files) <= 6:
        errors.append(f"{pid}: {len(files)} files")
    text = ""
    for fn in files:
        if not NAME_RE.match(fn):
            errors.append(f"{pid}/{fn}: bad file name")
        body = open(os.path.join(PAT, pid, fn), encoding="utf-8").read()
        n = len(body.splitlines())
        if not 10 <= n <= 40:
            errors.append(f"{pid}/{fn}: {n} lines")
        text += body.lower() + "\n"
    records[pid] = text

for pid, terms in ABSENT.items():
    for t in terms:
        if t in records[pid]:
            errors.append(f"{pid}: supposedly absent term {t!r} found in records")

counts = Counter(); per = Counter(); seen = set()
for i, line in enumerate(open(os.path.join(HERE, "questions.tsv"), encoding="utf-8"), 1):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 4:
        errors.append(f"line {i}: {len(parts)} columns"); continue
    pid, label, exp, q = parts
    if pid not in records:
        errors.append(f"line {i}: unknown patient {pid}")
    if (pid, q.lower()) in seen:
        errors.append(f"line {i}: duplicate question")
    seen.add((pid, q.lower()))
    if label == "answerable":
        if not 2 <= len(exp.split()) <= 6:
            errors.append(f"line {i}: expected {exp!r} not 2-6 words")
        if exp.lower() not in records.get(pid, ""):
            errors.append(f"line {i}: expected {exp!r} not in {pid} records")
    elif label == "unanswerable":
        if exp != "-":
            errors.append(f"line {i}: unanswerable must have '-'")
    else:
        errors.append(f"line {i}: bad label {label!r}")
    if not q.strip():
        errors.append(f"line {i}: empty question")
    counts[label] += 1; per[(pid, label)] += 1

for e in errors:
    print("ERROR", e)
print("patients:", len(records), "record files:",
      sum(len(os.listdir(os.path.join(PAT, p))) for p in records))
print("questions:", sum(counts.values()), dict(counts))
for pid in sorted(records):
    print(f"  {pid}: answerable={per[(pid,'answerable')]} unanswerable={per[(pid,'unanswerable')]}")
sys.exit(1 if errors else 0)
