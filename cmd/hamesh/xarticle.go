package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// Across articles (issue 17): the entity registry, claim clusters and
// typed relations from the command line, so all of it can be done
// headlessly. Each command is "NOUN VERB ARGS"; the verbs are listed by
// the noun's help.

// subcommand is one verb of a noun command.
type subcommand struct {
	name, usage string
	run         func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error
	flags       func(fs *flag.FlagSet) // declares the verb's flags
}

// runNoun dispatches "hamesh NOUN VERB …" to its verb, with the --db flag
// and the verb's flags; NOUN --help lists the verbs.
func runNoun(e *env, noun string, verbs []subcommand, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if _, listing := e.stderr.(*flagLister); listing {
			fs, _ := newFlags(e, noun)
			return parse(fs, nil)
		}
		w := e.stdout
		if len(args) == 0 {
			w = e.stderr
		}
		c, _ := findCommand(noun)
		fmt.Fprintf(w, "usage: hamesh %s\n\n%s.\n\nverbs:\n", c.usage, upperFirst(c.summary))
		for _, v := range verbs {
			fmt.Fprintf(w, "  hamesh %s %s %s\n", noun, v.name, v.usage)
		}
		if ex := examples[noun]; ex != "" {
			fmt.Fprintf(w, "\nexample:\n  %s\n", ex)
		}
		if len(args) == 0 {
			return errUsage
		}
		return errHelp
	}
	for _, v := range verbs {
		if v.name != args[0] {
			continue
		}
		fs, dbFlag := newFlags(e, noun+" "+v.name)
		if v.flags != nil {
			v.flags(fs)
		}
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		db, err := openStore(e, *dbFlag)
		if err != nil {
			return err
		}
		defer db.Close()
		return v.run(e, db, fs, fs.Args())
	}
	names := make([]string, len(verbs))
	for i, v := range verbs {
		names[i] = v.name
	}
	fmt.Fprintf(e.stderr, "hamesh %s: unknown verb %q (want %s)%s\n", noun, args[0], strings.Join(names, ", "), didYouMean(args[0], names))
	return errUsage
}

// needArgs checks a verb got exactly n arguments.
func needArgs(args []string, n int, what string) error {
	if len(args) != n {
		return fmt.Errorf("want %s (got %d arguments)", what, len(args))
	}
	return nil
}

// printJSON writes v as indented JSON.
func printJSON(e *env, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := e.stdout.Write(jsonSafe(buf.Bytes()))
	return err
}

func str(fs *flag.FlagSet, name string) string { return fs.Lookup(name).Value.String() }

func boolFlag(fs *flag.FlagSet, name string) bool { return fs.Lookup(name).Value.String() == "true" }

