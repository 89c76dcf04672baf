#!/usr/bin/env bash
# Property-based API checks: schemathesis against the offline runtime's own OpenAPI document.
#
#   scripts/schemathesis.sh
#
# Builds and starts `mediclear-local --demo` on a free port with a fresh data directory, then runs
# schemathesis over every operation of the `/openapi.json` the runtime serves (generated from the
# handlers, so a new route is covered the day it is added) once without a token and once per demo
# role with that role's bearer token, then sends a few malformed queries schemathesis never writes and
# scans the recorded errors for echoed input (see below). Bounded: a fixed seed and a fixed number of
# examples per operation (about two minutes on two cores). Fails (exit 1) on any server error or any
# response that contradicts the document, and prints which operation failed which check, with the
# smallest request that shows it and the response.
#
#   ST_SEED=N ST_MAX_EXAMPLES=N   override the seed (default 20260101) and the examples per operation (25)
#
# Reports (per role: schemathesis output, JUnit, NDJSON) are kept in target/schemathesis/.
# Needs python3 (schemathesis is installed into .tools/test-venv by scripts/tools.sh test). Without
# python3 it skips, saying so — except with CI=true, where it never skips.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seed=${ST_SEED:-20260101}
max_examples=${ST_MAX_EXAMPLES:-25}
roles=(anonymous demo-admin demo-provider demo-insurer demo-doctor demo-patient)
# One worker per schemathesis process. Its workers are threads, and on CPython 3.11 (seen with
# 3.11.7) two threads building strategies at once trip a thread-safety bug in the AST parser that
# Hypothesis uses to describe lambdas ("SystemError: AST constructor recursion depth mismatch", see
# python/cpython#106905), which schemathesis reports as a Runtime Error (FlakyFailure) and a non-zero
# exit, at random. One worker was measured as fast as two here; the second core serves the runtime.
workers=1

# The checks that mean "server error" or "the response contradicts the document":
#   not_a_server_error            a 5xx answer
#   status_code_conformance       a status the operation does not declare
#   content_type_conformance      a content type the declared response does not have
#   response_headers_conformance  a declared response header missing or not matching its schema
#   response_schema_conformance   a body that does not match the declared schema
#   negative_data_rejection       a request the document makes invalid (wrong type, pattern, missing
#                                 required field, empty or undecodable parameter, …) answered 2xx
#   missing_required_header       a required header (Authorization where `security` says so) left out
#                                 and still accepted
#   ignored_auth                  an operation with `security` that answers 2xx without or with a bad token
#   unsupported_method            a method the document does not declare on a path answered other than
#                                 405, or 405 without an `Allow` header (RFC 9110) — ST204
#   allow_header_conformance      an `Allow` header that does not list the methods the document declares
#   use_after_free, ensure_resource_availability
#                                 stateful phase: something a response says was created is not there
#
# Left out, on purpose:
#   positive_data_acceptance      fails whenever a schema-valid request gets 400/422. The document
#                                 declares those statuses because validity is not only a matter of shape:
#                                 an opaque `next_token` the server never issued (any string ≤ 4096 is
#                                 schema-valid), a `procedure_code` no uploaded policy covers (422
#                                 NO_POLICY_FOR_PROCEDURE), a `text/plain` record whose bytes are a PNG.
#                                 JSON Schema cannot express these, so every report of this check here is
#                                 the tool's premise failing, not the server contradicting the document.
#   object_level_authorization    needs several identities in one run (a WFC auth file); each run here
#                                 has one, so the check could never fire.
#   max_response_time             timing on a shared 2-core machine is not a conformance property.
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance
checks+=,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth
checks+=,unsupported_method,allow_header_conformance,use_after_free,ensure_resource_availability

if ! command -v python3 >/dev/null 2>&1; then
  if [[ "${CI:-}" == true ]]; then
    echo "schemathesis: python3 is missing and CI=true: failing instead of skipping" >&2
    exit 1
  fi
  echo "schemathesis: SKIPPED — python3 is not installed (install it to run the API conformance checks)" >&2
  exit 0
fi

tools_bin=$(scripts/tools.sh test | tail -n 1)
st="$tools_bin/st"
py="$tools_bin/python"

