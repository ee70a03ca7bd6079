#!/usr/bin/env bash
# bench.sh — the performance figures of issue 7 ("Fast at every size") and
# their references, measured in one run, printed as one table (see
# docs/PERFORMANCE.md for what each figure is and how it was reached).
#
#   scripts/bench.sh            (or: make bench)
#
# Environment:
#   HAMESH_BENCH_DIR  where the generated corpus lives (reused between runs;
#                     default ~/.cache/hamesh/bench-v1)
#   BENCH_OUT         where the raw results go (default: a new /tmp directory)
#
# Needs: go, fribidi (libfribidi-bin), sqlite3, xvfb-run, /usr/bin/time,
# X11 with XTest and MIT-SHM headers (xorg-dev) for benchtool window;
# python3 if present (else its reference prints n/a).
set -euo pipefail
cd "$(dirname "$0")/.."

export HAMESH_BENCH_DIR=${HAMESH_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hamesh/bench-v1}
OUT=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/hamesh-bench.XXXXXX")}
mkdir -p "$OUT" "$HAMESH_BENCH_DIR"
BT=$OUT/benchtool
D=$HAMESH_BENCH_DIR

say() { printf '\n== %s   [load: %s]\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt" >&2; }

say "building benchtool; generating the corpus in $D (once)"
go build -o "$BT" ./scripts/benchtool
"$BT" gen
MB=$D/seed170.txt
JSONL=$D/corpus-3000.jsonl
DB=$D/corpus-3000.db

say "references"
: >"$OUT/refs.txt"
echo "fribidi $("$BT" time -n 7 -- fribidi --levels --novisual "$MB")" >>"$OUT/refs.txt"
if command -v python3 >/dev/null; then
	py=$(python3 - "$JSONL" <<'EOF'
import json, sys, time
ts, cpu = [], []
for _ in range(5):
    t, c = time.perf_counter(), time.process_time()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            json.loads(line)
    ts.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
ts.sort()
print("%.4f %.4f %.4f" % (ts[len(ts) // 2], ts[0], min(cpu)))
EOF
)
	echo "python $py" >>"$OUT/refs.txt"
else
	echo "python n/a" >>"$OUT/refs.txt"
fi
echo "sqlite_dump $("$BT" time -n 7 -- sqlite3 "$DB" .dump)" >>"$OUT/refs.txt"
cat "$OUT/refs.txt" >&2

# gobench PKG FILE ARGS... runs go test -bench in PKG, output to FILE.bench.
gobench() {
	local pkg=$1 file=$2
	shift 2
	say "go test -bench $* $pkg"
	go test "$pkg" -run '^$' "$@" | tee -a "$OUT/$file.bench" | grep -E '^(Benchmark|FAIL|---)' >&2 || true
}

# Timed benchmarks run several times (-count): the report keeps the best
# wall time and the least CPU time of the runs.
gobench ./app/layout layout -bench 'LayoutSeed|Layout1MB|FirstScreen1MB|Rects10000Spans' -benchtime 5x -count 3
gobench ./app/layout layout -bench 'HitTest' -benchtime 1s
gobench ./app/articleview view-first -bench 'FirstScreen1MB' -benchtime 10x -count 3
sed -i 's/^BenchmarkFirstScreen1MB/BenchmarkFirstScreen1MB#view/' "$OUT/view-first.bench"
gobench ./app/articleview view -bench 'LayoutGrowth|OpenGrowth' -benchtime 3x -count 3
gobench ./data data -bench 'ImportCorpus|ReadCorpus|BringIn' -benchtime 2x -count 3
gobench ./data data -bench 'BenchmarkAddSpan$' -benchtime 2000x
# Issue 15: accepting a suggestion against adding a span, same article of
# the same library, same run; then the suggestion sources.
gobench ./data data -bench 'BenchmarkAcceptSuggestion$' -benchtime 2000x
gobench ./annotations/suggest suggest -bench 'Gazetteer3000Articles|Patterns1MB' -benchtime 1x -count 3
gobench ./annotations/formats formats -bench 'ExportCorpus/jsonl' -benchtime 2x -count 3
gobench ./annotations/formats formats -bench 'ExportCorpus/(doccano|labelstudio|prodigy|brat|conll|dataset)' -benchtime 2x
gobench ./cmd/hamesh cmd -bench 'Command' -benchtime 2x
gobench ./annotations annotations -bench 'Candidates|RegistryIndex' -benchtime 20x -count 3
gobench ./annotations/agreement agreement -bench 'AgreementCorpus' -benchtime 3x -count 3
gobench ./app app -bench 'KeyPressAddSpan' -benchtime 1000x
gobench ./app app -bench 'OpenLibrary10k' -benchtime 10x -count 2
gobench ./app app -bench 'ScrollLibrary10k' -benchtime 500x

# Peak RSS of the real window under Xvfb (software OpenGL), each run on its
# own process: empty workspace, the 10,000-article library, the 1 MB
# article, and the 12 MB article laid out and scrolled to its end and back
# (issue 11's bound: at most 20x its text).
rm -f "$OUT"/empty.db*
for m in empty library article article12; do
	cmd=(open-$m)
	case $m in
	empty) db=$OUT/empty.db ;;
	library) db=$D/library-10000.db ;;
	article) db=$D/article-1mb.db ;;
	article12) db=$D/article-12mb.db cmd=(open-article -scroll) ;;
	esac
	say "peak RSS: benchtool ${cmd[*]} -db $db (real window under xvfb-run)"
	xvfb-run -a -s "-screen 0 1400x900x24" /usr/bin/time -v "$BT" "${cmd[@]}" -db "$db" >"$OUT/rss-$m.txt" 2>&1 ||
		{ cat "$OUT/rss-$m.txt" >&2; exit 1; }
	grep -E '^(workspace|article|library|self)|Maximum resident' "$OUT/rss-$m.txt" >&2
done

# Issue 16: the real window timed from outside (benchtool window: XTest
# keys, a watched screen region, the app's CPU from /proc), on the 1 MB
# article without and with 3,060 spans, beside a bare Fyne window.
go build -o "$OUT/hamesh" ./cmd/hamesh
for a in article-1mb article-1mb-spans; do
	say "real window: benchtool window -app hamesh -db $D/$a.db (under xvfb-run)"
	xvfb-run -a -s "-screen 0 1400x900x24" "$BT" window -app "$OUT/hamesh" -db "$D/$a.db" -label "$a: " \
		>"$OUT/window-$a.txt" 2>"$OUT/window-$a.err" || { cat "$OUT/window-$a.err" >&2; exit 1; }
	cat "$OUT/window-$a.txt" >&2
done

say "done; raw results in $OUT"
echo
echo "Hamesh benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(go version | cut -d' ' -f3)"
echo "Load averages during the run (1, 5, 15 min) at each step:"
sed -n 's/^== \(.*\)   \[load: \(.*\)\]$/  \2   \1/p' "$OUT/log.txt"
echo
"$BT" report -dir "$OUT"
echo
echo "The real window (issue 16; benchtool window, see docs/PERFORMANCE.md):"
cat "$OUT"/window-*.txt
