package layout

import (
	"testing"

	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
)

// ring returns the keys of c from the most recently used to the least,
// checking the links both ways.
func (c *shapeCache) ring(t *testing.T) []uint64 {
	t.Helper()
	var keys []uint64
	for e := c.root.next; e != &c.root; e = e.next {
		if e.next.prev != e {
			t.Fatalf("entry %d: broken back link", e.key)
		}
		if c.m[e.key] != e {
			t.Fatalf("entry %d in the ring is not the map's", e.key)
		}
		keys = append(keys, e.key)
	}
	if len(keys) != len(c.m) {
		t.Fatalf("%d entries in the ring, %d in the map", len(keys), len(c.m))
	}
	return keys
}

// TestShapeCacheEvictsLeastRecentlyUsed fills the cache to its bound and
// goes on: every put beyond it evicts the entry used longest ago, a get
// counts as a use, and the size never passes maxShapeCache (the cache used
// to empty itself when full).
func TestShapeCacheEvictsLeastRecentlyUsed(t *testing.T) {
	var c shapeCache
	pieces := make([]*shaped, maxShapeCache+3)
	for i := range pieces {
		pieces[i] = &shaped{size: int32(i)}
	}
	for k := range maxShapeCache {
		c.put(uint64(k), pieces[k])
	}
	if n := len(c.m); n != maxShapeCache {
		t.Fatalf("%d entries after %d puts, want %d", n, maxShapeCache, maxShapeCache)
	}
	// Keys 0 and 1 are the least recently used: use 0, so 1 goes first.
	if got := c.get(0); got != pieces[0] {
		t.Fatalf("get(0) = %v, want piece 0", got)
	}
	c.put(maxShapeCache, pieces[maxShapeCache])
	if c.get(1) != nil {
		t.Error("key 1, the least recently used, was not evicted")
	}
	if c.get(0) != pieces[0] {
		t.Error("key 0, used just before, was evicted")
	}
	if n := len(c.m); n != maxShapeCache {
		t.Errorf("%d entries, want the bound %d", n, maxShapeCache)
	}
	// Now 2 is the oldest, then 3; putting a key already cached changes
	// nothing (the first shaping of a hash stays).
	c.put(maxShapeCache, pieces[0])
	if c.get(maxShapeCache) != pieces[maxShapeCache] {
		t.Error("a second put of a key replaced its entry")
	}
	c.put(maxShapeCache+1, pieces[maxShapeCache+1])
	c.put(maxShapeCache+2, pieces[maxShapeCache+2])
	if c.get(2) != nil || c.get(3) != nil || c.get(4) != pieces[4] {
		t.Error("keys 2 and 3 should have been evicted, in that order, and 4 kept")
	}
	keys := c.ring(t)
	if len(keys) != maxShapeCache {
		t.Fatalf("%d entries, want %d", len(keys), maxShapeCache)
	}
	// Most recent first: the last get, the last two puts, then the gets
	// before them.
	want := []uint64{4, maxShapeCache + 2, maxShapeCache + 1, maxShapeCache, 0}
	for i, k := range want {
		if keys[i] != k {
			t.Fatalf("order of use %v..., want %v...", keys[:len(want)], want)
		}
	}
	if last := keys[len(keys)-1]; last != 5 {
		t.Errorf("least recently used is %d, want 5", last)
	}
}

// TestShapeCacheSmall checks the ring on a handful of entries, below the
// bound.
func TestShapeCacheSmall(t *testing.T) {
	var c shapeCache
	if c.get(1) != nil {
		t.Fatal("get on an empty cache found something")
	}
	a, b, d := &shaped{}, &shaped{}, &shaped{}
	c.put(1, a)
	c.put(2, b)
	c.put(3, d)
	c.get(1)
	if got, want := c.ring(t), []uint64{1, 3, 2}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("order of use %v, want %v", got, want)
	}
}

// TestShapeHitIsCached checks Engine.shape through the cache: shaping the
// same piece twice gives the cached result and makes it the most recently
// used.
func TestShapeHitIsCached(t *testing.T) {
	e, err := NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	w := e.getWorker()
	defer e.putWorker(w)
	word, other := []rune("مرحبا"), []rune("hello")
	s1 := e.shape(w, word, FaceArabic, true, language.Arabic, 16)
	e.shape(w, other, FaceLatin, false, language.Latin, 16)
	s2 := e.shape(w, word, FaceArabic, true, language.Arabic, 16)
	if s1 != s2 {
		t.Error("the second shaping of a piece was not the cached one")
	}
	if keys := e.shapes.ring(t); len(keys) != 2 || keys[0] != shapeHash(word, FaceArabic, true, language.Arabic, 16) {
		t.Errorf("cache order %v: want 2 entries, the Arabic word first", keys)
	}
}

// TestShapeCacheBoundsBytes puts pieces of a thousand glyphs each: the
// cache evicts by bytes long before its entry bound, keeps the most
// recent ones, and its count of bytes matches what it holds.
func TestShapeCacheBoundsBytes(t *testing.T) {
	var c shapeCache
	glyphs := make([]shaping.Glyph, 1000)
	each := (&shaped{glyphs: glyphs}).memSize()
	n := 2 * maxShapeBytes / each
	for k := range n {
		c.put(uint64(k), &shaped{glyphs: glyphs})
	}
	if c.bytes > maxShapeBytes {
		t.Errorf("cache holds %d bytes, bound %d", c.bytes, maxShapeBytes)
	}
	if want := maxShapeBytes / each; len(c.m) != want {
		t.Errorf("%d entries of %d bytes kept, want %d", len(c.m), each, want)
	}
	sum := 0
	for _, e := range c.m {
		sum += e.s.memSize()
	}
	if sum != c.bytes {
		t.Errorf("entries hold %d bytes, the count says %d", sum, c.bytes)
	}
	if c.get(uint64(n-1)) == nil || c.get(0) != nil {
		t.Error("want the newest piece kept and the oldest evicted")
	}
}
