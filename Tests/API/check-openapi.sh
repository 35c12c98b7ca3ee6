#!/usr/bin/env bash
# Checks a running Counterpart API against its own OpenAPI document:
#   1. openapi-spec-validator: the document served at <base-url>/openapi.json is valid OpenAPI 3.1;
#   2. schemathesis: generated requests (valid and invalid) to every operation never get a 5xx,
#      and every response's status, Content-Type and body match what the document declares.
#
#   Tests/API/check-openapi.sh http://127.0.0.1:8080/api/v1 <bearer-token>
#
# The tools live in a virtual environment at ${COUNTERPART_VENV:-/var/tmp/counterpart-venv},
# created (and filled from requirements.txt beside this script) when missing or stale.
# Bounded: a fixed number of examples per operation, a fixed seed, and a hard time limit, so a
# run takes well under two minutes and does the same thing every time.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <base-url, e.g. http://127.0.0.1:8080/api/v1> <bearer-token>" >&2
  exit 2
fi
base_url=${1%/}
token=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=${COUNTERPART_VENV:-/var/tmp/counterpart-venv}
requirements="$here/requirements.txt"

# A stamp holding the requirements it was filled from: an edited requirements.txt refills.
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s "$requirements" "$venv/.counterpart-requirements"; then
  echo "check-openapi: installing tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/.counterpart-requirements"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
document="$work/openapi.json"

echo "check-openapi: fetching $base_url/openapi.json"
"$venv/bin/python" - "$base_url/openapi.json" "$document" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    open(sys.argv[2], "wb").write(response.read())
PY

echo "check-openapi: validating the document (OpenAPI 3.1)"
"$venv/bin/openapi-spec-validator" --schema 3.1 "$document"

echo "check-openapi: running schemathesis against $base_url"
# Schemathesis keeps a crash cache in its working directory; keep it out of the checkout.
cd "$work"
# --url: the served document's server URL is relative; schemathesis resolves it against --url.
# The stateful phase needs OpenAPI links, which the document does not declare.
timeout 300 "$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" --no-color run "$document" \
  --url "$base_url" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples 25 \
  --seed 20261122 \
  --workers 1 \
  --request-timeout 10 \
  --suppress-health-check all \
  --warnings off
