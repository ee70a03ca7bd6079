package annotations

import (
	"maps"
	"sync"
)

// A store that validated every document on write (ValidateDocument on
// import, ValidateSpan and friends on each edit) may vouch for the
// documents it reads back while it hands them to a consumer, so that an
// exporter need not validate them a second time. The vouch holds only
// while the document is exactly as the store read it: Vouched compares
// every field validation looks at with a copy taken when the store
// vouched, so a document changed in between — or any other document — is
// validated as usual.

var vouched sync.Map // *Document → *vouchCopy

type vouchCopy struct {
	article   Article
	spans     []Span
	attrs     []map[string]string
	relations []Relation
}

// VouchStored records that d was just read from a store that validated it
// on write; the vouch lasts until release is called. Only a store may call
// it, for documents it read itself.
func VouchStored(d *Document) (release func()) {
	c := &vouchCopy{article: d.Article, spans: append([]Span(nil), d.Spans...),
		relations: append([]Relation(nil), d.Relations...)}
	for _, s := range d.Spans {
		c.attrs = append(c.attrs, maps.Clone(s.Attributes))
	}
	vouched.Store(d, c)
	return func() { vouched.CompareAndDelete(d, c) }
}

// Vouched reports whether a store vouches for d (VouchStored) and d is
// unchanged since: it then passes ValidateDocument, and its text, title,
// labels, notes, annotators and attributes are valid UTF-8.
func Vouched(d *Document) bool {
	v, ok := vouched.Load(d)
	if !ok {
		return false
	}
	c := v.(*vouchCopy)
	if d.Article != c.article || len(d.Spans) != len(c.spans) || len(d.Relations) != len(c.relations) {
		return false
	}
	for i, s := range d.Spans {
		o := c.spans[i]
		if s.ID != o.ID || s.ArticleID != o.ArticleID || s.Kind != o.Kind || s.Label != o.Label || s.Start != o.Start ||
			s.End != o.End || s.Note != o.Note || s.Annotator != o.Annotator || !s.CreatedAt.Equal(o.CreatedAt) ||
			!s.UpdatedAt.Equal(o.UpdatedAt) || !maps.Equal(s.Attributes, c.attrs[i]) {
			return false
		}
	}
	for i, r := range d.Relations {
		if r != c.relations[i] {
			return false
		}
	}
	return true
}
