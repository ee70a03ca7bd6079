package corpus

import (
	"syscall"
	"testing"
	"time"
)

// CPUTime returns the CPU time (user and system) the process has used so
// far, 0 if the system does not say.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// CPUMeter adds up the CPU time of a benchmark's timed sections. On a
// machine shared with other jobs a wall time also measures the others,
// while CPU time stays close to what the work costs alone; scripts/bench.sh
// compares CPU times with the references' CPU times.
type CPUMeter struct {
	t0, total time.Duration
	n         int
}

// Start marks the start of a timed section.
func (m *CPUMeter) Start() { m.t0 = CPUTime() }

// Stop ends a timed section: one operation.
func (m *CPUMeter) Stop() {
	m.total += CPUTime() - m.t0
	m.n++
}

// Report adds the mean CPU time per operation to b's results as cpu-ms/op.
func (m *CPUMeter) Report(b *testing.B) {
	if m.n > 0 {
		b.ReportMetric(float64(m.total.Microseconds())/1000/float64(m.n), "cpu-ms/op")
	}
}
