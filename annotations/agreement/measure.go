package agreement

import (
	"sort"

	"github.com/hamesh-app/hamesh/annotations"
)

// measurer accumulates every figure of a Report over the documents.
type measurer struct {
	names    []string
	labels   []string
	labelIdx map[string]int
	pairs    []*pairAcc
	tokens   int

	fleiss    fleiss     // overall categories: 0 is O, label l is l+1
	fleissLab []labCount // per label: tokens marked by k annotators
	alpha     alphaAcc   // all annotators

	// scratch, reused from document to document
	cats  [][]int32 // per annotator: each token's category
	marks [][]bool  // per annotator: each token in the current label or not
	order []int
	local [][]int // an article pair's category table
}

// pairAcc is one pair's running counts.
type pairAcc struct {
	a, b           int // indices into names
	aSpans, bSpans int
	exact, overlap []int // matched spans per label
	aCount, bCount []int // spans per label
	table          [][]int
	lab            [][3]int // per label: tokens in both, in a only, in b only
	alpha          alphaAcc
}

// labCount accumulates Fleiss' κ for one label: the sum over tokens marked
// by at least one annotator of k² + (m−k)² − m², and Σ k.
type labCount struct {
	extra float64
	in    float64
}

// alphaAcc accumulates α per claim attribute over matched claims.
type alphaAcc struct {
	attr      map[string]*kalpha
	claims    int
	ambiguous int
}

func (x *alphaAcc) unit(values map[string][]string) {
	if x.attr == nil {
		x.attr = map[string]*kalpha{}
		for _, a := range Attributes {
			x.attr[a] = &kalpha{}
		}
	}
	x.claims++
	for _, a := range Attributes {
		x.attr[a].addUnit(values[a])
	}
}

func (x *alphaAcc) result() map[string]Alpha {
	out := map[string]Alpha{}
	for _, a := range Attributes {
		var k *kalpha
		if x.attr != nil {
			k = x.attr[a]
		} else {
			k = &kalpha{}
		}
		v, reason := figure(k.alpha())
		if x.claims == 0 {
			reason = "no claims matched by overlap"
		}
		out[a] = Alpha{Alpha: v, Reason: reason, Claims: x.claims, Pairable: k.pairable, Ambiguous: x.ambiguous}
	}
	return out
}

func newMeasurer(names, labels []string) *measurer {
	m := &measurer{names: names, labels: labels, labelIdx: map[string]int{}}
	for i, l := range labels {
		m.labelIdx[l] = i
	}
	k := len(labels) + 1
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			p := &pairAcc{a: i, b: j,
				exact: make([]int, len(labels)), overlap: make([]int, len(labels)),
				aCount: make([]int, len(labels)), bCount: make([]int, len(labels)),
				lab: make([][3]int, len(labels)), table: square(k)}
			m.pairs = append(m.pairs, p)
		}
	}
	m.fleiss.raters = len(names)
	m.fleissLab = make([]labCount, len(labels))
	m.cats = make([][]int32, len(names))
	m.marks = make([][]bool, len(names))
	m.local = square(k)
	return m
}

func square(k int) [][]int {
	t := make([][]int, k)
	for i := range t {
		t[i] = make([]int, k)
	}
	return t
}