func cmdRegistry(e *env, args []string) error {
	ctx := context.Background()
	entryFlags := func(fs *flag.FlagSet) {
		fs.String("name", "", "canonical name")
		fs.String("label", "PERS", "its type: an entity label of the scheme")
		fs.String("qid", "", "Wikidata QID, e.g. Q47112")
		fs.String("note", "", "a note")
		fs.Var(&listFlag{}, "alias", "another surface form; repeatable or comma-separated")
	}
	return runNoun(e, "registry", []subcommand{
		{"add", "--name NAME [--label PERS] [--qid Q…] [--alias A]… [--note TEXT]", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			en := annotations.Entry{Name: str(fs, "name"), Label: str(fs, "label"), KBID: str(fs, "qid"), Note: str(fs, "note"),
				Aliases: *fs.Lookup("alias").Value.(*listFlag)}
			got, err := db.AddEntry(ctx, en)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, got.ID)
			return nil
		}, entryFlags},
		{"set", "ID [--name NAME] [--label L] [--qid Q…|--qid ''] [--note TEXT]  (changes the flags given)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "one entry id"); err != nil {
				return err
			}
			en, err := db.Entry(ctx, args[0])
			if err != nil {
				return err
			}
			fs.Visit(func(f *flag.Flag) {
				switch f.Name {
				case "label":
					en.Label = f.Value.String()
				case "qid":
					en.KBID = f.Value.String()
				case "note":
					en.Note = f.Value.String()
				case "alias":
					en.Aliases = append(en.Aliases, *f.Value.(*listFlag)...)
				}
			})
			if err := db.SaveEntry(ctx, en); err != nil {
				return err
			}
			if n := str(fs, "name"); n != "" && n != en.Name {
				_, err = db.RenameEntry(ctx, en.ID, n)
			}
			return err
		}, entryFlags},
		{"list", "[--json]", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			st, err := db.EntryStats(ctx)
			if err != nil {
				return err
			}
			if boolFlag(fs, "json") {
				type row struct {
					annotations.Entry
					Mentions int `json:"mentions"`
					Articles int `json:"articles"`
				}
				rows := []row{}
				for _, s := range st {
					rows = append(rows, row{s.Entry, s.Mentions, s.Articles})
				}
				return printJSON(e, rows)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tLABEL\tQID\tMENTIONS\tARTICLES\tNAME\tALIASES")
			for _, s := range st {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", termSafe(s.Entry.ID), termSafe(s.Entry.Label), termSafe(s.Entry.KBID), s.Mentions, s.Articles,
					termSafe(s.Entry.Name), termSafe(strings.Join(s.Entry.Aliases, ", ")))
			}
			return tw.Flush()
		}, func(fs *flag.FlagSet) { fs.Bool("json", false, "print JSON") }},
		{"candidates", "TEXT  (the entries \"Link to…\" offers for a span's text, with scores)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "the span's text"); err != nil {
				return err
			}
			es, err := db.Entries(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SCORE\tID\tQID\tNAME\tMATCHED\tHOW")
			for _, c := range annotations.NewRegistryIndex(es).Candidates(args[0], 10) {
				fmt.Fprintf(tw, "%.2f\t%s\t%s\t%s\t%s\t%s\n", c.Score, termSafe(c.Entry.ID), termSafe(c.Entry.KBID), termSafe(c.Entry.Name), termSafe(c.Matched), c.How)
			}
			return tw.Flush()
		}, nil},
		{"link", "SPAN ENTRY  (ENTRY '' unlinks; the span's text becomes an alias)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 2, "a span id and an entry id"); err != nil {
				return err
			}
			_, err := db.LinkSpan(ctx, args[0], args[1])
			return err
		}, nil},
		{"suggest", "ENTRY [--link]  (unlinked mentions of the entry's names in every article)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "an entry id"); err != nil {
				return err
			}
			sug, err := db.LinkSuggestions(ctx, args[0])
			if err != nil {
				return err
			}
			for _, s := range sug {
				fmt.Fprintf(e.stdout, "%s\t%s\t%.2f\t%s\t%s\n", termSafe(s.Span.ID), termSafe(s.Span.ArticleID), s.Candidate.Score, termSafe(s.Text), termSafe(s.ArticleTitle))
				if boolFlag(fs, "link") {
					if _, err := db.LinkSpan(ctx, s.Span.ID, args[0]); err != nil {
						return err
					}
				}
			}
			return nil
		}, func(fs *flag.FlagSet) { fs.Bool("link", false, "link every suggestion") }},
		{"mentions", "ENTRY", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "an entry id"); err != nil {
				return err
			}
			ms, err := db.EntryMentions(ctx, args[0])
			if err != nil {
				return err
			}
			for _, m := range ms {
				fmt.Fprintf(e.stdout, "%s\t%s\t[%d,%d)\t%s\t%s\n", termSafe(m.Span.ID), termSafe(m.Span.ArticleID), m.Span.Start, m.Span.End, termSafe(m.Text), termSafe(m.ArticleTitle))
			}
			return nil
		}, nil},
		{"merge", "KEEP GONE", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 2, "the entry to keep and the one merged into it"); err != nil {
				return err
			}
			en, n, err := db.MergeEntries(ctx, args[0], args[1])
			if err == nil {
				fmt.Fprintf(e.stdout, "merged into %s (%s): %d spans moved\n", termSafe(en.ID), termSafe(en.Name), n)
			}
			return err
		}, nil},
		{"rename", "ID NAME", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 2, "an entry id and its new name"); err != nil {
				return err
			}
			_, err := db.RenameEntry(ctx, args[0], args[1])
			return err
		}, nil},
		{"delete", "ID", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "an entry id"); err != nil {
				return err
			}
			return db.DeleteEntry(ctx, args[0])
		}, nil},
	}, args)
}

