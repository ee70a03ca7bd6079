package suggest

import (
	"context"
	"runtime"
	"sync"

	"github.com/hamesh-app/hamesh/annotations"
)

// Run asks src for the suggestions of every input, on workers goroutines
// (runtime.GOMAXPROCS when workers < 1), and returns them in input order.
// It stops at the first error, or when ctx is cancelled, and returns that
// error with no suggestions. Every Source of this package is safe for such
// concurrent use.
func Run(ctx context.Context, src Source, inputs []Input, workers int) ([][]Suggestion, error) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([][]Suggestion, len(inputs))
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s, err := src.Suggest(ctx, inputs[i])
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
					continue
				}
				out[i] = s
			}
		}()
	}
feed:
	for i := range inputs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// RunAll runs every source over inputs (each through Run, on workers
// goroutines) and returns all their suggestions: source by source, in
// input order within one. It stops at the first error.
func RunAll(ctx context.Context, sources []Source, inputs []Input, workers int) ([]Suggestion, error) {
	var out []Suggestion
	for _, src := range sources {
		per, err := Run(ctx, src, inputs, workers)
		if err != nil {
			return nil, err
		}
		for _, s := range per {
			out = append(out, s...)
		}
	}
	return out, nil
}

// RejectionsOf returns the rejections that rejected suggestions stand for
// (what YourLabels must not suggest again): each one's text in its
// article, found among texts (article id → text), and its label. A
// suggestion whose article is not in texts, or whose range is outside its
// text, is skipped.
func RejectionsOf(rejected []Suggestion, texts map[string]string) []Rejection {
	var out []Rejection
	offs := map[string]*annotations.Offsets{}
	for _, s := range rejected {
		text, ok := texts[s.ArticleID]
		if !ok {
			continue
		}
		off := offs[s.ArticleID]
		if off == nil {
			off = annotations.NewOffsets(text)
			offs[s.ArticleID] = off
		}
		if s.Start < 0 || s.End > off.Len() || s.Start >= s.End {
			continue
		}
		out = append(out, Rejection{ArticleID: s.ArticleID, Text: off.Slice(text, s.Start, s.End), Label: s.Label})
	}
	return out
}
