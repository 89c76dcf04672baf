#!/usr/bin/env python3
"""Structural check for the holdout6 evaluation set.

Confirms that every case.json parses, references an existing policy and one of
its procedure codes, every document name matches the pattern, and the counts
match the table in README.md.
"""
import datetime
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
STATUSES = ("APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED")
KINDS = ("clinic-note", "imaging-report", "lab-report", "pharmacy-history",
         "referral-letter", "op-consult", "progress-note", "procedure-report",
         "pathology-report", "ecg-report", "therapy-note", "psychiatry-note")
DOC_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(%s)\.txt$" % "|".join(KINDS))
FIRST, LAST = datetime.date(2023, 6, 1), datetime.date(2025, 3, 28)
ANALYSIS_DATE = "2025-03-31"

errors = []


def err(msg):
    errors.append(msg)


def load_policies():
    pdir = os.path.join(HERE, "policies")
    policies = {}
    for name in sorted(os.listdir(pdir)):
        path = os.path.join(pdir, name)
        if not name.endswith(".txt"):
            err("policies/%s: not a .txt file" % name)
            continue
        lines = open(path, encoding="utf-8").read().split("\n")
        if len(lines) < 4 or not lines[0].startswith("Title: ") or len(lines[0]) <= 7:
            err("policies/%s: line 1 must be 'Title: ...'" % name)
        if len(lines) < 2 or not lines[1].startswith("Procedure codes: "):
            err("policies/%s: line 2 must be 'Procedure codes: ...'" % name)
            continue
        if len(lines) < 3 or lines[2].strip() != "":
            err("policies/%s: line 3 must be blank" % name)
        if not "".join(lines[3:]).strip():
            err("policies/%s: empty body" % name)
        codes = [c.strip() for c in lines[1][len("Procedure codes: "):].split(",") if c.strip()]
        if not codes:
            err("policies/%s: no procedure codes" % name)
        policies[name[:-4]] = codes
    return policies


def load_table():
    """Parse the policy table in README.md -> {slug: (prefix, {status: n}, total)}, totals."""
    table, totals = {}, None
    text = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 8 or cells[0] in ("slug", "") or set(cells[0]) <= set("-"):
            if cells and cells[0] == "Total":
                totals = [int(x) for x in cells[4:8]]
            continue
        if cells[0] == "Total":
            totals = [int(x) for x in cells[4:8]]
            continue
        slug, _topic, codes, prefix = cells[:4]
        counts = dict(zip(STATUSES, (int(x) for x in cells[4:7])))
        table[slug] = (prefix, [c.strip() for c in codes.split(",")], counts, int(cells[7]))
    return table, totals


def main():
    ad = open(os.path.join(HERE, "analysis-date"), encoding="utf-8").read()
    if ad.strip() != ANALYSIS_DATE or ad.count("\n") > 1:
        err("analysis-date must be one line: %s" % ANALYSIS_DATE)

    allowed_top = {"README.md", "analysis-date", "policies", "cases", "verify.py", "__pycache__"}
    for name in os.listdir(HERE):
        if name not in allowed_top:
            err("unexpected top-level entry: %s" % name)

    policies = load_policies()
    table, totals = load_table()

    if set(table) != set(policies):
        err("README table slugs %s != policy files %s" % (sorted(table), sorted(policies)))
    for slug, (prefix, codes, _c, _t) in table.items():
        if slug in policies and codes != policies[slug]:
            err("README codes for %s %s != policy line %s" % (slug, codes, policies[slug]))

    counts = defaultdict(Counter)
    cdir = os.path.join(HERE, "cases")
    case_ids = sorted(os.listdir(cdir))
    for cid in case_ids:
        d = os.path.join(cdir, cid)
        if not os.path.isdir(d):
            err("cases/%s: not a directory" % cid)
            continue
        raw = open(os.path.join(d, "case.json"), encoding="utf-8").read() if os.path.exists(os.path.join(d, "case.json")) else None
        if raw is None:
            err("cases/%s: missing case.json" % cid)
            continue
        if raw.rstrip("\n").count("\n") != 0:
            err("cases/%s/case.json: must be on one line" % cid)
        try:
            case = json.loads(raw)
        except ValueError as e:
            err("cases/%s/case.json: does not parse (%s)" % (cid, e))
            continue
        if set(case) != {"policy", "procedure_code", "expected_status", "why"}:
            err("cases/%s/case.json: keys %s" % (cid, sorted(case)))
        slug = case.get("policy")
        if slug not in policies:
            err("cases/%s: unknown policy %r" % (cid, slug))
            continue
        if case.get("procedure_code") not in policies[slug]:
            err("cases/%s: code %r not in %s" % (cid, case.get("procedure_code"), policies[slug]))
        status = case.get("expected_status")
        if status not in STATUSES:
            err("cases/%s: bad expected_status %r" % (cid, status))
        if not isinstance(case.get("why"), str) or len(case.get("why", "")) < 20:
            err("cases/%s: 'why' missing or too short" % cid)
        prefix = table.get(slug, (None,))[0]
        if prefix and not re.fullmatch(re.escape(prefix) + r"-\d{2}", cid):
            err("cases/%s: id does not match prefix %r" % (cid, prefix))
        docs = [f for f in os.listdir(d) if f != "case.json"]
        if not 1 <= len(docs) <= 3:
            err("cases/%s: %d documents (need 1-3)" % (cid, len(docs)))
        for f in docs:
            m = DOC_RE.match(f)
            if not m:
                err("cases/%s/%s: bad document name" % (cid, f))
                continue
            try:
                dt = datetime.date.fromisoformat(m.group(1))
            except ValueError:
                err("cases/%s/%s: invalid date" % (cid, f))
                continue
            if not FIRST <= dt <= LAST:
                err("cases/%s/%s: date outside %s..%s" % (cid, f, FIRST, LAST))
            if not open(os.path.join(d, f), encoding="utf-8").read().strip():
                err("cases/%s/%s: empty document" % (cid, f))
        counts[slug][status] += 1

    grand = Counter()
    for slug, (prefix, _codes, want, total) in sorted(table.items()):
        got = counts.get(slug, Counter())
        for s in STATUSES:
            if got[s] != want[s]:
                err("%s: %s count %d != table %d" % (slug, s, got[s], want[s]))
        if sum(got.values()) != total or sum(want.values()) != total:
            err("%s: total %d (table says %d)" % (slug, sum(got.values()), total))
        grand.update(got)
    if totals is None:
        err("README table has no Total row")
    else:
        got_tot = [grand[s] for s in STATUSES] + [sum(grand.values())]
        if got_tot != totals:
            err("grand totals %s != table Total row %s" % (got_tot, totals))

    print("policies: %d   cases: %d" % (len(policies), len(case_ids)))
    for slug in sorted(counts):
        c = counts[slug]
        print("  %-38s %s  total %d" % (slug, "  ".join("%s=%d" % (s, c[s]) for s in STATUSES), sum(c.values())))
    print("  %-38s %s  total %d" % ("ALL", "  ".join("%s=%d" % (s, grand[s]) for s in STATUSES), sum(grand.values())))
    if errors:
        print("\n%d problem(s):" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