func cmdCluster(e *env, args []string) error {
	ctx := context.Background()
	clusterFlags := func(fs *flag.FlagSet) {
		fs.String("text", "", "the normalized claim")
		fs.String("claimant", "", "registry entry id of who made the claim")
		fs.String("date", "", "claim date, YYYY-MM-DD")
		fs.String("verdict", "", "verdict: true, false, partly_false, unverifiable, not_enough_evidence (rated 1..5), or the reviewer's own words")
		fs.Int("rating", 0, "rating on the scale --worst..--best (default: from the verdict)")
		fs.Int("best", 0, "best rating of the scale")
		fs.Int("worst", 0, "worst rating of the scale")
		fs.String("url", "", "the fact-check's URL")
		fs.String("reviewer", "", "who published the fact-check")
		fs.String("review-date", "", "when, YYYY-MM-DD")
	}
	apply := func(fs *flag.FlagSet, c *annotations.Cluster) {
		fs.Visit(func(f *flag.Flag) {
			v := f.Value.String()
			switch f.Name {
			case "text":
				c.Text = v
			case "claimant":
				c.ClaimantID = v
			case "date":
				c.ClaimDate = v
			case "verdict":
				c.SetVerdict(v)
			case "url":
				c.ReviewURL = v
			case "reviewer":
				c.Reviewer = v
			case "review-date":
				c.ReviewDate = v
			}
		})
		fs.Visit(func(f *flag.Flag) {
			n, _ := strconv.Atoi(f.Value.String())
			switch f.Name {
			case "rating":
				c.Rating = n
			case "best":
				c.BestRating = n
			case "worst":
				c.WorstRating = n
			}
		})
	}
	join := func(e *env, db *data.DB, id string, spans []string) error {
		for _, s := range spans {
			if _, _, err := db.SetClusterOf(ctx, s, id); err != nil {
				return err
			}
		}
		return nil
	}
	return runNoun(e, "cluster", []subcommand{
		{"add", "--text CLAIM [--claimant ENTRY] [--date D] [--verdict V] [--url U] [--reviewer R] [SPAN…]", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			var c annotations.Cluster
			apply(fs, &c)
			c, err := db.AddCluster(ctx, c)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, c.ID)
			return join(e, db, c.ID, args)
		}, clusterFlags},
		{"set", "ID [the flags of add]  (changes the flags given)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "a cluster id"); err != nil {
				return err
			}
			c, err := db.Cluster(ctx, args[0])
			if err != nil {
				return err
			}
			apply(fs, &c)
			return db.SaveCluster(ctx, c)
		}, clusterFlags},
		{"join", "ID SPAN…  (put claim spans in the cluster; accepts suggestions)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if len(args) < 2 {
				return fmt.Errorf("want a cluster id and one or more claim span ids")
			}
			return join(e, db, args[0], args[1:])
		}, nil},
		{"leave", "SPAN…  (take claim spans out of their cluster)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			for _, s := range args {
				sp, last, err := db.SetClusterOf(ctx, s, "")
				if err != nil {
					return err
				}
				if last {
					fmt.Fprintf(e.stderr, "hamesh cluster: the cluster span %s left has no member now; it keeps its verdict (hamesh cluster delete ID removes it)\n", termSafe(sp.ID))
				}
			}
			return nil
		}, nil},
		{"suggest", "ID [--threshold 0.5] [--accept]  (claims like the cluster's, with scores)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "a cluster id"); err != nil {
				return err
			}
			th, err := strconv.ParseFloat(str(fs, "threshold"), 64)
			if err != nil || th <= 0 || th > 1 {
				return fmt.Errorf("--threshold %q: want a number in (0, 1]", str(fs, "threshold"))
			}
			sug, err := db.SuggestClusterMembers(ctx, args[0], th)
			if err != nil {
				return err
			}
			for _, s := range sug {
				fmt.Fprintf(e.stdout, "%.3f\t%s\t%s\t%s\n", s.Score, termSafe(s.SpanID), termSafe(s.ArticleID), termSafe(s.Text))
				if boolFlag(fs, "accept") {
					if err := join(e, db, args[0], []string{s.SpanID}); err != nil {
						return err
					}
				}
			}
			return nil
		}, func(fs *flag.FlagSet) {
			fs.String("threshold", strconv.FormatFloat(annotations.DefaultClusterThreshold, 'g', -1, 64), "lowest similarity offered")
			fs.Bool("accept", false, "put every suggestion in the cluster")
		}},
		{"list", "[--json]  (largest first, with verdicts and conflicting member verdicts)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			st, err := db.ClusterStats(ctx)
			if err != nil {
				return err
			}
			if boolFlag(fs, "json") {
				type row struct {
					annotations.Cluster
					Members   int      `json:"members"`
					Articles  int      `json:"articles"`
					Conflicts []string `json:"conflicts,omitempty"`
				}
				rows := []row{}
				for _, s := range st {
					rows = append(rows, row{s.Cluster, s.Members, s.Articles, s.Conflicts})
				}
				return printJSON(e, rows)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tMEMBERS\tARTICLES\tVERDICT\tCONFLICTS\tCLAIM")
			for _, s := range st {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", termSafe(s.Cluster.ID), s.Members, s.Articles, termSafe(s.Cluster.Verdict), termSafe(strings.Join(s.Conflicts, ",")), termSafe(s.Cluster.Text))
			}
			return tw.Flush()
		}, func(fs *flag.FlagSet) { fs.Bool("json", false, "print JSON") }},
		{"members", "ID", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "a cluster id"); err != nil {
				return err
			}
			ms, err := db.ClusterMembers(ctx, args[0])
			if err != nil {
				return err
			}
			for _, m := range ms {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", termSafe(m.Span.ID), termSafe(m.Span.ArticleID), termSafe(m.Span.Attributes[annotations.AttrVerdict]), termSafe(m.Text))
			}
			return nil
		}, nil},
		{"delete", "ID  (only a cluster with no member left)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "a cluster id"); err != nil {
				return err
			}
			return db.DeleteCluster(ctx, args[0])
		}, nil},
	}, args)
}

