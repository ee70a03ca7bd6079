package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/app"
	"github.com/hamesh-app/hamesh/data"
)

func cmdGUI(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "gui")
	annotator := fs.String("annotator", "", "who annotates: the name stamped on new spans (default: the one the app stored)")
	article := fs.String("article", "", "open this article at start (default: the one open when the window last closed)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *annotator != "" {
		if err := annotations.ValidAnnotatorName(*annotator); err != nil {
			return fmt.Errorf("--annotator: %w", err)
		}
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	// Files given on the command line (the desktop entry's Exec=hamesh gui %F)
	// are imported as `hamesh import` would, and the first one is opened.
	// When they cannot be, the window opens all the same and says why (a
	// file opened from the desktop has no terminal to print to); the
	// message also goes to stderr.
	var openErr error
	if fs.NArg() > 0 {
		first, err := importForWindow(e, db, fs.Args())
		if err != nil {
			fmt.Fprintf(e.stderr, "hamesh gui: %v\n", err)
			openErr = err
			var ni *notImported
			if errors.As(err, &ni) {
				openErr = ni.err // the window says what failed in its own language
			}
		} else if *article == "" {
			*article = first
		}
	}
	if path := e.getenv("HAMESH_CPUPROFILE"); path != "" {
		stop, err := profileCPU(path, e.getenv("HAMESH_CPUPROFILE_SECONDS"))
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := haveDisplay(e); err != nil {
		return err
	}
	return runWindow(e, db, app.Options{Annotator: *annotator, Article: *article, OpenError: openErr})
}

// haveDisplay refuses to open the window where there is no display to open
// it on (an X11 system with DISPLAY unset: a server, an SSH session), with
// what to do instead of GLFW's panic.
func haveDisplay(e *env) error {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" || e.getenv("DISPLAY") != "" {
		return nil
	}
	return fmt.Errorf("cannot open the window: DISPLAY is not set, so there is no X11 display (a Wayland session needs XWayland)\n" +
		"the command line works without one: hamesh help")
}

// runWindow runs the window, turning the panic GLFW raises when the display
// cannot be opened (DISPLAY names no reachable X server) into an error.
func runWindow(e *env, db *data.DB, opt app.Options) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		msg := fmt.Sprint(r)
		if !strings.Contains(msg, "GLFW") && !strings.Contains(msg, "display") {
			panic(r)
		}
		err = fmt.Errorf("cannot open the window on DISPLAY=%q: %s\n"+
			"check that the X server is running and reachable (xdpyinfo); the command line works without one: hamesh help", e.getenv("DISPLAY"), msg)
	}()
	return app.Run(db, opt)
}

// profileCPU writes a CPU profile of the window to path (for
// docs/PERFORMANCE.md): from now for seconds (default 30), or until the
// window closes if sooner.
func profileCPU(path, seconds string) (stop func(), err error) {
	d := 30 * time.Second
	if seconds != "" {
		n, err := time.ParseDuration(seconds + "s")
		if err != nil {
			return nil, fmt.Errorf("HAMESH_CPUPROFILE_SECONDS=%q: not a number of seconds", seconds)
		}
		d = n
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("HAMESH_CPUPROFILE: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("HAMESH_CPUPROFILE %s: %w", path, err)
	}
	done := make(chan struct{})
	var once sync.Once
	stop = func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
			close(done)
		})
	}
	go func() {
		select {
		case <-time.After(d):
			stop()
		case <-done:
		}
	}()
	return stop, nil
}

// notImported is a file's failure that left the database as it was.
type notImported struct{ err error }

func (n *notImported) Error() string { return n.err.Error() + "\nnothing was imported" }
func (n *notImported) Unwrap() error { return n.err }

// importForWindow imports paths into db the way the import command does
// (format detected, every file read and validated before anything is
// written, one transaction per file) and returns the id of the article the
// first document became: a new one, or the stored article with the same
// text, so opening a file twice opens the same article.
func importForWindow(e *env, db *data.DB, paths []string) (string, error) {
	ctx := context.Background()
	scheme, err := db.Labels(ctx)
	if err != nil {
		return "", err
	}
	opts := formats.ReadOptions{MaxArticleBytes: formats.DefaultMaxArticleBytes}
	batches := make([]*formats.Input, len(paths))
	for i, p := range paths {
		in, err := formats.ReadWith(ctx, p, "auto", scheme, opts)
		if err != nil {
			return "", &notImported{err}
		}
		for _, w := range in.Warnings {
			fmt.Fprintf(e.stderr, "%s: warning: %s\n", p, w)
		}
		batches[i] = in
	}
	first := ""
	for i, p := range paths {
		res, err := db.ImportFile(ctx, p, batches[i].Documents)
		if err != nil {
			return "", fmt.Errorf("%s: %w (this file was not imported)", p, err)
		}
		if first == "" && len(res.ArticleIDs) > 0 {
			first = res.ArticleIDs[0]
		}
	}
	return first, nil
}
