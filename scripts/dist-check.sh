#!/usr/bin/env bash
# scripts/dist-check.sh OUTDIR: check what `make dist` left in OUTDIR.
#  Linux: the desktop entry and AppStream data validate, the icons have their
#    sizes, the licences are there, `./hamesh` from the unpacked tarball opens
#    a window (under Xvfb), install.sh installs and uninstalls cleanly (and the
#    installed entry validates), and a second build of the binary from a copy
#    of the sources at another path is byte-identical (-trimpath).
#  Windows: both .exe are PE32+ x86-64 with the right subsystem and carry the
#    version resource; hamesh.exe import, list and export run under Wine on
#    cmd/hamesh/testdata/mixed.jsonl, and the export is byte-identical to the
#    Linux binary's export of the same file (and to the golden file).
# Prints "N passed, 0 failed" at the end; exits 1 on the first failure.
source "$(dirname "$0")/dist-common.sh"
out=$(cd "${1:-dist}" && pwd)
lin=$out/hamesh-$VERSION-linux-amd64
win=$out/hamesh-$VERSION-windows-amd64
tmp=$(mktemp -d /tmp/hamesh-dist-check.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fixture=$PWD/cmd/hamesh/testdata/mixed.jsonl
golden=$PWD/cmd/hamesh/testdata/mixed.export.golden.jsonl
passed=0
# HOME is pointed at a temporary folder below (for the window and install
# checks); Go keeps using the real caches.
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH)
export GOCACHE GOMODCACHE GOPATH
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; echo "$passed passed, 1 failed"; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 missing: apt-get install $2"; }
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need wine "wine wine64"
need xvfb-run xvfb
need xdotool xdotool

# ---- Linux tarball -----------------------------------------------------
[ -f "$lin.tar.xz" ] || fail "no $lin.tar.xz: run make dist"
mkdir "$tmp/unpacked" && tar -C "$tmp/unpacked" -xJf "$lin.tar.xz"
u=$tmp/unpacked/hamesh-$VERSION-linux-amd64
for f in hamesh hamesh.desktop app.hamesh.desktop.metainfo.xml install.sh README.txt CHANGELOG.md LICENSE \
	licenses/fonts/OFL-Noto-and-HameshUI.txt licenses/fonts/LICENSE_EmojiOneColor.txt \
	licenses/third-party/fyne.io_fyne_v2.LICENSE licenses/third-party/github.com_mattn_go-sqlite3.LICENSE; do
	[ -e "$u/$f" ] || fail "tarball lacks $f"
done
ok "tarball holds binary, desktop entry, metainfo, install.sh, README, CHANGELOG and licences ($(ls "$u/licenses/third-party" | wc -l) third-party)"
v=$("$u/hamesh" --version)
grep -qF "$VERSION" <<<"$v" && grep -qF "$COMMIT" <<<"$v" || fail "hamesh --version says: $v"
ok "hamesh --version: $(head -1 <<<"$v")"
desktop-file-validate "$u/hamesh.desktop" || fail "desktop-file-validate hamesh.desktop"
grep -qx 'Exec=hamesh gui %F' "$u/hamesh.desktop" || fail "Exec line"
ok "desktop-file-validate hamesh.desktop"
appstreamcli validate --no-net --pedantic "$u/app.hamesh.desktop.metainfo.xml" >"$tmp/as.log" 2>&1 || { cat "$tmp/as.log"; fail "appstreamcli validate"; }
grep -q '<project_license>BSD-3-Clause</project_license>' "$u/app.hamesh.desktop.metainfo.xml" || fail "metainfo licence"
ok "appstreamcli validate --no-net --pedantic app.hamesh.desktop.metainfo.xml"
for s in 48 64 128 256 512; do
	got=$(identify -format '%wx%h' "$u/icons/hicolor/${s}x${s}/apps/app.hamesh.desktop.png")
	[ "$got" = "${s}x${s}" ] || fail "icon ${s}: is $got"
done
ok "icons 48, 64, 128, 256, 512 px"

# ./hamesh opens a window: under Xvfb, with a file to import.
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data
mkdir -p "$HOME"
cat >"$tmp/window.sh" <<'EOS'
"$1" gui --db "$2" --annotator check "$3" & pid=$!
for i in $(seq 1 120); do
	if xdotool search --onlyvisible --name 'Hamesh' >/dev/null 2>&1; then
		xdotool search --onlyvisible --name 'Hamesh' getwindowname | head -1
		kill $pid; wait $pid 2>/dev/null; exit 0
	fi
	kill -0 $pid 2>/dev/null || exit 1
	sleep 0.5
