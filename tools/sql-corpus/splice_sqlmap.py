#!/usr/bin/env python3
"""Splices sqlmap's SQL injection payloads into a safe OMOP query and prints JSON Lines of
queries that the MediClear query validator must refuse.

    python3 tools/sql-corpus/splice_sqlmap.py SQLMAP_DIR [--stats] > sqlmap.jsonl

SQLMAP_DIR is an unpacked sqlmap source distribution (see fetch-sqlmap.sh); any directory with a
data/xml/payloads/*.xml below it (at depth <= 3) is accepted, and so is the payloads directory
itself. sqlmap is GPL: its payloads are read at test time and never committed.

Each line: {"id", "dialect", "query", "expected": "unsafe", "code", "acceptable_codes", "source"}
  code              the primary reason (see README.md for the rules)
  acceptable_codes  every code that is a correct refusal of this line; the primary code first
  source            "sqlmap:<payload file>:<test title>"

Only payload categories whose result is unsafe whatever the splice are used:
  * stacked queries (";SELECT …")                          -> MULTIPLE_STATEMENTS
  * time-based blind with SLEEP/BENCHMARK/PG_SLEEP/GET_LOCK -> DENIED_FUNCTION
  * exploitation vectors whose [INFERENCE]/[QUERY] reads a system catalog, UNION queries
    over a catalog, and detection payloads that already read one -> SYSTEM_CATALOG
Detection payloads that are safe no-ops (AND 1=1, ELT(1=1,…), heavy GENERATE_SERIES, error
functions over constants) are skipped. Only tests whose DBMS is MySQL or PostgreSQL, or that name
no DBMS (generic: emitted for both dialects), are used.

Standard library only; the output is deterministic (random values are seeded per test).
"""
import argparse
import binascii
import collections
import glob
import json
import os
import random
import re
import string
import sys
import xml.etree.ElementTree as ET

DIALECTS = {"MySQL": "mysql", "PostgreSQL": "postgres"}

# The safe base queries the payload is spliced into ({v} = the injected parameter value).
BASE_WHERE = "SELECT visit_occurrence_id FROM visit_occurrence WHERE person_id = {v}"
BASE_ORDER = "SELECT visit_occurrence_id FROM visit_occurrence WHERE person_id = 1 ORDER BY visit_start_date{p}"
ORIGINAL_VALUE = "1"

SLEEPTIME = "5"

# sqlmap's <clause>: 1 WHERE, 2 GROUP BY, 3 ORDER BY, … ; <where>: 1 append, 2 negative value, 3 replace.
WHERE_ORIGINAL, WHERE_NEGATIVE, WHERE_REPLACE = 1, 2, 3

