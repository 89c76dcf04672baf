#!/usr/bin/env bash
# Fetches sqlmap's source distribution from PyPI and unpacks it into .fixtures/sqlmap/ (gitignored),
# for splice_sqlmap.py, which reads its data/xml/payloads/*.xml. sqlmap is GPL-2.0: its files are
# only read at test time and never committed to this repository.
#
# Pinned and hash-checked (--require-hashes); only python3 with pip is needed. Idempotent: a stamp
# file records what was unpacked, and a second run with the same pin does nothing. Prints the
# unpacked sdist directory on its last line, e.g.
#
#   python3 tools/sql-corpus/splice_sqlmap.py "$(tools/sql-corpus/fetch-sqlmap.sh | tail -n1)"
#
# To move to a newer sqlmap: change both pins below (pip download --no-binary :all: --no-deps
# sqlmap==X prints the file; sha256sum it), then re-check the output as README.md describes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
fixtures="$root/.fixtures/sqlmap"
stamp="$fixtures/.mediclear-stamp"

version=1.10.10
sha256=9dece8eb15e410ee10114d88d200f54a383f549b565c0147b647081ab805e399
want="sqlmap $version $sha256"
target="$fixtures/sqlmap-$version"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d "$target/sqlmap/data/xml/payloads" ]]; then
  echo "$target"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetching sqlmap $version (sdist)" >&2
echo "sqlmap==$version --hash=sha256:$sha256" >"$work/sqlmap.req"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
  --require-hashes -r "$work/sqlmap.req" -d "$work/dl" >&2
archive="$work/dl/sqlmap-$version.tar.gz"

rm -rf "$fixtures"/sqlmap-* "$stamp"
mkdir -p "$fixtures"
python3 - "$archive" "sqlmap-$version/" "$target" <<'PY'
import os, sys, tarfile
archive, prefix, target = sys.argv[1:]
count = 0
with tarfile.open(archive) as tar:
    for member in tar.getmembers():
        if not member.isfile() or not member.name.startswith(prefix):
            continue
        relative = member.name[len(prefix):]
        # Refuse anything that would land outside the target directory.
        if not relative or relative.startswith("/") or ".." in relative.split("/"):
            continue
        destination = os.path.join(target, relative)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with tar.extractfile(member) as source, open(destination, "wb") as sink:
            sink.write(source.read())
        count += 1
payloads = os.path.join(target, "sqlmap", "data", "xml", "payloads")
if not os.path.isdir(payloads):
    sys.exit(f"no sqlmap/data/xml/payloads in {archive}")
print(f"  {count} files into {target}", file=sys.stderr)
PY

echo "$want" >"$stamp"
echo "$target"