done
kill $pid; exit 1
EOS
title=$(xvfb-run -a -s "-screen 0 1280x800x24" bash "$tmp/window.sh" "$u/hamesh" "$tmp/window.db" "$fixture") ||
	fail "./hamesh gui did not open a window"
"$u/hamesh" list --db "$tmp/window.db" | grep -q 01936b2e-0000-7000-8000-000000000001 || fail "hamesh gui FILE did not import FILE"
ok "./hamesh gui FILE opens a window (\"$title\") and imports FILE"

# install.sh into a PREFIX, validate what it installed, uninstall.
p=$tmp/prefix
PREFIX=$p "$u/install.sh" >/dev/null || fail "install.sh"
for f in bin/hamesh share/applications/hamesh.desktop share/metainfo/app.hamesh.desktop.metainfo.xml \
	share/icons/hicolor/512x512/apps/app.hamesh.desktop.png; do
	[ -e "$p/$f" ] || fail "install.sh did not install $f"
done
desktop-file-validate "$p/share/applications/hamesh.desktop" || fail "installed desktop entry"
grep -qx "Exec=$p/bin/hamesh gui %F" "$p/share/applications/hamesh.desktop" || fail "installed Exec line"
appstreamcli validate --no-net "$p/share/metainfo/app.hamesh.desktop.metainfo.xml" >/dev/null || fail "installed metainfo"
"$p/bin/hamesh" --version >/dev/null || fail "installed binary does not run"
if command -v update-desktop-database >/dev/null; then
	grep -qx 'application/jsonl=hamesh.desktop;' "$p/share/applications/mimeinfo.cache" || fail "no application/jsonl association in mimeinfo.cache"
fi
ok "install.sh PREFIX=…: binary, desktop entry (validated, Exec=$p/bin/hamesh gui %F), metainfo, icons"
PREFIX=$p "$u/install.sh" --uninstall >/dev/null || fail "install.sh --uninstall"
left=$(find "$p" -type f ! -name 'icon-theme.cache' ! -name 'mimeinfo.cache')
[ -z "$left" ] || fail "uninstall left: $left"
ok "install.sh --uninstall removes every file it installed"

# Reproducible: the same sources at another path, built into another folder.
mkdir -p "$tmp/elsewhere/src"
git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$tmp/elsewhere/src" 2>/dev/null || true
(cd "$tmp/elsewhere/src" && GOOS=linux GOARCH=amd64 CGO_ENABLED=1 "${GO_BUILD[@]}" -o "$tmp/elsewhere/out/hamesh" ./cmd/hamesh) ||
	fail "second build"
a=$(sha256sum <"$u/hamesh" | cut -d' ' -f1)
b=$(sha256sum <"$tmp/elsewhere/out/hamesh" | cut -d' ' -f1)
[ "$a" = "$b" ] || fail "not reproducible: $a (dist) vs $b (copy at $tmp/elsewhere)"
ok "reproducible: linux binary sha256 $a from $PWD and from a copy at another path"

# ---- Windows zip ------------------------------------------------------
[ -f "$win.zip" ] || fail "no $win.zip: run make dist"
mkdir "$tmp/win" && (cd "$tmp/win" && unzip -q "$win.zip")
w=$tmp/win/hamesh-$VERSION-windows-amd64
for f in hamesh.exe hamesh-gui.exe README.txt LICENSE licenses/fonts/OFL-Noto-and-HameshUI.txt \
	licenses/third-party/github.com_go-gl_glfw_v3.3_glfw.LICENSE; do
	[ -e "$w/$f" ] || fail "zip lacks $f"
done
ok "zip holds hamesh.exe, hamesh-gui.exe, README and licences"

