package session

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// Curation: a curator compares the annotators' layers of an article and
// decides the gold layer, whose spans carry annotations.GoldLayer as their
// annotator and, in annotations.AttrGoldFrom, the annotators whose version
// they came from. The article's spans fall into units: spans of different
// layers that overlap, directly or through others. A unit on which every annotator of the article
// has the same single span agrees; any other unit is a disagreement, until
// the gold layer has a span in it or the curator rejects it. In curation the
// session acts as the gold layer: edits touch only gold spans.

// Unit is a stretch of the article where the layers' spans overlap.
type Unit struct {
	Range    annotations.Range             // from the first span's start to the last one's end
	Versions map[string][]annotations.Span // each annotator's spans in the unit (gold excluded)
	Gold     []annotations.Span            // the gold layer's spans in it
	Agreed   bool                          // every annotator has one span here, and all are the same
	Rejected bool                          // the curator rejected every version (this session)
}

// Curating reports whether the session acts as the gold layer.
func (s *Session) Curating() bool { return s.curate.on }

// SetCurating starts or ends curation of the open article. Blind mode ends
// while curating: the curator sees every layer.
func (s *Session) SetCurating(on bool) {
	if s.curate.on == on {
		return
	}
	s.curate.on = on
	s.curate.rejected = map[annotations.Range]bool{}
	if on && s.blind {
		s.SetBlind(false)
	}
	e := Event{Changed: ChangedSpans | ChangedSelection}
	if on {
		n := len(s.Disagreements())
		e.say("curating: %d disagreements (n / p to step, a accepts the selected span's version, Shift+A every agreeing span, x rejects)", n)
	} else {
		e.say("curation ended")
	}
	s.emit(e)
}

// actingAnnotator is whose layer edits touch: the gold layer in curation.
func (s *Session) actingAnnotator() string {
	if s.curate.on {
		return annotations.GoldLayer
	}
	return s.annotator()
}

