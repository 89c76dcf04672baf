"""Generates the MongoDB fixture of the PHI-reports tests: FHIR R4 resources for 20 synthetic
patients, one JSON array per collection, in OUT_DIR:

    patients.json     Patient
    encounters.json   Encounter
    conditions.json   Condition
    observations.json Observation (labs and vitals: valueQuantity + effectiveDateTime; blood
                      pressure is a panel whose numbers sit in component[].valueQuantity)
    medications.json  MedicationRequest
    procedures.json   Procedure

carebundle (PyPI, offline, byte-identical output per seed) makes everything but the procedures:
for each patient one lab visit (generate_bundle: labs, vitals, conditions, prescriptions) and,
before it, six quarterly blood-pressure reviews (generate_history). carebundle emits no
Procedure resources, so this script adds two kinds of its own, derived from those visits: a
blood draw at the lab visit, and an ECG at the first review of the hypertension and CKD patients.

Every document carries `_id` (= the FHIR id, so reloading is deterministic) and a top-level
`patient_id` string (= the patient's FHIR id, also in `subject.reference` as `Patient/<id>`),
so that a report can be scoped to one patient with a plain equality match.

Usage: python fhir_mongo.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

from carebundle import generate_bundle, generate_history, to_ndjson

SEED = 20250301  # fixed: the same files on every machine, for every run
PATIENTS = 20
PROFILES = ["type2_diabetes", "hypertension", "ckd_stage3", "anaemia", "healthy"]
HISTORY_VISITS = 6
HISTORY_INTERVAL_DAYS = 90
FIRST_LAB_VISIT = date(2024, 6, 3)  # patient i's lab visit is 28*i days later (up to 2025-11)

# Our own Procedure ids: UUIDv5 in a namespace of ours, so they cannot collide with carebundle's.
PROCEDURE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mediclear:client-dbs:procedure")
HTEST = {
    "code": "HTEST",
    "display": "test health data",
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
}
BLOOD_DRAW = ("82078001", "Collection of blood specimen for laboratory (procedure)")
ECG = ("29303009", "Electrocardiographic procedure (procedure)")

COLLECTIONS = {
    "Patient": "patients",
    "Encounter": "encounters",
    "Condition": "conditions",
    "Observation": "observations",
    "MedicationRequest": "medications",
    "Procedure": "procedures",
}


def resources(bundle) -> dict[str, list[dict]]:
    """The bundle's resources by type, with ids minted and references made relative."""
    return {
        kind: [json.loads(line) for line in text.splitlines() if line.strip()]
        for kind, text in to_ndjson(bundle).items()
    }


def procedure(patient_id: str, encounter: dict, code: tuple[str, str], at: str, key: str) -> dict:
    return {
        "resourceType": "Procedure",
        "id": str(uuid.uuid5(PROCEDURE_NAMESPACE, f"{SEED}:{key}")),
        "meta": {
            "profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-procedure"],
            "security": [HTEST],
        },
        "status": "completed",
        "code": {
            "coding": [{"system": "http://snomed.info/sct", "code": code[0], "display": code[1]}],
            "text": code[1],
        },
        "subject": {"reference": f"Patient/{patient_id}"},
        "encounter": {"reference": f"Encounter/{encounter['id']}"},
        "performedDateTime": at,
    }


def patient_documents(index: int) -> dict[str, list[dict]]:
    profile = PROFILES[index % len(PROFILES)]
    sex = "F" if index % 2 == 0 else "M"
    lab_day = FIRST_LAB_VISIT + timedelta(days=28 * index)
    visit = resources(
        generate_bundle(profile=profile, seed=SEED, index=index, sex=sex, reference_date=lab_day)
    )
    history = resources(
        generate_history(
            profile=profile,
            seed=SEED,
            index=index,
            sex=sex,
            visits=HISTORY_VISITS,
            interval_days=HISTORY_INTERVAL_DAYS,
            reference_date=lab_day - timedelta(days=14),
        )
    )
    (patient,) = visit["Patient"]
    patient_id = patient["id"]
    # The history repeats the patient (same id, other demographics) and the conditions (same
    # ids): the lab visit's copies are kept. Its reviews and their readings are added.
    out: dict[str, list[dict]] = {
        "Patient": [patient],
        "Encounter": visit.get("Encounter", []) + history.get("Encounter", []),
        "Condition": visit.get("Condition", []),
        "Observation": visit.get("Observation", []) + history.get("Observation", []),
        "MedicationRequest": visit.get("MedicationRequest", []),
        "Procedure": [],
    }
    lab_encounter = visit["Encounter"][0]
    out["Procedure"].append(
        procedure(patient_id, lab_encounter, BLOOD_DRAW,
                  lab_encounter["period"]["start"].replace("T09:00", "T09:05"), f"{index}:blood-draw")
    )
    if profile in ("hypertension", "ckd_stage3"):
        first_review = min(history["Encounter"], key=lambda e: e["period"]["start"])
        out["Procedure"].append(
            procedure(patient_id, first_review, ECG,
                      first_review["period"]["start"].replace("T09:00", "T09:20"), f"{index}:ecg")
        )
    for kind, docs in out.items():
        for doc in docs:
            reference = doc["subject"]["reference"] if kind != "Patient" else f"Patient/{doc['id']}"
            if reference != f"Patient/{patient_id}":
                raise SystemExit(f"{kind}/{doc['id']} points at {reference}, not Patient/{patient_id}")
            doc["_id"] = doc["id"]
            doc["patient_id"] = patient_id
    return out


def main() -> None:
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    collections: dict[str, list[dict]] = {name: [] for name in COLLECTIONS.values()}
    for index in range(PATIENTS):
        for kind, docs in patient_documents(index).items():
            collections[COLLECTIONS[kind]].extend(docs)
    seen: set[str] = set()
    for name, docs in collections.items():
        for doc in docs:
            if doc["_id"] in seen:
                raise SystemExit(f"duplicate _id {doc['_id']} in {name}")
            seen.add(doc["_id"])
        numeric = sum(1 for d in docs if isinstance(d.get("valueQuantity", {}).get("value"), (int, float)))
        # One document per line inside the array: readable, diffable, still one JSON value.
        body = ",\n".join(json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for d in docs)
        (out_dir / f"{name}.json").write_text(f"[\n{body}\n]\n", encoding="utf-8")
        extra = f" ({numeric} with a numeric valueQuantity)" if name == "observations" else ""
        print(f"mongo {name}: {len(docs)} documents{extra}", file=sys.stderr)


if __name__ == "__main__":
    main()
