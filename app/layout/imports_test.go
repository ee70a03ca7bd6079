package layout

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// module is the path of Hamesh's module.
const module = "github.com/hamesh-app/hamesh"

// TestStandsAlone fails if the engine depends on any package of Hamesh but
// assets (its bundled fonts): it has its own Direction and Error, so the
// article view, the render command and anything later can use it without
// the domain. The dependencies are go list's, transitive, without tests
// (the tests use annotations' word edges as data to check against).
func TestStandsAlone(t *testing.T) {
	goTool, err := exec.LookPath("go") // go test puts its own go first in PATH
	if err != nil {
		t.Fatalf("no go command to list the dependencies: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list -deps: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list -deps: %v", err)
	}
	self, allowed := module+"/app/layout", map[string]bool{module + "/assets": true}
	seen := false
	for _, p := range strings.Fields(string(out)) {
		if p == self {
			seen = true
			continue
		}
		if (p == module || strings.HasPrefix(p, module+"/")) && !allowed[p] {
			t.Errorf("app/layout depends on %s; it may use only %s/assets of this module", p, module)
		}
	}
	if !seen {
		t.Fatalf("go list -deps did not list %s itself:\n%s", self, out)
	}
}

// isInvalid reports whether err is an *Error of kind Invalid.
func isInvalid(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == Invalid
}
