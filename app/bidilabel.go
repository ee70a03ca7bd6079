package app

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/app/session"
)

// bidiLabel is a one-line label that shows mixed Arabic and Latin text in
// the right visual order, which Fyne's Label does not (it shapes but never
// reorders): app/layout splits the line into directional runs in visual
// order, each drawn as its own text (see rtlPieces). A right-to-left line is
// right-aligned; a line too wide for its space is cut at its logical end
// with an ellipsis.
type bidiLabel struct {
	widget.BaseWidget
	text        string
	bold, faded bool
	runs        []string // visual order, left to right
	rtl         bool
}

var _ fyne.Widget = (*bidiLabel)(nil)

func newBidiLabel(bold bool) *bidiLabel {
	b := &bidiLabel{bold: bold}
	b.ExtendBaseWidget(b)
	return b
}

// SetText shows text (on one line: newlines become spaces).
func (b *bidiLabel) SetText(text string) {
	if text == b.text {
		return
	}
	b.text = text
	b.runs, b.rtl = visualRuns(text)
	b.Refresh()
}

// visualRuns splits a one-line text into same-direction pieces in visual
// order (left to right), each prefixed with a mark that gives Fyne's
// shaper its direction; rtl is the line's direction.
func visualRuns(text string) (runs []string, rtl bool) {
	dir := annotations.LTR
	for _, r := range text {
		if isStrongRTL(r) || r == '\u200f' {
			dir = annotations.RTL
			break
		}
		if isStrongLTR(r) || r == '\u200e' {
			break
		}
	}
	return visualRunsIn(text, dir)
}

// visualRunsIn is visualRuns for a line of direction dir: a
// right-to-left line starts with a RIGHT-TO-LEFT MARK (dropped from the
// runs), as the paragraph's direction is its first strong letter's.
func visualRunsIn(text string, dir annotations.Direction) (runs []string, rtl bool) {
	if text == "" {
		return nil, false
	}
	if dir == annotations.RTL && !strings.HasPrefix(text, rlm) {
		runs, rtl = visualRunsIn(rlm+text, dir)
		out := runs[:0]
		for _, r := range runs {
			if r = strings.ReplaceAll(r, rlm, ""); r != "" {
				out = append(out, r)
			}
		}
		return out, rtl
	}
	l, err := layout.New(text, layout.Direction(dir), layout.Options{Width: 1e6, FontSize: 14})
	if err != nil || len(l.Lines()) == 0 {
		return []string{text}, dir == annotations.RTL
	}
	line := l.Lines()[0]
	rs := []rune(text)
	for _, run := range line.Runs {
		if run.Start < 0 || run.End > len(rs) || run.Start >= run.End {
			continue
		}
		var pieces []string
		if run.RTL {
			pieces = rtlPieces(rs[run.Start:run.End])
		} else {
			pieces = []string{string(rs[run.Start:run.End])}
		}
		for _, p := range pieces {
			if p = strings.Map(dropIsolate, p); p != "" {
				runs = append(runs, p)
			}
		}
	}
	return runs, line.RTL
}

// rtlPieces returns a right-to-left run as pieces in visual order, left to
// right: each stretch of Arabic letters and marks — with the spaces between
// them — stays whole (Fyne shapes it right to left as one segment), and
// everything else — quotes, brackets, punctuation from another font, which
// Fyne would place in logical order — is reversed and mirrored here.
func rtlPieces(rs []rune) []string {
	letter := make([]bool, len(rs))
	for i, r := range rs {
		letter[i] = isRTLLetter(r)
	}
	// Spaces between two letters belong to the letters' stretch.
	for i := 0; i < len(rs); {
		if rs[i] != ' ' {
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] == ' ' {
			j++
		}
		if i > 0 && j < len(rs) && letter[i-1] && letter[j] {
			for k := i; k < j; k++ {
				letter[k] = true
			}
		}
		i = j
	}
	var pieces []string
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && letter[j] == letter[i] {
			j++
		}
		if letter[i] {
			pieces = append(pieces, string(rs[i:j]))
		} else {
			p := make([]rune, 0, j-i)
			for k := j - 1; k >= i; k-- {
				p = append(p, mirror(rs[k]))
			}
			pieces = append(pieces, string(p))
		}
		i = j
	}
	for a, b := 0, len(pieces)-1; a < b; a, b = a+1, b-1 {
		pieces[a], pieces[b] = pieces[b], pieces[a]
	}
	return pieces
}

