package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations/formats"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
)

// TestTErrKeepsEnglish checks that in the English interface an error reads
// as its English text, whatever its chain holds.
func TestTErrKeepsEnglish(t *testing.T) {
	inner := annotations.Errorf(annotations.EINVALID, "article %q: %s [%d,%d) is outside the text (length %d code points)",
		"a1", annotations.Notef("span #%d", 2), 0, 99, 4)
	errs := []error{
		inner,
		annotations.Errorf(annotations.EINVALID, "%s:%d: %s", "bad.jsonl", 2, inner),
		fmt.Errorf("import: %w", inner),
		&session.Failure{What: session.Msgf("delete span"), Err: inner},
		&fs.PathError{Op: "open", Path: "/x/y.jsonl", Err: syscall.ENOENT},
		errors.Join(inner, errors.New("something else")),
		annotations.Failf("article %q: %w", "a1", inner),
		annotations.Errorf(annotations.ECONFLICT, "label %q marks %d %s spans; its kind cannot become %s", "PERS", 3, annotations.KindEntity, annotations.KindClaim),
	}
	for _, err := range errs {
		if got := TErr(err); got != err.Error() {
			t.Errorf("English: TErr = %q, Error() = %q", got, err.Error())
		}
	}
	wrapped := annotations.Failf("article %q: %w", "a1", errs[0])
	if !errors.Is(wrapped, errs[0]) || annotations.ErrorCode(wrapped) != annotations.EINVALID {
		t.Errorf("Failf does not wrap as fmt.Errorf does: %v, code %q", wrapped, annotations.ErrorCode(wrapped))
	}
	if TErr(nil) != "" {
		t.Error("TErr(nil) is not empty")
	}
}

// TestTErrArabic checks that an error is translated down its chain in the
// Arabic interface: the domain's format and its nested errors and notes,
// a wrapper's words, the session's what, the system's file error; the
// user's data (file names, ids) is kept as it is.
func TestTErrArabic(t *testing.T) {
	withLanguage(t, LangArabic, DigitsWestern, func() {
		inner := annotations.Errorf(annotations.EINVALID, "article %q: %s [%d,%d) is outside the text (length %d code points)",
			"a1", annotations.Notef("span #%d", 2), 0, 99, 4)
		outer := annotations.Errorf(annotations.EINVALID, "%s:%d: %s", "bad.jsonl", 2, inner)
		for _, c := range []struct {
			err  error
			want []string // in the translation
		}{
			{outer, []string{"bad.jsonl:2:", "المقال", `"a1"`, "المقطع رقم 2", "خارج النص", "[0,99)"}},
			{fmt.Errorf("import folder: %w", outer), []string{"import folder: ", "bad.jsonl:2:", "خارج النص"}},
			{&session.Failure{What: session.Msgf("delete span"), Err: outer}, []string{"bad.jsonl:2:", "خارج النص"}},
			{&fs.PathError{Op: "open", Path: "/x/y.jsonl", Err: syscall.ENOENT}, []string{"/x/y.jsonl", "فتح", "لا ملف"}},
			{annotations.Errorf(annotations.ECONFLICT, "label %q marks %d %s spans; its kind cannot become %s", "PERS", 3, annotations.KindEntity, annotations.KindClaim),
				[]string{`"PERS"`, "كيان", "ادعاء", "3"}},
			{annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", "x.txt", context.Canceled), []string{"x.txt", "أُلغي"}},
			{annotations.Failf("article %q: %w", "a1", inner), []string{`"a1"`, "المقطع رقم 2", "خارج النص"}},
		} {
			got := TErr(c.err)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("TErr(%q) = %q: lacks %q", c.err, got, w)
				}
			}
			if w := englishWords(got, "import", "folder", "bad", "jsonl", "x", "y", "txt", "PERS", "a"); len(w) > 0 {
				t.Errorf("TErr(%q) = %q: English words %q left", c.err, got, w)
			}
		}
		// Plural forms: the first count drives the noun.
		n := annotations.Notef("%d articles matched, %d new", 2, 0)
		if got := TNote(n); !strings.Contains(got, "مقالان") {
			t.Errorf("two articles: %q", got)
		}
		if got := TNote(annotations.Notef("%d articles matched, %d new", 11, 1)); !strings.Contains(got, "11 مقالاً") {
			t.Errorf("eleven articles: %q", got)
		}
	})
}

