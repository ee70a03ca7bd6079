package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
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
	asSugs := fs.Bool("as-suggestions", false, "import the files' spans as suggestions to review (a model's predictions in doccano, Prodigy or any format), not as annotations")
	sugSource := fs.String("suggestion-source", "", "with --as-suggestions: the suggestions' source, e.g. camel@1.2 (default: the file's name without extension)")
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
	if p := fs.Arg(0); fs.NArg() == 1 && !bringsIn(p, *format) {
		sugSrc := ""
		if *asSugs {
			sugSrc = suggestionSource(*sugSource, p)
		}
		return importStream(e, db, p, *format, scheme, opts, who, sugSrc)
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
		if *asSugs {
			asSuggestions(batches[i], suggestionSource(*sugSource, p))
		}
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
		sugs, err := importSuggestions(db, batches[i], res.ArticleIDs)
		if err != nil {
			return fmt.Errorf("%s: its articles and spans were imported, its suggestions not: %w", p, err)
		}
		printImported(e, p, res, sugs)
	}
	return nil
}

// streamGCPercent and streamMemoryLimit tune the collector for a streamed
// import, whose live heap is one batch (a few MB): with Go's default GOGC of
// 100 it collects every few MB, which cost 25–30 % more CPU than reading the
// file whole (10,000 documents with 180,000 spans: 9.8 s against 7.4 s of
// user time); at 400 it costs the same, with a peak RSS of 49 MB instead of
// 390 MB. The soft limit keeps a file of huge articles (up to the 20 MB
// article limit) from letting the heap grow fivefold. GOGC or GOMEMLIMIT in
// the environment win.
const (
	streamGCPercent   = 400
	streamMemoryLimit = 96 << 20
)

// tuneStreamGC sets the collector for a streamed import and returns what
// puts it back.
func tuneStreamGC() func() {
	restore := []func(){}
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(streamGCPercent)
		restore = append(restore, func() { debug.SetGCPercent(old) })
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(streamMemoryLimit)
		restore = append(restore, func() { debug.SetMemoryLimit(old) })
	}
	return func() {
		for _, f := range restore {
			f()
		}
	}
}

// printImported says what the import of file p stored: res and sugs
// suggestions.
func printImported(e *env, p string, res annotations.ImportResult, sugs int) {
	fmt.Fprintf(e.stdout, "%s: %d new articles, %d merged, %d spans, %d relations", termSafe(p), res.Articles, res.Merged, res.Spans, res.Relations)
	if sugs > 0 {
		fmt.Fprintf(e.stdout, ", %d suggestions", sugs)
	}
	if len(res.NewLabels) > 0 {
		fmt.Fprintf(e.stdout, ", new labels: %s", termSafe(strings.Join(res.NewLabels, ", ")))
	}
	fmt.Fprintln(e.stdout)
}

// importStream imports the one file p as it is read (formats.OpenStream,
// data.ImportStream): a native JSONL file of any size in the memory of one
// batch, all or nothing as ever. Its messages are those of reading the file
// first: a bad line says "nothing was imported".
func importStream(e *env, db *data.DB, p, format string, scheme []annotations.Label, opts formats.ReadOptions, who, asSugs string) error {
	defer tuneStreamGC()()
	ctx := context.Background()
	s, err := formats.OpenStream(ctx, p, format, scheme, opts)
	if err != nil {
		return fmt.Errorf("%w\nnothing was imported", err)
	}
	defer s.Close()
	for _, w := range s.Warnings {
		fmt.Fprintf(e.stderr, "%s: warning: %s\n", p, w)
	}
	stamped, unnamed := 0, 0
	rep, err := formats.Import(ctx, db, p, s, func(d *annotations.Document) {
		if asSugs != "" {
			one := []annotations.Document{*d}
			asSuggestions(one, asSugs)
			*d = one[0]
		}
		if who == "" {
			unnamed += countUnnamed(d)
		} else {
			stamped += annotations.StampAnnotator([]annotations.Document{*d}, who) // shares d.Spans
		}
	})
	if reg := rep.Registry; reg != nil {
		fmt.Fprintf(e.stdout, "%s: %d registry entries, %d claim clusters, %d relation types\n", termSafe(p), len(reg.Entries), len(reg.Clusters), len(reg.RelationTypes))
	}
	var ie *formats.ImportError
	if errors.As(err, &ie) {
		switch ie.Stage {
		case formats.StageRead:
			return fmt.Errorf("%w\nnothing was imported", ie.Err)
		case formats.StageSuggestions:
			return fmt.Errorf("%s: its articles and spans were imported, its suggestions not: %w", p, ie.Err)
		}
		return fmt.Errorf("%s: %w (this file was not imported)", p, ie.Err)
	}
	if err != nil {
		return err
	}
	if rep.ArticleIDs == nil && rep.Articles == 0 && rep.Merged == 0 {
		return nil // a registry alone
	}
	stampNotes(e, p, unnamed, stamped, who)
	printImported(e, p, rep.ImportResult, rep.Suggestions)
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
	withSugs := fs.Bool("with-suggestions", false, "add the pending suggestions (jsonl: a \"suggestions\" array; labelstudio: predictions with model_version and score); never as annotations")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("no output given: use -o FILE or -o - for standard output")
	}
	if *withSugs && *format != "jsonl" && *format != "labelstudio" {
		return fmt.Errorf("--with-suggestions: %s has no place for suggestions (jsonl and labelstudio have)", *format)
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
		Warn: func(w annotations.Note) { fmt.Fprintf(e.stderr, "hamesh export: warning: %s\n", w) }}
	if opts.DoccanoForm, err = doccano.ParseForm(*doccanoForm); err != nil {
		return fmt.Errorf("--doccano-form: %w", err)
	}
	if opts.CoNLLFlavor, err = conll.ParseFlavor(*conllFlavor); err != nil {
		return fmt.Errorf("--conll-flavor: %w", err)
	}
	var pending map[string][]annotations.Suggestion
	if *withSugs {
		if pending, err = pendingSuggestions(ctx, db, articles); err != nil {
			return err
		}
	}
	return formats.Write(*format, *out, e.stdout, opts, func(fn func(*annotations.Document) error) error {
		return db.ExportDocuments(ctx, filter, func(d *annotations.Document) error {
			if len(labelsF) > 0 {
				d = onlyLabels(d, labelsF)
			}
			if sugs := pending[d.Article.ID]; len(sugs) > 0 {
				c := *d
				c.Suggestions = sugs
				d = &c
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
	out := &annotations.Document{Article: d.Article, Suggestions: d.Suggestions}
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