# Catalog reads used to fill [INFERENCE] / [QUERY] / UNION, as sqlmap's queries.xml builds them.
# Each target: (label, blind single-value query, error/inline single-value query, inband fields, inband FROM)
TARGETS = {
    "mysql": [
        ("password-hash",
         "SELECT IFNULL(CAST(authentication_string AS NCHAR),0x20) FROM mysql.user WHERE user=0x726f6f74 LIMIT 0,1",
         "SELECT MID((IFNULL(CAST(authentication_string AS NCHAR),0x20)),1,54) FROM mysql.user WHERE user=0x726f6f74 LIMIT 0,1",
         ["user", "authentication_string"], "mysql.user"),
        ("tables",
         "SELECT IFNULL(CAST(table_name AS NCHAR),0x20) FROM INFORMATION_SCHEMA.TABLES WHERE table_schema=DATABASE() LIMIT 0,1",
         "SELECT MID((IFNULL(CAST(table_name AS NCHAR),0x20)),1,54) FROM INFORMATION_SCHEMA.TABLES WHERE table_schema=DATABASE() LIMIT 0,1",
         ["table_schema", "table_name"], "INFORMATION_SCHEMA.TABLES"),
        ("users",
         "SELECT DISTINCT(IFNULL(CAST(grantee AS NCHAR),0x20)) FROM INFORMATION_SCHEMA.USER_PRIVILEGES LIMIT 0,1",
         "SELECT MID((IFNULL(CAST(grantee AS NCHAR),0x20)),1,54) FROM INFORMATION_SCHEMA.USER_PRIVILEGES LIMIT 0,1",
         ["grantee", "privilege_type"], "INFORMATION_SCHEMA.USER_PRIVILEGES"),
    ],
    "postgres": [
        ("password-hash",
         "SELECT COALESCE(CAST(passwd AS VARCHAR(10000))::text,(CHR(32))) FROM pg_shadow WHERE usename=(CHR(112)||CHR(111)||CHR(115)||CHR(116)||CHR(103)||CHR(114)||CHR(101)||CHR(115)) OFFSET 0 LIMIT 1",
         "SELECT COALESCE(CAST(passwd AS VARCHAR(10000))::text,(CHR(32))) FROM pg_shadow OFFSET 0 LIMIT 1",
         ["usename", "passwd"], "pg_shadow"),
        ("tables",
         "SELECT COALESCE(CAST(tablename AS VARCHAR(10000))::text,(CHR(32))) FROM pg_tables WHERE schemaname=(CHR(112)||CHR(117)||CHR(98)||CHR(108)||CHR(105)||CHR(99)) OFFSET 0 LIMIT 1",
         "SELECT COALESCE(CAST(table_name AS VARCHAR(10000))::text,(CHR(32))) FROM information_schema.tables OFFSET 0 LIMIT 1",
         ["table_schema", "table_name"], "information_schema.tables"),
        ("users",
         "SELECT DISTINCT(COALESCE(CAST(usename AS VARCHAR(10000))::text,(CHR(32)))) FROM pg_user ORDER BY 1 OFFSET 0 LIMIT 1",
         "SELECT COALESCE(CAST(usename AS VARCHAR(10000))::text,(CHR(32))) FROM pg_user OFFSET 0 LIMIT 1",
         ["usename", "usesuper"], "pg_user"),
    ],
}

# [INFERENCE] templates from sqlmap's queries.xml (query, character position, threshold).
INFERENCE = {
    "mysql": "ORD(MID(({query}),{pos},1))>{threshold}",
    "postgres": "ASCII(SUBSTRING(({query})::text FROM {pos} FOR 1))>{threshold}",
}
# sqlmap's per-DBMS comment for a generic "--" comment.
DBMS_COMMENT = {"mysql": "-- -", "postgres": "--"}

DENIED_FUNCTION_RE = re.compile(
    r"(?i)(?<![\w$.])(?:\w+\.)?(pg_sleep\w*|sleep|benchmark|get_lock|release_lock|is_free_lock|is_used_lock|load_file|"
    r"pg_read_file|pg_read_binary_file|pg_ls_dir|lo_\w+|dblink\w*|pg_advisory\w*|pg_try_advisory\w*|query_to_xml\w*|"
    r"sys_exec|sys_eval)\s*\(")
CATALOG_RE = {
    "mysql": re.compile(r"(?i)\b(?:from|join)\s+`?(mysql|information_schema|performance_schema|sys)`?\s*\."),
    "postgres": re.compile(r"(?i)\b(?:from|join)\s+(?:\"?(?:pg_catalog|information_schema)\"?\s*\.|\"?pg_\w+\b\"?(?!\s*\())"),
}
UNKNOWN_TABLE_RE = {"postgres": re.compile(r"(?i)\bfrom\s+dual\b")}
# Constructs that the real server grammar does not accept: the line is then a PARSE_ERROR first.
# (Checked against libpg_query/PostgreSQL 15 and MariaDB 10.11 for sqlmap 1.10.10: only the
# PostgreSQL "Glibc" stacked payload fails, because sqlmap's string escaping turns the
# literals that CREATE FUNCTION … AS 'file','symbol' LANGUAGE 'C' requires into CHR() expressions.)
NO_PARSE_RE = {
    "mysql": [],
    "postgres": [re.compile(r"(?i)\bCREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\b[^;]*\bAS\s+\(CHR\(")],
}


