// Package field is the model of a bidirectional text field: its text, the
// caret and the selection, visual caret movement, editing and undo, laid
// out by app/layout, the engine the article view uses. It imports no Fyne,
// so every rule is tested without a window; package app/textfield wraps it
// in a widget.
//
// Offsets are code points of the field's text, as spans are stored. A
// caret has an offset and an affinity: at a direction change (or a soft
// line break) one offset has two places on screen, the trailing edge of the
// character before it (Upstream) and the leading edge of the character
// after it (downstream, the default). ←/→ move visually, as in browsers
// and GTK: → crosses the glyph cluster right of the caret, so in a
// right-to-left run it moves backward through the text.
//
// A caret never stops inside a grapheme cluster (a letter and its harakat,
// an emoji sequence) nor between lam and alef (the ligature ﻻ is one
// glyph); Backspace and Delete remove one such unit.
package field

import (
	"strings"
	"unicode"

	"github.com/rivo/uniseg"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
)

// Position is a caret position: a code-point offset and which side of it
// the caret is drawn on when the offset has two places on screen.
type Position struct {
	Offset int
	// Upstream draws the caret at the trailing edge of the character
	// before Offset, instead of the leading edge of the one after it.
	Upstream bool
}

// Model is the state of one text field. The zero value is not usable: call
// New.
type Model struct {
	text      []rune
	caret     Position
	anchor    int
	dir       layout.Direction
	multiLine bool
	width     float32
	fontSize  float32

	goalX   float32 // x kept by Up/Down
	hasGoal bool

	lay      *layout.Layout
	layWidth float32

	undo, redo []snapshot
	lastEdit   editKind
}

type snapshot struct {
	text   string
	caret  Position
	anchor int
}

type editKind uint8

const (
	editNone editKind = iota
	editTyping
	editBackspace
	editDelete
)

// New returns an empty single-line field whose empty or all-neutral
// paragraphs take direction dir (layout.RTL or layout.LTR; "" counts as
// LTR here, as a form field in an English UI).
func New(dir layout.Direction) *Model {
	if dir != layout.RTL {
		dir = layout.LTR
	}
	return &Model{dir: dir, width: 200, fontSize: 14}
}

// SetMultiLine makes the field accept newlines (true) or keep to one line.
// A single-line field replaces newlines by spaces.
func (m *Model) SetMultiLine(on bool) {
	m.multiLine = on
	m.invalidate()
}

// MultiLine reports whether the field accepts newlines.
func (m *Model) MultiLine() bool { return m.multiLine }

// SetDirection sets the direction of empty and all-neutral paragraphs.
func (m *Model) SetDirection(dir layout.Direction) {
	if dir != layout.RTL {
		dir = layout.LTR
	}
	if dir != m.dir {
		m.dir = dir
		m.invalidate()
	}
}

// Direction returns the direction of empty and all-neutral paragraphs.
func (m *Model) Direction() layout.Direction { return m.dir }

// SetGeometry sets the width of the text area in pixels (a multi-line field
// wraps at it; a single-line field is at least that wide and scrolls) and
// the font size.
func (m *Model) SetGeometry(width, fontSize float32) {
	if width < 1 {
		width = 1
	}
	if fontSize <= 0 {
		fontSize = 14
	}
	if width != m.width || fontSize != m.fontSize {
		m.width, m.fontSize = width, fontSize
		m.invalidate()
	}
}

func (m *Model) invalidate() { m.lay = nil }

// Text returns the field's text.
func (m *Model) Text() string { return string(m.text) }

// Len returns the length of the text in code points.
func (m *Model) Len() int { return len(m.text) }

// SetText replaces the text, puts the caret at its end with no selection
// and forgets the undo history (as a program setting the field, not a
// user's edit).
func (m *Model) SetText(s string) {
	m.text = []rune(m.clean(s))
	m.caret = Position{Offset: len(m.text)}
	m.anchor = len(m.text)
	m.undo, m.redo, m.lastEdit = nil, nil, editNone
	m.hasGoal = false
	m.invalidate()
}

