// Package brat reads and writes brat's standoff format: a directory holding,
// per article, NAME.txt (the text exactly) and NAME.ann (the annotations),
// plus annotation.conf, visual.conf and kb_shortcuts.conf describing the
// labels, and hamesh-articles.tsv with each article's id, status, title and
// source. Offsets are code points, end exclusive, as brat counts them.
//
//	T1	PERS 121 133	جوليان أسانج
//	T2	CLAIM 38 40;41 75	he contacted Donald Trump Jr. in 2016
//	R1	claimant Arg1:T2 Arg2:T1
//	A1	verdict T2 unverifiable
//	#1	AnnotatorNotes T2	normalized_claim: Assange contacted Trump Jr. | claim_date: 2016 | a note
//
// A T line's text must not hold a line break, so a span that crosses one is
// written as brat's discontinuous fragments ("start end;start end"), split at
// the line breaks, with the fragments' texts joined by a space as brat does;
// the importer joins fragments separated only by whitespace back into one
// span. Closed claim attributes (check_worthy, verdict, stance) are brat
// attributes. Everything else said about a span (free-text attributes such
// as normalized_claim and claim_date as "key: value", then the lines of its
// note) is one AnnotatorNotes line, its parts joined by " | ": brat's span
// dialog shows one note per annotation and writes it back over the first,
// so a span with one note line keeps all of it when the dialog is closed
// with OK.
package brat

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
	"github.com/hamesh-app/hamesh/annotations/formats/labelstudio"
)

// Limits is the README section on what brat standoff cannot hold.
const Limits = `brat standoff holds the text, spans with labels and code-point ranges,
relations, and closed claim attributes (check_worthy, verdict, stance) as
brat attributes. Free-text attributes (normalized_claim, claim_date) and the
note are one AnnotatorNotes line per span, parts joined by " | ": a note's
blank lines are lost, a " | " typed in a note or a value splits it, and an
attribute other than the claim attributes comes back as part of the note.
Labels, relation types and attribute names cannot hold whitespace in brat;
it becomes "_". A span crossing a line break becomes discontinuous
fragments, joined again on import. brat has no place for an article's id,
title, source or status: they go in hamesh-articles.tsv beside the
documents, which brat leaves alone and the importer reads back (a single
.ann imported on its own has none). Span kinds, annotators and timestamps
are not exported.`

// Writer writes documents into a brat collection directory.
type Writer struct {
	dir      string
	scheme   []annotations.Label
	names    map[string]bool
	n        int
	seen     seen
	rtl, ltr int             // articles of each direction
	meta     strings.Builder // hamesh-articles.tsv
	// Entries are the registry entries linked spans name (entity_id): a
	// span whose entry has a QID gets a normalization (N) line.
	Entries map[string]annotations.Entry
}

type seen struct {
	labels    map[string]annotations.Kind
	relations map[string][2]map[string]bool // type -> from labels, to labels
	attrs     map[string]map[string]bool    // attribute -> values
	attrOn    map[string]map[string]bool    // attribute -> labels carrying it
}

// NewWriter returns a writer into dir, creating it if needed.
func NewWriter(dir string, scheme []annotations.Label) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
	}
	return &Writer{dir: dir, scheme: scheme, names: map[string]bool{}, seen: newSeen()}, nil
}

func newSeen() seen {
	return seen{labels: map[string]annotations.Kind{}, relations: map[string][2]map[string]bool{},
		attrs: map[string]map[string]bool{}, attrOn: map[string]map[string]bool{}}
}

// Encode writes doc as NAME.txt and NAME.ann, NAME from Name, made unique
// within the collection by a numeric suffix.
func (w *Writer) Encode(doc *annotations.Document) error {
	w.n++
	base := Name(doc.Article.ID, w.n)
	name := base
	for i := 2; w.names[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	w.names[name] = true
	var ann strings.Builder
	if err := writeAnnKB(&ann, doc, &w.seen, w.Entries); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.dir, name+".txt"), []byte(doc.Article.Text), 0o644); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, name+".ann"), []byte(ann.String()), 0o644); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
	}
	if articleDirection(doc.Article) == annotations.RTL {
		w.rtl++
	} else {
		w.ltr++
	}
	writeMeta(&w.meta, name, doc.Article)
	return nil
}

// articleDirection is the article's direction, detected from its text when
// it has none.
func articleDirection(a annotations.Article) annotations.Direction {
	if a.Direction.Valid() {
		return a.Direction
	}
	return annotations.DetectDirection(a.Text)
}