// Units returns the open article's units in text order.
func (s *Session) Units() []Unit {
	if s.doc == nil {
		return nil
	}
	var spans, gold []annotations.Span
	for _, sp := range s.doc.Spans {
		if sp.Annotator == annotations.GoldLayer {
			gold = append(gold, sp)
		} else {
			spans = append(spans, sp)
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	annotators := map[string]bool{}
	var units []Unit
	end := -1
	for _, sp := range spans {
		annotators[sp.Annotator] = true
		if len(units) == 0 || sp.Start >= end {
			units = append(units, Unit{Range: annotations.Range{Start: sp.Start, End: sp.End}, Versions: map[string][]annotations.Span{}})
			end = sp.End
		}
		u := &units[len(units)-1]
		u.Versions[sp.Annotator] = append(u.Versions[sp.Annotator], sp)
		end = max(end, sp.End)
		u.Range.End = end
	}
	for i := range units {
		u := &units[i]
		for _, g := range gold {
			if g.Start < u.Range.End && u.Range.Start < g.End {
				u.Gold = append(u.Gold, g)
			}
		}
		u.Agreed = agreed(u.Versions, len(annotators)) && s.sameClaimants(u.Versions)
		u.Rejected = s.curate.rejected[u.Range]
	}
	return units
}

// agreed reports whether every one of n annotators has the same spans in
// versions: as many, and pairwise the same version (a person nested in a
// role that both marked agrees as much as a lone name).
func agreed(versions map[string][]annotations.Span, n int) bool {
	if len(versions) != n || n < 2 {
		return false
	}
	var first []annotations.Span
	for _, vs := range versions {
		sorted := slices.Clone(vs)
		slices.SortFunc(sorted, func(x, y annotations.Span) int {
			if c := cmp.Compare(x.Start, y.Start); c != 0 {
				return c
			}
			if c := cmp.Compare(x.End, y.End); c != 0 {
				return c
			}
			return strings.Compare(x.Label, y.Label)
		})
		if first == nil {
			first = sorted
			continue
		}
		if len(sorted) != len(first) {
			return false
		}
		for i := range sorted {
			if !sameVersion(first[i], sorted[i]) {
				return false
			}
		}
	}
	return true
}

// sameVersion reports whether two spans say the same: range, label, kind
// and claim attributes.
func sameVersion(a, b annotations.Span) bool {
	return a.Start == b.Start && a.End == b.End && a.Label == b.Label && a.Kind == b.Kind &&
		maps.Equal(claimAttrs(a), claimAttrs(b))
}

func claimAttrs(sp annotations.Span) map[string]string {
	m := map[string]string{}
	for _, k := range annotations.ClaimAttributeKeys {
		if v := sp.Attributes[k]; v != "" {
			m[k] = v
		}
	}
	return m
}

// Disagreements returns the units still to curate: not agreed, with no gold
// span and not rejected.
func (s *Session) Disagreements() []Unit {
	var out []Unit
	for _, u := range s.Units() {
		if !u.Agreed && len(u.Gold) == 0 && !u.Rejected {
			out = append(out, u)
		}
	}
	return out
}

// NextDisagreement selects the next (or previous) disagreement after the
// selection, wrapping, scrolls to it and says what each annotator has there.
func (s *Session) NextDisagreement(forward bool) {
	ds := s.Disagreements()
	if len(ds) == 0 {
		s.status(0, "no disagreement left in this article")
		return
	}
	at := s.sel.Start
	i := -1
	if forward {
		for k, u := range ds {
			if u.Range.Start > at || (s.sel == None && u.Range.Start >= at) {
				i = k
				break
			}
		}
		if i < 0 {
			i = 0
		}
	} else {
		for k := len(ds) - 1; k >= 0; k-- {
			if ds[k].Range.Start < at {
				i = k
				break
			}
		}
		if i < 0 {
			i = len(ds) - 1
		}
	}
	u := ds[i]
	s.setSel(u.Range)
	s.span = ""
	e := Event{Changed: ChangedSelection | ChangedScroll, ScrollTo: u.Range.Start}
	e.say("disagreement %d of %d: %s", i+1, len(ds), s.describe(u)) // the versions themselves stay as the data has them
	s.emit(e)
}

// describe says what each annotator has in unit u.
func (s *Session) describe(u Unit) string {
	names := make([]string, 0, len(u.Versions))
	for a := range u.Versions {
		names = append(names, a)
	}
	sort.Strings(names)
	var parts []string
	for _, a := range names {
		var vs []string
		for _, sp := range u.Versions[a] {
			v := fmt.Sprintf("%s “%s”", sp.Label, Isolate(Ellipsize(s.SpanText(sp), 30)))
			if attrs := claimAttrs(sp); len(attrs) > 0 {
				keys := slices.Sorted(maps.Keys(attrs))
				var kv []string
				for _, k := range keys {
					kv = append(kv, k+"="+Isolate(Ellipsize(attrs[k], 20)))
				}
				v += " (" + strings.Join(kv, ", ") + ")"
			}
			if c := s.claimantOf(sp.ID); c != "" {
				v += " claimant “" + Isolate(Ellipsize(c, 20)) + "”"
			}
			vs = append(vs, v)
		}
		parts = append(parts, a+": "+strings.Join(vs, ", "))
	}
	return strings.Join(parts, "; ")
}

// unitAt returns the unit that r meets, ok false when none does.
func (s *Session) unitAt(r annotations.Range) (Unit, bool) {
	for _, u := range s.Units() {
		if r.Start < u.Range.End && u.Range.Start < max(r.End, r.Start+1) {
			return u, true
		}
	}
	return Unit{}, false
}

// AcceptSelected puts the selected span's annotator's version of its unit
// into the gold layer, replacing the gold spans there; each gold span names
// the annotators who had the same version. Every step is undoable.
func (s *Session) AcceptSelected() {
	if !s.curate.on {
		s.status(0, "start curation first (Ctrl+Shift+K)")
		return
	}
	sp := s.Span(s.span)
	if sp == nil {
		// The disagreement n / p selected: when only one annotator has a
		// version there, that is the one to accept.
		if u, ok := s.unitAt(s.sel); ok && len(u.Versions) == 1 {
			for a := range u.Versions {
				s.toGold(u, a)
			}
			return
		}
	}
	if sp == nil || sp.Annotator == annotations.GoldLayer {
		s.status(0, "select the annotator's span whose version goes to gold (click it, or Tab to it in the inspector)")
		return
	}
	u, ok := s.unitAt(annotations.Range{Start: sp.Start, End: sp.End})
	if !ok {
		return
	}
	s.toGold(u, sp.Annotator)
}

// AcceptAgreeing puts every agreeing unit that has no gold span yet into the
// gold layer at once.
func (s *Session) AcceptAgreeing() {
	if !s.curate.on {
		s.status(0, "start curation first (Ctrl+Shift+K)")
		return
	}
	n := 0
	for _, u := range s.Units() {
		if u.Agreed && len(u.Gold) == 0 {
			for a := range u.Versions {
				s.toGold(u, a)
				break
			}
			n++
		}
	}
	s.status(0, "accepted %d agreeing spans into gold", n)
}

// RejectSelected rejects every version of the unit at the selection: its
// gold spans are removed and it is no longer listed as a disagreement.
func (s *Session) RejectSelected() {
	if !s.curate.on {
		return
	}
	u, ok := s.unitAt(s.sel)
	if !ok {
		s.status(0, "select the disagreement to reject")
		return
	}
	s.curate.rejected[u.Range] = true
	for _, g := range u.Gold {
		id := g.ID
		s.enqueue(func() {
			s.write("remove a gold span", func(ctx context.Context) error { return s.store.DeleteSpan(ctx, id) },
				func(err error, e Event) {
					if err != nil {
						e = failed(e, "remove a gold span", err)
					}
					s.emit(e)
				})
		})
	}
	s.status(ChangedSpans, "rejected every version at [%d, %d)", u.Range.Start, u.Range.End)
}

// toGold replaces unit u's gold spans with copies of annotator's version.
func (s *Session) toGold(u Unit, annotator string) {
	for _, g := range u.Gold {
		id := g.ID
		s.enqueue(func() {
			s.write("replace a gold span", func(ctx context.Context) error { return s.store.DeleteSpan(ctx, id) },
				func(err error, e Event) {
					if err != nil {
						e = failed(e, "replace a gold span", err)
					}
					s.emit(e)
				})
		})
	}
	for _, v := range u.Versions[annotator] {
		var from []string
		for a, vs := range u.Versions {
			for _, o := range vs {
				if sameVersion(v, o) {
					from = append(from, a)
					break
				}
			}
		}
		sort.Strings(from)
		g := annotations.Span{ArticleID: v.ArticleID, Kind: v.Kind, Label: v.Label, Start: v.Start, End: v.End,
			Note: v.Note, Annotator: annotations.GoldLayer, Attributes: maps.Clone(v.Attributes)}
		if g.Attributes == nil {
			g.Attributes = map[string]string{}
		}
		g.Attributes[annotations.AttrGoldFrom] = strings.Join(from, ",")
		source := v
		s.enqueue(func() {
			var added annotations.Span
			s.write("add a gold span", func(ctx context.Context) (err error) {
				added, err = s.store.AddSpan(ctx, g)
				return err
			}, func(err error, e Event) {
				if err != nil {
					e = failed(e, "add a gold span", err)
				} else {
					e.say("gold: %s “%s” from %s", LabelRef(g.Label), Isolate(Ellipsize(s.SpanText(g), 40)), strings.Join(from, ", "))
					s.linkGold(added, source)
				}
				s.emit(e)
			})
		})
	}
}

// linkGold gives gold span g the relations its source version has, where
// the span at the relation's other end is in gold too (the same range and
// label): accepting a claim and its claimant, in either order, gives the
// gold claim that gold claimant. It runs on the UI goroutine after g is
// stored, when the open document holds it.
func (s *Session) linkGold(g, source annotations.Span) {
	if s.doc == nil || g.ID == "" {
		return
	}
	goldOf := func(id string) string {
		if id == source.ID {
			return g.ID
		}
		o := s.Span(id)
		if o == nil {
			return ""
		}
		for _, sp := range s.doc.Spans {
			if sp.Annotator == annotations.GoldLayer && sp.Start == o.Start && sp.End == o.End && sp.Label == o.Label {
				return sp.ID
			}
		}
		return ""
	}
	has := func(typ, from, to string) bool {
		for _, r := range s.doc.Relations {
			if r.Type == typ && r.From == from && r.To == to {
				return true
			}
		}
		return false
	}
	for _, r := range s.doc.Relations {
		if r.From != source.ID && r.To != source.ID {
			continue
		}
		from, to := goldOf(r.From), goldOf(r.To)
		if from == "" || to == "" || from == to || has(r.Type, from, to) {
			continue
		}
		rel := annotations.Relation{ArticleID: g.ArticleID, Type: r.Type, From: from, To: to}
		s.enqueue(func() {
			s.write("relate gold spans", func(ctx context.Context) error {
				if rel.Type == annotations.RelClaimant {
					return s.store.SetClaimant(ctx, rel.From, rel.To)
				}
				_, err := s.store.AddRelation(ctx, rel)
				return err
			}, func(err error, e Event) {
				if err != nil {
					e = failed(e, "relate gold spans", err)
				}
				s.emit(e)
			})
		})
	}
}

// claimantOf returns the text of the claimant of span id, or "".
func (s *Session) claimantOf(id string) string {
	if s.doc == nil {
		return ""
	}
	for _, r := range s.doc.Relations {
		if r.Type == annotations.RelClaimant && r.From == id {
			if o := s.Span(r.To); o != nil {
				return s.SpanText(*o)
			}
		}
	}
	return ""
}

// sameClaimants reports whether every version in versions that is a claim
// names the same claimant: the same range and label, or none.
func (s *Session) sameClaimants(versions map[string][]annotations.Span) bool {
	first, seen := "", false
	for _, vs := range versions {
		for _, sp := range vs {
			if sp.Kind != annotations.KindClaim {
				continue
			}
			key := ""
			for _, r := range s.doc.Relations {
				if r.Type == annotations.RelClaimant && r.From == sp.ID {
					if o := s.Span(r.To); o != nil {
						key = fmt.Sprintf("%d:%d:%s", o.Start, o.End, o.Label)
					}
				}
			}
			if !seen {
				first, seen = key, true
			} else if key != first {
				return false
			}
		}
	}
	return true
}