# pe FILE: "MACHINE MAGIC SUBSYSTEM" read from the PE header.
le() { od -An -t u"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }
pe() {
	[ "$(head -c 2 "$1")" = MZ ] || { echo "no MZ"; return; }
	local off; off=$(le "$1" 60 4)
	[ "$(dd if="$1" bs=1 skip="$off" count=4 2>/dev/null | od -An -c | tr -d ' ')" = 'PE\0\0' ] || { echo "no PE signature"; return; }
	printf '%x %x %d\n' "$(le "$1" $((off + 4)) 2)" "$(le "$1" $((off + 24)) 2)" "$(le "$1" $((off + 24 + 68)) 2)"
}
[ "$(pe "$w/hamesh.exe")" = "8664 20b 3" ] || fail "hamesh.exe is not a PE32+ x86-64 console program: $(pe "$w/hamesh.exe"); $(file -b "$w/hamesh.exe")"
[ "$(pe "$w/hamesh-gui.exe")" = "8664 20b 2" ] || fail "hamesh-gui.exe is not a PE32+ x86-64 GUI program: $(pe "$w/hamesh-gui.exe")"
ok "PE32+ x86-64: hamesh.exe console, hamesh-gui.exe GUI ($(file -b "$w/hamesh.exe"))"
for exe in hamesh.exe hamesh-gui.exe; do
	python3 - "$w/$exe" "$VERSION" "$exe" <<'EOP' || fail "$exe lacks its version or icon resource"
import sys
b = open(sys.argv[1], 'rb').read()
for s in ('VS_VERSION_INFO', 'ProductVersion', sys.argv[2], sys.argv[3], 'The Hamesh authors'):
    assert s.encode('utf-16-le') in b, s
assert b'<assemblyIdentity type="win32" name="app.hamesh.desktop"' in b
assert b'\x89PNG' in b or b'\x28\x00\x00\x00\x10\x00' in b  # the icon's images
EOP
done
ok "version resource ($VERSION), manifest and icon in both executables"

# Under Wine: import, list, export; compare with the Linux binary.
export WINEPREFIX=$tmp/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$tmp/run" && cp "$fixture" "$tmp/run/mixed.jsonl"
cd "$tmp/run"
wine64=wine
command -v wine64 >/dev/null && wine64=wine64
winerun() { "$wine64" "$w/hamesh.exe" "$@"; }
# Debian 12's Wine 8.0 has no bcryptprimitives.dll, which Go's runtime needs
# (ProcessPrng); a stand-in goes into this temporary prefix only.
"$wine64" wineboot -i >/dev/null 2>&1 || true
if [ ! -e "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
	"${CC_WINDOWS:-x86_64-w64-mingw32-gcc}" -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
		"$OLDPWD/packaging/windows/wine-bcryptprimitives.c" -ladvapi32 || fail "building the Wine bcryptprimitives.dll stand-in"
fi
winerun --version >version.txt 2>wine.err || { cat wine.err; fail "wine hamesh.exe --version"; }
grep -qF "$VERSION" version.txt || fail "hamesh.exe --version says $(cat version.txt)"
ok "wine hamesh.exe --version: $(head -1 version.txt | tr -d '\r')"
winerun import --db win.db mixed.jsonl >win-import.txt 2>wine.err || { cat wine.err; fail "wine hamesh.exe import"; }
winerun list --db win.db >win-list.txt 2>wine.err || { cat wine.err; fail "wine hamesh.exe list"; }
winerun export --db win.db --format jsonl -o win-export.jsonl 2>wine.err || { cat wine.err; fail "wine hamesh.exe export"; }
"$u/hamesh" import --db linux.db mixed.jsonl >linux-import.txt
"$u/hamesh" list --db linux.db >linux-list.txt
"$u/hamesh" export --db linux.db --format jsonl -o linux-export.jsonl
ok "wine hamesh.exe import ($(tr -d '\r' <win-import.txt)), list, export"
cmp win-list.txt linux-list.txt || fail "list differs between Windows and Linux"
ok "list output identical on Windows (Wine) and Linux ($(wc -l <linux-list.txt) lines)"
cmp win-export.jsonl linux-export.jsonl || fail "export differs between Windows and Linux"
cmp linux-export.jsonl "$golden" || fail "Linux export differs from $golden"
ok "export byte-identical on Windows (Wine) and Linux, and equal to the golden file ($(wc -c <win-export.jsonl) bytes, sha256 $(sha256sum <win-export.jsonl | cut -c1-16)…)"
"$u/hamesh" export --db win.db --format jsonl -o cross.jsonl
cmp cross.jsonl linux-export.jsonl || fail "the Linux binary exports the Windows-made database differently"
ok "the database Windows wrote exports the same bytes with the Linux binary"
echo "$passed passed, 0 failed"
