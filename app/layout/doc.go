// Package layout lays out article text — Arabic, English, mixed — the way a
// browser does, in plain Go over go-text (no Fyne, no store), so the
// article view, `hamesh render` and tests share one set of measurements.
//
// # What it does
//
// The text is split into paragraphs on '\n'. Each paragraph gets its base
// direction from its first strong character (UAX #9 rules P2/P3, isolates
// skipped); a paragraph with none (empty, digits, punctuation) takes the
// article's direction. Bidi levels are resolved by a complete
// implementation of the Unicode Bidirectional Algorithm (bidi.go: X1–X10,
// W1–W7, N0–N2, I1–I2, L1–L2), which passes all 91,707 cases of Unicode's
// BidiCharacterTest.txt and all 770,241 of BidiTest.txt
// (golang.org/x/text/unicode/bidi, which go-text's segmenter uses, passes
// 61,125 of the former). Each rune is given a face among the
// bundled fonts (package assets): Arabic script to Noto Naskh Arabic,
// emoji to EmojiOne Color, everything else to Noto Sans; spaces, digits,
// punctuation and harakat take the face of the text around them when it
// has the glyph (so ، « » and digits inside Arabic are Naskh, while ( )
// and " come from Noto Sans, which Naskh lacks); Hebrew, Syriac, Thaana,
// N'Ko and Adlam have bundled faces of their own. A character no bundled
// face has (CJK, Devanagari, …) takes a system font that has it, found
// through go-text's fontscan on the first such character and cached
// (fallback.go; NewEngineWithFontDirs names the directories instead), and
// with none it is Noto Sans's .notdef box, measured and drawn alike. Pieces of one level, face
// and script between line-break opportunities (UAX #14: go-text's rules,
// ported in linebreak.go to run twice as fast) are shaped with HarfBuzz
// (go-text/typesetting v0.2.1, the version Fyne 2.7.1 uses, so metrics
// agree) and cached per (text, face, direction, size) in a bounded cache
// that evicts the least recently used piece (a quarter of a million
// pieces at most), so a long session never grows it without end. Lines are wrapped greedily at break opportunities,
// never between two joined Arabic letters; trailing white space hangs
// (collapses to zero width); a word wider than the line is cut between
// clusters. Each line is reordered (L1, L2) and aligned: RTL lines end at
// the width, LTR lines start at 0. Brackets at odd levels are shaped right
// to left, so HarfBuzz mirrors them.
//
// # Using it
//
//	l, err := layout.New(text, layout.RTL, layout.Options{Width: 640})
//	lines := l.Lines()                 // every line, top to bottom
//	off, line := l.HitTest(x, y)       // point -> caret offset (code points)
//	c := l.Caret(off)                  // offset -> caret position
//	rects := l.Rects(start, end)       // span -> highlight rectangles
//	l.WriteJSON(os.Stdout)             // the layout as JSON
//	layout.RenderPNG(w, l, spans, layout.RenderOptions{}) // a picture
//
// A Line has its code-point range, y, height and baseline, and its Runs in
// visual order (left to right); a Run is one bidi level, with its
// code-point range, direction, x and width, and its Clusters (glyph
// clusters, visual order) each with x, advance and code-point range. All
// offsets are code points of the whole text, as spans are stored. All
// coordinates are pixels from the top left of a text area Options.Width
// wide; y grows down.
//
// # Long articles
//
// An Engine (DefaultEngine) holds the fonts and the shaping cache and is
// shared. A Document (Engine.NewDocument) is the text split into paragraphs;
// it caches each paragraph's analysis and, per font size, its shaping, so
// reflowing at a new width only re-wraps. Document.Layout gives a Layout at
// one width and font size, cached per Options. A Layout lays paragraphs out
// on demand, each independently: LayoutLines(n) lays out from the top until
// n lines exist (the first screen), LayoutParagraphs(from, to) a given
// range (the visible one), Complete(ctx) the rest on GOMAXPROCS goroutines.
// Every method of Engine, Document and Layout is safe for concurrent use,
// so the widget can call Complete off the UI goroutine while it draws the
// paragraphs it has (IsLaidOut, Paragraph; ParagraphTop estimates what is
// not laid out yet). Queries needing y (Lines, HitTest, Caret, Rects,
// LineAt, LineOf, JSON) lay out the paragraphs above what they need first;
// the same queries within one Line (Line.HitTest, Line.CaretX,
// Line.AppendRects, Line.CodePointAt) need nothing else laid out.
//
// # Drawing
//
// DrawLine draws one line's glyphs into a draw.Image with go-text/render
// (the rasteriser Fyne uses), glyph by glyph at the layout's positions;
// Render and RenderPNG draw a whole layout with span highlights: filled
// rectangles under the glyphs in the label colour (nested spans inset, so
// every one stays visible), claims outlined and underlined, and a small
// label badge per span in a band above the line (Options.BadgeBand).
package layout
