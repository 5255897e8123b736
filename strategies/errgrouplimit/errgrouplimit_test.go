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
	for _, limit := range []int{errgrouplimit.DefaultLimit, 3} {
		s := errgrouplimit.Strategy{Limit: limit}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

func TestElapsed(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		limit int
		call  func(i int) time.Duration // how long call i takes; nil means 200 ms for every call
		want  time.Duration
	}{
		{name: "empty", n: 0, limit: 3, want: 0},
		{name: "fewer entries than the limit", n: 2, limit: 3, want: 200 * time.Millisecond},
		{name: "remainder of one", n: 10, limit: 3, want: 800 * time.Millisecond},
		{name: "exact rounds", n: 9, limit: 3, want: 600 * time.Millisecond},
		{name: "seed 1000", n: 1000, limit: 250, want: 800 * time.Millisecond},
		{name: "seed 1000 plus one", n: 1001, limit: 250, want: time.Second},
		{name: "seed 20000", n: 20000, limit: 250, want: 16 * time.Second},
		// Calls 0 and 4 take 400 ms, the rest 100 ms: 4-6 start at 100 ms,
		// 7 at 200 ms, and call 4 ends last at 500 ms (batches: 800 ms).
		{name: "stragglers", n: 8, limit: 4, call: func(i int) time.Duration {
			if i%4 == 0 {
				return 400 * time.Millisecond
			}
			return 100 * time.Millisecond
		}, want: 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := errgrouplimit.Strategy{Limit: tt.limit}
				start := time.Now()
				err := s.Run(t.Context(), tt.n, func(_ context.Context, i int) error {
					d := 200 * time.Millisecond
					if tt.call != nil {
						d = tt.call(i)
					}
					time.Sleep(d)
					return errors.New("errgrouplimit_test: every call fails, and none stops the run")
				})
				took := time.Since(start)
				assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", tt.n, err)
				assert.Equal(t, tt.want, took, "%v: Run(ctx, %d) took %v, want %v", s, tt.n, took, tt.want)
			})
		})
	}
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
		s := errgrouplimit.Strategy{Limit: 2}
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
		limit int
		n     int
	}{
		{name: "zero limit", limit: 0, n: 10},
		{name: "negative limit", limit: -1, n: 10},
		{name: "negative n", limit: 3, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, errgrouplimit.Strategy{Limit: tt.limit}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, errgrouplimit.Strategy{Limit: errgrouplimit.DefaultLimit})
}
