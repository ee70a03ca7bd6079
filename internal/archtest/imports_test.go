package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/hamesh-app/hamesh"

// rules are docs/ARCHITECTURE.md's "what may import what": no package
// under from (itself included) may depend, directly or not, on a package
// under any of banned. A prefix ending in "/" matches the path below it;
// otherwise it matches the path itself and below.
var rules = []struct {
	from   string
	banned []string
	why    string
}{
	{module + "/annotations", []string{"fyne.io/", "database/sql", "github.com/mattn/go-sqlite3", module + "/data", module + "/app"},
		"the domain imports neither Fyne nor SQL"},
	{module + "/data", []string{"fyne.io/", module + "/app"},
		"the store knows nothing of the GUI"},
	{module + "/app", []string{module + "/data", "database/sql", "github.com/mattn/go-sqlite3"},
		"the GUI sees the store only through annotations.Store"},
	{module + "/app/session", []string{"fyne.io/"},
		"the editing session runs without a display"},
	{module + "/app/schedule", []string{"fyne.io/"},
		"the scheduler is injected; it does not pick Fyne itself"},
	{module + "/app/field", []string{"fyne.io/", module + "/data", module + "/app/session", module + "/app/articleview"},
		"the text field's model runs without a display, on the layout engine alone"},
	{module + "/app/layout", []string{module + "/annotations", module + "/data", module + "/app/"},
		"the text engine stands alone: it imports nothing of ours but assets"},
	{module + "/assets", []string{module + "/annotations", module + "/data", module + "/app"},
		"assets imports nothing of ours"},
}

// deps returns every package of the module with its dependencies (test
// files excluded, as the rules are about what ships).
func deps(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 {
			m[f[0]] = f[1:]
		}
	}
	if len(m) < 10 {
		t.Fatalf("go list found only %d packages:\n%s", len(m), out)
	}
	return m
}

// under reports whether path is prefix or below it ("x/" matches only
// below x).
func under(path, prefix string) bool {
	if strings.HasSuffix(prefix, "/") {
		return strings.HasPrefix(path, prefix)
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func TestImportRules(t *testing.T) {
	all := deps(t)
	for _, r := range rules {
		checked := 0
		for pkg, ds := range all {
			if !under(pkg, r.from) {
				continue
			}
			checked++
			for _, d := range ds {
				for _, b := range r.banned {
					if under(d, b) {
						t.Errorf("%s depends on %s: %s", pkg, d, r.why)
					}
				}
			}
		}
		if checked == 0 {
			t.Errorf("rule for %s matched no package", r.from)
		}
	}
}

// TestRulesCanFail checks the checker on made-up dependencies, so a rule
// that can never fire is caught.
func TestRulesCanFail(t *testing.T) {
	if !under("fyne.io/fyne/v2", "fyne.io/") || under("fyne.io", "fyne.io/") {
		t.Fatal("prefix with a slash")
	}
	if !under(module+"/app/layout", module+"/app") || under(module+"/application", module+"/app") {
		t.Fatal("prefix without a slash")
	}
	if !under(module+"/app/layout", module+"/app/") || under(module+"/app", module+"/app/") {
		t.Fatal("subpackages only")
	}
}
