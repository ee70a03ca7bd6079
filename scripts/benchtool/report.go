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
	refs  map[string][3]float64           // reference → median wall, best wall, least CPU (s; NaN: not available)
	rss   map[string]float64              // open-* run → peak RSS in MB
	notes map[string][]string             // open-* run → what it printed
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func loadResults(dir string) (*results, error) {
	r := &results{bench: map[string]map[string][]float64{}, refs: map[string][3]float64{}, rss: map[string]float64{}, notes: map[string][]string{}}
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
		v := [3]float64{math.NaN(), math.NaN(), math.NaN()}
		for i := 1; i < len(f) && i <= 3; i++ {
			if x, err := strconv.ParseFloat(f[i], 64); err == nil {
				v[i-1] = x
			}
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
			} else if strings.HasPrefix(line, "workspace built") || strings.HasPrefix(line, "article of") || strings.HasPrefix(line, "article key") || strings.HasPrefix(line, "library scrolled") {
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

// get returns the median of a benchmark's values in unit over its runs
// (-count), NaN if missing.
func (r *results) get(name, unit string) float64 {
	vs := r.bench[name][unit]
	if len(vs) == 0 {
		return math.NaN()
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// best returns the least of a benchmark's values in unit over its runs.
func (r *results) best(name, unit string) float64 {
	vs := r.bench[name][unit]
	if len(vs) == 0 {
		return math.NaN()
	}
	return slices.Min(vs)
}

// seconds returns a benchmark's best time per op in seconds.
func (r *results) seconds(name string) float64 { return r.best(name, "ns/op") / 1e9 }

// worst returns the greatest of a benchmark's values in unit over its runs
// (NaN if none): for a bound such as the longest wait.
func (r *results) worst(name, unit string) float64 {
	vs := r.bench[name][unit]
	if len(vs) == 0 {
		return math.NaN()
	}
	return slices.Max(vs)
}

// cpu returns a benchmark's least CPU time per op in seconds (NaN if it
// does not report one).
func (r *results) cpu(name string) float64 { return r.best(name, "cpu-ms/op") / 1e3 }

// row is one line of the table: wall and CPU in seconds (or MB when mb is
// set) and the reference's best wall and least CPU times. The ratio is of
// CPU times when both are known (the machine is shared: a wall time also
// measures the other jobs), else of wall times. limit is the target: a bound
// on the ratio when ratio is set, else on the wall time; 0 for none.
type row struct {
	figure    string
	wall, cpu float64
	ref       string
	refWall   float64
	refCPU    float64
	limit     float64
	ratio     bool
	mb        bool
	target    string
}

func fmtDur(s float64) string {
	switch {
	case math.IsNaN(s):
		return ""
	case s == 0:
		return "0"
	case s >= 1:
		return fmt.Sprintf("%.2f s", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.1f ms", s*1e3)
	case s >= 1e-5:
		return fmt.Sprintf("%.0f µs", s*1e6)
	default:
		return fmt.Sprintf("%.2f µs", s*1e6)
	}
}

// x returns the ratio of the figure to its reference, and which times it
// compares.
func (w row) x() (float64, string) {
	if !math.IsNaN(w.cpu) && !math.IsNaN(w.refCPU) && w.cpu > 0 {
		return w.cpu / w.refCPU, "CPU"
	}
	return w.wall / w.refWall, "wall"
}

func (w row) cells() []string {
	val, cpu, ref, ratio, verdict := fmtDur(w.wall), fmtDur(w.cpu), "", "", ""
	if w.mb {
		val, cpu = fmt.Sprintf("%.0f MB", w.wall), ""
	}
	if math.IsNaN(w.wall) {
		val = "n/a"
	}
	if w.ref != "" {
		ref = fmt.Sprintf("%s: %s", w.ref, fmtDur(w.refWall))
		if !math.IsNaN(w.refCPU) {
			ref += fmt.Sprintf(" (CPU %s)", fmtDur(w.refCPU))
		}
		if x, of := w.x(); math.IsNaN(x) {
			ratio = "n/a"
		} else {
			ratio = fmt.Sprintf("%.1f× (%s)", x, of)
		}
	}
	if w.limit > 0 {
		x := w.wall
		if w.ratio {
			x, _ = w.x()
		}
		switch {
		case math.IsNaN(x):
			verdict = "n/a"
		case x <= w.limit:
			verdict = "met"
		default:
			verdict = fmt.Sprintf("**missed** (%.1f× the limit)", x/w.limit)
		}
	}
	return []string{w.figure, val, cpu, ref, ratio, w.target, verdict}
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
	nan := math.NaN()
	rss := func(name string) float64 {
		if v, ok := r.rss[name]; ok {
			return v
		}
		return nan
	}
	fri, py, dump := r.refs["fribidi"], r.refs["python"], r.refs["sqlite_dump"]
	ms := func(name, unit string) float64 { return r.get(name, unit) / 1e3 }
	wall := func(name string) row { return row{wall: r.seconds(name), cpu: r.cpu(name)} }
	vs := func(w row, figure, ref string, t [3]float64, limit float64, target string) row {
		w.figure, w.ref, w.refWall, w.refCPU, w.limit, w.ratio, w.target = figure, ref, t[1], t[2], limit, limit > 0, target
		return w
	}
	abs := func(figure string, v, limit float64, target string) row {
		return row{figure: figure, wall: v, cpu: nan, limit: limit, target: target}
	}
	n := corpus.Articles
	rows := []row{
		vs(wall("BenchmarkLayoutGrowth/x170"), "Layout, 1 MB article (complete, cold engine, 784 px)", "fribidi", fri, 10, "≤ 10× fribidi"),
		vs(wall("BenchmarkLayout1MB"), "  app/layout BenchmarkLayout1MB (640 px, 2 goroutines)", "fribidi", fri, 0, ""),
		vs(wall("BenchmarkLayout1MBSerial"), "  app/layout BenchmarkLayout1MBSerial (one goroutine)", "fribidi", fri, 0, ""),
		abs("Layout, seed article (6 KB)", r.seconds("BenchmarkLayoutSeed"), 0, ""),
		abs("First screen, 1 MB article (app/layout, cold engine)", r.seconds("BenchmarkFirstScreen1MB"), 0.1, "< 100 ms"),
		abs("First screen, 1 MB article in the view widget", r.seconds("BenchmarkFirstScreen1MB#view"), 0.1, "< 100 ms"),
		abs("Hit test (point → offset)", r.seconds("BenchmarkHitTest"), 0, ""),
		abs("Highlight geometry, 10,000 spans over 1 MB", r.seconds("BenchmarkRects10000Spans"), 0, ""),
		abs("Add span: key press → committed (synced), median", ms("BenchmarkKeyPressAddSpan", "commit-p50-ms"), 0, ""),
		abs("Add span: key press → committed (synced), p99", ms("BenchmarkKeyPressAddSpan", "commit-p99-ms"), 0.01, "< 10 ms"),
		abs("Add span: key press → screen updated, median", ms("BenchmarkKeyPressAddSpan", "shown-p50-ms"), 0, ""),
		abs("Add span: key press → screen updated, p99", ms("BenchmarkKeyPressAddSpan", "shown-p99-ms"), 0, ""),
		abs("data.AddSpan alone, p99 (data BenchmarkAddSpan)", r.get("BenchmarkAddSpan", "p99-µs")/1e6, 0, ""),
		abs("Accept a suggestion (data.AcceptSuggestion), median", r.get("BenchmarkAcceptSuggestion", "p50-µs")/1e6, 0, "≈ data.AddSpan's median"),
		abs("  data.AddSpan, median, same run", r.get("BenchmarkAddSpan", "p50-µs")/1e6, 0, ""),
		abs("Accept a suggestion, p99", r.get("BenchmarkAcceptSuggestion", "p99-µs")/1e6, 0, "≈ data.AddSpan's p99"),
		row{figure: "Gazetteer: 100,000 entries over 3,000 articles (suggest.Run, every core)", wall: r.seconds("BenchmarkGazetteer3000ArticlesRun"), cpu: r.cpu("BenchmarkGazetteer3000ArticlesRun"), limit: 5, target: "< 5 s"},
		row{figure: "  the same on one goroutine", wall: r.seconds("BenchmarkGazetteer3000Articles"), cpu: r.cpu("BenchmarkGazetteer3000Articles")},
		row{figure: "Built-in patterns over the 1 MB article", wall: r.seconds("BenchmarkPatterns1MB"), cpu: r.cpu("BenchmarkPatterns1MB"), limit: 0.2, target: "< 200 ms"},
		vs(wall(fmt.Sprintf("BenchmarkImportCorpus/%d", n)), fmt.Sprintf("Import %d articles, %d spans from native JSONL", n, n*corpus.SpansPerArticle), "Python json.loads", py, 3, "≤ 3× Python"),
		vs(wall("BenchmarkReadCorpus"), "  of which formats.Read (decode, validate)", "Python json.loads", py, 0, ""),
		vs(wall("BenchmarkCommandImport"), "  `hamesh import` (the command, in-process)", "Python json.loads", py, 0, ""),
		// Issue 14: bringing in a colleague's database costs no more than
		// importing its JSONL, and locks as briefly.
		vs(wall(fmt.Sprintf("BenchmarkBringIn/%d", n)), fmt.Sprintf("Bring in a colleague's %d-article database", n), "its JSONL imported",
			[3]float64{0, r.seconds(fmt.Sprintf("BenchmarkImportCorpus/%d", n)), r.cpu(fmt.Sprintf("BenchmarkImportCorpus/%d", n))}, 1, "≤ the JSONL import"),
		vs(row{wall: r.worst(fmt.Sprintf("BenchmarkBringIn/%d-lock", n), "max-wait-ms") / 1e3, cpu: nan},
			"  another writer's longest wait meanwhile", "the JSONL import's", [3]float64{0, r.worst(fmt.Sprintf("BenchmarkBringIn/%d-jsonl-lock", n), "max-wait-ms") / 1e3, nan}, 0, ""),
		abs("  the same file again: another writer's longest wait", r.worst(fmt.Sprintf("BenchmarkBringIn/%d-again-lock", n), "max-wait-ms")/1e3, 0, ""),
		abs(fmt.Sprintf("Agreement, %d articles, 2 annotators × %d spans (`hamesh agreement`)", n, corpus.SpansPerArticle),
			r.seconds("BenchmarkAgreementCorpus/store"), 2, "< 2 s"),
		vs(wall(fmt.Sprintf("BenchmarkExportCorpus/jsonl/%d", n)), "Export to native JSONL", "sqlite3 .dump", dump, 2, "≤ 2× .dump"),
		vs(wall("BenchmarkCommandExport"), "  `hamesh export` (the command, in-process)", "sqlite3 .dump", dump, 0, ""),
	}
	for _, f := range []string{"doccano", "labelstudio", "prodigy", "brat", "conll", "dataset"} {
		rows = append(rows, vs(wall(fmt.Sprintf("BenchmarkExportCorpus/%s/%d", f, n)), "Export to "+f, "sqlite3 .dump", dump, 0, ""))
	}
	rows = append(rows,
		abs("Registry lookup (\"Link to…\"), 50,000 entries: an alias", r.seconds("BenchmarkCandidates/exact"), 0.016, "< 16 ms (a frame)"),
		abs("  through a proclitic (والرجل123)", r.seconds("BenchmarkCandidates/clitic"), 0.016, "< 16 ms (a frame)"),
		abs("  a first name 5,000 entries share (all scored)", r.seconds("BenchmarkCandidates/common"), 0.016, "< 16 ms (a frame)"),
		abs("  building the index of 50,000 entries", r.seconds("BenchmarkRegistryIndex"), 0, ""),
		abs("Open the library of 10,000 articles", r.seconds("BenchmarkOpenLibrary10k"), 0.3, "< 300 ms"),
		abs("Library scroll by a screen, median", ms("BenchmarkScrollLibrary10k", "step-p50-ms"), 0, ""),
		abs("Library scroll by a screen, p99", ms("BenchmarkScrollLibrary10k", "step-p99-ms"), 0.05, "< 50 ms (no stall)"),
		row{figure: "Peak RSS, 1 MB article open (real window)", wall: rss("article"), cpu: nan, mb: true, limit: 300, target: "< 300 MB"},
		row{figure: "Peak RSS, library of 10,000 articles, scrolled through", wall: rss("library"), cpu: nan, mb: true, limit: 300, target: "< 300 MB"},
		row{figure: "Peak RSS, empty workspace (baseline)", wall: rss("empty"), cpu: nan, mb: true},
	)
	// Issue 11: the window's peak memory on the 12 MB article, as a
	// multiple of its text, and the part of it above the empty workspace.
	if text, err := corpus.Megabyte(corpus.TwelveMegabyteCopies); err == nil {
		mb := float64(len(text)) / (1 << 20)
		a12, empty := rss("article12"), rss("empty")
		rows = append(rows,
			row{figure: fmt.Sprintf("Peak RSS, 12 MB article laid out, End, Home (real window): %.1f× its %.2f MB of text", a12/mb, mb),
				wall: a12, cpu: nan, mb: true, limit: 20 * mb, target: fmt.Sprintf("≤ 20× the text (%.0f MB)", 20*mb)},
			row{figure: fmt.Sprintf("  of which above the empty workspace: %.1f× the text", (a12-empty)/mb),
				wall: a12 - empty, cpu: nan, mb: true},
		)
	}
	fmt.Println("| Figure | Wall (best) | CPU | Reference, same run: best wall (least CPU) | Ratio | Target | Result |")
	fmt.Println("|---|---|---|---|---|---|---|")
	missed := 0
	for _, w := range rows {
		c := w.cells()
		if strings.HasPrefix(c[6], "**missed**") {
			missed++
		}
		fmt.Println("| " + strings.Join(c, " | ") + " |")
	}
	fmt.Printf("\nTargets missed: %d\n", missed)
	for _, name := range []string{"empty", "library", "article", "article12"} {
		for _, n := range r.notes[name] {
			fmt.Printf("open-%s: %s\n", name, n)
		}
	}

	fmt.Println("\nGrowth with size (CPU time per op at each size, wall time where no CPU time is reported; k is the exponent of time ∝ size^k between the smallest and the largest size: 1 is linear):")
	fmt.Println()
	fmt.Println("| Cost | Sizes | Times | Per unit | k | Growth |")
	fmt.Println("|---|---|---|---|---|---|")
	growth := func(what, unit, one string, sizes []int, name func(int) string) {
		var ts []string
		var per []string
		var t []float64
		of := "CPU"
		for _, n := range sizes {
			s := r.cpu(name(n))
			if math.IsNaN(s) {
				s, of = r.seconds(name(n)), "wall"
			}
			t = append(t, s)
			ts = append(ts, fmtDur(s))
			per = append(per, fmtDur(s/float64(n)))
		}
		n0, n1 := float64(sizes[0]), float64(sizes[len(sizes)-1])
		k := math.Log(t[len(t)-1]/t[0]) / math.Log(n1/n0)
		// The line through the smallest and largest sizes: a fixed cost
		// plus a cost per unit.
		per1 := (t[len(t)-1] - t[0]) / (n1 - n0)
		fixed := t[0] - per1*n0
		if fixed < 1e-6 { // rounding: no fixed cost
			fixed = 0
		}
		verdict := "linear"
		switch {
		case math.IsNaN(k):
			verdict = "n/a"
		case k > 1.2:
			verdict = "worse than linear"
		case k < 0.8:
			verdict = "linear after a fixed cost"
		}
		if !math.IsNaN(k) {
			verdict += fmt.Sprintf(": ≈ %s + %s per %s", fmtDur(max(fixed, 0)), fmtDur(per1), one)
		}
		var ss []string
		for _, n := range sizes {
			ss = append(ss, fmt.Sprintf("%d", n))
		}
		if math.IsNaN(k) {
			fmt.Printf("| %s | %s %s | n/a | | | |\n", what, strings.Join(ss, ", "), unit)
			return
		}
		fmt.Printf("| %s | %s %s | %s: %s | %s per %s | %.2f | %s |\n", what, strings.Join(ss, ", "), unit, of, strings.Join(ts, ", "), strings.Join(per, ", "), one, k, verdict)
	}
	growth("Import (native JSONL)", "articles", "article", corpus.Sizes, func(n int) string { return fmt.Sprintf("BenchmarkImportCorpus/%d", n) })
	growth("Export (native JSONL)", "articles", "article", corpus.Sizes, func(n int) string { return fmt.Sprintf("BenchmarkExportCorpus/jsonl/%d", n) })
	growth("Layout (complete, cold)", "seed copies", "copy", []int{57, 113, 170}, func(n int) string { return fmt.Sprintf("BenchmarkLayoutGrowth/x%d", n) })
	growth("Open in the view until laid out", "seed copies", "copy", []int{57, 113, 170}, func(n int) string { return fmt.Sprintf("BenchmarkOpenGrowth/x%d", n) })
	return nil
}
