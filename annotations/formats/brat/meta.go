package brat

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// MetaFile is the file, beside the documents of an exported collection,
// that holds what brat has no place for: each article's id, status, title
// and source. brat lists only .txt files as documents, so it leaves the file
// alone; Import reads it back.
const MetaFile = "hamesh-articles.tsv"

const metaHeader = "# Written by Hamesh: what brat has no place for, per document (NAME.txt),\n" +
	"# tab-separated; hamesh import reads it back.\n" +
	"# document\tarticle_id\tstatus\ttitle\tsource\n"

// metaFields is how many fields a line of MetaFile has.
const metaFields = 5

// writeMeta adds the line of MetaFile for the document name.
func writeMeta(b *strings.Builder, name string, a annotations.Article) {
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	fields := []string{name, a.ID, string(a.Status), a.Title, a.Source}
	for i, f := range fields {
		fields[i] = clean.Replace(f)
	}
	b.WriteString(strings.Join(fields, "\t") + "\n")
}

// articleMeta is one line of MetaFile.
type articleMeta struct {
	line                   int
	id, status, title, src string
	used                   bool
}

// readMeta reads MetaFile from fsys when there is one: document name (its
// path without .txt) -> its line. A line without its five fields is refused
// with the file and line.
func readMeta(fsys fs.FS) (map[string]*articleMeta, error) {
	b, err := fs.ReadFile(fsys, MetaFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "brat import: %v", err)
	}
	out := map[string]*articleMeta{}
	for i, line := range strings.Split(strings.TrimPrefix(string(b), "\ufeff"), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != metaFields {
			return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: want %d tab-separated fields (document, article_id, status, title, source), got %d", MetaFile, i+1, metaFields, len(f))
		}
		if _, dup := out[f[0]]; dup {
			return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: document %q is listed twice", MetaFile, i+1, f[0])
		}
		out[f[0]] = &articleMeta{line: i + 1, id: f[1], status: f[2], title: f[3], src: f[4]}
	}
	return out, nil
}

// applyMeta gives the article of the document name (its path in the
// collection without .txt) what MetaFile says of it: the line naming that
// path or, for a document moved into a subfolder (as for a right-to-left
// folder of its own), its file name.
func applyMeta(metas map[string]*articleMeta, name string, a *annotations.Article, res *interchange.Result) {
	m, ok := metas[name]
	if !ok {
		m, ok = metas[path.Base(name)]
	}
	if !ok || m.used {
		return
	}
	m.used = true
	a.ID = m.id
	if m.title != "" {
		a.Title = m.title
	}
	if m.src != "" {
		a.Source = m.src
	}
	switch st := annotations.Status(m.status); {
	case st == "":
	case st.Valid():
		a.Status = st
	default:
		res.Warnf("%s:%d: ignored the status %q of %s (want todo, in_progress or done)", MetaFile, m.line, m.status, name)
	}
}

// unusedMeta warns of the lines of MetaFile that name no document.
func unusedMeta(metas map[string]*articleMeta, res *interchange.Result) {
	var unused []string
	for _, name := range slices.SortedFunc(maps.Keys(metas), func(a, b string) int { return metas[a].line - metas[b].line }) {
		if !metas[name].used {
			unused = append(unused, fmt.Sprintf("%d (%s)", metas[name].line, name))
		}
	}
	if lines := unused; len(lines) > 0 {
		res.Warnf("%s: lines %s name no document of the collection", MetaFile, strings.Join(lines, ", "))
	}
}