// isRTLLetter reports whether r is drawn with the Arabic face: Arabic and
// Hebrew letters, digits and marks, and the joiners.
func isRTLLetter(r rune) bool {
	return isStrongRTL(r) || unicode.Is(unicode.Mn, r) || r == 0x200c || r == 0x200d
}

// mirror returns the mirrored form of a bracket.
func mirror(r rune) rune {
	switch r {
	case '(':
		return ')'
	case ')':
		return '('
	case '[':
		return ']'
	case ']':
		return '['
	case '{':
		return '}'
	case '}':
		return '{'
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	}
	return r
}

// rlm is the RIGHT-TO-LEFT MARK.
const rlm = "\u200f"

func isStrongRTL(r rune) bool {
	return (r >= 0x0590 && r <= 0x08ff) || (r >= 0xfb1d && r <= 0xfdff) || (r >= 0xfe70 && r <= 0xfefc) ||
		(r >= 0x10800 && r <= 0x10fff) || (r >= 0x1e800 && r <= 0x1efff) // Adlam and the other supplementary right-to-left blocks
}

func isStrongLTR(r rune) bool {
	return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= 0xc0 && r <= 0x24f)
}

// CreateRenderer implements fyne.Widget.
func (b *bidiLabel) CreateRenderer() fyne.WidgetRenderer {
	r := &bidiRenderer{b: b}
	r.Refresh()
	return r
}

type bidiRenderer struct {
	b      *bidiLabel
	texts  []*canvas.Text
	shown  []string // runs drawn (fitted to the width)
	fitFor struct {
		text  string
		width float32
	}
}

func (r *bidiRenderer) textStyle() fyne.TextStyle { return fyne.TextStyle{Bold: r.b.bold} }

func (r *bidiRenderer) width(runs []string) float32 {
	w := float32(0)
	for _, s := range runs {
		w += fyne.MeasureText(s, theme.TextSize(), r.textStyle()).Width
	}
	return w
}

// fit returns the runs to draw in width avail: all of them, or those of
// the longest logical prefix that fits with an ellipsis after it.
func (r *bidiRenderer) fit(avail float32) []string {
	if r.width(r.b.runs) <= avail {
		return r.b.runs
	}
	rs := []rune(r.b.text)
	lo, hi := 0, len(rs) // lo fits (or is 0), hi does not
	var best []string
	for lo+1 < hi {
		mid := (lo + hi) / 2
		runs, _ := visualRuns(string(rs[:mid]) + "…")
		if r.width(runs) <= avail {
			lo, best = mid, runs
		} else {
			hi = mid
		}
	}
	if best == nil {
		best, _ = visualRuns("…")
	}
	return best
}

func (r *bidiRenderer) Refresh() {
	r.fitFor.text = "\x00"
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *bidiRenderer) Layout(size fyne.Size) {
	pad := theme.InnerPadding()
	avail := size.Width - 2*pad
	if r.fitFor.text != r.b.text || r.fitFor.width != avail {
		r.fitFor.text, r.fitFor.width = r.b.text, avail
		r.shown = r.fit(avail)
	}
	for len(r.texts) < len(r.shown) {
		r.texts = append(r.texts, canvas.NewText("", color.Black))
	}
	r.texts = r.texts[:len(r.shown)]
	fg := theme.Color(theme.ColorNameForeground)
	if r.b.faded {
		fg = theme.Color(theme.ColorNamePlaceHolder)
	}
	total := r.width(r.shown)
	x := pad
	if r.b.rtl {
		x = size.Width - pad - total
	}
	h := r.MinSize().Height
	for i, s := range r.shown {
		t := r.texts[i]
		t.Text, t.TextStyle, t.TextSize, t.Color = s, r.textStyle(), theme.TextSize(), fg
		w := fyne.MeasureText(s, t.TextSize, t.TextStyle).Width
		t.Move(fyne.NewPos(x, (size.Height-h)/2+pad))
		t.Resize(fyne.NewSize(w, h-2*pad))
		t.Refresh()
		x += w
	}
}

func (r *bidiRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("Mg", theme.TextSize(), r.textStyle()).Height
	pad := theme.InnerPadding()
	return fyne.NewSize(2*pad+10, h+2*pad)
}

func (r *bidiRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(r.texts))
	for i, t := range r.texts {
		objs[i] = t
	}
	return objs
}

func (r *bidiRenderer) Destroy() {}

// iso wraps s in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE so that an
// Arabic title or span text inside an English message keeps its own
// direction and does not pull the message's punctuation and numbers in.
var iso = session.Isolate