// clean drops carriage returns and, in a single-line field, turns
// newlines and tabs into spaces.
func (m *Model) clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !m.multiLine {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// Caret returns the caret position (the selection's moving end).
func (m *Model) Caret() Position { return m.caret }

// Anchor returns the selection's fixed end; it equals the caret's offset
// when nothing is selected.
func (m *Model) Anchor() int { return m.anchor }

// Selection returns the selected range [start, end) in logical order;
// start == end when nothing is selected.
func (m *Model) Selection() (start, end int) {
	return min(m.anchor, m.caret.Offset), max(m.anchor, m.caret.Offset)
}

// SelectedText returns the selected text.
func (m *Model) SelectedText() string {
	s, e := m.Selection()
	return string(m.text[s:e])
}

// SetCaret moves the caret to p (snapped to a caret stop); with extend the
// anchor stays and the selection grows or shrinks, without it the
// selection is dropped.
func (m *Model) SetCaret(p Position, extend bool) {
	p.Offset = m.snap(max(0, min(p.Offset, len(m.text))))
	m.caret = p
	if !extend {
		m.anchor = p.Offset
	}
	m.hasGoal = false
	m.lastEdit = editNone
}

// Select selects [anchor, caret) (either order), caret being the moving
// end.
func (m *Model) Select(anchor, caret int) {
	m.SetCaret(Position{Offset: anchor}, false)
	m.SetCaret(Position{Offset: caret}, true)
}

// SelectAll selects the whole text.
func (m *Model) SelectAll() { m.Select(0, len(m.text)) }

// SelectWordAt selects the word at offset off (double click), by the
// article view's word rules; off a word, it puts the caret there.
func (m *Model) SelectWordAt(off int) {
	r := annotations.WordAt(string(m.text), max(0, min(off, len(m.text))))
	if r.End > r.Start {
		m.Select(r.Start, r.End)
		return
	}
	m.SetCaret(Position{Offset: off}, false)
}

// IsCaretStop reports whether a caret may stop at offset off: the text's
// ends, and every grapheme cluster boundary but the one between lam and
// alef.
func (m *Model) IsCaretStop(off int) bool {
	if off <= 0 || off >= len(m.text) {
		return true
	}
	prev, r := m.text[off-1], m.text[off]
	if prev == '\n' || r == '\n' {
		return true
	}
	if isLam(prev) && isAlef(r) {
		return false
	}
	// A grapheme boundary: uniseg over a window either side, wide enough
	// for the longest emoji sequences (segmentation resynchronises within
	// one cluster of a window's cut start).
	lo := max(0, off-32)
	hi := min(len(m.text), off+32)
	pos := lo
	g := uniseg.NewGraphemes(string(m.text[lo:hi]))
	for g.Next() {
		pos += len([]rune(g.Str()))
		if pos == off {
			return true
		}
		if pos > off {
			return false
		}
	}
	return false
}

func isLam(r rune) bool { return r == 0x0644 }
func isAlef(r rune) bool {
	return r == 0x0622 || r == 0x0623 || r == 0x0625 || r == 0x0627 || r == 0x0671
}

// snap moves off back to the previous caret stop.
func (m *Model) snap(off int) int {
	for off > 0 && !m.IsCaretStop(off) {
		off--
	}
	return off
}

// nextStop returns the caret stop after off (or len).
func (m *Model) nextStop(off int) int {
	off++
	for off < len(m.text) && !m.IsCaretStop(off) {
		off++
	}
	return min(off, len(m.text))
}

// prevStop returns the caret stop before off (or 0).
func (m *Model) prevStop(off int) int {
	off--
	for off > 0 && !m.IsCaretStop(off) {
		off--
	}
	return max(off, 0)
}

// ParagraphRTL reports whether the paragraph holding offset off is right
// to left: its first strong character, or the field's direction when it
// has none.
func (m *Model) ParagraphRTL(off int) bool {
	l := m.Layout()
	d := l.Document()
	return d.ParagraphRTL(d.ParagraphAt(off))
}

// RTL reports whether the field's first paragraph is right to left, the
// direction a placeholder or a one-line field is aligned by.
func (m *Model) RTL() bool { return m.ParagraphRTL(0) }

// Layout returns the text laid out at the field's geometry: wrapped at the
// width in a multi-line field; in a single-line field on one line at
// least the width wide (wider when the text is, RTL text ending at the
// right edge).
func (m *Model) Layout() *layout.Layout {
	if m.lay != nil {
		return m.lay
	}
	opts := layout.Options{Width: m.width, FontSize: m.fontSize, LineHeight: 1.4, ParagraphSpacing: -1}
	text := layoutText(m.text)
	if !m.multiLine {
		wide := opts
		wide.Width = 1e6
		if l, err := layout.New(text, m.dir, wide); err == nil {
			if lines := l.Lines(); len(lines) > 0 && lines[0].Width+2 > m.width {
				opts.Width = lines[0].Width + 2
			}
		}
	}
	l, err := layout.New(text, m.dir, opts)
	if err != nil { // cannot happen: the text is valid UTF-8, the options sane
		l, _ = layout.New("", m.dir, opts)
	}
	m.lay, m.layWidth = l, opts.Width
	return l
}

// layoutText returns the text given to the layout: spaces at the end of a
// paragraph become no-break spaces (same width, same offsets), because the
// layout hangs trailing white space at zero width as a browser's paragraph
// does, while a field shows the space just typed and the caret after it.
func layoutText(text []rune) string {
	out := make([]rune, len(text))
	copy(out, text)
	for i := len(out) - 1; i >= 0; i-- {
		if out[i] != ' ' {
			continue
		}
		if i == len(out)-1 || out[i+1] == '\n' || out[i+1] == 0xA0 {
			out[i] = 0xA0
		}
	}
	return string(out)
}

// ContentWidth returns the width of the laid-out text area: the field's
// width, or more for a single-line field holding a longer text.
func (m *Model) ContentWidth() float32 {
	m.Layout()
	return m.layWidth
}

// ContentHeight returns the height of all lines.
func (m *Model) ContentHeight() float32 { return m.Layout().Height() }

// --- editing ---

func (m *Model) save(kind editKind) {
	if kind != editNone && kind == m.lastEdit && len(m.undo) > 0 {
		return // coalesce a run of typing or of deleting
	}
	m.undo = append(m.undo, m.snap0())
	if len(m.undo) > 200 {
		m.undo = m.undo[len(m.undo)-200:]
	}
	m.redo = nil
}

func (m *Model) snap0() snapshot {
	return snapshot{text: string(m.text), caret: m.caret, anchor: m.anchor}
}

func (m *Model) restore(s snapshot) {
	m.text = []rune(s.text)
	m.caret, m.anchor = s.caret, s.anchor
	m.lastEdit = editNone
	m.hasGoal = false
	m.invalidate()
}

// replace puts s in place of [start, end) and the caret after it, at the
// trailing edge of the last character put (where the next one typed
// appears: after x typed between "abc" and an Arabic word, not at the
// Arabic word's far end).
func (m *Model) replace(start, end int, s string) {
	ins := []rune(s)
	out := make([]rune, 0, len(m.text)-(end-start)+len(ins))
	out = append(out, m.text[:start]...)
	out = append(out, ins...)
	out = append(out, m.text[end:]...)
	m.text = out
	off := start + len(ins)
	m.caret = Position{Offset: off, Upstream: len(ins) > 0}
	m.anchor = off
	m.hasGoal = false
	m.invalidate()
}

// Insert replaces the selection with s (pasted text: one undo step).
func (m *Model) Insert(s string) {
	s = m.clean(s)
	a, b := m.Selection()
	if s == "" && a == b {
		return
	}
	m.save(editNone)
	m.replace(a, b, s)
	m.lastEdit = editNone
}

// TypeRune types r: it replaces the selection, and a run of typing is one
// undo step (a new step starts after white space).
func (m *Model) TypeRune(r rune) {
	if r == '\n' && !m.multiLine {
		return
	}
	if r == '\r' || (unicode.IsControl(r) && r != '\n' && r != '\t') {
		return
	}
	a, b := m.Selection()
	kind := editTyping
	if a != b {
		kind = editNone // replacing a selection starts a step
	}
	m.save(kind)
	m.replace(a, b, string(r))
	m.lastEdit = editTyping
	if unicode.IsSpace(r) {
		m.lastEdit = editNone
	}
}

// Backspace deletes the selection, or the caret unit (a grapheme cluster,
// a lam-alef) before the caret.
func (m *Model) Backspace() bool {
	a, b := m.Selection()
	if a == b {
		if a == 0 {
			return false
		}
		a = m.prevStop(a)
	}
	m.save(editBackspace)
	m.replace(a, b, "")
	// Where the deleted text was: after the character before it.
	m.caret.Upstream = a > 0
	m.lastEdit = editBackspace
	return true
}

// Delete deletes the selection, or the caret unit after the caret.
func (m *Model) Delete() bool {
	a, b := m.Selection()
	if a == b {
		if b == len(m.text) {
			return false
		}
		b = m.nextStop(b)
	}
	m.save(editDelete)
	m.replace(a, b, "")
	m.caret.Upstream = false
	m.lastEdit = editDelete
	return true
}

// DeleteWordBack deletes the selection, or back to the start of the word
// before the caret (Ctrl+Backspace).
func (m *Model) DeleteWordBack() bool {
	a, b := m.Selection()
	if a == b {
		if a == 0 {
			return false
		}
		a = annotations.PrevWordEdge(string(m.text), a)
	}
	m.save(editNone)
	m.replace(a, b, "")
	return true
}

// Cut returns the selected text and deletes it ("" when nothing is
// selected).
func (m *Model) Cut() string {
	s := m.SelectedText()
	if s != "" {
		m.Backspace()
		m.lastEdit = editNone
	}
	return s
}

// CanUndo reports whether Undo would change anything.
func (m *Model) CanUndo() bool { return len(m.undo) > 0 }

// Undo restores the text and selection before the last edit (a run of
// typing counts as one).
func (m *Model) Undo() bool {
	if len(m.undo) == 0 {
		return false
	}
	m.redo = append(m.redo, m.snap0())
	s := m.undo[len(m.undo)-1]
	m.undo = m.undo[:len(m.undo)-1]
	m.restore(s)
	return true
}

// Redo re-applies the last undone edit.
func (m *Model) Redo() bool {
	if len(m.redo) == 0 {
		return false
	}
	m.undo = append(m.undo, m.snap0())
	s := m.redo[len(m.redo)-1]
	m.redo = m.redo[:len(m.redo)-1]
	m.restore(s)
	return true
}
