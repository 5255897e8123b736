package strategytest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/strategies"
)

func testCancelledBefore(t *testing.T, cfg Config) {
	for _, n := range []int{1, 1000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			noLeak(t)
			ctx, cancel := context.WithCancelCause(t.Context())
			cancel(errStop)
			r := newRecorder(n, nil)
			err := cfg.New().Run(r.mark(ctx), n, r.task)
			assert.ErrorIs(t, err, context.Canceled, "Run(ctx, %d) = %v, want an error wrapping context.Canceled", n, err)
			assert.ErrorIs(t, err, errStop, "Run(ctx, %d) = %v, want context.Cause(ctx) = %v", n, err, errStop)
			assert.Zero(t, r.total(), "Run(ctx, %d) made %d calls with ctx already cancelled, want 0", n, r.total())
		})
	}
}

// testCancelNoLeak cancels from inside a call while many are in flight, on
// the real clock so goleak can look for goroutines left behind. It depends
// on no timing: the calls block until the cancel, with a long fallback so an
// under-concurrent strategy finishes instead of hanging.
func testCancelNoLeak(t *testing.T, cfg Config) {
	for _, n := range []int{1, 1000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			noLeak(t)
			s := cfg.New()
			trigger := int64(max(1, min(strategies.Concurrency(s, n), n)/2))
			if cfg.Inexact {
				trigger = 1
			}
			ctx, cancel := context.WithCancelCause(t.Context())
			defer cancel(nil)
			var entered atomic.Int64
			r := newRecorder(n, func(ctx context.Context, _ int) error {
				if entered.Add(1) == trigger {
					cancel(errStop)
				}
				return sleep(ctx, time.Second)
			})
			done := make(chan error, 1)
			go func() { done <- s.Run(r.mark(ctx), n, r.task) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				require.FailNow(t, "Run ignores cancellation", "Run(ctx, %d) did not return within 30s", n)
			}
			r.checkReturned(t, n)
			r.checkCancelled(t, n, err)
		})
	}
}

// testCancelMidRun cancels at 300 ms of virtual time, halfway through the
// second round of 200 ms calls, when every goroutine is durably blocked. A
// strategy that checks ctx before each start therefore starts nothing after
// the cancel, and since the calls return on ctx.Done, Run returns at once.
func testCancelMidRun(t *testing.T, cfg Config) {
	const (
		cancelAt = 300 * time.Millisecond
		grace    = delay
	)
	for _, n := range []int{7, 1000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancelCause(t.Context())
				defer cancel(nil)
				r := newRecorder(n, func(ctx context.Context, _ int) error { return sleep(ctx, delay) })
				start := time.Now()
				stop := time.AfterFunc(cancelAt, func() { cancel(errStop) })
				defer stop.Stop()
				err := cfg.New().Run(r.mark(ctx), n, r.task)
				took := time.Since(start)
				r.checkReturned(t, n)
				r.checkCancelled(t, n, err)
				if took > cancelAt {
					assert.LessOrEqual(t, took-cancelAt, grace, "Run(ctx, %d) returned %v after the cancel, want at most %v", n, took-cancelAt, grace)
				}
				assert.Zero(t, r.late.Load(), "Run(ctx, %d) started %d calls after ctx was cancelled, want 0", n, r.late.Load())
			})
		})
	}
}
