package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/annotations/formats/conll"
	"github.com/hamesh-app/hamesh/annotations/formats/doccano"
	"github.com/hamesh-app/hamesh/data"
)

func cmdImport(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "import")
	format := fs.String("format", "auto", "input format: auto, "+strings.Join(formats.ImportFormats(), ", "))
	maxSize := fs.String("max-article-size", formats.Size(formats.DefaultMaxArticleBytes), "largest text of one article (e.g. 20MB, 512KB); a JSON line, an HTML file or a brat .ann may be twice as large")
	anywhere := fs.Bool("follow-redirects-anywhere", false, "let a URL import follow redirects to other hosts (by default only within the host asked for)")
	annotator := annotatorFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	limit, err := formats.ParseSize(strings.ReplaceAll(*maxSize, " ", ""))
	if err != nil {
		fmt.Fprintf(e.stderr, "--max-article-size: %v\n", err)
		return errUsage
	}
	opts := formats.ReadOptions{MaxArticleBytes: limit, FollowRedirectsAnywhere: *anywhere}
	if fs.NArg() == 0 {
		return fmt.Errorf("nothing to import: give one or more files")
	}
	// Read and validate every file before the database is written.
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	scheme, err := db.Labels(context.Background())
	if err != nil {
		return err
	}
	who, err := currentAnnotator(context.Background(), db, *annotator)
	if err != nil {
		return err
	}
	batches := make([][]annotations.Document, fs.NArg())
	regs := make([]*annotations.Registry, fs.NArg())
	isDB := make([]bool, fs.NArg()) // another Hamesh database: brought in (bringin.go)
	for i, p := range fs.Args() {
		if isDB[i] = bringsIn(p, *format); isDB[i] {
			continue
		}
		in, err := formats.ReadWith(context.Background(), p, *format, scheme, opts)
		if err != nil {
			return fmt.Errorf("%w\nnothing was imported", err)
		}
		for _, w := range in.Warnings {
			fmt.Fprintf(e.stderr, "%s: warning: %s\n", p, w)
		}
		batches[i], regs[i] = in.Documents, in.Registry
		stampImport(e, p, batches[i], who)
	}
	for i, p := range fs.Args() {
		if isDB[i] {
			if err := bringIn(e, db, p); err != nil {
				return err
			}
			continue
		}
		if err := importRegistry(e, db, p, regs[i], batches[i]); err != nil {
			return err
		}
		if len(batches[i]) == 0 {
			continue // a registry alone (ClaimReview)
		}
		res, err := db.ImportFile(context.Background(), p, batches[i])
		if err != nil {
			return fmt.Errorf("%s: %w (this file was not imported)", p, err)
		}
		fmt.Fprintf(e.stdout, "%s: %d new articles, %d merged, %d spans, %d relations", termSafe(p), res.Articles, res.Merged, res.Spans, res.Relations)
		if len(res.NewLabels) > 0 {
			fmt.Fprintf(e.stdout, ", new labels: %s", termSafe(strings.Join(res.NewLabels, ", ")))
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
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rows); err != nil {
			return err
		}
		_, err := e.stdout.Write(jsonSafe(buf.Bytes()))
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLANG\tSTATUS\tENTITIES\tCLAIMS\tTITLE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", termSafe(r.ID), termSafe(r.Lang), termSafe(string(r.Status)), r.Entities, r.Claims, termSafe(r.Title))
	}
	return tw.Flush()
}

