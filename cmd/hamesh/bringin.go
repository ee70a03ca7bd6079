package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// isSQLiteFile reports whether the file at path starts with SQLite's
// header, whatever its name: `hamesh import` then brings it in as another
// Hamesh database (data.DB.BringIn refuses it when it is not one).
func isSQLiteFile(path string) bool {
	// Only a regular file can be a database: opening a FIFO to read its
	// header would block (the import then refuses it with its message).
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, []byte("SQLite format 3\x00"))
}

// bringsIn reports whether `hamesh import --format format` brings the file
// at path in as another Hamesh database: an SQLite file always, and with
// --format auto a file named *.db too (so one that is not SQLite is told it
// is not a Hamesh database, not that no format matched).
func bringsIn(path, format string) bool {
	return isSQLiteFile(path) || format == "auto" && strings.EqualFold(filepath.Ext(path), ".db")
}

// bringIn brings the Hamesh database at path into db and prints, per
// annotator, what changed.
func bringIn(e *env, db *data.DB, path string) error {
	res, err := db.BringIn(context.Background(), path)
	if err != nil {
		return err
	}
	owner := res.Owner
	if owner == "" {
		owner = "no name set"
	}
	fmt.Fprintf(e.stdout, "%s: a Hamesh database (owner: %s)\n", termSafe(path), termSafe(owner))
	printBringIn(e.stdout, res)
	return nil
}

// printBringIn writes res's table and notes.
func printBringIn(w io.Writer, res annotations.BringInResult) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range res.Table() {
		for i, c := range row {
			if i > 0 {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprint(tw, termSafe(c))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	for _, n := range res.Notes() {
		fmt.Fprintf(w, "  %s\n", termSafe(n))
	}
}