def log(msg):
    print(msg, file=sys.stderr)


def find_payload_dir(root):
    root = os.path.abspath(root)
    if glob.glob(os.path.join(root, "*.xml")) and os.path.basename(root) == "payloads":
        return root
    for depth in range(0, 4):
        pattern = os.path.join(root, *(["*"] * depth), "data", "xml", "payloads")
        hits = sorted(p for p in glob.glob(pattern) if glob.glob(os.path.join(p, "*.xml")))
        if hits:
            return hits[0]
    raise SystemExit(f"no data/xml/payloads/*.xml found under {root}")


def slug(text):
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")


class Filler:
    """Replaces sqlmap's template tags with concrete values, like agent.cleanupPayload and
    agent.adjustLateValues do, with a per-test deterministic random source."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.start = self._delimiter()
        self.stop = self._delimiter()
        self.delim = self._delimiter()

    def _delimiter(self):
        return "q" + "".join(self.rng.choice("bjkpqvxz") for _ in range(3)) + "q"

    def randint(self):
        return str(self.rng.randint(1000, 9999))

    def randstr(self):
        return "".join(self.rng.choice(string.ascii_letters) for _ in range(4))

    def fill(self, text, dialect, inference=None, query=None):
        if inference is not None:
            text = text.replace("[INFERENCE]", inference)
        if query is not None:
            text = text.replace("[QUERY]", query)
        text = text.replace("[DELIMITER_START]", self.start).replace("[DELIMITER_STOP]", self.stop)
        text = text.replace("[SLEEPTIME]", SLEEPTIME).replace("[ORIGVALUE]", ORIGINAL_VALUE)
        text = text.replace("[GENERIC_SQL_COMMENT]", DBMS_COMMENT[dialect])
        text = text.replace("[SPACE_REPLACE]", self.randstr()).replace("[DOLLAR_REPLACE]", self.randstr())
        text = text.replace("[AT_REPLACE]", self.randstr()).replace("[HASH_REPLACE]", self.randstr())
        for tag in sorted(set(re.findall(r"\[RANDNUM\d*\]", text))):
            text = text.replace(tag, self.randint())
        for tag in sorted(set(re.findall(r"\[RANDSTR\d*\]", text))):
            text = text.replace(tag, self.randstr())
        return text


def escape_strings(text, dialect):
    """sqlmap's unescaper: string literals become 0x… (MySQL) or (CHR(..)||…) (PostgreSQL)."""
    def escaper(match):
        value = match.group(0)[1:-1].replace("''", "'")
        if not value:
            return match.group(0)
        if dialect == "mysql":
            return "0x" + binascii.hexlify(value.encode()).decode()
        return "(" + "||".join("CHR(%d)" % ord(c) for c in value) + ")"
    return re.sub(r"'(?:[^']|'')*'", escaper, text)


def splice(payload, comment, where, clauses, dialect, filler):
    """Builds the full query the way sqlmap's agent.prefixQuery/suffixQuery would send it."""
    payload = escape_strings(payload, dialect)
    comment = comment or ""
    if comment.startswith("--") or comment == "[GENERIC_SQL_COMMENT]":
        comment = DBMS_COMMENT[dialect]
    stacked = payload.startswith(";")
    if 1 in clauses or stacked:
        if where == WHERE_REPLACE:
            value = payload
        else:
            orig = ORIGINAL_VALUE if where == WHERE_ORIGINAL else "-" + filler.randint()
            value = orig + ("" if stacked else " ") + payload
        return BASE_WHERE.format(v=value) + comment
    if clauses & {2, 3}:
        # ORDER BY / GROUP BY payloads start with ',' and are appended without a space.
        return BASE_ORDER.format(p=payload) + comment
    return None


