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
// binary, running only TestHelperBroken) and expects it to fail for the
// right reason. The "correct" case is the control: the same child setup
// passes with a strategy that keeps the contract.
func TestRejectsBroken(t *testing.T) {
	tests := []struct {
		name   string
		broken string // a key of brokenStrategy
		run    string // the child's subtests to run, as for -run; empty means all
		want   string // in the child's output
	}{
		{name: "control passes", broken: "correct", want: "PASS"},
		{name: "drops the remainder", broken: "dropRemainder", want: "index 4 ran 0 times, want 1"},
		{name: "runs an index twice", broken: "twice", want: "index 0 ran 2 times, want 1"},
		{name: "exceeds its limit", broken: "overLimit", want: "calls in flight, want at most Concurrency"},
		{name: "leaks a goroutine", broken: "leak", run: "CancelNoLeak", want: "found unexpected goroutines"},
		{name: "leaks a goroutine in a bubble", broken: "leak", run: "Concurrency", want: "blocked goroutines remain"},
		{name: "ignores cancellation", broken: "ignoreCancel", want: "calls after ctx was cancelled, want 0"},
		{name: "runs with ctx already cancelled", broken: "ignoreCancel", want: "calls with ctx already cancelled, want 0"},
		{name: "returns before its calls", broken: "noWait", want: "calls still running, want 0"},
		{name: "slow to return after cancel", broken: "slowCancel", run: "CancelMidRun", want: "after the cancel, want at most"},
		{name: "swallows the cancel", broken: "swallowCancel", want: "want an error wrapping context.Canceled"},
		{name: "returns ctx.Err not the cause", broken: "errNotCause", want: "want context.Cause(ctx)"},
		{name: "fails the run on a failed call", broken: "stopOnError", want: "failed calls must not fail the run"},
		{name: "accepts a negative n", broken: "negativeN", want: "want an error wrapping strategies.ErrConfig"},
		{name: "takes longer than the model", broken: "slowStart", want: "took 401ms, want ⌈7/4⌉ × 200ms = 400ms"},
		{name: "starts faster than its pace", broken: "fastPace", run: "Elapsed", want: "took 400ms, want max(⌈7/4⌉ × 200ms, 7 / 10 per s) = 700ms"},
		{name: "inexact: starts faster than its pace", broken: "inexact-fastPace", run: "Elapsed", want: "took 400ms, want at least max(⌈7/4⌉ × 200ms, 7 / 10 per s) = 700ms"},
		// RejectsConfig, on n = -1:
		{name: "RejectsConfig: runs with a negative n", broken: "rejects-negativeN", want: "want an error wrapping strategies.ErrConfig"},
		{name: "RejectsConfig: error without the package name", broken: "rejects-correct", want: `should start with the package name "strategytest_test"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := "^TestHelperBroken$"
			if tt.run != "" {
				run += "/^" + tt.run + "$"
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
	}
	return nil
}
