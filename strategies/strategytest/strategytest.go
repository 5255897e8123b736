package strategytest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"batchlab/strategies"
)

// Config says which strategy [Run] checks and how strictly. New must be set.
type Config struct {
	// New returns the strategy under test, configured as it is to run. Run
	// calls it once per check, so no state carries over between checks.
	New func() strategies.Strategy

	// Inexact skips the checks that hold only for a strategy that follows
	// the ideal-time model exactly, keeping C = strategies.Concurrency(s, n)
	// calls in flight while work remains: that a run of 200 ms calls takes
	// exactly [strategies.Ideal] of virtual time (⌈n/C⌉ × 200 ms, or n/r
	// if that is longer for a [strategies.Paced] strategy) and that the
	// in-flight peak reaches C. Adaptive strategies, and paced ones with a
	// ramp, set it; the concurrency itself and the floor [strategies.Ideal]
	// are checked either way. A strategy that is not [strategies.Bounded]
	// is modelled as C = n, so it needs Inexact unless it really starts
	// every call at once. The zero value checks exactly, so a strategy's
	// own tests keep only the timings the model does not cover.
	Inexact bool
}

// delay is the simulated service time of one call: the seed's 200 ms.
const delay = 200 * time.Millisecond

var (
	// errStop is the cause the suite cancels with, so a strategy returning
	// ctx.Err() instead of context.Cause(ctx) is caught.
	errStop = fmt.Errorf("strategytest: cancelled by the test: %w", context.Canceled)
	// errTask is what the failing tasks return.
	errTask = errors.New("strategytest: task failed on purpose")
)

// Run checks the strategy cfg.New returns against the contract of
// [strategies.Strategy] in subtests of t: every index runs exactly once,
// failing calls stop nothing, the declared concurrency holds, cancellation
// is prompt and leaves no goroutine, the run takes the ideal model's time
// (measured with [Elapsed]), and invalid input is refused before any call.
func Run(t *testing.T, cfg Config) {
	t.Helper()
	require.NotNil(t, cfg.New, "strategytest.Config.New must be set")
	// Real-clock checks first: a leaked goroutine makes a synctest bubble
	// panic, which would end the test binary before goleak could say why.
	t.Run("ExactlyOnce", func(t *testing.T) { testExactlyOnce(t, cfg) })
	t.Run("FailingTasks", func(t *testing.T) { testFailingTasks(t, cfg) })
	t.Run("InvalidN", func(t *testing.T) { testInvalidN(t, cfg) })
	t.Run("CancelledBefore", func(t *testing.T) { testCancelledBefore(t, cfg) })
	t.Run("CancelNoLeak", func(t *testing.T) { testCancelNoLeak(t, cfg) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, cfg) })
	t.Run("Elapsed", func(t *testing.T) { testElapsed(t, cfg) })
	t.Run("CancelMidRun", func(t *testing.T) { testCancelMidRun(t, cfg) })
}

func testExactlyOnce(t *testing.T, cfg Config) {
	for _, n := range []int{0, 1, 7, 1000, 20000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			noLeak(t)
			r := newRecorder(n, nil)
			err := cfg.New().Run(r.mark(t.Context()), n, r.task)
			assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
			r.checkReturned(t, n)
			r.checkOnce(t, n)
		})
	}
}

func testFailingTasks(t *testing.T, cfg Config) {
	for _, n := range []int{7, 1000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			noLeak(t)
			r := newRecorder(n, func(_ context.Context, i int) error {
				if i%2 == 0 {
					return errTask
				}
				return nil
			})
			err := cfg.New().Run(r.mark(t.Context()), n, r.task)
			assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>: failed calls must not fail the run", n, err)
			r.checkReturned(t, n)
			r.checkOnce(t, n)
		})
	}
}

func testInvalidN(t *testing.T, cfg Config) {
	const n = -1
	r := newRecorder(0, nil)
	err := cfg.New().Run(r.mark(t.Context()), n, r.task)
	assert.ErrorIs(t, err, strategies.ErrConfig, "Run(ctx, %d) = %v, want an error wrapping strategies.ErrConfig", n, err)
	assert.Zero(t, r.total(), "Run(ctx, %d) made %d calls, want 0", n, r.total())
}

func testConcurrency(t *testing.T, cfg Config) {
	for _, n := range []int{1, 7, 1000, 1001} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := cfg.New()
				c := strategies.Concurrency(s, n)
				require.True(t, 1 <= c && c <= n, "Concurrency(%d) = %d, want it in [1, %d]", n, c, n)
				// Uneven call times put workers out of step, where an
				// off-by-one in handing back a slot would show.
				r := newRecorder(n, func(ctx context.Context, i int) error {
					return sleep(ctx, time.Duration(1+i%4)*time.Millisecond)
				})
				err := s.Run(r.mark(t.Context()), n, r.task)
				assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
				r.checkReturned(t, n)
				r.checkOnce(t, n)
				peak := int(r.peak.Load())
				assert.LessOrEqual(t, peak, c, "Run(ctx, %d) had %d calls in flight, want at most Concurrency(%d) = %d", n, peak, n, c)
				if !cfg.Inexact {
					assert.Equal(t, c, peak, "Run(ctx, %d) peaked at %d calls in flight, want Concurrency(%d) = %d as the time model assumes", n, peak, n, c)
				}
			})
		})
	}
}

func testElapsed(t *testing.T, cfg Config) {
	for _, n := range []int{0, 1, 7, 1000, 1001, 20000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			s := cfg.New()
			if c := strategies.Concurrency(s, n); n > 0 {
				require.True(t, 1 <= c && c <= n, "Concurrency(%d) = %d, want it in [1, %d]", n, c, n)
			}
			want := strategies.Ideal(s, n, delay)
			took := Elapsed(t, s, n, delay)
			if cfg.Inexact {
				assert.GreaterOrEqual(t, took, want, "Run(ctx, %d) took %v, want at least %s = %v", n, took, model(s, n, delay), want)
			} else {
				assert.Equal(t, want, took, "Run(ctx, %d) took %v, want %s = %v", n, took, model(s, n, delay), want)
			}
		})
	}
}

// sleep waits d or until ctx is done, like the mock service's handler.
func sleep(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// noLeak fails t if a goroutine started during t outlives it. Not for use
// inside a synctest bubble, which makes its own, stricter check.
func noLeak(t *testing.T) {
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}
