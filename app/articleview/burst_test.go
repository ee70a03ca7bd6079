package articleview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestPageDownBurst presses Page Down 50 times in one burst (no background
// job applied between the keys, as when the keys arrive faster than the
// window draws) and checks the view ends where 50 presses one by one do:
// no key lost.
func TestPageDownBurst(t *testing.T) {
	text := strings.Repeat(seedText(t), 170)
	v, _ := newTestView(t, text, annotations.RTL, 800, 600)
	v.lay.Complete(t.Context())
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	v.waitIdle()
	key := &fyne.KeyEvent{Name: fyne.KeyPageDown}
	for range 50 {
		v.TypedKey(key)
		v.waitIdle()
	}
	want := v.scroll.Offset.Y
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	v.waitIdle()
	for range 50 {
		v.TypedKey(key)
	}
	v.waitIdle()
	if got := v.scroll.Offset.Y; got != want {
		t.Errorf("after a burst of 50 Page Downs the view is at y %v; 50 one by one left it at %v (%.1f pages)", got, want, (got-want)/(0.9*v.scroll.Size().Height))
	}
	if want < 40*v.scroll.Size().Height {
		t.Errorf("50 Page Downs moved only to y %v", want)
	}
}
