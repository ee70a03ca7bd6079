package layout

import (
	"encoding/json"
	"io"
	"math"
)

// LayoutJSON is the window-free dump of a layout written by WriteJSON:
//
//	{"width":W,"lines":[{"paragraph":i,"start":s,"end":e,"rtl":bool,"y":y,"height":h,
//	  "runs":[{"start":s,"end":e,"rtl":bool,"x":x,"width":w}]}]}
//
// Lines go top to bottom, runs in visual order left to right; start and
// end are code points of the whole text; a line's rtl is its paragraph's
// direction; x is measured from the left edge of a text area exactly W
// wide (RTL lines end at W, LTR lines start at 0). Lengths are rounded to
// 1/100 px.
type LayoutJSON struct {
	Width float64    `json:"width"`
	Lines []LineJSON `json:"lines"`
}

// LineJSON is one line of LayoutJSON.
type LineJSON struct {
	Paragraph int       `json:"paragraph"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	RTL       bool      `json:"rtl"`
	Y         float64   `json:"y"`
	Height    float64   `json:"height"`
	Runs      []RunJSON `json:"runs"`
}

// RunJSON is one run of LineJSON.
type RunJSON struct {
	Start int     `json:"start"`
	End   int     `json:"end"`
	RTL   bool    `json:"rtl"`
	X     float64 `json:"x"`
	Width float64 `json:"width"`
}

func round2(v float32) float64 {
	r := math.Round(float64(v)*100) / 100
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// JSON returns the whole layout (laying out what is not yet) as LayoutJSON.
func (l *Layout) JSON() LayoutJSON {
	lines := l.Lines()
	out := LayoutJSON{Width: round2(l.opts.Width), Lines: make([]LineJSON, len(lines))}
	for i, ln := range lines {
		lj := LineJSON{Paragraph: ln.Paragraph, Start: ln.Start, End: ln.End, RTL: ln.RTL,
			Y: round2(ln.Y), Height: round2(ln.Height), Runs: make([]RunJSON, len(ln.Runs))}
		for k, r := range ln.Runs {
			lj.Runs[k] = RunJSON{Start: r.Start, End: r.End, RTL: r.RTL, X: round2(r.X), Width: round2(r.Width)}
		}
		out.Lines[i] = lj
	}
	return out
}

// WriteJSON writes the layout as LayoutJSON, one JSON document followed by
// a newline.
func (l *Layout) WriteJSON(w io.Writer) error {
	if err := json.NewEncoder(w).Encode(l.JSON()); err != nil {
		return errorf(Internal, "layout: writing layout JSON: %v", err)
	}
	return nil
}
