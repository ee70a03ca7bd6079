package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/agreement"
)

// cmdAgreement prints how far the annotators of the selected articles agree
// (package agreement): as aligned tables, or with --json as one object.
func cmdAgreement(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "agreement")
	asJSON := fs.Bool("json", false, "print JSON (one object)")
	var annotatorsF, labelsF, articles, statuses listFlag
	fs.Var(&annotatorsF, "annotators", "compare these annotators, in this order (default: everyone with a span); repeatable or comma-separated")
	fs.Var(&labelsF, "label", "only spans with this label; repeatable or comma-separated")
	fs.Var(&articles, "article", "only this article id; repeatable or comma-separated")
	fs.Var(&statuses, "status", "only articles with this status (todo, in_progress, done); repeatable or comma-separated")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: agreement takes flags only", fs.Arg(0))
	}
	filter := annotations.ArticleFilter{IDs: articles}
	for _, s := range statuses {
		st := annotations.Status(s)
		if !st.Valid() {
			return fmt.Errorf("--status %q: want todo, in_progress or done", s)
		}
		filter.Status = append(filter.Status, st)
	}
	c, err := agreement.New(agreement.Options{Annotators: annotatorsF, Labels: labelsF})
	if err != nil {
		return fmt.Errorf("--annotators or --label: %w", err)
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	found := map[string]bool{}
	n := 0
	withGold := slices.Contains(annotatorsF, annotations.GoldLayer)
	goldSpans := 0
	err = db.ExportDocuments(context.Background(), filter, func(d *annotations.Document) error {
		found[d.Article.ID] = true
		n++
		if !withGold {
			// The gold layer is the curator's decision, not an annotator:
			// compared only when --annotators names it.
			before := len(d.Spans)
			d = withoutLayer(d, annotations.GoldLayer)
			goldSpans += before - len(d.Spans)
		}
		return c.Add(d)
	})
	if err != nil {
		return err
	}
	for _, id := range articles {
		if !found[id] {
			return fmt.Errorf("--article %q: no such article in %s (or not of the --status given)", id, db.Path())
		}
	}
	if n == 0 {
		return fmt.Errorf("no articles selected in %s", db.Path())
	}
	r, err := c.Report()
	if err != nil {
		return err
	}
	if goldSpans > 0 {
		fmt.Fprintf(e.stderr, "hamesh agreement: note: the gold layer (%d spans) is left out; --annotators gold,NAME,… compares it\n", goldSpans)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	}
	return printAgreement(e.stdout, r)
}

// printAgreement writes r as aligned tables; an undefined figure shows as
// "—" and its reason is listed under the tables.
func printAgreement(w io.Writer, r *agreement.Report) error {
	var notes []string
	fig := func(v *float64, what, reason string) string {
		if v != nil {
			return fmt.Sprintf("%.3f", *v)
		}
		notes = append(notes, fmt.Sprintf("%s: %s", what, reason))
		return fmt.Sprintf("—[%d]", len(notes))
	}
	prf := func(p agreement.PRF, what string) string {
		return strings.Join([]string{
			fig(p.Precision, what+" precision", p.PrecisionReason),
			fig(p.Recall, what+" recall", p.RecallReason),
			fig(p.F1, what+" F1", p.F1Reason)}, "\t")
	}
	fmt.Fprintf(w, "Agreement of %s on %d articles (%d word tokens)", strings.Join(r.Annotators, ", "), r.Articles, r.Tokens)
	if r.ArticlesWithoutSpans > 0 {
		fmt.Fprintf(w, "; %s without spans by them left out", plural(r.ArticlesWithoutSpans, "article"))
	}
	if r.UnattributedSpans > 0 {
		fmt.Fprintf(w, "; %s without an annotator left out", plural(r.UnattributedSpans, "span"))
	}
	fmt.Fprintln(w, ".")

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nPAIR (B against A)\tA SPANS\tB SPANS\tEXACT P\tR\tF1\tOVERLAP P\tR\tF1\tCOHEN κ")
	for _, p := range r.Pairs {
		name := p.A + " · " + p.B
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", name, p.ASpans, p.BSpans,
			prf(p.Exact, name+" exact"), prf(p.Overlap, name+" overlap"), fig(p.CohenKappa, name+" Cohen's κ", p.CohenKappaReason))
	}
	for _, p := range r.Pairs {
		name := p.A + " · " + p.B
		fmt.Fprintf(tw, "\n%s, PER LABEL\tA\tB\tEXACT P\tR\tF1\tOVERLAP P\tR\tF1\tCOHEN κ\n", name)
		for _, l := range r.Labels {
			x := p.Labels[l]
			what := name + " " + l
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", l, x.A, x.B,
				prf(x.Exact, what+" exact"), prf(x.Overlap, what+" overlap"), fig(x.CohenKappa, what+" Cohen's κ", x.CohenKappaReason))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nFLEISS' κ (%s)\t\n", strings.Join(r.Annotators, ", "))
	fmt.Fprintf(tw, "all labels (outermost span or O)\t%s\n", fig(r.FleissKappa, "Fleiss' κ", r.FleissKappaReason))
	for _, l := range r.Labels {
		k := r.FleissLabels[l]
		fmt.Fprintf(tw, "%s\t%s\n", l, fig(k.Kappa, "Fleiss' κ "+l, k.Reason))
	}
	fmt.Fprintln(tw, "\nCLAIM ATTRIBUTE (Krippendorff's α, nominal)\tα\tCLAIMS\tPAIRABLE")
	for _, a := range agreement.Attributes {
		x := r.Attributes[a]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", a, fig(x.Alpha, "α "+a, x.Reason), x.Claims, x.Pairable)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nPER ARTICLE, WORST FIRST\tEXACT F1\tOVERLAP F1\tFLEISS κ\tSPANS\tTITLE")
	undefinedInArticles := false
	short := func(v *float64) string {
		if v == nil {
			undefinedInArticles = true
			return "—"
		}
		return fmt.Sprintf("%.3f", *v)
	}
	for _, a := range r.PerArticle {
		counts := make([]string, len(r.Annotators))
		for i, name := range r.Annotators {
			counts[i] = fmt.Sprint(a.Spans[name])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, short(a.ExactF1), short(a.OverlapF1), short(a.FleissKappa),
			strings.Join(counts, "/"), oneLine(a.Title))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(notes) > 0 || undefinedInArticles {
		fmt.Fprintln(w, "\nUndefined figures:")
		for i, n := range notes {
			fmt.Fprintf(w, "  [%d] %s\n", i+1, n)
		}
		if undefinedInArticles {
			fmt.Fprintln(w, "  — in the per-article table: see --json for each reason")
		}
	}
	return nil
}

// plural gives n with word, plural when n is not 1.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// oneLine keeps a title on its table row.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
