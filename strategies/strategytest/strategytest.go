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

const (
	// nBig is the seed's largest run. A strategy can break the contract
	// only past some n (a limit of 250 exceeded by one from n = 2,000), so
	// every check that depends on n runs here too.
	nBig = 20000
	// nOdd is a prime near nBig: a multiple of no width, so every bounded
	// strategy ends on a partial round, where a remainder gets dropped or
	// run beside the round before it.
	nOdd = 20011
)

var (
	// errStop is the cause the suite cancels with, so a strategy returning
	// ctx.Err() instead of context.Cause(ctx) is caught.
	errStop = fmt.Errorf("strategytest: cancelled by the test: %w", context.Canceled)
	// errTask is what the failing tasks return.
	errTask = errors.New("strategytest: task failed on purpose")
)

// failures are the patterns of failing calls testFailingTasks runs: half,
// so a strategy must not stop at the first failure; most and all, so it
// must not give up once failures dominate.
var failures = []struct {
	name string
	fail func(i int) bool
}{
	{"half", func(i int) bool { return i%2 == 0 }},
	{"90%", func(i int) bool { return i%10 != 9 }},
	{"all", func(int) bool { return true }},
}

// Run checks the strategy cfg.New returns against the contract of
// [strategies.Strategy] in subtests of t: every index runs exactly once,
// failing calls (half, 90 % or all of them) stop nothing, the declared
// concurrency holds in every run, cancellation is prompt, reaches the
// calls' ctx and leaves no goroutine, the run takes the ideal model's time
// (measured with [Elapsed]), and invalid input is refused before any call.
// Each check that depends on n runs at n = 20,000 and at a prime n above
// it too.
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
	t.Run("CancelReachesCalls", func(t *testing.T) { testCancelReachesCalls(t, cfg) })
}

func testExactlyOnce(t *testing.T, cfg Config) {
	for _, n := range []int{0, 1, 7, 1000, nBig, nOdd} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			noLeak(t)
			s := cfg.New()
			r := newRecorder(n, nil)
			err := s.Run(r.mark(t.Context()), n, r.task)
			assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
			r.checkReturned(t, n)
			r.checkOnce(t, n)
			r.checkPeak(t, s, n)
		})
	}
}

func testFailingTasks(t *testing.T, cfg Config) {
	for _, n := range []int{7, 1000, nBig, nOdd} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			for _, f := range failures {
				t.Run("fail="+f.name, func(t *testing.T) {
					noLeak(t)
					s := cfg.New()
					r := newRecorder(n, func(_ context.Context, i int) error {
						if f.fail(i) {
							return errTask
						}
						return nil
					})
					err := s.Run(r.mark(t.Context()), n, r.task)
					assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>: failed calls must not fail the run", n, err)
					r.checkReturned(t, n)
					r.checkOnce(t, n)
					r.checkPeak(t, s, n)
				})
			}
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
	for _, n := range []int{1, 7, 1000, 1001, nBig, nOdd} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := cfg.New()
				c := strategies.Concurrency(s, n)
				require.True(t, 1 <= c && c <= n, "Concurrency(%d) = %d, want it in [1, %d]", n, c, n)
				// Uneven call times put workers out of step, where an
				// off-by-one in handing back a slot would show; every
				// third call fails, where a slot handed back twice would.
				r := newRecorder(n, func(ctx context.Context, i int) error {
					if err := sleep(ctx, time.Duration(1+i%4)*time.Millisecond); err != nil || i%3 != 0 {
						return err
					}
					return errTask
				})
				err := s.Run(r.mark(t.Context()), n, r.task)
				assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
				r.checkReturned(t, n)
				r.checkOnce(t, n)
				r.checkPeak(t, s, n)
				if peak := int(r.peak.Load()); !cfg.Inexact {
					assert.Equal(t, c, peak, "Run(ctx, %d) peaked at %d calls in flight, want Concurrency(%d) = %d as the time model assumes", n, peak, n, c)
				}
			})
		})
	}
}

func testElapsed(t *testing.T, cfg Config) {
	for _, n := range []int{0, 1, 7, 1000, 1001, nBig, nOdd} {
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
