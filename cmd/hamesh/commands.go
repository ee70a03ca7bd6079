package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
)

func cmdImport(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "import")
	format := fs.String("format", "auto", "input format: auto, txt, md, jsonl")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("nothing to import: give one or more files")
	}
	// Read and validate every file before the database is touched.
	batches := make([][]annotations.Document, fs.NArg())
	for i, p := range fs.Args() {
		docs, err := formats.Read(p, *format)
		if err != nil {
			return fmt.Errorf("%w\nnothing was imported", err)
		}
		batches[i] = docs
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	for i, p := range fs.Args() {
		res, err := db.ImportDocuments(context.Background(), batches[i])
		if err != nil {
			return fmt.Errorf("%s: %w (this file was not imported)", p, err)
		}
		fmt.Fprintf(e.stdout, "%s: %d new articles, %d merged, %d spans, %d relations", p, res.Articles, res.Merged, res.Spans, res.Relations)
		if len(res.NewLabels) > 0 {
			fmt.Fprintf(e.stdout, ", new labels: %s", strings.Join(res.NewLabels, ", "))
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

func cmdList(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "list")
	asJSON := fs.Bool("json", false, "print JSON (one array of objects)")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.ListArticles(context.Background(), annotations.ArticleFilter{})
	if err != nil {
		return err
	}
	if *asJSON {
		if rows == nil {
			rows = []annotations.ArticleSummary{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLANG\tSTATUS\tENTITIES\tCLAIMS\tTITLE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", r.ID, r.Lang, r.Status, r.Entities, r.Claims, r.Title)
	}
	return tw.Flush()
}

func cmdExport(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "export")
	format := fs.String("format", "jsonl", "output format: jsonl")
	out := fs.String("o", "", "output file, or - for standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("no output given: use -o FILE or -o - for standard output")
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	scheme, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	return formats.Write(*format, *out, e.stdout, formats.Options{Scheme: scheme}, func(fn func(*annotations.Document) error) error {
		return db.ExportDocuments(ctx, annotations.ArticleFilter{}, fn)
	})
}

func cmdBackup(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "backup")
	out := fs.String("o", "", "backup file to create")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("no output given: use -o FILE")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", *out)
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(context.Background(), *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up to %s\n", *out)
	return nil
}
