package batches

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"batchlab/strategies"
)

// DefaultSize is the batch size the seed's figures imply: 250 concurrent
// calls (4 × 200 ms = 800 ms ideal at 1,000 entries).
const DefaultSize = 250

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy runs calls in consecutive batches of Size, starting the next
// batch only when every call of the previous one has returned. The zero
// value is invalid (Run returns an error wrapping [strategies.ErrConfig]);
// use Strategy{Size: DefaultSize}. It is safe for concurrent use.
type Strategy struct {
	// Size is the number of calls per batch and so the most in flight; it
	// must be at least 1.
	Size int
}

// String returns "batches(Size)", such as "batches(250)".
func (s Strategy) String() string { return "batches(" + strconv.Itoa(s.Size) + ")" }

// Concurrency returns min(n, Size).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Size)) }

// Run calls task(ctx, i) for i in [0, n) in batches of indices
// [0, Size), [Size, 2×Size), …; the last batch holds the remainder. Each call
// of a batch runs on its own goroutine, and Run waits for the whole batch
// before starting the next. Once ctx is done it starts no new call, waits for
// the running ones and returns context.Cause(ctx). Size < 1 or n < 0 returns
// an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Size < 1 {
		return fmt.Errorf("batches: Size must be > 0, got %d: %w", s.Size, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("batches: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += s.Size {
		hi := min(lo+s.Size, n) // the last batch holds the remainder n % Size
		for i := lo; i < hi; i++ {
			if ctx.Err() != nil {
				wg.Wait() // never return while a started call runs
				return context.Cause(ctx)
			}
			wg.Go(func() { _ = task(ctx, i) })
		}
		wg.Wait()
	}
	return nil
}
