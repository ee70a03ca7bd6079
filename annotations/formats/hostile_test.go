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
)

// Format groups a hostile file is read with: "auto" and every format a user
// could plausibly pick for it.
var (
	fmtAll       = append([]string{"auto"}, ImportFormats()...)
	fmtJSONLines = []string{"auto", "jsonl", "doccano", "prodigy"} // the file is bad for any JSON-lines format
	fmtNative    = []string{"auto", "jsonl"}
	fmtDoccano   = []string{"auto", "doccano"}
	fmtProdigy   = []string{"auto", "prodigy"}
	fmtLS        = []string{"auto", "labelstudio"}
	fmtText      = []string{"auto", "txt", "md"}
	fmtHTML      = []string{"auto", "html"}
	fmtBrat      = []string{"auto", "brat"}
)

// hostileCase is one bad input: a path (under testdata/hostile, or made by
// the test), the formats to read it as, and what the refusal must say
// besides the file's name.
type hostileCase struct {
	path    string
	formats []string
	want    []string // in the message, e.g. the line (":2:") or the reason
	// file is the name the message must give when it is not the path's
	// base name (a brat .ann whose .txt is the bad file).
	file string
	// warn: the input is read, but what was left out is reported in a
	// warning naming the file and place (want applies to the warning).
	warn bool
	// accept: the input is valid for these formats and must be read whole.
	accept bool
	// gap names a known shortcoming: when Read accepts the input, the case
	// is skipped with this reason instead of failing.
	gap string
}

