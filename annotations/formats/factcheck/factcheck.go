// Package factcheck writes and reads the formats of the fact-checking
// ecosystem (issue 17): schema.org ClaimReview JSON-LD, one object per
// reviewed claim cluster, as Google's Fact Check Explorer reads it; the
// CLEF CheckThat! Task 1 check-worthiness TSV; and AraFacts-style claim
// rows as CSV. ClaimReview is also read back, seeding claim clusters and
// their verdicts.
//
// Every writer takes the documents and the registry (entries and
// clusters) they refer to; nothing is fetched, and the schema.org terms a
// ClaimReview uses are those listed in testdata/schemaorg-terms.txt.
package factcheck

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/rivo/uniseg"
)

// claimantOf returns the name of the claimant of claim span s in d: the
// registry entry its claimant entity span links to (canonical name), else
// that span's text; "" when it has no claimant relation.
func claimantOf(d *annotations.Document, off *annotations.Offsets, s annotations.Span, reg *annotations.Registry) string {
	for _, r := range d.Relations {
		if r.Type != annotations.RelClaimant || r.From != s.ID {
			continue
		}
		for _, e := range d.Spans {
			if e.ID != r.To {
				continue
			}
			if en, ok := reg.Entry(e.Attributes[annotations.AttrEntityID]); ok {
				return en.Name
			}
			return off.Slice(d.Article.Text, e.Start, e.End)
		}
	}
	return ""
}

// oneLine makes text one line for a TSV field: tabs and line breaks
// become spaces, runs of spaces one.
func oneLine(text string) string {
	return strings.Join(strings.Fields(text), " ")
}

// CheckThatHeader is the header line of a CheckThat! Task 1 file, the
// column names its scorers read.
var CheckThatHeader = []string{"topic", "tweet_id", "tweet_url", "tweet_text", "class_label"}

// CheckThat writes the CheckThat! Task 1 TSV: the header, then one row per
// claim span of every document in order — topic the article id, tweet_id
// the span id, tweet_url the article's source, tweet_text the claim's
// text on one line (CSV-quoted when it holds a double quote), class_label "No" when its check_worthy is "no" and
// "Yes" otherwise (a CLAIM marks a check-worthy statement). With
// nonClaims, every sentence of the article that no claim overlaps is a
// row too, labelled No, with the id ARTICLE:START-END (code points).
func CheckThat(w io.Writer, docs []annotations.Document, nonClaims bool) error {
	bw := &errWriter{w: w}
	bw.line(CheckThatHeader)
	for i := range docs {
		d := &docs[i]
		text := d.Article.Text
		off := annotations.NewOffsets(text)
		type row struct {
			start int
			cells []string
		}
		var rows []row
		var claims []annotations.Span
		for _, s := range d.Spans {
			if s.Kind != annotations.KindClaim {
				continue
			}
			claims = append(claims, s)
			label := "Yes"
			if s.Attributes[annotations.AttrCheckWorthy] == "no" {
				label = "No"
			}
			rows = append(rows, row{s.Start, []string{d.Article.ID, s.ID, d.Article.Source, oneLine(off.Slice(text, s.Start, s.End)), label}})
		}
		if nonClaims {
			for _, r := range Sentences(text) {
				if strings.TrimSpace(off.Slice(text, r.Start, r.End)) == "" {
					continue
				}
				if slices.ContainsFunc(claims, func(s annotations.Span) bool { return s.Start < r.End && r.Start < s.End }) {
					continue
				}
				id := fmt.Sprintf("%s:%d-%d", d.Article.ID, r.Start, r.End)
				rows = append(rows, row{r.Start, []string{d.Article.ID, id, d.Article.Source, oneLine(off.Slice(text, r.Start, r.End)), "No"}})
			}
		}
		slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.start, b.start) })
		for _, r := range rows {
			bw.line(r.cells)
		}
	}
	return bw.flush()
}

// Sentences splits text into sentences by UAX #29 (rivo/uniseg), each
// trimmed of surrounding white space, in code points. Empty ones are left
// out.
func Sentences(text string) []annotations.Range {
	var out []annotations.Range
	cp := 0
	state := -1
	rest := text
	for len(rest) > 0 {
		var s string
		s, rest, state = uniseg.FirstSentenceInString(rest, state)
		r := []rune(s)
		a, b := 0, len(r)
		for a < b && isSpace(r[a]) {
			a++
		}
		for b > a && isSpace(r[b-1]) {
			b--
		}
		if b > a {
			out = append(out, annotations.Range{Start: cp + a, End: cp + b})
		}
		cp += len(r)
	}
	return out
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == 0xa0 }

// errWriter writes TSV lines and keeps the first error. A field holding
// a double quote is quoted as CSV does ("" inside), so pandas'
// read_csv(sep="\t") and Python's csv module read it back unchanged.
type errWriter struct {
	w   io.Writer
	cw  *csv.Writer
	err error
}

func (e *errWriter) line(cells []string) {
	if e.err != nil {
		return
	}
	if e.cw == nil {
		e.cw = csv.NewWriter(e.w)
		e.cw.Comma = '\t'
	}
	e.err = e.cw.Write(cells)
}

func (e *errWriter) flush() error {
	if e.err == nil && e.cw != nil {
		e.cw.Flush()
		e.err = e.cw.Error()
	}
	return e.err
}

// ClaimsCSVHeader is the header of the claims CSV, AraFacts' shape.
var ClaimsCSVHeader = []string{"claim", "normalized_claim", "claimant", "claim_date", "verdict", "cluster_id", "cluster_verdict", "source_url", "article_id", "article_title"}

// ClaimsCSV writes one row per claim span (RFC 4180 CSV with a header):
// its text, normalized_claim (its own, else its cluster's), claimant (its
// claimant relation's entity, by registry name when linked, else the
// cluster's claimant), claim_date (its own, else the cluster's), its own
// verdict, its cluster's id and verdict, and the article's source, id and
// title.
func ClaimsCSV(w io.Writer, docs []annotations.Document, reg *annotations.Registry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ClaimsCSVHeader); err != nil {
		return err
	}
	for i := range docs {
		d := &docs[i]
		off := annotations.NewOffsets(d.Article.Text)
		for _, s := range d.Spans {
			if s.Kind != annotations.KindClaim {
				continue
			}
			a := s.Attributes
			c, _ := reg.Cluster(a[annotations.AttrClusterID])
			norm := cmp.Or(a[annotations.AttrNormalizedClaim], c.Text)
			who := claimantOf(d, off, s, reg)
			if who == "" {
				if en, ok := reg.Entry(c.ClaimantID); ok {
					who = en.Name
				}
			}
			row := []string{oneLine(off.Slice(d.Article.Text, s.Start, s.End)), norm, who,
				cmp.Or(a[annotations.AttrClaimDate], c.ClaimDate), a[annotations.AttrVerdict],
				a[annotations.AttrClusterID], c.Verdict, d.Article.Source, d.Article.ID, d.Article.Title}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// isURL reports whether s is an absolute http(s) URL.
func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// jsonOut encodes v as indented JSON without HTML escaping.
func jsonOut(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
