// Package interchange holds what the interchange formats (doccano, Label
// Studio, Prodigy, brat, CoNLL, the dataset directory) share: the result of
// an import, building articles for imported texts, normalising imported text
// while keeping span offsets right, deriving span ids, inferring the kind of
// labels the scheme does not know, and checking span ranges.
//
// Every offset here is a Unicode code point, as in package annotations.
package interchange

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// Result is what an import produced: the documents, the labels they use that
// the scheme passed in does not hold yet (with a kind inferred from how they
// are used and a colour from annotations.NewLabelColor), and warnings about
// data that was skipped or reinterpreted.
type Result struct {
	Documents []annotations.Document
	NewLabels []annotations.Label
	Warnings  []string
	// WarningNotes are Warnings as notes (the same sentences, in the same
	// order), for the GUI to translate.
	WarningNotes []annotations.Note
}

// Finish fills r.NewLabels from r.Documents against scheme.
func (r *Result) Finish(scheme []annotations.Label) {
	r.NewLabels = NewLabels(scheme, r.Documents)
}

// Warnf appends a formatted warning.
func (r *Result) Warnf(format string, args ...any) {
	n := annotations.Notef(format, args...)
	r.Warnings = append(r.Warnings, n.String())
	r.WarningNotes = append(r.WarningNotes, n)
}

// NewArticle returns an article for an imported text: status todo (SetKinds
// moves it to in_progress when it carries spans), language and direction
// from annotations.DetectLanguage (the direction is the first strong
// character's, as for every importer), and the title given or, when empty,
// the text's first line (see TitleFrom).
func NewArticle(text, title, source string) annotations.Article {
	lang, dir := annotations.DetectLanguage(text)
	if strings.TrimSpace(title) == "" {
		title = TitleFrom(text)
	}
	return annotations.Article{
		Title:     title,
		Text:      text,
		Lang:      lang,
		Direction: dir,
		Source:    source,
		Status:    annotations.StatusTodo,
	}
}

// TitleFrom returns the first non-blank line of text, cut to 80 code points.
func TitleFrom(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > 80 {
			return strings.TrimSpace(string(r[:80])) + "…"
		}
		return line
	}
	return ""
}

// NormalizeText applies the import-time text rules of the design (a leading
// BOM is dropped, CRLF and lone CR become LF) and returns the new text with a
// function mapping a code-point offset in the old text to the new one, so
// spans given against the old text can be moved. Offsets inside a CRLF pair
// map to the LF. The mapping accepts 0..len(old) inclusive.
func NormalizeText(text string) (string, func(int) int) {
	if !strings.HasPrefix(text, "\ufeff") && !strings.Contains(text, "\r") {
		return text, func(i int) int { return i }
	}
	runes := []rune(text)
	shift := make([]int32, len(runes)+1) // new offset of old offset i
	var b strings.Builder
	b.Grow(len(text))
	n := 0
	for i := 0; i < len(runes); i++ {
		shift[i] = int32(n)
		r := runes[i]
		switch {
		case i == 0 && r == '\ufeff':
			continue
		case r == '\r' && i+1 < len(runes) && runes[i+1] == '\n':
			continue // the LF that follows is kept
		case r == '\r':
			r = '\n'
		}
		b.WriteRune(r)
		n++
	}
	shift[len(runes)] = int32(n)
	return b.String(), func(i int) int {
		if i < 0 {
			return i
		}
		if i > len(runes) {
			return i - len(runes) + n
		}
		return int(shift[i])
	}
}

// SpanID derives a stable span id for an imported span from the article
// text's hash and the span's id in the source file ("T3", "7", a Label Studio
// region id). The same file imported twice gives the same ids; ids of spans
// from different texts do not collide.
func SpanID(textHash, local string) string {
	sum := sha256.Sum256([]byte(textHash + "\x00" + local))
	return "imp-" + hex.EncodeToString(sum[:12])
}

// RelationID derives a stable relation id like SpanID.
func RelationID(textHash, local string) string {
	sum := sha256.Sum256([]byte(textHash + "\x00rel\x00" + local))
	return "imp-" + hex.EncodeToString(sum[:12])
}

// CheckRange reports whether [start, end) is a non-empty range inside a text
// of n code points.
func CheckRange(start, end, n int) bool {
	return start >= 0 && start < end && end <= n
}

