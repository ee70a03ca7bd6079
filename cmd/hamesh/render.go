package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/app/layout"
)

func cmdRender(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "render")
	width := fs.Float64("width", 640, "width of the text area in pixels")
	size := fs.Float64("font-size", 16, "font size in pixels")
	scale := fs.Float64("scale", 1, "scale factor for a sharper PNG")
	asJSON := fs.Bool("layout-json", false, "write the layout as JSON instead of a PNG")
	out := fs.String("o", "", "output file, or - for standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *out == "" {
		return fmt.Errorf("usage: hamesh render [--width PX] [--font-size N] [--layout-json] -o OUT SOURCE (a text file or an article id)")
	}
	if *width <= 0 || *size <= 0 || *scale <= 0 {
		return fmt.Errorf("--width, --font-size and --scale must be positive")
	}
	if err := checkOutputs(e, *dbFlag, *out); err != nil {
		return err
	}
	doc, scheme, err := renderSource(e, *dbFlag, fs.Arg(0))
	if err != nil {
		return err
	}
	engine, err := layout.DefaultEngine()
	if err != nil {
		return err
	}
	ld, err := engine.NewDocument(doc.Article.Text, layout.Direction(doc.Article.Direction))
	if err != nil {
		return err
	}
	opts := layout.Options{Width: float32(*width), FontSize: float32(*size)}
	if !*asJSON {
		opts.BadgeBand = layout.BadgeBand(float32(*size))
	}
	l, err := ld.Layout(opts)
	if err != nil {
		return err
	}
	if err := l.Complete(context.Background()); err != nil {
		return err
	}
	return formats.WriteFile(*out, e.stdout, func(w io.Writer) error {
		if *asJSON {
			return l.WriteJSON(w)
		}
		return layout.RenderPNG(w, l, renderSpans(doc, scheme), layout.RenderOptions{Scale: float32(*scale)})
	})
}

// renderSource reads SOURCE: an existing file (any import format; its first
// article) or else an article id in the database. It returns the document and
// the label scheme that colours its spans.
func renderSource(e *env, dbFlag, source string) (*annotations.Document, []annotations.Label, error) {
	if _, err := os.Stat(source); err == nil {
		in, err := formats.Read(context.Background(), source, "auto", nil)
		if err != nil {
			return nil, nil, err
		}
		if len(in.Documents) == 0 {
			return nil, nil, fmt.Errorf("%s holds no article", source)
		}
		return &in.Documents[0], annotations.DefaultScheme(), nil
	}
	db, err := openStore(e, dbFlag)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	ctx := context.Background()
	doc, err := db.Document(ctx, source)
	if err != nil {
		return nil, nil, fmt.Errorf("%s is neither a file nor an article id in %s: %w", source, db.Path(), err)
	}
	scheme, err := db.Labels(ctx)
	if err != nil {
		return nil, nil, err
	}
	return doc, scheme, nil
}

// renderSpans turns a document's spans into highlights coloured by scheme.
func renderSpans(doc *annotations.Document, scheme []annotations.Label) []layout.Span {
	colors := map[string]string{}
	for _, l := range scheme {
		colors[l.Name] = l.Color
	}
	out := make([]layout.Span, 0, len(doc.Spans))
	for _, s := range doc.Spans {
		c, ok := colors[s.Label]
		if !ok {
			c = annotations.NewLabelColor(s.Label)
		}
		out = append(out, layout.Span{Start: s.Start, End: s.End, Label: s.Label, Color: c, Claim: s.Kind == annotations.KindClaim})
	}
	return out
}