cargo build --quiet -p mediclear-local --bin mediclear-local
runtime="${CARGO_TARGET_DIR:-$root/target}/debug/mediclear-local"
reports="${CARGO_TARGET_DIR:-$root/target}/schemathesis"
rm -rf "$reports"
mkdir -p "$reports"

work=$(mktemp -d "${TMPDIR:-/tmp}/mediclear-schemathesis.XXXXXX")
runtime_pid=
cleanup() {
  if [[ -n "$runtime_pid" ]] && kill -0 "$runtime_pid" 2>/dev/null; then
    kill "$runtime_pid" 2>/dev/null || true
    wait "$runtime_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

started=$SECONDS
: >"$work/runtime.out" # exists before the runtime's own redirection does: the wait below reads it
"$runtime" --listen 127.0.0.1:0 --data-dir "$work/data" --demo >"$work/runtime.out" 2>"$reports/runtime.log" &
runtime_pid=$!
base=
for _ in $(seq 1 300); do
  base=$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/runtime.out" | head -n 1 || true)
  [[ -n "$base" ]] && break
  if ! kill -0 "$runtime_pid" 2>/dev/null; then
    echo "schemathesis: mediclear-local exited before serving; its log:" >&2
    cat "$reports/runtime.log" >&2
    exit 1
  fi
  sleep 0.2
done
if [[ -z "$base" ]]; then
  echo "schemathesis: mediclear-local did not print 'listening on' within 60 s; its log:" >&2
  cat "$reports/runtime.log" >&2
  exit 1
fi
echo "schemathesis: mediclear-local at $base (seed $seed, $max_examples examples per operation, roles: ${roles[*]})"

token_for() {
  "$py" - "$base" "$1" <<'EOF'
import json, sys, urllib.error, urllib.request
base, user = sys.argv[1], sys.argv[2]
request = urllib.request.Request(
    f"{base}/api/v1/auth/token",
    data=json.dumps({"username": user, "password": "demo-password"}).encode(),
    headers={"content-type": "application/json"},
)
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        print(json.load(response)["data"]["access_token"])
except urllib.error.HTTPError as error:
    sys.exit(f"schemathesis: no token for {user}: {error.code} {error.read()[:300]!r}")
EOF
}

# Every token before any run: the runs send failed sign-ins to /auth/token, and the runtime throttles
# failed sign-ins per client address (429), which would refuse a later role's sign-in.
declare -A tokens
for role in "${roles[@]}"; do
  if [[ "$role" != anonymous ]]; then
    tokens[$role]=$(token_for "$role")
  fi
done

# One config per run, written here (schemathesis would otherwise read a schemathesis.toml from the
# working directory, which is $work). The token goes in through the document's own security scheme
# (`cognito_id_token`), so operations without `security` (health, auth/token) are sent without it
# and ignored_auth / missing_required_header know what to strip.
write_config() { # $1: path, $2: with a bearer token (yes/no)
  cat >"$1" <<'EOF'
[cache]
# No state carried between runs: the same seed gives the same requests.
enabled = false

[output.sanitization]
# Hide credentials in the output, but not every field whose name contains "token"
# (the default would print `next_token=[Filtered]` and make the reproduction useless).
keys-to-sanitize = ["authorization", "password", "access_token"]
sensitive-markers = ["authorization", "password", "access_token"]
EOF
  if [[ "$2" == yes ]]; then
    cat >>"$1" <<'EOF'

[auth.openapi.cognito_id_token]
bearer = "${MEDICLEAR_ST_TOKEN}"
EOF
  fi
}

# Two things schemathesis does not do, checked here for every operation of the same served document
# (so later routes are covered too):
#
#   query_probe          an operation that declares query parameters gets, one request each:
#                        `name=` for every primitive parameter whose schema does not admit "" (an
#                        integer, an enum, a minLength or pattern), `name=%zz` (a value that cannot be
#                        percent-decoded) and `%zz=1` (a name that cannot be). Each is invalid input
#                        (the document's 400s; API.md: "400 malformed or invalid input"), so a 2xx
#                        answer fails, and so does a 5xx. Schemathesis does not reliably send these:
#                        it draws values from the parameter's type (in these runs it sent
#                        `provider_id=` but never `limit=` or `status=`) and percent-encodes names.
#   error_echoes_input   (over every response schemathesis recorded) an error message that repeats a
#                        value the client sent. Errors carry ids, never names, notes or passages
#                        (README, Security); so values of path parameters and of `*_id` fields, and
#                        the document's own enum/const words, are not counted as echoes.
probe_queries() { # $1: output JSON file; token in MEDICLEAR_ST_TOKEN (empty: none)
  "$py" - "$base" "$1" <<'EOF'
import http.client, json, os, sys, urllib.parse
import jsonschema_rs

base, out = sys.argv[1], sys.argv[2]
token = os.environ.get("MEDICLEAR_ST_TOKEN", "")
split = urllib.parse.urlsplit(base)

def send(method, target, headers):
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=30)
    try:
        connection.request(method, target, headers=headers)  # sent as written: no re-encoding
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "backslashreplace")
    finally:
        connection.close()

