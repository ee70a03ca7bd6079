package brat

import (
	"errors"
	"fmt"
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
// #...AnnotatorNotes (notes; "normalized_claim: ..." and the other claim
// attributes written as "key: value" become attributes). E, N and * lines are
// skipped with a warning. A broken line is refused with its file and line.
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
		interchange.SetKinds(scheme, &doc)
		if err := interchange.Validate(&doc, annPath); err != nil {
			return interchange.Result{}, err
		}
		res.Documents = append(res.Documents, doc)
	}
	res.Finish(scheme)
	return res, nil
}

// claimKeys are the attribute keys read back from "key: value" notes.
var claimKeys = map[string]bool{
	annotations.AttrCheckWorthy: true, annotations.AttrVerdict: true, annotations.AttrStance: true,
	annotations.AttrNormalizedClaim: true, annotations.AttrClaimDate: true,
}

// DecodeDocument decodes one brat document from the contents of its .txt and
// .ann files; the names are used as the article's source and in messages.
// Warnings go to res (which may be nil). Span kinds are left empty.
func DecodeDocument(txtName string, txt []byte, annName string, ann []byte, res *interchange.Result) (annotations.Document, error) {
	if res == nil {
		res = &interchange.Result{}
	}
	if !utf8.Valid(txt) {
		return annotations.Document{}, annotations.Errorf(annotations.EINVALID, "%s: not valid UTF-8", txtName)
	}
	if !utf8.Valid(ann) {
		return annotations.Document{}, annotations.Errorf(annotations.EINVALID, "%s: not valid UTF-8", annName)
	}
	// brat reads text with universal newlines: offsets count LF only.
	brat := strings.ReplaceAll(strings.ReplaceAll(string(txt), "\r\n", "\n"), "\r", "\n")
	text, move := interchange.NormalizeText(brat) // drops a BOM
	runes := []rune(brat)
	doc := annotations.Document{Article: interchange.NewArticle(text, "", txtName)}
	hash := annotations.TextHash(text)

	spans := map[string]int{} // T id -> index in doc.Spans
	type attr struct {
		line        int
		target, key string
		value       string
	}
	var attrs []attr
	type rel struct {
		line            int
		id, typ, a1, a2 string
	}
	var rels []rel
	type note struct {
		line         int
		target, text string
	}
	var notes []note

	for i, line := range strings.Split(strings.TrimPrefix(string(ann), "\ufeff"), "\n") {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		bad := func(format string, args ...any) error {
			return annotations.Errorf(annotations.EINVALID, "%s:%d: %s", annName, n, fmt.Sprintf(format, args...))
		}
		fields := strings.SplitN(line, "\t", 3)
		id := fields[0]
		if len(fields) < 2 {
			return doc, bad("no tab after the id %q", id)
		}
		switch {
		case strings.HasPrefix(id, "T"):
			if len(fields) < 3 {
				return doc, bad("text-bound annotation %s has no text field", id)
			}
			typ, offs, ok := strings.Cut(fields[1], " ")
			if !ok || typ == "" {
				return doc, bad("%s: want \"TYPE START END\", got %q", id, fields[1])
			}
			frags, err := parseFragments(offs, len(runes))
			if err != nil {
				return doc, bad("%s: %v", id, err)
			}
			var texts []string
			for _, f := range frags {
				texts = append(texts, string(runes[f[0]:f[1]]))
			}
			if got := strings.Join(texts, " "); got != fields[2] {
				return doc, bad("%s: text %q does not match the text at %s, %q", id, fields[2], offs, got)
			}
			start, end := frags[0][0], frags[len(frags)-1][1]
			for k := 1; k < len(frags); k++ {
				if gap := string(runes[frags[k-1][1]:frags[k][0]]); strings.TrimFunc(gap, unicode.IsSpace) != "" {
					res.Warnf("%s:%d: %s is discontinuous across %q; imported as one span [%d,%d)", annName, n, id, gap, start, end)
					break
				}
			}
			if _, dup := spans[id]; dup {
				return doc, bad("duplicate id %s", id)
			}
			s, e := move(start), move(end)
			if s >= e {
				return doc, bad("%s covers only a BOM", id)
			}
			spans[id] = len(doc.Spans)
			doc.Spans = append(doc.Spans, annotations.Span{ID: interchange.SpanID(hash, id), Label: typ, Start: s, End: e})
		case strings.HasPrefix(id, "R"):
			f := strings.Fields(fields[1])
			if len(f) != 3 {
				return doc, bad("%s: want \"TYPE Arg1:ID Arg2:ID\", got %q", id, fields[1])
			}
			var a1, a2 string
			for _, arg := range f[1:] {
				role, target, ok := strings.Cut(arg, ":")
				if !ok {
					return doc, bad("%s: argument %q is not ROLE:ID", id, arg)
				}
				if a1 == "" {
					a1 = target
				} else {
					a2 = target
				}
				_ = role // brat names them Arg1, Arg2; the order is what counts
			}
			rels = append(rels, rel{n, id, f[0], a1, a2})
		case strings.HasPrefix(id, "A"), strings.HasPrefix(id, "M"):
			f := strings.Fields(fields[1])
			if len(f) < 2 || len(f) > 3 {
				return doc, bad("%s: want \"NAME TARGET [VALUE]\", got %q", id, fields[1])
			}
			v := "true"
			if len(f) == 3 {
				v = f[2]
			}
			attrs = append(attrs, attr{n, f[1], f[0], v})
		case strings.HasPrefix(id, "#"):
			typ, target, ok := strings.Cut(fields[1], " ")
			if !ok {
				return doc, bad("%s: want \"AnnotatorNotes TARGET\", got %q", id, fields[1])
			}
			text := ""
			if len(fields) == 3 {
				text = fields[2]
			}
			if typ != "AnnotatorNotes" {
				res.Warnf("%s:%d: kept the %s comment %s as a note", annName, n, typ, id)
			}
			notes = append(notes, note{n, strings.TrimSpace(target), text})
		case strings.HasPrefix(id, "E"), strings.HasPrefix(id, "N"), id == "*":
			res.Warnf("%s:%d: skipped %s (events, normalisations and equivalences are not imported)", annName, n, id)
		default:
			return doc, bad("unknown annotation id %q (want T, R, A, M, #, E, N or *)", id)
		}
	}
	for _, r := range rels {
		from, ok1 := spans[r.a1]
		to, ok2 := spans[r.a2]
		if !ok1 || !ok2 {
			return doc, annotations.Errorf(annotations.EINVALID, "%s:%d: %s links %s and %s, which are not both text-bound annotations of the file", annName, r.line, r.id, r.a1, r.a2)
		}
		doc.Relations = append(doc.Relations, annotations.Relation{
			ID: interchange.RelationID(hash, r.id), Type: r.typ, From: doc.Spans[from].ID, To: doc.Spans[to].ID,
		})
	}
	setAttr := func(k int, key, v string) {
		s := &doc.Spans[k]
		if s.Attributes == nil {
			s.Attributes = map[string]string{}
		}
		s.Attributes[key] = v
	}
	for _, a := range attrs {
		k, ok := spans[a.target]
		if !ok {
			res.Warnf("%s:%d: skipped attribute %s of %s, which is not a text-bound annotation", annName, a.line, a.key, a.target)
			continue
		}
		setAttr(k, a.key, a.value)
	}
	for _, nt := range notes {
		k, ok := spans[nt.target]
		if !ok {
			res.Warnf("%s:%d: skipped a note on %s, which is not a text-bound annotation", annName, nt.line, nt.target)
			continue
		}
		if key, v, ok := strings.Cut(nt.text, ": "); ok && claimKeys[key] {
			setAttr(k, key, v)
			continue
		}
		s := &doc.Spans[k]
		if s.Note != "" {
			s.Note += "\n"
		}
		s.Note += nt.text
	}
	return doc, nil
}

// parseFragments reads "start end[;start end]..." and checks each fragment
// lies in a text of n code points, in order.
func parseFragments(s string, n int) ([][2]int, error) {
	var out [][2]int
	for _, part := range strings.Split(s, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, fmt.Errorf("fragment %q is not \"START END\"", part)
		}
		a, err1 := strconv.Atoi(f[0])
		b, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("fragment %q: offsets are not integers", part)
		}
		if !interchange.CheckRange(a, b, n) {
			return nil, fmt.Errorf("fragment [%d,%d) is empty or outside the text of %d code points", a, b, n)
		}
		if len(out) > 0 && a < out[len(out)-1][1] {
			return nil, fmt.Errorf("fragment [%d,%d) overlaps or precedes the one before", a, b)
		}
		out = append(out, [2]int{a, b})
	}
	return out, nil
}
