package dataset

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/agreement"
)

// teamSection is the card's account of the team: which layer the data
// holds, who annotated, how many articles were double-annotated and
// curated, and the agreement figures of package agreement.
func teamSection(t *Team, articles int) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("\n")
	switch t.Layer {
	case annotations.GoldLayer:
		w("The data files hold the **gold layer**: the spans a curator decided from the annotators' layers; "+
			"each names, in `attributes.%s`, the annotators whose version it was accepted from.", annotations.AttrGoldFrom)
	case annotations.LayerAll:
		w("The data files hold **every layer**: each span names its annotator in `annotator` (`%s` is the curated layer).", annotations.GoldLayer)
	case "":
		w("The data files hold every span as annotated.")
	default:
		w("The data files hold the layer of **%s** only.", cell(t.Layer))
	}
	w("\n\n")
	if len(t.Annotators) == 0 {
		w("No annotator's layer has spans.\n")
		return b.String()
	}
	w("Annotators: %s. Of the %d articles, %d were annotated by two or more of them (double-annotated)", cellList(t.Annotators), articles, t.DoubleAnnotated)
	w(", %d have spans in the gold layer and %d were marked curated.\n", t.Gold, t.Curated)
	r := t.Agreement
	if r == nil {
		w("\nAgreement needs two annotators; this dataset has one.\n")
		return b.String()
	}
	w("\n### Agreement\n\n")
	w("Measured by Hamesh (`hamesh agreement`) over the %d articles where one of the annotators has a span (%d word tokens). "+
		"Span F1 is of one annotator's spans against the other's, micro-averaged over labels: *exact* needs the same start, end and label, "+
		"*overlap* the same label and intersecting ranges matched one to one. κ is on word tokens, each token's category the label of the outermost span covering it, or O.\n\n",
		r.Articles, r.Tokens)
	w("| Pair | Exact F1 | Overlap F1 | Cohen's κ |\n|---|---:|---:|---:|\n")
	for _, p := range r.Pairs {
		w("| %s – %s | %s | %s | %s |\n", cell(p.A), cell(p.B), fig(p.Exact.F1, p.Exact.F1Reason), fig(p.Overlap.F1, p.Overlap.F1Reason), fig(p.CohenKappa, p.CohenKappaReason))
	}
	w("\nFleiss' κ over all annotators: %s.\n", fig(r.FleissKappa, r.FleissKappaReason))
	if len(r.Attributes) > 0 {
		w("\n| Claim attribute | Krippendorff's α | Matched claims |\n|---|---:|---:|\n")
		for _, k := range agreement.Attributes {
			if a, ok := r.Attributes[k]; ok {
				w("| %s | %s | %d |\n", k, fig(a.Alpha, a.Reason), a.Claims)
			}
		}
	}
	if len(r.Labels) > 0 && len(r.Pairs) > 0 {
		w("\n| Label | Exact F1 | Overlap F1 | Cohen's κ |\n|---|---:|---:|---:|\n")
		p := r.Pairs[0]
		for _, l := range slices.Sorted(maps.Keys(p.Labels)) {
			f := p.Labels[l]
			w("| %s | %s | %s | %s |\n", cell(l), fig(f.Exact.F1, f.Exact.F1Reason), fig(f.Overlap.F1, f.Overlap.F1Reason), fig(f.CohenKappa, f.CohenKappaReason))
		}
		if len(r.Pairs) > 1 {
			w("\nPer label, the first pair (%s – %s).\n", cell(p.A), cell(p.B))
		}
	}
	return b.String()
}

// fig prints a figure with three decimals, or "— (reason)" when it is
// undefined.
func fig(v *float64, reason string) string {
	if v == nil {
		if reason == "" {
			return "—"
		}
		return "— (" + cell(reason) + ")"
	}
	return fmt.Sprintf("%.3f", *v)
}

func cellList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = cell(n)
	}
	return strings.Join(out, ", ")
}
