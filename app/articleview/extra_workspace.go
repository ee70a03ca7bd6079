package articleview

// ShiftHeld reports whether Shift is held down while the view has the
// keyboard focus. The workspace uses it to tell Shift+arrows (or
// Shift+click) on a selected span, which move the span's edge, from a new
// selection.
func (v *View) ShiftHeld() bool { return v.shift }
