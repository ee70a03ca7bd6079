// Command benchtool is scripts/bench.sh's helper for the benchmarks of
// issue 7 ("Fast at every size"); see docs/PERFORMANCE.md.
//
//	benchtool gen                    make the corpus files in $HAMESH_BENCH_DIR
//	benchtool open-article -db PATH  open the 1 MB article in the real window
//	                  [-scroll]      then press End and Home in the article view
//	benchtool open-library -db PATH  open the 10,000-article library in the real window
//	benchtool open-empty -db PATH    open the workspace on an empty database
//	benchtool window -app HAMESH -db PATH   time keys in the real window (x11_linux.go, window.go)
//	benchtool bare-window            a bare Fyne window, the idle reference
//	benchtool time -n N -- CMD ARGS  run a command N times, print its wall and CPU times
//	benchtool report -dir DIR        print the table from the results in DIR
//
// The open-* commands show the real Fyne window (run them under xvfb-run
// and /usr/bin/time -v for the peak RSS), wait until the work is done —
// the process has been idle for a while, so the background layout has
// completed — print what they timed, and exit.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	hameshapp "github.com/hamesh-app/hamesh/app"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtool gen|open-article|open-library|open-empty|window|bare-window|time|report ...")
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "gen":
		err = gen()
	case "open-article", "open-library", "open-empty":
		err = open(cmd, args)
	case "window":
		err = windowBench(args)
	case "bare-window":
		err = bareWindow()
	case "time":
		err = timeCmd(args)
	case "report":
		err = report(args)
	default:
		err = fmt.Errorf("unknown command %q", cmd)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchtool %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// articleDBs are the databases holding one article alone: the seed
// repeated so many times (the 1 MB article, and 12 MB for the memory bound
// of issue 11).
var articleDBs = []struct {
	name   string
	copies int
	title  string
	spans  int // word-aligned entity spans, spread over the text
}{
	{"article-1mb.db", corpus.MegabyteCopies, "ويكيليكس ×170 (1 MB)", 0},
	{"article-12mb.db", corpus.TwelveMegabyteCopies, "ويكيليكس ×2040 (12 MB)", 0},
	// The 1 MB article with 18 spans per copy of the seed, as issue 16
	// measured it beside labelbuddy: 3,060 spans.
	{"article-1mb-spans.db", corpus.MegabyteCopies, "ويكيليكس ×170 (1 MB, 3060 spans)", 18 * corpus.MegabyteCopies},
}

// gen makes every corpus file the benchmarks and references use, and the
// databases holding the 1 MB and the 12 MB article alone.
func gen() error {
	dir, err := corpus.Dir()
	if err != nil {
		return err
	}
	for _, n := range corpus.Sizes {
		if _, err := corpus.JSONLFile(n); err != nil {
			return err
		}
		if _, err := corpus.DBFile(n); err != nil {
			return err
		}
	}
	if _, err := corpus.MegabyteFile(); err != nil {
		return err
	}
	if _, err := corpus.LibraryFile(); err != nil {
		return err
	}
	for _, a := range articleDBs {
		if err := genArticleDB(filepath.Join(dir, a.name), a.copies, a.title, a.spans); err != nil {
			return err
		}
	}
	return nil
}

// genArticleDB makes a database at path holding the seed repeated copies
// times as its only article, with spans entity spans over words spread
// evenly through it, unless the file exists.
func genArticleDB(path string, copies int, title string, spans int) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	text, err := corpus.Megabyte(copies)
	if err != nil {
		return err
	}
	doc := annotations.Document{Article: annotations.Article{
		Title: title, Text: text, Lang: "ar", Direction: annotations.RTL,
	}}
	if spans > 0 {
		words := annotations.Words(text)
		labels := []string{"PERS", "ORG", "GPE", "LOC", "DATE", "EVENT"}
		stride := len(words) / spans
		for i := 0; i < spans; i++ {
			w := words[i*stride]
			doc.Spans = append(doc.Spans, annotations.Span{
				Kind: annotations.KindEntity, Label: labels[i%len(labels)],
				Start: w.Start, End: w.End, Annotator: "bench",
			})
		}
	}
	db, err := data.Open(path)
	if err != nil {
		return err
	}
	_, err = db.ImportDocuments(context.Background(), []annotations.Document{doc})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// waitIdle waits until the process has used less than 5% of a core over
// the last half second (so no layout or query is running), at most limit;
// it returns when the busy period ended.
func waitIdle(limit time.Duration) (time.Time, error) {
	const window = 500 * time.Millisecond
	deadline := time.Now().Add(limit)
	lastBusy := time.Now()
	prev := cpuTime()
	for time.Now().Before(deadline) {
		time.Sleep(window / 5)
		c := cpuTime()
		if c-prev > window/5/20 {
			lastBusy = time.Now()
		}
		prev = c
		if time.Since(lastBusy) >= window {
			return lastBusy, nil
		}
	}
	return time.Time{}, fmt.Errorf("still busy after %v", limit)
}

// writeHeapProfile writes a heap profile (live objects after a collection,
// and every allocation since the start) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// waitSettled polls the article view until it has nothing left to lay
// out (articleview.View.Settled), at most limit, and returns when it saw it.
func waitSettled(ws *hameshapp.Workspace, limit time.Duration) (time.Time, error) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		settled := false
		fyne.DoAndWait(func() { settled = ws.View().Settled() })
		if settled {
			return time.Now(), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Time{}, fmt.Errorf("the article view still laying out after %v", limit)
}

