package formats

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// directionTexts are texts whose direction the importers once disagreed on:
// the old interchange rule followed the majority of letters, the old HTML
// rule counted only letters, and neither skipped isolates. Each is long
// enough (over html.MinArticleRunes) to be an HTML article, and has no
// markup, so every importer reads the same text.
var directionTexts = []struct {
	name  string
	paras []string
}{
	{"Arabic", []string{
		"قالت وزارة الصحة إن عدد الإصابات بالمرض تراجع خلال الأسبوع الماضي بنسبة كبيرة مقارنة بالأسبوع الذي سبقه.",
		"وأضافت الوزارة أن حملة التطعيم ستستمر حتى نهاية الشهر المقبل في جميع المحافظات، مع التركيز على المناطق الريفية.",
	}},
	{"English", []string{
		"The health ministry said the number of new infections fell sharply last week compared with the week before.",
		"It added that the vaccination campaign would continue until the end of next month in every province of the country.",
	}},
	// Arabic majority, Latin first: the first strong character decides (ltr).
	{"Arabic after a Latin word", []string{
		"CNN: قالت وزارة الصحة إن عدد الإصابات بالمرض تراجع خلال الأسبوع الماضي بنسبة كبيرة مقارنة بالأسبوع الذي سبقه.",
		"وأضافت الوزارة أن حملة التطعيم ستستمر حتى نهاية الشهر المقبل في جميع المحافظات، مع التركيز على المناطق الريفية.",
	}},
	// Latin majority, Arabic first: rtl.
	{"English after an Arabic word", []string{
		"عاجل The health ministry said the number of new infections fell sharply last week compared with the week before.",
		"It added that the vaccination campaign would continue until the end of next month in every province of the country.",
	}},
	// Digits and punctuation are weak: the first letter after them decides.
	{"Arabic after digits", []string{
		"2017 - قالت وزارة الصحة إن عدد الإصابات بالمرض تراجع خلال الأسبوع الماضي بنسبة كبيرة مقارنة بالأسبوع الذي سبقه.",
		"وأضافت الوزارة أن حملة التطعيم ستستمر حتى نهاية الشهر المقبل في جميع المحافظات، مع التركيز على المناطق الريفية.",
	}},
	// An isolate's content is skipped (UAX #9 P2): the Latin name inside
	// RLI…PDI does not make the text ltr.
	{"Latin inside an isolate", []string{
		"\u2068Reuters\u2069 قالت وزارة الصحة إن عدد الإصابات بالمرض تراجع خلال الأسبوع الماضي بنسبة كبيرة مقارنة بالأسبوع الذي سبقه.",
		"وأضافت الوزارة أن حملة التطعيم ستستمر حتى نهاية الشهر المقبل في جميع المحافظات، مع التركيز على المناطق الريفية.",
	}},
	// A right-to-left mark is a strong R character.
	{"RLM first", []string{
		"\u200f2017 The health ministry said the number of new infections fell sharply last week compared with the week before.",
		"It added that the vaccination campaign would continue until the end of next month in every province of the country.",
	}},
}

