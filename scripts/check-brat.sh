#!/bin/sh
# Reads Hamesh's brat export with brat's own server code (annotation.py,
# projectconfig.py and annotator.py's _set_comments; see
# annotations/formats/brat/testdata/brat/reread.py), beyond what `make test`
# does. BRAT names server/src of a checkout of nlplab/brat.
#
# Usage: BRAT=/path/to/brat/server/src scripts/check-brat.sh
set -eu
cd "$(dirname "$0")/.."
: "${BRAT:?set BRAT to server/src of a brat checkout}"
go test ./annotations/formats/brat -count=1 -v -run 'TestBrat$' -brat "$BRAT"
