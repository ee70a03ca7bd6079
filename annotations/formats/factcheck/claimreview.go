package factcheck

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// SchemaContext is the @context of every ClaimReview written.
const SchemaContext = "https://schema.org"

// wikidataPrefix makes a QID a sameAs URL.
const wikidataPrefix = "https://www.wikidata.org/wiki/"

// Thing is a schema.org Person or Organization: a claim's author or a
// review's.
type Thing struct {
	Type   string `json:"@type"`
	Name   string `json:"name"`
	SameAs string `json:"sameAs,omitempty"`
}

// Rating is a ClaimReview's reviewRating.
type Rating struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue,omitempty"`
	BestRating    int    `json:"bestRating,omitempty"`
	WorstRating   int    `json:"worstRating,omitempty"`
	AlternateName string `json:"alternateName"`
}

// Work is a CreativeWork where a claim appeared.
type Work struct {
	Type          string `json:"@type"`
	URL           string `json:"url,omitempty"`
	Headline      string `json:"headline,omitempty"`
	DatePublished string `json:"datePublished,omitempty"`
}

// Claim is a ClaimReview's itemReviewed.
type Claim struct {
	Type            string `json:"@type"`
	Author          *Thing `json:"author,omitempty"`
	DatePublished   string `json:"datePublished,omitempty"`
	Appearance      []Work `json:"appearance,omitempty"`
	FirstAppearance *Work  `json:"firstAppearance,omitempty"`
}

// ClaimReview is one schema.org ClaimReview, in the field order written.
type ClaimReview struct {
	Context       string `json:"@context"`
	Type          string `json:"@type"`
	URL           string `json:"url"`
	ClaimReviewed string `json:"claimReviewed"`
	DatePublished string `json:"datePublished,omitempty"`
	Author        Thing  `json:"author"`
	ReviewRating  Rating `json:"reviewRating"`
	ItemReviewed  Claim  `json:"itemReviewed"`
}

// thingOf is the schema.org author for a registry entry: a Person for a
// PERS entry, an Organization otherwise, with its Wikidata page as sameAs.
func thingOf(e annotations.Entry) *Thing {
	t := &Thing{Type: "Organization", Name: e.Name}
	if e.Label == "PERS" {
		t.Type = "Person"
	}
	if e.KBID != "" {
		t.SameAs = wikidataPrefix + e.KBID
	}
	return t
}

