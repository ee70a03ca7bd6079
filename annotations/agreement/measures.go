package agreement

import (
	"sort"

	"github.com/hamesh-app/hamesh/annotations"
)

// Undefined is the error a measure returns when its value does not exist for
// the data given (no spans on either side, a single category, no pairable
// values): Reason says why, for a person. Reports carry it as a null figure
// with the reason beside it, never as a made-up 0 or 1.
type Undefined struct {
	Reason string
}

// Error implements the error interface.
func (u *Undefined) Error() string { return "undefined: " + u.Reason }

// undefined returns the *Undefined whose reason is format. Every reason is
// a fixed English text that the window translates as a format (a
// translation id), so each is a literal: app's translation test collects
// the arguments of undefined and of reason.
func undefined(format string) *Undefined { return &Undefined{Reason: format} }

// reason is the Reason of undefined(format), for a report field.
func reason(format string) string { return undefined(format).Reason }

// CohenKappa returns Cohen's κ of a square contingency table: table[i][j]
// counts the items the first rater put in category i and the second in
// category j. κ = (po − pe) / (1 − pe), po the share of items on the
// diagonal, pe Σ_k (row_k / N)(col_k / N). It returns *Undefined for an empty
// table and when pe is 1 (both raters used one and the same category only);
// an error for a table that is not square or has a negative count.
func CohenKappa(table [][]int) (float64, error) {
	k := len(table)
	rows, cols := make([]float64, k), make([]float64, k)
	var n, diag float64
	for i, row := range table {
		if len(row) != k {
			return 0, annotations.Failf("cohen's kappa: row %d has %d cells, want %d (a square table)", i, len(row), k)
		}
		for j, c := range row {
			if c < 0 {
				return 0, annotations.Failf("cohen's kappa: cell [%d][%d] is negative (%d)", i, j, c)
			}
			f := float64(c)
			rows[i] += f
			cols[j] += f
			n += f
			if i == j {
				diag += f
			}
		}
	}
	return cohen(n, diag, rows, cols)
}

func cohen(n, diag float64, rows, cols []float64) (float64, error) {
	if n == 0 {
		return 0, undefined("no items")
	}
	var pe float64
	for i := range rows {
		pe += rows[i] / n * cols[i] / n
	}
	if pe >= 1-1e-12 {
		return 0, undefined("a single category: both sides put every item in the same category")
	}
	return (diag/n - pe) / (1 - pe), nil
}

// FleissKappa returns Fleiss' κ (Fleiss 1971) of counts: counts[i][j] is the
// number of raters who put subject i in category j, every row summing to the
// same number of raters n ≥ 2. κ = (P̄ − P̄e) / (1 − P̄e), P̄ the mean over
// subjects of the share of agreeing rater pairs, P̄e Σ_j p_j² with p_j the
// share of all ratings in category j. It returns *Undefined for no subjects
// and when P̄e is 1 (every rating in one category); an error for rows of
// different sums, fewer than two raters or a negative count.
func FleissKappa(counts [][]int) (float64, error) {
	var f fleiss
	for i, row := range counts {
		m := 0
		for j, c := range row {
			if c < 0 {
				return 0, annotations.Failf("fleiss' kappa: subject %d, category %d: negative count %d", i, j, c)
			}
			m += c
		}
		if i == 0 {
			if m < 2 {
				return 0, annotations.Failf("fleiss' kappa: subject 0 has %d ratings, want at least 2", m)
			}
			f.raters = m
		} else if m != f.raters {
			return 0, annotations.Failf("fleiss' kappa: subject %d has %d ratings, subject 0 has %d (every subject needs as many)", i, m, f.raters)
		}
		for j, c := range row {
			f.add(j, c)
		}
		f.subjects++
	}
	return f.kappa()
}

// fleiss accumulates Fleiss' κ one subject at a time: the sum over subjects
// of Σ_j n_ij² and each category's total count.
type fleiss struct {
	raters   int
	subjects int
	sumSq    float64
	totals   []float64
}

// grow makes room for category j.
func (f *fleiss) grow(j int) {
	for len(f.totals) <= j {
		f.totals = append(f.totals, 0)
	}
}

