package articleview

// ReadingOffset returns the code-point offset of the line a third of the
// way down the view, where ScrollTo puts the line it brings into view: so
// ScrollTo(ReadingOffset()) on the same text, later, shows it as it is now
// (the app keeps it to reopen an article where the user left it). It is 0
// before the text is laid out.
func (v *View) ReadingOffset() int {
	if v.lay == nil || len(v.tops) == 0 {
		return 0
	}
	y := v.scroll.Offset.Y + v.scroll.Size().Height/3 - v.margin()
	if y <= 0 {
		return 0
	}
	p := v.paraAtY(y)
	if !v.lay.IsLaidOut(p) {
		s, _ := v.doc.ParagraphRange(p)
		return s
	}
	para, li := v.lineAtY(p, y)
	return para.Lines[li].Start
}
