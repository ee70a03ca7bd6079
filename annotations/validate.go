package annotations

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ValidateDocument checks a whole document before it is stored or exported:
//
//   - the article's own fields (Article.Validate);
//   - every span (see ValidateSpan): known kind, a label, 0 ≤ start < end ≤
//     the text's length in code points, edges that do not split a grapheme
//     cluster (EdgeOK), claim attribute values from ClaimAttributes;
//   - span ids unique within the document;
//   - every relation: a type, from and to naming two different spans of this
//     document, ids unique within the document.
//
// A span's or relation's ArticleID must equal the article's ID or be empty:
// empty means "the enclosing article" and is how decoders and importers hand
// documents over before the store assigns ids. ValidateDocument never
// modifies d; the caller (the store) fills empty ids. Empty span and relation
// ids are likewise accepted (the store fills them) but then no relation can
// refer to such a span.
//
// The error is an *Error with code EINVALID naming the article by id and
// title and the span or relation by id (or by position when it has no id),
// e.g. article "a1" ("ترامب الابن…"): span "s7" [120,140) ends after the text (length 100).
func ValidateDocument(d *Document) error {
	if d == nil {
		return Errorf(EINVALID, "no document to validate")
	}
	var off *Offsets
	if len(d.Spans) > 0 {
		off = NewOffsets(d.Article.Text)
	}
	return validateDocument(d, textView{text: d.Article.Text, off: off}, false)
}

// ValidateDocumentEdges checks d as ValidateDocument does, for a caller
// that has already mapped every span edge to its byte offset and checked
// that every span lies inside the text (an exporter that needs those
// offsets anyway): edgeByte(cp) returns the byte offset of code point cp
// and true for every span start and end. It saves ValidateDocument's index
// of the whole text, so an export can afford to check each document it
// writes, and refuse what an import would refuse.
func ValidateDocumentEdges(d *Document, edgeByte func(cp int) (int, bool)) error {
	if d == nil {
		return Errorf(EINVALID, "no document to validate")
	}
	return validateDocument(d, textView{text: d.Article.Text, edge: edgeByte}, true)
}

// validateDocument is ValidateDocument over the text view v; inside says
// that every span is known to end within the text.
func validateDocument(d *Document, v textView, inside bool) error {
	a := &d.Article
	// Names are formatted only for an error: most documents have none.
	name := namedArticle{a}
	if err := a.Validate(); err != nil {
		msg := err.Error()
		// Article.Validate names the article by id only; add the title.
		msg = strings.Replace(msg, fmt.Sprintf("article %q", a.ID), name.String(), 1)
		return Errorf(EINVALID, "%s", msg)
	}
	v.inside = inside
	spans := make(map[string]bool, len(d.Spans))
	for i, s := range d.Spans {
		if s.ArticleID != "" && s.ArticleID != a.ID {
			return Errorf(EINVALID, "%s: %s belongs to article %q", name, spanName(i, s), s.ArticleID)
		}
		if msg := checkSpan(v, s); msg != "" {
			return Errorf(EINVALID, "%s: %s %s", name, spanName(i, s), msg)
		}
		if s.ID != "" {
			if spans[s.ID] {
				return Errorf(EINVALID, "%s: span id %q is used twice", name, s.ID)
			}
			spans[s.ID] = true
		}
	}
	rels := make(map[string]bool, len(d.Relations))
	for i, r := range d.Relations {
		rn := namedRelation{i, &d.Relations[i]}
		if r.ArticleID != "" && r.ArticleID != a.ID {
			return Errorf(EINVALID, "%s: %s belongs to article %q", name, rn, r.ArticleID)
		}
		if msg := checkRelation(r); msg != "" {
			return Errorf(EINVALID, "%s: %s %s", name, rn, msg)
		}
		if !spans[r.From] {
			return Errorf(EINVALID, "%s: %s starts from span %q, which is not in this article", name, rn, r.From)
		}
		if !spans[r.To] {
			return Errorf(EINVALID, "%s: %s points to span %q, which is not in this article", name, rn, r.To)
		}
		if r.ID != "" {
			if rels[r.ID] {
				return Errorf(EINVALID, "%s: relation id %q is used twice", name, r.ID)
			}
			rels[r.ID] = true
		}
	}
	return nil
}

// ValidateSpan checks one span against its article's text (see
// ValidateDocument for the rules), for a store adding or moving a single
// span. off may be nil; passing the text's Offsets (or a TextIndex's) saves a
// scan of the text. The span's ArticleID is not checked against anything but
// names the article in the error.
func ValidateSpan(text string, off *Offsets, s Span) error {
	if msg := checkSpan(textView{text: text, off: off}, s); msg != "" {
		prefix := ""
		if s.ArticleID != "" {
			prefix = fmt.Sprintf("article %q: ", s.ArticleID)
		}
		return Errorf(EINVALID, "%s%s %s", prefix, spanName(-1, s), msg)
	}
	return nil
}