// writeAs writes text to dir in format, as a user's file of that format with
// no direction or language of its own, and returns the path to Read.
func writeAs(t *testing.T, dir, format, text, htmlAttrs string) string {
	t.Helper()
	q, err := json.Marshal(text)
	if err != nil {
		t.Fatal(err)
	}
	var name, body string
	switch format {
	case "txt", "md":
		name, body = "doc."+format, text
	case "html":
		var b strings.Builder
		fmt.Fprintf(&b, "<!DOCTYPE html>\n<html %s>\n<head><meta charset=\"utf-8\"><title>Headline</title></head>\n<body><article>\n", htmlAttrs)
		for _, p := range strings.Split(text, "\n") {
			fmt.Fprintf(&b, "<p>%s</p>\n", p)
		}
		b.WriteString("</article></body></html>\n")
		name, body = "doc.html", b.String()
	case "jsonl":
		name, body = "doc.jsonl", fmt.Sprintf(`{"text": %s}`+"\n", q)
	case "doccano":
		name, body = "doc.jsonl", fmt.Sprintf(`{"text": %s, "label": []}`+"\n", q)
	case "prodigy":
		name, body = "doc.jsonl", fmt.Sprintf(`{"text": %s, "spans": [], "_input_hash": 1}`+"\n", q)
	case "labelstudio":
		name, body = "doc.json", fmt.Sprintf(`[{"data": {"text": %s}}]`, q)
	case "brat":
		if err := os.WriteFile(filepath.Join(dir, "doc.ann"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		name, body = "doc.txt", text
	default:
		t.Fatalf("no writer for %s", format)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if format == "brat" {
		return dir
	}
	return p
}

// TestDirectionSameAcrossImporters feeds each text through every importer
// that guesses a direction (a JSONL record without "direction", an HTML page
// without dir) and checks they all give annotations.DetectLanguage's
// language and direction: one rule, whichever way the text came in. Native
// JSONL takes its lang from the file ("" when absent), so only its
// direction is compared.
func TestDirectionSameAcrossImporters(t *testing.T) {
	for _, tc := range directionTexts {
		text := strings.Join(tc.paras, "\n")
		wantLang, wantDir := annotations.DetectLanguage(text)
		for _, f := range []string{"txt", "md", "html", "jsonl", "doccano", "prodigy", "labelstudio", "brat"} {
			t.Run(tc.name+"/"+f, func(t *testing.T) {
				p := writeAs(t, t.TempDir(), f, text, "")
				in, err := Read(context.Background(), p, f, nil)
				if err != nil {
					t.Fatal(err)
				}
				a := in.Documents[0].Article
				if a.Text != text {
					t.Fatalf("%s read the text as %q, want %q", f, a.Text, text)
				}
				if a.Direction != wantDir {
					t.Errorf("%s: direction %s, want %s (annotations.DetectDirection)", f, a.Direction, wantDir)
				}
				if f != "jsonl" && a.Lang != wantLang {
					t.Errorf("%s: lang %q, want %q (annotations.DetectLanguage)", f, a.Lang, wantLang)
				}
			})
		}
	}
}

// TestDirectionDeclared checks the one exception to the shared rule: a file
// that states a direction. A JSONL record's "direction" is kept as written;
// an HTML page's dir on <html> is kept unless the majority of the text's
// letters contradicts it (a site template's dir), and then the text
// importer's direction applies.
func TestDirectionDeclared(t *testing.T) {
	arLatinFirst := strings.Join(directionTexts[2].paras, "\n") // ltr by the shared rule
	english := strings.Join(directionTexts[1].paras, "\n")
	arabic := strings.Join(directionTexts[0].paras, "\n")
	for _, tc := range []struct {
		name, text, attrs string
		want              annotations.Direction
	}{
		{"dir=rtl over Arabic that opens with a Latin word", arLatinFirst, `dir="rtl"`, annotations.RTL},
		{"template dir=rtl over English is ignored", english, `dir="rtl"`, annotations.LTR},
		{"template dir=ltr over Arabic is ignored", arabic, `dir="ltr"`, annotations.RTL},
		{"dir=ltr over English", english, `dir="ltr"`, annotations.LTR},
	} {
		t.Run("html/"+tc.name, func(t *testing.T) {
			in, err := Read(context.Background(), writeAs(t, t.TempDir(), "html", tc.text, tc.attrs), "html", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := in.Documents[0].Article.Direction; got != tc.want {
				t.Errorf("direction %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("jsonl/direction kept", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "doc.jsonl")
		line := fmt.Sprintf(`{"text": %q, "direction": "rtl"}`+"\n", english)
		if err := os.WriteFile(p, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := Read(context.Background(), p, "jsonl", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := in.Documents[0].Article.Direction; got != annotations.RTL {
			t.Errorf("direction %s, want the file's rtl", got)
		}
	})
}
