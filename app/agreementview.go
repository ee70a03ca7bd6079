package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/agreement"
)

// showAgreement measures the annotators' agreement over the whole library
// in the background (progress and cancel in the job bar) and then shows it:
// the same figures as `hamesh agreement`, as tables, a bar per label, and
// the articles worst first, each opening in curation when clicked.
func (ws *Workspace) showAgreement() {
	ws.sess.Agreement(annotations.ArticleFilter{}, agreement.Options{}, func(r *agreement.Report, err error) {
		switch {
		case errors.Is(err, context.Canceled):
			ws.setStatus("agreement cancelled")
		case err != nil:
			ws.showError("measure agreement", err)
		default:
			ws.setStatus("agreement of %d annotators over %d articles (Ctrl+Shift+A measures again)", len(r.Annotators), r.Articles)
			ws.showAgreementReport(r)
		}
	})
}

// showAgreementReport shows r in a dialog.
func (ws *Workspace) showAgreementReport(r *agreement.Report) {
	var d dialog.Dialog
	open := func(id string) {
		if d != nil {
			d.Hide()
		}
		if err := ws.sess.Open(id); err != nil {
			ws.showError("open the article", err)
			return
		}
		if !ws.sess.Curating() {
			ws.toggleCurating()
		}
		ws.focusView()
	}
	content := agreementContent(r, open, func(name string) string {
		if l := ws.sess.Label(name); l != nil {
			return LabelDisplay(*l) // شخص for PERS in Arabic, as the palette
		}
		return name
	})
	d = dialog.NewCustom(TV("Agreement"), TV("Close"), content, ws.win)
	d.Resize(fyne.NewSize(1000, 720))
	ws.showModal(d)
}