func hostileCases(t *testing.T) []hostileCase {
	h := func(name string) string { return filepath.Join("testdata", "hostile", name) }
	cs := []hostileCase{
		{path: h("empty"), formats: []string{"auto", "txt", "md", "html", "labelstudio", "brat"}},
		{path: h("empty"), formats: []string{"jsonl", "doccano", "prodigy"}, want: []string{"holds no articles"}},
		{path: h("empty.jsonl"), formats: fmtJSONLines, want: []string{"holds no articles"}},
		{path: h("blank.jsonl"), formats: fmtJSONLines, want: []string{"holds no articles"}},
		{path: h("empty.json"), formats: fmtLS, want: []string{"empty file"}},
		{path: h("blank.txt"), formats: fmtText, want: []string{"no text"}},
		{path: h("binary.bin"), formats: fmtAll},
		{path: h("binary.jsonl"), formats: fmtJSONLines, want: []string{":1:", "UTF-8"}},
		{path: h("binary.json"), formats: fmtLS, want: []string{":1:", "UTF-8"}},
		{path: h("binary.html"), formats: fmtHTML, want: []string{"UTF-8", "byte offset 8"}},
		{path: h("png.txt"), formats: fmtText, want: []string{"UTF-8", "byte offset 0"}},
		{path: h("utf16.txt"), formats: fmtText, want: []string{"UTF-8", "byte offset 0"}},
		{path: h("nul-byte.txt"), formats: fmtText, want: []string{"NUL", "byte offset 22"}},
		{path: h("nul-byte.md"), formats: fmtText, want: []string{"NUL", "byte offset 14"}},
		{path: h("nul-raw.jsonl"), formats: fmtJSONLines, want: []string{":1:"}},
		{path: h("nul-escape.jsonl"), formats: fmtJSONLines, want: []string{":1:", "NUL", "code point 3"}},
		{path: h("nul-escape-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", "NUL"}},
		{path: h("invalid-utf8.txt"), formats: fmtText, want: []string{"UTF-8", "byte offset 11"}},
		{path: h("invalid-utf8.md"), formats: fmtText, want: []string{"UTF-8", "byte offset 2"}},
		{path: h("invalid-utf8.jsonl"), formats: fmtJSONLines, want: []string{":1:", "UTF-8"}},
		{path: h("invalid-utf8-doccano.jsonl"), formats: fmtJSONLines, want: []string{":1:", "UTF-8"}},
		{path: h("invalid-utf8-prodigy.jsonl"), formats: fmtJSONLines, want: []string{":1:", "UTF-8"}},
		{path: h("invalid-utf8.json"), formats: fmtLS, want: []string{":1:", "UTF-8"}},
		{path: h("lone-surrogate.jsonl"), formats: fmtJSONLines, want: []string{":1:", `\udc00`}},
		{path: h("lone-surrogate-high.jsonl"), formats: fmtJSONLines, want: []string{":1:", `\ud83d`}},
		{path: h("lone-surrogate-label.jsonl"), formats: fmtJSONLines, want: []string{":1:", `\udc00`}},
		{path: h("lone-surrogate-doccano.jsonl"), formats: fmtJSONLines, want: []string{":1:", `\udc00`}},
		{path: h("lone-surrogate-prodigy.jsonl"), formats: fmtJSONLines, want: []string{":1:", `\udc00`}},
		{path: h("lone-surrogate.json"), formats: fmtLS, want: []string{":1:", `\udc00`}},
		{path: h("wrong-type-text.jsonl"), formats: fmtJSONLines, want: []string{":1:", "text"}},
		{path: h("wrong-type-start.jsonl"), formats: fmtNative, want: []string{":1:", "start"}},
		{path: h("wrong-type-spans.jsonl"), formats: fmtNative, want: []string{":1:", "spans"}},
		{path: h("wrong-type-float.jsonl"), formats: fmtNative, want: []string{":1:", "0.5"}},
		{path: h("wrong-type-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", `"x"`}},
		{path: h("wrong-type-doccano-text.jsonl"), formats: fmtJSONLines, want: []string{":1:", "text"}},
		{path: h("wrong-type-prodigy.jsonl"), formats: fmtProdigy, want: []string{":1:", "start"}},
		{path: h("wrong-type.json"), formats: fmtLS, want: []string{":1:", "start"}},
		{path: h("wrong-type-text.json"), formats: fmtLS, want: []string{":1:", "text"}},
		{path: h("numbers.json"), formats: fmtLS, want: []string{":1:"}},
		{path: h("no-text.json"), formats: fmtLS, want: []string{":1:", "text"}},
		{path: h("truncated.jsonl"), formats: fmtJSONLines, want: []string{":1:"}},
		{path: h("truncated.json"), formats: fmtLS, want: []string{":1:"}},
		{path: h("trailing-garbage.jsonl"), formats: fmtJSONLines, want: []string{":1:"}},
		{path: h("second-line-broken.jsonl"), formats: fmtJSONLines, want: []string{":2:"}},
		{path: h("offset-outside.jsonl"), formats: fmtNative, want: []string{":1:", "[0,999)", "outside"}},
		{path: h("offset-negative.jsonl"), formats: fmtNative, want: []string{":1:", "[-1,5)", "outside"}},
		{path: h("offset-reversed.jsonl"), formats: fmtNative, want: []string{":1:", "[5,0)"}},
		{path: h("offset-huge.jsonl"), formats: fmtNative, want: []string{":1:", "99999999999999999999999"}},
		{path: h("offset-outside-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", "[0,999)", "outside"}},
		{path: h("offset-negative-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", "[-3,5)", "outside"}},
		{path: h("offset-outside-prodigy.jsonl"), formats: fmtProdigy, want: []string{":1:", "[0,999)", "outside"}},
		{path: h("offset-outside.json"), formats: fmtLS, want: []string{":1:", "[0,999)", "outside"}},
		{path: h("inside-shadda.jsonl"), formats: fmtNative, want: []string{":1:", "[0,3)", "inside the character cluster", "مّ"}},
		{path: h("inside-zwj.jsonl"), formats: fmtNative, want: []string{":1:", "[7,9)", "inside the character cluster"}},
		{path: h("inside-shadda-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", "[0,3)", "inside the character cluster"}},
		{path: h("inside-zwj-prodigy.jsonl"), formats: fmtProdigy, want: []string{":1:", "[7,8)", "inside the character cluster"}},
		{path: h("inside-shadda.json"), formats: fmtLS, want: []string{":1:", "[0,3)", "inside the character cluster"}},
		{path: h("duplicate-span-ids.jsonl"), formats: fmtNative, want: []string{":1:", `"s1"`, "twice"}},
		{path: h("duplicate-relation-ids.jsonl"), formats: fmtNative, want: []string{":1:", `"r1"`, "twice"}},
		{path: h("relation-missing-span.jsonl"), formats: fmtNative, want: []string{":1:", `"s9"`}},
		{path: h("relation-self.jsonl"), formats: fmtNative, want: []string{":1:", "itself"}},
		{path: h("duplicate-ids-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", "id 1"}},
		{path: h("relation-missing-doccano.jsonl"), formats: fmtDoccano, want: []string{":1:", "7"}},
		{path: h("duplicate-ids.json"), formats: fmtLS, want: []string{":1:", "region a", "twice"}},
		{path: h("relation-missing.json"), formats: fmtLS, want: []string{":1:", `"zz"`}},
		// Prodigy saves relations between unlabelled tokens; they are
		// left out with a warning.
		{path: h("relation-missing-prodigy.jsonl"), formats: fmtProdigy, want: []string{":1:", "skipped relation 1"}, warn: true},
		{path: h("script-only.html"), formats: fmtHTML, want: []string{"no readable body text"}},
		{path: h("empty-body.html"), formats: fmtHTML, want: []string{"no readable body text"}},
	}
	brat := []struct{ dir, want string }{
		{"brat-no-tabs", "doc.ann:1:"},
		{"brat-bad-offsets", "doc.ann:1:"},
		{"brat-offset-outside", "doc.ann:1:"},
		{"brat-text-mismatch", "doc.ann:1:"},
		{"brat-duplicate-ids", "doc.ann:2:"},
		{"brat-relation-missing", "doc.ann:2:"},
		{"brat-garbage-line", "doc.ann:2:"},
		{"brat-inside-grapheme", "inside the character cluster"},
		{"brat-binary", "doc.ann"},
		{"brat-invalid-utf8-txt", "doc.txt"},
	}
	for _, b := range brat {
		cs = append(cs, hostileCase{path: h(b.dir), formats: fmtBrat, want: []string{b.want}})
		c := hostileCase{path: filepath.Join(h(b.dir), "doc.ann"), formats: fmtBrat, want: []string{b.want}}
		if b.dir == "brat-invalid-utf8-txt" {
			c.file = "doc.txt"
		}
		cs = append(cs, c)
	}

	// Made here rather than committed: big, or not files at all.
	dir := t.TempDir()
	mk := func(name string, parts ...[]byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Join(parts, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const mb50 = 50 << 20
	line := bytes.Repeat([]byte("Amman said "), mb50/11)
	cs = append(cs,
		hostileCase{path: mk("50mb-line.jsonl", []byte(`{"text": "`), line), formats: fmtJSONLines, want: []string{":1:"}},
		hostileCase{path: mk("50mb-line.json", []byte(`[{"data": {"text": "`), line), formats: fmtLS, want: []string{":1:"}},
		hostileCase{path: mk("50mb-garbage.jsonl", []byte(`{`), bytes.Repeat([]byte{'x'}, mb50)), formats: fmtJSONLines, want: []string{":1:"}},
		hostileCase{path: mk("deep.json", bytes.Repeat([]byte("["), 100000)), formats: fmtLS, want: []string{":1:"}},
		hostileCase{path: mk("deep-task.json", []byte(`[{"data": {"text": "a"}, "annotations": `), bytes.Repeat([]byte("["), 100000)), formats: fmtLS, want: []string{":1:"}},
		hostileCase{path: mk("deep.jsonl", []byte(`{"text": "a", "spans": `), bytes.Repeat([]byte("["), 100000), []byte("\n")), formats: fmtJSONLines, want: []string{":1:"}},
		hostileCase{path: mk("deep-object.jsonl", bytes.Repeat([]byte(`{"a":`), 100000), []byte("\n")), formats: fmtJSONLines, want: []string{":1:"}},
		hostileCase{path: t.TempDir(), formats: []string{"auto", "brat", "txt", "jsonl"}},
		hostileCase{path: filepath.Join(dir, "no-such-file.jsonl"), formats: fmtAll, want: []string{"no such file"}},
		hostileCase{path: filepath.Join(dir, "no-such-dir", "doc.ann"), formats: fmtBrat, want: []string{"no such file"}},
		// A 50 MB one-line text is a text: read whole, not cut.
		hostileCase{path: mk("50mb-line.txt", line), formats: fmtText, accept: true},
	)
	return cs
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

// TestHostileInput reads every bad input of the corpus with every format a
// user could pick for it: each is refused with an EINVALID error (never a
// panic) whose message names the file and, where the format has lines or
// offsets, the place.
func TestHostileInput(t *testing.T) {
	tried, gaps, refused, warned, read := 0, 0, 0, 0, 0
	var gapNames []string
	for _, c := range hostileCases(t) {
		name := filepath.Base(c.path)
		if c.file != "" {
			name = c.file
		}
		label := strings.TrimPrefix(filepath.ToSlash(c.path), "testdata/hostile/")
		if filepath.IsAbs(c.path) {
			label = filepath.Base(c.path)
		}
		for _, f := range c.formats {
			t.Run(label+"/"+f, func(t *testing.T) {
				tried++
				in, err, panicked := readSafely(c.path, f)
				if panicked {
					t.Fatalf("Read(%s, %s) panicked: %v", c.path, f, err)
				}
				msg := ""
				switch {
				case c.accept:
					if err != nil {
						t.Fatalf("Read(%s, %s): %v, want the text read whole", c.path, f, err)
					}
					fi, _ := os.Stat(c.path)
					if len(in.Documents) != 1 || len(in.Documents[0].Article.Text) != int(fi.Size()) {
						t.Fatalf("Read(%s, %s) did not read the text whole", c.path, f)
					}
					read++
					return
				case c.warn:
					if err != nil {
						t.Fatalf("Read(%s, %s): %v, want the file read with a warning", c.path, f, err)
					}
					msg = strings.Join(in.Warnings, "\n")
					warned++
				case err == nil && c.gap != "":
					gaps++
					gapNames = append(gapNames, label+"/"+f)
					t.Skipf("known gap: Read(%s, %s) accepted %d documents: %s", c.path, f, len(in.Documents), c.gap)
				case err == nil:
					t.Fatalf("Read(%s, %s) accepted the input (%d documents, format %s)", c.path, f, len(in.Documents), in.Format)
				default:
					refused++
					msg = err.Error()
					if code := annotations.ErrorCode(err); code != annotations.EINVALID {
						t.Errorf("Read(%s, %s): error code %q, want %q: %v", c.path, f, code, annotations.EINVALID, err)
					}
					var ae *annotations.Error
					if !errors.As(err, &ae) {
						t.Errorf("Read(%s, %s): %T is not an *annotations.Error", c.path, f, err)
					}
				}
				for _, w := range append([]string{name}, c.want...) {
					if !strings.Contains(msg, w) {
						t.Errorf("Read(%s, %s): message %q does not say %q", c.path, f, msg, w)
					}
				}
			})
		}
	}
	t.Logf("hostile input: %d inputs tried (file × format), none panicked: %d refused with the file's name, %d read with a warning naming file and line, %d valid 50 MB texts read whole, %d known gaps skipped: %s",
		tried, refused, warned, read, gaps, strings.Join(gapNames, ", "))
}

// TestHostileCorpusCovered makes sure every file and directory of
// testdata/hostile has a row in the table, so the corpus cannot grow
// untested.
func TestHostileCorpusCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range hostileCases(t) {
		covered[filepath.ToSlash(c.path)] = true
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, e := range entries {
		if p := "testdata/hostile/" + e.Name(); !covered[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("files of the hostile corpus with no row in hostileCases: %s", strings.Join(missing, ", "))
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
