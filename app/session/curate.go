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
// layers that overlap, directly or through others. A unit on which every
// annotator of the article has the same single span agrees; any other unit
// is a disagreement, until the gold layer has a span in it or the curator
// rejects it. Relations other than claimant (which belongs to its claim's
// unit) make units of their own: the relations of one type between the
// same two stretches, which every annotator has (agreed, following their
// spans into gold) or only some (a disagreement until gold has the
// relation or the curator rejects it). Rejections are stored with the
// article (annotations.Rejection, through annotations.RejectionStore) when
// the store can, and kept for the session otherwise. In curation the
// session acts as the gold layer: edits touch only gold spans.

// Unit is a stretch of the article where the layers' spans overlap, or,
// when Relation is set, the relations of that type between the spans at
// two stretches.
type Unit struct {
	Range    annotations.Range             // from the first span's start to the last one's end
	Versions map[string][]annotations.Span // each annotator's spans in the unit (gold excluded)
	Gold     []annotations.Span            // the gold layer's spans in it
	Agreed   bool                          // every annotator has one span here, and all are the same
	Rejected bool                          // the curator rejected every version

	// Relation is the type of a unit of relations ("" for spans), From
	// and To the ranges of the spans they link (Range covers both),
	// Relations each annotator's (by the layer of their spans), and
	// GoldRelations the gold layer's between gold spans at From and To.
	Relation      string
	From, To      annotations.Range
	Relations     map[string][]annotations.Relation
	GoldRelations []annotations.Relation
}

// Key is the unit's identity, as its rejection records it:
// annotations.SpanUnit of its range, or annotations.RelationUnit.
func (u Unit) Key() string {
	if u.Relation != "" {
		return annotations.RelationUnit(u.Relation, u.From, u.To)
	}
	return annotations.SpanUnit(u.Range)
}

// at is where the unit stands in the order n / p step through: its start,
// or for relations the later start of their two ends, so a relation comes
// after the units of the spans it links.
func (u Unit) at() int {
	if u.Relation != "" {
		return max(u.From.Start, u.To.Start)
	}
	return u.Range.Start
}

// stepOrder sorts units in the order n / p step through them: by at, a
// unit of spans before relations at the same place, then by key.
func stepOrder(units []Unit) {
	sort.SliceStable(units, func(i, j int) bool {
		a, b := units[i], units[j]
		if a.at() != b.at() {
			return a.at() < b.at()
		}
		if (a.Relation == "") != (b.Relation == "") {
			return a.Relation == ""
		}
		return a.Key() < b.Key()
	})
}

// open reports whether the unit is still to curate.
func (u Unit) open() bool { return !u.Agreed && !u.decided() && !u.Rejected }

// decided reports whether gold has the unit's content.
func (u Unit) decided() bool {
	if u.Relation != "" {
		return len(u.GoldRelations) > 0
	}
	return len(u.Gold) > 0
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
	s.curate.current = ""
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

// Units returns the open article's units: those of spans in text order, then
// those of relations (relationUnits).
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
		u.Rejected = s.rejected(u.Key())
	}
	return append(units, s.relationUnits(len(annotators))...)
}

// relationUnits returns the open article's units of relations other than
// claimant, n the number of annotators with spans in it, in text order.
func (s *Session) relationUnits(n int) []Unit {
	byID := make(map[string]*annotations.Span, len(s.doc.Spans))
	for i := range s.doc.Spans {
		byID[s.doc.Spans[i].ID] = &s.doc.Spans[i]
	}
	var units []Unit
	at := map[string]int{}
	gold := map[string][]annotations.Relation{}
	for _, r := range s.doc.Relations {
		from, to := byID[r.From], byID[r.To]
		if r.Type == annotations.RelClaimant || from == nil || to == nil {
			continue
		}
		fr, tr := annotations.Range{Start: from.Start, End: from.End}, annotations.Range{Start: to.Start, End: to.End}
		key := annotations.RelationUnit(r.Type, fr, tr)
		if from.Annotator == annotations.GoldLayer {
			gold[key] = append(gold[key], r)
			continue
		}
		i, ok := at[key]
		if !ok {
			i = len(units)
			at[key] = i
			units = append(units, Unit{Relation: r.Type, From: fr, To: tr,
				Range:     annotations.Range{Start: min(fr.Start, tr.Start), End: max(fr.End, tr.End)},
				Relations: map[string][]annotations.Relation{}})
		}
		units[i].Relations[from.Annotator] = append(units[i].Relations[from.Annotator], r)
	}
	for i := range units {
		u := &units[i]
		u.GoldRelations = gold[u.Key()]
		u.Agreed = n >= 2 && len(u.Relations) == n
		u.Rejected = s.rejected(u.Key())
	}
	sort.SliceStable(units, func(i, j int) bool {
		if units[i].Range.Start != units[j].Range.Start {
			return units[i].Range.Start < units[j].Range.Start
		}
		return units[i].Key() < units[j].Key()
	})
	return units
}

