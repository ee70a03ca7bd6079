package suggest

import (
	"context"
	"runtime"
	"sync"
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