status, text = send("GET", "/openapi.json", {})
document = json.loads(text)

def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"].removeprefix("#/").split("/")
        node = document
        for part in pointer:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node

def sample(parameter):
    schema = resolve(parameter.get("schema", {}))
    for value in (parameter.get("example"), schema.get("example"), (schema.get("examples") or [None])[0], schema.get("default")):
        if value is not None:
            return str(value)
    if schema.get("enum"):
        return str(schema["enum"][0])
    return "1" if schema.get("type") in ("integer", "number") else "x"

failures = []
for path, item in document.get("paths", {}).items():
    for method, operation in item.items():
        if method not in ("get", "put", "post", "delete", "patch", "head", "options"):
            continue
        parameters = [resolve(p) for p in item.get("parameters", []) + operation.get("parameters", [])]
        query = [p for p in parameters if p.get("in") == "query"]
        if not query:
            continue
        label = f"{method.upper()} {path}"
        target = path
        for p in parameters:
            if p.get("in") == "path":
                target = target.replace("{" + p["name"] + "}", urllib.parse.quote(sample(p), safe=""))
        required = [f"{urllib.parse.quote(p['name'])}={urllib.parse.quote(sample(p))}" for p in query if p.get("required")]
        probes = []
        for p in query:
            schema = resolve(p.get("schema", {}))
            others = [r for r in required if not r.startswith(urllib.parse.quote(p["name"]) + "=")]
            if schema.get("type") not in ("array", "object") and not jsonschema_rs.validator_for({**p.get("schema", {}), "components": document.get("components", {})}).is_valid(""):
                probes.append(("&".join(others + [f"{urllib.parse.quote(p['name'])}="]), f"`{p['name']}` with an empty value, which its schema does not admit"))
            probes.append(("&".join(others + [f"{urllib.parse.quote(p['name'])}=%zz"]), f"`{p['name']}` with a value that cannot be percent-decoded"))
        probes.append(("&".join(required + ["%zz=1"]), "a parameter name that cannot be percent-decoded"))
        headers = {"accept": "application/json"}
        if token and (operation.get("security", document.get("security")) or []):
            headers["authorization"] = f"Bearer {token}"
        for query_string, why in probes:
            status, body = send(method.upper(), f"{target}?{query_string}", headers)
            if 200 <= status < 300 or status >= 500:
                failures.append({
                    "operation": label,
                    "check": "query_probe" if status < 500 else "not_a_server_error",
                    "detail": f"{why}: answered {status}, expected a 4xx",
                    "request": {"method": method.upper(), "target": f"{target}?{query_string}",
                                "headers": {k: ("Bearer [token]" if k == "authorization" else v) for k, v in headers.items()}},
                    "status": status, "body": body,
                })
json.dump(failures, open(out, "w"))
EOF
}

