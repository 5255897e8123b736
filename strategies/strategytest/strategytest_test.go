package strategytest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/strategies"
	"batchlab/strategies/strategytest"
)

// envBroken names the strategy TestHelperBroken checks when this test binary
// runs itself as a child process.
const envBroken = "BATCHLAB_STRATEGYTEST_BROKEN"

// TestRejectsBroken proves the suite fails strategies that break the
// contract. strategytest.Run needs a real *testing.T whose failure would fail
// this test too, so each case runs the suite in a child process (this test
// binary, running only TestHelperBroken, and only the check that shows the
// fault, which keeps the test fast) and expects it to fail for the right
// reason. The "correct" case is the control: the same child setup
// passes with a strategy that keeps the contract.
func TestRejectsBroken(t *testing.T) {
	tests := []struct {
		name   string
		broken string // a key of brokenStrategy
		run    string // the child's subtests to run, one name per level ("Elapsed/n=7"); empty means all
		want   string // in the child's output
	}{
		{name: "control passes", broken: "correct", want: "PASS"},
		{name: "drops the remainder", broken: "dropRemainder", run: "ExactlyOnce", want: "index 4 ran 0 times, want 1"},
		{name: "runs an index twice", broken: "twice", run: "ExactlyOnce", want: "index 0 ran 2 times, want 1"},
		{name: "exceeds its limit", broken: "overLimit", run: "Concurrency", want: "calls in flight, want at most Concurrency"},
		{name: "leaks a goroutine", broken: "leak", run: "CancelNoLeak/n=1000", want: "found unexpected goroutines"},
		{name: "leaks a goroutine in a bubble", broken: "leak", run: "Concurrency", want: "blocked goroutines remain"},
		{name: "ignores cancellation", broken: "ignoreCancel", run: "CancelMidRun", want: "calls after ctx was cancelled, want 0"},
		{name: "runs with ctx already cancelled", broken: "ignoreCancel", run: "CancelledBefore", want: "calls with ctx already cancelled, want 0"},
		{name: "returns before its calls", broken: "noWait", run: "Concurrency", want: "calls still running, want 0"},
		{name: "slow to return after cancel", broken: "slowCancel", run: "CancelMidRun", want: "after the cancel, want at most"},
		{name: "swallows the cancel", broken: "swallowCancel", run: "CancelMidRun", want: "want an error wrapping context.Canceled"},
		{name: "returns ctx.Err not the cause", broken: "errNotCause", run: "CancelMidRun", want: "want context.Cause(ctx)"},
		{name: "fails the run on a failed call", broken: "stopOnError", run: "FailingTasks", want: "failed calls must not fail the run"},
		{name: "accepts a negative n", broken: "negativeN", run: "InvalidN", want: "want an error wrapping strategies.ErrConfig"},
		{name: "takes longer than the model", broken: "slowStart", run: "Elapsed", want: "took 401ms, want ⌈7/4⌉ × 200ms = 400ms"},
		{name: "starts faster than its pace", broken: "fastPace", run: "Elapsed", want: "took 400ms, want max(⌈7/4⌉ × 200ms, 7 / 10 per s) = 700ms"},
		{name: "inexact: starts faster than its pace", broken: "inexact-fastPace", run: "Elapsed", want: "took 400ms, want at least max(⌈7/4⌉ × 200ms, 7 / 10 per s) = 700ms"},
		// Faults past the n ≤ 1,001 the suite once tried, or only when calls
		// fail, each run where it shows. A pool of 251 or 253 declaring 250
		// takes ⌈20000/250⌉ rounds all the same, so only the limit shows it.
		{name: "exceeds its limit by 1 from n = 2,000", broken: "overBy1", run: "Concurrency/n=20000", want: "Run(ctx, 20000) had 251 calls in flight, want at most Concurrency(20000) = 250"},
		{name: "exceeds its limit by 3 from n = 2,000, timed", broken: "overBy3", run: "Elapsed/n=20000", want: "Run(ctx, 20000) had 253 calls in flight, want at most Concurrency(20000) = 250"},
		{name: "exceeds its limit when calls fail", broken: "doubleRelease", run: "Concurrency/n=1000", want: "calls in flight, want at most Concurrency(1000) = 4"},
		{name: "drops the remainder from n = 2,000", broken: "dropRemainderBig", run: "ExactlyOnce/n=20011", want: "index 20000 ran 0 times, want 1"},
		{name: "drops an index from n = 2,000", broken: "dropLastBig", run: "ExactlyOnce/n=20000", want: "index 19999 ran 0 times, want 1"},
		{name: "runs an index twice from n = 2,000", broken: "twiceBig", run: "ExactlyOnce/n=20000", want: "index 0 ran 2 times, want 1"},
		{name: "ignores cancellation above n = 1,000", broken: "ignoreCancelBig", run: "CancelledBefore/n=20000", want: "Run(ctx, 20000) made 20000 calls with ctx already cancelled, want 0"},
		{name: "starts calls after a cancel above n = 1,000", broken: "lateStartsBig", run: "CancelMidRun/n=20011", want: "Run(ctx, 20011) started 20003 calls after ctx was cancelled, want 0"},
		{name: "swallows the cancel above n = 1,000", broken: "swallowCancelBig", run: "CancelMidRun/n=20000", want: "Run(ctx, 20000) = <nil>, want an error wrapping context.Canceled"},
		{name: "hands its calls a ctx never cancelled", broken: "detach", run: "CancelReachesCalls/n=7", want: "Run(ctx, 7): 4 calls ran on more than 200ms after Run's ctx was cancelled, want 0"},
		{name: "hands its calls a ctx never cancelled above n = 1,000", broken: "detachBig", run: "CancelReachesCalls/n=20011", want: "Run(ctx, 20011): 4 calls ran on more than 200ms after Run's ctx was cancelled, want 0"},
		{name: "gives up once 80 % of calls failed", broken: "giveUp80", run: "FailingTasks/n=1000/fail=90%", want: "ran 0 times, want 1"},
		{name: "gives up once 95 % of calls failed", broken: "giveUp95", run: "FailingTasks/n=1000/fail=all", want: "ran 0 times, want 1"},
		{name: "fails the run on a failed call above n = 1,000", broken: "failRunBig", run: "FailingTasks/n=20000/fail=90%", want: "Run(ctx, 20000) = pool: some calls failed, want <nil>: failed calls must not fail the run"},
		// RejectsConfig, on n = -1:
		{name: "RejectsConfig: runs with a negative n", broken: "rejects-negativeN", want: "want an error wrapping strategies.ErrConfig"},
		{name: "RejectsConfig: error without the package name", broken: "rejects-correct", want: `should start with the package name "strategytest_test"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := "^TestHelperBroken$"
			if tt.run != "" {
				for _, name := range strings.Split(tt.run, "/") {
					run += "/^" + name + "$"
				}
			}
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run="+run, "-test.v", "-test.timeout=2m")
			cmd.Env = append(os.Environ(), envBroken+"="+tt.broken)
			out, err := cmd.CombinedOutput()
			if tt.broken == "correct" {
				require.NoError(t, err, "the suite should pass a correct strategy; output:\n%s", out)
			} else {
				var exit *exec.ExitError
				require.ErrorAs(t, err, &exit, "the suite should fail %s, but the child exited cleanly; output:\n%s", tt.broken, out)
				assert.NotZero(t, exit.ExitCode(), "child exit code for %s", tt.broken)
			}
			assert.Contains(t, string(out), tt.want, "child output for %s should say %q", tt.broken, tt.want)
		})
	}
}

// TestHelperBroken runs the suite on the strategy named by envBroken; it is
// a child process of TestRejectsBroken and does nothing on its own.
func TestHelperBroken(t *testing.T) {
	name := os.Getenv(envBroken)
	if name == "" {
		return
	}
	if base, ok := strings.CutPrefix(name, "rejects-"); ok {
		newFn := brokenStrategy(base)
		require.NotNil(t, newFn, "unknown broken strategy %q", base)
		strategytest.RejectsConfig(t, newFn(), -1)
		return
	}
	base, inexact := strings.CutPrefix(name, "inexact-")
	newFn := brokenStrategy(base)
	require.NotNil(t, newFn, "unknown broken strategy %q", base)
	strategytest.Run(t, strategytest.Config{New: newFn, Inexact: inexact})
}

func brokenStrategy(name string) func() strategies.Strategy {
	switch name {
	case "correct":
		return func() strategies.Strategy { return pool{workers: 4} }
	case "dropRemainder":
		return func() strategies.Strategy { return dropRemainder{size: 4} }
	case "twice":
		return func() strategies.Strategy { return twice{} }
	case "overLimit":
		return func() strategies.Strategy { return overLimit{} }
	case "leak":
		return func() strategies.Strategy { return leak{} }
	case "ignoreCancel":
		return func() strategies.Strategy { return pool{workers: 4, ignoreCtx: true} }
	case "noWait":
		return func() strategies.Strategy { return noWait{} }
	case "slowCancel":
		return func() strategies.Strategy { return pool{workers: 4, afterCancel: time.Second} }
	case "swallowCancel":
		return func() strategies.Strategy {
			return pool{workers: 4, result: func(context.Context) error { return nil }}
		}
	case "errNotCause":
		return func() strategies.Strategy { return pool{workers: 4, result: context.Context.Err} }
	case "stopOnError":
		return func() strategies.Strategy { return stopOnError{} }
	case "negativeN":
		return func() strategies.Strategy { return pool{workers: 4, allowNegative: true} }
	case "slowStart":
		return func() strategies.Strategy { return pool{workers: 4, warmUp: time.Millisecond} }
	case "fastPace":
		return func() strategies.Strategy { return fastPace{pool{workers: 4}} }
	// Faults from n = 2,000, or above 1,000, only.
	case "overBy1":
		return func() strategies.Strategy { return pool{workers: 250, extra: 1, from: 2000} }
	case "overBy3":
		return func() strategies.Strategy { return pool{workers: 250, extra: 3, from: 2000} }
	case "dropRemainderBig":
		return func() strategies.Strategy { return dropRemainder{size: 250, from: 2000} }
	case "dropLastBig":
		return func() strategies.Strategy { return pool{workers: 4, dropLast: true, from: 2000} }
	case "twiceBig":
		return func() strategies.Strategy { return pool{workers: 4, again: true, from: 2000} }
	case "ignoreCancelBig":
		return func() strategies.Strategy { return pool{workers: 4, ignoreCtx: true, from: 1001} }
	case "lateStartsBig":
		return func() strategies.Strategy { return pool{workers: 4, lateStarts: true, from: 1001} }
	case "swallowCancelBig":
		return func() strategies.Strategy {
			return pool{workers: 4, from: 1001, result: func(context.Context) error { return nil }}
		}
	case "detach":
		return func() strategies.Strategy { return pool{workers: 4, detach: true} }
	case "detachBig":
		return func() strategies.Strategy { return pool{workers: 4, detach: true, from: 1001} }
	case "failRunBig":
		return func() strategies.Strategy { return pool{workers: 4, failRun: true, from: 1001} }
	// Faults that only failing calls show.
	case "giveUp80":
		return func() strategies.Strategy { return pool{workers: 4, giveUpAt: 0.8} }
	case "giveUp95":
		return func() strategies.Strategy { return pool{workers: 4, giveUpAt: 0.95} }
	case "doubleRelease":
		return func() strategies.Strategy { return doubleRelease{} }
	}
	return nil
}