// add measures one document into the running totals and returns its own
// figures.
func (m *measurer) add(d *prepared) Article {
	n := len(m.names)
	T := d.tokens
	m.tokens += T
	ss := make([][]span, n)
	for a, name := range m.names {
		ss[a] = d.spans[name]
	}
	art := Article{ID: d.id, Title: d.title, Tokens: T, Spans: map[string]int{}}
	for a, name := range m.names {
		art.Spans[name] = len(ss[a])
	}

	// Each token's overall category per annotator: the label of the
	// outermost span covering it (earliest start, then longest, then label
	// name), or O.
	for a := range m.names {
		m.cats[a] = resize(m.cats[a], T)
		cats := m.cats[a]
		clear(cats)
		m.order = m.order[:0]
		for i := range ss[a] {
			m.order = append(m.order, i)
		}
		sp := ss[a]
		sort.Slice(m.order, func(i, j int) bool {
			x, y := sp[m.order[i]], sp[m.order[j]]
			if x.start != y.start {
				return x.start < y.start
			}
			if x.end != y.end {
				return x.end > y.end
			}
			return x.label < y.label
		})
		for _, i := range m.order {
			s := sp[i]
			c := int32(m.labelIdx[s.label] + 1)
			for t := s.t0; t < s.t1; t++ {
				if cats[t] == 0 {
					cats[t] = c
				}
			}
		}
	}

	// Fleiss' κ, overall: per token Σ_j n_ij² = n + 2·(agreeing pairs).
	var local fleiss
	local.raters = n
	for t := 0; t < T; t++ {
		eq := 0
		for a := 0; a < n; a++ {
			c := int(m.cats[a][t])
			m.fleiss.grow(c)
			local.grow(c)
			m.fleiss.totals[c]++
			local.totals[c]++
			for b := a + 1; b < n; b++ {
				if m.cats[b][t] == m.cats[a][t] {
					eq++
				}
			}
		}
		sq := float64(n + 2*eq)
		m.fleiss.sumSq += sq
		local.sumSq += sq
	}
	m.fleiss.subjects += T
	local.subjects = T
	if T > 0 {
		art.FleissKappa, art.FleissKappaReason = figure(local.kappa())
	} else {
		art.FleissKappaReason = reason("no word tokens")
	}

	// Per label: token marks, Cohen's and Fleiss' counts, span matching.
	present := map[int]bool{}
	for a := range m.names {
		for _, s := range ss[a] {
			present[m.labelIdx[s.label]] = true
		}
	}
	type match struct{ a, ia, b, ib int }
	var claimMatches []match
	artPairs := make([]struct{ exact, overlap, aN, bN int }, len(m.pairs))
	for l := range m.labels {
		if !present[l] {
			continue
		}
		label := m.labels[l]
		blocks := make([][]span, n)
		offs := make([]int, n)
		for a := range m.names {
			lo := sort.Search(len(ss[a]), func(i int) bool { return ss[a][i].label >= label })
			hi := lo
			for hi < len(ss[a]) && ss[a][hi].label == label {
				hi++
			}
			blocks[a], offs[a] = ss[a][lo:hi], lo
			m.marks[a] = resize(m.marks[a], T)
			mk := m.marks[a]
			clear(mk)
			for _, s := range blocks[a] {
				for t := s.t0; t < s.t1; t++ {
					mk[t] = true
				}
			}
		}
		for t := 0; t < T; t++ {
			k := 0
			for a := 0; a < n; a++ {
				if m.marks[a][t] {
					k++
				}
			}
			if k > 0 {
				fl := float64(k)
				m.fleissLab[l].extra += fl*fl + float64(n-k)*float64(n-k) - float64(n*n)
				m.fleissLab[l].in += fl
			}
		}
		for pi, p := range m.pairs {
			ma, mb := m.marks[p.a], m.marks[p.b]
			var both, onlyA, onlyB int
			for t := 0; t < T; t++ {
				switch {
				case ma[t] && mb[t]:
					both++
				case ma[t]:
					onlyA++
				case mb[t]:
					onlyB++
				}
			}
			p.lab[l][0] += both
			p.lab[l][1] += onlyA
			p.lab[l][2] += onlyB
			ba, bb := blocks[p.a], blocks[p.b]
			ex := exactMatches(ba, bb)
			pairs := overlapMatches(ba, bb)
			p.exact[l] += ex
			p.overlap[l] += len(pairs)
			p.aCount[l] += len(ba)
			p.bCount[l] += len(bb)
			ap := &artPairs[pi]
			ap.exact += ex
			ap.overlap += len(pairs)
			ap.aN += len(ba)
			ap.bN += len(bb)
			for _, q := range pairs {
				x, y := ba[q[0]], bb[q[1]]
				if x.kind != annotations.KindClaim || y.kind != annotations.KindClaim {
					continue
				}
				p.alpha.unit(attrValues(x, y))
				claimMatches = append(claimMatches, match{p.a, offs[p.a] + q[0], p.b, offs[p.b] + q[1]})
			}
		}
	}

	// α over all annotators: claims linked by the pairs' overlap matches
	// form a unit when no annotator has two claims in it.
	if len(claimMatches) > 0 {
		base := make([]int, n+1)
		for a := range m.names {
			base[a+1] = base[a] + len(ss[a])
		}
		uf := newUnionFind(base[n])
		for _, c := range claimMatches {
			uf.union(base[c.a]+c.ia, base[c.b]+c.ib)
		}
		comps := map[int][]int{}
		for _, c := range claimMatches {
			for _, node := range []int{base[c.a] + c.ia, base[c.b] + c.ib} {
				r := uf.find(node)
				if !containsInt(comps[r], node) {
					comps[r] = append(comps[r], node)
				}
			}
		}
		roots := make([]int, 0, len(comps))
		for r := range comps {
			roots = append(roots, r)
		}
		sort.Ints(roots)
		for _, r := range roots {
			nodes := comps[r]
			sort.Ints(nodes)
			seenA := map[int]bool{}
			ok := true
			values := map[string][]string{}
			for _, node := range nodes {
				a := sort.Search(n, func(i int) bool { return base[i+1] > node })
				if seenA[a] {
					ok = false
					break
				}
				seenA[a] = true
				s := ss[a][node-base[a]]
				for i, k := range Attributes {
					if v := s.attrs[i]; v != "" {
						values[k] = append(values[k], v)
					}
				}
			}
			if !ok {
				m.alpha.ambiguous++
				continue
			}
			m.alpha.unit(values)
		}
	}

	// Overall Cohen's κ per pair, for the set and for this article.
	var ex, ov, aN, bN int
	for pi, p := range m.pairs {
		ca, cb := m.cats[p.a], m.cats[p.b]
		for _, row := range m.local {
			clear(row)
		}
		for t := 0; t < T; t++ {
			m.local[ca[t]][cb[t]]++
			p.table[ca[t]][cb[t]]++
		}
		ap := artPairs[pi]
		p.aSpans += len(ss[p.a])
		p.bSpans += len(ss[p.b])
		out := ArticlePair{A: m.names[p.a], B: m.names[p.b], ASpans: len(ss[p.a]), BSpans: len(ss[p.b]),
			Exact: prf(ap.exact, ap.aN, ap.bN), Overlap: prf(ap.overlap, ap.aN, ap.bN)}
		out.CohenKappa, out.CohenKappaReason = tokenKappa(m.local, T)
		art.Pairs = append(art.Pairs, out)
		ex += ap.exact
		ov += ap.overlap
		aN += ap.aN
		bN += ap.bN
	}
	e, o := prf(ex, aN, bN), prf(ov, aN, bN)
	art.ExactF1, art.ExactF1Reason = e.F1, e.F1Reason
	art.OverlapF1, art.OverlapF1Reason = o.F1, o.F1Reason
	return art
}