// Close writes annotation.conf, visual.conf (right to left when every
// article is), kb_shortcuts.conf and hamesh-articles.tsv for the scheme and
// what was encoded.
func (w *Writer) Close() error {
	var conf, visual, keys strings.Builder
	writeConf(&conf, w.scheme, &w.seen)
	writeVisual(&visual, w.scheme, &w.seen, w.rtl > 0 && w.ltr == 0)
	writeShortcuts(&keys, w.scheme, &w.seen)
	for _, f := range []struct{ name, body string }{
		{"annotation.conf", conf.String()}, {"visual.conf", visual.String()},
		{"kb_shortcuts.conf", keys.String()}, {MetaFile, metaHeader + w.meta.String()},
	} {
		if err := os.WriteFile(filepath.Join(w.dir, f.name), []byte(f.body), 0o644); err != nil {
			return annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
		}
	}
	return nil
}

// Export writes docs and the configuration files into dir.
func Export(dir string, docs []annotations.Document, scheme []annotations.Label) error {
	return ExportRegistry(dir, docs, scheme, nil)
}

// NormDB is the normalization database name of Wikidata QIDs in the N
// lines and tools.conf.
const NormDB = "Wikidata"

// ExportRegistry is Export that also writes, for each span linked to a
// registry entry with a QID, a normalization line
// "N1<TAB>Reference T1 Wikidata:Q47112<TAB>NAME" (NAME the entry's
// canonical name), and a tools.conf declaring the Wikidata database, as
// brat's normalization expects.
func ExportRegistry(dir string, docs []annotations.Document, scheme []annotations.Label, entries []annotations.Entry) error {
	w, err := NewWriter(dir, scheme)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		w.Entries = map[string]annotations.Entry{}
		kb := false
		for _, e := range entries {
			w.Entries[e.ID] = e
			kb = kb || e.KBID != ""
		}
		if kb {
			conf := "# brat tools configuration written by Hamesh: the knowledge base the\n# normalization (N) lines refer to.\n\n[normalization]\n" +
				NormDB + "\tDB:none, <URL>:https://www.wikidata.org/, <URLBASE>:https://www.wikidata.org/wiki/%s\n"
			if err := os.WriteFile(filepath.Join(dir, "tools.conf"), []byte(conf), 0o644); err != nil {
				return annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
			}
		}
	}
	for i := range docs {
		if err := w.Encode(&docs[i]); err != nil {
			return err
		}
	}
	return w.Close()
}

// Name returns the file name (without extension) for an article: its id
// with every character other than an ASCII letter, digit, '-', '_' or '.'
// turned into '-', at most 100 characters, or "article-N" (N the article's
// position, from 1) when that leaves nothing usable.
func Name(articleID string, n int) string {
	var b strings.Builder
	for _, r := range articleID {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.'):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-.")
	if len(s) > 100 {
		s = strings.Trim(s[:100], "-.")
	}
	if strings.Trim(s, "-_.") == "" {
		return fmt.Sprintf("article-%d", n)
	}
	return s
}

// WriteDocument writes doc's .ann content to ann (the .txt content is the
// article text, unchanged).
func WriteDocument(ann io.Writer, doc *annotations.Document) error {
	var b strings.Builder
	s := newSeen()
	if err := writeAnn(&b, doc, &s); err != nil {
		return err
	}
	if _, err := io.WriteString(ann, b.String()); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
	}
	return nil
}

// typeName makes s usable as a brat type, relation or attribute name.
func typeName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == ':' || r == ',' || r == '|' || r == ';' {
			return '_'
		}
		return r
	}, s)
}

// fragments splits [start, end) at line breaks into brat fragments,
// leaving the line breaks out.
func fragments(runes []rune, start, end int) [][2]int {
	var out [][2]int
	s := start
	for i := start; i <= end; i++ {
		if i == end || runes[i] == '\n' || runes[i] == '\r' {
			if i > s {
				out = append(out, [2]int{s, i})
			}
			s = i + 1
		}
	}
	return out
}

func writeAnn(w io.Writer, doc *annotations.Document, seen *seen) error {
	return writeAnnKB(w, doc, seen, nil)
}

