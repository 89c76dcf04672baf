"""Manual probe of nx-27017 (the SQLite-backed MongoDB wire-protocol server) against the FHIR
fixture: which commands, query operators, aggregation stages and expression operators it gets
RIGHT. Each check is compared with the answer computed in plain Python from the same JSON
files, because nx-27017 answers unknown commands with {ok: 1} instead of an error, and a stage
it half-supports can return a plausible but wrong result.

Not run by scripts/client-dbs.sh (the fixture script loads no server). Run it by hand:

    .tools/client-dbs-venv/bin/python tools/client-dbs/probe_nx27017.py .fixtures/client-dbs/mongo

It starts its own nx-27017 on a free loopback port, with its database, pid file and log file in
a temporary directory (the defaults /tmp/nx_27017.pid and /tmp/nx_27017.log are shared by every
instance: a second instance with the default pid file refuses to start), and stops it at the end.
Prints one line per check: OK, WRONG (answered, but not what MongoDB answers) or ERROR.
"""

from __future__ import annotations

import json
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from statistics import mean

import bson
import pymongo

HERE = Path(sys.executable).parent  # the venv's bin/ (not resolved: python is a symlink out of it)
results: list[tuple[str, str, str]] = []


def check(name: str, run, expect=None, compare=None):
    """Runs `run()`; OK when it equals `expect` (or `compare(result)` is true)."""
    try:
        got = run()
    except Exception as error:  # noqa: BLE001 - every failure is a finding here
        results.append((name, "ERROR", f"{type(error).__name__}: {str(error)[:160]}"))
        return None
    ok = compare(got) if compare else got == expect
    detail = "" if ok else f"got {str(got)[:160]} expected {str(expect)[:120]}"
    results.append((name, "OK" if ok else "WRONG", detail))
    return got


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw_op_msg(port: int, command: dict) -> dict:
    """One OP_MSG (opcode 2013) round trip on a fresh socket, no driver involved."""
    body = struct.pack("<I", 0) + b"\x00" + bson.encode(command)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(struct.pack("<iiii", 16 + len(body), 7, 0, 2013) + body)
        header = b""
        while len(header) < 16:
            header += s.recv(16 - len(header))
        length, _, _, opcode = struct.unpack("<iiii", header)
        rest = b""
        while len(rest) < length - 16:
            rest += s.recv(length - 16 - len(rest))
    if opcode != 2013:
        raise RuntimeError(f"answered with opcode {opcode}")
    return bson.decode(rest[5:])


