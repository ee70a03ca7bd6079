// Package corpus makes the deterministic inputs of Hamesh's performance
// benchmarks (issue 7, docs/PERFORMANCE.md): the 1 MB article (the seed
// article repeated 170 times), and corpora of realistic annotated Arabic news
// articles — 3,000 articles with 90,000 spans and 9,000 relations make a
// native JSONL file of 40.9 MB (issue 7 guessed 16 MB; a span line as Hamesh
// writes it, with its id, three pairs of offsets, text and times, takes
// about 270 bytes, so 90,000 spans alone exceed 16 MB). The benchmarks of several packages and scripts/benchtool share
// it, so the Go benchmarks and the references of scripts/bench.sh measure
// the same bytes.
package corpus

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
	"github.com/hamesh-app/hamesh/assets"
	"github.com/hamesh-app/hamesh/data"
)

// Sizes of the standard corpus: Articles articles with SpansPerArticle
// spans each (every tenth a claim with a claimant relation).
const (
	Articles        = 3000
	SpansPerArticle = 30
	// LibraryArticles is the size of the library opened by the benchmarks.
	LibraryArticles = 10000
	// MegabyteCopies is how many copies of the seed make the 1 MB article.
	MegabyteCopies = 170
	// TwelveMegabyteCopies is how many copies of the seed make the 12 MB
	// article of issue 11's memory bound.
	TwelveMegabyteCopies = 2040
)

// Seed returns the seed article's text (assets/samples/alaraby-…).
func Seed() (string, error) {
	for _, s := range assets.Samples() {
		if strings.HasPrefix(s.Name, "alaraby-") {
			return s.Text, nil
		}
	}
	return "", annotations.Errorf(annotations.ENOTFOUND, "the seed article alaraby-… is missing from assets.Samples")
}

// Megabyte returns the seed article repeated copies times with no separator
// (170 copies: 1,041,420 bytes, the "1 MB article").
func Megabyte(copies int) (string, error) {
	s, err := Seed()
	if err != nil {
		return "", err
	}
	return strings.Repeat(s, copies), nil
}

// paragraphs returns the seed's non-empty paragraphs.
func paragraphs() ([]string, error) {
	s, err := Seed()
	if err != nil {
		return nil, err
	}
	var ps []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); len([]rune(p)) > 40 {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// id makes a UUID-shaped id (as the store's UUIDv7 ids look) unique to
// (kind, n, i).
func id(kind, n, i int) string {
	return fmt.Sprintf("0190a6f0-%04x-7%03x-8%03x-%012x", kind, n%4096, i%4096, n*4096+i)
}

var labels = []string{"PERS", "ORG", "GPE", "LOC", "DATE", "PERS", "ORG", "GPE", "EVENT"}

// Document returns article n of a corpus: about 2,000 characters of the
// seed's paragraphs (a short news article), unique to n by its first line,
// with spans word-aligned entities and every tenth a claim over several
// words with a claimant relation to the entity before it. IDs and times are
// set, as in a file exported by Hamesh.
func Document(n, spans int) (annotations.Document, error) {
	ps, err := paragraphs()
	if err != nil {
		return annotations.Document{}, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "تقرير رقم %d عن ويكيليكس\n\n", n)
	for k := 0; b.Len() < 3600; k++ {
		b.WriteString(ps[(n*7+k)%len(ps)])
		b.WriteString("\n\n")
	}
	text := strings.TrimSpace(b.String())
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)
	doc := annotations.Document{Article: annotations.Article{
		ID: id(1, n, 0), Title: fmt.Sprintf("ويكيليكس وترامب الابن — تقرير %05d", n), Text: text,
		Lang: "ar", Direction: annotations.RTL, Source: fmt.Sprintf("https://example.org/news/%d", n),
		Status:    []annotations.Status{annotations.StatusTodo, annotations.StatusInProgress, annotations.StatusDone}[n%3],
		CreatedAt: t0, UpdatedAt: t0.Add(time.Hour),
	}}
	var words []annotations.Range
	rs := []rune(text)
	for _, w := range annotations.Words(text) {
		if w.End-w.Start >= 3 && isLetter(rs[w.Start]) {
			words = append(words, w)
		}
	}
	if spans <= 0 || len(words) < spans*2 {
		return doc, nil
	}
	stride := len(words) / spans
	for i := 0; i < spans; i++ {
		w := words[stride*i+1]
		s := annotations.Span{
			ID: id(2, n, i), Kind: annotations.KindEntity, Label: labels[(n+i)%len(labels)],
			Start: w.Start, End: w.End, Annotator: "bench",
			CreatedAt: t0.Add(time.Duration(i) * time.Second), UpdatedAt: t0.Add(time.Duration(i) * time.Second),
		}
		if i%10 == 9 {
			s.Kind, s.Label = annotations.KindClaim, "CLAIM"
			s.Start = words[stride*i-2].Start
			s.End = words[stride*i+2].End
			s.Attributes = map[string]string{annotations.AttrCheckWorthy: "yes", annotations.AttrVerdict: "unverifiable"}
			doc.Relations = append(doc.Relations, annotations.Relation{
				ID: id(3, n, i), Type: annotations.RelClaimant, From: s.ID, To: doc.Spans[len(doc.Spans)-1].ID,
				CreatedAt: s.CreatedAt,
			})
		}
		doc.Spans = append(doc.Spans, s)
	}
	return doc, nil
}

