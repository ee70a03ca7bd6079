package app

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/app/session"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// noneChoice is the empty choice of the inspector's selects.
const noneChoice = "—"

// Inspector is the right-hand pane: the open article's spans grouped by kind
// and label (selecting one scrolls the view to it and selects it), the
// selected span's label, text and note — for a claim also its claimant and
// attributes — and the article's status and note.
//
// State in: Show(inspectorState). Out: OnSelectSpan, OnRelabel,
// OnClaimant, OnSpanFields (note and attributes, saved after a pause in
// typing or at once for a choice), OnArticleMeta and OnDelete. Typing held
// back is saved by flush and dropped by cancel.
type Inspector struct {
	container fyne.CanvasObject
	st        inspectorState

	OnSelectSpan  func(id string)
	OnRelabel     func(spanID, label string)
	OnClaimant    func(claimID, entityID string)
	OnSpanFields  func(spanID, note string, attrs map[string]string)
	OnArticleMeta func(status annotations.Status, note string)
	OnDelete      func()
	// OnReviewSuggestions steps to the first pending suggestion of one
	// source and label (a click on its row under Suggestions).
	OnReviewSuggestions func(source, label string)
	// OnLinkMenu opens the "Link to…" menu of entity span spanID at the
	// button (issue 17).
	OnLinkMenu func(spanID string, at fyne.CanvasObject)
	// OnDeleteRelation deletes a relation of the selected span.
	OnDeleteRelation func(relationID string)

	Tree *widget.Tree

	spanBox      *fyne.Container
	SpanLabel    *widget.Select
	spanText     *bidiLabel
	spanRange    *widget.Label
	SpanNote     *noteEntry
	claimBox     *fyne.Container
	Claimant     *widget.Select
	Attr         map[string]*widget.Select
	Normalized   *noteEntry
	DeleteButton *widget.Button
	noSpan       *widget.Label
	// entityBox shows an entity span's registry entry and "Link to…".
	entityBox  *fyne.Container
	LinkInfo   *bidiLabel
	LinkButton *widget.Button
	// relBox lists the selected span's relations, each with a delete
	// button; clusterInfo shows a claim's cluster, verdict and conflict.
	relBox      *fyne.Container
	clusterInfo *bidiLabel
	conflict    *widget.Label // a member verdict that disagrees with its cluster's
	// clusterBox holds a claim's cluster line and "Cluster…", which opens
	// OnClusterMenu.
	clusterBox    *fyne.Container
	ClusterButton *widget.Button
	// OnClusterMenu opens the "Cluster…" menu of claim span spanID at the
	// button: clusters to join with their scores, a new one, leaving.
	OnClusterMenu func(spanID string, at fyne.CanvasObject)

	Status      *widget.Select
	ArticleNote *noteEntry
	// Curated says who marked the article curated, and when (hidden while
	// it is not); Ctrl+Shift+D in curation marks and unmarks it.
	Curated *widget.Label

	updating    bool
	grouped     map[annotations.Kind]map[string][]annotations.Span // groups() since Show, for groupedFor
	groupedFor  groupKey
	labelCodes  []string // the label codes behind SpanLabel's options
	claimantIDs []string // span ids behind Claimant's options (after noneChoice)
	// The notes are saved on every change. While a save is on its way the
	// stored text lags behind the typed one: an entry whose field is
	// "dirty" keeps its text until the store has caught up with it.
	spanShown    string // the span whose fields the entries hold
	spanDirty    bool
	articleShown string // the article whose note the entry holds
	articleDirty bool
}

// relRow is one relation of the selected span as the inspector lists it.
type relRow struct{ id, text string }

// inspectorState is what the inspector shows.
type inspectorState struct {
	doc      *annotations.Document // nil when no article is open
	selected *annotations.Span     // nil when no span is selected
	claimant string                // the selected claim's claimant span id
	entry    string                // the selected entity's registry entry, as shown ("" unlinked)
	registry bool                  // the store keeps a registry: offer "Link to…"
	rels     []relRow              // the selected span's relations
	cluster  string                // the selected claim's cluster and verdict, as shown ("" none)
	conflict string                // its own verdict when it disagrees with the cluster's
	labels   []annotations.Label
	text     func(annotations.Span) string // the text a span covers
}

