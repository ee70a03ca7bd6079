package app

import (
	"os"
	"runtime/debug"
	"sync/atomic"
)

// The soft limit the window sets on the Go heap (Go's GOMEMLIMIT): the
// collector works harder only as the heap nears it, so the window does not
// keep the default's room for the heap to double. Most of the live heap is
// fixed (about 45 MB: Fyne's parsed fonts, two text styles of four faces
// each, are 30 MB of it), so room proportional to the whole heap would be
// wasted; the limit is that fixed part plus room that grows with the open
// article's text:
//
//   - minMemoryLimit with no article or a short one: with the 1 MB
//     article (67 MiB) the window peaked at 203 MB of RSS instead of
//     217 MB with the earlier fixed 96 MiB, at the same CPU per Page Down
//     (docs/PERFORMANCE.md, "Memory of the window (issue 16)");
//   - memoryPerTextByte more per byte of text, up to maxMemoryLimit from
//     about 10 MB of text on: the 12 MB article keeps the 96 MiB that issue
//     11 measured (peak RSS 234 MB, 19.3× the text); 64 MiB there made the
//     collector run back to back (CPU doubled).
const (
	minMemoryLimit    = 64 << 20
	maxMemoryLimit    = 96 << 20
	memoryPerTextByte = 3
)

// memoryTuned is set when TuneMemory set the limit (GOMEMLIMIT unset), so
// the window may move it with the article.
var memoryTuned atomic.Bool

// TuneMemory sets the Go heap's soft limit as the window runs it
// (minMemoryLimit until an article opens), unless the user set GOMEMLIMIT.
// Run calls it; the window benchmarks call it too, so they measure what
// users run.
func TuneMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		memoryTuned.Store(true)
		debug.SetMemoryLimit(minMemoryLimit)
	}
}

// memoryLimitFor returns the heap limit for an open article of textBytes
// bytes of UTF-8.
func memoryLimitFor(textBytes int) int64 {
	return min(max(minMemoryLimit+memoryPerTextByte*int64(textBytes), minMemoryLimit), maxMemoryLimit)
}

// tuneMemoryForText moves the heap limit to the article now open, of
// textBytes bytes, if TuneMemory set it.
func tuneMemoryForText(textBytes int) {
	if memoryTuned.Load() {
		debug.SetMemoryLimit(memoryLimitFor(textBytes))
	}
}
