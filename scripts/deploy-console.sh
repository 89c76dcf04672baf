#!/usr/bin/env bash
# Uploads the console to a deployed stack's static site (template parameter ConsoleHosting=enabled):
#
#   scripts/deploy-console.sh STACK_NAME [--region REGION]
#
# Reads the stack's outputs (ConsoleBucketName, ConsoleDistributionId, WebSocketUrl), writes
# console/config.json for the bucket only (the WebSocket API is on its own domain on AWS; offline
# the console uses its own origin's /ws), uploads index.html to the bucket's root and the assets
# under console/ (the browser tests stay out), and invalidates the distribution. The console then
# calls the API on its own origin (CloudFront's /api/* behaviour) and signs in through
# POST /api/v1/auth/token as offline.
#
# Needs the AWS CLI v2 with credentials for the stack's account. The files are the same ones
# mediclear-local embeds; there is no build step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stack=${1:?usage: scripts/deploy-console.sh STACK_NAME [--region REGION]}
shift
region_args=("$@")

output() {
  aws cloudformation describe-stacks "${region_args[@]}" --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
bucket=$(output ConsoleBucketName)
distribution=$(output ConsoleDistributionId)
websocket=$(output WebSocketUrl)
if [[ -z "$bucket" || "$bucket" == None ]]; then
  echo "stack $stack has no console site: deploy it with ConsoleHosting=enabled" >&2
  exit 1
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/console"
(cd "$root/console" && find . -type f ! -path './tests/*' ! -path './node_modules/*' ! -name '*.md' -print0 |
  xargs -0 -I{} cp --parents {} "$staging/console/")
printf '{"websocket_url": "%s"}\n' "$websocket" > "$staging/console/config.json"
mv "$staging/console/index.html" "$staging/index.html"

aws s3 sync "${region_args[@]}" --delete "$staging/console" "s3://$bucket/console"
aws s3 cp "${region_args[@]}" "$staging/index.html" "s3://$bucket/index.html" --content-type "text/html; charset=utf-8" --cache-control no-cache
aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/" "/index.html" "/console/*" >/dev/null
echo "console deployed: $(output ConsoleUrl)"