failed=()
for role in "${roles[@]}"; do
  out="$reports/$role"
  mkdir -p "$out"
  cfg="$work/$role.toml"
  if [[ "$role" == anonymous ]]; then
    write_config "$cfg" no
    token=
  else
    write_config "$cfg" yes
    token=${tokens[$role]}
  fi
  role_started=$SECONDS
  set +e
  (cd "$work" && MEDICLEAR_ST_TOKEN="$token" "$st" --config-file "$cfg" run "$base/openapi.json" \
      --url "$base" \
      --checks "$checks" \
      --phases examples,coverage,fuzzing,stateful \
      --seed "$seed" --max-examples "$max_examples" \
      --workers "$workers" \
      --continue-on-failure \
      --generation-database none \
      --request-timeout 30 \
      --report junit,ndjson --report-dir "$out" \
      --report-junit-path "$out/junit.xml" --report-ndjson-path "$out/events.ndjson" \
      --no-color) >"$out/output.txt" 2>&1
  rc=$?
  set -e
  echo "schemathesis: $role: exit $rc in $((SECONDS - role_started)) s ($(grep -E '^=+ .* in [0-9.]+s =+$' "$out/output.txt" | tr -d '=' | sed 's/^ *//;s/ *$//' || true))"
  if ((rc != 0)); then
    failed+=("$role")
    if [[ ! -s "$out/events.ndjson" ]]; then
      # schemathesis stopped before testing (schema not loadable, bad option): show why.
      tail -n 40 "$out/output.txt" >&2
    fi
  fi
  MEDICLEAR_ST_TOKEN="$token" probe_queries "$out/probes.json"
done

if ! kill -0 "$runtime_pid" 2>/dev/null; then
  echo "schemathesis: mediclear-local died during the run; see $reports/runtime.log" >&2
  failed+=("runtime")
fi

# One summary over every role: each (operation, check) once, each distinct finding under it once,
# with the roles it showed for and the first request that showed it. Exit 1 if there is any.
summary_rc=0
"$py" - "$reports" "$base" "${roles[@]}" <<'EOF' || summary_rc=$?
import base64, json, pathlib, re, sys, urllib.parse, urllib.request

reports, base, roles = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
document = json.load(urllib.request.urlopen(f"{base}/openapi.json", timeout=30))

def text(payload, limit):
    if payload is None:
        return ""
    if isinstance(payload, dict) and "$base64" in payload:
        payload = base64.b64decode(payload["$base64"]).decode("utf-8", "backslashreplace")
    elif not isinstance(payload, str):
        payload = json.dumps(payload)
    payload = payload.replace("\r\n", "\\r\\n").replace("\n", "\\n")
    return payload if len(payload) <= limit else payload[:limit] + "…"

# The document's own vocabulary (enum and const words): an error naming one is not an echo.
vocabulary = set()
def collect(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum" and isinstance(value, list):
                vocabulary.update(v for v in value if isinstance(v, str))
            elif key == "const" and isinstance(value, str):
                vocabulary.add(value)
            else:
                collect(value)
    elif isinstance(node, list):
        for value in node:
            collect(value)
collect(document)

def sent_values(request):
    """(name, value) of every string the client sent, except path segments (ids)."""
    values = [(n, v) for n, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(request["uri"]).query, keep_blank_values=True)]
    body = request.get("body")
    if isinstance(body, dict) and "$base64" in body:
        try:
            parsed = json.loads(base64.b64decode(body["$base64"]))
        except ValueError:
            parsed = None
        def walk(node, name):
            if isinstance(node, str):
                values.append((name, node))
            elif isinstance(node, dict):
                for key, value in node.items():
                    walk(value, key)
            elif isinstance(node, list):
                for value in node:
                    walk(value, name)
        walk(parsed, "")
    return values

