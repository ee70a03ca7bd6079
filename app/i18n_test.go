package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
)

// keyArgs names, per package directory, the calls whose argument at the
// given index is a translation id: the app's T and TN and the helpers that
// translate their format (setStatus, showError), and the session's status
// messages, which the app translates (session.Message).
var keyArgs = map[string]map[string]int{
	".": {"T": 0, "TV": 0, "TN": 0, "setStatus": 0, "showError": 0, "K": 0, "item": 0, "status": 0},
	"session": {"say": 0, "sayFailure": 0, "Msgf": 0, "status": 1, "fail": 1,
		"failed": 1, "write": 0, "wrapf": 0},
}

// mustBeLiteral are the calls whose id must be a string literal, so the
// translation files can be checked.
var mustBeLiteral = map[string]bool{"T": true, "TV": true, "TN": true, "K": true}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// callName is the name of the function a call calls (T, ws.setStatus →
// setStatus, widget.NewLabel → widget.NewLabel).
func callName(c *ast.CallExpr) (pkg, name string) {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return "", f.Name
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id.Name, f.Sel.Name
		}
		return "", f.Sel.Name
	}
	return "", ""
}

// usedKeys returns the translation ids the code uses, and the places
// where T or TN is given something other than a string literal.
func usedKeys(t *testing.T) (map[string]string, []string) {
	t.Helper()
	keys := map[string]string{}
	var bad []string
	for _, root := range domainRoots {
		domainKeys(t, root, keys, &bad)
	}
	for dir, funcs := range keyArgs {
		fset, files := parseDir(t, dir)
		consts := stringConsts(files)
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					_, name := callName(n)
					i, ok := funcs[name]
					if !ok || i >= len(n.Args) {
						return true
					}
					if lit, ok := n.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, err := strconv.Unquote(lit.Value)
						if err != nil {
							t.Fatal(err)
						}
						keys[s] = fset.Position(lit.Pos()).String()
					} else if id, ok := n.Args[i].(*ast.Ident); ok && consts[id.Name] != "" {
						keys[consts[id.Name]] = fset.Position(id.Pos()).String()
					} else if mustBeLiteral[name] {
						bad = append(bad, fset.Position(n.Pos()).String())
					}
				case *ast.CompositeLit: // session.Message{Format: "…"}
					for _, e := range n.Elts {
						kv, ok := e.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Format" {
							if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
								s, _ := strconv.Unquote(lit.Value)
								keys[s] = fset.Position(lit.Pos()).String()
							}
						}
					}
				}
				return true
			})
		}
	}
	return keys, bad
}

// domainRoots are the Fyne-free trees whose errors and notes the window
// shows translated (TErr, TNote): every format they give
// annotations.Errorf, annotations.Notef, a Warnf, or a helper of theirs
// that passes its format on to one of those, is a translation id.
var domainRoots = []string{"../annotations", "../data"}

// domainKeys adds to keys the formats of the errors and notes made in the
// packages under root, and to bad the calls whose format is computed.
func domainKeys(t *testing.T, root string, keys map[string]string, bad *[]string) {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		fset, files := parseDir(t, dir)
		pkgHelpers := map[string]int{}
		fileHelpers := make([]map[string]int, len(files))
		for i, f := range files {
			fileHelpers[i] = map[string]int{}
			findFormatHelpers(f, pkgHelpers, fileHelpers[i])
		}
		for i, f := range files {
			pkg := f.Name.Name
			ast.Inspect(f, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				at, ok := formatArg(c, pkg)
				if !ok {
					_, name := callName(c)
					if at, ok = fileHelpers[i][name]; !ok {
						at, ok = pkgHelpers[name]
					}
				}
				if !ok || at >= len(c.Args) {
					return true
				}
				switch a := c.Args[at].(type) {
				case *ast.BasicLit:
					s, err := strconv.Unquote(a.Value)
					if err != nil {
						t.Fatal(err)
					}
					keys[s] = fset.Position(a.Pos()).String()
				case *ast.Ident:
					if a.Name != "format" { // a helper passing its own format on
						*bad = append(*bad, fset.Position(c.Pos()).String())
					}
				default:
					*bad = append(*bad, fset.Position(c.Pos()).String())
				}
				return true
			})
		}
	}
}

// formatArg returns the index of the format among c's arguments when c
// makes a translatable error or note: annotations.Errorf (Errorf inside
// package annotations), annotations.Notef and annotations.Failf, a Warnf,
// agreement's undefined (the reason a figure is undefined).
func formatArg(c *ast.CallExpr, pkg string) (int, bool) {
	x, name := callName(c)
	switch {
	case name == "Errorf" && (x == "annotations" || x == "" && pkg == "annotations"):
		return 1, true
	case (name == "Notef" || name == "Failf") && (x == "annotations" || x == "" && pkg == "annotations"):
		return 0, true
	case name == "Warnf" && x != "fmt":
		return 0, true
	case name == "undefined" && x == "" && pkg == "agreement": // agreement's reasons for an undefined figure
		return 0, true
	}
	return 0, false
}

