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

const (
	// cancelAt is when the bubbled cancellation checks cancel: halfway
	// through the second round of 200 ms calls, when every goroutine is
	// durably blocked, so a strategy that checks ctx before each start
	// starts nothing after it.
	cancelAt = 300 * time.Millisecond
	// grace is how long after the cancel Run may take to return, and a
	// call to end once its ctx is done.
	grace = delay
	// hang is how long a call in testCancelReachesCalls waits when its ctx
	// is never done: far past grace, so such a call cannot pass for one
	// that ended on the cancel.
	hang = time.Hour
)

func testCancelledBefore(t *testing.T, cfg Config) {
	for _, n := range []int{1, 1000, nBig, nOdd} {
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
// under-concurrent strategy finishes instead of hanging. Calls started just
// after the cancel are a race here, not a fault: testCancelMidRun counts
// those.
func testCancelNoLeak(t *testing.T, cfg Config) {
	for _, n := range []int{1, 1000, nBig, nOdd} {
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
			r.checkPeak(t, s, n)
		})
	}
}

// testCancelMidRun cancels at cancelAt, while 200 ms calls are in flight:
// since the calls return on ctx.Done, Run returns at once, having started
// nothing after the cancel.
func testCancelMidRun(t *testing.T, cfg Config) {
	for _, n := range []int{7, 1000, nBig, nOdd} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				runCancelled(t, cfg.New(), n, func(ctx context.Context, _ int) error { return sleep(ctx, delay) })
			})
		})
	}
}

// testCancelReachesCalls cancels at cancelAt while every call waits on its
// ctx alone: each call's ctx must be done when Run's is. A strategy that
// hands its calls a ctx cut off from Run's (context.WithoutCancel) but
// checks Run's before each start passes testCancelMidRun, whose calls end
// on their own within grace of the cancel; here its calls run on for hang.
func testCancelReachesCalls(t *testing.T, cfg Config) {
	for _, n := range []int{7, 1000, nBig, nOdd} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				var deaf atomic.Int64
				runCancelled(t, cfg.New(), n, func(ctx context.Context, _ int) error {
					err := sleep(ctx, hang)
					if time.Since(start) > cancelAt+grace {
						deaf.Add(1)
					}
					return err
				})
				assert.Zero(t, deaf.Load(), "Run(ctx, %d): %d calls ran on more than %v after Run's ctx was cancelled, want 0: a call's ctx must be done when Run's is", n, deaf.Load(), grace)
			})
		})
	}
}

// runCancelled runs s on n entries, each call doing work, and cancels Run's
// ctx with errStop at cancelAt; it checks what holds for any run cancelled
// then: Run returns within grace of the cancel with the cause (or nil if
// every index was started), no index twice, nothing started after the
// cancel. It must be called inside a bubble.
func runCancelled(t *testing.T, s strategies.Strategy, n int, work func(ctx context.Context, i int) error) {
	t.Helper()
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	r := newRecorder(n, work)
	start := time.Now()
	stop := time.AfterFunc(cancelAt, func() { cancel(errStop) })
	defer stop.Stop()
	err := s.Run(r.mark(ctx), n, r.task)
	took := time.Since(start)
	r.checkReturned(t, n)
	r.checkCancelled(t, n, err)
	r.checkPeak(t, s, n)
	if took > cancelAt {
		assert.LessOrEqual(t, took-cancelAt, grace, "Run(ctx, %d) returned %v after the cancel, want at most %v", n, took-cancelAt, grace)
	}
	assert.Zero(t, r.late.Load(), "Run(ctx, %d) started %d calls after ctx was cancelled, want 0", n, r.late.Load())
}
