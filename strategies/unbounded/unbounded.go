package unbounded

import (
	"context"
	"fmt"
	"sync"

	"batchlab/strategies"
)

// Strategy is not [strategies.Bounded]: every call may be in flight at once,
// so [strategies.Concurrency] reports n for it.
var _ strategies.Strategy = Strategy{}

// Strategy starts a goroutine per entry with no bound on how many run at
// once. It has no settings; the zero value is ready to use and safe for
// concurrent use.
type Strategy struct{}

// String returns "unbounded".
func (Strategy) String() string { return "unbounded" }

// Run starts task(ctx, i) for every i in [0, n), each on its own goroutine,
// and waits for all of them. If ctx ends while goroutines are being started
// it starts no more, waits for the started ones and returns
// context.Cause(ctx). A negative n returns an error wrapping
// [strategies.ErrConfig].
func (Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return fmt.Errorf("unbounded: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for i := range n {
		if ctx.Err() != nil {
			wg.Wait() // never return while a started call runs
			return context.Cause(ctx)
		}
		wg.Go(func() { _ = task(ctx, i) })
	}
	wg.Wait()
	return nil
}