// findFormatHelpers records the functions of f with a parameter named
// format that they give to a call formatArg knows: a method or function in
// pkg, a function literal (assigned to a name) in file.
func findFormatHelpers(f *ast.File, pkg, file map[string]int) {
	passesFormat := func(body *ast.BlockStmt) bool {
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if at, ok := formatArg(c, f.Name.Name); ok && at < len(c.Args) {
					if id, ok := c.Args[at].(*ast.Ident); ok && id.Name == "format" {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	formatIndex := func(ft *ast.FuncType) int {
		i := 0
		for _, p := range ft.Params.List {
			for _, n := range p.Names {
				if n.Name == "format" {
					return i
				}
				i++
			}
		}
		return -1
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if i := formatIndex(n.Type); i >= 0 && n.Body != nil && passesFormat(n.Body) &&
				n.Name.Name != "Errorf" && n.Name.Name != "Notef" && n.Name.Name != "Failf" && n.Name.Name != "Warnf" {
				pkg[n.Name.Name] = i
			}
		case *ast.AssignStmt:
			for j, r := range n.Rhs {
				fl, ok := r.(*ast.FuncLit)
				if !ok || j >= len(n.Lhs) {
					continue
				}
				if id, ok := n.Lhs[j].(*ast.Ident); ok {
					if i := formatIndex(fl.Type); i >= 0 && passesFormat(fl.Body) {
						file[id.Name] = i
					}
				}
			}
		}
		return true
	})
}

// stringConsts returns the string constants the files declare.
func stringConsts(files []*ast.File) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							out[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	return out
}

// translationFile reads translations/name as id → text or plural forms.
func translationFile(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := translationFS.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("translations/%s: %v", name, err)
	}
	return m
}

// TestTranslationFilesMatchCode fails when the code uses an id a
// translation file lacks, or a file holds an id no code uses.
func TestTranslationFilesMatchCode(t *testing.T) {
	used, bad := usedKeys(t)
	for _, p := range bad {
		t.Errorf("%s: T or TN is given a computed id; give it a string literal so the translation files can be checked", p)
	}
	if len(used) < 100 {
		t.Fatalf("found only %d translation ids in the code: the scan is broken", len(used))
	}
	for _, name := range []string{"en.json", "ar.json"} {
		file := translationFile(t, name)
		var missing, unused []string
		for k, pos := range used {
			if _, ok := file[k]; !ok {
				missing = append(missing, pos+": "+strconv.Quote(k))
			}
		}
		for k := range file {
			if _, ok := used[k]; !ok {
				unused = append(unused, strconv.Quote(k))
			}
		}
		sort.Strings(missing)
		sort.Strings(unused)
		for _, m := range missing {
			t.Errorf("translations/%s lacks the id used at %s", name, m)
		}
		for _, u := range unused {
			t.Errorf("translations/%s holds %s, which no code uses", name, u)
		}
	}
}

// TestTranslationsKeepVerbs fails when a translation's fmt verbs do not
// match its id's (a lost %s would print %!(EXTRA …) in the interface).
func TestTranslationsKeepVerbs(t *testing.T) {
	for _, name := range []string{"en.json", "ar.json"} {
		for id, v := range translationFile(t, name) {
			want := verbs(id)
			var texts []string
			switch v := v.(type) {
			case string:
				texts = []string{v}
			case map[string]any:
				for _, f := range v {
					texts = append(texts, f.(string))
				}
				want = append([]string{"d"}, want...) // TN's count comes first
				if strings.Contains(id, "%d") {
					want = verbs(id)
				}
			}
			for _, text := range texts {
				if got := verbs(text); strings.Join(sorted(got), " ") != strings.Join(sorted(want), " ") {
					t.Errorf("translations/%s: %q has verbs %v; its id %q has %v", name, text, got, id, want)
				}
			}
		}
	}
}

// verbs lists the fmt verbs of s (without explicit indexes).
func verbs(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.ContainsRune("[]0123456789.+-# ", rune(s[j])) {
			j++
		}
		if j < len(s) {
			if s[j] != '%' {
				out = append(out, string(s[j]))
			}
			i = j
		}
	}
	return out
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}

