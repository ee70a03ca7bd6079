package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/data"
)

// annotatorFlag adds --annotator to a command that writes or filters by
// layer.
func annotatorFlag(fs *flag.FlagSet) *string {
	return fs.String("annotator", "", "who you are: your layer's name (default: the name the app stored in the database)")
}

// currentAnnotator returns who works on db: the --annotator value, else the
// name the app stored in the database's settings (data.SettingAnnotator),
// else "" when neither says.
func currentAnnotator(ctx context.Context, db *data.DB, flagValue string) (string, error) {
	if flagValue != "" {
		if err := annotations.ValidAnnotatorName(flagValue); err != nil {
			return "", fmt.Errorf("--annotator: %w", err)
		}
		return flagValue, nil
	}
	name, err := db.Setting(ctx, data.SettingAnnotator)
	if err != nil {
		return "", fmt.Errorf("read the annotator's name from %s: %w", db.Path(), err)
	}
	return name, nil
}

// stampImport puts the spans of docs that name no annotator (doccano,
// brat, CoNLL, Label Studio without completed_by, JSONL without
// "annotator") in who's layer and says so on standard error for file p; with
// no name known it says how to give one.
func stampImport(e *env, p string, docs []annotations.Document, who string) {
	unnamed := 0
	if who == "" {
		for _, d := range docs {
			unnamed += countUnnamed(&d)
		}
	}
	stampNotes(e, p, unnamed, annotations.StampAnnotator(docs, who), who)
}

// countUnnamed counts the spans of d that name no annotator.
func countUnnamed(d *annotations.Document) int {
	n := 0
	for _, s := range d.Spans {
		if s.Annotator == "" {
			n++
		}
	}
	return n
}

// stampNotes says on stderr how many spans of file p named no annotator:
// unnamed that stay so (no annotator known), stamped that joined who's layer.
func stampNotes(e *env, p string, unnamed, stamped int, who string) {
	if unnamed > 0 {
		fmt.Fprintf(e.stderr, "%s: note: %d spans name no annotator and stay unnamed: give --annotator NAME, or set your name in the app, to make them your layer\n", p, unnamed)
	}
	if stamped > 0 {
		fmt.Fprintf(e.stderr, "%s: %d spans that named no annotator joined %s's layer\n", p, stamped, termSafe(who))
	}
}

// chooseExportLayer decides the layer an export writes (formats.ChooseLayer)
// from what the selected articles hold, and prints the default's note on
// standard error.
func chooseExportLayer(ctx context.Context, e *env, db *data.DB, format, asked, who string, filter annotations.ArticleFilter) (string, error) {
	if asked != "" && asked != annotations.LayerAll && asked != annotations.GoldLayer {
		if err := annotations.ValidAnnotatorName(asked); err != nil {
			return "", fmt.Errorf("--layer: %w", err)
		}
	}
	layers, err := db.Layers(ctx, filter)
	if err != nil {
		return "", err
	}
	c, err := formats.ChooseLayer(format, asked, who, layers)
	if err != nil {
		return "", err
	}
	if c.Note != "" {
		fmt.Fprintf(e.stderr, "hamesh export: note: %s\n", termSafe(c.Note))
	}
	return c.Layer, nil
}

// withoutLayer returns d without the spans of annotator's layer and the
// relations that touch them; d itself is not changed.
func withoutLayer(d *annotations.Document, annotator string) *annotations.Document {
	out := &annotations.Document{Article: d.Article, Stored: d.Stored}
	kept := map[string]bool{}
	for _, s := range d.Spans {
		if s.Annotator != annotator {
			out.Spans = append(out.Spans, s)
			kept[s.ID] = true
		}
	}
	for _, r := range d.Relations {
		if kept[r.From] && kept[r.To] {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}
