package annotations

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The entity registry (issue 17): entries that name one person,
// organisation or place across every article, with their aliases and an
// optional knowledge-base id. An entity span is linked to an entry by its
// AttrEntityID attribute, a claim span is put in a claim cluster by its
// AttrClusterID: both are ordinary span attributes, so a link is written,
// undone, exported and imported like any other attribute edit.

// Span attributes that link a span across articles.
const (
	// AttrEntityID is the id of the registry Entry an entity span names.
	AttrEntityID = "entity_id"
	// AttrClusterID is the id of the claim Cluster a claim span belongs to.
	AttrClusterID = "cluster_id"
)

// Entry is one entity of the registry.
type Entry struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`              // the canonical name
	Aliases []string `json:"aliases,omitempty"` // other surface forms
	Label   string   `json:"label"`             // its type: a label of the scheme
	KBID    string   `json:"kb_id,omitempty"`   // a Wikidata QID such as Q47112, or ""
	Note    string   `json:"note,omitempty"`
}

// qidShape is the shape of a Wikidata item id.
var qidShape = regexp.MustCompile(`^Q[1-9][0-9]*$`)

// ValidQID reports whether s has the shape of a Wikidata item id (Q
// followed by a number without leading zeros: Q47112). Nothing is looked
// up: the shape is all that can be checked without a network.
func ValidQID(s string) bool { return qidShape.MatchString(s) }

// CheckQID returns nil for "" (no id) and for a well-shaped QID, and
// otherwise an EINVALID error saying what a QID looks like.
func CheckQID(s string) error {
	if s == "" || ValidQID(s) {
		return nil
	}
	return Errorf(EINVALID, "knowledge-base id %q is not a Wikidata QID (want Q followed by a number without leading zeros, e.g. Q47112)", s)
}

// Validate checks an entry: a canonical name and a label, valid
// UTF-8 everywhere, a well-shaped QID, and no alias that is empty or
// repeats the name or another alias once folded.
func (e *Entry) Validate() error {
	who := fmt.Sprintf("registry entry %q", e.ID)
	if e.ID == "" {
		who = "the new registry entry" // a store gives it an id once valid
	}
	if strings.TrimSpace(e.Name) == "" {
		return Errorf(EINVALID, "%s has no name", who)
	}
	if strings.TrimSpace(e.Label) == "" {
		return Errorf(EINVALID, "%s (%s) has no label (its type, e.g. PERS)", who, e.Name)
	}
	for _, s := range append([]string{e.ID, e.Name, e.Label, e.KBID, e.Note}, e.Aliases...) {
		if !utf8.ValidString(s) {
			return Errorf(EINVALID, "%s: a field is not valid UTF-8", who)
		}
	}
	if err := CheckQID(e.KBID); err != nil {
		return Errorf(EINVALID, "%s (%s): %s", who, e.Name, err.(*Error).Message)
	}
	seen := map[string]bool{FoldString(strings.TrimSpace(e.Name)): true}
	for _, a := range e.Aliases {
		f := FoldString(strings.TrimSpace(a))
		if f == "" {
			return Errorf(EINVALID, "%s (%s) has an empty alias", who, e.Name)
		}
		if seen[f] {
			return Errorf(EINVALID, "%s (%s): alias %q repeats its name or another alias", who, e.Name, a)
		}
		seen[f] = true
	}
	return nil
}

// Names returns the entry's canonical name followed by its aliases.
func (e *Entry) Names() []string { return append([]string{e.Name}, e.Aliases...) }

// WithAlias returns a copy of e with alias added, unless it already is the
// name or an alias once folded (then ok is false and e is returned as is).
func (e Entry) WithAlias(alias string) (Entry, bool) {
	alias = strings.TrimSpace(alias)
	f := FoldString(alias)
	if f == "" {
		return e, false
	}
	for _, n := range e.Names() {
		if FoldString(strings.TrimSpace(n)) == f {
			return e, false
		}
	}
	e.Aliases = append(slices.Clone(e.Aliases), alias)
	return e, true
}

// Candidate is a registry entry offered for a surface form by
// RegistryIndex.Candidates.
type Candidate struct {
	Entry   Entry
	Score   float64 // 1 exact, lower for partial matches
	Matched string  // the name or alias that matched
	How     string  // "name", "alias", "name words" or "alias words"
}

// RegistryIndex finds registry entries for a span's text. Build it once
// with NewRegistryIndex; Candidates then reads a few map entries, so a
// lookup stays instant at tens of thousands of entries (BenchmarkCandidates).
type RegistryIndex struct {
	entries []Entry
	whole   map[string][]int32 // folded name or alias, first word's clitics off → entries
	words   map[string][]int32 // each folded word of a name or alias → entries
	folded  [][][]string       // folded words of each entry's names
}

// NewRegistryIndex indexes entries by their folded names and aliases.
func NewRegistryIndex(entries []Entry) *RegistryIndex {
	ix := &RegistryIndex{entries: entries, whole: make(map[string][]int32, 2*len(entries)), words: make(map[string][]int32, 2*len(entries))}
	add := func(m map[string][]int32, k string, i int32) {
		l := m[k]
		if len(l) > 0 && l[len(l)-1] == i {
			return
		}
		m[k] = append(l, i)
	}
	ix.folded = make([][][]string, len(entries))
	for i := range entries {
		for _, n := range entries[i].Names() {
			ws := foldedWords(n)
			ix.folded[i] = append(ix.folded[i], ws)
			if len(ws) == 0 {
				continue
			}
			add(ix.whole, strings.Join(ws, " "), int32(i))
			for _, w := range ws {
				add(ix.words, w, int32(i))
			}
		}
	}
	return ix
}

// Len is the number of entries indexed.
func (ix *RegistryIndex) Len() int { return len(ix.entries) }

// foldedWords folds s and splits it into words (Words). A folded text of
// letters and digits below U+0800 (Latin, Arabic) and spaces, as most
// names are, is split at its spaces, which is what UAX #29 does there,
// without the segmenter's cost.
func foldedWords(s string) []string {
	f := FoldString(s)
	simple := true
	for _, r := range f {
		if r != ' ' && (r >= 0x0800 || !unicode.IsLetter(r) && !unicode.IsDigit(r)) {
			simple = false
			break
		}
	}
	if simple {
		return strings.Fields(f)
	}
	r := []rune(f)
	var out []string
	for _, w := range Words(f) {
		out = append(out, string(r[w.Start:w.End]))
	}
	return out
}

// Candidates returns the entries whose name or an alias matches surface,
// best first, at most limit of them (0: all). Matching is the find bar's
// (Matcher.Find): folded text (harakat, tatweel, alef and yeh forms), and
// the first word may carry a proclitic (و ف ب ك ل, لل for ال), so وأسانج
// finds أسانج. A whole name or alias scores 1 (0.95 through a clitic);
// when surface is one or more whole words of a longer name or alias
// (أسانج in جوليان أسانج), the score is the share of that name's words it
// covers, at most 0.9. Ties go by canonical name, then id.
func (ix *RegistryIndex) Candidates(surface string, limit int) []Candidate {
	ws := foldedWords(surface)
	if len(ws) == 0 {
		return nil
	}
	best := map[int32]float64{}
	offer := func(i int32, score float64) {
		if best[i] < score {
			best[i] = score
		}
	}
	rest := strings.Join(ws[1:], " ")
	for k, first := range WordCores(ws[0]) {
		key := first
		if rest != "" {
			key += " " + rest
		}
		score := 1.0
		if k > 0 {
			score = 0.95
		}
		for _, i := range ix.whole[key] {
			offer(i, score)
		}
	}
	// Partial: every word of surface is a word of the name.
	q := slices.Clone(ws)
	for _, first := range WordCores(ws[0]) {
		q[0] = first
		for _, i := range ix.words[first] {
			for _, nw := range ix.folded[i] {
				if len(nw) > len(q) && containsRun(nw, q) {
					offer(i, min(0.9, float64(len(ws))/float64(len(nw))+0.3))
				}
			}
		}
	}
	type scored struct {
		i     int32
		score float64
	}
	cmpScored := func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		ea, eb := &ix.entries[a.i], &ix.entries[b.i]
		if c := strings.Compare(ea.Name, eb.Name); c != 0 {
			return c
		}
		return strings.Compare(ea.ID, eb.ID)
	}
	var ids []scored
	if limit > 0 && len(best) > limit {
		// Keep the best limit in order: most candidates lose to the
		// worst kept with one comparison, so a common word shared by
		// thousands of entries is not sorted whole.
		ids = make([]scored, 0, limit+1)
		for i, sc := range best {
			c := scored{i, sc}
			if len(ids) == limit && cmpScored(c, ids[limit-1]) >= 0 {
				continue
			}
			at, _ := slices.BinarySearchFunc(ids, c, cmpScored)
			ids = slices.Insert(ids, at, c)
			if len(ids) > limit {
				ids = ids[:limit]
			}
		}
	} else {
		ids = make([]scored, 0, len(best))
		for i, sc := range best {
			ids = append(ids, scored{i, sc})
		}
		slices.SortFunc(ids, cmpScored)
	}
	out := make([]Candidate, len(ids))
	for k, c := range ids {
		m, how := ix.matched(c.i, ws, c.score >= 0.95)
		out[k] = Candidate{Entry: ix.entries[c.i], Score: c.score, Matched: m, How: how}
	}
	return out
}

// matched names which of e's names surface words ws matched, and how.
func (ix *RegistryIndex) matched(ei int32, ws []string, whole bool) (string, string) {
	e := &ix.entries[ei]
	names := e.Names()
	for i, nw := range ix.folded[ei] {
		n := names[i]
		ok := false
		for _, first := range WordCores(ws[0]) {
			q := append([]string{first}, ws[1:]...)
			if whole && slices.Equal(nw, q) || !whole && len(nw) > len(q) && containsRun(nw, q) {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		how := "name"
		if i > 0 {
			how = "alias"
		}
		if !whole {
			how += " words"
		}
		return n, how
	}
	return e.Name, "name"
}

// containsRun reports whether q appears as consecutive words of w.
func containsRun(w, q []string) bool {
	for i := 0; i+len(q) <= len(w); i++ {
		if slices.Equal(w[i:i+len(q)], q) {
			return true
		}
	}
	return false
}

// Registry is what the native JSONL carries beside the articles: the
// registry's entries, the claim clusters and the relation types, each
// sorted by id (types in scheme order).
type Registry struct {
	Entries       []Entry
	Clusters      []Cluster
	RelationTypes []RelationType
}

// Empty reports whether r holds nothing.
func (r *Registry) Empty() bool {
	return r == nil || len(r.Entries) == 0 && len(r.Clusters) == 0 && len(r.RelationTypes) == 0
}

// Entry returns the entry with id, if r holds it.
func (r *Registry) Entry(id string) (Entry, bool) {
	if r == nil {
		return Entry{}, false
	}
	for _, e := range r.Entries {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Cluster returns the cluster with id, if r holds it.
func (r *Registry) Cluster(id string) (Cluster, bool) {
	if r == nil {
		return Cluster{}, false
	}
	for _, c := range r.Clusters {
		if c.ID == id {
			return c, true
		}
	}
	return Cluster{}, false
}

// Validate checks every entry, cluster and relation type, and that ids are
// unique and a cluster's claimant names an entry of r.
func (r *Registry) Validate() error {
	if r == nil {
		return nil
	}
	ids := map[string]bool{}
	for i := range r.Entries {
		if strings.TrimSpace(r.Entries[i].ID) == "" {
			return Errorf(EINVALID, "registry entry %q has no id", r.Entries[i].Name)
		}
		if err := r.Entries[i].Validate(); err != nil {
			return err
		}
		if ids[r.Entries[i].ID] {
			return Errorf(EINVALID, "registry entry id %q is used twice", r.Entries[i].ID)
		}
		ids[r.Entries[i].ID] = true
	}
	cids := map[string]bool{}
	for i := range r.Clusters {
		c := &r.Clusters[i]
		if err := c.Validate(); err != nil {
			return err
		}
		if cids[c.ID] {
			return Errorf(EINVALID, "claim cluster id %q is used twice", c.ID)
		}
		cids[c.ID] = true
		if c.ClaimantID != "" && !ids[c.ClaimantID] {
			return Errorf(EINVALID, "claim cluster %q: its claimant %q is not a registry entry of the file", c.ID, c.ClaimantID)
		}
	}
	names := map[string]bool{}
	for i := range r.RelationTypes {
		if err := r.RelationTypes[i].Validate(); err != nil {
			return err
		}
		if names[r.RelationTypes[i].Name] {
			return Errorf(EINVALID, "relation type %q is given twice", r.RelationTypes[i].Name)
		}
		names[r.RelationTypes[i].Name] = true
	}
	return nil
}

// Mention is a span linked to a registry entry (or a member of a claim
// cluster), with its article's title and source and its text: a row of
// the registry and cluster views.
type Mention struct {
	Span         Span
	ArticleTitle string
	Source       string // the article's source URL
	Text         string // the span's text
}

// EntryStat is a registry view row: an entry with how many spans link to
// it and in how many articles.
type EntryStat struct {
	Entry    Entry
	Mentions int
	Articles int
}

// ClusterStat is a cluster view row: a cluster with its member count, the
// articles they are in, and the member verdicts that conflict with its own
// (Cluster.Conflicts).
type ClusterStat struct {
	Cluster   Cluster
	Members   int
	Articles  int
	Conflicts []string
}

// RegistryViewStore is what the registry and cluster views read (the
// SQLite store has it).
type RegistryViewStore interface {
	EntryStats(ctx context.Context) ([]EntryStat, error)
	EntryMentions(ctx context.Context, id string) ([]Mention, error)
	ClusterStats(ctx context.Context) ([]ClusterStat, error)
	ClusterMembers(ctx context.Context, id string) ([]Mention, error)
	RenameEntry(ctx context.Context, id, name string) (Entry, error)
	// MergeEntries merges entry gone into keep (its name and aliases
	// become keep's aliases, its mentions link to keep) and returns keep
	// and the number of spans relinked.
	MergeEntries(ctx context.Context, keep, gone string) (Entry, int, error)
	// SaveCluster replaces the stored cluster of c's id with c.
	SaveCluster(ctx context.Context, c Cluster) error
}

// RegistryExchange is how imports and exports reach a store's registry:
// the whole of it for an export, and a file's records (with the relation
// types its articles use) for an import. The SQLite store has it.
type RegistryExchange interface {
	Registry(ctx context.Context) (*Registry, error)
	ImportRegistry(ctx context.Context, r *Registry, types []string) error
}

// RelationTypesUsed lists the relation types docs' relations use, in the
// order first met.
func RelationTypesUsed(docs []Document) []string {
	seen := map[string]bool{}
	var out []string
	for i := range docs {
		for _, r := range docs[i].Relations {
			if !seen[r.Type] {
				seen[r.Type] = true
				out = append(out, r.Type)
			}
		}
	}
	return out
}

// ForExport returns the registry an export of format writes: r itself,
// except that a native JSONL export of a registry with no entry and no
// cluster carries no records at all (its files read as before issue 17).
func (r *Registry) ForExport(format string) *Registry {
	if r == nil || format != "jsonl" || len(r.Entries) > 0 || len(r.Clusters) > 0 {
		return r
	}
	return nil
}

// LinkSuggestion is an unlinked entity span whose text matches a name or
// alias of an entry (RegistryIndex.Candidates): a mention to link next.
type LinkSuggestion struct {
	Mention
	Candidate Candidate
}

// LinkSuggester finds an entry's unlinked mentions in every article (the
// SQLite store has it).
type LinkSuggester interface {
	LinkSuggestions(ctx context.Context, id string) ([]LinkSuggestion, error)
}