// ValidateRelation checks a relation's own fields: a type, and from and to
// naming two different spans. Whether those spans exist is for the caller.
func ValidateRelation(r Relation) error {
	if msg := checkRelation(r); msg != "" {
		return Errorf(EINVALID, "%s %s", relationName(-1, r), msg)
	}
	return nil
}

// ValidateAttributes checks span attributes: non-empty UTF-8 keys and values,
// and for the closed keys of ClaimAttributes a listed value. An empty value
// means "not set" and is accepted for every key.
func ValidateAttributes(attrs map[string]string) error {
	if msg := checkAttributes(attrs); msg != "" {
		return Errorf(EINVALID, "%s", msg)
	}
	return nil
}

// checkSpan returns what is wrong with s over v's text, or "".
func checkSpan(v textView, s Span) string {
	if !s.Kind.Valid() {
		return fmt.Sprintf("has unknown kind %q (want entity or claim)", s.Kind)
	}
	if strings.TrimSpace(s.Label) == "" {
		return "has no label"
	}
	if !utf8.ValidString(s.Label) || !utf8.ValidString(s.Note) || !utf8.ValidString(s.Annotator) {
		return "has a label, note or annotator that is not valid UTF-8"
	}
	if s.Start < 0 {
		return "starts before the text"
	}
	if s.End <= s.Start {
		return "is empty or reversed (end must be after start)"
	}
	if !v.inside {
		n := 0
		if v.off != nil {
			n = v.off.Len()
		} else {
			n = utf8.RuneCountInString(v.text)
		}
		if s.End > n {
			return fmt.Sprintf("ends after the text (length %d)", n)
		}
	}
	if !v.edgeOK(s.Start) {
		return fmt.Sprintf("starts inside the character cluster %q", clusterText(v, s.Start))
	}
	if !v.edgeOK(s.End) {
		return fmt.Sprintf("ends inside the character cluster %q", clusterText(v, s.End))
	}
	if msg := checkAttributes(s.Attributes); msg != "" {
		return "has " + msg
	}
	return ""
}

func clusterText(v textView, cp int) string {
	g := v.graphemeAt(cp)
	bs, _ := v.byteOf(g.Start)
	be, _ := v.byteOf(g.End)
	return v.text[bs:be]
}

func checkAttributes(attrs map[string]string) string {
	for k, val := range attrs {
		if strings.TrimSpace(k) == "" {
			return "an attribute with an empty name"
		}
		if !utf8.ValidString(k) || !utf8.ValidString(val) {
			return fmt.Sprintf("attribute %q that is not valid UTF-8", k)
		}
		allowed, closed := ClaimAttributes[k]
		if !closed || val == "" {
			continue
		}
		ok := false
		for _, a := range allowed {
			if val == a {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Sprintf("attribute %s=%q (want one of %s)", k, val, strings.Join(allowed, ", "))
		}
	}
	return ""
}

func checkRelation(r Relation) string {
	switch {
	case strings.TrimSpace(r.Type) == "":
		return "has no type"
	case r.From == "":
		return "has no from span"
	case r.To == "":
		return "has no to span"
	case r.From == r.To:
		return fmt.Sprintf("links span %q to itself", r.From)
	}
	return ""
}

// articleName names an article in messages: by id and title, cut short.
// namedArticle formats as articleName, when printed.
type namedArticle struct{ a *Article }

func (n namedArticle) String() string { return articleName(n.a) }

// namedRelation formats as relationName, when printed.
type namedRelation struct {
	i int
	r *Relation
}

func (n namedRelation) String() string { return relationName(n.i, *n.r) }

func articleName(a *Article) string {
	title := []rune(strings.TrimSpace(a.Title))
	t := string(title)
	if len(title) > 40 {
		t = string(title[:40]) + "…"
	}
	switch {
	case a.ID == "" && t == "":
		return "article"
	case t == "":
		return fmt.Sprintf("article %q", a.ID)
	case a.ID == "":
		return fmt.Sprintf("article (%q)", t)
	}
	return fmt.Sprintf("article %q (%q)", a.ID, t)
}

// spanName names span s (the i-th of its document, i < 0 if unknown).
func spanName(i int, s Span) string {
	switch {
	case s.ID != "":
		return fmt.Sprintf("span %q [%d,%d)", s.ID, s.Start, s.End)
	case i >= 0:
		return fmt.Sprintf("span #%d [%d,%d)", i+1, s.Start, s.End)
	}
	return fmt.Sprintf("span [%d,%d)", s.Start, s.End)
}

func relationName(i int, r Relation) string {
	switch {
	case r.ID != "":
		return fmt.Sprintf("relation %q", r.ID)
	case i >= 0:
		return fmt.Sprintf("relation #%d", i+1)
	}
	return "relation"
}
