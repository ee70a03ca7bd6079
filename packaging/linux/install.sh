#!/bin/sh
# Install Hamesh from this unpacked folder: PREFIX=~/.local ./install.sh
# (the default PREFIX is ~/.local; /usr/local needs root). Remove it again
# with PREFIX=... ./install.sh --uninstall. `make install` and
# `make uninstall` in the source tree run this same script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
bin=$PREFIX/bin/hamesh
apps=$PREFIX/share/applications
meta=$PREFIX/share/metainfo
icons=$PREFIX/share/icons/hicolor
sizes="48 64 128 256 512"

refresh() {
	# Menus and "Open with" read these caches; a desktop without the tools
	# still finds the files.
	command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" 2>/dev/null || true
	command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true
}

if [ "${1:-}" = --uninstall ]; then
	rm -f "$bin" "$apps/hamesh.desktop" "$meta/app.hamesh.desktop.metainfo.xml"
	for s in $sizes; do rm -f "$icons/${s}x${s}/apps/app.hamesh.desktop.png"; done
	refresh
	echo "removed Hamesh from $PREFIX (the database in ~/.local/share/hamesh is kept)"
	exit 0
fi

install -Dm755 "$here/hamesh" "$bin"
# The menu entry names the installed binary by its full path, so it works
# when PREFIX/bin is not on the desktop session's PATH.
mkdir -p "$apps"
sed -e "s|^Exec=hamesh |Exec=$bin |" -e "s|^TryExec=hamesh\$|TryExec=$bin|" \
	"$here/hamesh.desktop" > "$apps/hamesh.desktop"
chmod 644 "$apps/hamesh.desktop"
install -Dm644 "$here/app.hamesh.desktop.metainfo.xml" "$meta/app.hamesh.desktop.metainfo.xml"
for s in $sizes; do
	install -Dm644 "$here/icons/hicolor/${s}x${s}/apps/app.hamesh.desktop.png" \
		"$icons/${s}x${s}/apps/app.hamesh.desktop.png"
done
refresh
echo "installed Hamesh in $PREFIX: run $bin, or pick Hamesh in the desktop's menu"
