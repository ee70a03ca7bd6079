package articleview

import "github.com/hamesh-app/hamesh/app/layout"

// Geometry of one laid-out line. Point -> offset and range -> x extents
// come from app/layout's per-line queries (Line.HitTest, Line.CodePointAt,
// Line.AppendRects, given annotations' EdgeOK as the stops inside a
// ligature): Layout.HitTest and Rects would need every paragraph above
// laid out, which a long article may not be yet. What is here places the
// label badges, in the line's own x coordinates (from the left edge of the
// text area).

// xspan is a horizontal extent [X0, X1) on a line.
type xspan struct{ X0, X1 float32 }

// startEdge returns the x of the edge where code point off starts to be
// drawn on ln (the right edge of its cluster in an RTL run) and the run's
// direction; ok is false when off is not on ln.
func startEdge(ln *layout.Line, off int) (x float32, rtl, ok bool) {
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if off < r.Start || off >= r.End {
			continue
		}
		for _, c := range r.Clusters {
			if c.Start <= off && off < c.End {
				if r.RTL {
					return c.X + c.Advance, true, true
				}
				return c.X, false, true
			}
		}
	}
	return 0, false, false
}
