package layout

import (
	"sync"
	"unsafe"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// shapedCluster is one glyph cluster of a shaped piece of text.
type shapedCluster struct {
	start, end int32   // code points, relative to the piece, logical order
	x, adv     float32 // px from the piece's left edge
	g0, g1     int32   // its glyphs
}

// shaped is the shaping result of a piece of text: one face, one direction,
// one script. It is immutable once made and shared between layouts.
type shaped struct {
	runes    []rune
	face     FaceID
	rtl      bool
	script   language.Script
	size     int32
	advance  float32
	clusters []shapedCluster // visual order, left to right
	glyphs   []shaping.Glyph // visual order
}

// shapeCache maps pieces of text to their shaping, keyed by a hash of the
// text, face, direction, script and size (the text is compared on a hit).
// It holds at most maxShapeCache entries of at most maxShapeBytes in all
// and, when full, evicts the least recently used ones (as gio's
// text/lru.go does), so an engine that has shaped a great deal keeps what
// it is using instead of starting again from empty. Its zero value is
// ready to use.
type shapeCache struct {
	mu    sync.Mutex
	m     map[uint64]*shapeEntry
	bytes int // sum of the entries' size
	// root is the sentinel of a ring of the entries in order of use:
	// root.next is the most recently used, root.prev the least.
	root shapeEntry
}

// shapeEntry is one entry of a shapeCache and its place in the ring.
type shapeEntry struct {
	key        uint64
	s          *shaped
	prev, next *shapeEntry
}

// maxShapeCache bounds the cache: a quarter of a million pieces, words
// mostly.
const maxShapeCache = 1 << 18

// maxShapeBytes bounds the memory the cache's pieces hold (see memSize): the
// seed article's vocabulary is a few thousand pieces, but a long article
// of real text can have a hundred thousand distinct words, each about 700
// bytes shaped, and the cache is the engine's, shared by every document.
const maxShapeBytes = 64 << 20

// memSize estimates the bytes s holds: its slices and a fixed part for the
// struct, its cache entry and map slot.
func (s *shaped) memSize() int {
	return 160 + len(s.runes)*4 + len(s.clusters)*int(unsafe.Sizeof(shapedCluster{})) +
		len(s.glyphs)*int(unsafe.Sizeof(shaping.Glyph{}))
}

// get returns the shaping cached under key, or nil, and marks it used.
func (c *shapeCache) get(key uint64) *shaped {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[key]
	if e == nil {
		return nil
	}
	if c.root.next != e {
		e.unlink()
		c.pushFront(e)
	}
	return e.s
}

// put caches s under key unless an entry has that key already (a piece
// with the same hash: the first one stays), evicting the least recently
// used entry when the cache is full.
func (c *shapeCache) put(key uint64, s *shaped) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[uint64]*shapeEntry)
		c.root.next, c.root.prev = &c.root, &c.root
	}
	if c.m[key] != nil {
		return
	}
	var e *shapeEntry
	for len(c.m) > 0 && (len(c.m) >= maxShapeCache || c.bytes+s.memSize() > maxShapeBytes) {
		e = c.root.prev // the least recently used; the last one is reused for the new entry
		e.unlink()
		delete(c.m, e.key)
		c.bytes -= e.s.memSize()
	}
	if e == nil {
		e = new(shapeEntry)
	}
	e.key, e.s = key, s
	c.m[key] = e
	c.bytes += s.memSize()
	c.pushFront(e)
}

// pushFront makes e the most recently used entry. c.mu must be held.
func (c *shapeCache) pushFront(e *shapeEntry) {
	e.prev, e.next = &c.root, c.root.next
	c.root.next.prev = e
	c.root.next = e
}

// unlink takes e out of the ring.
func (e *shapeEntry) unlink() {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

func shapeHash(runes []rune, face FaceID, rtl bool, script language.Script, size int32) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for _, r := range runes {
		h ^= uint64(r)
		h *= prime
	}
	h ^= uint64(face) | uint64(size)<<8 | uint64(script)<<32
	h *= prime
	if rtl {
		h ^= 1
		h *= prime
	}
	return h
}