// ClaimReviews builds one ClaimReview per cluster of reg that has a
// verdict, a fact-check URL and a reviewer (Google's required fields),
// ordered by cluster id. Its itemReviewed lists where the claim appeared:
// each member's article (its source URL, title, and the member's
// claim_date) and the cluster's own appearances; firstAppearance is the
// earliest dated one (else the first). skipped names each cluster left
// out and why; none is written half-empty.
func ClaimReviews(docs []annotations.Document, reg *annotations.Registry) (out []ClaimReview, skipped []annotations.Note) {
	if reg == nil {
		return nil, nil
	}
	members := map[string][]Work{}
	for i := range docs {
		d := &docs[i]
		for _, s := range d.Spans {
			id := s.Attributes[annotations.AttrClusterID]
			if id == "" || s.Kind != annotations.KindClaim || !isURL(d.Article.Source) {
				continue
			}
			w := Work{Type: "CreativeWork", URL: d.Article.Source, Headline: d.Article.Title, DatePublished: s.Attributes[annotations.AttrClaimDate]}
			if !slices.Contains(members[id], w) {
				members[id] = append(members[id], w)
			}
		}
	}
	clusters := slices.Clone(reg.Clusters)
	slices.SortFunc(clusters, func(a, b annotations.Cluster) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range clusters {
		var miss []any
		if c.Verdict == "" {
			miss = append(miss, annotations.Notef("a verdict"))
		}
		if c.ReviewURL == "" {
			miss = append(miss, annotations.Notef("a fact-check url"))
		}
		if c.Reviewer == "" {
			miss = append(miss, annotations.Notef("a reviewer"))
		}
		if len(miss) > 0 {
			list := miss[0]
			switch len(miss) {
			case 2:
				list = annotations.Notef("%s and %s", miss...)
			case 3:
				list = annotations.Notef("%s, %s and %s", miss...)
			}
			skipped = append(skipped, annotations.Notef("claim cluster %q (%s) lacks %s: not written", c.ID, short(c.Text), list))
			continue
		}
		r := ClaimReview{Context: SchemaContext, Type: "ClaimReview", URL: c.ReviewURL, ClaimReviewed: c.Text, DatePublished: c.ReviewDate,
			Author:       Thing{Type: "Organization", Name: c.Reviewer},
			ReviewRating: Rating{Type: "Rating", RatingValue: c.Rating, BestRating: c.BestRating, WorstRating: c.WorstRating, AlternateName: c.Verdict},
			ItemReviewed: Claim{Type: "Claim", DatePublished: c.ClaimDate}}
		if en, ok := reg.Entry(c.ClaimantID); ok {
			r.ItemReviewed.Author = thingOf(en)
		}
		app := slices.Clone(members[c.ID])
		for _, a := range c.Appearances {
			w := Work{Type: "CreativeWork", URL: a.URL, DatePublished: a.Date}
			if !slices.ContainsFunc(app, func(x Work) bool { return x.URL == w.URL }) {
				app = append(app, w)
			}
		}
		if len(app) > 0 {
			r.ItemReviewed.Appearance = app
			first := app[0]
			for _, w := range app[1:] {
				if w.DatePublished != "" && (first.DatePublished == "" || w.DatePublished < first.DatePublished) {
					first = w
				}
			}
			r.ItemReviewed.FirstAppearance = &first
		}
		out = append(out, r)
	}
	return out, skipped
}

// short cuts a claim to 40 characters for a message.
func short(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// WriteClaimReview writes ClaimReviews' objects as one JSON array, and
// tells warn about each cluster skipped.
func WriteClaimReview(w io.Writer, docs []annotations.Document, reg *annotations.Registry, warn func(annotations.Note)) error {
	out, skipped := ClaimReviews(docs, reg)
	for _, s := range skipped {
		if warn != nil {
			warn(s)
		}
	}
	if out == nil {
		out = []ClaimReview{}
	}
	return jsonOut(w, out)
}

// in* are the shapes ClaimReview JSON-LD is read in: authors and ratings
// may be objects or plain strings, appearances one object or a list.
type inReview struct {
	Type          any             `json:"@type"`
	URL           string          `json:"url"`
	ClaimReviewed string          `json:"claimReviewed"`
	DatePublished string          `json:"datePublished"`
	Author        json.RawMessage `json:"author"`
	ReviewRating  struct {
		RatingValue   any    `json:"ratingValue"`
		BestRating    any    `json:"bestRating"`
		WorstRating   any    `json:"worstRating"`
		AlternateName string `json:"alternateName"`
	} `json:"reviewRating"`
	ItemReviewed struct {
		Author          json.RawMessage `json:"author"`
		DatePublished   string          `json:"datePublished"`
		Appearance      json.RawMessage `json:"appearance"`
		FirstAppearance json.RawMessage `json:"firstAppearance"`
	} `json:"itemReviewed"`
}

type inThing struct {
	Type   any    `json:"@type"`
	Name   string `json:"name"`
	SameAs any    `json:"sameAs"`
}

// thing reads an author: an object, a list (its first) or a string.
func thing(raw json.RawMessage) inThing {
	var t inThing
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return t
	}
	switch raw[0] {
	case '"':
		json.Unmarshal(raw, &t.Name)
	case '[':
		var l []json.RawMessage
		if json.Unmarshal(raw, &l) == nil && len(l) > 0 {
			return thing(l[0])
		}
	default:
		json.Unmarshal(raw, &t)
	}
	t.Name = strings.TrimSpace(t.Name)
	return t
}

// works reads appearances: one object or URL string, or a list of them.
func works(raw json.RawMessage) []annotations.Appearance {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] == '[' {
		var l []json.RawMessage
		json.Unmarshal(raw, &l)
		var out []annotations.Appearance
		for _, x := range l {
			out = append(out, works(x)...)
		}
		return out
	}
	if raw[0] == '"' {
		var u string
		json.Unmarshal(raw, &u)
		if isURL(u) {
			return []annotations.Appearance{{URL: u}}
		}
		return nil
	}
	var w struct {
		URL           string `json:"url"`
		DatePublished string `json:"datePublished"`
	}
	if json.Unmarshal(raw, &w) != nil || !isURL(w.URL) {
		return nil
	}
	return []annotations.Appearance{{URL: w.URL, Date: day(w.DatePublished)}}
}

// day keeps the date part of an ISO 8601 date or date-time.
func day(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[4] == '-' {
		return s[:10]
	}
	return s
}

// number reads a rating given as a JSON number or a string.
func number(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case string:
		var n int
		fmt.Sscan(x, &n)
		return n
	}
	return 0
}

// hasType reports whether @type (a string or list) names t.
func hasType(v any, t string) bool {
	switch x := v.(type) {
	case string:
		return x == t || x == "schema:"+t || x == "http://schema.org/"+t || x == "https://schema.org/"+t
	case []any:
		for _, y := range x {
			if hasType(y, t) {
				return true
			}
		}
	}
	return false
}

// stableID makes an id from a prefix and the text it stands for, so that
// importing the same review twice replaces it.
func stableID(prefix, s string) string {
	h := sha256.Sum256([]byte(s))
	return prefix + hex.EncodeToString(h[:8])
}

// ReadClaimReview reads ClaimReview JSON-LD — one object, an array, a
// DataFeed's dataFeedElement or an @graph — into a registry: one cluster
// per review, its id made from the review's URL (so a second import of
// the same review replaces it), verdict and scale from reviewRating, the
// claim's date, author and appearances from itemReviewed. A claim's author
// becomes a registry entry (PERS for a Person, ORG otherwise; its Wikidata
// sameAs as its QID), one per name. Objects that are not ClaimReviews are
// skipped with a warning; a review without claimReviewed or url is refused
// with its position, and nothing is returned.
func ReadClaimReview(b []byte, name string) (*annotations.Registry, []string, error) {
	reg, notes, err := ReadClaimReviewNotes(b, name)
	var warns []string
	for _, n := range notes {
		warns = append(warns, n.String())
	}
	return reg, warns, err
}

