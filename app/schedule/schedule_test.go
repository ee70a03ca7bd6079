package schedule

import (
	"sync"
	"testing"
)

func TestInlineRunsAtOnce(t *testing.T) {
	var s Scheduler = Inline{}
	var got []string
	s.Go(func() {
		got = append(got, "work")
		s.Do(func() { got = append(got, "ui") })
		got = append(got, "after")
	})
	if want := []string{"work", "ui", "after"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestManualHoldsUntilRun(t *testing.T) {
	var m Manual
	var got []string
	m.Go(func() {
		got = append(got, "work")
		m.Do(func() { got = append(got, "ui") })
	})
	if len(got) != 0 {
		t.Fatalf("ran before RunWork: %v", got)
	}
	if w, u := m.Pending(); w != 1 || u != 0 {
		t.Fatalf("pending %d, %d; want 1, 0", w, u)
	}
	if n := m.RunWork(); n != 1 || len(got) != 1 {
		t.Fatalf("RunWork ran %d, got %v", n, got)
	}
	if w, u := m.Pending(); w != 0 || u != 1 {
		t.Fatalf("pending %d, %d; want 0, 1", w, u)
	}
	if n := m.Drain(); n != 1 || len(got) != 2 || got[1] != "ui" {
		t.Fatalf("Drain ran %d, got %v", n, got)
	}
}

func TestBackgroundUsesGoroutineAndUI(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	uiCalls := 0
	var mu sync.Mutex
	b := Background{UI: func(f func()) { mu.Lock(); uiCalls++; mu.Unlock(); f() }}
	b.Go(func() {
		b.Do(func() { wg.Done() })
	})
	wg.Wait()
	if uiCalls != 1 {
		t.Fatalf("UI called %d times, want 1", uiCalls)
	}
}
