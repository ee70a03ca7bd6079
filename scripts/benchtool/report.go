package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// results are the figures scripts/bench.sh collected in one directory:
// `go test -bench` output (*.bench), reference timings (refs.txt: "name
// median min", or "name n/a"), and the open-* runs (rss-*.txt, /usr/bin/time
// -v output with benchtool's own lines).
type results struct {
	bench map[string]map[string][]float64 // benchmark name → unit → values
	refs  map[string]float64              // reference → median seconds (NaN: not available)
	rss   map[string]float64              // open-* run → peak RSS in MB
	notes map[string][]string             // open-* run → what it printed
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func loadResults(dir string) (*results, error) {
	r := &results{bench: map[string]map[string][]float64{}, refs: map[string]float64{}, rss: map[string]float64{}, notes: map[string][]string{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.bench"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		err := eachLine(f, func(line string) {
			m := benchLine.FindStringSubmatch(line)
			if m == nil {
				return
			}
			fields := strings.Fields(m[2])
			for i := 0; i+1 < len(fields); i += 2 {
				v, err := strconv.ParseFloat(fields[i], 64)
				if err != nil {
					continue
				}
				if r.bench[m[1]] == nil {
					r.bench[m[1]] = map[string][]float64{}
				}
				r.bench[m[1]][fields[i+1]] = append(r.bench[m[1]][fields[i+1]], v)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	err = eachLine(filepath.Join(dir, "refs.txt"), func(line string) {
		f := strings.Fields(line)
		if len(f) < 2 {
			return
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			v = math.NaN()
		}
		r.refs[f[0]] = v
	})
	if err != nil {
		return nil, err
	}
	rss, _ := filepath.Glob(filepath.Join(dir, "rss-*.txt"))
	for _, f := range rss {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "rss-"), ".txt")
		r.rss[name] = math.NaN()
		eachLine(f, func(line string) {
			line = strings.TrimSpace(line)
			if v, ok := strings.CutPrefix(line, "Maximum resident set size (kbytes): "); ok {
				kb, _ := strconv.ParseFloat(v, 64)
				r.rss[name] = kb / 1024
			} else if v, ok := strings.CutPrefix(line, "self-reported peak RSS (kbytes): "); ok && math.IsNaN(r.rss[name]) {
				kb, _ := strconv.ParseFloat(v, 64)
				r.rss[name] = kb / 1024
			} else if strings.HasPrefix(line, "workspace built") || strings.HasPrefix(line, "article of") || strings.HasPrefix(line, "library scrolled") {
				r.notes[name] = append(r.notes[name], line)
			}
		})
	}
	return r, nil
}

func eachLine(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	return sc.Err()
}

// get returns the median of a benchmark's values in unit, NaN if missing.
func (r *results) get(name, unit string) float64 {
	vs := r.bench[name][unit]
	if len(vs) == 0 {
		return math.NaN()
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// seconds returns a benchmark's time per op in seconds.
func (r *results) seconds(name string) float64 { return r.get(name, "ns/op") / 1e9 }

// row is one line of the table. value and ref are in seconds (or MB when
// mb is set); limit is the target: a ratio to ref when ratio is set, else
// an absolute bound in the value's unit; 0 for none.
type row struct {
	figure string
	value  float64
	ref    string
	refV   float64
	limit  float64
	ratio  bool
	mb     bool
	target string
}

func fmtDur(s float64) string {
	switch {
	case math.IsNaN(s):
		return "n/a"
	case s >= 1:
		return fmt.Sprintf("%.2f s", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.1f ms", s*1e3)
	default:
		return fmt.Sprintf("%.2f µs", s*1e6)
	}
}

func (w row) cells() []string {
	val, ref, ratio, verdict := fmtDur(w.value), "", "", ""
	if w.mb {
		val = fmt.Sprintf("%.0f MB", w.value)
		if math.IsNaN(w.value) {
			val = "n/a"
		}
	}
	if w.ref != "" {
		ref = w.ref + ": " + fmtDur(w.refV)
		ratio = fmt.Sprintf("%.1f×", w.value/w.refV)
		if math.IsNaN(w.value / w.refV) {
			ratio = "n/a"
		}
	}
	if w.limit > 0 {
		x := w.value
		if w.ratio {
			x = w.value / w.refV
		}
		switch {
		case math.IsNaN(x):
			verdict = "n/a"
		case x <= w.limit:
			verdict = "met"
		default:
			verdict = fmt.Sprintf("MISSED (%.1f× the limit)", x/w.limit)
		}
	}
	return []string{w.figure, val, ref, ratio, w.target, verdict}
}

func report(args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory of the results")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := loadResults(*dir)
	if err != nil {
		return err
	}
	fri, py, dump := r.refs["fribidi"], r.refs["python"], r.refs["sqlite_dump"]
	ms := func(name, unit string) float64 { return r.get(name, unit) / 1e3 }
	rows := []row{
		{figure: "Layout, 1 MB article (complete, cold, 2 goroutines)", value: r.seconds("BenchmarkLayout1MB"), ref: "fribidi", refV: fri, limit: 10, ratio: true, target: "≤ 10× fribidi"},
		{figure: "Layout, 1 MB article, one goroutine", value: r.seconds("BenchmarkLayout1MBSerial"), ref: "fribidi", refV: fri, limit: 10, ratio: true, target: "≤ 10× fribidi"},
		{figure: "Layout, seed article (6 KB)", value: r.seconds("BenchmarkLayoutSeed")},
		{figure: "First screen, 1 MB article (app/layout, cold engine)", value: r.seconds("BenchmarkFirstScreen1MB"), limit: 0.1, target: "< 100 ms"},
		{figure: "First screen, 1 MB article in the view (articleview)", value: r.get("BenchmarkFirstScreen1MB#view", "ns/op") / 1e9, limit: 0.1, target: "< 100 ms"},
		{figure: "Hit test (point → offset)", value: r.seconds("BenchmarkHitTest")},
		{figure: "Highlight geometry, 10,000 spans over 1 MB", value: r.seconds("BenchmarkRects10000Spans")},
		{figure: "Add span: key press → committed, median", value: ms("BenchmarkKeyPressAddSpan", "commit-p50-ms")},
		{figure: "Add span: key press → committed, p99", value: ms("BenchmarkKeyPressAddSpan", "commit-p99-ms"), limit: 0.01, target: "< 10 ms"},
		{figure: "Add span: key press → screen updated, median", value: ms("BenchmarkKeyPressAddSpan", "shown-p50-ms")},
		{figure: "Add span: key press → screen updated, p99", value: ms("BenchmarkKeyPressAddSpan", "shown-p99-ms")},
		{figure: "data.AddSpan alone, p99 (10,000-article db)", value: r.get("BenchmarkAddSpan", "p99-µs") / 1e6},
		{figure: fmt.Sprintf("Import %d articles, %d spans (formats.Read + ImportDocuments)", corpus.Articles, corpus.Articles*corpus.SpansPerArticle), value: r.seconds(fmt.Sprintf("BenchmarkImportCorpus/%d", corpus.Articles)), ref: "python json.loads", refV: py, limit: 3, ratio: true, target: "≤ 3× Python"},
		{figure: "  of which formats.Read (decode, validate)", value: r.seconds("BenchmarkReadCorpus"), ref: "python json.loads", refV: py},
		{figure: "  `hamesh import` (command, in-process)", value: r.seconds("BenchmarkCommandImport"), ref: "python json.loads", refV: py},
		{figure: "Export native JSONL (ExportDocuments + formats.Write)", value: r.seconds(fmt.Sprintf("BenchmarkExportCorpus/jsonl/%d", corpus.Articles)), ref: "sqlite3 .dump", refV: dump, limit: 2, ratio: true, target: "≤ 2× .dump"},
		{figure: "  `hamesh export` (command, in-process)", value: r.seconds("BenchmarkCommandExport"), ref: "sqlite3 .dump", refV: dump},
	}
	for _, f := range []string{"doccano", "labelstudio", "prodigy", "brat", "conll", "dataset"} {
		rows = append(rows, row{figure: "Export " + f, value: r.seconds(fmt.Sprintf("BenchmarkExportCorpus/%s/%d", f, corpus.Articles)), ref: "sqlite3 .dump", refV: dump})
	}
	rows = append(rows,
		row{figure: "Open the library of 10,000 articles", value: r.seconds("BenchmarkOpenLibrary10k"), limit: 0.3, target: "< 300 ms"},
		row{figure: "Library scroll, one screen, median", value: ms("BenchmarkScrollLibrary10k", "step-p50-ms")},
		row{figure: "Library scroll, one screen, p99", value: ms("BenchmarkScrollLibrary10k", "step-p99-ms"), limit: 0.05, target: "< 50 ms (no stall)"},
		row{figure: "Peak RSS, 1 MB article open (real window)", value: r.rss["article"], mb: true, limit: 300, target: "< 300 MB"},
		row{figure: "Peak RSS, 10,000-article library, scrolled through", value: r.rss["library"], mb: true, limit: 300, target: "< 300 MB"},
		row{figure: "Peak RSS, empty workspace (baseline)", value: r.rss["empty"], mb: true},
	)
	fmt.Println("| Figure | Value | Reference (same run) | Ratio | Target | Result |")
	fmt.Println("|---|---|---|---|---|---|")
	missed := 0
	for _, w := range rows {
		c := w.cells()
		if strings.HasPrefix(c[5], "MISSED") {
			missed++
		}
		fmt.Println("| " + strings.Join(c, " | ") + " |")
	}
	fmt.Printf("\nTargets missed: %d\n", missed)
	for _, name := range []string{"empty", "library", "article"} {
		for _, n := range r.notes[name] {
			fmt.Printf("open-%s: %s\n", name, n)
		}
	}

	fmt.Println("\nGrowth with size (time per op at each size; exponent k of time ∝ size^k between the smallest and largest):")
	fmt.Println()
	fmt.Println("| Cost | Sizes | Times | Per unit | k | Growth |")
	fmt.Println("|---|---|---|---|---|---|")
	growth := func(what, unit string, sizes []int, name func(int) string) {
		var ts []string
		var per []string
		var t []float64
		for _, n := range sizes {
			s := r.seconds(name(n))
			t = append(t, s)
			ts = append(ts, fmtDur(s))
			per = append(per, fmtDur(s/float64(n)))
		}
		k := math.Log(t[len(t)-1]/t[0]) / math.Log(float64(sizes[len(sizes)-1])/float64(sizes[0]))
		verdict := "linear"
		switch {
		case math.IsNaN(k):
			verdict = "n/a"
		case k > 1.2:
			verdict = "worse than linear"
		case k < 0.8:
			verdict = "sublinear (fixed costs dominate)"
		}
		var ss []string
		for _, n := range sizes {
			ss = append(ss, fmt.Sprintf("%d", n))
		}
		fmt.Printf("| %s | %s %s | %s | %s per %s | %.2f | %s |\n", what, strings.Join(ss, ", "), unit, strings.Join(ts, ", "), strings.Join(per, ", "), strings.TrimSuffix(unit, "s"), k, verdict)
	}
	growth("Import (native JSONL)", "articles", corpus.Sizes, func(n int) string { return fmt.Sprintf("BenchmarkImportCorpus/%d", n) })
	growth("Export (native JSONL)", "articles", corpus.Sizes, func(n int) string { return fmt.Sprintf("BenchmarkExportCorpus/jsonl/%d", n) })
	growth("Layout (complete, cold)", "seed copies", []int{57, 113, 170}, func(n int) string { return fmt.Sprintf("BenchmarkLayoutGrowth/x%d", n) })
	growth("Open in the view until laid out", "seed copies", []int{57, 113, 170}, func(n int) string { return fmt.Sprintf("BenchmarkOpenGrowth/x%d", n) })
	return nil
}