def main() -> None:
    data_dir = Path(sys.argv[1]).resolve()
    docs = {p.stem: json.loads(p.read_text()) for p in sorted(data_dir.glob("*.json"))}
    work = Path(tempfile.mkdtemp(prefix="nx27017-probe-"))
    port = free_port()
    server_cmd = [str(HERE / "nx-27017"), "--db", str(work / "probe.db"), "--host", "127.0.0.1",
                  "-p", str(port), "--pid-file", str(work / "nx.pid"), "--log-file", str(work / "nx.log")]
    print("starting:", " ".join(server_cmd))
    server = subprocess.Popen(server_cmd, stdout=open(work / "stdout", "w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"nx-27017 did not listen on {port}: {(work / 'stdout').read_text()}")
        run_checks(port, docs)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(n) for n, _, _ in results)
    for name, status, detail in results:
        print(f"{status:5} {name:{width}} {detail}")
    counts = defaultdict(int)
    for _, status, _ in results:
        counts[status] += 1
    print(f"{counts['OK']} OK, {counts['WRONG']} WRONG, {counts['ERROR']} ERROR")


def run_checks(port: int, docs: dict[str, list[dict]]) -> None:
    # --- handshake and metadata commands, raw OP_MSG (what every driver sends after the handshake)
    hello = raw_op_msg(port, {"hello": 1, "$db": "admin"})
    check("OP_MSG hello (isWritablePrimary, maxWireVersion)", lambda: (hello.get("isWritablePrimary"), hello.get("maxWireVersion")),
          compare=lambda r: r[0] is True and isinstance(r[1], int))
    check("OP_MSG isMaster", lambda: raw_op_msg(port, {"isMaster": 1, "$db": "admin"}).get("maxWireVersion"),
          compare=lambda r: isinstance(r, int))
    check("OP_MSG buildInfo reports a version", lambda: raw_op_msg(port, {"buildInfo": 1, "$db": "admin"}).get("version"),
          compare=lambda v: isinstance(v, str), expect="a version string")
    check("OP_MSG buildinfo (lower case, as pymongo's server_info sends)",
          lambda: raw_op_msg(port, {"buildinfo": 1, "$db": "admin"}).get("version"), compare=lambda v: isinstance(v, str), expect="a version string")
    check("unknown command is an error (ok: 0)", lambda: raw_op_msg(port, {"noSuchCommand": 1, "$db": "admin"}).get("ok"),
          expect=0)
    check("saslStart (SCRAM) is refused or implemented", lambda: raw_op_msg(
        port, {"saslStart": 1, "mechanism": "SCRAM-SHA-256", "payload": b"n,,n=u,r=x", "$db": "admin"}),
          compare=lambda r: r.get("ok") == 0 or "conversationId" in r, expect="ok: 0 or a SCRAM conversation")

    client = pymongo.MongoClient(f"mongodb://127.0.0.1:{port}/?directConnection=true", serverSelectionTimeoutMS=5000)
    db = client["fhir"]
    for name, items in docs.items():
        db[name].insert_many(items)
    check("OP_MSG listDatabases has fhir", lambda: [d["name"] for d in raw_op_msg(port, {"listDatabases": 1, "$db": "admin"})["databases"]],
          compare=lambda names: "fhir" in names)
    check("OP_MSG listCollections", lambda: sorted(c["name"] for c in raw_op_msg(port, {"listCollections": 1, "$db": "fhir"})["cursor"]["firstBatch"]),
          expect=sorted(docs))
    check("OP_MSG find (filter, sort, limit, projection)", lambda: raw_op_msg(port, {
        "find": "patients", "filter": {"gender": "female"}, "sort": {"birthDate": 1}, "limit": 3,
        "projection": {"birthDate": 1}, "$db": "fhir"})["cursor"]["firstBatch"],
          expect=[{"_id": d["_id"], "birthDate": d["birthDate"]} for d in sorted(
              (d for d in docs["patients"] if d["gender"] == "female"), key=lambda d: d["birthDate"])[:3]])

    obs = docs["observations"]
    p0 = docs["patients"][0]["_id"]

    def value(d):
        return d.get("valueQuantity", {}).get("value")

    def loinc(d):
        return [c["code"] for c in d["code"]["coding"]]

    # --- insert / count / find through the driver
    check("count_documents per collection", lambda: {n: db[n].count_documents({}) for n in docs},
          expect={n: len(v) for n, v in docs.items()})
    check("find + getMore (batch_size 7 over all observations)", lambda: len(list(db.observations.find({}, batch_size=7))), expect=len(obs))
    check("find sort/skip/limit", lambda: [d["_id"] for d in db.observations.find({"patient_id": p0}, {"_id": 1}).sort([("effectiveDateTime", 1), ("_id", 1)]).skip(2).limit(3)],
          expect=[d["_id"] for d in sorted((d for d in obs if d["patient_id"] == p0), key=lambda d: (d["effectiveDateTime"], d["_id"]))[2:5]])
    check("distinct", lambda: sorted(db.observations.distinct("patient_id")), expect=sorted({d["patient_id"] for d in obs}))
    check("create_index + list_indexes", lambda: (db.observations.create_index("patient_id"),
                                                  [i["name"] for i in db.observations.list_indexes()])[1],
          compare=lambda names: "patient_id_1" in names, expect="MongoDB's default index name patient_id_1")

    # --- query operators (find filters and $match)
    hba1c = [d for d in obs if "4548-4" in loinc(d)]
    check("filter on dotted path into array (code.coding.code)", lambda: db.observations.count_documents({"code.coding.code": "4548-4"}), expect=len(hba1c))
    check("filter $gt on number (valueQuantity.value > 7)", lambda: db.observations.count_documents({"code.coding.code": "4548-4", "valueQuantity.value": {"$gt": 7}}),
          expect=sum(1 for d in hba1c if value(d) > 7))
    check("filter $gte/$lt on ISO date strings", lambda: db.observations.count_documents({"effectiveDateTime": {"$gte": "2025-01-01", "$lt": "2025-07-01"}}),
          expect=sum(1 for d in obs if "2025-01-01" <= d["effectiveDateTime"] < "2025-07-01"))
    check("filter $in", lambda: db.observations.count_documents({"patient_id": {"$in": [p0, docs["patients"][1]["_id"]]}}),
          expect=sum(1 for d in obs if d["patient_id"] in (p0, docs["patients"][1]["_id"])))
    check("filter $exists", lambda: db.observations.count_documents({"component": {"$exists": True}}), expect=sum(1 for d in obs if "component" in d))
    check("filter $regex", lambda: db.observations.count_documents({"code.text": {"$regex": "^Cholesterol"}}),
          expect=sum(1 for d in obs if d["code"]["text"].startswith("Cholesterol")))
    check("filter $or", lambda: db.observations.count_documents({"$or": [{"code.coding.code": "4548-4"}, {"code.coding.code": "2345-7"}]}),
          expect=sum(1 for d in obs if {"4548-4", "2345-7"} & set(loinc(d))))
    check("filter $elemMatch", lambda: db.observations.count_documents({"component": {"$elemMatch": {"code.coding.code": "8480-6", "valueQuantity.value": {"$gte": 140}}}}),
          expect=sum(1 for d in obs if any("8480-6" in loinc(c) and c["valueQuantity"]["value"] >= 140 for c in d.get("component", []))))
    check("filter $expr", lambda: db.observations.count_documents({"$expr": {"$gt": ["$valueQuantity.value", 100]}}),
          expect=sum(1 for d in obs if (value(d) or 0) > 100 if value(d) is not None))

    def agg(coll, pipeline):
        return lambda: list(db[coll].aggregate(pipeline))

    # --- aggregation stages
    series = sorted((d for d in obs if d["patient_id"] == p0 and value(d) is not None), key=lambda d: (d["effectiveDateTime"], d["_id"]))
    first_id = series[0]["_id"]
    check("$match+$project+$sort+$limit", agg("observations", [
        {"$match": {"patient_id": p0, "valueQuantity.value": {"$exists": True}}},
        {"$project": {"_id": 1, "at": "$effectiveDateTime", "value": "$valueQuantity.value", "unit": "$valueQuantity.unit"}},
        {"$sort": {"at": 1, "_id": 1}}, {"$limit": 5}]),
          expect=[{"_id": d["_id"], "at": d["effectiveDateTime"], "value": value(d), "unit": d["valueQuantity"].get("unit")} for d in series[:5]])
    check("$project inclusion of nested fields", agg("patients", [{"$match": {"_id": p0}}, {"$project": {"_id": 0, "name.family": 1, "birthDate": 1}}]),
          expect=[{"name": [{"family": docs["patients"][0]["name"][0]["family"]}], "birthDate": docs["patients"][0]["birthDate"]}])
    check("$project exclusion", agg("patients", [{"$match": {"_id": p0}}, {"$project": {"text": 0, "meta": 0}}]),
          expect=[{k: v for k, v in docs["patients"][0].items() if k not in ("text", "meta")}])
    per_patient = defaultdict(list)
    for d in hba1c:
        per_patient[d["patient_id"]].append(value(d))
    check("$match on array path -> $group $avg/$min/$max/$sum", agg("observations", [
        {"$match": {"code.coding.code": "4548-4"}},
        {"$group": {"_id": "$patient_id", "avg": {"$avg": "$valueQuantity.value"}, "min": {"$min": "$valueQuantity.value"},
                    "max": {"$max": "$valueQuantity.value"}, "n": {"$sum": 1}, "total": {"$sum": "$valueQuantity.value"}}},
        {"$sort": {"_id": 1}}]),
          compare=lambda got: [(g["_id"], round(g["avg"], 6), g["min"], g["max"], g["n"], round(g["total"], 6)) for g in got]
          == [(k, round(mean(v), 6), min(v), max(v), len(v), round(sum(v), 6)) for k, v in sorted(per_patient.items())],
          expect="per-patient HbA1c aggregates")
    by_code = defaultdict(int)
    for d in obs:
        by_code[d["code"]["coding"][0]["code"]] += 1
    check("$group by nested array element ($arrayElemAt)", agg("observations", [
        {"$group": {"_id": {"$arrayElemAt": ["$code.coding.code", 0]}, "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}]),
          expect=[{"_id": k, "n": v} for k, v in sorted(by_code.items())])
    check("$group $first/$last after $sort", agg("observations", [
        {"$match": {"patient_id": p0, "valueQuantity.value": {"$exists": True}}}, {"$sort": {"effectiveDateTime": 1, "_id": 1}},
        {"$group": {"_id": "$patient_id", "first": {"$first": "$_id"}, "last": {"$last": "$_id"}}}]),
          expect=[{"_id": p0, "first": series[0]["_id"], "last": series[-1]["_id"]}])
    check("$group $push/$addToSet", agg("medications", [
        {"$match": {"patient_id": p0}}, {"$group": {"_id": "$patient_id", "all": {"$push": "$_id"}, "set": {"$addToSet": "$status"}}}]),
          compare=lambda got: len(got) == 1 and sorted(got[0]["all"]) == sorted(d["_id"] for d in docs["medications"] if d["patient_id"] == p0)
          and sorted(got[0]["set"]) == sorted({d["status"] for d in docs["medications"] if d["patient_id"] == p0}),
          expect="push/addToSet of the patient's prescriptions")
    check("$group _id null (grand total)", agg("observations", [{"$group": {"_id": None, "n": {"$sum": 1}}}]), expect=[{"_id": None, "n": len(obs)}])
    check("$count", agg("observations", [{"$match": {"patient_id": p0}}, {"$count": "n"}]), expect=[{"n": sum(1 for d in obs if d["patient_id"] == p0)}])
    systolic = defaultdict(list)
    for d in obs:
        for c in d.get("component", []):
            if "8480-6" in loinc(c):
                systolic[d["patient_id"]].append(c["valueQuantity"]["value"])
    check("$unwind + $match on the unwound field + $group", agg("observations", [
        {"$match": {"component": {"$exists": True}}}, {"$unwind": "$component"},
        {"$match": {"component.code.coding.code": "8480-6"}},
        {"$group": {"_id": "$patient_id", "avg": {"$avg": "$component.valueQuantity.value"}, "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}]),
          compare=lambda got: [(g["_id"], round(g["avg"], 6), g["n"]) for g in got] == [(k, round(mean(v), 6), len(v)) for k, v in sorted(systolic.items())],
          expect="per-patient systolic means")
    check("$lookup (localField/foreignField)", agg("patients", [
        {"$match": {"_id": p0}}, {"$lookup": {"from": "conditions", "localField": "_id", "foreignField": "patient_id", "as": "conds"}},
        {"$project": {"n": {"$size": "$conds"}}}]),
          expect=[{"_id": p0, "n": sum(1 for d in docs["conditions"] if d["patient_id"] == p0)}])
    check("$lookup with pipeline", agg("patients", [
        {"$match": {"_id": p0}}, {"$lookup": {"from": "conditions", "let": {"p": "$_id"}, "pipeline": [{"$match": {"$expr": {"$eq": ["$patient_id", "$$p"]}}}], "as": "conds"}},
        {"$project": {"n": {"$size": "$conds"}}}]),
          expect=[{"_id": p0, "n": sum(1 for d in docs["conditions"] if d["patient_id"] == p0)}])
    check("$set (alias of $addFields)", agg("observations", [{"$match": {"_id": series[0]["_id"]}}, {"$addFields": {"v2": {"$multiply": ["$valueQuantity.value", 2]}}},
                                                 {"$set": {"k": "x"}}, {"$project": {"v2": 1, "k": 1}}]),
          expect=[{"_id": series[0]["_id"], "v2": value(series[0]) * 2, "k": "x"}])
    check("$unset", agg("patients", [{"$match": {"_id": p0}}, {"$unset": ["text", "meta", "name", "identifier"]}]),
          expect=[{k: v for k, v in docs["patients"][0].items() if k not in ("text", "meta", "name", "identifier")}])
    check("$replaceRoot", agg("observations", [{"$match": {"_id": series[0]["_id"]}}, {"$replaceRoot": {"newRoot": "$valueQuantity"}}]),
          expect=[series[0]["valueQuantity"]])
    check("$sortByCount", agg("encounters", [{"$sortByCount": "$patient_id"}, {"$limit": 1}, {"$project": {"count": 1, "_id": 0}}]),
          expect=[{"count": max(sum(1 for e in docs["encounters"] if e["patient_id"] == p["_id"]) for p in docs["patients"])}])
    check("$facet", agg("observations", [{"$facet": {"n": [{"$count": "n"}], "p": [{"$match": {"patient_id": p0}}, {"$count": "n"}]}}]),
          expect=[{"n": [{"n": len(obs)}], "p": [{"n": sum(1 for d in obs if d["patient_id"] == p0)}]}])
    check("$bucket", agg("observations", [{"$match": {"code.text": "Hemoglobin A1c/Hemoglobin.total in Blood"}},
                                         {"$bucket": {"groupBy": "$valueQuantity.value", "boundaries": [0, 5.7, 6.5, 100], "default": "other"}}]),
          expect=[{"_id": b, "count": n} for b, n in [(0, sum(1 for d in hba1c if value(d) < 5.7)), (5.7, sum(1 for d in hba1c if 5.7 <= value(d) < 6.5)),
                                                       (6.5, sum(1 for d in hba1c if value(d) >= 6.5))] if n])
    check("$sample", agg("observations", [{"$sample": {"size": 5}}]), compare=lambda got: len(got) == 5)
    check("$unionWith", agg("conditions", [{"$match": {"patient_id": p0}}, {"$unionWith": {"coll": "medications", "pipeline": [{"$match": {"patient_id": p0}}]}}, {"$count": "n"}]),
          expect=[{"n": sum(1 for d in docs["conditions"] + docs["medications"] if d["patient_id"] == p0)}])
    check("$setWindowFields", agg("observations", [{"$match": {"patient_id": p0, "code.coding.code": "4548-4"}},
                                                  {"$setWindowFields": {"partitionBy": "$patient_id", "sortBy": {"effectiveDateTime": 1},
                                                                        "output": {"n": {"$documentNumber": {}}}}}, {"$project": {"n": 1, "_id": 0}}]),
          expect=[{"n": i + 1} for i in range(sum(1 for d in hba1c if d["patient_id"] == p0))])
    check("$graphLookup", agg("patients", [{"$match": {"_id": p0}}, {"$graphLookup": {"from": "encounters", "startWith": "$_id", "connectFromField": "patient_id",
                                                                                     "connectToField": "patient_id", "as": "e", "maxDepth": 0}}, {"$project": {"n": {"$size": "$e"}}}]),
          expect=[{"_id": p0, "n": sum(1 for e in docs["encounters"] if e["patient_id"] == p0)}])
    check("$out", lambda: (list(db.procedures.aggregate([{"$match": {"patient_id": p0}}, {"$out": "probe_out"}])), db.probe_out.count_documents({}))[1],
          expect=sum(1 for d in docs["procedures"] if d["patient_id"] == p0))
    check("$merge", lambda: (list(db.procedures.aggregate([{"$match": {"patient_id": p0}}, {"$merge": {"into": "probe_merge"}}])), db.probe_merge.count_documents({}))[1],
          expect=sum(1 for d in docs["procedures"] if d["patient_id"] == p0))
    check("aggregate getMore (batchSize 10, all observations)", lambda: len(list(db.observations.aggregate([{"$match": {}}], batchSize=10))), expect=len(obs))

    # --- combinations that behave differently from their parts
    hb = "Hemoglobin A1c/Hemoglobin.total in Blood"
    check("$match on array path (code.coding.code) -> $count", agg("observations", [{"$match": {"code.coding.code": "4548-4"}}, {"$count": "n"}]), expect=[{"n": len(hba1c)}])
    check("$match on array path -> $sort", agg("observations", [{"$match": {"code.coding.code": "4548-4"}}, {"$sort": {"_id": 1}}]),
          compare=lambda got: [d["_id"] for d in got] == sorted(d["_id"] for d in hba1c), expect="the HbA1c ids, sorted")
    check("$match $elemMatch on array -> $count", agg("observations", [{"$match": {"code.coding": {"$elemMatch": {"code": "4548-4"}}}}, {"$count": "n"}]), expect=[{"n": len(hba1c)}])
    check("$match on scalar path (code.text) -> $group $avg", agg("observations", [{"$match": {"code.text": hb}}, {"$group": {"_id": "$patient_id", "avg": {"$avg": "$valueQuantity.value"}}}, {"$sort": {"_id": 1}}]),
          compare=lambda got: [(g["_id"], round(g["avg"], 6)) for g in got] == [(k, round(mean(v), 6)) for k, v in sorted(per_patient.items())], expect="per-patient HbA1c means")
    mine = sorted(d["_id"] for d in obs if d["patient_id"] == p0)
    status = {d["_id"]: d["status"] for d in obs}
    check("$project {_id: 1} alone (only the id)", agg("observations", [{"$match": {"patient_id": p0}}, {"$project": {"_id": 1}}]),
          compare=lambda got: sorted(map(sorted, (d.keys() for d in got))) == [["_id"]] * len(mine), expect="documents holding only _id")
    check("$sort -> $project", agg("observations", [{"$match": {"patient_id": p0}}, {"$sort": {"_id": 1}}, {"$project": {"status": 1}}]),
          expect=[{"_id": i, "status": status[i]} for i in mine])
    check("$sort -> $limit -> $project", agg("observations", [{"$match": {"patient_id": p0}}, {"$sort": {"_id": 1}}, {"$limit": 2}, {"$project": {"status": 1}}]),
          expect=[{"_id": i, "status": status[i]} for i in mine[:2]])
    check("$skip -> $project", agg("observations", [{"$match": {"patient_id": p0}}, {"$sort": {"_id": 1}}, {"$skip": 38}, {"$project": {"status": 1}}]),
          expect=[{"_id": i, "status": status[i]} for i in mine[38:]])
    check("$project -> $sort -> $skip -> $limit", agg("observations", [
        {"$match": {"patient_id": p0}}, {"$project": {"status": 1}}, {"$sort": {"_id": 1}}, {"$skip": 1}, {"$limit": 3}]),
          expect=[{"_id": i, "status": status[i]} for i in mine[1:4]])
    check("$match on array path -> $project computed field", agg("observations", [{"$match": {"code.coding.code": "4548-4"}}, {"$project": {"v": "$valueQuantity.value"}}]),
          compare=lambda got: sorted(d["_id"] for d in got) == sorted(d["_id"] for d in hba1c), expect="the HbA1c ids")
    check("$group with compound _id", agg("observations", [{"$match": {"patient_id": p0}}, {"$group": {"_id": {"p": "$patient_id", "s": "$status"}, "n": {"$sum": 1}}}]),
          expect=[{"_id": {"p": p0, "s": s}, "n": sum(1 for d in obs if d["patient_id"] == p0 and d["status"] == s)} for s in sorted({d["status"] for d in obs if d["patient_id"] == p0})])
    enc = defaultdict(int)
    for e in docs["encounters"]:
        enc[e["patient_id"]] += 1
    check("$group -> $match on the accumulator -> $sort", agg("encounters", [{"$group": {"_id": "$patient_id", "n": {"$sum": 1}}}, {"$match": {"n": {"$gte": 7}}}, {"$sort": {"_id": 1}}]),
          expect=[{"_id": k, "n": v} for k, v in sorted(enc.items()) if v >= 7])
    check("$project computed path into array ($code.coding.code)", agg("observations", [{"$match": {"_id": first_id}}, {"$project": {"_id": 0, "c": "$code.coding.code"}}]),
          expect=[{"c": [c["code"] for c in next(d for d in obs if d["_id"] == first_id)["code"]["coding"]]}])
    check("$filter with as", agg("patients", [{"$match": {"_id": p0}}, {"$project": {"_id": 0, "f": {"$filter": {"input": "$name", "as": "n", "cond": {"$eq": ["$$n.use", "official"]}}}}}]),
          expect=[{"f": [n for n in docs["patients"][0]["name"] if n.get("use") == "official"]}])
    check("$map with as", agg("patients", [{"$match": {"_id": p0}}, {"$project": {"_id": 0, "f": {"$map": {"input": "$name", "as": "n", "in": "$$n.family"}}}}]),
          expect=[{"f": [n["family"] for n in docs["patients"][0]["name"]]}])
    check("$addFields", agg("observations", [{"$match": {"_id": first_id}}, {"$addFields": {"k": "x"}}, {"$project": {"_id": 0, "k": 1}}]), expect=[{"k": "x"}])
    check("$replaceWith", agg("observations", [{"$match": {"_id": first_id}}, {"$replaceWith": "$valueQuantity"}]),
          expect=[next(d for d in obs if d["_id"] == first_id)["valueQuantity"]])
    check("$bucketAuto", agg("observations", [{"$match": {"code.text": hb}}, {"$bucketAuto": {"groupBy": "$valueQuantity.value", "buckets": 2}}]),
          compare=lambda got: len(got) == 2 and sum(b["count"] for b in got) == len(hba1c), expect="2 buckets covering all HbA1c")
    check("$densify (must add documents)", agg("typed", [{"$densify": {"field": "_id", "range": {"step": 1, "bounds": [0, 10]}}}, {"$count": "n"}]), expect=[{"n": 10}])
    check("$redact", agg("observations", [{"$match": {"patient_id": p0}}, {"$redact": "$$PRUNE"}]), expect=[])
    check("$group $stdDevPop", agg("observations", [{"$match": {"code.text": hb}}, {"$group": {"_id": None, "s": {"$stdDevPop": "$valueQuantity.value"}}}]),
          compare=lambda got: abs(got[0]["s"] - (sum((x - mean(sum(per_patient.values(), []))) ** 2 for x in sum(per_patient.values(), [])) / len(hba1c)) ** 0.5) < 1e-9, expect="population stddev")
    check("$group $count accumulator", agg("observations", [{"$group": {"_id": "$resourceType", "n": {"$count": {}}}}]), expect=[{"_id": "Observation", "n": len(obs)}])

    # --- expression operators (in $project / $group)
    first = series[0]
    at = first["effectiveDateTime"]
    as_date = datetime.fromisoformat(at.replace("Z", "+00:00")).replace(tzinfo=None)
    check("$toDate on effectiveDateTime", agg("observations", [{"$match": {"_id": first["_id"]}}, {"$project": {"_id": 0, "d": {"$toDate": "$effectiveDateTime"}}}]),
          expect=[{"d": as_date}])
    check("$dateFromString on effectiveDateTime", agg("observations", [{"$match": {"_id": first["_id"]}}, {"$project": {"_id": 0, "d": {"$dateFromString": {"dateString": "$effectiveDateTime"}}}}]),
          expect=[{"d": as_date}])
    check("$year/$month of $dateFromString", agg("observations", [{"$match": {"_id": first["_id"]}},
                                                                  {"$project": {"_id": 0, "y": {"$year": {"$dateFromString": {"dateString": "$effectiveDateTime"}}},
                                                                                "m": {"$month": {"$dateFromString": {"dateString": "$effectiveDateTime"}}}}}]),
          expect=[{"y": int(at[:4]), "m": int(at[5:7])}])
    check("$dateToString of $dateFromString", agg("observations", [{"$match": {"_id": first["_id"]}},
                                                                   {"$project": {"_id": 0, "s": {"$dateToString": {"format": "%Y-%m", "date": {"$dateFromString": {"dateString": "$effectiveDateTime"}}}}}}]),
          expect=[{"s": at[:7]}])
    check("$year on a string is an error (as in MongoDB)", agg("observations", [{"$match": {"_id": first["_id"]}}, {"$project": {"_id": 0, "y": {"$year": "$effectiveDateTime"}}}]),
          compare=lambda got: False, expect="OperationFailure")
    check("$substrBytes / $substr", agg("observations", [{"$match": {"_id": first["_id"]}}, {"$project": {"_id": 0, "a": {"$substrBytes": ["$effectiveDateTime", 0, 7]}, "b": {"$substr": ["$effectiveDateTime", 0, 4]}}}]),
          expect=[{"a": at[:7], "b": at[:4]}])
    check("$group by month string ($substrBytes)", agg("observations", [{"$match": {"patient_id": p0}}, {"$group": {"_id": {"$substrBytes": ["$effectiveDateTime", 0, 7]}, "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}]),
          expect=[{"_id": m, "n": n} for m, n in sorted({m: sum(1 for d in obs if d["patient_id"] == p0 and d["effectiveDateTime"][:7] == m) for m in {d["effectiveDateTime"][:7] for d in obs if d["patient_id"] == p0}}.items())])
    check("$concat/$toUpper", agg("patients", [{"$match": {"_id": p0}}, {"$project": {"_id": 0, "s": {"$concat": [{"$toUpper": "$gender"}, "-", "$birthDate"]}}}]),
          expect=[{"s": docs["patients"][0]["gender"].upper() + "-" + docs["patients"][0]["birthDate"]}])
    check("$cond/$ifNull", agg("observations", [{"$match": {"_id": first["_id"]}}, {"$project": {"_id": 0, "hi": {"$cond": [{"$gt": ["$valueQuantity.value", 1e9]}, "hi", "lo"]}, "n": {"$ifNull": ["$nope", "dflt"]}}}]),
          expect=[{"hi": "lo", "n": "dflt"}])
    check("$size/$filter/$map", agg("patients", [{"$match": {"_id": p0}}, {"$project": {"_id": 0, "n": {"$size": "$name"}, "f": {"$map": {"input": {"$filter": {"input": "$name", "cond": {"$eq": ["$$this.use", "official"]}}}, "in": "$$this.family"}}}}]),
          expect=[{"n": len(docs["patients"][0]["name"]), "f": [n["family"] for n in docs["patients"][0]["name"] if n.get("use") == "official"]}])
    check("$round/$divide/$toDouble", agg("observations", [{"$match": {"_id": first["_id"]}}, {"$project": {"_id": 0, "r": {"$round": [{"$divide": [{"$toDouble": "$valueQuantity.value"}, 3]}, 2]}}}]),
          expect=[{"r": round(value(first) / 3, 2)}])

    # --- BSON types the fixture does not carry but reports may meet
    db.typed.insert_many([{"_id": i, "at": datetime(2024, 1 + i, 1, tzinfo=timezone.utc), "v": bson.Int64(i)} for i in range(6)])
    check("BSON date range filter", lambda: db.typed.count_documents({"at": {"$gte": datetime(2024, 3, 1), "$lt": datetime(2024, 5, 1)}}), expect=2)
    check("BSON date sort desc + $year", agg("typed", [{"$sort": {"at": -1}}, {"$limit": 1}, {"$project": {"y": {"$year": "$at"}}}]), expect=[{"_id": 5, "y": 2024}])
    check("$dateToString on a BSON date", agg("typed", [{"$match": {"_id": 2}}, {"$project": {"_id": 0, "s": {"$dateToString": {"format": "%Y-%m-%d", "date": "$at"}}}}]),
          expect=[{"s": "2024-03-01"}])
    check("Int64 round trip", lambda: type(db.typed.find_one({"_id": 3})["v"]).__name__, compare=lambda t: t in ("Int64", "int"))
    check("Decimal128 insert + read back", lambda: (db.dec.insert_one({"_id": 1, "d": bson.Decimal128("3.5")}), str(db.dec.find_one({"_id": 1})["d"]))[1], expect="3.5")
    check("ObjectId _id auto-assigned", lambda: type(db.oid.insert_one({"a": 1}).inserted_id).__name__, expect="ObjectId")
    client.close()


if __name__ == "__main__":
    main()
