package jsonl

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// TestFastUnmarshal checks the hand-written reader against encoding/json:
// on the golden file's lines, on hand-made lines that take the fallback
// (other spellings, nulls, floats, duplicates, unknown keys, escapes), and
// on 20,000 random mutations of the golden lines. Wherever fastUnmarshal
// reports true, json.Unmarshal must succeed with the same result.
func TestFastUnmarshal(t *testing.T) {
	golden, err := os.ReadFile(filepath.Join("testdata", "native.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(golden), []byte("\n"))
	fast := 0
	check := func(line []byte) {
		t.Helper()
		if !utf8.Valid(line) {
			return
		}
		var got, want article
		ok := fastUnmarshal(line, &got)
		err := json.Unmarshal(line, &want)
		if !ok {
			return
		}
		fast++
		if err != nil {
			t.Fatalf("fastUnmarshal accepts a line encoding/json refuses (%v):\n%s", err, line)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fastUnmarshal reads\n%+v\nencoding/json\n%+v\nfrom %s", got, want, line)
		}
	}
	for _, l := range lines {
		check(l)
	}
	if fast != len(lines) {
		t.Fatalf("only %d of the %d golden lines take the fast path", fast, len(lines))
	}
	hand := []string{
		`{"id":"a","text":"x"}`,
		` { "id" : "a" , "text" : "x\n\"\\\/\b\f\r\t\u00e9\ud83d\ude00" } `,
		`{"ID":"a","text":"x"}`,
		`{"id":null,"text":"x"}`,
		`{"text":"x","spans":[{"start":1.0,"end":2}]}`,
		`{"text":"x","spans":[{"start":1e0,"end":2}]}`,
		`{"text":"x","spans":[{"start":-0,"end":2}]}`,
		`{"text":"x","spans":[{"start":01,"end":2}]}`,
		`{"text":"x","spans":[{"start":99999999999999999999,"end":2}]}`,
		`{"text":"x","text":"y"}`,
		`{"text":"x","extra":{"a":[1,2]}}`,
		`{"text":"x","spans":[{"attributes":{}}]}`,
		`{"text":"x","spans":[{"attributes":{"a":"1","a":"2"}}]}`,
		`{"text":"x","spans":[{"attributes":{"a":1}}]}`,
		`{"text":"x","spans":null}`,
		`{"text":"x","relations":[{"id":"r","type":"t","from":"a","to":"b","created_at":"2026-01-01T00:00:00Z"}]}`,
		`{"text":"\ud800"}`,
		`{"text":"\ud800\u0041"}`,
		`{"text":"tab	raw"}`,
		`{"text":"x"} trailing`,
		`{"text":"x",}`,
		`[]`,
		`{}`,
	}
	for _, h := range hand {
		check([]byte(h))
	}
	rng := rand.New(rand.NewSource(3))
	alphabet := []byte(`{}[]:,"\ 0123456789-.eE nultrfa` + "\t\n")
	for range 20000 {
		l := append([]byte(nil), lines[rng.Intn(len(lines))]...)
		for range 1 + rng.Intn(3) {
			i := rng.Intn(len(l))
			switch rng.Intn(3) {
			case 0:
				l = append(l[:i], l[i+1:]...)
			case 1:
				l[i] = alphabet[rng.Intn(len(alphabet))]
			default:
				l = append(l[:i], append([]byte{alphabet[rng.Intn(len(alphabet))]}, l[i:]...)...)
			}
		}
		check(l)
	}
	if fast < 1000 {
		t.Fatalf("only %d mutated lines took the fast path: the mutations test little", fast)
	}
}
