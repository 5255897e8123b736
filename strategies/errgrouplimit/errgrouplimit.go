package errgrouplimit

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"batchlab/strategies"
)

// DefaultWidth matches the seed's 250 concurrent calls.
const DefaultWidth = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy runs a goroutine per entry in an errgroup whose SetLimit is
// Width. The zero value is invalid (Run returns an error wrapping
// [strategies.ErrConfig]); use Strategy{Width: DefaultWidth}. It is safe for
// concurrent use: each Run has its own group.
type Strategy struct {
	// Width is what Run passes to the group's SetLimit, and so the most
	// calls in flight; it must be at least 1 (errgroup's "no limit" of a
	// negative value is refused, as is 0, which would block forever).
	Width int
}

// String returns "errgrouplimit(Width)", such as "errgrouplimit(250)".
func (s Strategy) String() string { return "errgrouplimit(" + strconv.Itoa(s.Width) + ")" }

// Concurrency returns min(n, Width).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Width)) }

// Run calls g.Go for i = 0, 1, …, n-1 on an errgroup.Group with
// SetLimit(Width), each goroutine calling task(ctx, i), and waits for the
// group. Go blocks while Width calls run and does not watch ctx, so once
// ctx is done Run notices it when a running call returns; it then starts no
// more calls, waits for the running ones and returns context.Cause(ctx).
// Task errors are dropped, never given to the group. Width < 1 or n < 0
// returns an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Width < 1 {
		return fmt.Errorf("errgrouplimit: Width must be > 0, got %d: %w", s.Width, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("errgrouplimit: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	// A plain Group: its Wait error is always nil, since no goroutine
	// returns an error, and nothing it does cancels ctx.
	var g errgroup.Group
	g.SetLimit(s.Width)
	// skipped records a goroutine that found ctx done once Go let it run:
	// Go may have blocked across the cancel, and no call starts after it.
	var skipped atomic.Bool
	for i := range n {
		if ctx.Err() != nil {
			_ = g.Wait() // never return while a started call runs
			return context.Cause(ctx)
		}
		g.Go(func() error {
			if ctx.Err() != nil {
				skipped.Store(true)
				return nil
			}
			_ = task(ctx, i) // a failed call never stops the run
			return nil
		})
	}
	_ = g.Wait()
	if skipped.Load() {
		return context.Cause(ctx)
	}
	return nil
}
