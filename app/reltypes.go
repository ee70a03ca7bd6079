package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// relationKinds are the kinds a relation type may allow at either end, in
// the order its editor offers them.
var relationKinds = []annotations.Kind{annotations.KindAny, annotations.KindEntity, annotations.KindClaim}

// relationKindName is a relation end's kind as the editor names it.
func relationKindName(k annotations.Kind) string {
	if k == annotations.KindAny {
		return T("any span")
	}
	return kindName(k)
}

// relationTypesEditor is the scheme editor's second tab (issue 17): the
// relation types, each with its name, the kinds it goes from and to, its
// colour, hotkey and description. Choosing one fills the form; a new name
// adds a type. The store refuses a hotkey another type has, and kinds that
// relations already stored would break; the message shows below the form.
func (ws *Workspace) relationTypesEditor() fyne.CanvasObject {
	s := ws.sess
	types := s.RelationTypes()
	var kindOpts []string
	for _, k := range relationKinds {
		kindOpts = append(kindOpts, visualString(relationKindName(k)))
	}
	name, colour, hotkey, desc := textfield.New(), textfield.New(), textfield.New(), textfield.New()
	name.SetPlaceHolder(T("name, e.g. quotes"))
	colour.SetPlaceHolder(T("a colour, e.g. #2a9d8f"))
	hotkey.SetPlaceHolder(T("one letter (optional)"))
	desc.SetPlaceHolder(T("what the relation means"))
	from, to := newSelect(kindOpts, nil), newSelect(kindOpts, nil)
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	kindAt := func(k annotations.Kind) int {
		for i, x := range relationKinds {
			if x == k {
				return i
			}
		}
		return 0
	}
	fill := func(t annotations.RelationType) {
		name.SetText(t.Name)
		colour.SetText(t.Color)
		hotkey.SetText(t.Hotkey)
		desc.SetText(t.Description)
		from.SetSelectedIndex(kindAt(t.From))
		to.SetSelectedIndex(kindAt(t.To))
	}
	var list *widget.List
	list = widget.NewList(func() int { return len(types) },
		func() fyne.CanvasObject { return newBidiLabel(false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := types[i]
			o.(*bidiLabel).SetText(T("%s: %s → %s", t.Name, relationKindName(t.From), relationKindName(t.To)))
		})
	list.OnSelected = func(i widget.ListItemID) { fill(types[i]) }
	save := widget.NewButton(TV("Save the relation type"), func() {
		t := annotations.RelationType{Name: strings.TrimSpace(name.Text), Color: strings.TrimSpace(colour.Text),
			Hotkey: strings.TrimSpace(hotkey.Text), Description: strings.TrimSpace(desc.Text)}
		if i := from.SelectedIndex(); i >= 0 {
			t.From = relationKinds[i]
		}
		if i := to.SelectedIndex(); i >= 0 {
			t.To = relationKinds[i]
		}
		if err := s.SaveRelationType(t); err != nil {
			msg.SetText(visualString(TErr(err)))
			return
		}
		types = s.RelationTypes()
		list.Refresh()
		msg.SetText(TV("saved"))
	})
	save.Importance = widget.HighImportance
	if !s.CanEditRelationTypes() {
		save.Disable()
		msg.SetText(TV("this store keeps no relation types"))
	}
	form := widget.NewForm(mirrorItems([]*widget.FormItem{
		widget.NewFormItem(TV("Name"), name),
		widget.NewFormItem(TV("From"), from),
		widget.NewFormItem(TV("To"), to),
		widget.NewFormItem(TV("Colour"), colour),
		widget.NewFormItem(TV("Hotkey"), hotkey),
		widget.NewFormItem(TV("Meaning"), desc),
	})...)
	right := container.NewVBox(form, save, msg)
	split := readingSplit(list, container.NewVScroll(right), 0.4)
	if len(types) > 0 {
		list.Select(0)
	}
	return split
}
