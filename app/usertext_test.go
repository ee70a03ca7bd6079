package app

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
)

// userTextFields are the string fields of Hamesh's own types (packages
// annotations, session, data, app) that hold what users typed or
// imported: titles, label names, span text, annotator names, notes.
var userTextFields = map[string]bool{
	"Title": true, "Name": true, "Label": true, "Text": true, "Source": true, "Annotator": true,
	"CuratedBy": true, "Description": true, "Note": true, "Claimant": true, "Path": true,
	"Query": true, "URL": true, "Names": true, "Labels": true, "Annotators": true,
	"A": true, "B": true, // the two annotators of an agreement pair
}

// userTextFuncs are functions and methods of Hamesh's own whose result is
// user text whatever their arguments.
var userTextFuncs = map[string]bool{"displayTitle": true, "text": true, "CurationText": true}

// fyneTextSinks are Fyne calls that draw their string arguments with
// Fyne's text painter, which shapes but never reorders: Arabic mixed with
// digits or Latin comes out in logical order. The value is which
// arguments are drawn (-1: all).
var fyneTextSinks = map[string]int{
	"fyne.io/fyne/v2/widget.NewLabel":                  0,
	"fyne.io/fyne/v2/widget.NewLabelWithStyle":         0,
	"fyne.io/fyne/v2/widget.NewButton":                 0,
	"fyne.io/fyne/v2/widget.NewButtonWithIcon":         0,
	"fyne.io/fyne/v2/widget.NewCheck":                  0,
	"fyne.io/fyne/v2/widget.NewSelect":                 0,
	"fyne.io/fyne/v2/widget.NewRadioGroup":             0,
	"fyne.io/fyne/v2/widget.NewFormItem":               0,
	"fyne.io/fyne/v2/widget.NewCard":                   -1,
	"fyne.io/fyne/v2/canvas.NewText":                   0,
	"fyne.io/fyne/v2.NewMenuItem":                      0,
	"fyne.io/fyne/v2.NewMenu":                          0,
	"fyne.io/fyne/v2/dialog.NewInformation":            -1,
	"fyne.io/fyne/v2/dialog.ShowInformation":           -1,
	"fyne.io/fyne/v2/dialog.NewConfirm":                -1,
	"fyne.io/fyne/v2/dialog.NewCustom":                 0,
	"fyne.io/fyne/v2/dialog.NewForm":                   0,
	"(*fyne.io/fyne/v2/widget.Label).SetText":          0,
	"(*fyne.io/fyne/v2/widget.Button).SetText":         0,
	"(*fyne.io/fyne/v2/widget.Check).SetText":          0,
	"(*fyne.io/fyne/v2/widget.Select).SetOptions":      0,
	"(*fyne.io/fyne/v2/widget.Select).SetSelected":     0,
	"(*fyne.io/fyne/v2/widget.RadioGroup).SetSelected": 0,
	"(*fyne.io/fyne/v2/widget.Card).SetTitle":          0,
	"(*fyne.io/fyne/v2/widget.Card).SetSubTitle":       0,
}

// fyneTextFields are fields of Fyne widgets drawn the same way.
var fyneTextFields = map[string]bool{
	"fyne.io/fyne/v2/widget.Select.Options":      true,
	"fyne.io/fyne/v2/widget.Select.Selected":     true,
	"fyne.io/fyne/v2/widget.RadioGroup.Options":  true,
	"fyne.io/fyne/v2/widget.Label.Text":          true,
	"fyne.io/fyne/v2/widget.Button.Text":         true,
	"fyne.io/fyne/v2/canvas.Text.Text":           true,
	"fyne.io/fyne/v2.MenuItem.Label":             true,
	"fyne.io/fyne/v2/widget.FormItem.Text":       true,
	"fyne.io/fyne/v2/widget.Check.Text":          true,
	"fyne.io/fyne/v2/widget.ToolbarAction.Label": true,
}

// userTextSanitizers rearrange user text into the order Fyne's painter
// draws right (bidilabel.go).
var userTextSanitizers = map[string]bool{"visualString": true, "visualLines": true, "visualError": true, "TV": true} // TV: translated, then visualString

// TestUserTextGoesThroughTheBidiLabel type-checks package app and fails on
// every place where text a user typed or imported — a title, a label
// name such as شخص, span text, an annotator's name — reaches a Fyne label,
// button, select, radio group, menu item, form item or canvas text
// without going through visualString (or being shown by a bidiLabel, which
// is not a Fyne sink): there Fyne would draw قال ترامب 2017 in logical
// order. User text is a userTextFields field of one of Hamesh's types, a
// userTextFuncs result, or a string computed from either (through
// variables, concatenation, fmt.Sprintf, append, slices); the check
// follows it through local variables within a function.
func TestUserTextGoesThroughTheBidiLabel(t *testing.T) {
	pkg, info, fset, files := typeCheckApp(t)
	var found []string
	for _, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			found = append(found, checkUserText(fset, info, pkg, fd.Body)...)
		}
		// Package-level function literals are inside FuncDecls or vars;
		// vars holding widgets are not built from user text.
	}
	sort.Strings(found)
	for _, s := range found {
		t.Error(s)
	}
}