// open shows the workspace in the real window on the database, opens what
// cmd names, waits until the process is idle and quits.
func open(cmd string, args []string) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	dbPath := fs.String("db", "", "database")
	scroll := fs.Bool("scroll", false, "open-article: press End, then Home, in the article view once laid out")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbPath == "" {
		return fmt.Errorf("no -db given")
	}
	db, err := data.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hameshapp.TuneMemory()
	a := fyneapp.NewWithID(hameshapp.AppID + ".bench")
	w := a.NewWindow("Hamesh benchmark")
	w.Resize(fyne.NewSize(1300, 820))
	t0 := time.Now()
	ws, err := hameshapp.NewWorkspace(a, w, db, hameshapp.Options{})
	if err != nil {
		return err
	}
	built := time.Since(t0)
	var runErr error
	go func() {
		defer fyne.Do(a.Quit)
		// The window is up once a function queued behind its first frame runs.
		fyne.DoAndWait(func() {})
		shown := time.Since(t0)
		if _, err := waitIdle(30 * time.Second); err != nil && cmd != "open-article" {
			runErr = err
			return
		} else if err != nil {
			// A loaded machine can keep even an idle window above the
			// threshold; the article's own waits below do not depend on it.
			fmt.Printf("note: the window was not idle before opening the article: %v\n", err)
		}
		fmt.Printf("workspace built in %.1f ms, window shown after %.1f ms\n", ms(built), ms(shown))
		switch cmd {
		case "open-article":
			list, err := db.ListArticles(context.Background(), annotations.ArticleFilter{Limit: 1})
			if err != nil || len(list) == 0 {
				runErr = fmt.Errorf("no article in %s: %v", *dbPath, err)
				return
			}
			t1 := time.Now()
			fyne.DoAndWait(func() { runErr = ws.Session().Open(list[0].ID) })
			opened := time.Since(t1)
			settled, err := waitSettled(ws, 60*time.Second)
			if err != nil {
				runErr = err
				return
			}
			fmt.Printf("article of %d characters: OpenArticle returned after %.1f ms, layout complete after %.0f ms\n",
				list[0].Chars, ms(opened), ms(settled.Sub(t1)))
			if *scroll {
				for _, k := range []fyne.KeyName{fyne.KeyEnd, fyne.KeyHome} {
					t2 := time.Now()
					fyne.DoAndWait(func() { ws.View().TypedKey(&fyne.KeyEvent{Name: k}) })
					settled, err := waitSettled(ws, 60*time.Second)
					if err != nil {
						runErr = err
						return
					}
					fmt.Printf("article key %s: rows laid out after %.0f ms\n", k, ms(settled.Sub(t2)))
				}
			}
			if _, err := waitIdle(5 * time.Second); err != nil {
				fmt.Printf("note: %v after the article settled\n", err)
			}
			if path := os.Getenv("HAMESH_BENCH_HEAPPROFILE"); path != "" {
				runErr = writeHeapProfile(path)
			}
		case "open-library":
			// Scroll the library to its end a page of rows (200) at a
			// time, so every page has been fetched and drawn once.
			var list *widget.List
			fyne.DoAndWait(func() { list = findList(w.Content()) })
			if list == nil {
				runErr = fmt.Errorf("no library list in the window")
				return
			}
			t1 := time.Now()
			for i := 199; i < corpus.LibraryArticles; i += 200 {
				fyne.DoAndWait(func() { list.ScrollTo(i) })
			}
			fmt.Printf("library scrolled to its end a page of 200 rows at a time in %.0f ms\n", ms(time.Since(t1)))
			if _, err := waitIdle(30 * time.Second); err != nil {
				runErr = err
			}
		}
	}()
	w.ShowAndRun()
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("self-reported peak RSS (kbytes): %d\n", ru.Maxrss)
	}
	return runErr
}

// findList returns the first list in o's tree of objects (the library's).
func findList(o fyne.CanvasObject) *widget.List {
	switch o := o.(type) {
	case *widget.List:
		return o
	case *fyne.Container:
		for _, c := range o.Objects {
			if l := findList(c); l != nil {
				return l
			}
		}
	case *container.Split:
		if l := findList(o.Leading); l != nil {
			return l
		}
		return findList(o.Trailing)
	case *container.Scroll:
		return findList(o.Content)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// timeCmd runs a command n times (its output to /dev/null) and prints, in
// seconds, the median and the fastest wall time and the least CPU time
// (user and system): "median min cpu".
func timeCmd(args []string) error {
	fs := flag.NewFlagSet("time", flag.ContinueOnError)
	n := fs.Int("n", 5, "runs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return fmt.Errorf("no command given")
	}
	var ts, cpu []float64
	for range *n {
		c := exec.Command(argv[0], argv[1:]...)
		c.Stderr = os.Stderr
		t0 := time.Now()
		if err := c.Run(); err != nil {
			return fmt.Errorf("%s: %v", strings.Join(argv, " "), err)
		}
		ts = append(ts, time.Since(t0).Seconds())
		cpu = append(cpu, (c.ProcessState.UserTime() + c.ProcessState.SystemTime()).Seconds())
	}
	slices.Sort(ts)
	slices.Sort(cpu)
	fmt.Printf("%.4f %.4f %.4f\n", ts[len(ts)/2], ts[0], cpu[0])
	return nil
}