func writeAnnKB(w io.Writer, doc *annotations.Document, seen *seen, entries map[string]annotations.Entry) error {
	a := doc.Article
	if strings.Contains(a.Text, "\r\n") {
		// brat reads texts with universal newlines: CRLF would count as
		// one character and shift every later offset.
		return annotations.Errorf(annotations.EINVALID, "brat export: article %q: the text has CRLF line endings, which brat counts as one character; import it again to normalise them", a.ID)
	}
	runes := []rune(a.Text)
	bw := bufio.NewWriter(w)
	ids := map[string]string{}
	labels := map[string]string{}
	nA, nNote, nN := 0, 0, 0
	var attrLines, noteLines, normLines []string
	for i, s := range interchange.SortSpans(doc.Spans) {
		if !interchange.CheckRange(s.Start, s.End, len(runes)) {
			return annotations.Errorf(annotations.EINVALID, "brat export: article %q: span %q [%d,%d) is outside its text of %d code points", a.ID, s.ID, s.Start, s.End, len(runes))
		}
		frags := fragments(runes, s.Start, s.End)
		if len(frags) == 0 {
			return annotations.Errorf(annotations.EINVALID, "brat export: article %q: span %q [%d,%d) holds only line breaks", a.ID, s.ID, s.Start, s.End)
		}
		tid := fmt.Sprintf("T%d", i+1)
		ids[s.ID] = tid
		label := typeName(s.Label)
		labels[s.ID] = label
		seen.labels[label] = s.Kind
		var offs, texts []string
		for _, f := range frags {
			offs = append(offs, fmt.Sprintf("%d %d", f[0], f[1]))
			texts = append(texts, string(runes[f[0]:f[1]]))
		}
		fmt.Fprintf(bw, "%s\t%s %s\t%s\n", tid, label, strings.Join(offs, ";"), strings.Join(texts, " "))
		if e, ok := entries[s.Attributes[annotations.AttrEntityID]]; ok && e.KBID != "" {
			nN++
			normLines = append(normLines, fmt.Sprintf("N%d\tReference %s %s:%s\t%s\n", nN, tid, NormDB, e.KBID, strings.Join(noteLinesOf(e.Name), " ")))
		}
		var parts []string // of the span's one AnnotatorNotes line
		for _, k := range interchange.SortedAttributeKeys(s.Attributes) {
			v := s.Attributes[k]
			if _, closed := annotations.ClaimAttributes[k]; closed && v != "" && !strings.ContainsFunc(v, unicode.IsSpace) {
				name := typeName(k)
				nA++
				attrLines = append(attrLines, fmt.Sprintf("A%d\t%s %s %s\n", nA, name, tid, v))
				if seen.attrs[name] == nil {
					seen.attrs[name], seen.attrOn[name] = map[string]bool{}, map[string]bool{}
				}
				seen.attrs[name][v] = true
				seen.attrOn[name][label] = true
				continue
			}
			parts = append(parts, noteLinesOf(k+": "+v)...)
		}
		parts = append(parts, noteLinesOf(s.Note)...)
		if len(parts) > 0 {
			nNote++
			noteLines = append(noteLines, fmt.Sprintf("#%d\tAnnotatorNotes %s\t%s\n", nNote, tid, strings.Join(parts, NoteSeparator)))
		}
	}
	for i, r := range doc.Relations {
		from, ok1 := ids[r.From]
		to, ok2 := ids[r.To]
		if !ok1 || !ok2 {
			return annotations.Errorf(annotations.EINVALID, "brat export: article %q: relation %q links spans %q and %q, not both in the article", a.ID, r.ID, r.From, r.To)
		}
		typ := typeName(r.Type)
		fmt.Fprintf(bw, "R%d\t%s Arg1:%s Arg2:%s\n", i+1, typ, from, to)
		ends, ok := seen.relations[typ]
		if !ok {
			ends = [2]map[string]bool{{}, {}}
			seen.relations[typ] = ends
		}
		ends[0][labels[r.From]] = true
		ends[1][labels[r.To]] = true
	}
	for _, l := range attrLines {
		bw.WriteString(l)
	}
	for _, l := range normLines {
		bw.WriteString(l)
	}
	for _, l := range noteLines {
		bw.WriteString(l)
	}
	if err := bw.Flush(); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "brat export: %v", err)
	}
	return nil
}

// NoteSeparator joins the parts of a span's one AnnotatorNotes line: its
// free-text attributes ("key: value") and the lines of its note.
const NoteSeparator = " | "

