package annotations

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheckQID(t *testing.T) {
	for _, ok := range []string{"", "Q1", "Q47112", "Q200519"} {
		if err := CheckQID(ok); err != nil {
			t.Errorf("CheckQID(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"Q0", "Q012", "q47112", "47112", "Q", "Q47112 ", "P31", "Q4a"} {
		err := CheckQID(bad)
		if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "Q47112") {
			t.Errorf("CheckQID(%q) = %v, want EINVALID naming the shape", bad, err)
		}
	}
}

func TestEntryValidate(t *testing.T) {
	good := Entry{ID: "e1", Name: "جوليان أسانج", Aliases: []string{"أسانج", "Assange"}, Label: "PERS", KBID: "Q47112"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]Entry{
		"no name":     {ID: "e1", Label: "PERS"},
		"no label":    {ID: "e1", Name: "x"},
		"bad qid":     {ID: "e1", Name: "x", Label: "PERS", KBID: "Q01"},
		"dup alias":   {ID: "e1", Name: "أسانج", Label: "PERS", Aliases: []string{"اسانج"}},
		"empty alias": {ID: "e1", Name: "x", Label: "PERS", Aliases: []string{" "}},
	} {
		if err := e.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: Validate = %v, want EINVALID", name, err)
		}
	}
}

func TestCandidates(t *testing.T) {
	entries := []Entry{
		{ID: "e1", Name: "جوليان أسانج", Aliases: []string{"Assange"}, Label: "PERS", KBID: "Q47112"},
		{ID: "e2", Name: "ويكيليكس", Label: "ORG"},
		{ID: "e3", Name: "دونالد ترامب جونيور", Aliases: []string{"ترامب الابن"}, Label: "PERS"},
		{ID: "e4", Name: "دونالد ترامب", Label: "PERS"},
	}
	ix := NewRegistryIndex(entries)
	cases := []struct {
		surface, want, how string
		score              float64
	}{
		{"جوليان أسانج", "e1", "name", 1},
		{"جوليان أسانج", "e1", "name", 1},
		{"أسانج", "e1", "name words", 0.8},
		{"اسانج", "e1", "name words", 0.8},  // alef folded
		{"وأسانج", "e1", "name words", 0.8}, // proclitic off
		{"assange", "e1", "alias", 1},
		{"وويكيليكس", "e2", "name", 0.95},
		{"ترامب الابن", "e3", "alias", 1},
		{"دونالد ترامب", "e4", "name", 1},
	}
	for _, c := range cases {
		got := ix.Candidates(c.surface, 0)
		if len(got) == 0 {
			t.Errorf("Candidates(%q) = none, want %s", c.surface, c.want)
			continue
		}
		if got[0].Entry.ID != c.want || got[0].How != c.how || got[0].Score != c.score {
			t.Errorf("Candidates(%q)[0] = %s %q %.2f, want %s %q %.2f", c.surface, got[0].Entry.ID, got[0].How, got[0].Score, c.want, c.how, c.score)
		}
	}
	// دونالد ترامب: exact e4 first, then e3 through its name's words.
	got := ix.Candidates("دونالد ترامب", 0)
	if len(got) != 2 || got[1].Entry.ID != "e3" || got[1].Score >= got[0].Score {
		t.Errorf("Candidates(دونالد ترامب) = %+v, want e4 then e3", got)
	}
	if got := ix.Candidates("روسيا", 0); len(got) != 0 {
		t.Errorf("Candidates(روسيا) = %+v, want none", got)
	}
	if got := ix.Candidates("ترامب", 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d candidates", len(got))
	}
}

// bigRegistry makes n entries with two-word names and an alias each.
func bigRegistry(n int) []Entry {
	first := []string{"محمد", "أحمد", "علي", "فاطمة", "مريم", "يوسف", "خالد", "سارة", "عمر", "ليلى"}
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("%s الرجل%d", first[i%len(first)], i),
			Aliases: []string{fmt.Sprintf("الرجل%d", i)}, Label: "PERS", KBID: fmt.Sprintf("Q%d", i+1)}
	}
	return out
}

func TestCandidatesLarge(t *testing.T) {
	ix := NewRegistryIndex(bigRegistry(50000))
	got := ix.Candidates("وبالرجل49999", 3)
	if len(got) == 0 || got[0].Entry.ID != "e49999" {
		t.Fatalf("got %+v, want e49999 first", got)
	}
}

// BenchmarkCandidates is one "Link to…" lookup in a registry of 50,000
// entries: an exact alias, a clitic-prefixed form, and a common first name
// shared by 5,000 entries (the worst case: every one is scored).
func BenchmarkCandidates(b *testing.B) {
	ix := NewRegistryIndex(bigRegistry(50000))
	for _, c := range []struct{ name, q string }{{"exact", "الرجل123"}, {"clitic", "والرجل123"}, {"common", "محمد"}} {
		q := c.q
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix.Candidates(q, 10)
			}
		})
	}
}

// BenchmarkRegistryIndex builds the index of 50,000 entries, as opening
// the "Link to…" list the first time does.
func BenchmarkRegistryIndex(b *testing.B) {
	es := bigRegistry(50000)
	for i := 0; i < b.N; i++ {
		NewRegistryIndex(es)
	}
}
