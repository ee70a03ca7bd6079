package articleview

import "github.com/hamesh-app/hamesh/annotations"

// ShiftHeld reports whether Shift is held down while the view has the
// keyboard focus. The workspace uses it to tell Shift+arrows (or
// Shift+click) on a selected span, which move the span's edge, from a new
// selection.
func (v *View) ShiftHeld() bool { return v.shift }

// TextIndex returns the index of the shown text (offsets, word and grapheme
// edges), or nil while the text is still being analysed after SetText. The
// index never changes, so callers may keep it while the text is shown. The
// view itself does without one (its table costs 8 bytes a code point), so
// it is made on the first call for a text.
func (v *View) TextIndex() *annotations.TextIndex {
	if v.ix == nil {
		return nil
	}
	if v.fullIx == nil {
		v.fullIx = annotations.NewTextIndex(v.ix.text)
	}
	return v.fullIx
}