// ReadClaimReviewNotes is ReadClaimReview with its warnings as notes, for
// the GUI to translate.
func ReadClaimReviewNotes(b []byte, name string) (*annotations.Registry, []annotations.Note, error) {
	if !utf8.Valid(b) {
		return nil, nil, annotations.Errorf(annotations.EINVALID, "%s: not valid UTF-8 (JSON-LD is UTF-8)", name)
	}
	var top any
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, nil, annotations.Errorf(annotations.EINVALID, "%s: not JSON-LD: %v", name, err)
	}
	var items []json.RawMessage
	var collect func(raw json.RawMessage)
	collect = func(raw json.RawMessage) {
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] == '[' {
			var l []json.RawMessage
			json.Unmarshal(raw, &l)
			for _, x := range l {
				collect(x)
			}
			return
		}
		var wrap struct {
			Graph json.RawMessage `json:"@graph"`
			Feed  json.RawMessage `json:"dataFeedElement"`
		}
		json.Unmarshal(raw, &wrap)
		switch {
		case len(wrap.Graph) > 0:
			collect(wrap.Graph)
		case len(wrap.Feed) > 0:
			collect(wrap.Feed)
		default:
			items = append(items, raw)
		}
	}
	collect(b)
	reg := &annotations.Registry{}
	var warns []annotations.Note
	entries := map[string]bool{}
	for i, raw := range items {
		var r inReview
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, nil, annotations.Errorf(annotations.EINVALID, "%s: item %d: %v", name, i+1, err)
		}
		if !hasType(r.Type, "ClaimReview") {
			warns = append(warns, annotations.Notef("item %d is a %v, not a ClaimReview: skipped", i+1, r.Type))
			continue
		}
		if strings.TrimSpace(r.ClaimReviewed) == "" || !isURL(r.URL) {
			return nil, nil, annotations.Errorf(annotations.EINVALID, "%s: ClaimReview %d has no claimReviewed or no http(s) url (both are required); nothing was imported", name, i+1)
		}
		c := annotations.Cluster{ID: stableID("cr-", r.URL), Text: strings.TrimSpace(r.ClaimReviewed), ReviewURL: r.URL,
			ReviewDate: day(r.DatePublished), ClaimDate: day(r.ItemReviewed.DatePublished),
			Verdict: strings.TrimSpace(r.ReviewRating.AlternateName), Reviewer: thing(r.Author).Name}
		c.Rating, c.BestRating, c.WorstRating = number(r.ReviewRating.RatingValue), number(r.ReviewRating.BestRating), number(r.ReviewRating.WorstRating)
		if c.Rating == 0 || c.BestRating <= c.WorstRating {
			if c.Rating != 0 {
				warns = append(warns, annotations.Notef("ClaimReview %s: rating %d has no scale: kept as the verdict's name only", r.URL, c.Rating))
			}
			c.Rating, c.BestRating, c.WorstRating = 0, 0, 0
		}
		c.Appearances = works(r.ItemReviewed.Appearance)
		for _, a := range works(r.ItemReviewed.FirstAppearance) {
			if !slices.ContainsFunc(c.Appearances, func(x annotations.Appearance) bool { return x.URL == a.URL }) {
				c.Appearances = append(c.Appearances, a)
			}
		}
		if a := thing(r.ItemReviewed.Author); a.Name != "" {
			e := annotations.Entry{ID: stableID("cr-author-", a.Name), Name: a.Name, Label: "ORG"}
			if hasType(a.Type, "Person") {
				e.Label = "PERS"
			}
			if s, ok := a.SameAs.(string); ok && strings.HasPrefix(s, wikidataPrefix) {
				if q := strings.TrimPrefix(s, wikidataPrefix); annotations.ValidQID(q) {
					e.KBID = q
				}
			}
			if !entries[e.ID] {
				entries[e.ID] = true
				reg.Entries = append(reg.Entries, e)
			}
			c.ClaimantID = e.ID
		}
		if err := c.Validate(); err != nil {
			return nil, nil, annotations.Errorf(annotations.EINVALID, "%s: ClaimReview %s: %s; nothing was imported", name, r.URL, err)
		}
		if i := slices.IndexFunc(reg.Clusters, func(x annotations.Cluster) bool { return x.ID == c.ID }); i >= 0 {
			warns = append(warns, annotations.Notef("ClaimReview %s is given twice: the last is kept", r.URL))
			reg.Clusters[i] = c
			continue
		}
		reg.Clusters = append(reg.Clusters, c)
	}
	if len(reg.Clusters) == 0 {
		return nil, warns, annotations.Errorf(annotations.EINVALID, "%s holds no ClaimReview", name)
	}
	slices.SortFunc(reg.Clusters, func(a, b annotations.Cluster) int { return cmp.Compare(a.ID, b.ID) })
	return reg, warns, nil
}