// tokenKappa is Cohen's κ of a category table over T tokens.
func tokenKappa(table [][]int, T int) (*float64, string) {
	if T == 0 {
		return nil, "no word tokens"
	}
	v, r := figure(CohenKappa(table))
	if v == nil && table[0][0] == T {
		r = "a single category: neither annotator marks any word token"
	}
	return v, r
}

// finish fills r's set-wide figures from the running totals.
func (m *measurer) finish(r *Report) {
	n := len(m.names)
	for _, p := range m.pairs {
		var ex, ov, aN, bN int
		out := Pair{A: m.names[p.a], B: m.names[p.b], ASpans: p.aSpans, BSpans: p.bSpans, Labels: map[string]Label{}}
		for l, name := range m.labels {
			ex += p.exact[l]
			ov += p.overlap[l]
			aN += p.aCount[l]
			bN += p.bCount[l]
			lab := Label{Exact: prf(p.exact[l], p.aCount[l], p.bCount[l]), Overlap: prf(p.overlap[l], p.aCount[l], p.bCount[l]),
				A: p.aCount[l], B: p.bCount[l]}
			both, onlyA, onlyB := p.lab[l][0], p.lab[l][1], p.lab[l][2]
			none := m.tokens - both - onlyA - onlyB
			lab.CohenKappa, lab.CohenKappaReason = labelKappa(both, onlyA, onlyB, none, m.tokens)
			out.Labels[name] = lab
		}
		out.Exact, out.Overlap = prf(ex, aN, bN), prf(ov, aN, bN)
		out.CohenKappa, out.CohenKappaReason = tokenKappa(p.table, m.tokens)
		out.Attributes = p.alpha.result()
		r.Pairs = append(r.Pairs, out)
	}
	if m.tokens == 0 {
		r.FleissKappaReason = reason("no word tokens")
	} else {
		r.FleissKappa, r.FleissKappaReason = figure(m.fleiss.kappa())
	}
	r.FleissLabels = map[string]Kappa{}
	for l, name := range m.labels {
		c := m.fleissLab[l]
		var k Kappa
		switch {
		case m.tokens == 0:
			k.Reason = reason("no word tokens")
		case c.in == 0:
			k.Reason = reason("a single category: no annotator marks a word token with this label")
		default:
			f := fleiss{raters: n, subjects: m.tokens,
				sumSq:  float64(m.tokens)*float64(n*n) + c.extra,
				totals: []float64{float64(m.tokens*n) - c.in, c.in}}
			k.Kappa, k.Reason = figure(f.kappa())
		}
		r.FleissLabels[name] = k
	}
	r.Attributes = m.alpha.result()
}

// labelKappa is Cohen's κ of one label's 2×2 token table.
func labelKappa(both, onlyA, onlyB, none, T int) (*float64, string) {
	if T == 0 {
		return nil, "no word tokens"
	}
	if both+onlyA+onlyB == 0 {
		return nil, "a single category: neither annotator marks a word token with this label"
	}
	return figure(CohenKappa([][]int{{both, onlyA}, {onlyB, none}}))
}

// attrValues gives the claim attributes two matched claims set.
func attrValues(x, y span) map[string][]string {
	out := map[string][]string{}
	for i, k := range Attributes {
		for _, s := range []span{x, y} {
			if v := s.attrs[i]; v != "" {
				out[k] = append(out[k], v)
			}
		}
	}
	return out
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(x, y int) {
	rx, ry := u.find(x), u.find(y)
	if rx != ry {
		u[ry] = rx
	}
}