// KindOf returns the kind of label name in scheme, and false when the scheme
// does not hold it.
func KindOf(scheme []annotations.Label, name string) (annotations.Kind, bool) {
	for _, l := range scheme {
		if l.Name == name {
			return l.Kind, true
		}
	}
	return "", false
}

// GuessKind returns the kind of a span labelled name: the scheme's kind when
// it holds the label, otherwise claim when the span carries claim attributes,
// is the source of a claimant relation, or the label's name starts with
// "CLAIM" (any case), and entity otherwise.
func GuessKind(scheme []annotations.Label, name string, attrs map[string]string, isClaimant bool) annotations.Kind {
	if k, ok := KindOf(scheme, name); ok {
		return k
	}
	if isClaimant || strings.HasPrefix(strings.ToUpper(name), "CLAIM") {
		return annotations.KindClaim
	}
	for k := range attrs {
		if _, ok := annotations.ClaimAttributes[k]; ok || k == annotations.AttrNormalizedClaim {
			return annotations.KindClaim
		}
	}
	return annotations.KindEntity
}

// SetKinds sets the Kind of every span of doc with GuessKind, and sets the
// article's status to in_progress when it has spans and is still todo.
func SetKinds(scheme []annotations.Label, doc *annotations.Document) {
	claimants := map[string]bool{}
	for _, r := range doc.Relations {
		if r.Type == annotations.RelClaimant {
			claimants[r.From] = true
		}
	}
	for i := range doc.Spans {
		s := &doc.Spans[i]
		s.Kind = GuessKind(scheme, s.Label, s.Attributes, claimants[s.ID])
	}
	if len(doc.Spans) > 0 && doc.Article.Status == annotations.StatusTodo {
		doc.Article.Status = annotations.StatusInProgress
	}
}

// NewLabels returns the labels used by docs' spans that scheme does not hold,
// in order of first use, each with the kind of its first span and a colour
// from annotations.NewLabelColor.
func NewLabels(scheme []annotations.Label, docs []annotations.Document) []annotations.Label {
	seen := map[string]bool{}
	for _, l := range scheme {
		seen[l.Name] = true
	}
	var out []annotations.Label
	for _, d := range docs {
		for _, s := range d.Spans {
			if seen[s.Label] {
				continue
			}
			seen[s.Label] = true
			out = append(out, annotations.Label{Name: s.Label, Kind: s.Kind, Color: annotations.NewLabelColor(s.Label)})
		}
	}
	return out
}

// SortSpans orders spans by start, then longer first (so an outer span comes
// before the spans nested in it), then id: the order every exporter uses.
func SortSpans(spans []annotations.Span) []annotations.Span {
	out := append([]annotations.Span(nil), spans...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.ID < b.ID
	})
	return out
}

// SortedAttributeKeys returns attrs' keys in a stable order: the claim
// attributes of the design first (check_worthy, verdict, stance,
// normalized_claim, claim_date), then the rest alphabetically.
func SortedAttributeKeys(attrs map[string]string) []string {
	order := map[string]int{
		annotations.AttrCheckWorthy: 0, annotations.AttrVerdict: 1, annotations.AttrStance: 2,
		annotations.AttrNormalizedClaim: 3, annotations.AttrClaimDate: 4,
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	return keys
}

// Validate checks an imported document with annotations.ValidateDocument
// (the rules the store applies: kinds, labels, ranges inside the text, edges
// outside grapheme clusters, closed claim attribute values, relation ends)
// and prefixes the failure with where (file and line). A NUL character in
// the text (a "\u0000" escape) is refused too, as the text importer refuses
// a NUL byte.
func Validate(doc *annotations.Document, where string) error {
	if i := strings.IndexByte(doc.Article.Text, 0); i >= 0 {
		return annotations.Errorf(annotations.EINVALID, "%s: the text holds a NUL character (\\u0000) at code point %d: a binary file or a broken export",
			where, utf8.RuneCountInString(doc.Article.Text[:i]))
	}
	if err := annotations.ValidateDocument(doc); err != nil {
		return annotations.Errorf(annotations.EINVALID, "%s: %v", where, err)
	}
	return nil
}
