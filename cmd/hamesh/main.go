// Command hamesh is the Hamesh desktop app and its command line: with no
// command it opens the annotation window; the commands import, list, export,
// render, backup and agreement serve pipelines. See `hamesh help`.
package main

import (
	"fmt"
	"io"
	"os"

	_ "github.com/hamesh-app/hamesh/cmd/hamesh/internal/cleanlocale" // first: before Fyne reads the locale
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand: its name, a one-line summary and its body.
type command struct {
	name, usage, summary string
	run                  func(env *env, args []string) error
}

// env is what every command gets: the streams and the process environment,
// so tests run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

var commands []command

func init() {
	commands = []command{
		{"import", "import [--db PATH] [--annotator NAME] [--format auto|txt|md|jsonl|...] PATH...", "import articles (text, Markdown, native JSONL, other tools' formats); a colleague's Hamesh .db brings in their layers", cmdImport},
		{"list", "list [--db PATH] [--json]", "list the articles with id, title, language, status and span counts", cmdList},
		{"export", "export [--db PATH] [--layer gold|NAME|all] --format jsonl -o OUT|-", "export annotations (native JSONL and other tools' formats)", cmdExport},
		{"render", "render [--db PATH] [--width PX] [--font-size N] [--layout-json] -o OUT SOURCE", "draw an article with its spans to PNG, or dump its layout as JSON", cmdRender},
		{"backup", "backup [--db PATH] -o FILE", "write a consistent copy of the database, even while the app runs", cmdBackup},
		{"agreement", "agreement [--db PATH] [--annotators A,B] [--label L] [--json]", "measure how far the annotators agree (spans, κ, α), per label and per article", cmdAgreement},
		{"suggest", "suggest [--db PATH] [--gazetteer FILE]... [--patterns] [--from-labels] [--backend URL] [--article ID]... [--status S]", "run suggestion sources over the articles and store what they propose, for review; reports counts per source and label", cmdSuggest},
		{"suggestions", "suggestions [--db PATH] [--stats] [--status S] [--label L] [--source S] [--article ID] [--json]", "list the stored suggestions, or with --stats each source's accepted, edited and rejected counts and implied precision", cmdSuggestions},
		{"registry", "registry add|set|list|candidates|link|suggest|mentions|merge|rename|delete [--db PATH] …", "the entity registry: entries with aliases and Wikidata QIDs, linked from entity spans across articles", cmdRegistry},
		{"cluster", "cluster add|set|join|leave|suggest|list|members|delete [--db PATH] …", "claim clusters: claims that state the same thing, with the verdict of their fact-check", cmdCluster},
		{"relation", "relation add|delete|types|type [--db PATH] …", "typed relations between spans (claimant, source_of, supports, refutes, same_as, …)", cmdRelation},
		{"spans", "spans list|add [--db PATH] ARTICLE …", "list an article's spans and relations with their ids, or mark a span by its text", cmdSpans},
		{"gui", "gui [--db PATH] [--annotator NAME] [--article ID] [FILE...]", "open the desktop window (the default with no command)", cmdGUI},
		{"completion", "completion bash|zsh", "print a shell completion script: source <(hamesh completion bash)", cmdCompletion},
	}
}

// run executes one command line and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stderr = safeWriter{stderr} // messages name files and titles: no terminal escapes
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	name, explicit := "gui", false
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		name, args, explicit = args[0], args[1:], true
	}
	if !explicit && len(args) > 0 {
		// Flags before any command: the program's own, or the window's.
		switch args[0] {
		case "-h", "-help", "--help":
			usage(stdout)
			return 0
		case "-version", "--version":
			printVersion(stdout)
			return 0
		}
	}
	switch {
	case name == "version":
		printVersion(stdout)
		return 0
	case name == "help" && len(args) > 0:
		return helpFor(e, args[0])
	case name == "help":
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == name {
			if err := c.run(e, args); err != nil {
				switch err {
				case errHelp:
					return 0
				case errUsage:
					return 2
				}
				fmt.Fprintf(stderr, "hamesh %s: %v\n", name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "hamesh: unknown command %q%s\n\n", name, didYouMean(name, commandNames()))
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Hamesh — annotate entities and claims in Arabic and mixed-direction news articles.")
	fmt.Fprintln(w, "\nusage: hamesh [command] [flags]")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-70s %s\n", "hamesh "+c.usage, c.summary)
	}
	fmt.Fprintln(w, "\nThe database is --db PATH, else $HAMESH_DB, else $XDG_DATA_HOME/hamesh/hamesh.db.")
	fmt.Fprintln(w, "`hamesh help COMMAND` or `hamesh COMMAND --help` shows a command's flags; `hamesh --version` the version.")
	fmt.Fprintln(w, "Exit status: 0 on success, 1 on an error, 2 on a usage error.")
}
