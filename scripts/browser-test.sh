#!/usr/bin/env bash
# Browser tests of the web console (console/): each role's main flow end to end in headless
# Chromium against a fresh `mediclear-local --demo`, plus the /docs page.
#
#   scripts/browser-test.sh
#
# 1. installs Debian's `chromium` (apt-get, only when /usr/bin/chromium is missing) and npm's
#    `playwright-core` (pinned, into .tools/browser/, only when missing or another version)
# 2. finds target/debug/mediclear-local (building it when missing)
# 3. starts it on a free port with a fresh data directory and --demo, and waits until it serves
# 4. runs console/tests/run.mjs (one Node process; flows in parallel browser contexts)
# 5. stops the runtime; exits non-zero when a flow failed
#
# Screenshots (and, for a failed flow, its screenshot and page log; the runtime's log) go to
# ${CARGO_TARGET_DIR:-target}/browser-artifacts/.
#
#   MEDICLEAR_CONSOLE_DIR=console   serve the console from disk instead of the copy in the binary
#   BROWSER_TEST_ONLY=text          run only the flows whose name contains text
#   BROWSER_TEST_CONCURRENCY=N      flows at once (default 3)
#
# Without apt-get/root, npm or node, it skips and says so — except with CI=true, where it fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

playwright_version=1.65.2
tools="$root/.tools/browser"
target="${CARGO_TARGET_DIR:-$root/target}"
artifacts="$target/browser-artifacts"
ci=false
[[ "${CI:-}" == true || "${CI:-}" == 1 ]] && ci=true

skip_or_fail() {
  if $ci; then
    echo "browser tests: $1 and CI=true: failing instead of skipping" >&2
    exit 1
  fi
  echo "browser tests: SKIPPED — $1" >&2
  exit 0
}

# 1. Chromium (Debian's build: no browser download at run time) and playwright-core.
if [[ ! -x /usr/bin/chromium ]]; then
  if command -v apt-get >/dev/null && ((EUID == 0)); then
    echo "browser tests: installing chromium (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
  else
    skip_or_fail "/usr/bin/chromium is missing (needs apt-get as root to install it)"
  fi
fi
command -v node >/dev/null || skip_or_fail "node is not installed"
installed=$(node -p "try { require('$tools/node_modules/playwright-core/package.json').version } catch { '' }" 2>/dev/null || true)
if [[ "$installed" != "$playwright_version" ]]; then
  command -v npm >/dev/null || skip_or_fail "npm is not installed"
  echo "browser tests: installing playwright-core@$playwright_version into $tools" >&2
  mkdir -p "$tools"
  printf '{"private": true, "dependencies": {"playwright-core": "%s"}}\n' "$playwright_version" >"$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --silent >&2
fi

# 2. The runtime.
runtime="$target/debug/mediclear-local"
if [[ ! -x "$runtime" ]]; then
  echo "browser tests: building mediclear-local" >&2
  cargo build --quiet -p mediclear-local --bin mediclear-local
fi

# The binary serves the console it was built with; when a console file is newer than the binary,
# the tests serve console/ from disk instead, so they always test the console as it is.
if [[ -z "${MEDICLEAR_CONSOLE_DIR:-}" ]] && [[ -n "$(find console -path console/tests -prune -o -type f -newer "$runtime" -print | head -n 1)" ]]; then
  echo "browser tests: console/ changed since $runtime was built: serving it from disk (MEDICLEAR_CONSOLE_DIR)" >&2
  export MEDICLEAR_CONSOLE_DIR="$root/console"
fi

rm -rf "$artifacts"
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/mediclear-browser.XXXXXX")
runtime_pid=
cleanup() {
  if [[ -n "$runtime_pid" ]] && kill -0 "$runtime_pid" 2>/dev/null; then
    kill "$runtime_pid" 2>/dev/null || true
    wait "$runtime_pid" 2>/dev/null || true
  fi
  [[ -f "$work/data/mediclear-local.log" ]] && cp "$work/data/mediclear-local.log" "$artifacts/runtime.log"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# 3. A fresh system with the demo data, on a free port. It prints `listening on` once the demo
# documents are indexed, so the flows start on a ready system.
started=$SECONDS
: >"$work/runtime.out"
"$runtime" --listen 127.0.0.1:0 --data-dir "$work/data" --demo >"$work/runtime.out" 2>"$artifacts/runtime.err" &
runtime_pid=$!
base=
for _ in $(seq 1 1500); do
  base=$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/runtime.out" | head -n 1 || true)
  [[ -n "$base" ]] && break
  if ! kill -0 "$runtime_pid" 2>/dev/null; then
    echo "browser tests: mediclear-local exited before serving:" >&2
    cat "$work/runtime.out" "$artifacts/runtime.err" >&2
    exit 1
  fi
  sleep 0.2
done
if [[ -z "$base" ]]; then
  echo "browser tests: mediclear-local did not serve within 300 s:" >&2
  cat "$work/runtime.out" >&2
  exit 1
fi
cp "$work/runtime.out" "$artifacts/runtime.out"
echo "browser tests: mediclear-local --demo at $base (ready after $((SECONDS - started)) s)"
if ! curl -fsS "$base/" | grep -q '/console/app.js'; then
  echo "browser tests: $base/ does not serve the console's index.html" >&2
  exit 1
fi

# 4. The flows.
status=0
MEDICLEAR_URL="$base" \
BROWSER_ARTIFACTS="$artifacts" \
PLAYWRIGHT_DIR="$tools" \
CHROMIUM=/usr/bin/chromium \
FHIR_PAS_DIR="$root/../shared/data/fhir-pas" \
  node --test-reporter=spec console/tests/run.mjs || status=$?
echo "browser tests: screenshots in $artifacts ($((SECONDS - started)) s in all)"
exit "$status"