def echoed(request, response):
    if (response.get("status_code") or 0) < 400 or not response.get("content"):
        return None, None
    try:
        envelope = json.loads(base64.b64decode(response["content"]["$base64"]))
        message = envelope["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return None, None
    for name, value in sent_values(request):
        if name.endswith("_id") or len(value.strip()) < 4 or value in vocabulary:
            continue
        if re.search(r"(?<![A-Za-z0-9])" + re.escape(value) + r"(?![A-Za-z0-9])", message):
            return f"the error message repeats the value the client sent in `{name}`", value
    return None, None

def size(example):
    source, value = example
    if source == "probe":
        return len(value["request"]["target"])
    request = (value or {}).get("request") or {}
    return len(request.get("uri", "")) + len(json.dumps(request.get("body")))

found = {}  # (operation, check) -> detail -> {"roles": [...], "variants": [...], "example": ...}
def record(operation, check, detail, role, example, variant=None):
    # "TRACE returned 405 …", "PUT returned 405 …": one finding, the methods are its variants.
    method = re.match(r"^([A-Z]+) returned (\d+) (.*)$", detail)
    if method:
        detail, variant = f"an undeclared method returned {method[2]} {method[3]}", method[1]
    entry = found.setdefault((operation, check), {}).setdefault(detail, {"roles": [], "variants": [], "example": example})
    if role not in entry["roles"]:
        entry["roles"].append(role)
    if variant is not None and variant not in entry["variants"]:
        entry["variants"].append(variant)
    if size(example) < size(entry["example"]):  # keep the smallest request that shows it
        entry["example"] = example

errors = []
for role in roles:
    events = reports / role / "events.ndjson"
    if not events.exists():
        errors.append(f"{role}: schemathesis recorded nothing (see {reports / role / 'output.txt'})")
    else:
        for line in events.read_text().splitlines():
            kind, body = next(iter(json.loads(line).items()))
            if kind == "NonFatalError":
                info = body.get("info") or body.get("value") or {}
                errors.append(f"{role}: {body.get('label', '?')}: {text(info.get('message') if isinstance(info, dict) else info, 300)}")
                continue
            if kind != "ScenarioFinished":
                continue
            recorder = body.get("recorder") or {}
            interactions = recorder.get("interactions") or {}
            for case_id, results in (recorder.get("checks") or {}).items():
                interaction = interactions.get(case_id)
                for result in results:
                    if result.get("status") != "failure":
                        continue
                    failure = (result.get("failure_info") or {}).get("failure") or {}
                    lines = [l.strip() for l in failure.get("message", "").splitlines() if l.strip()]
                    # The line that says what was wrong; "Expected: …" lists are the same for every one.
                    detail = " / ".join(l for l in lines if not l.startswith("Expected:")) or failure.get("title", "")
                    operation = failure.get("operation") or recorder.get("label", "?")
                    record(operation, f"{result['name']} ({failure.get('code', '')} {failure.get('title', '')})", detail, role, ("st", interaction))
            for interaction in interactions.values():
                if interaction.get("response"):
                    detail, value = echoed(interaction["request"], interaction["response"])
                    if detail:
                        record(recorder.get("label", "?"), "error_echoes_input", detail, role, ("st", interaction), repr(value))
    probes = reports / role / "probes.json"
    if probes.exists():
        for probe in json.loads(probes.read_text()):
            record(probe["operation"], probe["check"], probe["detail"], role, ("probe", probe))

if not found and not errors:
    print("schemathesis: no failures")
    sys.exit(0)

print()
print(f"schemathesis: {sum(len(v) for v in found.values())} distinct failure(s) in {len(found)} (operation, check) group(s):")
for (operation, check), details in sorted(found.items()):
    print()
    print(f"  {operation}  —  {check}")
    for detail, entry in details.items():
        print(f"    * {text(detail, 400)}")
        if entry["variants"]:
            print(f"      seen with: {text(', '.join(entry['variants']), 300)}")
        print(f"      roles:    {', '.join(entry['roles'])}")
        source, example = entry["example"]
        if source == "probe":
            print(f"      request:  {example['request']['method']} {example['request']['target']}")
            for name, value in example["request"]["headers"].items():
                print(f"                {name}: {value}")
            print(f"      response: {example['status']} {text(example['body'], 300)}")
        elif example:
            request, response = example["request"], example.get("response") or {}
            uri = urllib.parse.urlsplit(request["uri"])
            print(f"      request:  {request['method']} {uri.path}{'?' + uri.query if uri.query else ''}")
            for name, values in (request.get("headers") or {}).items():
                if name.lower() in ("user-agent", "x-schemathesis-testcaseid", "accept", "accept-encoding", "connection", "content-length"):
                    continue
                for value in values if isinstance(values, list) else [values]:
                    print(f"                {name}: {text(value, 200)}")
            if request.get("body") is not None:
                print(f"                body: {text(request['body'], 300)}")
            if response:
                print(f"      response: {response.get('status_code')} {text(response.get('content'), 300)}")
if errors:
    print()
    print("schemathesis: errors (the run itself went wrong, not a check):")
    for error in errors:
        print(f"  {error}")
sys.exit(1)
EOF
if ((summary_rc != 0)) && ((${#failed[@]} == 0)); then
  failed+=("summary")
fi

echo
echo "schemathesis: $((SECONDS - started)) s in all; reports in $reports"
if ((${#failed[@]})); then
  echo "schemathesis: FAILED (${failed[*]})" >&2
  exit 1
fi
echo "schemathesis: passed"