func (s *shaped) matches(runes []rune, face FaceID, rtl bool, script language.Script, size int32) bool {
	if s.face != face || s.rtl != rtl || s.script != script || s.size != size || len(s.runes) != len(runes) {
		return false
	}
	for i, r := range runes {
		if s.runes[i] != r {
			return false
		}
	}
	return true
}

// worker holds what shaping and layout need that may not be shared between
// goroutines: the HarfBuzz shaper, font faces (their glyph caches), the
// bidi resolver's buffers.
type worker struct {
	fs      *fontSet
	shaper  shaping.HarfbuzzShaper
	faces   []*font.Face // by FaceID; fallback faces made on first use (face)
	bidi    bidiResolver
	scratch []rune
	spans   []lineSpan // wrap's output, reused
	cov     coverage   // a line's glyph coverage while it is drawn
}

func newWorker(fs *fontSet) *worker {
	w := &worker{fs: fs, faces: make([]*font.Face, numFaces)}
	for i, f := range fs.fonts {
		if f != nil { // the emoji face is made on first use, by face
			w.faces[i] = font.NewFace(f)
		}
	}
	return w
}

// face returns the worker's face f, making it on first use of a fallback
// face.
func (w *worker) face(f FaceID) *font.Face {
	if int(f) < len(w.faces) && w.faces[f] != nil {
		return w.faces[f]
	}
	for len(w.faces) <= int(f) {
		w.faces = append(w.faces, nil)
	}
	w.faces[f] = font.NewFace(w.fs.font(f))
	return w.faces[f]
}

// shape returns the shaping of runes, from the cache when it holds it.
func (e *Engine) shape(w *worker, runes []rune, face FaceID, rtl bool, script language.Script, size int32) *shaped {
	h := shapeHash(runes, face, rtl, script, size)
	if s := e.shapes.get(h); s != nil && s.matches(runes, face, rtl, script, size) {
		return s
	}
	s := w.shapeText(runes, face, rtl, script, size)
	e.shapes.put(h, s)
	return s
}

// tabWidth is the width of a tab, in spaces.
const tabWidth = 4

// shapeText shapes runes with HarfBuzz.
func (w *worker) shapeText(runes []rune, face FaceID, rtl bool, script language.Script, size int32) *shaped {
	s := &shaped{runes: append([]rune(nil), runes...), face: face, rtl: rtl, script: script, size: size}
	// Control characters (tabs above all) have no glyph: shape a space.
	text := runes
	hasTab := false
	for i, r := range runes {
		if r < 0x20 || (r >= 0x7F && r < 0xA0) {
			if &text[0] == &runes[0] {
				text = append(w.scratch[:0], runes...)
			}
			text[i] = ' '
			if r == '\t' {
				hasTab = true
			}
		}
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	out := w.shaper.Shape(shaping.Input{
		Text:      text,
		RunStart:  0,
		RunEnd:    len(text),
		Direction: dir,
		Face:      w.face(face),
		Size:      fixed.I(int(size)),
		Script:    script,
	})
	if &text[0] != &runes[0] {
		w.scratch = text
	}
	s.glyphs = out.Glyphs
	x := float32(0)
	for g := 0; g < len(out.Glyphs); {
		ci := out.Glyphs[g].ClusterIndex
		c := shapedCluster{start: int32(ci), end: int32(ci + out.Glyphs[g].RuneCount), x: x, g0: int32(g)}
		for g < len(out.Glyphs) && out.Glyphs[g].ClusterIndex == ci {
			c.adv += float32(out.Glyphs[g].XAdvance) / 64
			g++
		}
		c.g1 = int32(g)
		if hasTab && c.end-c.start == 1 && runes[c.start] == '\t' {
			c.adv *= tabWidth
		}
		x += c.adv
		s.clusters = append(s.clusters, c)
	}
	s.advance = x
	return s
}
