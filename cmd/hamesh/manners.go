package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
)

// version is the release, stamped at build time by `make build` and
// `make dist` (-ldflags "-X main.version=…", from `git describe`, else
// FyneApp.toml's version and the commit); a plain `go build` gives the
// FyneApp.toml version, which TestVersionMatchesFyneApp keeps in step.
var version = "0.1.0"

// commit is the commit the binary was built from, stamped like version;
// empty, the Go build information's is used (when it has one).
var commit = ""

// errHelp reports that a command printed its help on request (exit 0).
var errHelp = errors.New("help")

// errListed reports that parse only recorded a command's flags, for
// completion scripts.
var errListed = errors.New("flags listed")

// flagLister is the output of a flag set whose flags are being listed
// instead of parsed: parse records them here and runs nothing.
type flagLister struct {
	io.Writer
	flags []string
}

// examples gives each command one line of typical use, for its help.
var examples = map[string]string{
	"import":      "hamesh import --db team.db articles/*.txt corpus.jsonl",
	"list":        "hamesh list --db team.db --json",
	"export":      "hamesh export --db team.db --format labelstudio -o tasks.json",
	"render":      "hamesh render --db team.db --width 640 -o article.png 0193…",
	"backup":      "hamesh backup --db team.db -o team-2026-12-02.db",
	"agreement":   "hamesh agreement --db team.db --annotators mona,sara --json",
	"suggest":     "hamesh suggest --db team.db --patterns --gazetteer names.tsv --from-labels",
	"suggestions": "hamesh suggestions --db team.db --stats",
	"registry":    "hamesh registry add --db team.db --name 'جوليان أسانج' --label PERS --qid Q47112",
	"cluster":     "hamesh cluster suggest --db team.db --accept 0193…",
	"relation":    "hamesh relation add --db team.db supports 0193…a 0193…b",
	"spans":       "hamesh spans add --db team.db --label PERS --find 'أسانج' --nth 2 0193…",
	"gui":         "hamesh gui --db team.db --annotator mona",
	"help":        "hamesh help export",
	"completion":  "source <(hamesh completion bash)   # or add it to ~/.bashrc",
}

// commandHelp writes command c's usage line, summary, example and flags.
func commandHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: hamesh %s\n\n%s.\n", c.usage, upperFirst(c.summary))
	if ex := examples[c.name]; ex != "" {
		fmt.Fprintf(w, "\nexample:\n  %s\n", ex)
	}
	if fs != nil {
		fmt.Fprintln(w, "\nflags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// findCommand returns the command called name.
func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// helpFor writes the help of the command called name, flags included (the
// command is run with --help, which only prints).
func helpFor(e *env, name string) int {
	c, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(e.stderr, "hamesh help: unknown command %q%s\n", name, didYouMean(name, commandNames()))
		return 2
	}
	he := *e
	he.stderr = e.stdout
	if err := c.run(&he, []string{"--help"}); err != nil && err != errHelp {
		fmt.Fprintf(e.stderr, "hamesh help %s: %v\n", name, err)
		return 1
	}
	return 0
}

// flagsOf lists the flags of the command called name, each with its
// leading "--".
func flagsOf(e *env, name string) []string {
	c, ok := findCommand(name)
	if !ok {
		return nil
	}
	l := &flagLister{Writer: io.Discard}
	le := *e
	le.stderr = l
	c.run(&le, nil)
	return l.flags
}

// printVersion writes the version, the commit it was built from, and the
// Go version.
func printVersion(w io.Writer) {
	commit, modified := commit, false
	if bi, ok := debug.ReadBuildInfo(); ok && commit == "" {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
				if len(commit) > 12 {
					commit = commit[:12]
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if commit == "" {
		commit = "unknown (built without -ldflags or VCS information)"
	}
	if modified {
		commit += " (with uncommitted changes)"
	}
	fmt.Fprintf(w, "hamesh %s\ncommit %s\n%s %s/%s\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func commandNames() []string {
	names := make([]string, 0, len(commands)+2)
	for _, c := range commands {
		names = append(names, c.name)
	}
	return append(names, "help")
}

// didYouMean returns ` (did you mean "x"?)` for the candidate nearest to s
// by edit distance, when it is near enough to be a likely typo, else "".
func didYouMean(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, len([]rune(s))/3)
	if best == "" || bestD > limit {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// cmdCompletion prints a completion script for bash or zsh: commands, then
// each command's flags, and file names for the rest.
func cmdCompletion(e *env, args []string) error {
	if len(args) == 1 && (args[0] == "--help" || args[0] == "-h") {
		c, _ := findCommand("completion")
		commandHelp(e.stdout, c, nil)
		return errHelp
	}
	if len(args) != 1 || (args[0] != "bash" && args[0] != "zsh") {
		return fmt.Errorf("want one shell, bash or zsh: e.g. `source <(hamesh completion bash)`")
	}
	var cases strings.Builder
	names := commandNames()
	sort.Strings(names)
	for _, c := range commands {
		if c.name == "completion" {
			continue
		}
		fmt.Fprintf(&cases, "    %s) flags=%q ;;\n", c.name, strings.Join(flagsOf(e, c.name), " "))
	}
	script := strings.NewReplacer("@COMMANDS@", strings.Join(names, " "), "@CASES@", cases.String()).Replace(bashCompletion)
	if args[0] == "zsh" {
		script = "autoload -U +X bashcompinit && bashcompinit\n" + script
	}
	_, err := io.WriteString(e.stdout, script)
	return err
}

const bashCompletion = `# hamesh completion (bash; zsh through bashcompinit)
_hamesh() {
  local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" flags="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "@COMMANDS@ --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
@CASES@    help) COMPREPLY=($(compgen -W "@COMMANDS@" -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --help" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _hamesh hamesh
`