func isLetter(r rune) bool {
	return (r >= 0x0621 && r <= 0x064A) || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// Documents returns articles [from, from+count) of the corpus with spans
// spans each.
func Documents(from, count, spans int) ([]annotations.Document, error) {
	docs := make([]annotations.Document, 0, count)
	for n := from; n < from+count; n++ {
		d, err := Document(n, spans)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// WriteJSONL writes articles [0, count) with spans spans each to path as
// native JSONL (the format `hamesh export --format jsonl` writes).
func WriteJSONL(path string, count, spans int) error {
	f, err := os.Create(path)
	if err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "create %s: %v", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := jsonl.NewEncoder(w)
	for n := 0; n < count; n++ {
		d, err := Document(n, spans)
		if err == nil {
			err = enc.Encode(&d)
		}
		if err != nil {
			f.Close()
			return annotations.Errorf(annotations.ErrorCode(err), "%s: article %d: %v", path, n, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return annotations.Errorf(annotations.EINTERNAL, "write %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "write %s: %v", path, err)
	}
	return nil
}

// DirEnv names the environment variable that tells the benchmarks where the
// corpus files are (scripts/bench.sh sets it); without it they are made once
// in a directory under os.TempDir.
const DirEnv = "HAMESH_BENCH_DIR"

// version changes whenever the generated files would change, so stale
// files in the default directory are not reused.
const version = "v1"

// Dir returns the directory of the corpus files, creating it.
func Dir() (string, error) {
	dir := os.Getenv(DirEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "hamesh-bench-"+version)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", annotations.Errorf(annotations.EINTERNAL, "create the benchmark directory %s: %v", dir, err)
	}
	return dir, nil
}

// JSONLFile returns the path of the native JSONL file of the first count
// articles of the corpus (SpansPerArticle spans each) in Dir, writing it
// first if it is missing.
func JSONLFile(count int) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("corpus-%d.jsonl", count))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := WriteJSONL(tmp, count, SpansPerArticle); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", annotations.Errorf(annotations.EINTERNAL, "rename %s: %v", tmp, err)
	}
	return path, nil
}

// MegabyteFile returns the path of the 1 MB article (seed ×170) as a text
// file in Dir, writing it first if it is missing.
func MegabyteFile() (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "seed170.txt")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	text, err := Megabyte(MegabyteCopies)
	if err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return "", annotations.Errorf(annotations.EINTERNAL, "write %s: %v", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", annotations.Errorf(annotations.EINTERNAL, "rename %s: %v", tmp, err)
	}
	return path, nil
}

// Sizes are the corpus sizes the growth benchmarks measure: a third, two
// thirds and all of Articles.
var Sizes = []int{Articles / 3, Articles * 2 / 3, Articles}

// DBFile returns the path of a database in Dir holding the first count
// articles of the corpus, imported from JSONLFile(count) as `hamesh import`
// does; it is made first if missing or of another schema version (current).
// Benchmarks that write to it must work
// on a copy.
func DBFile(count int) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("corpus-%d.db", count))
	if _, err := os.Stat(path); err == nil && current(path) {
		return path, nil
	}
	src, err := JSONLFile(count)
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	in, err := formats.Read(ctx, src, "jsonl", nil)
	if err != nil {
		return "", err
	}
	return path, makeDB(path, func(db *data.DB) error {
		_, err := db.ImportDocuments(ctx, in.Documents)
		return err
	})
}

// LibraryFile returns the path of a database in Dir holding the library of
// LibraryArticles corpus articles (SpansPerArticle spans each), made first
// if missing or of another schema version (current), as DBFile does.
func LibraryFile() (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("library-%d.db", LibraryArticles))
	if _, err := os.Stat(path); err == nil && current(path) {
		return path, nil
	}
	return path, makeDB(path, func(db *data.DB) error {
		for from := 0; from < LibraryArticles; from += 1000 {
			docs, err := Documents(from, 1000, SpansPerArticle)
			if err != nil {
				return err
			}
			if _, err := db.ImportDocuments(context.Background(), docs); err != nil {
				return err
			}
		}
		return nil
	})
}

// current reports whether the database at path has this Hamesh's schema
// version: a file made by an older build (another branch, before a
// migration) is made again rather than reused, as Hamesh would refuse to
// bring it in without upgrading it.
func current(path string) bool {
	c, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return false
	}
	defer c.Close()
	var v int
	return c.QueryRow(`PRAGMA user_version`).Scan(&v) == nil && v == data.SchemaVersion()
}

// makeDB creates the database at path with fill, under a temporary name
// renamed into place when complete (its WAL checkpointed by Close).
func makeDB(path string, fill func(*data.DB) error) error {
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	db, err := data.Open(tmp)
	if err != nil {
		return err
	}
	err = fill(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if _, serr := os.Stat(tmp + "-wal"); err == nil && serr == nil {
		err = fmt.Errorf("the write-ahead log %s-wal was left after closing", tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
		return annotations.Errorf(annotations.ErrorCode(err), "make %s: %v", path, err)
	}
	return nil
}
