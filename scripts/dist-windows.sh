#!/usr/bin/env bash
# scripts/dist-windows.sh OUTDIR: cross-compile hamesh-VERSION-windows-amd64.zip
# into OUTDIR with Debian's mingw-w64 (cgo: GLFW and SQLite), with the icon,
# version and manifest resources compiled by windres into a .syso.
#
# Two executables from the same source, because Windows fixes at link time
# whether a program is a console or a GUI one: hamesh.exe is a console
# program (so `hamesh.exe export -o - …` writes to the terminal and pipes, and
# exit codes reach scripts; run with no command it still opens the window,
# beside its console), hamesh-gui.exe is linked with -H windowsgui for
# double-clicking and "Open with" (no console window; it has no standard
# output). Called by `make dist`; VERSION, COMMIT and GO_LDFLAGS come from the
# Makefile.
source "$(dirname "$0")/dist-common.sh"
out=${1:-dist}
name=hamesh-$VERSION-windows-amd64
stage=$out/$name
CC=${CC_WINDOWS:-x86_64-w64-mingw32-gcc}
WINDRES=${WINDRES:-x86_64-w64-mingw32-windres}
command -v "$CC" >/dev/null || { echo "$CC missing: apt-get install gcc-mingw-w64-x86-64" >&2; exit 1; }
rm -rf "$stage" "$out/$name.zip"
distdir "$out"
mkdir -p "$stage"

# Resources: the icon at the sizes Explorer asks for, the version from
# FyneApp.toml (Windows wants four numbers: major, minor, patch, Build).
res=$(mktemp -d)
syso=cmd/hamesh/zz_resources_windows_amd64.syso
trap 'rm -rf "$res" "$syso"' EXIT
IFS=. read -r v1 v2 v3 <<<"${FYNE_VERSION%%[-+]*}"
fill() {
	sed -e "s/@V1@/${v1:-0}/g" -e "s/@V2@/${v2:-0}/g" -e "s/@V3@/${v3:-0}/g" \
		-e "s/@BUILD@/${FYNE_BUILD:-0}/g" -e "s/@VERSION@/$VERSION/g" -e "s/@EXE@/$2/g" "$1"
}
"$CONVERT" assets/icon.png -strip -define icon:auto-resize=256,128,64,48,32,16 "$res/hamesh.ico"
fill packaging/windows/hamesh.exe.manifest hamesh.exe > "$res/hamesh.exe.manifest"

build() { # build EXE EXTRA_LDFLAGS
	fill packaging/windows/hamesh.rc.in "$1" > "$res/hamesh.rc"
	"$WINDRES" -O coff -F pe-x86-64 -I "$res" -i "$res/hamesh.rc" -o "$syso"
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC="$CC" \
		go build -trimpath -buildvcs=false -ldflags "$GO_LDFLAGS $2" -o "$stage/$1" ./cmd/hamesh
}
build hamesh.exe ""
build hamesh-gui.exe "-H windowsgui"

cp packaging/windows/README.txt "$stage/README.txt"
cp CHANGELOG.md "$stage/CHANGELOG.md"
licences "$stage" windows
normalise "$stage"
# zip -X: no extra (uid, time) fields; names sorted, times fixed above.
(cd "$out" && find "$name" -print | LC_ALL=C sort | zip -q -X -9 "$name.zip" -@)
echo "$out/$name.zip"