func (st inspectorState) span(id string) *annotations.Span {
	if st.doc == nil {
		return nil
	}
	for i := range st.doc.Spans {
		if st.doc.Spans[i].ID == id {
			return &st.doc.Spans[i]
		}
	}
	return nil
}

// labelName returns the name of the scheme's i-th label, or "".
func (st inspectorState) labelName(i int) string {
	if i < 0 || i >= len(st.labels) {
		return ""
	}
	return st.labels[i].Name
}

func (st inspectorState) selectedID() string {
	if st.selected == nil {
		return ""
	}
	return st.selected.ID
}

// attrNames are the claim attributes' names in the inspector's form.
var attrNames = map[string]string{
	annotations.AttrCheckWorthy: K("check worthy"),
	annotations.AttrVerdict:     K("verdict"),
	annotations.AttrStance:      K("stance"),
}

// kindName is a span kind as the interface names it.
func kindName(k annotations.Kind) string {
	switch k {
	case annotations.KindEntity:
		return T("entity")
	case annotations.KindClaim:
		return T("claim")
	}
	return string(k)
}

// labelDisplay is how the interface names the label code name
// (LabelDisplay), the code itself for a label not in the scheme.
func (in *Inspector) labelDisplay(name string) string {
	for _, l := range in.st.labels {
		if l.Name == name {
			return LabelDisplay(l)
		}
	}
	return name
}

// The claim attributes' values, translated where the inspector shows them.
var _ = []string{K("yes"), K("no"), K("true"), K("false"), K("partly_false"), K("unverifiable"),
	K("not_enough_evidence"), K("agree"), K("disagree"), K("discuss"), K("unrelated")}

var statusOrder = []annotations.Status{annotations.StatusTodo, annotations.StatusInProgress, annotations.StatusDone}

func newInspector(fwd entryForward) *Inspector {
	in := &Inspector{Attr: map[string]*widget.Select{}, st: inspectorState{text: func(annotations.Span) string { return "" }}}
	in.Tree = widget.NewTree(in.childUIDs, in.isBranch,
		func(bool) fyne.CanvasObject { return newBidiLabel(false) },
		func(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*bidiLabel).SetText(in.nodeText(uid)) })
	in.Tree.OnSelected = func(uid widget.TreeNodeID) {
		if !in.updating && strings.HasPrefix(uid, "h:") && in.OnReviewSuggestions != nil {
			source, label, _ := strings.Cut(uid[2:], "\x00")
			in.OnReviewSuggestions(source, label)
			return
		}
		if in.updating || !strings.HasPrefix(uid, "s:") {
			return
		}
		if in.OnSelectSpan != nil {
			in.OnSelectSpan(uid[2:])
		}
	}

	in.buildSpanFields(fwd)
	in.buildClaimFields(fwd)
	in.DeleteButton = mirrorIcon(widget.NewButtonWithIcon(TV("Delete span (Del)"), theme.DeleteIcon(), func() {
		if in.OnDelete != nil {
			in.OnDelete()
		}
	}))
	in.LinkInfo = newBidiLabel(false)
	in.LinkButton = widget.NewButton(TV("Link to…"), func() {
		if s := in.st.selected; s != nil && in.OnLinkMenu != nil {
			in.OnLinkMenu(s.ID, in.LinkButton)
		}
	})
	in.entityBox = atEnd(in.LinkInfo, in.LinkButton)
	in.relBox = container.NewVBox()
	in.clusterInfo = newBidiLabel(false)
	in.ClusterButton = widget.NewButton(TV("Cluster…"), func() {
		if s := in.st.selected; s != nil && in.OnClusterMenu != nil {
			in.OnClusterMenu(s.ID, in.ClusterButton)
		}
	})
	in.clusterBox = atEnd(in.clusterInfo, in.ClusterButton)
	in.conflict = widget.NewLabel("")
	in.conflict.Importance = widget.DangerImportance
	in.conflict.Wrapping = fyne.TextWrapWord
	// Broken into lines here: Fyne wraps an Arabic line in logical order.
	in.noSpan = widget.NewLabel(visualLines(T("No span selected. Select text and press a label key, or pick a span above."), inspectorTextWidth))
	in.noSpan.Wrapping = fyne.TextWrapWord
	in.noSpan.Alignment = alignLeading()
	in.noSpan.Importance = widget.LowImportance
	in.spanBox = container.NewVBox(
		widget.NewForm(mirrorItems([]*widget.FormItem{widget.NewFormItem(TV("Label"), in.SpanLabel)})...),
		in.spanText, in.spanRange, in.entityBox, in.clusterBox, in.conflict, in.relBox, in.SpanNote, in.claimBox, in.DeleteButton)
	in.buildArticleFields(fwd)

	spansHead := widget.NewLabelWithStyle(TV("Spans"), alignLeading(), fyne.TextStyle{Bold: true})
	selHead := widget.NewLabelWithStyle(TV("Selected span"), alignLeading(), fyne.TextStyle{Bold: true})
	artHead := widget.NewLabelWithStyle(TV("Article"), alignLeading(), fyne.TextStyle{Bold: true})
	lower := container.NewVScroll(container.NewVBox(
		selHead, in.noSpan, in.spanBox, widget.NewSeparator(),
		artHead, widget.NewForm(mirrorItems([]*widget.FormItem{widget.NewFormItem(TV("Status"), in.Status)})...), in.Curated, in.ArticleNote))
	upper := container.NewBorder(spansHead, nil, nil, nil, in.Tree)
	split := container.NewVSplit(upper, lower)
	split.Offset = 0.4
	in.container = split
	in.Show(in.st)
	return in
}

