package semaphore

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/sync/semaphore"

	"batchlab/strategies"
)

// DefaultWeight matches the seed's 250 concurrent calls.
const DefaultWeight = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy gates a goroutine per entry with a semaphore of Weight units. The
// zero value is invalid (Run returns an error wrapping
// [strategies.ErrConfig]); use Strategy{Weight: DefaultWeight}. It is safe
// for concurrent use: each Run has its own semaphore.
type Strategy struct {
	// Weight is the semaphore's size and so the most calls in flight; it
	// must be at least 1.
	Weight int
}

// String returns "semaphore(Weight)", such as "semaphore(250)".
func (s Strategy) String() string { return "semaphore(" + strconv.Itoa(s.Weight) + ")" }

// Concurrency returns min(n, Weight).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Weight)) }

// Run acquires one unit with ctx, then starts task(ctx, i) on a new
// goroutine that releases the unit when the call returns, for i = 0, 1, …,
// n-1, and waits for every call. If Acquire fails because ctx is done, Run
// starts no more calls, waits for the running ones and returns
// context.Cause(ctx). Weight < 1 or n < 0 returns an error wrapping
// [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Weight < 1 {
		return fmt.Errorf("semaphore: Weight must be > 0, got %d: %w", s.Weight, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("semaphore: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	sem := semaphore.NewWeighted(int64(s.Weight))
	var wg sync.WaitGroup
	for i := range n {
		// Acquire fails only when ctx is done, and then leaves sem unchanged;
		// it prefers failing to acquiring when both are possible.
		if err := sem.Acquire(ctx, 1); err != nil {
			wg.Wait()
			return context.Cause(ctx)
		}
		wg.Go(func() {
			defer sem.Release(1)
			_ = task(ctx, i) // a failed call never stops the run
		})
	}
	wg.Wait()
	return nil
}
