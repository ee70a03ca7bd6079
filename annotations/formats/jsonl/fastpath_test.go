package jsonl

import (
	"bytes"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// decodeBoth decodes line with and without fastUnmarshal and fails when
// the documents or the messages differ; it reports whether the fast
// reader took the line.
func decodeBoth(t *testing.T, line []byte) bool {
	t.Helper()
	var a article
	took := fastUnmarshal(line, &a)
	if took && !utf8.Valid(line) {
		t.Fatalf("fastUnmarshal accepts a line that is not valid UTF-8:\n%q", line)
	}
	if col, _ := interchange.LoneSurrogate(line); took && col >= 0 {
		t.Fatalf("fastUnmarshal accepts a line with a lone surrogate escape at column %d:\n%q", col+1, line)
	}
	fastDoc, fastErr := decodeLine(line)
	fastPath = false
	slowDoc, slowErr := decodeLine(line)
	fastPath = true
	if (fastErr == nil) != (slowErr == nil) || (fastErr != nil && fastErr.Error() != slowErr.Error()) {
		t.Fatalf("decodeLine says %v with the fast reader, %v without, for\n%q", fastErr, slowErr, line)
	}
	if fastErr == nil && !reflect.DeepEqual(fastDoc, slowDoc) {
		t.Fatalf("decodeLine reads\n%+v\nwith the fast reader,\n%+v\nwithout, from\n%q", fastDoc, slowDoc, line)
	}
	return took
}

// decodeFileBoth reads raw with DecodeAll with and without fastUnmarshal
// (registry records included) and fails when the documents, the registry
// or the messages differ.
func decodeFileBoth(t *testing.T, name string, raw []byte) {
	t.Helper()
	fastDocs, fastReg, fastErr := DecodeAll(bytes.NewReader(raw), name)
	fastPath = false
	slowDocs, slowReg, slowErr := DecodeAll(bytes.NewReader(raw), name)
	fastPath = true
	if (fastErr == nil) != (slowErr == nil) || (fastErr != nil && fastErr.Error() != slowErr.Error()) {
		t.Fatalf("%s: DecodeAll says %v with the fast reader, %v without", name, fastErr, slowErr)
	}
	if !reflect.DeepEqual(fastDocs, slowDocs) || !reflect.DeepEqual(fastReg, slowReg) {
		t.Fatalf("%s: DecodeAll reads other documents or records with the fast reader than without", name)
	}
}

// TestFastPathSameAsGeneral decodes every line of the repository's JSON
// lines fixtures (native, hostile, other formats), hand-made hostile lines
// and 30,000 random mutations of the fixtures (escapes, surrogates, invalid
// UTF-8, unknown and duplicate keys, huge numbers spliced in) with and
// without the fast reader: the same documents, the same messages, and the
// fast reader never takes a line that is not valid UTF-8 or holds a lone
// surrogate escape. Each fixture file is also read whole (DecodeAll) both
// ways.
func TestFastPathSameAsGeneral(t *testing.T) {
	var lines [][]byte
	root := filepath.Join("..", "..", "..")
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (e.Name() == ".git" || e.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(path, ".jsonl") || !strings.Contains(filepath.ToSlash(path), "/testdata/") {
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		decodeFileBoth(t, path, raw)
		for _, l := range bytes.Split(raw, []byte("\n")) {
			if l = bytes.TrimRight(l, "\r"); len(bytes.TrimSpace(l)) > 0 {
				lines = append(lines, l)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A file with registry records before its articles, as an export
	// writes it, and one with a record among them.
	var withReg bytes.Buffer
	enc := NewEncoder(&withReg)
	reg := &annotations.Registry{Entries: []annotations.Entry{{ID: "e1", Name: "جوليان أسانج", Label: "PERS", KBID: "Q47112"}}}
	if err := enc.EncodeRegistry(reg); err != nil {
		t.Fatal(err)
	}
	withReg.WriteString(`{"id":"a","text":"جوليان أسانج","spans":[{"id":"s","kind":"entity","label":"PERS","start":0,"end":6,"attributes":{"entity_id":"e1","kb_id":"Q47112"}}]}` + "\n")
	decodeFileBoth(t, "registry.jsonl", withReg.Bytes())
	decodeFileBoth(t, "late.jsonl", append([]byte(`{"id":"b","text":"x"}`+"\n"), withReg.Bytes()...))
	decodeFileBoth(t, "bad-record.jsonl", []byte(`{"record":"entity","id":"e1","nope":1}`+"\n"+`{"id":"b","text":"x"}`+"\n"))
	if docs, got, err := DecodeAll(bytes.NewReader(withReg.Bytes()), "registry.jsonl"); err != nil || len(docs) != 1 || got == nil || len(got.Entries) != 1 {
		t.Fatalf("DecodeAll of a file with a registry record: %d documents, registry %+v, %v", len(docs), got, err)
	}
	if len(lines) < 50 {
		t.Fatalf("only %d fixture lines found under %s", len(lines), root)
	}
	took := 0
	for _, l := range lines {
		if decodeBoth(t, l) {
			took++
		}
	}
	if took < 10 {
		t.Fatalf("the fast reader took only %d of %d fixture lines", took, len(lines))
	}
	hand := []string{
		`{"id":"a","text":"x"}`,
		`{"id":"a","text":"\u0000"}`,
		`{"id":"a","text":"\ud83d\ude00 \u00e9 \/ \b\f\n\r\t \" \\"}`,
		`{"id":"a","text":"\ud83d"}`,
		`{"id":"a","text":"\ude00"}`,
		`{"id":"a","text":"\ud83d\ud83d"}`,
		`{"id":"a","text":"\ud83d\u0041"}`,
		`{"id":"a","text":"\\ud83d"}`,
		`{"id":"a","text":"\u12"}`,
		`{"id":"a","text":"\x"}`,
		"{\"id\":\"a\",\"text\":\"\xff\"}",
		"{\"id\":\"a\",\"text\":\"\xc3\"}",
		"{\"id\":\"a\",\"text\":\"\xed\xa0\x80\"}",
		"{\"id\":\"a\",\"text\":\"\xf4\x90\x80\x80\"}",
		"{\"id\":\"a\",\"text\":\"\xe2\x82\"}",
		"{\"id\":\"a\",\"text\":\"\xc0\x80\"}",
		"{\"id\":\"\xd8\xa7\",\"title\":\"\xd8\xa7\xd9\x84\",\"text\":\"\xf0\x9f\x98\x80\xe2\x82\xac\"}",
		"{\"id\":\"a\",\"text\":\"x\"}\xff",
		`{"id":"a","text":"x","id":"b"}`,
		`{"id":"a","text":"x","unknown":[1,{"a":null}]}`,
		`{"\u0069d":"a","text":"x"}`,
		`{"id":"a","text":"xyz","spans":[{"id":"s","kind":"entity","label":"L","start":0,"end":99999999999999999999999}]}`,
		`{"id":"a","text":"xyz","spans":[{"id":"s","kind":"entity","label":"L","start":0,"end":1e400}]}`,
		`{"id":"a","text":"xyz","spans":[{"id":"s","kind":"entity","label":"L","start":0,"end":1,"attributes":{"k":"v","k":"w"}}]}`,
		`{"id":"a","text":"xyz","spans":[{"id":"s","kind":"entity","label":"L","start":0,"end":1,"attributes":{"\u006b":"v"}}]}`,
		`{"id":"a","text":"xyz","status":"nope"}`,
		`{"id":"a","text":"xyz","direction":"up"}`,
		`{"id":"a","text":"xyz","text_sha256":"00"}`,
		`{"id":"a","text":"xyz","offset_unit":"utf16"}`,
		`{"id":"a"}`,
		`{"id":"a","text":null}`,
		``,
		`"text"`,
	}
	for _, h := range hand {
		decodeBoth(t, []byte(h))
	}
	snippets := []string{
		`\u0000`, `\ud800`, `\udc00`, `\ud83d\ude00`, `\ud83d\u0041`, `\\`, `\"`, `\u00e9`, `\u12`, `\q`, `\`,
		"\xff", "\xc3", "\xed\xa0\x80", "\xf0\x9f\x98", "\xd8\xa7", "\x00", "\t", "\n",
		`"`, `,"id":"dup"`, `,"text":"dup"`, `,"zz":{"a":[1,2,null]}`, `,"spans":[]`, `,"status":"done"`,
		`99999999999999999999`, `1e308`, `-0`, `0.5`, `null`, `true`, `{`, `}`, `[`, `]`, `:`, `,`,
	}
	rng := rand.New(rand.NewSource(16))
	tookMut := 0
	for range 30000 {
		l := append([]byte(nil), lines[rng.Intn(len(lines))]...)
		for range 1 + rng.Intn(2) {
			i := rng.Intn(len(l) + 1)
			sn := snippets[rng.Intn(len(snippets))]
			if rng.Intn(4) == 0 && i < len(l) {
				l = append(l[:i], l[i+1:]...) // a byte dropped
			}
			i = min(i, len(l))
			l = append(l[:i], append([]byte(sn), l[i:]...)...)
		}
		if decodeBoth(t, l) {
			tookMut++
		}
	}
	if tookMut < 1000 {
		t.Fatalf("only %d mutated lines took the fast path: the mutations test little", tookMut)
	}
}

// FuzzFastPath decodes any line with and without the fast reader (see
// decodeBoth); the seeds are the golden file's lines.
//
//	go test ./annotations/formats/jsonl -run '^$' -fuzz FastPath -fuzztime 60s
func FuzzFastPath(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "native.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range bytes.Split(bytes.TrimSpace(golden), []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte(`{"id":"a","text":"\ud83d\ude00\n\"","spans":[{"start":0,"end":1,"attributes":{"k":"v"}}]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		decodeBoth(t, line)
	})
}
