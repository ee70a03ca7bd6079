package app

import (
	"context"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
)

// The export dialog's layer choice, the same as `hamesh export --layer`:
// the default (gold when there is a gold layer, else every span), the gold
// layer, every layer (formats that keep them apart), or one annotator's.

// Layer choices the export dialog lists before the annotators' names.
const (
	layerDefault = "Default: gold when curated, else every span"
	layerGold    = "Gold layer"
	layerAll     = "Every layer, each with its annotator (jsonl, labelstudio, dataset)"
)

// The layer choices are translated where they are shown.
var (
	_ = K(layerDefault)
	_ = K(layerGold)
	_ = K(layerAll)
)

// exportLayerOptions lists the export dialog's layer choices: the three
// above, then each annotator with spans in the database, gold and unnamed
// spans excluded (read with a short timeout; none listed if it fails).
func (ws *Workspace) exportLayerOptions() []string {
	out := []string{layerDefault, layerGold, layerAll}
	ctx, cancel := context.WithTimeout(ws.sess.Context(), 500*time.Millisecond)
	defer cancel()
	layers, err := annotations.LayersOf(ctx, ws.sess.Store(), annotations.ArticleFilter{})
	if err != nil {
		return out
	}
	for _, l := range layers {
		if l.Annotator != "" && l.Annotator != annotations.GoldLayer {
			out = append(out, l.Annotator)
		}
	}
	return out
}

// askedLayer turns a layer choice of the dialog into the --layer value.
func askedLayer(choice string) string {
	switch choice {
	case layerDefault, "":
		return ""
	case layerGold:
		return annotations.GoldLayer
	case layerAll:
		return annotations.LayerAll
	}
	return choice
}

// chooseLayer decides, as the command line does (formats.ChooseLayer), the
// layer an export of the articles f selects writes; the note says what the
// default chose.
func (ws *Workspace) chooseLayer(ctx context.Context, format, asked string, f annotations.ArticleFilter) (formats.LayerChoice, error) {
	layers, err := annotations.LayersOf(ctx, ws.sess.Store(), f)
	if err != nil {
		return formats.LayerChoice{}, err
	}
	return formats.ChooseLayer(format, asked, ws.annotator(), layers)
}
