#!/bin/sh
# Checks a ClaimReview export as JSON-LD, beyond what `make test` does:
# jsonld.js (npm) expands it in safe mode against the schema.org terms kept
# in the repository (nothing is fetched), failing on any term that does
# not expand. Installs jsonld into a temporary directory.
#
# Usage: scripts/check-claimreview.sh [FILE.jsonld]   (default: the test golden)
set -eu
cd "$(dirname "$0")/.."
f=${1:-annotations/formats/factcheck/testdata/claimreview.golden.jsonld}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent jsonld@9 >/dev/null)
NODE_PATH=$dir/node_modules node scripts/check-claimreview.js "$f"
