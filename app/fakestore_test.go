package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// fakeStore is an in-memory annotations.Store for widget tests. Undo keeps
// whole-article snapshots: each edit records the spans and relations before
// and after it.
type fakeStore struct {
	mu        sync.Mutex
	articles  []annotations.Article
	spans     map[string][]annotations.Span
	relations map[string][]annotations.Relation
	labels    []annotations.Label
	hist      map[string][]snapshotPair
	cursor    map[string]int
	nextID    int
	version   int64
	listCalls int // ListArticles calls, to check paging
}

type snapshot struct {
	spans     []annotations.Span
	relations []annotations.Relation
}

type snapshotPair struct{ before, after snapshot }

var _ annotations.Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{
		spans: map[string][]annotations.Span{}, relations: map[string][]annotations.Relation{},
		labels: annotations.DefaultScheme(), hist: map[string][]snapshotPair{}, cursor: map[string]int{},
	}
}

func (f *fakeStore) id(prefix string) string {
	f.nextID++
	return fmt.Sprintf("%s%d", prefix, f.nextID)
}

// addArticle adds an article directly (no import rules).
func (f *fakeStore) addArticle(title, text string, status annotations.Status) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.id("a")
	dir := annotations.LTR
	for _, r := range text {
		if r >= 0x0600 && r <= 0x06ff {
			dir = annotations.RTL
			break
		}
	}
	f.articles = append(f.articles, annotations.Article{
		ID: id, Title: title, Text: text, Lang: "ar", Direction: dir, Status: status,
		CreatedAt: time.Unix(int64(len(f.articles)), 0), UpdatedAt: time.Unix(int64(len(f.articles)), 0),
	})
	f.version++
	return id
}

func (f *fakeStore) summary(a annotations.Article) annotations.ArticleSummary {
	s := annotations.ArticleSummary{ID: a.ID, Title: a.Title, Lang: a.Lang, Direction: a.Direction, Status: a.Status, UpdatedAt: a.UpdatedAt, Chars: len([]rune(a.Text))}
	for _, sp := range f.spans[a.ID] {
		if sp.Kind == annotations.KindClaim {
			s.Claims++
		} else {
			s.Entities++
		}
	}
	return s
}

func (f *fakeStore) match(fl annotations.ArticleFilter) []annotations.Article {
	var out []annotations.Article
	for _, a := range f.articles {
		if fl.Query != "" && !strings.Contains(strings.ToLower(a.Title), strings.ToLower(fl.Query)) {
			continue
		}
		if len(fl.Status) > 0 {
			ok := false
			for _, s := range fl.Status {
				ok = ok || s == a.Status
			}
			if !ok {
				continue
			}
		}
		if len(fl.IDs) > 0 {
			ok := false
			for _, id := range fl.IDs {
				ok = ok || id == a.ID
			}
			if !ok {
				continue
			}
		}
		out = append(out, a)
	}
	less := func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) }
	switch fl.SortBy {
	case "title":
		less = func(i, j int) bool { return out[i].Title < out[j].Title }
	case "status":
		less = func(i, j int) bool { return out[i].Status < out[j].Status }
	case "updated":
		less = func(i, j int) bool { return out[i].UpdatedAt.Before(out[j].UpdatedAt) }
	}
	sort.SliceStable(out, func(i, j int) bool {
		if fl.Desc {
			return less(j, i)
		}
		return less(i, j)
	})
	return out
}

func (f *fakeStore) ListArticles(_ context.Context, fl annotations.ArticleFilter) ([]annotations.ArticleSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listCalls++
	m := f.match(fl)
	if fl.Offset > len(m) {
		return nil, nil
	}
	m = m[fl.Offset:]
	if fl.Limit > 0 && len(m) > fl.Limit {
		m = m[:fl.Limit]
	}
	out := make([]annotations.ArticleSummary, len(m))
	for i, a := range m {
		out[i] = f.summary(a)
	}
	return out, nil
}

func (f *fakeStore) CountArticles(_ context.Context, fl annotations.ArticleFilter) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.match(fl)), nil
}

