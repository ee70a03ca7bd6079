package formats

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/internal/golden"
)

// The hostile corpus is read as gofmt's tests read theirs: every entry of
// testdata/hostile (a file, or a brat directory), golden files aside, is a
// bad input, found by globbing the directory; adding a case is adding a
// file. The inputs keep their real names, since a file's extension is part
// of what format detection reads (and cmd/hamesh's tests import some of
// them by name).
//
// Beside each input NAME is one golden file, which says which formats the
// input is read as and what each must give:
//
//   - NAME.err.golden: the input is refused; each block holds the message
//     of the EINVALID *annotations.Error that Read returns.
//   - NAME.golden: the input is read (valid, or read with a warning); each
//     block holds a summary of what was read (see summarize).
//
// A golden file is a sequence of blocks, each a header line
// "-- FORMAT --" (or "-- PATH FORMAT --" to read PATH inside a brat
// directory input) followed by the block's text. go test -update rewrites
// the texts for the formats already listed, and gives an input that has no
// golden file one with the "auto" block; add other formats by hand.
//
// Inputs that cannot be committed (50 MB lines, 100,000-deep nesting, an
// empty directory, missing paths) are made by the test under their names in
// a temporary directory (see generated); their golden files are in
// testdata/hostile-generated, with the temporary directory written $TMP.

const (
	hostileDir   = "testdata/hostile"
	generatedDir = "testdata/hostile-generated"
)

// generated makes the inputs that are not committed: each function creates
// what path names (or, for missing paths, nothing).
var generated = map[string]func(t *testing.T, path string){
	// A 50 MB JSON line whose string never ends, and one of garbage.
	"50mb-line.jsonl":    writeParts(once(`{"text": "`), fiftyMBLine),
	"50mb-line.json":     writeParts(once(`[{"data": {"text": "`), fiftyMBLine),
	"50mb-garbage.jsonl": writeParts(once(`{`), repeat("x", 50<<20)),
	// Nesting 100,000 deep, past any decoder's depth limit.
	"deep.json":         writeParts(repeat("[", 100000)),
	"deep-task.json":    writeParts(once(`[{"data": {"text": "a"}, "annotations": `), repeat("[", 100000)),
	"deep.jsonl":        writeParts(once(`{"text": "a", "spans": `), repeat("[", 100000), once("\n")),
	"deep-object.jsonl": writeParts(repeat(`{"a":`, 100000), once("\n")),
	// A 50 MB one-line text is more than the 20 MB limit per article:
	// refused unread, as are texts over the limit in every format.
	"50mb-line.txt":           writeParts(fiftyMBLine),
	"21mb.md":                 writeParts(repeat("Amman said ", (21<<20)/11)),
	"25mb-text.jsonl":         writeParts(once(`{"text": "short"}`+"\n"+`{"text": "`), twentyFiveMB, once(`"}`+"\n")),
	"25mb-text-doccano.jsonl": writeParts(once(`{"text": "`), twentyFiveMB, once(`", "label": []}`+"\n")),
	"25mb-text.json":          writeParts(once(`[{"data": {"text": "`), twentyFiveMB, once(`"}}]`)),
	"25mb-text-prodigy.jsonl": writeParts(once(`{"text": "`), twentyFiveMB, once(`", "spans": [], "_input_hash": 1}`+"\n")),
	// Not files at all.
	"empty-dir": func(t *testing.T, p string) {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	},
	"no-such-file.jsonl": func(*testing.T, string) {},
	"no-such-dir":        func(*testing.T, string) {}, // read as no-such-dir/doc.ann
}

// part is a piece of a generated file: s repeated n times. Parts are only
// expanded when the file is written, so the 50 MB inputs cost nothing to
// tests that do not read them.
type part struct {
	s string
	n int
}

func once(s string) part          { return part{s, 1} }
func repeat(s string, n int) part { return part{s, n} }

// twentyFiveMB is 25 MB of text, over the 20 MB limit per article but
// within the 40 MB limit per line.
var twentyFiveMB = repeat("Amman said ", (25<<20)/11)

