package sequential

import (
	"context"
	"fmt"

	"batchlab/strategies"
)

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy calls the task for each index in turn on the caller's goroutine.
// It has no settings; the zero value is ready to use and safe for
// concurrent use.
type Strategy struct{}

// String returns "sequential".
func (Strategy) String() string { return "sequential" }

// Concurrency returns 1 for n ≥ 1: one call is in flight at a time.
func (Strategy) Concurrency(n int) int { return max(0, min(n, 1)) }

// Run calls task(ctx, i) for i = 0, 1, …, n-1, each after the previous one
// has returned. It checks ctx before each call and, once ctx is done,
// returns context.Cause(ctx) without starting another. A negative n returns
// an error wrapping [strategies.ErrConfig].
func (Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return fmt.Errorf("sequential: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	for i := range n {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		_ = task(ctx, i) // a failed call never stops the run
	}
	return nil
}
