package workerpool

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"batchlab/strategies"
)

// DefaultWorkers matches the seed's 250 concurrent calls, so the pool and
// the batches can be compared at the same width.
const DefaultWorkers = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy runs calls on a pool of Workers goroutines. The zero value is
// invalid (Run returns an error wrapping [strategies.ErrConfig]); use
// Strategy{Workers: DefaultWorkers}. It is safe for concurrent use: each
// Run has its own pool.
type Strategy struct {
	// Workers is the number of goroutines and so the most calls in flight;
	// it must be at least 1.
	Workers int
}

// String returns "workerpool(Workers)", such as "workerpool(250)".
func (s Strategy) String() string { return "workerpool(" + strconv.Itoa(s.Workers) + ")" }

// Concurrency returns min(n, Workers): a run never starts more workers
// than entries.
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Workers)) }

// Run starts min(n, Workers) goroutines that each claim the next index and
// call task(ctx, i) until every index is claimed, and waits for them. Once
// ctx is done no worker claims another index; Run waits for the running
// calls and returns context.Cause(ctx) if any index was left unclaimed.
// Workers < 1 or n < 0 returns an error wrapping [strategies.ErrConfig]
// before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Workers < 1 {
		return fmt.Errorf("workerpool: Workers must be > 0, got %d: %w", s.Workers, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("workerpool: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	// next is the next unclaimed index. A worker checks ctx before it
	// claims, and runs every index it claims below n, so after the workers
	// exit, next >= n exactly when every index was started.
	var next atomic.Int64
	work := func() {
		for ctx.Err() == nil {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			_ = task(ctx, i) // a failed call never stops the worker
		}
	}
	var wg sync.WaitGroup
	for range s.Concurrency(n) {
		wg.Go(work)
	}
	wg.Wait()
	if next.Load() < int64(n) {
		return context.Cause(ctx)
	}
	return nil
}
