package failsafebulkhead

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/bulkhead"

	"batchlab/strategies"
)

// DefaultWidth matches the seed's 250 concurrent calls.
const DefaultWidth = 250

// maxWait is how long a call waits for a permit: for ever, in effect (292
// years). failsafe-go's default of 0 rejects a call at once with
// bulkhead.ErrFull when no permit is free; Run retries one anyway, so no
// entry is lost if the timer ever fires.
const maxWait = time.Duration(math.MaxInt64)

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy runs each call through a failsafe-go bulkhead of Width permits.
// The zero value is invalid (Run returns an error wrapping
// [strategies.ErrConfig]); use Strategy{Width: DefaultWidth}. It is safe for
// concurrent use: each Run has its own bulkhead.
type Strategy struct {
	// Width is the bulkhead's number of permits, and so the most calls in
	// flight; it must be at least 1 (a bulkhead of 0 admits nothing).
	Width int
}

// String returns "failsafe-bulkhead(Width)", such as
// "failsafe-bulkhead(250)", the name the catalog lists it under.
func (s Strategy) String() string { return "failsafe-bulkhead(" + strconv.Itoa(s.Width) + ")" }

// Concurrency returns min(n, Width).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Width)) }

// Run starts a goroutine per entry, at most 2 × Width at once, each running
// task(ctx, i) through failsafe.With(bulkhead).WithContext(ctx), and waits
// for them. The bulkhead admits Width calls; the rest of the goroutines
// wait in it for a permit. Once ctx is done Run starts no more goroutines,
// a goroutine waiting in the bulkhead gives up without calling, and Run
// returns context.Cause(ctx) if any index was not called. Width < 1 or n < 0
// returns an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Width < 1 {
		return fmt.Errorf("failsafebulkhead: Width must be > 0, got %d: %w", s.Width, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("failsafebulkhead: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	bh := bulkhead.NewBuilder[any](uint(s.Width)).WithMaxWaitTime(maxWait).Build()
	exec := failsafe.With[any](bh).WithContext(ctx) // concurrency safe
	// gate bounds the goroutines to twice the bulkhead's width, so memory
	// grows with Width, not n, while Width of them wait in the bulkhead and
	// it, not gate, is what holds calls back.
	gate := make(chan struct{}, 2*s.Width)
	var started atomic.Int64
	var wg sync.WaitGroup
	call := func(i int) {
		defer func() { <-gate }()
		for {
			called := false
			err := exec.Run(func() error {
				// The bulkhead's first try picks at random between a free
				// permit and a done ctx, so check ctx before calling.
				if ctx.Err() != nil {
					return nil
				}
				called = true
				started.Add(1)
				_ = task(ctx, i) // a failed call never stops the run
				return nil
			})
			// Retry only a rejection: a call's error never reaches exec,
			// and a ctx done is the end of this entry.
			if called || !errors.Is(err, bulkhead.ErrFull) || ctx.Err() != nil {
				return
			}
		}
	}
	for i := range n {
		select {
		case gate <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil { // select picks at random when both are ready
			break // a slot taken here dies with gate
		}
		wg.Go(func() { call(i) })
	}
	wg.Wait()
	if started.Load() < int64(n) {
		return context.Cause(ctx)
	}
	return nil
}
