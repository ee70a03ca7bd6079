package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestWindowWithoutDisplay runs the window with no display to open it on:
// DISPLAY unset, and DISPLAY naming no X server. Each ends with exit code
// 1 and a message saying what is wrong and what works instead, never a
// GLFW panic with a stack trace, and the database is left usable.
func TestWindowWithoutDisplay(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("X11 only")
	}
	bin := hameshBinary(t)
	db := filepath.Join(t.TempDir(), "a.db")
	for _, tc := range []struct {
		display string
		want    string
	}{
		{"", "cannot open the window: DISPLAY is not set"},
		{":987", `cannot open the window on DISPLAY=":987"`},
	} {
		cmd := exec.Command(bin, "gui", "--db", db, "--annotator", "mona")
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "DISPLAY="+tc.display)
		out, err := cmd.CombinedOutput()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 {
			t.Errorf("DISPLAY=%q: %v, want exit code 1\n%s", tc.display, err, out)
		}
		if !strings.Contains(string(out), tc.want) || !strings.Contains(string(out), "hamesh help") {
			t.Errorf("DISPLAY=%q: output %q, want %q and what works instead", tc.display, out, tc.want)
		}
		if strings.Contains(string(out), "goroutine") || strings.Contains(string(out), "panic") {
			t.Errorf("DISPLAY=%q: a stack trace:\n%s", tc.display, out)
		}
	}
	if out, err := exec.Command(bin, "list", "--db", db).CombinedOutput(); err != nil {
		t.Errorf("list after the failed window: %v\n%s", err, out)
	}
}