// checkUserText reports user text reaching a Fyne text sink in body.
func checkUserText(fset *token.FileSet, info *types.Info, pkg *types.Package, body *ast.BlockStmt) []string {
	tainted := map[types.Object]bool{}
	var isUser func(e ast.Expr) bool
	isUser = func(e ast.Expr) bool {
		if e == nil {
			return false
		}
		if tv, ok := info.Types[e]; ok && tv.Type != nil && !isStringish(tv.Type) {
			return false
		}
		switch e := e.(type) {
		case *ast.Ident:
			return tainted[info.Uses[e]]
		case *ast.ParenExpr:
			return isUser(e.X)
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
				if ours(sel.Obj().Pkg()) && userTextFields[e.Sel.Name] {
					return true
				}
			}
			return isUser(e.X) && info.Selections[e] != nil && info.Selections[e].Kind() == types.FieldVal
		case *ast.BinaryExpr:
			return isUser(e.X) || isUser(e.Y)
		case *ast.IndexExpr:
			return isUser(e.X)
		case *ast.SliceExpr:
			return isUser(e.X)
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if isUser(el) {
					return true
				}
			}
			return false
		case *ast.CallExpr:
			name, obj := calleeName(info, e)
			if userTextSanitizers[name] {
				return false
			}
			if obj != nil && ours(obj.Pkg()) && userTextFuncs[name] {
				return true
			}
			if f, ok := e.Fun.(*ast.SelectorExpr); ok && obj != nil && ours(obj.Pkg()) && info.Selections[f] != nil {
				// A method of a record with user text (res.Table()).
				if holdsUserText(info.TypeOf(f.X)) || isUser(f.X) {
					return true
				}
			}
			if tv, ok := info.Types[e.Fun]; ok && tv.IsType() { // a conversion
				return len(e.Args) == 1 && isUser(e.Args[0])
			}
			for _, a := range e.Args {
				if isUser(a) {
					return true
				}
				// One of our functions given a record with user text
				// (rowMeta(row)) may put that text in its result.
				if obj != nil && ours(obj.Pkg()) && holdsUserText(info.TypeOf(a)) {
					return true
				}
			}
			return false
		}
		return false
	}
	// Taint local variables to a fixpoint.
	for changed := true; changed; {
		changed = false
		mark := func(lhs ast.Expr) {
			for {
				switch x := lhs.(type) {
				case *ast.IndexExpr:
					lhs = x.X
					continue
				case *ast.Ident:
					obj := info.Defs[x]
					if obj == nil {
						obj = info.Uses[x]
					}
					if obj != nil && !tainted[obj] {
						if _, isVar := obj.(*types.Var); isVar {
							tainted[obj] = true
							changed = true
						}
					}
				}
				return
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						if isUser(n.Rhs[i]) {
							mark(n.Lhs[i])
						}
					}
				}
			case *ast.ValueSpec:
				for i := range n.Names {
					if i < len(n.Values) && isUser(n.Values[i]) {
						mark(n.Names[i])
					}
				}
			case *ast.RangeStmt:
				if n.Value != nil && isUser(n.X) {
					mark(n.Value)
				}
				if n.Key != nil && isUser(n.X) {
					if _, isMap := info.TypeOf(n.X).Underlying().(*types.Map); isMap {
						mark(n.Key)
					}
				}
			}
			return true
		})
	}
	var out []string
	report := func(at ast.Node, what string, e ast.Expr) {
		var b bytes.Buffer
		b.WriteString(fset.Position(at.Pos()).String())
		b.WriteString(": user text reaches " + what + " without visualString: ")
		b.WriteString(exprString(fset, e))
		out = append(out, b.String())
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			_, obj := calleeName(info, n)
			if obj == nil {
				return true
			}
			key := funcKey(obj)
			arg, ok := fyneTextSinks[key]
			if !ok {
				return true
			}
			for i, a := range n.Args {
				if (arg == -1 || arg == i) && isUser(a) {
					report(n, key, a)
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				s, ok := l.(*ast.SelectorExpr)
				if !ok || i >= len(n.Rhs) {
					continue
				}
				sel := info.Selections[s]
				if sel == nil || sel.Kind() != types.FieldVal {
					continue
				}
				key := fieldKey(sel)
				if fyneTextFields[key] && isUser(n.Rhs[i]) {
					report(n, key, n.Rhs[i])
				}
			}
		}
		return true
	})
	return out
}