// fiftyMBLine is 50 MB of one line of text.
var fiftyMBLine = repeat("Amman said ", (50<<20)/11)

// writeParts returns a generator writing the parts, in order, to the path.
func writeParts(parts ...part) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		var b bytes.Buffer
		for _, p := range parts {
			b.WriteString(strings.Repeat(p.s, p.n))
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// hostileInput is one input of the corpus and its golden file.
type hostileInput struct {
	name   string // the entry's name, which every message must give
	path   string // where Read finds it
	golden string // its golden file (NAME.golden or NAME.err.golden), or "" when it has none yet
	tmp    string // for a generated input, its temporary directory
}

// goldenFor returns the golden file beside the input NAME in dir, "" when
// there is none, and fails when there are both kinds.
func goldenFor(t *testing.T, dir, name string) string {
	t.Helper()
	var found []string
	for _, g := range []string{name + ".golden", name + ".err.golden"} {
		if _, err := os.Stat(filepath.Join(dir, g)); err == nil {
			found = append(found, filepath.Join(dir, g))
		}
	}
	if len(found) > 1 {
		t.Fatalf("%s has both %s; keep the one that holds", name, strings.Join(found, " and "))
	}
	if len(found) == 0 {
		return ""
	}
	return filepath.ToSlash(found[0])
}

// isGolden reports whether a corpus entry is a golden file (or a failed
// comparison's output) rather than an input.
func isGolden(name string) bool {
	return strings.HasSuffix(name, ".golden") || strings.HasSuffix(name, golden.FailedPath(""))
}

// hostileInputs returns the committed inputs, found by glob, then the
// generated ones, made under t's temporary directory.
func hostileInputs(t *testing.T) []hostileInput {
	entries, err := filepath.Glob(filepath.Join(hostileDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var ins []hostileInput
	for _, e := range entries {
		name := filepath.Base(e)
		if isGolden(name) {
			continue
		}
		ins = append(ins, hostileInput{name: name, path: filepath.ToSlash(e), golden: goldenFor(t, hostileDir, name)})
	}
	tmp := t.TempDir()
	names := make([]string, 0, len(generated))
	for name := range generated {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(tmp, name)
		generated[name](t, p)
		ins = append(ins, hostileInput{name: name, path: p, golden: goldenFor(t, generatedDir, name), tmp: tmp})
	}
	return ins
}

// goldenBlock is one block of a hostile golden file: what reading the
// input (or the file sub inside it) as format must give.
type goldenBlock struct {
	sub, format string
	text        string
}

func (b goldenBlock) header() string {
	return "-- " + strings.TrimSpace(b.sub+" "+b.format) + " --"
}

// parseBlocks reads a hostile golden file.
func parseBlocks(data []byte) ([]goldenBlock, error) {
	var bs []goldenBlock
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if h, ok := strings.CutPrefix(line, "-- "); ok && strings.HasSuffix(h, " --") {
			f := strings.Fields(strings.TrimSuffix(h, " --"))
			b := goldenBlock{format: f[len(f)-1]}
			if len(f) == 2 {
				b.sub = f[0]
			} else if len(f) != 1 {
				return nil, fmt.Errorf("line %d: header %q, want \"-- [PATH] FORMAT --\"", i+1, line)
			}
			bs = append(bs, b)
			continue
		}
		if len(bs) == 0 {
			return nil, fmt.Errorf("line %d: text before the first \"-- FORMAT --\" header", i+1)
		}
		if bs[len(bs)-1].text != "" {
			bs[len(bs)-1].text += "\n"
		}
		bs[len(bs)-1].text += line
	}
	return bs, nil
}

// formatBlocks writes a hostile golden file.
func formatBlocks(bs []goldenBlock) []byte {
	var b strings.Builder
	for _, bl := range bs {
		b.WriteString(bl.header() + "\n")
		if bl.text != "" {
			b.WriteString(bl.text + "\n")
		}
	}
	return []byte(b.String())
}

// readSafely calls Read and turns a panic into an error that says so.
func readSafely(path, format string) (in *Input, err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("panic: %v", r), true
		}
	}()
	in, err = Read(context.Background(), path, format, nil)
	return in, err, false
}