// buildSpanFields makes the selected span's label choice, text, range and
// note.
func (in *Inspector) buildSpanFields(fwd entryForward) {
	in.SpanLabel = newSelect(nil, func(string) {
		i := in.SpanLabel.SelectedIndex()
		if in.updating || i < 0 || i >= len(in.labelCodes) {
			return
		}
		name := in.labelCodes[i]
		if s := in.st.selected; s != nil && s.Label != name && in.OnRelabel != nil {
			in.OnRelabel(s.ID, name)
		}
	})
	in.spanText = newBidiLabel(false)
	in.spanRange = widget.NewLabel("")
	in.spanRange.Importance = widget.LowImportance
	in.spanRange.Alignment = alignLeading()
	in.SpanNote = newNoteEntry()
	in.SpanNote.fwd = fwd
	in.SpanNote.SetPlaceHolder(T("Note on this span"))
	in.SpanNote.SetMinRowsVisible(2)
	in.SpanNote.Wrapping = fyne.TextWrapWord
	in.SpanNote.OnChanged = func(string) { in.spanTyped() }
}

// buildClaimFields makes a claim's claimant choice, attribute choices and
// normalized claim.
func (in *Inspector) buildClaimFields(fwd entryForward) {
	in.Claimant = newSelect(nil, func(string) {
		if in.updating {
			return
		}
		id := ""
		if i := in.Claimant.SelectedIndex(); i > 0 && i-1 < len(in.claimantIDs) {
			id = in.claimantIDs[i-1]
		}
		if id0 := in.st.selectedID(); id0 != "" {
			if in.OnClaimant != nil {
				in.OnClaimant(id0, id)
			}
		}
	})
	items := []*widget.FormItem{widget.NewFormItem(TV("Claimant"), in.Claimant)}
	for _, key := range []string{annotations.AttrCheckWorthy, annotations.AttrVerdict, annotations.AttrStance} {
		opts := []string{noneChoice}
		for _, v := range annotations.ClaimAttributes[key] {
			opts = append(opts, visualString(TK(v))) // the value stays the code; its name is translated
		}
		sel := newSelect(opts, func(string) {
			if !in.updating {
				in.saveSpanNow()
			}
		})
		in.Attr[key] = sel
		items = append(items, widget.NewFormItem(visualString(TK(attrNames[key])), sel))
	}
	in.Normalized = newNoteEntry()
	in.Normalized.fwd = fwd
	in.Normalized.Wrapping = fyne.TextWrapWord
	in.Normalized.SetMinRowsVisible(2)
	in.Normalized.SetPlaceHolder(T("The claim restated plainly"))
	in.Normalized.OnChanged = func(string) { in.spanTyped() }
	items = append(items, widget.NewFormItem(TV("normalized"), in.Normalized))
	form := widget.NewForm(mirrorItems(items)...)
	in.claimBox = container.NewVBox(form)
}

