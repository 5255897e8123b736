package ants

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/panjf2000/ants/v2"

	"batchlab/strategies"
)

// DefaultWorkers matches the seed's 250 concurrent calls.
const DefaultWorkers = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy runs calls on an ants pool of Workers goroutines. The zero
// value is invalid (Run returns an error wrapping [strategies.ErrConfig]);
// use Strategy{Workers: DefaultWorkers}. It is safe for concurrent use:
// each Run has its own pool.
type Strategy struct {
	// Workers is the pool's capacity and so the most calls in flight; it
	// must be at least 1.
	Workers int
}

// String returns "ants(Workers)", such as "ants(250)".
func (s Strategy) String() string { return "ants(" + strconv.Itoa(s.Workers) + ")" }

// Concurrency returns min(n, Workers).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Workers)) }

// Run submits task(ctx, i) for i = 0, 1, …, n-1 to a new ants pool of
// min(n, Workers), waits for every call and releases the pool. Once ctx is
// done no call starts; Run waits for the running ones and returns
// context.Cause(ctx) if any index was not called. Workers < 1 or n < 0
// returns an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Workers < 1 {
		return fmt.Errorf("ants: Workers must be > 0, got %d: %w", s.Workers, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("ants: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	pool, err := ants.NewPool(s.Concurrency(n))
	if err != nil { // only an invalid size, excluded above
		return fmt.Errorf("ants: %v: %w", err, strategies.ErrConfig)
	}
	// started counts the calls made; wg the calls submitted and not done.
	var started atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		err := pool.Submit(func() {
			defer wg.Done()
			if ctx.Err() != nil {
				return // Submit may have blocked across the cancel
			}
			started.Add(1)
			_ = task(ctx, i) // a failed call never stops the run
		})
		if err != nil { // cannot happen on an open, blocking pool
			wg.Done()
			break
		}
	}
	wg.Wait()
	// Waits for the workers and the pool's clock and purge goroutines.
	_ = pool.ReleaseContext(context.WithoutCancel(ctx))
	if started.Load() < int64(n) {
		return context.Cause(ctx)
	}
	return nil
}