// rejected reports whether the unit with identity key is rejected: stored
// with the article, or in this session when the store keeps none.
func (s *Session) rejected(key string) bool {
	if _, ok := s.store.(annotations.RejectionStore); ok {
		return s.doc != nil && annotations.RejectionOf(s.doc.Article.Rejections, key) != nil
	}
	return s.doc != nil && s.curate.rejected[s.doc.Article.ID+"\x00"+key]
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

// Disagreements returns the units still to curate, in the order n / p
// step through them (text order, a unit of relations after the units of
// the spans it links): not agreed, not decided in gold (a gold span in it,
// or the gold relation) and not rejected.
func (s *Session) Disagreements() []Unit {
	var out []Unit
	for _, u := range s.Units() {
		if u.open() {
			out = append(out, u)
		}
	}
	stepOrder(out)
	return out
}

// NextDisagreement selects the next (or previous) disagreement, wrapping:
// after the one n / p selected last (decided meanwhile or not), else after
// the selection. It scrolls to it and says what each annotator has there.
func (s *Session) NextDisagreement(forward bool) {
	all := s.Units()
	stepOrder(all)
	var ds []int // indexes into all
	for i, u := range all {
		if u.open() {
			ds = append(ds, i)
		}
	}
	if len(ds) == 0 {
		s.status(0, "no disagreement left in this article")
		return
	}
	i := -1 // into ds
	cur := -1
	if u, ok := s.currentUnit(); ok {
		cur = slices.IndexFunc(all, func(d Unit) bool { return d.Key() == u.Key() })
	}
	at := s.sel.Start
	for k, d := range ds {
		if forward && i < 0 && (cur >= 0 && d > cur || cur < 0 && (all[d].at() > at || (s.sel == None && all[d].at() >= at))) {
			i = k
		}
		if !forward && (cur >= 0 && d < cur || cur < 0 && all[d].at() < at) {
			i = k
		}
	}
	if i < 0 && forward {
		i = 0
	} else if i < 0 {
		i = len(ds) - 1
	}
	u := all[ds[i]]
	s.setSel(u.Range)
	s.span = ""
	s.curate.current, s.curate.at = u.Key(), u.Range
	e := Event{Changed: ChangedSelection | ChangedScroll, ScrollTo: u.Range.Start}
	// The versions themselves stay as the data has them.
	if u.Relation != "" {
		e.say("relation disagreement %d of %d: %s", i+1, len(ds), s.describe(u))
	} else {
		e.say("disagreement %d of %d: %s", i+1, len(ds), s.describe(u))
	}
	s.emit(e)
}

// currentUnit returns the unit n / p selected last, while the selection
// is still the one they made and no span is picked.
func (s *Session) currentUnit() (Unit, bool) {
	if s.curate.current == "" || s.sel != s.curate.at || s.span != "" {
		return Unit{}, false
	}
	for _, u := range s.Units() {
		if u.Key() == s.curate.current {
			return u, true
		}
	}
	return Unit{}, false
}

// describe says what each annotator has in unit u.
func (s *Session) describe(u Unit) string {
	if u.Relation != "" {
		return s.describeRelation(u)
	}
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

// describeRelation says which annotators have unit u's relation and which
// do not: "mona, sara: LOCATED_IN “X” → “Y”; lina: none".
func (s *Session) describeRelation(u Unit) string {
	text := func(r annotations.Range) string { return Isolate(Ellipsize(s.TextRange(r.Start, r.End), 30)) }
	have := slices.Sorted(maps.Keys(u.Relations))
	out := fmt.Sprintf("%s: %s “%s” → “%s”", strings.Join(have, ", "), u.Relation, text(u.From), text(u.To))
	var lack []string
	for _, a := range s.Annotators() {
		if a != annotations.GoldLayer && u.Relations[a] == nil {
			lack = append(lack, a)
		}
	}
	if len(lack) > 0 {
		out += "; " + strings.Join(lack, ", ") + ": none"
	}
	return out
}

// unitAt returns the unit of spans that r meets, ok false when none does.
func (s *Session) unitAt(r annotations.Range) (Unit, bool) {
	for _, u := range s.Units() {
		if u.Relation == "" && r.Start < u.Range.End && u.Range.Start < max(r.End, r.Start+1) {
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
	if u, ok := s.currentUnit(); ok && u.Relation != "" {
		s.relationToGold(u)
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
		// Agreed relations follow their spans (linkGold).
		if u.Relation == "" && u.Agreed && len(u.Gold) == 0 {
			for a := range u.Versions {
				s.toGold(u, a)
				break
			}
			n++
		}
	}
	s.status(0, "accepted %d agreeing spans into gold", n)
}

// RejectSelected rejects every version of the unit at the selection (the
// unit of relations n / p selected, else the unit of spans the selection
// meets): its gold spans are removed and it is no longer listed as a
// disagreement. On a unit rejected already it takes the rejection back.
// With a store that records rejections (annotations.RejectionStore) the
// rejection is stored with the article, by the current annotator's name,
// and the whole of it is one undo step; otherwise it lasts the session.
func (s *Session) RejectSelected() {
	if !s.curate.on {
		return
	}
	u, ok := s.currentUnit()
	if !ok {
		if u, ok = s.unitAt(s.sel); !ok {
			s.status(0, "select the disagreement to reject")
			return
		}
	}
	key, where := u.Key(), Msgf("[%d, %d)", u.Range.Start, u.Range.End)
	if u.Relation != "" {
		where = Msgf("%s “%s” → “%s”", u.Relation, Isolate(Ellipsize(s.TextRange(u.From.Start, u.From.End), 30)),
			Isolate(Ellipsize(s.TextRange(u.To.Start, u.To.End), 30)))
	}
	rs, stored := s.store.(annotations.RejectionStore)
	if !stored {
		if s.curate.rejected == nil {
			s.curate.rejected = map[string]bool{}
		}
		s.curate.rejected[s.doc.Article.ID+"\x00"+key] = !u.Rejected
		if u.Rejected {
			s.status(ChangedSpans, "took back the rejection of %s", where)
			return
		}
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
		s.status(ChangedSpans, "rejected every version at %s (for this session: this database cannot store rejections)", where)
		return
	}
	who := s.annotator()
	if who == "" {
		s.status(0, "set your name first (Ctrl+,): a rejection records who rejected")
		return
	}
	by, gold := who, make([]string, 0, len(u.Gold))
	for _, g := range u.Gold {
		gold = append(gold, g.ID)
	}
	if u.Rejected {
		by, gold = "", nil
	}
	id := s.doc.Article.ID
	s.enqueue(func() {
		s.write("reject a unit", func(ctx context.Context) error { return rs.SetRejected(ctx, id, key, by, gold) },
			func(err error, e Event) {
				switch {
				case err != nil:
					e = failed(e, "reject a unit", err)
				case by == "":
					e.say("took back the rejection of %s", where)
				default:
					e.say("rejected every version at %s (x again takes it back, Ctrl+Z undoes)", where)
				}
				s.emit(e)
			})
	})
}

// relationToGold gives the gold layer unit u's relation, between the gold
// spans at its two ends, which must be in gold already.
func (s *Session) relationToGold(u Unit) {
	goldAt := func(r annotations.Range) string {
		id := ""
		for _, sp := range s.doc.Spans {
			if sp.Annotator == annotations.GoldLayer && sp.Start == r.Start && sp.End == r.End {
				if id == "" {
					id = sp.ID
				}
			}
		}
		return id
	}
	from, to := goldAt(u.From), goldAt(u.To)
	if from == "" || to == "" {
		s.status(0, "accept the spans at both ends of the %s relation into gold first (n / p step to them)", u.Relation)
		return
	}
	have := slices.Sorted(maps.Keys(u.Relations))
	rel := annotations.Relation{ArticleID: s.doc.Article.ID, Type: u.Relation, From: from, To: to}
	s.enqueue(func() {
		s.write("relate gold spans", func(ctx context.Context) error {
			_, err := s.store.AddRelation(ctx, rel)
			return err
		}, func(err error, e Event) {
			if err != nil {
				e = failed(e, "relate gold spans", err)
			} else {
				e.say("gold: %s “%s” → “%s” from %s", u.Relation, Isolate(Ellipsize(s.TextRange(u.From.Start, u.From.End), 30)),
					Isolate(Ellipsize(s.TextRange(u.To.Start, u.To.End), 30)), strings.Join(have, ", "))
			}
			s.emit(e)
		})
	})
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
// gold claim that gold claimant. Other relations follow only when every
// annotator has them (an agreed unit of relations); the others are
// disagreements of their own, accepted with a. It runs on the UI goroutine
// after g is stored, when the open document holds it.
func (s *Session) linkGold(g, source annotations.Span) {
	if s.doc == nil || g.ID == "" {
		return
	}
	agreedRel := map[string]bool{}
	for _, u := range s.Units() {
		if u.Relation != "" && u.Agreed {
			for _, rs := range u.Relations {
				for _, r := range rs {
					agreedRel[r.ID] = true
				}
			}
		}
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
		if r.Type != annotations.RelClaimant && !agreedRel[r.ID] {
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