// summarize describes what Read accepted, for a .golden block: the size of
// the input, the format read, each document's text size, spans and
// relations, and the warnings.
func summarize(path string, in *Input) string {
	var b strings.Builder
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		fmt.Fprintf(&b, "input: %d bytes\n", fi.Size())
	}
	fmt.Fprintf(&b, "read as: %s\n", in.Format)
	for i, d := range in.Documents {
		fmt.Fprintf(&b, "document %d: %d bytes of text, %d spans, %d relations\n", i+1, len(d.Article.Text), len(d.Spans), len(d.Relations))
	}
	for _, w := range in.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestHostileInput reads every bad input of the corpus with every format its
// golden file lists: none panics; a refusal is an EINVALID
// *annotations.Error whose message names the input and equals the golden
// text (so it gives the place: line, byte offset, span); an input that is
// read gives the golden summary (warnings naming the file and line, or the
// whole text read).
func TestHostileInput(t *testing.T) {
	tried, refused, warned, read := 0, 0, 0, 0
	for _, in := range hostileInputs(t) {
		var blocks []goldenBlock
		if in.golden != "" {
			data, err := os.ReadFile(in.golden)
			if err != nil {
				t.Fatal(err)
			}
			if blocks, err = parseBlocks(data); err != nil {
				t.Fatalf("%s: %v", in.golden, err)
			}
		}
		if len(blocks) == 0 {
			if !golden.Updating() {
				t.Errorf("%s has no golden file %s.err.golden or %s.golden (go test -update makes one, for format auto)", in.path, in.name, in.name)
				continue
			}
			blocks = []goldenBlock{{format: "auto"}}
		}
		kinds := map[bool]int{} // refused or not: how many blocks
		t.Run(in.name, func(t *testing.T) {
			for i, b := range blocks {
				p := in.path
				if b.sub != "" {
					p = filepath.Join(in.path, b.sub)
				}
				tried++
				got, err, panicked := readSafely(p, b.format)
				if panicked {
					t.Fatalf("Read(%s, %s) panicked: %v", p, b.format, err)
				}
				kinds[err != nil]++
				var text string
				if err != nil {
					refused++
					text = err.Error()
					if code := annotations.ErrorCode(err); code != annotations.EINVALID {
						t.Errorf("Read(%s, %s): error code %q, want %q: %v", p, b.format, code, annotations.EINVALID, err)
					}
					var ae *annotations.Error
					if !errors.As(err, &ae) {
						t.Errorf("Read(%s, %s): %T is not an *annotations.Error", p, b.format, err)
					}
					if !strings.Contains(text, in.name) {
						t.Errorf("Read(%s, %s): message %q does not name %s", p, b.format, text, in.name)
					}
				} else {
					if len(got.Warnings) > 0 {
						warned++
					} else {
						read++
					}
					text = summarize(p, got)
				}
				if in.tmp != "" {
					text = strings.ReplaceAll(text, in.tmp, "$TMP")
				}
				blocks[i].text = text
			}
		})
		if kinds[true] > 0 && kinds[false] > 0 {
			t.Errorf("%s is refused as some formats and read as others; split it into two inputs", in.path)
			continue
		}
		dir := hostileDir
		if in.tmp != "" {
			dir = generatedDir
		}
		want, other := filepath.Join(dir, in.name+".err.golden"), filepath.Join(dir, in.name+".golden")
		if kinds[true] == 0 {
			want, other = other, want
		}
		if !golden.Updating() && in.golden != filepath.ToSlash(want) {
			t.Errorf("%s: %s, but the input is %s; go test -update renames it", in.path, in.golden, map[bool]string{true: "refused", false: "read"}[kinds[true] > 0])
			continue
		}
		if golden.Updating() {
			os.Remove(other)
		}
		golden.Assert(t, want, formatBlocks(blocks))
	}
	t.Logf("hostile input: %d inputs tried (input × format), none panicked: %d refused, %d read with a warning, %d read whole",
		tried, refused, warned, read)
}

