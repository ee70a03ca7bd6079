package app

import "testing"

// TestMemoryLimitFollowsTheText checks the heap limit the window sets for
// an open article: the floor with no text or a short one, more for a
// longer one, never above the ceiling that issue 11's 12 MB article was
// measured with.
func TestMemoryLimitFollowsTheText(t *testing.T) {
	if got := memoryLimitFor(0); got != minMemoryLimit {
		t.Errorf("no text: limit %d, want %d", got, minMemoryLimit)
	}
	one, twelve := memoryLimitFor(1<<20), memoryLimitFor(12<<20)
	if one <= minMemoryLimit || one >= maxMemoryLimit {
		t.Errorf("1 MB of text: limit %d, want between %d and %d", one, minMemoryLimit, maxMemoryLimit)
	}
	if twelve != maxMemoryLimit || memoryLimitFor(20<<20) != maxMemoryLimit {
		t.Errorf("12 MB and 20 MB of text: limits %d and %d, want %d", twelve, memoryLimitFor(20<<20), maxMemoryLimit)
	}
	if memoryLimitFor(-1) != minMemoryLimit {
		t.Errorf("a negative size gives %d, want the floor %d", memoryLimitFor(-1), minMemoryLimit)
	}
}