func cmdRelation(e *env, args []string) error {
	ctx := context.Background()
	return runNoun(e, "relation", []subcommand{
		{"add", "TYPE FROM TO  (span ids; the type must allow their kinds)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 3, "a relation type and two span ids"); err != nil {
				return err
			}
			r, err := db.AddRelation(ctx, annotations.Relation{Type: args[0], From: args[1], To: args[2]})
			if err == nil {
				fmt.Fprintln(e.stdout, r.ID)
			}
			return err
		}, nil},
		{"delete", "ID", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "a relation id"); err != nil {
				return err
			}
			return db.DeleteRelation(ctx, args[0])
		}, nil},
		{"types", "", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			ts, err := db.RelationTypes(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tFROM\tTO\tCOLOUR\tKEY\tDESCRIPTION")
			for _, t := range ts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", termSafe(t.Name), t.From, t.To, t.Color, termSafe(t.Hotkey), termSafe(t.Description))
			}
			return tw.Flush()
		}, nil},
		{"type", "NAME --from entity|claim|span --to entity|claim|span [--color #rrggbb] [--hotkey K] [--description T]", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "a relation type name"); err != nil {
				return err
			}
			return db.SaveRelationType(ctx, annotations.RelationType{Name: args[0], From: annotations.Kind(str(fs, "from")), To: annotations.Kind(str(fs, "to")),
				Color: str(fs, "color"), Hotkey: str(fs, "hotkey"), Description: str(fs, "description")})
		}, func(fs *flag.FlagSet) {
			fs.String("from", "span", "kind of the source span")
			fs.String("to", "span", "kind of the target span")
			fs.String("color", "#8d99ae", "colour")
			fs.String("hotkey", "", "key after R")
			fs.String("description", "", "what it means")
		}},
	}, args)
}

// cmdSpans lists an article's spans with their ids, and adds spans found
// by text, so the registry and cluster commands have span ids to work on.
func cmdSpans(e *env, args []string) error {
	ctx := context.Background()
	return runNoun(e, "spans", []subcommand{
		{"list", "ARTICLE", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "an article id"); err != nil {
				return err
			}
			d, err := db.Document(ctx, args[0])
			if err != nil {
				return err
			}
			off := annotations.NewOffsets(d.Article.Text)
			for _, s := range d.Spans {
				attrs := make([]string, 0, len(s.Attributes))
				for k, v := range s.Attributes {
					attrs = append(attrs, k+"="+v)
				}
				fmt.Fprintf(e.stdout, "%s\t%s\t[%d,%d)\t%s\t%s\n", termSafe(s.ID), termSafe(s.Label), s.Start, s.End, termSafe(off.Slice(d.Article.Text, s.Start, s.End)), termSafe(strings.Join(sortedStrings(attrs), " ")))
			}
			for _, r := range d.Relations {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s → %s\n", termSafe(r.ID), termSafe(r.Type), termSafe(r.From), termSafe(r.To))
			}
			return nil
		}, nil},
		{"add", "ARTICLE --label L --find TEXT [--nth N] [--attr k=v]…  (marks the Nth whole-word match, folded as find does)", func(e *env, db *data.DB, fs *flag.FlagSet, args []string) error {
			if err := needArgs(args, 1, "an article id"); err != nil {
				return err
			}
			d, err := db.Document(ctx, args[0])
			if err != nil {
				return err
			}
			ms := annotations.Find(d.Article.Text, str(fs, "find"))
			n, _ := strconv.Atoi(str(fs, "nth"))
			if n < 1 || n > len(ms) {
				return fmt.Errorf("%q occurs %d times in article %s; --nth %d is not one of them", str(fs, "find"), len(ms), args[0], n)
			}
			attrs := map[string]string{}
			for _, kv := range *fs.Lookup("attr").Value.(*listFlag) {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return fmt.Errorf("--attr %q: want key=value", kv)
				}
				attrs[k] = v
			}
			s, err := db.AddSpan(ctx, annotations.Span{ArticleID: args[0], Label: str(fs, "label"), Start: ms[n-1].Start, End: ms[n-1].End, Attributes: attrs})
			if err == nil {
				fmt.Fprintln(e.stdout, s.ID)
			}
			return err
		}, func(fs *flag.FlagSet) {
			fs.String("label", "", "label of the new span")
			fs.String("find", "", "text to mark")
			fs.Int("nth", 1, "which occurrence")
			fs.Var(&listFlag{}, "attr", "attribute key=value; repeatable")
		}},
	}, args)
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
