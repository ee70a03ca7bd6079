package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/suggest"
	"github.com/hamesh-app/hamesh/data"
)

// cmdSuggest runs suggestion sources over the selected articles and stores
// what they propose (issue 15). Every source is built (every gazetteer
// read) before anything is written, so a malformed gazetteer changes
// nothing.
func cmdSuggest(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "suggest")
	var gazetteers, articles, statuses listFlag
	fs.Var(&gazetteers, "gazetteer", "a gazetteer file (text<TAB>label[<TAB>kb_id] in .tsv, .csv or .jsonl); repeatable")
	patterns := fs.Bool("patterns", false, "the built-in recognisers: "+strings.Join(suggest.PatternLabels, ", "))
	fromLabels := fs.Bool("from-labels", false, "every text already labelled, wherever else it occurs, with its majority label")
	backend := fs.String("backend", "", "a Label Studio ML backend's URL (POST URL/predict)")
	fs.Var(&articles, "article", "only this article id; repeatable or comma-separated")
	fs.Var(&statuses, "status", "only articles with this status (todo, in_progress, done); repeatable or comma-separated")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(gazetteers) == 0 && !*patterns && !*fromLabels && *backend == "" {
		return fmt.Errorf("no source given: use --gazetteer FILE, --patterns, --from-labels or --backend URL")
	}
	filter := annotations.ArticleFilter{IDs: articles}
	for _, s := range statuses {
		st := annotations.Status(s)
		if !st.Valid() {
			return fmt.Errorf("--status %q: want todo, in_progress or done", s)
		}
		filter.Status = append(filter.Status, st)
	}
	var sources []suggest.Source
	for _, p := range gazetteers {
		g, err := suggest.LoadGazetteer(p)
		if err != nil {
			return fmt.Errorf("%w\nnothing was suggested", err)
		}
		sources = append(sources, g)
	}
	if *patterns {
		p, err := suggest.NewPatterns()
		if err != nil {
			return err
		}
		sources = append(sources, p)
	}
	if *backend != "" {
		b, err := suggest.NewBackend(*backend)
		if err != nil {
			return err
		}
		sources = append(sources, b)
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	var inputs []suggest.Input
	texts := map[string]string{}
	if err := db.ExportDocuments(ctx, filter, func(d *annotations.Document) error {
		inputs = append(inputs, suggest.Input{ArticleID: d.Article.ID, Text: d.Article.Text, Spans: d.Spans})
		texts[d.Article.ID] = d.Article.Text
		return nil
	}); err != nil {
		return err
	}
	if len(articles) > 0 && len(inputs) < len(articles) {
		for _, id := range articles {
			if _, ok := texts[id]; !ok {
				return fmt.Errorf("--article %q: no such article (or not of the --status given)", id)
			}
		}
	}
	if *fromLabels {
		y, err := yourLabels(ctx, db, texts)
		if err != nil {
			return err
		}
		sources = append(sources, y)
	}
	found, err := suggest.RunAll(ctx, sources, inputs, 0)
	if err != nil {
		return fmt.Errorf("%w\nnothing was suggested", err)
	}
	before, err := db.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: idsOf(inputs)})
	if err != nil {
		return err
	}
	added, err := db.AddSuggestions(ctx, found)
	if err != nil {
		return fmt.Errorf("%w\nnothing was suggested", err)
	}
	known := map[[5]string]bool{}
	for _, s := range before {
		known[sugKey(s)] = true
	}
	type row struct {
		source, label string
		found, added  int
	}
	rows := map[[2]string]*row{}
	for _, s := range found {
		k := [2]string{s.Source, s.Label}
		if rows[k] == nil {
			rows[k] = &row{source: s.Source, label: s.Label}
		}
		rows[k].found++
		if !known[sugKey(s)] {
			rows[k].added++
			known[sugKey(s)] = true
		}
	}
	keys := make([][2]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tLABEL\tFOUND\tNEW")
	for _, k := range keys {
		r := rows[k]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", termSafe(r.source), termSafe(r.label), r.found, r.added)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d articles, %d suggestions found, %d new (the others were stored before, pending or reviewed)\n", len(inputs), len(found), added)
	return nil
}

// yourLabels builds the "your labels" source from every labelled text in
// db and the rejections so far (rejected suggestions in the articles of
// texts).
func yourLabels(ctx context.Context, db *data.DB, texts map[string]string) (*suggest.YourLabels, error) {
	counts, err := db.LabelledTexts(ctx, nil)
	if err != nil {
		return nil, err
	}
	rejected, err := db.Suggestions(ctx, annotations.SuggestionFilter{Status: annotations.SuggestionRejected})
	if err != nil {
		return nil, err
	}
	return suggest.NewYourLabelsFromCounts(counts, suggest.RejectionsOf(rejected, texts))
}