// add counts c ratings of category j for the current subject.
func (f *fleiss) add(j, c int) {
	f.grow(j)
	f.totals[j] += float64(c)
	f.sumSq += float64(c) * float64(c)
}

func (f *fleiss) kappa() (float64, error) {
	if f.subjects == 0 {
		return 0, undefined("no items")
	}
	n, m := float64(f.subjects), float64(f.raters)
	pbar := (f.sumSq - n*m) / (n * m * (m - 1))
	var pe float64
	for _, t := range f.totals {
		p := t / (n * m)
		pe += p * p
	}
	if pe >= 1-1e-12 {
		return 0, undefined("a single category: every rating is in the same category")
	}
	return (pbar - pe) / (1 - pe), nil
}

// KrippendorffAlpha returns Krippendorff's α for nominal data: units[u]
// holds the values the coders gave unit u, missing values left out (so units
// may differ in length). Units with fewer than two values are unpairable and
// ignored, as Krippendorff's definition says. α = 1 − Do/De from the
// coincidence matrix. It returns *Undefined when no unit has two values and
// when every pairable value is the same (De is 0).
func KrippendorffAlpha(units [][]string) (float64, error) {
	var k kalpha
	for _, u := range units {
		k.addUnit(u)
	}
	return k.alpha()
}

// kalpha accumulates the coincidence matrix of nominal α unit by unit.
type kalpha struct {
	index    map[string]int
	o        map[[2]int]float64
	pairable int
}

// addUnit adds one unit's values (missing ones already left out).
func (k *kalpha) addUnit(values []string) {
	m := len(values)
	if m < 2 {
		return
	}
	if k.index == nil {
		k.index, k.o = map[string]int{}, map[[2]int]float64{}
	}
	k.pairable++
	ids := make([]int, m)
	for i, v := range values {
		id, ok := k.index[v]
		if !ok {
			id = len(k.index)
			k.index[v] = id
		}
		ids[i] = id
	}
	w := 1 / float64(m-1)
	for i := range ids {
		for j := range ids {
			if i != j {
				k.o[[2]int{ids[i], ids[j]}] += w
			}
		}
	}
}

func (k *kalpha) alpha() (float64, error) {
	if k.pairable == 0 {
		return 0, undefined("no unit has values from two coders")
	}
	nc := make([]float64, len(k.index))
	var do float64
	// Sum in a fixed order so the result does not depend on map order.
	keys := make([][2]int, 0, len(k.o))
	for key := range k.o {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, key := range keys {
		v := k.o[key]
		nc[key[0]] += v
		if key[0] != key[1] {
			do += v
		}
	}
	var n, sumSq float64
	for _, c := range nc {
		n += c
		sumSq += c * c
	}
	de := (n*n - sumSq) / (n - 1) // Σ_{c≠k} n_c n_k / (n − 1)
	if de == 0 {
		return 0, undefined("a single value: every pairable value is the same")
	}
	return 1 - do/de, nil
}

// prf is the precision, recall and F1 of B against A from the matched count
// and each side's count; see PRF.
func prf(matched, a, b int) PRF {
	p := PRF{Matched: matched}
	if b == 0 {
		p.PrecisionReason = reason("b has no spans")
	} else {
		p.Precision = ptr(float64(matched) / float64(b))
	}
	if a == 0 {
		p.RecallReason = reason("a has no spans")
	} else {
		p.Recall = ptr(float64(matched) / float64(a))
	}
	if a+b == 0 {
		p.F1Reason = reason("no spans on either side")
	} else {
		p.F1 = ptr(2 * float64(matched) / float64(a+b))
	}
	return p
}

func ptr(f float64) *float64 { return &f }

// figure splits a measure's result into a value or the reason it has none; an
// error that is not *Undefined is a bug in the caller and is reported as its
// own reason.
func figure(v float64, err error) (*float64, string) {
	if err == nil {
		return ptr(v), ""
	}
	if u, ok := err.(*Undefined); ok {
		return nil, u.Reason
	}
	return nil, err.Error()
}