func (f *fakeStore) ArticlePage(ctx context.Context, fl annotations.ArticleFilter) (annotations.ArticlePage, error) {
	if !annotations.ValidSortKey(fl.SortBy) {
		return annotations.ArticlePage{}, annotations.Errorf(annotations.EINVALID, "unknown sort %q", fl.SortBy)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.match(fl)
	p := annotations.ArticlePage{Articles: []annotations.ArticleSummary{}, Total: len(m)}
	if fl.Offset > len(m) {
		return p, nil
	}
	m = m[fl.Offset:]
	if fl.Limit > 0 && len(m) > fl.Limit {
		m = m[:fl.Limit]
	}
	for _, a := range m {
		p.Articles = append(p.Articles, f.summary(a))
	}
	return p, nil
}

func (f *fakeStore) article(id string) (int, error) {
	for i, a := range f.articles {
		if a.ID == id {
			return i, nil
		}
	}
	return -1, annotations.Errorf(annotations.ENOTFOUND, "no article %q", id)
}

func (f *fakeStore) Document(_ context.Context, id string) (*annotations.Document, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, err := f.article(id)
	if err != nil {
		return nil, err
	}
	d := &annotations.Document{Article: f.articles[i]}
	d.Spans = append(d.Spans, f.spans[id]...)
	d.Relations = append(d.Relations, f.relations[id]...)
	return d, nil
}

func (f *fakeStore) ImportDocuments(_ context.Context, docs []annotations.Document) (annotations.ImportResult, error) {
	var res annotations.ImportResult
	for _, d := range docs {
		id := f.addArticle(d.Article.Title, d.Article.Text, annotations.StatusTodo)
		f.mu.Lock()
		for _, s := range d.Spans {
			s.ID, s.ArticleID = f.id("s"), id
			f.spans[id] = append(f.spans[id], s)
			res.Spans++
		}
		f.mu.Unlock()
		res.Articles++
		res.ArticleIDs = append(res.ArticleIDs, id)
	}
	return res, nil
}

func (f *fakeStore) ExportDocuments(ctx context.Context, fl annotations.ArticleFilter, fn func(*annotations.Document) error) error {
	f.mu.Lock()
	m := f.match(annotations.ArticleFilter{Status: fl.Status, IDs: fl.IDs, Query: fl.Query})
	f.mu.Unlock()
	for _, a := range m {
		d, err := f.Document(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) Labels(context.Context) ([]annotations.Label, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]annotations.Label(nil), f.labels...), nil
}

func (f *fakeStore) SaveLabel(_ context.Context, oldName string, l annotations.Label) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.labels {
		if f.labels[i].Name == oldName && oldName != "" {
			f.labels[i] = l
			for id, spans := range f.spans {
				for k := range spans {
					if spans[k].Label == oldName {
						f.spans[id][k].Label = l.Name
					}
				}
			}
			return nil
		}
	}
	f.labels = append(f.labels, l)
	return nil
}

func (f *fakeStore) snap(articleID string) snapshot {
	return snapshot{
		spans:     append([]annotations.Span(nil), f.spans[articleID]...),
		relations: append([]annotations.Relation(nil), f.relations[articleID]...),
	}
}

// edit runs change on one article's spans and records it for undo.
func (f *fakeStore) edit(articleID string, change func() error) error {
	i, err := f.article(articleID)
	if err != nil {
		return err
	}
	before := f.snap(articleID)
	if err := change(); err != nil {
		return err
	}
	// As data.DB does, the first edit moves a todo article to in progress.
	if f.articles[i].Status == annotations.StatusTodo {
		f.articles[i].Status = annotations.StatusInProgress
	}
	h := f.hist[articleID][:f.cursor[articleID]]
	f.hist[articleID] = append(h, snapshotPair{before, f.snap(articleID)})
	f.cursor[articleID] = len(f.hist[articleID])
	f.version++
	return nil
}

func (f *fakeStore) AddSpan(_ context.Context, s annotations.Span) (annotations.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, err := f.article(s.ArticleID)
	if err != nil {
		return s, err
	}
	if s.Start < 0 || s.End <= s.Start || s.End > len([]rune(f.articles[i].Text)) {
		return s, annotations.Errorf(annotations.EINVALID, "span [%d, %d) outside article %s", s.Start, s.End, s.ArticleID)
	}
	s.ID = f.id("s")
	err = f.edit(s.ArticleID, func() error { f.spans[s.ArticleID] = append(f.spans[s.ArticleID], s); return nil })
	return s, err
}

func (f *fakeStore) findSpan(id string) (string, int) {
	for a, spans := range f.spans {
		for i, s := range spans {
			if s.ID == id {
				return a, i
			}
		}
	}
	return "", -1
}

func (f *fakeStore) UpdateSpan(_ context.Context, s annotations.Span) (annotations.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, i := f.findSpan(s.ID)
	if i < 0 {
		return s, annotations.Errorf(annotations.ENOTFOUND, "no span %q", s.ID)
	}
	err := f.edit(a, func() error { f.spans[a][i] = s; return nil })
	return s, err
}

