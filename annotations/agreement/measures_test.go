package agreement

import (
	"errors"
	"math"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", what, got, want, tol)
	}
}

func wantUndefined(t *testing.T, what string, err error) {
	t.Helper()
	var u *Undefined
	if !errors.As(err, &u) || u.Reason == "" {
		t.Errorf("%s: err = %v, want *Undefined with a reason", what, err)
	}
}

// fleissWikipedia is the worked example of Wikipedia's "Fleiss' kappa"
// article: 14 raters put 10 subjects in 5 categories. The article gives
// P̄ = 0.378, P̄e = 0.213 and κ = 0.210; statsmodels tests the same table
// (statsmodels/stats/tests/test_inter_rater.py, table1, κ = 0.210 to three
// decimals).
var fleissWikipedia = [][]int{
	{0, 0, 0, 0, 14},
	{0, 2, 6, 4, 2},
	{0, 0, 3, 5, 6},
	{0, 3, 9, 2, 0},
	{2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},
	{3, 2, 6, 3, 0},
	{2, 5, 3, 2, 2},
	{6, 5, 2, 1, 0},
	{0, 2, 2, 3, 7},
}

// fleiss1971 is Table 1 of Fleiss (1971), "Measuring nominal scale
// agreement among many raters", Psychological Bulletin 76(5): 378–382: six
// psychiatric diagnoses (1 depression, 2 personality disorder, 3
// schizophrenia, 4 neurosis, 5 other) of each of 30 patients, as R's irr
// package ships it (data "diagnoses", one column per rater) and statsmodels
// copies it. irr's kappam.fleiss gives κ = 0.4302445; Fleiss' paper 0.430.
var fleiss1971 = [][]int{
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
	{1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
	{1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
	{3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
	{2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

func TestFleissKappa(t *testing.T) {
	t.Run("Wikipedia", func(t *testing.T) {
		k, err := FleissKappa(fleissWikipedia)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "κ", k, 0.210, 0.0005)
	})
	t.Run("Fleiss1971", func(t *testing.T) {
		counts := make([][]int, len(fleiss1971))
		cols := make([]int, 5)
		for i, row := range fleiss1971 {
			counts[i] = make([]int, 5)
			for _, d := range row {
				counts[i][d-1]++
				cols[d-1]++
			}
		}
		// The category totals statsmodels checks its aggregation against.
		for j, want := range []int{26, 26, 30, 55, 43} {
			if cols[j] != want {
				t.Fatalf("category %d: %d ratings, want %d (data mistyped)", j+1, cols[j], want)
			}
		}
		k, err := FleissKappa(counts)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "κ", k, 0.4302445, 5e-8)
	})
	t.Run("HandWorked", func(t *testing.T) {
		// Two raters, four subjects: agree on 1 and 2 (category 0), on 3
		// (category 1), disagree on 4. P̄ = 3/4; p = (5/8, 3/8), P̄e =
		// 34/64; κ = (3/4 − 34/64) / (1 − 34/64) = 14/30.
		k, err := FleissKappa([][]int{{2, 0}, {2, 0}, {0, 2}, {1, 1}})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "κ", k, 14.0/30, 1e-12)
	})
	t.Run("ErrSingleCategory", func(t *testing.T) {
		_, err := FleissKappa([][]int{{3, 0}, {3, 0}})
		wantUndefined(t, "one category", err)
	})
	t.Run("ErrNoSubjects", func(t *testing.T) {
		_, err := FleissKappa(nil)
		wantUndefined(t, "no subjects", err)
	})
	t.Run("ErrUnequalRows", func(t *testing.T) {
		_, err := FleissKappa([][]int{{2, 0}, {1, 2}})
		var u *Undefined
		if err == nil || errors.As(err, &u) {
			t.Errorf("rows of 2 and 3 ratings: err = %v, want a plain error", err)
		}
	})
}

func TestCohenKappa(t *testing.T) {
	t.Run("SAS", func(t *testing.T) {
		// SAS's simple kappa example as statsmodels tests it (table10,
		// κ = 0.4842). By hand: N = 19, 13 on the diagonal, rows 5, 8, 6,
		// columns 0, 13, 6: pe = 140/361, κ = (247 − 140) / (361 − 140) =
		// 107/221.
		k, err := CohenKappa([][]int{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "κ", k, 0.4842, 0.00005)
		near(t, "κ", k, 107.0/221, 1e-12)
	})
	t.Run("HandWorked", func(t *testing.T) {
		// By hand, 50 items: Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15
		// (the grant-proposal table of Wikipedia's "Cohen's kappa"): po =
		// 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
		k, err := CohenKappa([][]int{{20, 5}, {10, 15}})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "κ", k, 0.4, 1e-12)
	})
	t.Run("ErrSingleCategory", func(t *testing.T) {
		_, err := CohenKappa([][]int{{7, 0}, {0, 0}})
		wantUndefined(t, "one category", err)
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := CohenKappa([][]int{{0, 0}, {0, 0}})
		wantUndefined(t, "no items", err)
	})
	t.Run("ErrNotSquare", func(t *testing.T) {
		if _, err := CohenKappa([][]int{{1, 2}, {3}}); err == nil {
			t.Error("a ragged table gave no error")
		}
	})
}

// units turns a coders × units reliability data matrix ("" for a missing
// value) into each unit's values.
func units(matrix [][]string) [][]string {
	out := make([][]string, len(matrix[0]))
	for _, coder := range matrix {
		for u, v := range coder {
			if v != "" {
				out[u] = append(out[u], v)
			}
		}
	}
	return out
}

func TestKrippendorffAlpha(t *testing.T) {
	t.Run("Krippendorff2011", func(t *testing.T) {
		// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability"
		// (repository.upenn.edu/asc_papers/43), the nominal example: four
		// observers, twelve units, missing values; α = 0.743. Unit 12 has
		// one value only and is unpairable. The Python package krippendorff
		// checks the same matrix to the same figure.
		m := [][]string{
			{"1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""},
			{"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"},
			{"", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""},
			{"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""},
		}
		a, err := KrippendorffAlpha(units(m))
		if err != nil {
			t.Fatal(err)
		}
		near(t, "α", a, 0.743, 0.0005)
	})
	t.Run("Wikipedia", func(t *testing.T) {
		// Wikipedia's "Krippendorff's alpha" computational example: three
		// coders, fifteen units; nominal α = 0.691 (also the example of the
		// Python package krippendorff's sample and of
		// dallascard/krippendorff_alpha).
		m := [][]string{
			{"", "", "", "", "", "3", "4", "1", "2", "1", "1", "3", "3", "", "3"},
			{"1", "", "2", "1", "3", "3", "4", "3", "", "", "", "", "", "", ""},
			{"", "", "2", "1", "3", "4", "4", "", "2", "1", "1", "3", "3", "", "4"},
		}
		a, err := KrippendorffAlpha(units(m))
		if err != nil {
			t.Fatal(err)
		}
		near(t, "α", a, 0.691, 0.0005)
	})
	t.Run("HandWorked", func(t *testing.T) {
		// Units (yes, yes) and (yes, no): o_yy = 2, o_yn = o_ny = 1; n_yes
		// = 3, n_no = 1, n = 4; Do = 2, De = (16 − 10) / 3 = 2; α = 0.
		a, err := KrippendorffAlpha([][]string{{"yes", "yes"}, {"yes", "no"}})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "α", a, 0, 1e-12)
		// Perfect agreement on two values: α = 1.
		a, err = KrippendorffAlpha([][]string{{"true", "true"}, {"false", "false"}})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "α", a, 1, 1e-12)
	})
	t.Run("ErrSingleValue", func(t *testing.T) {
		_, err := KrippendorffAlpha([][]string{{"yes", "yes"}, {"yes", "yes", "yes"}})
		wantUndefined(t, "one value", err)
	})
	t.Run("ErrNoPairableUnit", func(t *testing.T) {
		_, err := KrippendorffAlpha([][]string{{"yes"}, {}})
		wantUndefined(t, "no pairable unit", err)
	})
}

func TestOverlapMatches(t *testing.T) {
	sp := func(s, e int) span { return span{start: s, end: e} }
	// a: [0,6) and [6,12); b: [4,10) overlaps the first by 2, the second
	// by 4: the largest overlap wins, one to one.
	got := overlapMatches([]span{sp(0, 6), sp(6, 12)}, []span{sp(4, 10)})
	if len(got) != 1 || got[0] != [2]int{1, 0} {
		t.Errorf("matches = %v, want [[1 0]]", got)
	}
	// Two of b inside one long span of a: only one matches it.
	got = overlapMatches([]span{sp(0, 20)}, []span{sp(2, 5), sp(8, 18)})
	if len(got) != 1 || got[0] != [2]int{0, 1} {
		t.Errorf("matches = %v, want [[0 1]]", got)
	}
	// A long span of b reaches a span of a that starts well after its own
	// start (the search window must allow for it); touching is no overlap.
	got = overlapMatches([]span{sp(30, 32), sp(40, 45)}, []span{sp(0, 31), sp(32, 40)})
	if len(got) != 1 || got[0] != [2]int{0, 0} {
		t.Errorf("matches = %v, want [[0 0]]", got)
	}
	if n := exactMatches([]span{sp(0, 3), sp(0, 3), sp(5, 9)}, []span{sp(0, 3), sp(5, 8), sp(5, 9)}); n != 2 {
		t.Errorf("exact matches = %d, want 2", n)
	}
}