// dropIsolate removes the isolate controls from text to draw (strings.Map).
func dropIsolate(r rune) rune {
	if r >= 0x2066 && r <= 0x2069 {
		return -1
	}
	return r
}

// visualString returns a one-line text rearranged so that Fyne, which draws
// pieces in the order it gets them, shows it in the right visual order: for
// labels, selects and the status bar, which cannot hold a bidiLabel. Do not
// wrap the result (its lines would come out in the wrong order).
func visualString(text string) string {
	dir := annotations.Direction("")
	if RTL() {
		dir = annotations.RTL // an interface string of the Arabic interface reads right to left
	}
	return visualStringIn(text, dir)
}

// visualStringIn is visualString for a line of direction dir, or of its
// first strong letter's when dir is "".
func visualStringIn(text string, dir annotations.Direction) string {
	for _, r := range text {
		if isRTLLetter(r) {
			one := strings.Join(strings.Fields(text), " ")
			var runs []string
			if dir == "" {
				runs, _ = visualRuns(one)
			} else {
				runs, _ = visualRunsIn(one, dir)
			}
			// Fyne runs its own bidi over the string to give each segment a
			// direction: marks keep digits and brackets that follow Arabic
			// from being taken for right-to-left again.
			var b strings.Builder
			for _, p := range runs {
				mark := "\u200e"
				if strings.IndexFunc(p, isRTLLetter) >= 0 {
					mark = "\u200f"
				}
				b.WriteString(mark + p + mark)
			}
			return b.String()
		}
	}
	return strings.Map(dropIsolate, text)
}

// dialogTextWidth is the width visualLines breaks dialog messages at:
// under the 600 px Fyne's text dialogs grow to, so they never wrap them
// again.
const dialogTextWidth = 480

// visualLines breaks text into lines at most width pixels wide, as Fyne
// measures them at the UI's text size, with the article view's line
// breaking, and returns them joined by newlines, each in visual order for
// Fyne (visualString) with its paragraph's direction (right to left in the
// Arabic interface, else its first strong letter's): for labels and
// dialogs that would otherwise wrap mixed Arabic themselves and put its
// words in logical order. Text with no right-to-left letter is returned as
// it is.
func visualLines(text string, width float32) string {
	if strings.IndexFunc(text, isRTLLetter) < 0 {
		return strings.Map(dropIsolate, text)
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, visualParagraph(para, width)...)
	}
	return strings.Join(out, "\n")
}

// visualParagraph breaks one paragraph for visualLines. The engine's
// faces are not quite Fyne's (Hamesh UI's Arabic is wider): when a line
// comes out too wide for Fyne, it breaks again at a width narrower by as
// much.
func visualParagraph(para string, width float32) []string {
	_, rtl := visualRuns(para)
	// An interface string of the Arabic interface reads right to left even
	// when it starts with a file name (as visualString has it).
	rtl = rtl || RTL()
	dir, mark := layout.LTR, "\u200e"
	if rtl {
		dir, mark = layout.RTL, "\u200f"
	}
	rs := []rune(para)
	at := width
	var lines []string
	for try := 0; try < 4; try++ {
		l, err := layout.New(para, dir, layout.Options{Width: at, FontSize: theme.TextSize()})
		if err != nil {
			return []string{visualString(para)}
		}
		lines = lines[:0]
		widest := float32(0)
		for _, ln := range l.Lines() {
			if ln.Start >= ln.End || ln.End > len(rs) {
				continue
			}
			piece := strings.TrimSpace(string(rs[ln.Start:ln.End]))
			widest = max(widest, fyne.MeasureText(piece, theme.TextSize(), fyne.TextStyle{}).Width)
			// The mark gives each piece its paragraph's direction, which
			// visualString would otherwise take from the piece's own first
			// strong character.
			lines = append(lines, visualString(mark+piece))
		}
		if widest <= width || len(lines) == len(rs) {
			break
		}
		at *= width / widest
	}
	return lines
}

// shownError is an error whose message is arranged for a Fyne dialog.
type shownError struct {
	msg string
	err error
}

func (e *shownError) Error() string { return e.msg }
func (e *shownError) Unwrap() error { return e.err }

// visualError returns err with its message in the interface's language
// (TErr) arranged by visualLines for Fyne's error dialog, which wraps and
// draws it as given.
func visualError(err error) error {
	return visualErrorText(TErr(err), err)
}

// visualErrorText is visualError for err shown as msg, a message already
// translated.
func visualErrorText(msg string, err error) error {
	if shown := visualLines(msg, dialogTextWidth); shown != err.Error() {
		return &shownError{shown, err}
	}
	return err
}