// TestFyneTranslationsAreFyneKeys fails when fyne.ar.json, which
// translates Fyne's own widgets, holds an id Fyne does not use.
func TestFyneTranslationsAreFyneKeys(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Skipf("find Fyne's module: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lang", "translations", "base.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	fyneKeys := map[string]any{}
	if err := json.Unmarshal(b, &fyneKeys); err != nil {
		t.Fatal(err)
	}
	for k := range translationFile(t, "fyne.ar.json") {
		if _, ok := fyneKeys[k]; !ok {
			t.Errorf("translations/fyne.ar.json holds %q, which Fyne 2.7.1 does not use", k)
		}
	}
}

// untranslatedCalls are the Fyne constructors and setters whose text the
// user sees: a string literal given to them straight is a string that
// skipped translation.
var untranslatedCalls = map[string]bool{
	"widget.NewLabel": true, "widget.NewLabelWithStyle": true, "widget.NewButton": true,
	"widget.NewButtonWithIcon": true, "widget.NewCheck": true, "widget.NewFormItem": true,
	"widget.NewHyperlink": true, "widget.NewRadioGroup": true, "widget.NewSelect": true, "newSelect": true,
	"widget.NewAccordionItem": true, "container.NewTabItem": true,
	"fyne.NewMenuItem": true, "fyne.NewMenu": true,
	"dialog.NewForm": true, "dialog.NewConfirm": true, "dialog.NewInformation": true,
	"dialog.NewCustom": true, "dialog.NewCustomConfirm": true, "dialog.NewCustomWithoutButtons": true,
	"dialog.ShowInformation": true, "dialog.ShowConfirm": true, "dialog.NewColorPicker": true,
	".SetPlaceHolder": true, ".SetText": true, ".SetTitle": true, "newBidiLabelText": true,
	"newCheck": true, "newRadioChoice": true, "newFormDialog": true, "newLeadingLabel": true, // mirror.go
}

// hasLetters reports whether a literal holds words (not "", "…", "%s").
func hasLetters(s string) bool {
	if !strings.Contains(s, " ") && strings.Contains(s, ".") {
		return false // a file name
	}
	s = strings.NewReplacer("%s", "", "%d", "", "%v", "", "%q", "").Replace(s)
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// TestNoUntranslatedWidgetText fails when app passes a string literal with
// words straight to a Fyne label, button, check, form item, menu or
// dialog, or to SetText / SetPlaceHolder, instead of through T.
func TestNoUntranslatedWidgetText(t *testing.T) {
	fset, files := parseDir(t, ".")
	checked := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			pkg, name := callName(c)
			full := pkg + "." + name
			if _, isSel := c.Fun.(*ast.SelectorExpr); isSel && !untranslatedCalls[full] {
				full = "." + name
			}
			if !untranslatedCalls[full] {
				return true
			}
			checked++
			var lits []*ast.BasicLit
			for _, a := range c.Args {
				ast.Inspect(a, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.CallExpr:
						_, fn := callName(n)
						if _, translates := keyArgs["."][fn]; translates || fn == "TK" || fn == "Num" || fn == "visualString" {
							return false
						}
						return !(len(n.Args) > 0 && isFuncLit(n)) // handlers are checked on their own
					case *ast.FuncLit:
						return false
					case *ast.IndexExpr: // byLabel["Export…"]: a map key
						return false
					case *ast.BasicLit:
						if n.Kind == token.STRING {
							lits = append(lits, n)
						}
					}
					return true
				})
			}
			for _, lit := range lits {
				if s, _ := strconv.Unquote(lit.Value); hasLetters(s) {
					t.Errorf("%s: %s is given the untranslated %s: wrap it in T(…)", fset.Position(lit.Pos()), full, lit.Value)
				}
			}
			return true
		})
	}
	if checked < 50 {
		t.Fatalf("checked only %d widget calls: the scan is broken", checked)
	}
}

func isFuncLit(c *ast.CallExpr) bool {
	_, ok := c.Fun.(*ast.FuncLit)
	return ok
}

// withLanguage runs f with the interface in code and digits, then puts
// English and Western digits back.
func withLanguage(t *testing.T, code, digits string, f func()) {
	t.Helper()
	SetLanguage(code)
	SetDigits(digits)
	defer func() {
		SetLanguage(LangEnglish)
		SetDigits(DigitsWestern)
	}()
	f()
}

