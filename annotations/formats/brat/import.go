package brat

import (
	"errors"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// Import reads the brat collection in dir (see ImportFS).
func Import(dir string, scheme []annotations.Label) (interchange.Result, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return interchange.Result{}, annotations.Errorf(annotations.EINVALID, "brat import: %v", err)
	}
	if !st.IsDir() {
		return interchange.Result{}, annotations.Errorf(annotations.EINVALID, "brat import: %s is not a directory", dir)
	}
	return ImportFS(os.DirFS(dir), scheme)
}

// ImportFS reads every NAME.txt of fsys (in all folders, in path order) with
// its NAME.ann, when there is one, as a document. The .txt is read as brat
// reads it (CRLF and CR become LF before offsets count; a BOM is dropped).
// The .ann lines are T (spans; fragments separated only by whitespace are
// joined, others become the span covering them, with a warning), R
// (relations), A and M (attributes; a binary attribute becomes "true") and
// #...AnnotatorNotes (notes, each split at NoteSeparator;
// "normalized_claim: ..." and the other claim attributes written as "key:
// value" become attributes). E, N and * lines are skipped with a warning. A
// broken line is refused with its file and line. MetaFile, when the
// collection has one, gives each article its id, status, title and source.
// The configuration files are not needed.
func ImportFS(fsys fs.FS, scheme []annotations.Label) (interchange.Result, error) {
	var res interchange.Result
	var txts []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".txt") {
			txts = append(txts, p)
		}
		return nil
	})
	if err != nil {
		return res, annotations.Errorf(annotations.EINVALID, "brat import: %v", err)
	}
	sort.Strings(txts)
	if len(txts) == 0 {
		return res, annotations.Errorf(annotations.EINVALID, "brat import: no .txt files in the collection")
	}
	metas, err := readMeta(fsys)
	if err != nil {
		return res, err
	}
	for _, p := range txts {
		txt, err := fs.ReadFile(fsys, p)
		if err != nil {
			return interchange.Result{}, annotations.Errorf(annotations.EINVALID, "brat import: %v", err)
		}
		annPath := strings.TrimSuffix(p, ".txt") + ".ann"
		ann, err := fs.ReadFile(fsys, annPath)
		if errors.Is(err, fs.ErrNotExist) {
			ann, err = nil, nil
		}
		if err != nil {
			return interchange.Result{}, annotations.Errorf(annotations.EINVALID, "brat import: %v", err)
		}
		doc, err := DecodeDocument(p, txt, annPath, ann, &res)
		if err != nil {
			return interchange.Result{}, err
		}
		applyMeta(metas, strings.TrimSuffix(p, ".txt"), &doc.Article, &res)
		interchange.SetKinds(scheme, &doc)
		if err := interchange.Validate(&doc, annPath); err != nil {
			return interchange.Result{}, err
		}
		res.Documents = append(res.Documents, doc)
	}
	unusedMeta(metas, &res)
	res.Finish(scheme)
	return res, nil
}

// claimKeys are the attribute keys read back from "key: value" notes.
var claimKeys = map[string]bool{
	annotations.AttrCheckWorthy: true, annotations.AttrVerdict: true, annotations.AttrStance: true,
	annotations.AttrNormalizedClaim: true, annotations.AttrClaimDate: true,
	// The registry links (issue 17) travel the same way.
	annotations.AttrEntityID: true, annotations.AttrClusterID: true,
}

// DecodeDocument decodes one brat document from the contents of its .txt and
// .ann files; the names are used as the article's source and in messages.
// Warnings go to res (which may be nil). Span kinds are left empty.
func DecodeDocument(txtName string, txt []byte, annName string, ann []byte, res *interchange.Result) (annotations.Document, error) {
	if res == nil {
		res = &interchange.Result{}
	}
	d, err := newDecoder(txtName, txt, annName, ann, res)
	if err != nil {
		return annotations.Document{}, err
	}
	for i, line := range strings.Split(strings.TrimPrefix(string(ann), "\ufeff"), "\n") {
		if err := d.line(i+1, strings.TrimRight(line, "\r")); err != nil {
			return d.doc, err
		}
	}
	if err := d.relations(); err != nil {
		return d.doc, err
	}
	d.attributes()
	d.notes()
	return d.doc, nil
}

// decoder reads one .ann file, step by step: every line (line, which
// makes the spans at once and keeps relations, attributes and notes for
// later), then the relations, attributes and notes, which refer to spans.
type decoder struct {
	annName string
	res     *interchange.Result
	runes   []rune        // the text as brat reads it: offsets count in it
	move    func(int) int // offset in runes → offset in the normalised text
	hash    string
	doc     annotations.Document
	spans   map[string]int // T id -> index in doc.Spans
	attrs   []bratAttr
	rels    []bratRel
	pending []bratNote
}