// englishWords returns the Latin words of s other than allowed.
func englishWords(s string, allowed ...string) []string {
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r < unicode.MaxASCII && unicode.IsLetter(r)) }) {
		if !ok[w] {
			out = append(out, w)
		}
	}
	return out
}

// TestArabicImportErrorNamesFileAndLine imports, in the Arabic interface,
// a JSONL file whose second line has a span outside its text and a file of
// invalid UTF-8: the status bar and the error dialog say so in Arabic,
// naming the file and the line.
func TestArabicImportErrorNamesFileAndLine(t *testing.T) {
	withLanguage(t, LangArabic, DigitsWestern, func() {
		db := openDB(t)
		ws, w := newTestWorkspace(t, db)
		dir := t.TempDir()
		outside := filepath.Join(dir, "outside.jsonl")
		good := `{"title":"مقال","text":"قال محمد إن القاهرة","spans":[{"kind":"entity","label":"PERS","start":4,"end":8}]}` + "\n"
		bad := `{"title":"x","text":"قصير","spans":[{"kind":"entity","label":"PERS","start":0,"end":99}]}` + "\n"
		if err := os.WriteFile(outside, []byte(good+bad), 0o644); err != nil {
			t.Fatal(err)
		}
		invalid := filepath.Join(dir, "invalid.jsonl")
		if err := os.WriteFile(invalid, []byte(good+"{\"title\":\"\xff\xfe\",\"text\":\"x\"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path, where, what string
		}{
			{outside, "outside.jsonl:2:", "خارج النص"},
			{invalid, "invalid.jsonl:2:", "ليس UTF-8 صالحاً"},
		} {
			ws.importFiles([]string{c.path})
			status := ws.StatusText()
			if !strings.Contains(status, c.where) || !strings.Contains(status, c.what) {
				t.Errorf("status %q: want %q and %q", status, c.where, c.what)
			}
			if words := englishWords(strings.ReplaceAll(status, dir, ""), "outside", "invalid", "jsonl", "UTF"); len(words) > 0 {
				t.Errorf("status %q: English words %q left", status, words)
			}
			if ws.modal == nil {
				t.Fatalf("%s: no error dialog", c.path)
			}
			shown := overlayText(w)
			if !strings.Contains(shown, filepath.Base(c.path)) || !strings.Contains(shown, strings.Fields(c.what)[0]) || strings.Contains(shown, "outside the text") || strings.Contains(shown, "not valid") {
				t.Errorf("dialog %q: want the file and %q in Arabic", shown, c.what)
			}
			ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}
		if n, err := db.CountArticles(t.Context(), annotations.ArticleFilter{}); err != nil || n != 0 {
			t.Errorf("the failed imports stored %d articles (err %v)", n, err)
		}
	})
}

// overlayText joins the label texts of the window's top overlay (a
// dialog), lines joined with spaces.
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(strings.ReplaceAll(v.Text, "\n", " ") + " ")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

// TestOpenErrorShownWhenTheWindowOpens: files the window was asked to open
// that could not be imported (hamesh gui FILE, a file opened from the
// desktop) leave the window open with a dialog saying why, in the
// interface's language, naming the file and line.
func TestOpenErrorShownWhenTheWindowOpens(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "outside.jsonl")
	if err := os.WriteFile(bad, []byte(`{"title":"x","text":"قصير","spans":[{"kind":"entity","label":"PERS","start":0,"end":99}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, readErr := formats.Read(t.Context(), bad, "auto", nil)
	if readErr == nil {
		t.Fatal("the bad file was read without an error")
	}
	withLanguage(t, LangArabic, DigitsWestern, func() {
		opt := testOptions
		opt.OpenError = readErr
		ws, w := newTestWorkspaceWith(t, openDB(t), opt)
		if ws.modal == nil {
			t.Fatal("the window opened without saying the file could not be imported")
		}
		shown := overlayText(w)
		if !strings.Contains(shown, "outside.jsonl:1") || !strings.Contains(shown, "خارج النص") || strings.Contains(shown, "outside the text") {
			t.Errorf("dialog %q: want the file, its line and the reason in Arabic", shown)
		}
	})
}
