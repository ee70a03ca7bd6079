#!/usr/bin/env bash
# dist-fresh-check.sh DIST — runs the Linux tarball on a fresh Debian 12
# (bookworm) with no Go, no compiler and no fonts: debootstrap's minbase
# plus the only libraries the binary links (libgl1 with Mesa's software
# driver, libx11-6; every X11 desktop has them). In a chroot it unpacks the
# tarball, checks `--version`, imports the sample article with `gui FILE`,
# and screenshots the window drawn on the host's Xvfb; then it installs and
# uninstalls with install.sh. Needs root, debootstrap and Debian's mirror.
# The chroot is cached in $HAMESH_FRESH_ROOT (default ~/.cache/hamesh/fresh-bookworm).
set -euo pipefail
dist=${1:?usage: dist-fresh-check.sh DIST}
tarball=$(ls "$dist"/hamesh-*-linux-amd64.tar.xz | head -1)
root=${HAMESH_FRESH_ROOT:-$HOME/.cache/hamesh/fresh-bookworm}
out=${HAMESH_FRESH_SHOT:-$dist/fresh-debian.png}
[ "$(id -u)" = 0 ] || { echo "dist-fresh-check: needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
if [ ! -x "$root/usr/bin/apt-get" ]; then
	echo "dist-fresh-check: debootstrap bookworm minbase into $root"
	debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
cleanup() {
	[ -n "${xpid:-}" ] && kill "$xpid" 2>/dev/null || true
	umount "$root/tmp/.X11-unix" 2>/dev/null || true
	umount "$root/proc" 2>/dev/null || true
}
trap cleanup EXIT
chroot "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xz-utils libgl1 libgl1-mesa-dri libx11-6 >/dev/null'
for tool in go gcc; do
	if chroot "$root" sh -c "command -v $tool" >/dev/null; then echo "dist-fresh-check: $tool is in the chroot; it is not fresh" >&2; exit 1; fi
done
if [ -d "$root/usr/share/fonts" ]; then echo "dist-fresh-check: the chroot has fonts; it is not fresh" >&2; exit 1; fi
rm -rf "$root/root/check" && mkdir -p "$root/root/check"
cp "$tarball" "$root/root/check/"
cp "$(dirname "$0")/../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt" "$root/root/check/seed.txt"
disp=:$((90 + RANDOM % 9))
Xvfb "$disp" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
sleep 1
mkdir -p "$root/tmp/.X11-unix" && mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
mount -t proc proc "$root/proc"
chroot "$root" sh -ec '
	cd /root/check && tar -xJf hamesh-*-linux-amd64.tar.xz && cd hamesh-*-linux-amd64
	./hamesh --version
	(HOME=/root/check DISPLAY='"$disp"' ./hamesh gui --db /root/check/a.db --annotator fresh /root/check/seed.txt >/root/check/gui.log 2>&1 &)
	sleep 8
	./hamesh list --db /root/check/a.db | head -3
	HOME=/root/check ./install.sh >/dev/null
	test -f /root/check/.local/share/applications/app.hamesh.desktop -o -n "$(ls /root/check/.local/share/applications/*.desktop 2>/dev/null)"
	HOME=/root/check ./install.sh --uninstall >/dev/null
	test -z "$(ls /root/check/.local/share/applications/*.desktop 2>/dev/null)"
	echo "install.sh and --uninstall: ok"'
DISPLAY=$disp import -window root "$out"
pkill -f "/root/check/a.db" 2>/dev/null || true
echo "dist-fresh-check: the window on a fresh Debian 12: $out (look at it)"
