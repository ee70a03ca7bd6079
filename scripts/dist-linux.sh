#!/usr/bin/env bash
# scripts/dist-linux.sh OUTDIR: build dist/hamesh-VERSION-linux-amd64.tar.xz
# (binary, desktop entry, hicolor icons, AppStream metainfo, licences, an
# install script) into OUTDIR, leaving the unpacked tree beside it.
# Called by `make dist`; VERSION, COMMIT and GO_LDFLAGS come from the Makefile.
source "$(dirname "$0")/dist-common.sh"
out=${1:-dist}
name=hamesh-$VERSION-linux-amd64
stage=$out/$name
rm -rf "$stage" "$out/$name.tar.xz"
distdir "$out"
mkdir -p "$stage"

GOOS=linux GOARCH=amd64 CGO_ENABLED=1 "${GO_BUILD[@]}" -o "$stage/hamesh" ./cmd/hamesh

cp packaging/linux/hamesh.desktop "$stage/hamesh.desktop"
sed -e "s/@VERSION@/$FYNE_VERSION/" -e "s/@DATE@/$RELEASE_DATE/" \
	packaging/linux/app.hamesh.desktop.metainfo.xml > "$stage/app.hamesh.desktop.metainfo.xml"
for size in 48 64 128 256 512; do
	mkdir -p "$stage/icons/hicolor/${size}x${size}/apps"
	# -strip and no time chunks: the PNG's bytes depend on the icon only.
	"$CONVERT" assets/icon.png -resize "${size}x${size}" -strip \
		-define png:exclude-chunks=date,time \
		"$stage/icons/hicolor/${size}x${size}/apps/app.hamesh.desktop.png"
done
cp packaging/linux/install.sh "$stage/install.sh"
cp packaging/linux/README.txt "$stage/README.txt"
cp CHANGELOG.md "$stage/CHANGELOG.md"
licences "$stage" linux
chmod 755 "$stage/hamesh" "$stage/install.sh"
normalise "$stage"
tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
	-cf - "$name" | xz -9 -T1 > "$out/$name.tar.xz"
echo "$out/$name.tar.xz"