// TestArabicPlurals checks the six CLDR plural forms of Arabic, and
// English's two.
func TestArabicPlurals(t *testing.T) {
	ar := map[int]string{
		0:   "0 مقال",
		1:   "1 مقال",
		2:   "2 مقالان",
		3:   "3 مقالات",
		10:  "10 مقالات",
		11:  "11 مقالاً",
		99:  "99 مقالاً",
		100: "100 مقال",
		102: "102 مقال",
		103: "103 مقالات",
	}
	withLanguage(t, LangArabic, DigitsWestern, func() {
		for n, want := range ar {
			if got := TN("%d articles", n); got != want {
				t.Errorf("Arabic, %d articles: got %q, want %q", n, got, want)
			}
		}
	})
	withLanguage(t, LangArabic, DigitsArabicIndic, func() {
		if got, want := TN("%d articles", 11), "١١ مقالاً"; got != want {
			t.Errorf("Arabic-Indic digits: got %q, want %q", got, want)
		}
	})
	en := map[int]string{0: "0 articles", 1: "1 article", 2: "2 articles", 11: "11 articles"}
	for n, want := range en {
		if got := TN("%d articles", n); got != want {
			t.Errorf("English, %d articles: got %q, want %q", n, got, want)
		}
	}
}

// TestDigitsOnlyInCounts checks that Arabic-Indic digits change the counts
// T formats and never a text argument (a title with digits).
func TestDigitsOnlyInCounts(t *testing.T) {
	withLanguage(t, LangEnglish, DigitsArabicIndic, func() {
		got := T("exported %d articles as %s to %s", 12, "jsonl", "/tmp/run2024.jsonl")
		if want := "exported ١٢ articles as jsonl to /tmp/run2024.jsonl"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if got := Num(305); got != "٣٠٥" {
			t.Errorf("Num(305) = %q", got)
		}
	})
	if got := T("exported %d articles as %s to %s", 12, "jsonl", "x"); got != "exported 12 articles as jsonl to x" {
		t.Errorf("Western digits: got %q", got)
	}
}

// TestSessionMessagesTranslate checks that a status message the session
// makes is shown in Arabic, its nested what included.
func TestSessionMessagesTranslate(t *testing.T) {
	withLanguage(t, LangArabic, DigitsWestern, func() {
		if got := TMsg(session.Msgf("select some text first, then press a label key")); got == "select some text first, then press a label key" || got == "" {
			t.Errorf("not translated: %q", got)
		}
		setLabelNames(annotations.DefaultScheme())
		defer setLabelNames(nil)
		if got := TMsg(session.Msgf("relabelled as %s", session.LabelRef("PERS"))); !strings.Contains(got, "شخص") || strings.Contains(got, "PERS") {
			t.Errorf("a label in a message is not named in Arabic: %q", got)
		}
		got := TMsg(session.Msgf("%s: %v", session.Msgf("delete a span"), "disk full"))
		if !strings.Contains(got, "disk full") || strings.Contains(got, "delete a span") {
			t.Errorf("nested message: %q", got)
		}
	})
}

// TestResolveLanguage checks the preference and the system locale.
func TestResolveLanguage(t *testing.T) {
	for _, c := range []struct{ pref, system, want string }{
		{"", "ar-EG", LangArabic}, {"", "en-GB", LangEnglish}, {"", "fr", LangEnglish},
		{"en", "ar", LangEnglish}, {"ar", "en-US", LangArabic}, {"xx", "ar", LangArabic},
	} {
		if got := resolveLanguage(c.pref, c.system); got != c.want {
			t.Errorf("resolveLanguage(%q, %q) = %q, want %q", c.pref, c.system, got, c.want)
		}
	}
}

// TestLabelDisplay checks that the Arabic interface shows a label's
// Arabic name and the English one its code.
func TestLabelDisplay(t *testing.T) {
	l := annotations.Label{Name: "PERS", Arabic: "شخص"}
	if got := LabelDisplay(l); got != "PERS" {
		t.Errorf("English: %q", got)
	}
	withLanguage(t, LangArabic, DigitsWestern, func() {
		if got := LabelDisplay(l); got != "شخص" {
			t.Errorf("Arabic: %q", got)
		}
		if got := LabelDisplay(annotations.Label{Name: "MISC"}); got != "MISC" {
			t.Errorf("Arabic without a name: %q", got)
		}
	})
}

// TestArabicLinesReadRightToLeft checks that an Arabic interface line
// starting with a key name or a language code is laid out right to left:
// the key at the right end, the line's end at the left.
func TestArabicLinesReadRightToLeft(t *testing.T) {
	runs, rtl := visualRunsIn("F1 يعرض كل المفاتيح.", annotations.RTL)
	if !rtl || len(runs) == 0 || runs[len(runs)-1] != "F1" || runs[0] != "." {
		t.Errorf("runs %q, rtl %v: want the line right to left, F1 at the right", runs, rtl)
	}
	runs, rtl = visualRuns("F1 يعرض كل المفاتيح.")
	if rtl || runs[0] != "F1 " {
		t.Errorf("without a direction the first strong letter rules: runs %q, rtl %v", runs, rtl)
	}
}
