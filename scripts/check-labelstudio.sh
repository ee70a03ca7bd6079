#!/bin/sh
# Reads Hamesh's Label Studio export with Label Studio's own code, beyond
# what `make test` does (it imports a recording of the frontend's output):
#
#   - the frontend (the @heartexlabs/label-studio 1.4.0 npm build, fetched
#     with npm into ~/.cache/hamesh) in headless Chromium: TestFrontend and
#     TestCurrentFrontendLayout;
#   - the SDK's JSON_MIN and CSV conversions, when LS_SDK names the
#     src/label_studio_sdk/converter folder of a label-studio-sdk checkout:
#     TestSDKConverters (needs python3-lxml).
#
# Usage: scripts/check-labelstudio.sh [-update]   (-update re-records
# annotations/formats/labelstudio/testdata/frontend/lsf-1.4.0.json)
set -eu
cd "$(dirname "$0")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/hamesh/label-studio-1.4.0"
if [ ! -f "$cache/package/build/static/js/main.js" ]; then
	mkdir -p "$cache"
	(cd "$cache" && npm pack --silent @heartexlabs/label-studio@1.4.0 >/dev/null && tar xzf heartexlabs-label-studio-1.4.0.tgz)
fi
if ! command -v chromium >/dev/null; then
	echo "installing chromium (Debian package)" >&2
	apt-get install -y -qq chromium >/dev/null
fi
go test ./annotations/formats/labelstudio -count=1 -v -run 'TestFrontend$|TestCurrentFrontendLayout' -lsf "$cache/package" "$@"
if [ -n "${LS_SDK:-}" ]; then
	/usr/bin/python3 -c 'import lxml' 2>/dev/null || apt-get install -y -qq python3-lxml >/dev/null
	go test ./annotations/formats/labelstudio -count=1 -v -run TestSDKConverters -lssdk "$LS_SDK"
else
	echo "LS_SDK not set: skipped the SDK converter test" >&2
fi
