package annotations

import "testing"

// directionCases are the edge cases of the first-strong rule.
var directionCases = []struct {
	name, text string
	want       Direction
	lang       string
}{
	{"empty", "", LTR, ""},
	{"digits and punctuation only", "2017 — 10:30!", LTR, ""},
	{"Arabic first", "قال ترامب 2017 وفق BBC", RTL, "ar"},
	{"Latin first, Arabic majority", "BBC: قال ترامب في مؤتمر صحفي", LTR, "ar"},
	{"leading digits then Arabic", "2017 قال", RTL, "ar"},
	{"Arabic-Indic digits are not strong", "٢٠١٧ BBC", LTR, "en"},
	{"Hebrew is RTL", "שלום world", RTL, "en"},
	{"isolate skipped (P2)", "\u2067BBC\u2069 قالت", RTL, "ar"},
	{"unclosed isolate hides the rest", "\u2066قال", LTR, "ar"},
	{"after PDI counts", "\u2068قال\u2069 Trump", LTR, "en"},
	{"quote before the first letter", "«جوليان أسانج»", RTL, "ar"},
}

func TestDetectDirection(t *testing.T) {
	for _, c := range directionCases {
		t.Run(c.name, func(t *testing.T) {
			if got := DetectDirection(c.text); got != c.want {
				t.Errorf("DetectDirection(%q) = %q, want %q", c.text, got, c.want)
			}
			lang, dir := DetectLanguage(c.text)
			if lang != c.lang || dir != c.want {
				t.Errorf("DetectLanguage(%q) = %q, %q; want %q, %q", c.text, lang, dir, c.lang, c.want)
			}
		})
	}
}