// TestHostileCorpusCovered makes sure every golden file of the corpus
// belongs to an input, so a renamed or removed input cannot leave a golden
// file that nothing checks. (TestHostileInput fails for an input with no
// golden file.)
func TestHostileCorpusCovered(t *testing.T) {
	var orphans []string
	for _, dir := range []string{hostileDir, generatedDir} {
		goldens, err := filepath.Glob(filepath.Join(dir, "*.golden"))
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range goldens {
			name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(g), ".golden"), ".err")
			exists := generated[name] != nil
			if dir == hostileDir {
				_, err := os.Stat(filepath.Join(hostileDir, name))
				exists = err == nil
			}
			if !exists {
				orphans = append(orphans, g)
			}
		}
	}
	if len(orphans) > 0 {
		t.Errorf("golden files with no input: %s", strings.Join(orphans, ", "))
	}
	// The inputs bad for any format are read as every one Read accepts, so
	// a new import format is tried on them too.
	for _, g := range []string{hostileDir + "/binary.bin.err.golden", generatedDir + "/no-such-file.jsonl.err.golden"} {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		blocks, err := parseBlocks(data)
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		listed := map[string]bool{}
		for _, b := range blocks {
			listed[b.format] = true
		}
		for _, f := range append([]string{"auto"}, ImportFormats()...) {
			if !listed[f] {
				t.Errorf("%s does not read the input as %s; add a \"-- %s --\" block and run go test -update", g, f, f)
			}
		}
	}
}

// FuzzRead writes arbitrary bytes to a file with each importer's extension
// and reads it with format detection: it never panics, and what it accepts
// is a valid document.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"offset-outside.jsonl", "inside-shadda.json", "duplicate-ids-doccano.jsonl",
		"relation-missing-prodigy.jsonl", "nul-byte.md", "empty-body.html", "lone-surrogate.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	f.Add([]byte(`{"text": "ادّعى مؤسس موقع ويكيليكس", "spans": [{"kind": "entity", "label": "ORG", "start": 16, "end": 24}]}`), uint8(1))
	f.Add([]byte("T1\tPERS 0 6\tJulian\n"), uint8(6))
	exts := []string{".jsonl", ".json", ".txt", ".md", ".html", "", ".ann"}
	dir := f.TempDir()
	os.WriteFile(filepath.Join(dir, "doc.txt"), []byte("Julian Assange met Donald Trump Jr.\n"), 0o644)
	f.Fuzz(func(t *testing.T, data []byte, ext uint8) {
		p := filepath.Join(dir, "input"+exts[int(ext)%len(exts)])
		if exts[int(ext)%len(exts)] == ".ann" {
			p = filepath.Join(dir, "doc.ann")
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		in, err, panicked := readSafely(p, "auto")
		if panicked {
			t.Fatalf("Read panicked on %q: %v", data, err)
		}
		if err != nil {
			if !strings.Contains(err.Error(), filepath.Base(p)) {
				t.Errorf("message %q does not name the file", err)
			}
			return
		}
		for i := range in.Documents {
			if err := annotations.ValidateDocument(&in.Documents[i]); err != nil {
				t.Errorf("Read accepted an invalid document: %v", err)
			}
		}
	})
}

// TestReadBratFile reads a valid brat document given as its .ann file: the
// spans get their kinds from the scheme and the document is valid, as when
// the directory is read.
func TestReadBratFile(t *testing.T) {
	in, err := Read(context.Background(), filepath.Join("brat", "testdata", "fixture", "0193a1b2-0000-7000-8000-000000000001.ann"), "auto", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Documents) != 1 || len(in.Documents[0].Spans) == 0 {
		t.Fatalf("read %d documents, want 1 with spans", len(in.Documents))
	}
	if err := annotations.ValidateDocument(&in.Documents[0]); err != nil {
		t.Errorf("a brat document read from its .ann file is invalid: %v", err)
	}
}
