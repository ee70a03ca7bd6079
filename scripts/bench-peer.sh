#!/usr/bin/env bash
# bench-peer.sh — Hamesh beside labelbuddy (github.com/jeromedockes/labelbuddy,
# Qt 5, one SQLite file: the closest desktop peer) on the same content, in one
# run, interleaved (labelbuddy, Hamesh, labelbuddy, Hamesh…), so that the
# ratios hold on a shared machine whose speed drifts (issue 16).
#
#   LABELBUDDY_SRC=DIR scripts/bench-peer.sh     (or: make bench-peer LABELBUDDY_SRC=DIR)
#
# It fetches nothing: LABELBUDDY_SRC is a checkout of labelbuddy's source
# (git clone https://github.com/jeromedockes/labelbuddy; measured at commit
# 28eb59d), built once with Debian's Qt 5 and CMake into
# ~/.cache/hamesh/labelbuddy-build. The inputs come from scripts/peercorpus:
# 10,000 Arabic news documents of 3–6 KB, bare and with 18 spans each, the
# same titles, texts and code-point ranges for both tools.
#
# Figures: CPU (user + system) and peak RSS from /usr/bin/time, the median of
# RUNS runs (default 5), and the database size after each import. The window
# figures (scrolling, launch) come from make bench.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SRC=${LABELBUDDY_SRC:-}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/hamesh
BUILD=$CACHE/labelbuddy-build
DATA=$CACHE/peer-v1
OUT=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/hamesh-peer.XXXXXX")}
mkdir -p "$OUT" "$DATA"

if [ ! -x "$BUILD/labelbuddy" ]; then
	if [ -z "$SRC" ] || [ ! -f "$SRC/CMakeLists.txt" ]; then
		echo "bench-peer: set LABELBUDDY_SRC to a checkout of labelbuddy's source (git clone https://github.com/jeromedockes/labelbuddy); nothing is fetched" >&2
		exit 2
	fi
	missing=$(for p in qtbase5-dev libqt5sql5-sqlite cmake g++; do dpkg -s $p >/dev/null 2>&1 || echo $p; done)
	if [ -n "$missing" ]; then
		SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
		$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	mkdir -p "$BUILD"
	(cd "$BUILD" && cmake -DCMAKE_BUILD_TYPE=Release "$(cd "$SRC" && pwd)" >/dev/null && make -j"$(nproc)" >/dev/null)
fi
LB=$BUILD/labelbuddy
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$OUT}

go build -trimpath -o "$OUT/hamesh" ./cmd/hamesh
go run ./scripts/peercorpus "$DATA"
H=$OUT/hamesh

# measure NAME CMD... runs CMD once, appending "NAME cpu_s rss_kb wall_s" to results.
measure() {
	local name=$1
	shift
	/usr/bin/time -o "$OUT/time.txt" -f '%U %S %M %e' "$@" >/dev/null 2>"$OUT/last.err" ||
		{ echo "bench-peer: $name failed:" >&2; tail -5 "$OUT/last.err" >&2; exit 1; }
	read -r u s m e <"$OUT/time.txt"
	echo "$name $(echo "$u + $s" | bc) $m $e" >>"$OUT/results.txt"
}
size() { echo "$1 $(stat -c %s "$2")" >>"$OUT/sizes.txt"; }

: >"$OUT/results.txt"
: >"$OUT/sizes.txt"
for run in $(seq "$RUNS"); do
	echo "bench-peer: run $run of $RUNS  [load $(cut -d' ' -f1-3 /proc/loadavg)]" >&2
	for kind in plain spans; do
		rm -f "$OUT"/lb-$kind.db* "$OUT"/h-$kind.db*
		measure "import-$kind/labelbuddy" "$LB" "$OUT/lb-$kind.db" --import-labels "$DATA/labels.lb.jsonl" --import-docs "$DATA/docs-10000-$kind.lb.jsonl"
		measure "import-$kind/hamesh" "$H" import --db "$OUT/h-$kind.db" --annotator bench "$DATA/docs-10000-$kind.hamesh.jsonl"
		sqlite3 "$OUT/h-$kind.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
		size "db-$kind/labelbuddy" "$OUT/lb-$kind.db"
		size "db-$kind/hamesh" "$OUT/h-$kind.db"
	done
	measure "export-spans/labelbuddy" "$LB" "$OUT/lb-spans.db" --export-docs "$OUT/lb-export.jsonl"
	measure "export-spans/hamesh" "$H" export --db "$OUT/h-spans.db" --format jsonl -o "$OUT/h-export.jsonl"
	measure "export-spans/sqlite3-dump" sh -c "sqlite3 '$OUT/h-spans.db' .dump >/dev/null"
	# The same two into the same sink: a file each (the kernel's copy into
	# the page cache costs both), and /dev/null each.
	measure "export-spans/sqlite3-dump-file" sh -c "sqlite3 '$OUT/h-spans.db' .dump >'$OUT/h-dump.sql'"
	measure "export-spans/hamesh-null" sh -c "'$H' export --db '$OUT/h-spans.db' --format jsonl -o - >/dev/null"
	rm -f "$OUT/h-dump.sql"
done

# The table: median of each figure, and Hamesh ÷ labelbuddy.
python3 - "$OUT/results.txt" "$OUT/sizes.txt" <<'PY' | tee "$OUT/table.md"
import statistics, sys
res, sizes = {}, {}
for line in open(sys.argv[1]):
    name, cpu, rss, wall = line.split()
    res.setdefault(name, []).append((float(cpu), int(rss), float(wall)))
for line in open(sys.argv[2]):
    name, b = line.split()
    sizes.setdefault(name, []).append(int(b))
med = lambda xs: statistics.median(xs)
print("| Step | labelbuddy | Hamesh | Hamesh ÷ labelbuddy |")
print("|---|---|---|---|")
for step in ["import-plain", "import-spans", "export-spans"]:
    lb, h = res[step + "/labelbuddy"], res[step + "/hamesh"]
    c0, c1 = med([r[0] for r in lb]), med([r[0] for r in h])
    m0, m1 = med([r[1] for r in lb]) / 1024, med([r[1] for r in h]) / 1024
    print(f"| {step}: CPU | {c0:.2f} s | {c1:.2f} s | {c1 / c0:.2f}× |")
    print(f"| {step}: peak RSS | {m0:.0f} MB | {m1:.0f} MB | {m1 / m0:.2f}× |")
for kind in ["plain", "spans"]:
    s0, s1 = med(sizes[f"db-{kind}/labelbuddy"]) / 1e6, med(sizes[f"db-{kind}/hamesh"]) / 1e6
    print(f"| database after import-{kind} | {s0:.1f} MB | {s1:.1f} MB | {s1 / s0:.2f}× |")
d = med([r[0] for r in res["export-spans/sqlite3-dump"]])
h = med([r[0] for r in res["export-spans/hamesh"]])
print(f"| export-spans: Hamesh to a file ÷ `sqlite3 .dump` of its database to /dev/null (CPU) | | {h:.2f} s / {d:.2f} s | {h / d:.2f}× |")
df = med([r[0] for r in res["export-spans/sqlite3-dump-file"]])
print(f"| export-spans: both to a file (CPU) | | {h:.2f} s / {df:.2f} s | {h / df:.2f}× |")
hn = med([r[0] for r in res["export-spans/hamesh-null"]])
print(f"| export-spans: both to /dev/null (CPU) | | {hn:.2f} s / {d:.2f} s | {hn / d:.2f}× |")
PY
echo "bench-peer: raw figures in $OUT/results.txt, table in $OUT/table.md" >&2
