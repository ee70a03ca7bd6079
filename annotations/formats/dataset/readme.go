package dataset

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// readme returns the dataset card: Hugging Face front matter, then the
// files, offsets, scheme, counts, annotators, split and loading snippets.
func readme(opts Options, props []int, scheme []annotations.Label, st stats, files []splitFile) string {
	name := opts.Name
	if name == "" {
		name = "Hamesh dataset"
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	// Front matter, read by the Hugging Face Hub.
	w("---\npretty_name: %s\n", yamlString(name))
	var langs []string
	for _, l := range slices.Sorted(maps.Keys(st.langs)) {
		if l != "unknown" {
			langs = append(langs, l)
		}
	}
	if len(langs) > 0 {
		w("language:\n")
		for _, l := range langs {
			w("- %s\n", l)
		}
	}
	w("task_categories:\n- token-classification\ntags:\n- named-entity-recognition\n- claim-detection\n- fact-checking\n")
	if len(files) > 0 {
		w("configs:\n- config_name: default\n  data_files:\n")
		for _, f := range files {
			w("  - split: %s\n    path: %s\n", hfSplit(f.name), f.file)
		}
	}
	w("---\n\n# %s\n\n", name)

	var langCounts []string
	for _, l := range slices.Sorted(maps.Keys(st.langs)) {
		langCounts = append(langCounts, fmt.Sprintf("%s: %d", l, st.langs[l]))
	}
	w("%d articles", st.articles)
	if len(langCounts) > 0 {
		w(" (%s)", strings.Join(langCounts, ", "))
	}
	w(" annotated with [Hamesh](https://github.com/hamesh-app/hamesh): %d spans (%d entities, %d claims) and %d relations.\n\n",
		st.spans, st.kinds[annotations.KindEntity], st.kinds[annotations.KindClaim], st.relations)

	w("## Files\n\n| File | Split | Articles | Spans |\n|---|---|---:|---:|\n")
	for _, f := range files {
		w("| `%s` | %s | %d | %d |\n", f.file, hfSplit(f.name), f.articles, f.spans)
	}
	w("| `labels.json` | | | |\n\n")
	w("Each line of a `.jsonl` file is one article in Hamesh's native format: `id`, `title`, `text`, `lang`, " +
		"`direction`, `source`, `status`, `text_sha256`, `offset_unit`, `spans` and `relations`. " +
		"A span has `id`, `kind` (`entity` or `claim`), `label`, `start`, `end`, `text`, the same range in " +
		"other units, and optionally `attributes`, `note` and `annotator`. A relation has `id`, `type`, " +
		"`from` and `to` (span ids). `labels.json` lists the label scheme, the claim attributes with their " +
		"allowed values and the relation types.\n\n")

	w("## Offsets\n\n")
	w("`start` and `end` count **Unicode code points** over `text`, end exclusive, so in Python " +
		"`text[start:end] == span[\"text\"]`. Each span also carries `start_utf16`/`end_utf16` (UTF-16 code " +
		"units, as JavaScript counts) and `start_byte`/`end_byte` (UTF-8 bytes). They differ after an emoji " +
		"or any character outside the Basic Multilingual Plane. Texts are stored exactly as imported: " +
		"never normalised (no NFC/NFKC, harakat and tatweel kept), so offsets stay valid. Spans may " +
		"overlap and nest (a role containing an organisation; a claim containing entities).\n\n")

	w("## Label scheme\n\n| Label | Kind | Spans | Articles | Description |\n|---|---|---:|---:|---|\n")
	listed := map[string]bool{}
	for _, l := range scheme {
		listed[l.Name] = true
		w("| %s | %s | %d | %d | %s |\n", cell(l.Name), l.Kind, st.byLabel[l.Name], st.articlesByLabel[l.Name], cell(l.Description))
	}
	for _, l := range slices.Sorted(maps.Keys(st.byLabel)) {
		if !listed[l] {
			w("| %s | %s | %d | %d | (not in the scheme) |\n", cell(l), st.labelKind[l], st.byLabel[l], st.articlesByLabel[l])
		}
	}
	w("\n### Spans per kind\n\n| Kind | Spans |\n|---|---:|\n")
	for _, k := range []annotations.Kind{annotations.KindEntity, annotations.KindClaim} {
		w("| %s | %d |\n", k, st.kinds[k])
	}

	w("\n## Claim attributes\n\n")
	w("A claim may carry `check_worthy` (yes, no), `verdict` (true, false, partly_false, unverifiable, " +
		"not_enough_evidence), `stance` of the article toward it (agree, disagree, discuss, unrelated), " +
		"and free-text `normalized_claim` and `claim_date`.\n\n")
	if len(st.attrs) == 0 {
		w("No span carries attributes.\n")
	} else {
		w("| Attribute | Value | Spans |\n|---|---|---:|\n")
		for _, k := range attributeOrder(st.attrs) {
			for _, v := range slices.Sorted(maps.Keys(st.attrs[k])) {
				w("| %s | %s | %d |\n", cell(k), cell(v), st.attrs[k][v])
			}
		}
	}

	w("\n## Relations\n\n")
	w("`claimant` goes from a claim to the entity (person or organisation) who made it.\n\n")
	if len(st.relTypes) == 0 {
		w("No relations.\n")
	} else {
		w("| Type | Relations |\n|---|---:|\n")
		for _, t := range slices.Sorted(maps.Keys(st.relTypes)) {
			w("| %s | %d |\n", cell(t), st.relTypes[t])
		}
	}

	w("\n## Annotators\n\n")
	if len(st.annotators) == 0 {
		w("No spans.\n")
	} else {
		w("| Annotator | Spans |\n|---|---:|\n")
		for _, a := range slices.Sorted(maps.Keys(st.annotators)) {
			w("| %s | %d |\n", cell(a), st.annotators[a])
		}
	}
	if opts.Team != nil {
		b.WriteString(teamSection(opts.Team, st.articles))
	}

	if len(props) > 1 {
		var ps []string
		for _, p := range props {
			ps = append(ps, fmt.Sprint(p))
		}
		w("\n## Split\n\nSplit by article, %s (%s), with seed %d: articles are ordered by the FNV-1a hash "+
			"of the seed and the article id, then cut at the rounded proportions. The same articles and seed "+
			"always give the same split.\n", strings.Join(ps, "/"), strings.Join(splitNames[len(props)], "/"), opts.Seed)
	}

	w("\n## Loading\n\nWith Hugging Face `datasets`:\n\n```python\nfrom datasets import load_dataset\n\n")
	var df []string
	for _, f := range files {
		df = append(df, fmt.Sprintf("%q: %q", hfSplit(f.name), f.file))
	}
	w("ds = load_dataset(\"json\", data_files={%s})\n", strings.Join(df, ", "))
	first := "train"
	if len(files) > 0 {
		first = hfSplit(files[0].name)
	}
	w("article = ds[%q][0]\nfor span in article[\"spans\"]:\n    assert article[\"text\"][span[\"start\"]:span[\"end\"]] == span[\"text\"]\n```\n\n", first)
	file := "data.jsonl"
	if len(files) > 0 {
		file = files[0].file
	}
	w("With pandas, one row per span:\n\n```python\nimport pandas as pd\n\n")
	w("articles = pd.read_json(%q, lines=True, dtype=False)\n", file)
	w("spans = (articles.rename(columns={\"id\": \"article_id\"})[[\"article_id\", \"spans\"]]\n" +
		"         .explode(\"spans\").dropna(subset=[\"spans\"]).reset_index(drop=True))\n" +
		"spans = spans[[\"article_id\"]].join(pd.json_normalize(spans[\"spans\"].tolist()))\n" +
		"print(spans.groupby([\"kind\", \"label\"]).size())\n```\n")
	return b.String()
}

// hfSplit is the Hugging Face name of a split: "dev" is "validation", and
// the single data file is "train", as load_dataset names it by default.
func hfSplit(name string) string {
	switch name {
	case "dev":
		return "validation"
	case "data":
		return "train"
	}
	return name
}

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// yamlString quotes s for YAML when needed.
func yamlString(s string) string {
	if s == "" || strings.ContainsAny(s, ":#'\"{}[]&*!|>%@`,\n") || strings.TrimSpace(s) != s {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func attributeOrder(m map[string]map[string]int) []string {
	order := map[string]int{annotations.AttrCheckWorthy: 0, annotations.AttrVerdict: 1, annotations.AttrStance: 2,
		annotations.AttrNormalizedClaim: 3, annotations.AttrClaimDate: 4}
	keys := slices.Sorted(maps.Keys(m))
	sort.SliceStable(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		if iok && jok {
			return oi < oj
		}
		return iok && !jok
	})
	return keys
}
