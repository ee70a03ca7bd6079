package agreement

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports keeps the package pure (docs/ARCHITECTURE.md): the standard
// library and what package annotations uses, no Fyne, no SQL, nothing of
// data or app.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	allowed := []string{"github.com/hamesh-app/hamesh/annotations", "github.com/rivo/uniseg", "golang.org/x/text/"}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "database/sql") {
			t.Errorf("package agreement depends on %s", p)
		}
		if !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			continue // the standard library
		}
		if p == "github.com/hamesh-app/hamesh/annotations/agreement" {
			continue
		}
		ok := false
		for _, a := range allowed {
			if p == a || (strings.HasSuffix(a, "/") && strings.HasPrefix(p, a)) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("package agreement depends on %s", p)
		}
	}
}
