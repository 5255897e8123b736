package errgrouplimit_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/errgrouplimit"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{errgrouplimit.DefaultWidth, 3} {
		s := errgrouplimit.Strategy{Width: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// TestStragglers checks that a slot is reused as soon as its call returns:
// calls 0 and 4 take 400 ms, the rest 100 ms; 4-6 start at 100 ms, 7 at
// 200 ms, and call 4 ends last at 500 ms (batches: 800 ms).
func TestStragglers(t *testing.T) {
	s := errgrouplimit.Strategy{Width: 4}
	took := strategytest.ElapsedFunc(t, s, 8, func(i int) time.Duration {
		if i%4 == 0 {
			return 400 * time.Millisecond
		}
		return 100 * time.Millisecond
	})
	assert.Equal(t, 500*time.Millisecond, took, "%v: Run(ctx, 8) took %v, want 500ms", s, took)
}

// TestCancelIgnoredByCalls shows the cost of Group.Go not watching ctx: with
// calls that ignore ctx, Run learns of a cancel at 300 ms only when the
// calls started at 200 ms return, at 400 ms, and starts nothing after it.
func TestCancelIgnoredByCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 10
		stop := errors.New("errgrouplimit_test: stop")
		ctx, cancel := context.WithCancelCause(t.Context())
		defer cancel(nil)
		time.AfterFunc(300*time.Millisecond, func() { cancel(stop) })
		var calls atomic.Int64
		s := errgrouplimit.Strategy{Width: 2}
		start := time.Now()
		err := s.Run(ctx, n, func(context.Context, int) error {
			calls.Add(1)
			time.Sleep(200 * time.Millisecond) // ignores ctx
			return nil
		})
		took := time.Since(start)
		assert.ErrorIs(t, err, stop, "Run(ctx, %d) = %v, want context.Cause(ctx) = %v", n, err, stop)
		assert.Equal(t, 400*time.Millisecond, took, "Run(ctx, %d) took %v, want 400ms: it waits for the calls running at the cancel", n, took)
		assert.Equal(t, int64(4), calls.Load(), "Run(ctx, %d) made %d calls, want 4: two rounds of 2 before the cancel, none after", n, calls.Load())
	})
}

func TestConfigError(t *testing.T) {
	tests := []struct {
		name  string
		width int
		n     int
	}{
		{name: "zero width", width: 0, n: 10},
		{name: "negative width", width: -1, n: 10},
		{name: "negative n", width: 3, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, errgrouplimit.Strategy{Width: tt.width}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, errgrouplimit.Strategy{Width: errgrouplimit.DefaultWidth})
}
