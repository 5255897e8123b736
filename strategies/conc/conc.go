package conc

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/sourcegraph/conc/pool"

	"batchlab/strategies"
)

// DefaultWidth matches the seed's 250 concurrent calls.
const DefaultWidth = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy runs calls on a conc pool with WithMaxGoroutines(Width). The
// zero value is invalid (Run returns an error wrapping
// [strategies.ErrConfig]); use Strategy{Width: DefaultWidth}. It is safe
// for concurrent use: each Run has its own pool.
type Strategy struct {
	// Width is the pool's WithMaxGoroutines, and so the most calls in
	// flight; it must be at least 1 (conc panics below).
	Width int
}

// String returns "conc(Width)", such as "conc(250)".
func (s Strategy) String() string { return "conc(" + strconv.Itoa(s.Width) + ")" }

// Concurrency returns min(n, Width).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Width)) }

// Run calls p.Go for i = 0, 1, …, n-1 on a new pool of min(n, Width)
// goroutines, each calling task(ctx, i), and waits with p.Wait. Once ctx
// is done no call starts; Run waits for the running ones and returns
// context.Cause(ctx) if any index was not called. A panic in task is
// re-raised by Run once the other calls have returned. Width < 1 or n < 0
// returns an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Width < 1 {
		return fmt.Errorf("conc: Width must be > 0, got %d: %w", s.Width, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("conc: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	p := pool.New().WithMaxGoroutines(s.Concurrency(n))
	var started atomic.Int64
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		p.Go(func() {
			if ctx.Err() != nil {
				return // Go may have blocked across the cancel
			}
			started.Add(1)
			_ = task(ctx, i) // a failed call never stops the run
		})
	}
	p.Wait()
	if started.Load() < int64(n) {
		return context.Cause(ctx)
	}
	return nil
}
