# Sourced by the dist scripts: the version, the build flags and helpers that
# make every archive the same bytes for the same commit.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VERSION:?set by the Makefile}" "${COMMIT:?set by the Makefile}" "${GO_LDFLAGS:?set by the Makefile}"
FYNE_VERSION=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
FYNE_BUILD=$(sed -n 's/^ *Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
# The commit's time stands for "now" in archives and AppStream, so two builds
# of one commit are byte-identical.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH
RELEASE_DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
# The real ImageMagick: a convert earlier on PATH may be a wrapper that
# flattens transparency onto white.
CONVERT=/usr/bin/convert
[ -x "$CONVERT" ] || CONVERT=convert
# -buildvcs=false: the binary depends on the sources only, not on the state of
# .git (the commit is stamped by -X main.commit already).
GO_BUILD=(go build -trimpath -buildvcs=false -ldflags "$GO_LDFLAGS")

# licences DIR GOOS: the code's licence, the bundled fonts' and those of every
# Go module linked into the binary for GOOS (Fyne's own fonts among them).
licences() {
	local dir=$1 goos=$2
	mkdir -p "$dir/licenses/fonts" "$dir/licenses/third-party"
	cp LICENSE "$dir/LICENSE"
	cp assets/fonts/OFL.txt "$dir/licenses/fonts/OFL-Noto-and-HameshUI.txt"
	cp assets/fonts/LICENSE_EmojiOneColor.txt "$dir/licenses/fonts/LICENSE_EmojiOneColor.txt"
	cp "$(go env GOROOT)/LICENSE" "$dir/licenses/third-party/golang.org_go.LICENSE"
	local path mdir f
	while read -r path mdir; do
		[ -n "$mdir" ] || continue
		for f in "$mdir"/LICENSE* "$mdir"/LICENCE* "$mdir"/COPYING* "$mdir"/NOTICE*; do
			[ -f "$f" ] && cp "$f" "$dir/licenses/third-party/${path//\//_}.$(basename "$f")"
		done
		if [ "$path" = fyne.io/fyne/v2 ]; then
			for f in "$mdir"/theme/font/LICENSE*; do
				cp "$f" "$dir/licenses/fonts/fyne-$(basename "$f")"
			done
		fi
	done < <(GOOS=$goos CGO_ENABLED=1 go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Dir}}{{end}}{{end}}' ./cmd/hamesh | sort -u)
	chmod -R u=rwX,go=rX "$dir/licenses" "$dir/LICENSE"
}

# normalise DIR: fixed times and modes, so the archive of DIR is reproducible.
normalise() {
	find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# The output folder ignores itself, so nothing built is ever committed.
distdir() {
	mkdir -p "$1"
	[ -f "$1/.gitignore" ] || echo '*' >"$1/.gitignore"
}
