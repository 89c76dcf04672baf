#!/usr/bin/env bash
# Installs the tools MediClear's tests, checks and benchmarks use, into .tools/ (never globally).
# Idempotent: a tool set is reinstalled only when its requirements below change.
#
#   scripts/tools.sh test    moto's server (AWS emulator for DynamoDB, S3, Step Functions, API GW Management, Cognito)
#                            and schemathesis (property-based checks of mediclear-local against its OpenAPI document,
#                            scripts/schemathesis.sh)
#   scripts/tools.sh lint    aws-sam-cli, cfn-lint, checkov (PyPI) and asl-validator (npm)
#   scripts/tools.sh bench   cargo-lambda (PyPI wheel; `cargo install` would take half an hour)
#   scripts/tools.sh docs    Swagger UI's files (npm swagger-ui-dist) for the offline runtime's /docs page, into
#                            .tools/docs-ui/ (mediclear-local serves them from there; nothing comes from the internet
#                            at run time)
#   scripts/tools.sh ocr     the offline OCR engine and its test scans, from Debian (apt-get, system-wide: they are
#                            C programs the adapter shells out to): tesseract-ocr + tesseract-ocr-eng, poppler-utils
#                            (pdfinfo, pdftoppm), imagemagick + fonts-dejavu-core (deskews; renders the test scans)
#
# Prints the directory holding the set's executables on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
set_name=${1:?usage: scripts/tools.sh test|lint|bench|docs|ocr}

if [[ "$set_name" == docs ]]; then
  docs="$tools/docs-ui"
  want="swagger-ui-dist@5.35.0"
  if [[ ! -f "$docs/.mediclear-stamp" || "$(cat "$docs/.mediclear-stamp")" != "$want" ]]; then
    echo "installing $want into $docs" >&2
    rm -rf "$docs"
    mkdir -p "$docs"
    npm install --silent --no-audit --no-fund --prefix "$docs" "$want" >&2
    echo "$want" > "$docs/.mediclear-stamp"
  fi
  echo "$docs/node_modules/swagger-ui-dist"
  exit 0
fi

if [[ "$set_name" == ocr ]]; then
  # Installed only when missing. Without apt-get (not Debian) or root, outside CI the OCR tests skip and say so;
  # in CI (CI=true) that is a failure, because no OCR test may skip there.
  ocr_packages=(tesseract-ocr tesseract-ocr-eng poppler-utils imagemagick fonts-dejavu-core)
  missing=()
  for package in "${ocr_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    if command -v apt-get >/dev/null && ((EUID == 0)); then
      echo "installing ${missing[*]} (apt-get)" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    elif [[ "${CI:-}" == true || "${CI:-}" == 1 ]]; then
      echo "cannot install ${missing[*]}: needs apt-get as root" >&2
      exit 1
    else
      echo "warning: ${missing[*]} not installed (needs apt-get as root); the OCR tests will skip" >&2
    fi
  fi
  echo /usr/bin
  exit 0
fi

case "$set_name" in
  test)  python_reqs=("moto[server]==5.2.5" "schemathesis==4.32.5") ; npm_reqs=() ;;
  lint)  python_reqs=("aws-sam-cli==1.170.0" "cfn-lint==1.58.0" "checkov==3.2.459") ; npm_reqs=("asl-validator@3.16.0") ;;
  bench) python_reqs=("cargo-lambda==1.*") ; npm_reqs=() ;;
  *) echo "unknown tool set: $set_name" >&2; exit 2 ;;
esac

venv="$tools/$set_name-venv"
stamp="$venv/.mediclear-stamp"
want="${python_reqs[*]} | ${npm_reqs[*]}"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "installing $set_name tools into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${python_reqs[@]}" >&2
  if ((${#npm_reqs[@]})); then
    mkdir -p "$venv/node"
    npm install --silent --no-audit --no-fund --prefix "$venv/node" "${npm_reqs[@]}" >&2
    for bin in "$venv"/node/node_modules/.bin/*; do ln -sf "$bin" "$venv/bin/$(basename "$bin")"; done
  fi
  echo "$want" > "$stamp"
fi
echo "$venv/bin"
