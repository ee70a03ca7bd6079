package articleview

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestShiftClickExtendsAndNotifies selects a word, Shift+clicks a later
// word: the selection runs to it, the owner is told, and the tap that ends
// the click leaves the selection alone; a plain click then clears it.
func TestShiftClickExtendsAndNotifies(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, seed, annotations.RTL, 700, 500)
	var reported []annotations.Range
	v.OnSelectionChanged = func(r annotations.Range) { reported = append(reported, r) }
	s, _ := cpIndex(t, seed, "بروسيا", 0)
	v.page.DoubleTapped(&fyne.PointEvent{Position: charPos(t, v, s+3, 0.5)})
	first := v.Selection()
	_, e2 := cpIndex(t, seed, "بروسيا", 0)
	to := e2 + 8 // a few words on, same paragraph
	pos := charPos(t, v, to, 0.5)
	v.page.MouseDown(mouse(pos, fyne.KeyModifierShift))
	v.page.MouseUp(mouse(pos, fyne.KeyModifierShift))
	v.page.Tapped(&fyne.PointEvent{Position: pos})
	got := v.Selection()
	if got.Start != first.Start || got.End <= first.End {
		t.Fatalf("after Shift+click the selection is %v, want it extended from %v", got, first)
	}
	if len(reported) == 0 || reported[len(reported)-1] != got {
		t.Fatalf("selection changes reported %v, want the last to be %v", reported, got)
	}
	v.page.MouseDown(mouse(pos, 0))
	v.page.Tapped(&fyne.PointEvent{Position: pos})
	if r := v.Selection(); r.End > r.Start {
		t.Fatalf("a plain click left the selection %v", r)
	}
}
