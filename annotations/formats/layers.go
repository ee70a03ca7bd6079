package formats

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/dataset"
)

// Export by layer (issue 14, point 5). Every span is in its annotator's
// layer; the gold layer is the curator's. An export writes one layer, or
// every layer in a format that keeps them apart (Format.Layers).

// LayerChoice is the layer an export writes, as ChooseLayer decided it.
type LayerChoice struct {
	// Layer is "" for every span as stored (the selection has at most one
	// named layer), annotations.LayerAll for every layer kept apart, or the
	// name of one layer (annotations.GoldLayer or an annotator's).
	Layer string
	// Note says what the default chose and why, for the user to read
	// (standard error, the export dialog); "" when there is nothing to say.
	Note string
}

// LayerNames lists the formats that keep layers apart (Format.Layers), in
// registry order.
func LayerNames() []string {
	return names(func(f *Format) bool { return f.Layers && f.CanExport() })
}

// ChooseLayer decides which layer an export in format writes. asked is
// what the user asked for: "" for the default, annotations.LayerAll, the
// gold layer or an annotator's name. me is the current annotator ("" when
// unknown) and layers what the selected articles hold (data.DB.Layers).
//
// The default is what a single annotator expects: every span when the
// selection has at most one named layer. When a gold layer is present it is
// gold, and the Note says so. With several annotators' layers and no gold,
// a format that keeps layers apart writes them all; one that cannot (doccano,
// Prodigy, brat, CoNLL) writes the current annotator's own layer when they
// have one there, and otherwise refuses, naming the layers to choose from.
//
// It returns an EINVALID error naming the format and the layers present
// when asked is LayerAll for a format that cannot keep layers apart, or a
// layer the selection does not hold.
func ChooseLayer(format, asked, me string, layers []annotations.LayerCount) (LayerChoice, error) {
	f, err := exportFormat(format)
	if err != nil {
		return LayerChoice{}, err
	}
	have := map[string]annotations.LayerCount{}
	var named []string // annotators' layers, gold excluded
	for _, l := range layers {
		have[l.Annotator] = l
		if l.Annotator != "" && l.Annotator != annotations.GoldLayer {
			named = append(named, l.Annotator)
		}
	}
	slices.Sort(named)
	gold, hasGold := have[annotations.GoldLayer]
	switch asked {
	case annotations.LayerAll:
		if !f.Layers {
			return LayerChoice{}, annotations.Errorf(annotations.EINVALID,
				"--layer all: %s has no place for a span's annotator, so it cannot keep layers apart; export one layer (--layer %s) or use a format that keeps every layer (%s)",
				f.Name, layerHint(named, hasGold), strings.Join(LayerNames(), ", "))
		}
		return LayerChoice{Layer: annotations.LayerAll}, nil
	case "":
	default:
		if _, ok := have[asked]; !ok || asked == "" {
			return LayerChoice{}, annotations.Errorf(annotations.EINVALID,
				"--layer %q: the selected articles have no span in that layer (their layers: %s)", asked, describeLayers(layers))
		}
		return LayerChoice{Layer: asked}, nil
	}
	if hasGold {
		note := fmt.Sprintf("exporting the gold layer (%d spans in %d articles); --layer all or --layer NAME exports the annotators' layers", gold.Spans, gold.Articles)
		if len(named) > 0 {
			note += " (" + strings.Join(named, ", ") + ")"
		}
		return LayerChoice{Layer: annotations.GoldLayer, Note: note}, nil
	}
	if len(named) <= 1 {
		return LayerChoice{}, nil
	}
	if f.Layers {
		return LayerChoice{Layer: annotations.LayerAll, Note: fmt.Sprintf("exporting every layer (%s), each span with its annotator; --layer NAME exports one", strings.Join(named, ", "))}, nil
	}
	if _, ok := have[me]; ok && me != "" {
		return LayerChoice{Layer: me, Note: fmt.Sprintf("exporting your layer (%s): %s cannot keep the layers of %s apart; --layer NAME exports another", me, f.Name, strings.Join(named, ", "))}, nil
	}
	return LayerChoice{}, annotations.Errorf(annotations.EINVALID,
		"the selected articles have %d annotators' layers (%s) and %s cannot keep them apart: choose one with --layer NAME, or use a format that keeps every layer (%s)",
		len(named), strings.Join(named, ", "), f.Name, strings.Join(LayerNames(), ", "))
}

// layerHint is the --layer value to suggest: gold when present, else the
// annotators' names.
func layerHint(named []string, gold bool) string {
	if gold {
		return annotations.GoldLayer
	}
	if len(named) == 0 {
		return "NAME"
	}
	return strings.Join(named, "|")
}

// describeLayers lists the layers of a selection for a message.
func describeLayers(layers []annotations.LayerCount) string {
	var parts []string
	for _, l := range layers {
		name := l.Annotator
		if name == "" {
			name = "spans that name no annotator"
		}
		parts = append(parts, fmt.Sprintf("%s: %d spans in %d articles", name, l.Spans, l.Articles))
	}
	if len(parts) == 0 {
		return "none: no spans"
	}
	return strings.Join(parts, "; ")
}

// layerSource returns src with each document cut down to layer (every
// span for "" and annotations.LayerAll).
func layerSource(src Source, layer string) Source {
	if layer == "" || layer == annotations.LayerAll {
		return src
	}
	return func(fn func(*annotations.Document) error) error {
		return src(func(d *annotations.Document) error { return fn(d.Layer(layer)) })
	}
}

// writeDataset builds the dataset directory: the card's team figures
// (annotators, double-annotated articles, agreement) come from every layer
// of the selected articles, the data files from the layer chosen.
func writeDataset(f *Format, out string, _ io.Writer, opts Options, src Source) error {
	if out == "-" {
		return annotations.Errorf(annotations.EINVALID, "%s export writes a directory: give -o DIR, not -", f.Name)
	}
	every, err := all(opts.unfiltered)
	if err != nil {
		return err
	}
	team, err := dataset.NewTeam(every, opts.Layer)
	if err != nil {
		return err
	}
	docs := every
	if opts.Layer != "" && opts.Layer != annotations.LayerAll {
		docs = make([]annotations.Document, len(every))
		for i := range every {
			docs[i] = *every[i].Layer(opts.Layer)
		}
	}
	return writeDir(out, func(dir string) error {
		if err := dataset.Export(dir, docs, opts.Scheme, dataset.Options{Name: opts.Name, Split: opts.Split, Seed: opts.Seed, Team: team}); err != nil {
			return err
		}
		if opts.Registry == nil || len(opts.Registry.Entries) == 0 {
			return nil
		}
		return dataset.WriteEntities(dir, docs, opts.Registry.Entries)
	})
}