// buildArticleFields makes the article's status choice and note.
func (in *Inspector) buildArticleFields(fwd entryForward) {
	names := make([]string, len(statusOrder))
	for i, s := range statusOrder {
		names[i] = statusName(s)
	}
	in.Status = newSelect(names, func(string) {
		if !in.updating {
			in.saveArticleNow()
		}
	})
	in.Curated = widget.NewLabel("")
	in.Curated.Wrapping = fyne.TextWrapWord
	in.Curated.Importance = widget.SuccessImportance
	in.Curated.Alignment = alignLeading()
	in.Curated.Hide()
	in.ArticleNote = newNoteEntry()
	in.ArticleNote.fwd = fwd
	in.ArticleNote.SetPlaceHolder(T("Note on this article"))
	in.ArticleNote.Wrapping = fyne.TextWrapWord
	in.ArticleNote.SetMinRowsVisible(2)
	in.ArticleNote.OnChanged = func(string) {
		if !in.updating {
			in.articleDirty = true
			in.saveArticleNow()
		}
	}
}

// groups returns the open document's spans grouped by kind, then label,
// each list in text order.
func (in *Inspector) groups() map[annotations.Kind]map[string][]annotations.Span {
	key := in.groupKey()
	if in.grouped != nil && in.groupedFor == key {
		return in.grouped
	}
	out := map[annotations.Kind]map[string][]annotations.Span{}
	if in.st.doc == nil {
		return out
	}
	defer func() { in.grouped, in.groupedFor = out, key }()
	for _, s := range in.st.doc.Spans {
		if out[s.Kind] == nil {
			out[s.Kind] = map[string][]annotations.Span{}
		}
		out[s.Kind][s.Label] = append(out[s.Kind][s.Label], s)
	}
	for _, byLabel := range out {
		for _, spans := range byLabel {
			sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
		}
	}
	return out
}

// groupKey names the spans groups() grouped: the document and its spans
// slice. Show starts afresh; between two Shows the tree asks for every
// node's children on every frame (its MinSize walks them), which regrouped
// a 1 MB article's 3,060 spans some ten times per frame (issue 16).
type groupKey struct {
	doc   *annotations.Document
	spans *annotations.Span
	n     int
}

func (in *Inspector) groupKey() groupKey {
	k := groupKey{doc: in.st.doc}
	if d := in.st.doc; d != nil {
		k.n = len(d.Spans)
		if k.n > 0 {
			k.spans = &d.Spans[0]
		}
	}
	return k
}

func (in *Inspector) childUIDs(uid widget.TreeNodeID) []widget.TreeNodeID {
	g := in.groups()
	switch {
	case uid == "":
		var out []string
		for _, k := range []annotations.Kind{annotations.KindEntity, annotations.KindClaim} {
			if len(g[k]) > 0 {
				out = append(out, "k:"+string(k))
			}
		}
		if in.st.doc != nil && len(in.st.doc.Suggestions) > 0 {
			out = append(out, suggestionsNode)
		}
		return out
	case uid == suggestionsNode:
		return in.suggestionSources()
	case strings.HasPrefix(uid, "g:"):
		return in.suggestionLabels(uid[2:])
	case strings.HasPrefix(uid, "k:"):
		k := annotations.Kind(uid[2:])
		var names []string
		for name := range g[k] {
			names = append(names, name)
		}
		sort.Slice(names, func(i, j int) bool {
			return in.labelIndex(names[i]) < in.labelIndex(names[j]) || (in.labelIndex(names[i]) == in.labelIndex(names[j]) && names[i] < names[j])
		})
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = "l:" + string(k) + ":" + n
		}
		return out
	case strings.HasPrefix(uid, "l:"):
		k, name, _ := strings.Cut(uid[2:], ":")
		var out []string
		for _, s := range g[annotations.Kind(k)][name] {
			out = append(out, "s:"+s.ID)
		}
		return out
	}
	return nil
}

func (in *Inspector) labelIndex(name string) int {
	for i, l := range in.st.labels {
		if l.Name == name {
			return i
		}
	}
	return len(in.st.labels)
}

func (in *Inspector) isBranch(uid widget.TreeNodeID) bool {
	return uid == "" || uid == suggestionsNode || strings.HasPrefix(uid, "k:") || strings.HasPrefix(uid, "l:") || strings.HasPrefix(uid, "g:")
}

// suggestionsNode is the tree's branch of the pending suggestions, by
// source ("g:SOURCE") and label ("h:SOURCE\x00LABEL", with its count).
const suggestionsNode = "suggestions"