// isStringish reports whether t is a string, or a slice, array, map or
// struct that may hold strings (values user text flows through; a widget
// pointer made from user text does not count again).
func isStringish(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		return isStringish(u.Elem())
	case *types.Array:
		return isStringish(u.Elem())
	case *types.Map:
		return isStringish(u.Elem())
	case *types.Struct, *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// holdsUserText reports whether t is (a pointer to) a struct of ours with
// a user text field (a string or a slice of strings).
func holdsUserText(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || !ours(n.Obj().Pkg()) {
		return false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); userTextFields[f.Name()] && isStringish(f.Type()) {
			t := f.Type().Underlying()
			if sl, ok := t.(*types.Slice); ok {
				t = sl.Elem().Underlying()
			}
			if b, ok := t.(*types.Basic); ok && b.Info()&types.IsString != 0 {
				return true
			}
		}
	}
	return false
}

// ours reports whether p is a package of Hamesh's module.
func ours(p *types.Package) bool {
	return p != nil && (p.Path() == module || strings.HasPrefix(p.Path(), module+"/"))
}

const module = "github.com/hamesh-app/hamesh"

// calleeName returns the name of the function a call calls and its object
// (nil for function values).
func calleeName(info *types.Info, c *ast.CallExpr) (string, types.Object) {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		obj := info.Uses[f]
		return f.Name, obj
	case *ast.SelectorExpr:
		return f.Sel.Name, info.Uses[f.Sel]
	}
	return "", nil
}

// funcKey names a function "pkg.Name" or a method "(*pkg.Type).Name".
func funcKey(obj types.Object) string {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	sig := fn.Type().(*types.Signature)
	if r := sig.Recv(); r != nil {
		t := r.Type()
		ptr := ""
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if n, ok := t.(*types.Named); ok {
			return "(" + ptr + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")." + fn.Name()
		}
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// fieldKey names a field "pkg.Type.Field".
func fieldKey(sel *types.Selection) string {
	t := sel.Recv()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name() + "." + sel.Obj().Name()
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	p := fset.Position(e.Pos())
	q := fset.Position(e.End())
	src, err := os.ReadFile(p.Filename)
	if err != nil || q.Offset > len(src) {
		return "?"
	}
	b.Write(src[p.Offset:q.Offset])
	return b.String()
}

// typeCheckApp parses package app's non-test files and type-checks them
// against the export data go list gives for its dependencies.
func typeCheckApp(t *testing.T) (*types.Package, *types.Info, *token.FileSet, []*ast.File) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}", ".")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export -deps: %v", err)
	}
	exports := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok && v != "" {
			exports[k] = v
		}
	}
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		p, ok := exports[path]
		if !ok {
			return nil, os.ErrNotExist
		}
		return os.Open(p)
	})
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	pkg, err := conf.Check(module+"/app", fset, files, info)
	if err != nil {
		t.Fatalf("type-checking app: %v", err)
	}
	return pkg, info, fset, files
}

// TestArabicLabelNameInPaletteAndInspector uses a scheme whose entity
// label is named شخص (hotkey 7): the palette's button shows the name and
// hotkey in visual order (as visualString arranges them for Fyne) and
// applies شخص; the inspector's label choice lists it the same way, shows
// it as the selected span's label, and choosing it there relabels the
// span with the name itself, not its visual rearrangement.
func TestArabicLabelNameInPaletteAndInspector(t *testing.T) {
	st := newFakeStore()
	st.labels = append([]annotations.Label{
		{Name: "شخص", Kind: annotations.KindEntity, Color: "#1f77b4", Hotkey: "7"},
		{Name: "مكان", Kind: annotations.KindEntity, Color: "#2ca02c", Hotkey: "8"},
	}, st.labels...)
	id := st.addArticle("ويكيليكس وترامب", sample, annotations.StatusTodo)
	ws, _ := newTestWorkspace(t, st)
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	b := ws.palette.buttons["شخص"]
	if b == nil {
		t.Fatalf("no palette button for شخص: %v", ws.palette.buttons)
	}
	if want := visualString("7  شخص"); b.Text != want || want == "7  شخص" {
		t.Errorf("palette button %q, want %q (visual order)", b.Text, want)
	}
	userSelect(ws, rangeOf(t, sample, "جوليان أسانج", 0))
	test.Tap(b)
	spans := spansOf(t, st, id)
	if len(spans) != 1 || spans[0].Label != "شخص" {
		t.Fatalf("after tapping the شخص button: %+v", spans)
	}
	in := ws.inspector
	if got, want := in.SpanLabel.Selected, visualString("شخص"); got != want {
		t.Errorf("inspector shows label %q, want %q", got, want)
	}
	if in.SpanLabel.Options[1] != visualString("مكان") {
		t.Errorf("inspector options %q", in.SpanLabel.Options)
	}
	in.SpanLabel.SetSelectedIndex(1)
	if s := spansOf(t, st, id)[0]; s.Label != "مكان" {
		t.Errorf("relabelled in the inspector to %q, want مكان", s.Label)
	}
	if got := in.nodeText("l:entity:مكان"); got != "مكان (1)" {
		t.Errorf("inspector tree node %q", got)
	}
}