// agreementContent lays out report r: a summary, the pairs, a bar chart of
// each label's F1 (for the first pair, or the one chosen), the claim
// attributes' α, and the articles worst first; open is called with an
// article's id when its row is clicked, labelName names a label in the
// chart.
func agreementContent(r *agreement.Report, open func(id string), labelName func(string) string) fyne.CanvasObject {
	summary := widget.NewLabel(visualLines(agreementSummary(r), dialogTextWidth))
	summary.Wrapping = fyne.TextWrapWord
	summary.Alignment = alignLeading()

	pairs := container.New(layout.NewGridLayout(9))
	var cells []fyne.CanvasObject
	for _, h := range []string{"A", "B", K("A spans"), K("B spans"), K("exact P"), K("exact R"), K("exact F1"), K("overlap F1"), K("Cohen κ")} {
		cells = append(cells, widget.NewLabelWithStyle(visualString(TK(h)), alignLeading(), fyne.TextStyle{Bold: true}))
	}
	addGridRow(pairs, cells...)
	for _, p := range r.Pairs {
		cells = cells[:0]
		for _, c := range []string{p.A, p.B, Num(p.ASpans), Num(p.BSpans),
			figure(p.Exact.Precision), figure(p.Exact.Recall), figure(p.Exact.F1), figure(p.Overlap.F1), figure(p.CohenKappa)} {
			l := newBidiLabel(false)
			l.SetText(c)
			cells = append(cells, l)
		}
		addGridRow(pairs, cells...)
	}

	chart := container.NewVBox()
	showPair := func(i int) {
		chart.Objects = nil
		if i < len(r.Pairs) {
			chart.Objects = labelBars(r.Pairs[i], r.Labels, labelName)
		}
		chart.Refresh()
	}
	var chooser fyne.CanvasObject = widget.NewLabel("")
	if len(r.Pairs) > 1 {
		names := make([]string, len(r.Pairs))
		for i, p := range r.Pairs {
			names[i] = visualString(p.A + " × " + p.B)
		}
		sel := newSelect(names, func(s string) {
			for i, n := range names {
				if n == s {
					showPair(i)
				}
			}
		})
		sel.SetSelectedIndex(0)
		chooser = sel
	}
	showPair(0)

	attrs := container.New(layout.NewGridLayout(3))
	cells = cells[:0]
	for _, h := range []string{K("claim attribute"), K("Krippendorff α"), K("claims")} {
		cells = append(cells, widget.NewLabelWithStyle(visualString(TK(h)), alignLeading(), fyne.TextStyle{Bold: true}))
	}
	addGridRow(attrs, cells...)
	for _, k := range agreement.Attributes {
		a, ok := r.Attributes[k]
		if !ok {
			continue
		}
		addGridRow(attrs, newLeadingLabel(k), newLeadingLabel(figureOr(a.Alpha, a.Reason)), newLeadingLabel(Num(a.Claims)))
	}

	articles := widget.NewList(
		func() int { return len(r.PerArticle) },
		func() fyne.CanvasObject {
			return atEnd(newBidiLabel(false), widget.NewLabel(TV("overlap F1 0.00  exact F1 0.00")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := r.PerArticle[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*bidiLabel).SetText(a.Title + "  (" + a.ID + ")")
			c.Objects[1].(*widget.Label).SetText(TV("overlap F1 %s  exact F1 %s", figure(a.OverlapF1), figure(a.ExactF1)))
		})
	articles.OnSelected = func(i widget.ListItemID) {
		if i < len(r.PerArticle) {
			open(r.PerArticle[i].ID)
		}
	}

	heading := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(visualString(TK(s)), alignLeading(), fyne.TextStyle{Bold: true})
	}
	top := container.NewVBox(summary,
		heading(K("Pairs (B against A)")), pairs,
		readingRow(heading(K("F1 per label")), chooser), chart,
		heading(K("Claim attributes")), attrs,
		heading(K("Articles, worst first (click one to curate it)")))
	split := container.NewVSplit(container.NewVScroll(top), articles)
	split.Offset = 0.62
	return split
}

// agreementSummary is the report's first line: who, over what, Fleiss' κ,
// and the reasons of undefined figures.
func agreementSummary(r *agreement.Report) string {
	var b strings.Builder
	b.WriteString(T("%d annotators (%s) over %d articles, %d word tokens. Fleiss' κ: %s.",
		len(r.Annotators), strings.Join(r.Annotators, ", "), r.Articles, r.Tokens, figureOr(r.FleissKappa, r.FleissKappaReason)))
	if r.ArticlesWithoutSpans > 0 {
		b.WriteString(T(" %d articles where no one has a span are left out.", r.ArticlesWithoutSpans))
	}
	if r.UnattributedSpans > 0 {
		b.WriteString(T(" %d spans name no annotator and take no part.", r.UnattributedSpans))
	}
	b.WriteString(T(" — means undefined for the data (no spans on either side, or a single category)."))
	return b.String()
}

// labelBars draws, for each label, two bars: the pair's exact and overlap
// F1 (0 to 1), with the figures and span counts beside them; a label is
// shown as labelName names it.
func labelBars(p agreement.Pair, labels []string, labelName func(string) string) []fyne.CanvasObject {
	names := append([]string(nil), labels...)
	sort.Strings(names)
	const width = 360
	exactColor := theme.Color(theme.ColorNamePrimary)
	overlapColor := color.NRGBA{R: 0x3c, G: 0xb4, B: 0x4b, A: 0xff}
	bar := func(f *float64, c color.Color) fyne.CanvasObject {
		w := float32(0)
		if f != nil {
			w = float32(*f) * width
		}
		fill := canvas.NewRectangle(c)
		fill.SetMinSize(fyne.NewSize(w, 10))
		track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		track.SetMinSize(fyne.NewSize(width, 10))
		return container.NewStack(track, readingRow(fill)) // the bar grows from where a line starts
	}
	var out []fyne.CanvasObject
	for _, name := range names {
		l, ok := p.Labels[name]
		if !ok {
			continue
		}
		label := newBidiLabel(true)
		label.SetText(labelName(name))
		figures := widget.NewLabel(TV("exact %s, overlap %s (A %d, B %d spans)", figure(l.Exact.F1), figure(l.Overlap.F1), l.A, l.B))
		bars := container.NewVBox(bar(l.Exact.F1, exactColor), bar(l.Overlap.F1, overlapColor))
		out = append(out, atEnd(atStart(container.NewGridWrap(fyne.NewSize(120, 36), label), container.NewCenter(bars)), figures))
	}
	if len(out) == 0 {
		out = append(out, widget.NewLabel(TV("no labels to compare")))
	}
	return out
}

// figure formats an agreement figure with two decimals, or "—" when it is
// undefined.
func figure(f *float64) string {
	if f == nil {
		return "—"
	}
	return localDigits(fmt.Sprintf("%.2f", *f))
}

// figureOr formats f, or "— (reason)" when it is undefined, the reason in
// the interface's language (agreement's reasons are translation ids).
func figureOr(f *float64, reason string) string {
	if f == nil && reason != "" {
		return "— (" + TK(reason) + ")"
	}
	return figure(f)
}