func cmdExport(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "export")
	format := fs.String("format", "jsonl", "output format: "+strings.Join(formats.ExportFormats(), ", "))
	out := fs.String("o", "", "output file (a directory for brat and dataset), or - for standard output")
	split := fs.String("split", "", "dataset: train/dev/test proportions by article, e.g. 80/10/10")
	seed := fs.Int64("seed", 1, "dataset: seed of the split")
	name := fs.String("name", "", "dataset: title of the dataset card")
	doccanoForm := fs.String("doccano-form", "auto", "doccano: auto (relations form only when there are relations), plain or relations")
	conllFlavor := fs.String("conll-flavor", "columns", "conll: "+strings.Join(conll.Flavors(), ", "))
	layer := fs.String("layer", "", "gold, an annotator's name, or all (every layer, in jsonl, labelstudio and dataset); default: gold when there is one, else every span")
	withNonClaims := fs.Bool("with-non-claims", false, "checkthat: also write every sentence no claim overlaps, labelled No")
	annotator := annotatorFlag(fs)
	var statuses, labelsF, articles listFlag
	fs.Var(&statuses, "status", "only articles with this status (todo, in_progress, done); repeatable or comma-separated")
	fs.Var(&labelsF, "label", "only spans with this label; repeatable or comma-separated")
	fs.Var(&articles, "article", "only this article id; repeatable or comma-separated")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("no output given: use -o FILE or -o - for standard output")
	}
	if err := checkOutputs(e, *dbFlag, formats.OutputPaths(*format, *out)...); err != nil {
		return err
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
	filter := annotations.ArticleFilter{IDs: articles}
	for _, s := range statuses {
		st := annotations.Status(s)
		if !st.Valid() {
			return fmt.Errorf("--status %q: want todo, in_progress or done", s)
		}
		filter.Status = append(filter.Status, st)
	}
	if err := db.CheckExport(ctx, filter); err != nil {
		return err
	}
	who, err := currentAnnotator(ctx, db, *annotator)
	if err != nil {
		return err
	}
	chosen, err := chooseExportLayer(ctx, e, db, *format, *layer, who, filter)
	if err != nil {
		return err
	}
	reg, err := db.Registry(ctx)
	if err != nil {
		return err
	}
	opts := formats.Options{Scheme: scheme, Split: *split, Seed: *seed, Name: *name, Layer: chosen, Registry: reg.ForExport(*format), WithNonClaims: *withNonClaims,
		Warn: func(w string) { fmt.Fprintf(e.stderr, "hamesh export: warning: %s\n", w) }}
	if opts.DoccanoForm, err = doccano.ParseForm(*doccanoForm); err != nil {
		return fmt.Errorf("--doccano-form: %w", err)
	}
	if opts.CoNLLFlavor, err = conll.ParseFlavor(*conllFlavor); err != nil {
		return fmt.Errorf("--conll-flavor: %w", err)
	}
	return formats.Write(*format, *out, e.stdout, opts, func(fn func(*annotations.Document) error) error {
		return db.ExportDocuments(ctx, filter, func(d *annotations.Document) error {
			if len(labelsF) > 0 {
				d = onlyLabels(d, labelsF)
			}
			return fn(d)
		})
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
	if err := checkOutputs(e, *dbFlag, *out); err != nil {
		return err
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
	fmt.Fprintf(e.stdout, "backed up to %s\n", termSafe(*out))
	return nil
}

// listFlag is a repeatable flag whose values may also be comma-separated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// onlyLabels returns a copy of d keeping the spans whose label is in labels
// and the relations between kept spans.
func onlyLabels(d *annotations.Document, labels []string) *annotations.Document {
	keep := map[string]bool{}
	for _, l := range labels {
		keep[l] = true
	}
	out := &annotations.Document{Article: d.Article}
	ids := map[string]bool{}
	for _, s := range d.Spans {
		if keep[s.Label] {
			out.Spans = append(out.Spans, s)
			ids[s.ID] = true
		}
	}
	for _, r := range d.Relations {
		if ids[r.From] && ids[r.To] {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}

// importRegistry stores the registry records a file carried (entries,
// clusters, relation types) before its articles, and adds the relation
// types its articles use that the scheme lacks; it says what it stored.
func importRegistry(e *env, db *data.DB, p string, reg *annotations.Registry, docs []annotations.Document) error {
	types := annotations.RelationTypesUsed(docs)
	if reg.Empty() && len(types) == 0 {
		return nil
	}
	if err := db.ImportRegistry(context.Background(), reg, types); err != nil {
		return fmt.Errorf("%s: %w (this file was not imported)", p, err)
	}
	if !reg.Empty() {
		fmt.Fprintf(e.stdout, "%s: %d registry entries, %d claim clusters, %d relation types\n", termSafe(p), len(reg.Entries), len(reg.Clusters), len(reg.RelationTypes))
	}
	return nil
}
