package app

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the soft limit the window sets on the Go heap (Go's
// GOMEMLIMIT): the collector works harder only as the heap nears it, so a
// window on a short article runs exactly as without it, while one holding a
// long article does not keep the default's room for the heap to double.
// Measured with `benchtool open-article -scroll` on the 12 MB article
// (docs/PERFORMANCE.md): peak RSS 270–277 MB without it, 235–236 MB with
// it (19.3× the text), for 15 % more CPU in that run. Text up to the 20 MB
// article limit keeps the live heap under it.
const memoryLimit = 96 << 20

// TuneMemory sets the Go heap's soft limit as the window runs it
// (memoryLimit), unless the user set GOMEMLIMIT. Run calls it; the window
// benchmarks call it too, so they measure what users run.
func TuneMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