// suggestionCounts counts the open article's pending suggestions by source
// and label.
func (in *Inspector) suggestionCounts() map[string]map[string]int {
	out := map[string]map[string]int{}
	if in.st.doc == nil {
		return out
	}
	for _, sg := range in.st.doc.Suggestions {
		if out[sg.Source] == nil {
			out[sg.Source] = map[string]int{}
		}
		out[sg.Source][sg.Label]++
	}
	return out
}

func (in *Inspector) suggestionSources() []string {
	var out []string
	for src := range in.suggestionCounts() {
		out = append(out, "g:"+src)
	}
	sort.Strings(out)
	return out
}

func (in *Inspector) suggestionLabels(source string) []string {
	var out []string
	for l := range in.suggestionCounts()[source] {
		out = append(out, "h:"+source+"\x00"+l)
	}
	sort.Strings(out)
	return out
}

func (in *Inspector) nodeText(uid widget.TreeNodeID) string {
	g := in.groups()
	switch {
	case strings.HasPrefix(uid, "k:"):
		k := annotations.Kind(uid[2:])
		n := 0
		for _, spans := range g[k] {
			n += len(spans)
		}
		name := T("Entities")
		if k == annotations.KindClaim {
			name = T("Claims")
		}
		return T("%s (%d)", name, n)
	case strings.HasPrefix(uid, "l:"):
		k, name, _ := strings.Cut(uid[2:], ":")
		return T("%s (%d)", in.labelDisplay(name), len(g[annotations.Kind(k)][name]))
	case uid == suggestionsNode:
		n := 0
		if in.st.doc != nil {
			n = len(in.st.doc.Suggestions)
		}
		return T("Suggestions pending (%d): n / p, Enter, x", n)
	case strings.HasPrefix(uid, "g:"):
		n := 0
		for _, k := range in.suggestionCounts()[uid[2:]] {
			n += k
		}
		return T("%s (%d)", uid[2:], n)
	case strings.HasPrefix(uid, "h:"):
		src, label, _ := strings.Cut(uid[2:], "\x00")
		return T("%s (%d)", in.labelDisplay(label), in.suggestionCounts()[src][label])
	case strings.HasPrefix(uid, "s:"):
		if s := in.st.span(uid[2:]); s != nil {
			return ellipsize(in.st.text(*s), 50)
		}
	}
	return ""
}

