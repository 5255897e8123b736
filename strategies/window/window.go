package window

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"batchlab/strategies"
)

// DefaultSize matches the seed's 250 concurrent calls, so the window and the
// batches can be compared at the same width.
const DefaultSize = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy keeps a sliding window of Size calls in flight. The zero value is
// invalid (Run returns an error wrapping [strategies.ErrConfig]); use
// Strategy{Size: DefaultSize}. It is safe for concurrent use: each Run has
// its own window.
type Strategy struct {
	// Size is the window's width and so the most calls in flight; it must
	// be at least 1.
	Size int
}

// String returns "window(Size)", such as "window(250)".
func (s Strategy) String() string { return "window(" + strconv.Itoa(s.Size) + ")" }

// Concurrency returns min(n, Size).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Size)) }

// Run starts task(ctx, i) on a new goroutine for i = 0, 1, …, n-1, each once
// one of Size tokens is free, and waits for every call. A call frees its
// token when it returns, so the next index starts as soon as any running
// call ends. Once ctx is done Run starts no more calls, waits for the
// running ones and returns context.Cause(ctx). Size < 1 or n < 0 returns an
// error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Size < 1 {
		return fmt.Errorf("window: Size must be > 0, got %d: %w", s.Size, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("window: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	// tokens holds one value per call in flight: a send admits a call and
	// the call's receive frees its slot, so len(tokens) ≤ Size calls run.
	tokens := make(chan struct{}, s.Size)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
		}
		// select picks at random when both cases are ready, so check ctx
		// again: no call starts once ctx is done.
		if ctx.Err() != nil {
			wg.Wait() // never return while a started call runs
			return context.Cause(ctx)
		}
		wg.Go(func() {
			defer func() { <-tokens }()
			_ = task(ctx, i) // a failed call never stops the run
		})
	}
	wg.Wait()
	return nil
}