// noteLinesOf splits a note into non-blank lines (an AnnotatorNotes text
// cannot hold a line break).
func noteLinesOf(note string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(note, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func writeConf(b *strings.Builder, scheme []annotations.Label, s *seen) {
	b.WriteString("# brat annotation configuration written by Hamesh: the label scheme and\n# the relations and attributes the exported articles use.\n\n[entities]\n")
	var entityLabels, claimLabels []string
	listed := map[string]bool{}
	add := func(name string, kind annotations.Kind) {
		name = typeName(name)
		if listed[name] {
			return
		}
		listed[name] = true
		b.WriteString(name + "\n")
		if kind == annotations.KindClaim {
			claimLabels = append(claimLabels, name)
		} else {
			entityLabels = append(entityLabels, name)
		}
	}
	for _, l := range scheme {
		add(l.Name, l.Kind)
	}
	for _, name := range slices.Sorted(maps.Keys(s.labels)) {
		add(name, s.labels[name])
	}
	b.WriteString("\n[relations]\n")
	rels := map[string][2]map[string]bool{}
	for k, v := range s.relations {
		rels[k] = v
	}
	if _, ok := rels[annotations.RelClaimant]; !ok {
		rels[annotations.RelClaimant] = [2]map[string]bool{{}, {}}
	}
	for _, typ := range slices.Sorted(maps.Keys(rels)) {
		from, to := rels[typ][0], rels[typ][1]
		if typ == annotations.RelClaimant {
			for _, l := range claimLabels {
				from[l] = true
			}
			for _, l := range entityLabels {
				to[l] = true
			}
		}
		fmt.Fprintf(b, "%s\tArg1:%s, Arg2:%s\n", typ, orAny(from), orAny(to))
	}
	b.WriteString("# spans may nest and overlap\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
	b.WriteString("\n[events]\n\n[attributes]\n")
	for _, k := range []string{annotations.AttrCheckWorthy, annotations.AttrVerdict, annotations.AttrStance} {
		vals := append([]string(nil), annotations.ClaimAttributes[k]...)
		have := map[string]bool{}
		for _, v := range vals {
			have[v] = true
		}
		for _, v := range slices.Sorted(maps.Keys(s.attrs[k])) {
			if !have[v] {
				vals = append(vals, v)
			}
		}
		on := map[string]bool{}
		for _, l := range claimLabels {
			on[l] = true
		}
		for l := range s.attrOn[k] {
			on[l] = true
		}
		fmt.Fprintf(b, "%s\tArg:%s, Value:%s\n", k, orAny(on), strings.Join(vals, "|"))
	}
}

func orAny(set map[string]bool) string {
	if len(set) == 0 {
		return "<ANY>"
	}
	return strings.Join(slices.Sorted(maps.Keys(set)), "|")
}

func writeVisual(b *strings.Builder, scheme []annotations.Label, s *seen, rtl bool) {
	b.WriteString("# brat visual configuration written by Hamesh: the label colours.\n\n[labels]\n\n[drawing]\n")
	done := map[string]bool{}
	for _, l := range scheme {
		name := typeName(l.Name)
		if l.Color != "" && !done[name] {
			done[name] = true
			fmt.Fprintf(b, "%s\tbgColor:%s\n", name, l.Color)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.labels)) {
		if !done[name] {
			fmt.Fprintf(b, "%s\tbgColor:%s\n", name, annotations.NewLabelColor(name))
		}
	}
	b.WriteString("\n[options]\n")
	if rtl {
		b.WriteString("# every article of the collection is right to left\nText direction:rtl\n")
		return
	}
	b.WriteString("# brat sets one direction per collection (folder). These articles are not\n" +
		"# all right to left: put the right-to-left ones in a folder of their own\n" +
		"# with a copy of this file saying \"Text direction:rtl\".\nText direction:ltr\n")
}

// writeShortcuts writes kb_shortcuts.conf: a key for every label, the same
// as the Label Studio config's (labelstudio.Hotkeys), upper-cased as brat
// reads keys (String.fromCharCode of the key code: letters and digits).
func writeShortcuts(b *strings.Builder, scheme []annotations.Label, s *seen) {
	b.WriteString("# brat keyboard shortcuts written by Hamesh: select a span, then press the\n# key to give it the label.\n")
	labels := append([]annotations.Label(nil), scheme...)
	have := map[string]bool{}
	for _, l := range scheme {
		have[typeName(l.Name)] = true
	}
	for _, name := range slices.Sorted(maps.Keys(s.labels)) {
		if !have[name] {
			labels = append(labels, annotations.Label{Name: name})
		}
	}
	used := map[string]bool{}
	for i, k := range labelstudio.Hotkeys(labels) {
		key := strings.ToUpper(k)
		if len(key) != 1 || !(key[0] >= 'A' && key[0] <= 'Z' || key[0] >= '0' && key[0] <= '9') || used[key] {
			continue // brat binds single letters and digits
		}
		used[key] = true
		fmt.Fprintf(b, "%s\t%s\n", key, typeName(labels[i].Name))
	}
}