// Show shows st: the open article and the selected span. Typing still
// pending is kept.
func (in *Inspector) Show(st inspectorState) {
	if st.text == nil {
		st.text = func(annotations.Span) string { return "" }
	}
	in.st = st
	in.updating = true
	// The tree asks for every node's children and text on each refresh and
	// OpenBranch, a dozen times per Update: group the spans once for them
	// all (it was most of the time from a label key to the screen updated).
	in.grouped = nil
	in.groups()
	defer func() { in.updating = false }()
	in.Tree.Refresh()
	for _, uid := range in.childUIDs("") {
		in.Tree.OpenBranch(uid)
		for _, l := range in.childUIDs(uid) {
			in.Tree.OpenBranch(l)
		}
	}
	names := make([]string, len(st.labels))
	in.labelCodes = make([]string, len(st.labels))
	for i, l := range st.labels {
		names[i] = visualString(LabelDisplay(l))
		in.labelCodes[i] = l.Name
	}
	in.SpanLabel.Options = names

	s := st.selected
	if s == nil {
		in.spanShown, in.spanDirty = "", false
		in.Tree.UnselectAll()
		in.spanBox.Hide()
		in.noSpan.Show()
	} else {
		in.Tree.Select("s:" + s.ID)
		in.Tree.ScrollTo("s:" + s.ID)
		in.noSpan.Hide()
		in.spanBox.Show()
		in.SpanLabel.ClearSelected()
		for i, code := range in.labelCodes {
			if code == s.Label {
				in.SpanLabel.SetSelectedIndex(i)
			}
		}
		in.spanText.SetText(ellipsize(st.text(*s), 300))
		ann := ""
		if s.Annotator != "" {
			ann = T(" · by %s", s.Annotator)
		}
		in.spanRange.SetText(TV("%s [%d, %d)%s", kindName(s.Kind), s.Start, s.End, ann))
		normalized := s.Attributes[annotations.AttrNormalizedClaim]
		switch {
		case in.spanShown != s.ID || !in.spanDirty:
			setEntry(in.SpanNote, s.Note)
			setEntry(in.Normalized, normalized)
			in.spanShown, in.spanDirty = s.ID, false
		case in.SpanNote.Text == s.Note && in.Normalized.Text == normalized:
			in.spanDirty = false // the store has what was typed
		}
		if s.Kind == annotations.KindClaim {
			in.claimBox.Show()
			in.fillClaimant()
			for key, sel := range in.Attr {
				v := s.Attributes[key]
				if i := slices.Index(annotations.ClaimAttributes[key], v); v == "" || i >= 0 {
					sel.SetSelectedIndex(i + 1) // 0: noneChoice
				} else {
					sel.SetSelected(v)
				}
			}
		} else {
			in.claimBox.Hide()
		}
		in.relBox.RemoveAll()
		for _, r := range st.rels {
			id := r.id
			del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				if in.OnDeleteRelation != nil {
					in.OnDeleteRelation(id)
				}
			})
			del.Importance = widget.LowImportance
			lbl := newBidiLabel(false)
			lbl.SetText(r.text)
			in.relBox.Add(atEnd(lbl, del))
		}
		switch {
		case st.cluster != "":
			in.clusterInfo.SetText(st.cluster)
			in.clusterBox.Show()
		case s.Kind == annotations.KindClaim && st.registry:
			in.clusterInfo.SetText(T("In no claim cluster"))
			in.clusterBox.Show()
		default:
			in.clusterBox.Hide()
		}
		if st.conflict != "" {
			in.conflict.SetText(visualString(st.conflict))
			in.conflict.Show()
		} else {
			in.conflict.Hide()
		}
		if s.Kind == annotations.KindEntity && st.registry {
			if st.entry == "" {
				in.LinkInfo.SetText(T("Not linked to the registry"))
			} else {
				in.LinkInfo.SetText(T("Entity: %s", st.entry))
			}
			in.entityBox.Show()
		} else {
			in.entityBox.Hide()
		}
	}
	if st.doc != nil {
		// An empty note takes the article's direction: an Arabic article's
		// note starts at the right, as the text it is about.
		dir := layout.Direction(st.doc.Article.Direction)
		for _, e := range []*noteEntry{in.SpanNote, in.Normalized, in.ArticleNote} {
			e.SetDirection(dir)
		}
		for i, status := range statusOrder {
			if status == st.doc.Article.Status {
				in.Status.SetSelectedIndex(i)
			}
		}
		in.Status.Enable()
		in.ArticleNote.Enable()
		if txt := TMsg(session.CurationMsg(st.doc.Article.Curation)); txt != "" {
			in.Curated.SetText(visualString(txt))
			in.Curated.Show()
		} else {
			in.Curated.Hide()
		}
		// A note still on its way to the store is kept: the stored one is
		// older.
		switch a := st.doc.Article; {
		case in.articleShown != a.ID || !in.articleDirty:
			setEntry(in.ArticleNote, a.Note)
			in.articleShown, in.articleDirty = a.ID, false
		case in.ArticleNote.Text == a.Note:
			in.articleDirty = false
		}
	} else {
		in.articleShown, in.articleDirty = "", false
		in.Status.ClearSelected()
		in.Status.Disable()
		in.Curated.Hide()
		setEntry(in.ArticleNote, "")
		in.ArticleNote.Disable()
	}
}

// noteEntry is a multi-line bidi text field that leaves Tab to focus
// traversal, so the inspector can be crossed with the keyboard (Enter
// starts a new line).
type noteEntry struct {
	textfield.Field
	fwd entryForward // the workspace's keys and shortcuts
}

func newNoteEntry() *noteEntry {
	e := &noteEntry{}
	e.MultiLine = true
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab implements fyne.Tabbable: Tab moves the focus on.
func (e *noteEntry) AcceptsTab() bool { return false }

// setEntry sets an entry's text only when it differs (keeping the cursor).
func setEntry(e *noteEntry, text string) {
	if e.Text != text {
		e.SetText(text)
	}
}

// fillClaimant lists the article's entity spans as claimant choices.
func (in *Inspector) fillClaimant() {
	var ents []annotations.Span
	for _, s := range in.st.doc.Spans {
		if s.Kind == annotations.KindEntity {
			ents = append(ents, s)
		}
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Start < ents[j].Start })
	opts := []string{noneChoice}
	in.claimantIDs = in.claimantIDs[:0]
	cur := in.st.claimant
	sel := 0
	for _, e := range ents {
		in.claimantIDs = append(in.claimantIDs, e.ID)
		opts = append(opts, TV("%s @%d · %s", in.labelDisplay(e.Label), e.Start, iso(ellipsize(in.st.text(e), 40))))
		if e.ID == cur {
			sel = len(opts) - 1
		}
	}
	in.Claimant.Options = opts
	in.Claimant.SetSelectedIndex(sel)
}