type bratAttr struct {
	line               int
	target, key, value string
}

type bratRel struct {
	line            int
	id, typ, a1, a2 string
}

type bratNote struct {
	line         int
	target, text string
}

// newDecoder checks both files are UTF-8 and reads the text as brat does.
func newDecoder(txtName string, txt []byte, annName string, ann []byte, res *interchange.Result) (*decoder, error) {
	if !utf8.Valid(txt) {
		return nil, annotations.Errorf(annotations.EINVALID, "%s: not valid UTF-8", txtName)
	}
	if !utf8.Valid(ann) {
		return nil, annotations.Errorf(annotations.EINVALID, "%s: not valid UTF-8", annName)
	}
	// brat reads text with universal newlines: offsets count LF only.
	brat := strings.ReplaceAll(strings.ReplaceAll(string(txt), "\r\n", "\n"), "\r", "\n")
	text, move := interchange.NormalizeText(brat) // drops a BOM
	return &decoder{
		annName: annName, res: res, runes: []rune(brat), move: move, hash: annotations.TextHash(text),
		doc:   annotations.Document{Article: interchange.NewArticle(text, "", txtName)},
		spans: map[string]int{},
	}, nil
}

// line reads line n of the .ann file.
func (d *decoder) line(n int, line string) error {
	if strings.TrimSpace(line) == "" {
		return nil
	}
	bad := func(format string, args ...any) error {
		return annotations.Errorf(annotations.EINVALID, "%s:%d: %s", d.annName, n, annotations.Notef(format, args...))
	}
	fields := strings.SplitN(line, "\t", 3)
	id := fields[0]
	if len(fields) < 2 {
		return bad("no tab after the id %q", id)
	}
	switch {
	case strings.HasPrefix(id, "T"):
		return d.textBound(n, fields, bad)
	case strings.HasPrefix(id, "R"):
		return d.relation(n, id, fields[1], bad)
	case strings.HasPrefix(id, "A"), strings.HasPrefix(id, "M"):
		f := strings.Fields(fields[1])
		if len(f) < 2 || len(f) > 3 {
			return bad("%s: want \"NAME TARGET [VALUE]\", got %q", id, fields[1])
		}
		v := "true"
		if len(f) == 3 {
			v = f[2]
		}
		d.attrs = append(d.attrs, bratAttr{n, f[1], f[0], v})
	case strings.HasPrefix(id, "#"):
		typ, target, ok := strings.Cut(fields[1], " ")
		if !ok {
			return bad("%s: want \"AnnotatorNotes TARGET\", got %q", id, fields[1])
		}
		text := ""
		if len(fields) == 3 {
			text = fields[2]
		}
		if typ != "AnnotatorNotes" {
			d.res.Warnf("%s:%d: kept the %s comment %s as a note", d.annName, n, typ, id)
		}
		d.pending = append(d.pending, bratNote{n, strings.TrimSpace(target), text})
	case strings.HasPrefix(id, "E"), strings.HasPrefix(id, "N"), id == "*":
		d.res.Warnf("%s:%d: skipped %s (events, normalisations and equivalences are not imported)", d.annName, n, id)
	default:
		return bad("unknown annotation id %q (want T, R, A, M, #, E, N or *)", id)
	}
	return nil
}

// textBound reads a T line into a span: its fragments must lie in the text
// and their texts, joined by a space, equal the line's text.
func (d *decoder) textBound(n int, fields []string, bad func(string, ...any) error) error {
	id := fields[0]
	if len(fields) < 3 {
		return bad("text-bound annotation %s has no text field", id)
	}
	typ, offs, ok := strings.Cut(fields[1], " ")
	if !ok || typ == "" {
		return bad("%s: want \"TYPE START END\", got %q", id, fields[1])
	}
	frags, err := parseFragments(offs, len(d.runes))
	if err != nil {
		return bad("%s: %v", id, err)
	}
	var texts []string
	for _, f := range frags {
		texts = append(texts, string(d.runes[f[0]:f[1]]))
	}
	if got := strings.Join(texts, " "); got != fields[2] {
		return bad("%s: text %q does not match the text at %s, %q", id, fields[2], offs, got)
	}
	start, end := frags[0][0], frags[len(frags)-1][1]
	for k := 1; k < len(frags); k++ {
		if gap := string(d.runes[frags[k-1][1]:frags[k][0]]); strings.TrimFunc(gap, unicode.IsSpace) != "" {
			d.res.Warnf("%s:%d: %s is discontinuous across %q; imported as one span [%d,%d)", d.annName, n, id, gap, start, end)
			break
		}
	}
	if _, dup := d.spans[id]; dup {
		return bad("duplicate id %s", id)
	}
	s, e := d.move(start), d.move(end)
	if s >= e {
		return bad("%s covers only a BOM", id)
	}
	d.spans[id] = len(d.doc.Spans)
	d.doc.Spans = append(d.doc.Spans, annotations.Span{ID: interchange.SpanID(d.hash, id), Label: typ, Start: s, End: e})
	return nil
}

