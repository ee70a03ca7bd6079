package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/text"
	"github.com/hamesh-app/hamesh/assets"
	"github.com/hamesh-app/hamesh/data"
)

// errUsage reports that a flag set already printed its usage.
var errUsage = errors.New("usage")

// newFlags returns a flag set for command name writing errors to e.stderr,
// with the --db flag every command takes.
func newFlags(e *env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("hamesh "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if _, listing := e.stderr.(*flagLister); !listing {
		fs.SetOutput(helpWriter{Writer: e.stderr, stdout: e.stdout})
	}
	db := fs.String("db", "", "database file (default $HAMESH_DB, else $XDG_DATA_HOME/hamesh/hamesh.db)")
	return fs, db
}

// parse parses args, mapping flag errors to errUsage (already printed,
// with the nearest flag when one was misspelt) and -h/--help to errHelp
// after printing the command's help to standard output. A flag set whose
// output is a flagLister only records its flags (for completion).
func parse(fs *flag.FlagSet, args []string) error {
	if l, ok := fs.Output().(*flagLister); ok {
		fs.VisitAll(func(f *flag.Flag) {
			dash := "--"
			if len(f.Name) == 1 {
				dash = "-"
			}
			l.flags = append(l.flags, dash+f.Name)
		})
		return errListed
	}
	fs.Usage = func() {} // the help and the errors are printed below
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		name := strings.TrimPrefix(fs.Name(), "hamesh ")
		c, _ := findCommand(name)
		w := fs.Output()
		if hw, ok := w.(helpWriter); ok {
			w = hw.stdout
		}
		commandHelp(w, c, fs)
		return errHelp
	}
	msg := err.Error()
	if bad, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
		msg += didYouMean("-"+strings.TrimLeft(bad, "-"), names)
	}
	fmt.Fprintf(fs.Output(), "%s: %s\n(hamesh %s --help lists its flags)\n", fs.Name(), msg, strings.TrimPrefix(fs.Name(), "hamesh "))
	return errUsage
}

// helpWriter is a command's error output that knows the standard output
// too, where help asked for is printed.
type helpWriter struct {
	io.Writer
	stdout io.Writer
}

// dbPath chooses the database: the flag, else $HAMESH_DB, else the user's
// data directory. isDefault is true for the last case.
func dbPath(e *env, flagValue string) (path string, isDefault bool, err error) {
	if flagValue != "" {
		return flagValue, false, nil
	}
	if p := e.getenv("HAMESH_DB"); p != "" {
		return p, false, nil
	}
	dir := e.getenv("XDG_DATA_HOME")
	if dir == "" {
		home := e.getenv("HOME")
		if home == "" {
			return "", false, fmt.Errorf("no database given: set --db, HAMESH_DB, XDG_DATA_HOME or HOME")
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "hamesh", "hamesh.db"), true, nil
}

// openStore opens the chosen database. A default database created now for
// the first time is seeded with the bundled sample articles.
func openStore(e *env, flagValue string) (*data.DB, error) {
	path, isDefault, err := dbPath(e, flagValue)
	if err != nil {
		return nil, err
	}
	fresh := false
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fresh = true
		if isDefault {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, fmt.Errorf("create data directory for %s: %w", path, err)
			}
		}
	}
	db, err := data.Open(path)
	if err != nil {
		return nil, err
	}
	if err := importSettings(e, db); err != nil {
		db.Close()
		return nil, err
	}
	if fresh && isDefault {
		if err := seed(db); err != nil {
			db.Close()
			return nil, fmt.Errorf("seed %s with the sample articles: %w", path, err)
		}
	}
	return db, nil
}

// importSettings applies $HAMESH_IMPORT_BATCH (the most articles one
// import transaction writes) and $HAMESH_IMPORT_WAIT (how long an import
// waits for another Hamesh import of the database, a Go duration such as
// 30s) to db; tests use them to make batches small and waits short.
func importSettings(e *env, db *data.DB) error {
	if v := e.getenv("HAMESH_IMPORT_BATCH"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("HAMESH_IMPORT_BATCH=%q: want a number of articles, 1 or more", v)
		}
		db.ImportBatch = n
	}
	if v := e.getenv("HAMESH_IMPORT_WAIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("HAMESH_IMPORT_WAIT=%q: want a duration such as 30s or 0s", v)
		}
		db.ImportWait = d
	}
	return nil
}

// seed imports the bundled sample articles.
func seed(db *data.DB) error {
	var docs []annotations.Document
	for _, s := range assets.Samples() {
		d, err := text.ReadText(s.Name, []byte(s.Text), "txt")
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	_, err := db.ImportDocuments(context.Background(), docs)
	return err
}

// checkOutputs refuses, before anything is opened or written, outputs that
// would replace the chosen database or a file beside it that belongs to it
// (data.CheckOutput). When no database can be chosen it checks nothing:
// opening it reports that.
func checkOutputs(e *env, dbFlag string, outs ...string) error {
	path, _, err := dbPath(e, dbFlag)
	if err != nil {
		return nil
	}
	for _, out := range outs {
		if err := data.CheckOutput(path, out); err != nil {
			return err
		}
	}
	return nil
}