// spanTyped saves a span note or normalized claim as it is typed.
func (in *Inspector) spanTyped() {
	if in.updating {
		return
	}
	in.spanDirty = true
	in.saveSpanNow()
}

// saveSpanNow stores the span fields edited in the inspector.
func (in *Inspector) saveSpanNow() {
	s := in.st.span(in.spanShown)
	if s == nil || s.ID != in.st.selectedID() {
		return
	}
	n := *s
	n.Note = in.SpanNote.Text
	if n.Kind == annotations.KindClaim {
		attrs := map[string]string{}
		for k, v := range s.Attributes {
			attrs[k] = v
		}
		for key, sel := range in.Attr {
			values := annotations.ClaimAttributes[key]
			if i := sel.SelectedIndex(); i > 0 && i <= len(values) {
				attrs[key] = values[i-1]
			} else if v := sel.Selected; v != "" && v != noneChoice {
				attrs[key] = v
			} else {
				delete(attrs, key)
			}
		}
		if v := strings.TrimSpace(in.Normalized.Text); v != "" {
			attrs[annotations.AttrNormalizedClaim] = in.Normalized.Text
		} else {
			delete(attrs, annotations.AttrNormalizedClaim)
		}
		if len(attrs) == 0 {
			attrs = nil
		}
		n.Attributes = attrs
	}
	if n.Note == s.Note && maps.Equal(n.Attributes, s.Attributes) {
		return
	}
	if in.OnSpanFields != nil {
		in.OnSpanFields(n.ID, n.Note, n.Attributes)
	}
}

// saveArticleNow stores the article's status and note.
func (in *Inspector) saveArticleNow() {
	if in.st.doc == nil {
		return
	}
	st := in.st.doc.Article.Status
	if i := in.Status.SelectedIndex(); i >= 0 {
		st = statusOrder[i]
	}
	if in.OnArticleMeta != nil {
		in.OnArticleMeta(st, in.ArticleNote.Text)
	}
}

// inspectorState returns the session's state as the inspector shows it.
func (ws *Workspace) inspectorState() inspectorState {
	s := ws.sess
	st := inspectorState{doc: s.Document(), selected: s.Span(s.SelectedSpan()), labels: s.Labels(), text: s.SpanText}
	if st.selected != nil {
		st.claimant = s.Claimant(st.selected.ID)
		st.registry = s.HasRegistry()
		sel := *st.selected
		for _, r := range st.doc.Relations {
			var other, arrow string
			switch sel.ID {
			case r.From:
				other, arrow = r.To, r.Type+" → "
			case r.To:
				other, arrow = r.From, r.Type+" ← "
			default:
				continue
			}
			if o := st.span(other); o != nil {
				name := o.Label // named as the palette names it (شخص for PERS in Arabic)
				if l := s.Label(o.Label); l != nil {
					name = LabelDisplay(*l)
				}
				st.rels = append(st.rels, relRow{r.ID, arrow + name + " “" + ellipsize(s.SpanText(*o), 30) + "”"})
			}
		}
		if c, ok := s.ClusterOf(sel.ID); ok {
			v := c.Verdict
			if v == "" {
				v = T("no verdict yet")
			}
			st.cluster = T("Cluster verdict: %s · “%s”", v, ellipsize(c.Text, 60))
			if own := sel.Attributes[annotations.AttrVerdict]; own != "" && c.Verdict != "" && own != c.Verdict {
				st.conflict = T("This claim's verdict (%s) differs from its cluster's (%s)", own, c.Verdict)
			}
		}
		if e, ok := s.LinkedEntry(st.selected.ID); ok {
			st.entry = e.Name
			if e.Name == "" {
				st.entry = T("%s (not in the registry)", e.ID)
			}
			if e.KBID != "" {
				st.entry += " · " + e.KBID
			}
		}
	}
	return st
}