// relation reads an R line ("TYPE Arg1:ID Arg2:ID"); its ends are checked
// once every span is read.
func (d *decoder) relation(n int, id, body string, bad func(string, ...any) error) error {
	f := strings.Fields(body)
	if len(f) != 3 {
		return bad("%s: want \"TYPE Arg1:ID Arg2:ID\", got %q", id, body)
	}
	var args [2]string
	for i, arg := range f[1:] {
		_, target, ok := strings.Cut(arg, ":") // brat names the roles Arg1, Arg2; the order is what counts
		if !ok {
			return bad("%s: argument %q is not ROLE:ID", id, arg)
		}
		args[i] = target
	}
	d.rels = append(d.rels, bratRel{n, id, f[0], args[0], args[1]})
	return nil
}

// relations adds the relations, whose ends must both be spans of the file.
func (d *decoder) relations() error {
	for _, r := range d.rels {
		from, ok1 := d.spans[r.a1]
		to, ok2 := d.spans[r.a2]
		if !ok1 || !ok2 {
			return annotations.Errorf(annotations.EINVALID, "%s:%d: %s links %s and %s, which are not both text-bound annotations of the file", d.annName, r.line, r.id, r.a1, r.a2)
		}
		d.doc.Relations = append(d.doc.Relations, annotations.Relation{
			ID: interchange.RelationID(d.hash, r.id), Type: r.typ, From: d.doc.Spans[from].ID, To: d.doc.Spans[to].ID,
		})
	}
	return nil
}

func (d *decoder) setAttr(k int, key, v string) {
	s := &d.doc.Spans[k]
	if s.Attributes == nil {
		s.Attributes = map[string]string{}
	}
	s.Attributes[key] = v
}

// attributes gives the spans their A and M lines (others are skipped with a
// warning).
func (d *decoder) attributes() {
	for _, a := range d.attrs {
		k, ok := d.spans[a.target]
		if !ok {
			d.res.Warnf("%s:%d: skipped attribute %s of %s, which is not a text-bound annotation", d.annName, a.line, a.key, a.target)
			continue
		}
		d.setAttr(k, a.key, a.value)
	}
}

// notes gives the spans their AnnotatorNotes: each line's parts (split at
// NoteSeparator) that read "key: value" with a claim attribute's key become
// that attribute, the others lines of the note.
func (d *decoder) notes() {
	for _, nt := range d.pending {
		k, ok := d.spans[nt.target]
		if !ok {
			d.res.Warnf("%s:%d: skipped a note on %s, which is not a text-bound annotation", d.annName, nt.line, nt.target)
			continue
		}
		for _, part := range strings.Split(nt.text, NoteSeparator) {
			if key, v, ok := strings.Cut(part, ": "); ok && claimKeys[key] {
				d.setAttr(k, key, v)
				continue
			}
			s := &d.doc.Spans[k]
			if s.Note != "" {
				s.Note += "\n"
			}
			s.Note += part
		}
	}
}

// parseFragments reads "start end[;start end]..." and checks each fragment
// lies in a text of n code points, in order.
func parseFragments(s string, n int) ([][2]int, error) {
	var out [][2]int
	for _, part := range strings.Split(s, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, annotations.Failf("fragment %q is not \"START END\"", part)
		}
		a, err1 := strconv.Atoi(f[0])
		b, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return nil, annotations.Failf("fragment %q: offsets are not integers", part)
		}
		if !interchange.CheckRange(a, b, n) {
			return nil, annotations.Failf("fragment [%d,%d) is empty or outside the text of %d code points", a, b, n)
		}
		if len(out) > 0 && a < out[len(out)-1][1] {
			return nil, annotations.Failf("fragment [%d,%d) overlaps or precedes the one before", a, b)
		}
		out = append(out, [2]int{a, b})
	}
	return out, nil
}
