"""Loads the FHIR fixture documents into a running MongoDB peer (nx-27017), one collection per
file of DATA_DIR (`<collection>.json`, a JSON array). Replaces what was there.

    load_mongo.py PORT DATA_DIR DATABASE
"""
import json
import pathlib
import sys

from pymongo import MongoClient


def main() -> None:
    port, data_dir, database = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
    client = MongoClient("127.0.0.1", port, directConnection=True, serverSelectionTimeoutMS=10000)
    db = client[database]
    for path in sorted(data_dir.glob("*.json")):
        documents = json.loads(path.read_text())
        db[path.stem].drop()
        if documents:
            db[path.stem].insert_many(documents)
        print(f"{path.stem} {db[path.stem].count_documents({})}")


if __name__ == "__main__":
    main()