// showLinkMenu opens "Link to…" for entity span id at the button: the
// registry's candidates for its text with their scores, a new entry made
// from it, and unlinking when it is linked.
func (ws *Workspace) showLinkMenu(id string, at fyne.CanvasObject) {
	s := ws.sess
	cands, err := s.LinkCandidates(id)
	if err != nil {
		ws.setStatus("Link to…: %v", err)
		return
	}
	var items []*fyne.MenuItem
	for _, c := range cands {
		label := T("%s (%.2f)", c.Entry.Name, c.Score)
		if c.Entry.KBID != "" {
			label = T("%s · %s (%.2f)", c.Entry.Name, c.Entry.KBID, c.Score)
		}
		entry := c.Entry.ID
		items = append(items, fyne.NewMenuItem(visualString(label), func() { s.LinkSpan(id, entry) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem(TV("No entry matches"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	items = append(items, fyne.NewMenuItemSeparator())
	if sp := s.Span(id); sp != nil {
		items = append(items, fyne.NewMenuItem(TV("New entry “%s”", ellipsize(s.SpanText(*sp), 40)), func() { s.NewEntryFromSpan(id) }))
	}
	if e, linked := s.LinkedEntry(id); linked {
		if others := s.OtherMentions(e.ID); len(others) > 0 {
			arts := map[string]bool{}
			for _, m := range others {
				arts[m.Span.ArticleID] = true
			}
			items = append(items, fyne.NewMenuItem(TV("Link %d other mentions (%d articles)", len(others), len(arts)),
				func() { s.LinkMentions(e.ID, others) }))
		}
		items = append(items, fyne.NewMenuItem(TV("Unlink"), func() { s.LinkSpan(id, "") }))
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		return
	}
	menuBelow(fyne.NewMenu("", items...), c, at)
}

// showClusterMenu opens "Cluster…" for claim span id at the button: the
// clusters it could join, most similar first, with their scores; a new
// cluster made from it; and leaving its cluster when it is in one.
func (ws *Workspace) showClusterMenu(id string, at fyne.CanvasObject) {
	s := ws.sess
	choices, ok, err := s.ClusterChoices(id)
	if err != nil || !ok {
		if err == nil {
			err = annotations.Errorf(annotations.EINVALID, "%s", T("this store keeps no claim clusters"))
		}
		ws.setStatus("Cluster…: %v", err)
		return
	}
	var items []*fyne.MenuItem
	for _, c := range choices {
		cluster := c.Cluster.ID
		v := c.Cluster.Verdict
		if v == "" {
			v = T("no verdict yet")
		}
		items = append(items, fyne.NewMenuItem(TV("“%s” · %s (%.2f)", ellipsize(c.Cluster.Text, 50), v, c.Score), func() { s.JoinCluster(id, cluster) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem(TV("No cluster says much the same"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(TV("New cluster from this claim"), func() { s.NewClusterFromSpan(id) }))
	if _, in := s.ClusterOf(id); in {
		items = append(items, fyne.NewMenuItem(TV("Leave the cluster"), func() { s.JoinCluster(id, "") }))
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		return
	}
	menuBelow(fyne.NewMenu("", items...), c, at)
}

// wireInspector hands the inspector's edits to the session.
func (ws *Workspace) wireInspector() {
	in, s := ws.inspector, ws.sess
	in.OnSelectSpan = func(id string) {
		s.SelectText(session.None)
		s.SelectSpan(id, true)
	}
	in.OnRelabel = func(id, label string) { s.Relabel(id, label) }
	in.OnClaimant = func(claimID, entityID string) { s.SetClaimant(claimID, entityID) }
	in.OnSpanFields = func(id, note string, attrs map[string]string) { s.SetSpanFields(id, note, attrs) }
	in.OnArticleMeta = func(st annotations.Status, note string) { s.SetArticleMeta(st, note) }
	in.OnDelete = ws.deleteSelectedSpan
	in.OnReviewSuggestions = func(source, label string) {
		for _, sg := range s.Suggestions() {
			if sg.Source == source && sg.Label == label {
				s.ReviewSuggestion(sg.ID)
				// The tree takes the focus once this returns: give it
				// back to the view after, so Enter and x review.
				go fyne.Do(ws.focusView)
				return
			}
		}
	}
	in.OnLinkMenu = ws.showLinkMenu
	in.OnClusterMenu = ws.showClusterMenu
	in.OnDeleteRelation = func(id string) { s.DeleteRelation(id) }
}
