#!/usr/bin/env bash
# Offline checks of MediClear's infrastructure definition. Fails on any finding.
#
#   scripts/check-infra.sh
#
# 1. sam validate            SAM transform of template.yaml (translation errors: bad events, bad
#                            policy templates, unsupported properties)
# 2. sam validate --lint     the same template through SAM's bundled cfn-lint
# 3. cfn-lint                the project's cfn-lint: errors, warnings and informational rules
# 4. checkov                 security checks, cloudformation framework (checkov's `serverless`
#                            framework reads serverless.yml of the Serverless Framework, not SAM,
#                            so it adds nothing here); every suppression is a
#                            `Metadata: checkov: skip` entry with its reason in template.yaml
# 5. asl-validator           every statemachines/*.asl.json, with its ${Placeholders} replaced by
#                            well-formed dummy Lambda ARNs (the validator checks ARN formats)
#
# The first run installs the pinned tools into .tools/lint-venv (scripts/tools.sh lint: PyPI and
# npm); later runs reuse them. The checks themselves need no AWS account and no network: the
# tools get a fixed region and dummy credentials, telemetry and update checks are off, and every
# HTTP(S) connection is sent to a closed local port, so a tool that tried to reach the network
# would fail here rather than pass by accident (also verified with `unshare -n`, no interfaces).
# `sam validate` without --lint only needs IAM when a function lists a managed policy by *name*;
# this template uses ARNs and policy templates only, so the transform runs offline.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bin=$("$root/scripts/tools.sh" lint | tail -n 1)
export PATH="$bin:$PATH"

# Offline: fixed region, dummy credentials, no metadata service, no telemetry, no network.
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=offline-dummy-secret
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export SAM_CLI_TELEMETRY=0 SAM_CLI_CONTACT_TRACKING=0 SAM_CLI_POLL_TIMEOUT=0
export CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false BC_SKIP_MAPPING=TRUE CKV_NO_UPDATE=true
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export NO_PROXY= no_proxy=

template=template.yaml
failed=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME CMD... : runs one check, prints its output and verdict, records a failure.
run() {
  local name=$1; shift
  echo "==> $name"
  if "$@" >"$work/out" 2>&1; then
    sed 's/^/    /' "$work/out"
    echo "    PASS: $name"
  else
    sed 's/^/    /' "$work/out"
    echo "    FAIL: $name"
    failed+=("$name")
  fi
}

# samconfig.toml sets `validate.lint = true` for people; here the transform step must stay a
# transform, so it reads an empty config instead (the lint step follows explicitly).
printf 'version = 0.1\n' >"$work/samconfig-none.toml"
run "sam validate (SAM transform)" sam validate --config-file "$work/samconfig-none.toml" --template-file "$template" --region us-east-1
run "sam validate --lint" sam validate --lint --template-file "$template" --region us-east-1
run "cfn-lint" cfn-lint --regions us-east-1 --include-checks I --format parseable -- "$template"
run "checkov (cloudformation)" checkov --file "$template" --framework cloudformation \
  --quiet --compact --skip-download --output cli

# asl-validator: each placeholder becomes a syntactically valid Lambda ARN named after it.
shopt -s nullglob
asl_files=(statemachines/*.asl.json)
if ((${#asl_files[@]} == 0)); then
  echo "==> asl-validator"; echo "    FAIL: no statemachines/*.asl.json"; failed+=("asl-validator")
fi
for asl in "${asl_files[@]}"; do
  substituted="$work/$(basename "$asl")"
  sed -E 's/\$\{([A-Za-z0-9_]+)\}/arn:aws:lambda:us-east-1:123456789012:function:\1/g' "$asl" >"$substituted"
  if grep -q '\${' "$substituted"; then
    echo "==> asl-validator $asl"; echo "    FAIL: unsubstituted \${...} left in $asl"; failed+=("asl-validator $asl"); continue
  fi
  run "asl-validator $asl" asl-validator --json-path "$substituted"
done

echo
if ((${#failed[@]})); then
  echo "check-infra: FAILED (${failed[*]})"
  exit 1
fi
echo "check-infra: all checks passed"
