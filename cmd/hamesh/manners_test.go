package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cli runs a command line through run, as main does, and returns its exit
// code and output.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestHelpEverywhere: --help, -h and help list every command and exit 0;
// help COMMAND and COMMAND --help show that command's flags and an
// example, on standard output, exit 0. Before, `hamesh --help` printed only
// the window's -db flag.
func TestHelpEverywhere(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, stderr := cli(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("hamesh %v: exit %d, stderr %q", args, code, stderr)
		}
		for _, c := range commands {
			if !strings.Contains(out, "hamesh "+c.name) {
				t.Errorf("hamesh %v does not list %s:\n%s", args, c.name, out)
			}
		}
	}
	for _, c := range commands {
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}} {
			code, out, stderr := cli(t, args...)
			if code != 0 || stderr != "" {
				t.Fatalf("hamesh %v: exit %d, stderr %q", args, code, stderr)
			}
			if !strings.Contains(out, "usage: hamesh "+c.name) || !strings.Contains(out, "example:") {
				t.Errorf("hamesh %v lacks the usage line or the example:\n%s", args, out)
			}
			if c.name != "completion" && !strings.Contains(out, "-db") {
				t.Errorf("hamesh %v does not list the flags:\n%s", args, out)
			}
		}
	}
}

// TestVersion: --version prints the version, the commit and the Go version.
func TestVersion(t *testing.T) {
	code, out, _ := cli(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "hamesh "+version+"\n") || !strings.Contains(out, "commit ") || !strings.Contains(out, "go1.") {
		t.Fatalf("--version: exit %d, %q", code, out)
	}
}

// TestVersionMatchesFyneApp: the version a plain `go build` gives is the
// one FyneApp.toml declares, so the two cannot drift.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil || string(m[1]) != version {
		t.Fatalf("FyneApp.toml's version %q, main.version %q", m, version)
	}
}

// TestNearestSuggested: a misspelt command or flag is a usage error (exit
// 2) that names the nearest one.
func TestNearestSuggested(t *testing.T) {
	cases := map[string][]string{
		`did you mean "export"?`:  {"exprot"},
		`did you mean "-format"?`: {"export", "--fromat", "jsonl"},
		`did you mean "-json"?`:   {"list", "-jsno"},
	}
	for want, args := range cases {
		code, _, stderr := cli(t, args...)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("hamesh %v: exit %d, %q; want 2 and %s", args, code, stderr, want)
		}
	}
	if _, _, stderr := cli(t, "zzzzzzzz"); strings.Contains(stderr, "did you mean") {
		t.Errorf("a far-off command got a suggestion: %q", stderr)
	}
}

// TestCompletionScript: the bash script parses, completes command names
// and each command's flags.
func TestCompletionScript(t *testing.T) {
	code, script, stderr := cli(t, "completion", "bash")
	if code != 0 {
		t.Fatalf("completion bash: %d %s", code, stderr)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	f := filepath.Join(t.TempDir(), "c.bash")
	os.WriteFile(f, []byte(script), 0o644)
	complete := func(words ...string) string {
		t.Helper()
		q := make([]string, len(words))
		for i, w := range words {
			q[i] = "'" + w + "'"
		}
		prog := "source " + f + "; COMP_WORDS=(hamesh " + strings.Join(q, " ") + "); COMP_CWORD=" +
			strings.TrimSpace(string(rune('0'+len(words)))) + "; _hamesh; echo \"${COMPREPLY[*]}\""
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v %s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := complete("exp"); got != "export" {
		t.Errorf("hamesh exp<TAB> gave %q", got)
	}
	if got := complete("export", "--for"); got != "--format" {
		t.Errorf("hamesh export --for<TAB> gave %q", got)
	}
	if got := complete("completion", "z"); got != "zsh" {
		t.Errorf("hamesh completion z<TAB> gave %q", got)
	}
	if code, zsh, _ := cli(t, "completion", "zsh"); code != 0 || !strings.Contains(zsh, "bashcompinit") {
		t.Errorf("completion zsh: %d", code)
	}
	if code, _, _ := cli(t, "completion", "fish"); code == 0 {
		t.Error("completion fish succeeded")
	}
}