def classify(sql, payload, dialect):
    """Returns (primary code, acceptable codes) or None when the splice is not unsafe by the rules."""
    codes = []
    stacked = payload.lstrip().startswith(";")
    if stacked:
        codes.append("MULTIPLE_STATEMENTS")
    if DENIED_FUNCTION_RE.search(payload):
        codes.append("DENIED_FUNCTION")
    if CATALOG_RE[dialect].search(payload):
        codes.append("SYSTEM_CATALOG")
    if not codes:
        # Only the three categories above make a line; an unknown table alone (FROM DUAL in
        # PostgreSQL) is not one of them.
        return None
    if dialect in UNKNOWN_TABLE_RE and UNKNOWN_TABLE_RE[dialect].search(payload):
        codes.append("UNKNOWN_TABLE")
    if stacked and re.search(r"(?i);\s*(create|drop|insert|update|delete)\b", payload):
        codes.append("NOT_A_QUERY")
    if any(r.search(sql) for r in NO_PARSE_RE[dialect]):
        codes.insert(0, "PARSE_ERROR")
    # Exotic payload syntax (!SLEEP, RLIKE, PROCEDURE ANALYSE, 0x literals, :: casts …) may be beyond
    # a validator's parser; refusing such a line as PARSE_ERROR is also correct.
    if "PARSE_ERROR" not in codes:
        codes.append("PARSE_ERROR")
    return codes[0], codes


def union_query(dialect, count, position, char, target, filler):
    """sqlmap's agent.forgeUnionQuery for an inband (UNION) dump of two fields."""
    _, _, _, fields, table = target
    if dialect == "mysql":
        hexed = lambda s: "0x" + binascii.hexlify(s.encode()).decode()
        parts = [hexed(filler.start)]
        for i, f in enumerate(fields):
            if i:
                parts.append(hexed(filler.delim))
            parts.append(f"IFNULL(CAST({f} AS NCHAR),0x20)")
        parts.append(hexed(filler.stop))
        expr = "CONCAT(" + ",".join(parts) + ")"
    else:
        chrs = lambda s: "(" + "||".join("CHR(%d)" % ord(c) for c in s) + ")"
        parts = [chrs(filler.start)]
        for i, f in enumerate(fields):
            if i:
                parts.append(chrs(filler.delim))
            parts.append(f"COALESCE(CAST({f} AS VARCHAR(10000))::text,(CHR(32)))")
        parts.append(chrs(filler.stop))
        expr = "||".join(parts)
    cols = [expr if i == position else char for i in range(count)]
    return "UNION ALL SELECT " + ",".join(cols) + " FROM " + table


def tests_of(payload_dir):
    for path in sorted(glob.glob(os.path.join(payload_dir, "*.xml"))):
        name = os.path.basename(path)
        root = ET.parse(path).getroot()
        for test in root.findall("test"):
            yield name, test


def dialects_of(test):
    dbms = [d.text.strip() for d in test.findall("details/dbms") if d.text]
    if not dbms:
        return ["mysql", "postgres"]
    return [DIALECTS[d] for d in dbms if d in DIALECTS]


def clauses_of(test):
    text = (test.findtext("clause") or "").strip()
    out = set()
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
        elif part.strip():
            out.add(int(part))
    return out