// RelabelSpan follows data.DB: the kind and attributes follow
// Span.Relabeled, the same label changes nothing.
func (f *fakeStore) RelabelSpan(_ context.Context, id, label string) (annotations.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, i := f.findSpan(id)
	if i < 0 {
		return annotations.Span{}, annotations.Errorf(annotations.ENOTFOUND, "no span %q", id)
	}
	var l *annotations.Label
	for k := range f.labels {
		if f.labels[k].Name == label {
			l = &f.labels[k]
		}
	}
	if l == nil {
		return annotations.Span{}, annotations.Errorf(annotations.EINVALID, "label %q is not in the scheme", label)
	}
	s := f.spans[a][i]
	if s.Label == label {
		return s, nil
	}
	s = s.Relabeled(*l)
	err := f.edit(a, func() error { f.spans[a][i] = s; return nil })
	return s, err
}

// SetClaimant follows data.DB: one claimant relation per claim, replaced
// in one undo step; an empty entityID removes it.
func (f *fakeStore) SetClaimant(_ context.Context, claimID, entityID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, i := f.findSpan(claimID)
	if i < 0 {
		return annotations.Errorf(annotations.ENOTFOUND, "no span %q", claimID)
	}
	if f.spans[a][i].Kind != annotations.KindClaim {
		return annotations.Errorf(annotations.EINVALID, "span %q is not a claim", claimID)
	}
	if entityID != "" {
		ea, j := f.findSpan(entityID)
		if j < 0 {
			return annotations.Errorf(annotations.ENOTFOUND, "no span %q", entityID)
		}
		if f.spans[ea][j].Kind != annotations.KindEntity {
			return annotations.Errorf(annotations.EINVALID, "span %q is not an entity", entityID)
		}
		if ea != a {
			return annotations.Errorf(annotations.EINVALID, "spans %q and %q are in different articles", claimID, entityID)
		}
	}
	var keep []annotations.Relation
	var old []string
	for _, r := range f.relations[a] {
		if r.Type == annotations.RelClaimant && r.From == claimID {
			old = append(old, r.To)
			continue
		}
		keep = append(keep, r)
	}
	if (len(old) == 0 && entityID == "") || (len(old) == 1 && old[0] == entityID) {
		return nil
	}
	if entityID != "" {
		keep = append(keep, annotations.Relation{ID: f.id("r"), ArticleID: a, Type: annotations.RelClaimant, From: claimID, To: entityID})
	}
	return f.edit(a, func() error { f.relations[a] = keep; return nil })
}

func (f *fakeStore) DeleteSpan(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, i := f.findSpan(id)
	if i < 0 {
		return annotations.Errorf(annotations.ENOTFOUND, "no span %q", id)
	}
	return f.edit(a, func() error {
		f.spans[a] = append(f.spans[a][:i:i], f.spans[a][i+1:]...)
		var keep []annotations.Relation
		for _, r := range f.relations[a] {
			if r.From != id && r.To != id {
				keep = append(keep, r)
			}
		}
		f.relations[a] = keep
		return nil
	})
}

func (f *fakeStore) AddRelation(_ context.Context, r annotations.Relation) (annotations.Relation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r.ID = f.id("r")
	err := f.edit(r.ArticleID, func() error { f.relations[r.ArticleID] = append(f.relations[r.ArticleID], r); return nil })
	return r, err
}

func (f *fakeStore) DeleteRelation(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for a, rs := range f.relations {
		for i, r := range rs {
			if r.ID == id {
				return f.edit(a, func() error { f.relations[a] = append(rs[:i:i], rs[i+1:]...); return nil })
			}
		}
	}
	return annotations.Errorf(annotations.ENOTFOUND, "no relation %q", id)
}

func (f *fakeStore) SetArticleMeta(_ context.Context, id string, st annotations.Status, note string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, err := f.article(id)
	if err != nil {
		return err
	}
	f.articles[i].Status, f.articles[i].Note = st, note
	f.version++
	return nil
}

func (f *fakeStore) Undo(_ context.Context, id string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.cursor[id]
	if c == 0 {
		return false, nil
	}
	s := f.hist[id][c-1].before
	f.spans[id], f.relations[id] = s.spans, s.relations
	f.cursor[id] = c - 1
	f.version++
	return true, nil
}

func (f *fakeStore) Redo(_ context.Context, id string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.cursor[id]
	if c >= len(f.hist[id]) {
		return false, nil
	}
	s := f.hist[id][c].after
	f.spans[id], f.relations[id] = s.spans, s.relations
	f.cursor[id] = c + 1
	f.version++
	return true, nil
}

func (f *fakeStore) Backup(context.Context, string) error { return nil }
func (f *fakeStore) Close() error                         { return nil }

// DataVersion makes the fake a dataVersioner.
func (f *fakeStore) DataVersion(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, nil
}