func sugKey(s annotations.Suggestion) [5]string {
	return [5]string{s.ArticleID, fmt.Sprint(s.Start), fmt.Sprint(s.End), s.Label, s.Source}
}

func idsOf(inputs []suggest.Input) []string {
	out := make([]string, len(inputs))
	for i, in := range inputs {
		out[i] = in.ArticleID
	}
	return out
}

// cmdSuggestions lists the stored suggestions, or with --stats counts
// each source's by outcome with its implied precision.
func cmdSuggestions(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "suggestions")
	stats := fs.Bool("stats", false, "per source: pending, accepted, edited and rejected counts and the implied precision")
	asJSON := fs.Bool("json", false, "print JSON")
	status := fs.String("status", "", "only suggestions with this status (pending, accepted, rejected)")
	label := fs.String("label", "", "only suggestions with this label")
	source := fs.String("source", "", "only suggestions from this source")
	var articles listFlag
	fs.Var(&articles, "article", "only this article id; repeatable or comma-separated")
	if err := parse(fs, args); err != nil {
		return err
	}
	st := annotations.SuggestionStatus(*status)
	if st != "" && !st.Valid() {
		return fmt.Errorf("--status %q: want pending, accepted or rejected", *status)
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	if *stats {
		rows, err := db.SuggestionStats(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			type out struct {
				annotations.SourceStats
				Precision *float64 `json:"precision"`
			}
			list := []out{}
			for _, r := range rows {
				o := out{SourceStats: r}
				if p, ok := r.Precision(); ok {
					o.Precision = &p
				}
				list = append(list, o)
			}
			return printJSON(e, list)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SOURCE\tPENDING\tACCEPTED\tEDITED\tREJECTED\tPRECISION")
		for _, r := range rows {
			p := "n/a"
			if v, ok := r.Precision(); ok {
				p = fmt.Sprintf("%.2f", v)
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\n", termSafe(r.Source), r.Pending, r.Accepted, r.Edited, r.Rejected, p)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "precision = (accepted + edited) / reviewed; edited = accepted after a change of range or label")
		return nil
	}
	sugs, err := db.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: articles, Status: st, Label: *label, Source: *source})
	if err != nil {
		return err
	}
	texts := map[string]*annotations.Document{}
	text := func(s annotations.Suggestion) string {
		d, ok := texts[s.ArticleID]
		if !ok {
			d, _ = db.Document(ctx, s.ArticleID)
			texts[s.ArticleID] = d
		}
		if d == nil {
			return ""
		}
		off := annotations.NewOffsets(d.Article.Text)
		if s.End > off.Len() {
			return ""
		}
		return off.Slice(d.Article.Text, s.Start, s.End)
	}
	if *asJSON {
		type out struct {
			annotations.Suggestion
			Text string `json:"text"`
		}
		list := []out{}
		for _, s := range sugs {
			list = append(list, out{s, text(s)})
		}
		return printJSON(e, list)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTICLE\tSTART\tEND\tLABEL\tSOURCE\tSTATUS\tTEXT")
	for _, s := range sugs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", termSafe(s.ArticleID), s.Start, s.End, termSafe(s.Label), termSafe(s.Source), s.Status, termSafe(strings.ReplaceAll(text(s), "\n", " ")))
	}
	return tw.Flush()
}

// asSuggestions turns every span of docs into a suggestion of source (a
// model's predictions imported with --as-suggestions): the documents keep
// no spans or relations.
func asSuggestions(docs []annotations.Document, source string) int {
	n := 0
	for i := range docs {
		d := &docs[i]
		for _, s := range d.Spans {
			d.Suggestions = append(d.Suggestions, annotations.Suggestion{ArticleID: d.Article.ID, Start: s.Start, End: s.End,
				Label: s.Label, Source: source, Status: annotations.SuggestionPending})
			n++
		}
		d.Spans, d.Relations = nil, nil
	}
	return n
}

// suggestionSource is the source of a file's suggestions imported with
// --as-suggestions: the flag's value, else the file's name without its
// extension.
func suggestionSource(flagValue, path string) string {
	if flagValue != "" {
		return flagValue
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// importSuggestions stores the suggestions docs carry, in the articles they
// were imported as (ids, in docs' order), and returns how many were new.
func importSuggestions(db *data.DB, docs []annotations.Document, ids []string) (int, error) {
	return annotations.StoreSuggestions(context.Background(), db, docs, ids)
}

// pendingSuggestions returns the pending suggestions of the articles ids
// (every article when empty), by article.
func pendingSuggestions(ctx context.Context, db *data.DB, ids []string) (map[string][]annotations.Suggestion, error) {
	sugs, err := db.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: ids, Status: annotations.SuggestionPending})
	if err != nil {
		return nil, err
	}
	out := map[string][]annotations.Suggestion{}
	for _, s := range sugs {
		out[s.ArticleID] = append(out[s.ArticleID], s)
	}
	return out, nil
}
