package app

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestUIFontCoversWhatTheGUIShows checks that the theme's own faces hold
// every character the GUI shows outside the article view — Arabic titles,
// Latin, digits, the library's status marks — so nothing depends on fonts
// installed on the machine (Fyne would otherwise fall back to system fonts).
func TestUIFontCoversWhatTheGUIShows(t *testing.T) {
	th := &variantTheme{variant: "dark"}
	texts := []string{
		"دونالد ترامب الابن تواصل مع \"ويكيليكس\" خلال حملة الانتخابات الرئاسية، لـ «تويتر» ٢٠١٦ ؟",
		"ادّعى مؤسس موقع ويكيليكس، جوليان أسانج", // shadda
		"Fact-checkers in Amman (12%) — 3,000 articles…",
		statusName(annotations.StatusTodo) + statusName(annotations.StatusInProgress) + statusName(annotations.StatusDone),
	}
	texts = append(texts, guiStringLiterals(t)...)
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}} {
		res := th.Font(style)
		face, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatalf("%+v: %s: %v", style, res.Name(), err)
		}
		for _, s := range texts {
			for _, r := range s {
				if r == ' ' || r < 0x20 || annotations.IsInvisibleControl(r) {
					continue
				}
				if _, ok := face.NominalGlyph(r); !ok {
					t.Errorf("%+v: %s has no glyph for %q (U+%04X)", style, res.Name(), r, r)
				}
			}
		}
	}
}

// guiStringLiterals returns every string literal with a character beyond
// ASCII in the package's non-test sources: the key help, the first-run pane,
// the agreement view's κ and α, arrows and dashes. A character added there
// that the bundled UI faces lack would show as a box on a machine with no
// fonts installed, which is how a fresh Debian showed "↑ ↓" before.
func guiStringLiterals(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		fs := token.NewFileSet()
		f, err := parser.ParseFile(fs, name, nil, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, r := range s {
				if r > 0x7e {
					out = append(out, s)
					break
				}
			}
			return true
		})
	}
	if len(out) == 0 {
		t.Fatal("found no string literal beyond ASCII in the package; the scan is broken")
	}
	return out
}