def generate(payload_dir):
    seen = collections.Counter()
    skipped = collections.Counter()
    for fname, test in tests_of(payload_dir):
        title = (test.findtext("title") or "").strip()
        stype = int(test.findtext("stype") or 0)
        where = int((test.findtext("where") or "1").split(",")[0])
        clauses = clauses_of(test)
        vector = test.findtext("vector") or ""
        payload = test.findtext("request/payload") or ""
        comment = test.findtext("request/comment")
        source = f"sqlmap:{fname}:{title}"
        for dialect in dialects_of(test):
            targets = TARGETS[dialect]
            index = seen[(fname, dialect)]
            seen[(fname, dialect)] += 1
            target = targets[index % len(targets)]
            base_id = f"sqlmap-{os.path.splitext(fname)[0].replace('_', '-')}-{slug(title)}-{dialect}"

            if vector.strip() == "[UNION]":
                filler = Filler(f"{source}:{dialect}:union")
                char = (test.findtext("request/char") or "NULL").strip()
                cols = (test.findtext("request/columns") or "1-10").strip()
                if "[COLSTART]" in cols:
                    count = 3  # as if run with --union-cols=3
                else:
                    count = int(cols.split("-")[0])
                if char == "[CHAR]":
                    char = escape_strings("'%s'" % filler.rng.choice(string.ascii_lowercase), dialect)
                elif char == "[RANDNUM]":
                    char = filler.randint()
                union = union_query(dialect, count, count // 2, char, target, filler)
                sql = splice(union, comment, where, clauses, dialect, filler)
                result = classify(sql, union, dialect)
                if sql and result:
                    yield dict(id=f"{base_id}-union-{target[0]}", dialect=dialect, query=sql, expected="unsafe",
                               code=result[0], acceptable_codes=result[1], source=source)
                continue

            # 1. the detection payload, when it is unsafe on its own
            if payload:
                filler = Filler(f"{source}:{dialect}:payload")
                text = filler.fill(payload, dialect)
                sql = splice(text, comment, where, clauses, dialect, filler)
                result = classify(sql, text, dialect) if sql else None
                if result:
                    yield dict(id=f"{base_id}-payload", dialect=dialect, query=sql, expected="unsafe",
                               code=result[0], acceptable_codes=result[1], source=source)
                else:
                    skipped[f"{fname}: safe or unusable detection payload"] += 1

            # 2. the exploitation vector with [INFERENCE] / [QUERY] reading a system catalog
            if "[INFERENCE]" in vector or "[QUERY]" in vector:
                filler = Filler(f"{source}:{dialect}:vector")
                _, blind, single, _, _ = target
                inference = INFERENCE[dialect].format(query=blind, pos=1, threshold=64)
                text = filler.fill(vector, dialect, inference=inference, query=single)
                sql = splice(text, comment, where, clauses, dialect, filler)
                result = classify(sql, text, dialect) if sql else None
                if result:
                    yield dict(id=f"{base_id}-vector-{target[0]}", dialect=dialect, query=sql, expected="unsafe",
                               code=result[0], acceptable_codes=result[1], source=source)
                else:
                    skipped[f"{fname}: vector not unsafe or clause not spliceable"] += 1
    for reason, n in sorted(skipped.items()):
        log(f"skipped {n}: {reason}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sqlmap_dir", help="unpacked sqlmap sdist (or its data/xml/payloads directory)")
    ap.add_argument("--stats", action="store_true", help="print per-file and per-code counts to stderr")
    args = ap.parse_args()
    payload_dir = find_payload_dir(args.sqlmap_dir)
    per_file = collections.Counter()
    per_code = collections.Counter()
    ids = set()
    for line in generate(payload_dir):
        if line["id"] in ids:
            n = 2
            while f"{line['id']}-{n}" in ids:
                n += 1
            line["id"] = f"{line['id']}-{n}"
        ids.add(line["id"])
        # leftover template tags mean the splice is incomplete: never emit those
        if re.search(r"\[[A-Z_0-9]+\]", line["query"]):
            log(f"unfilled tag in {line['id']}: {line['query']}")
            continue
        per_file[line["source"].split(":")[1]] += 1
        per_code[(line["dialect"], line["code"])] += 1
        print(json.dumps(line, ensure_ascii=False))
    if args.stats:
        for f, n in sorted(per_file.items()):
            log(f"{f}: {n} lines")
        for (d, c), n in sorted(per_code.items()):
            log(f"{d} {c}: {n}")
        log(f"total: {sum(per_file.values())} lines")


if __name__ == "__main__":
    main()
