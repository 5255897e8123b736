package batches_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/batches"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{batches.DefaultSize, 3} {
		s := batches.Strategy{Size: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// TestOneSlowCall shows the batches' weakness: a slow call holds up its
// whole batch. Calls 1 and 2 finish at 200 ms, but batch 2 waits for call 0
// until 600 ms, then takes 200 ms more (a worker pool takes 600 ms).
func TestOneSlowCall(t *testing.T) {
	s := batches.Strategy{Size: 3}
	took := strategytest.ElapsedFunc(t, s, 6, func(i int) time.Duration {
		if i == 0 {
			return 600 * time.Millisecond
		}
		return 200 * time.Millisecond
	})
	assert.Equal(t, 800*time.Millisecond, took, "%v: Run(ctx, 6) took %v, want 800ms", s, took)
}

func TestConfigError(t *testing.T) {
	tests := []struct {
		name string
		size int
		n    int
	}{
		{name: "zero size", size: 0, n: 10},
		{name: "negative size", size: -1, n: 10},
		{name: "negative n", size: 3, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, batches.Strategy{Size: tt.size}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, batches.Strategy{Size: batches.DefaultSize})
}

// TestRemainder guards against the classic batching bug of dropping the
// last n % Size entries.
func TestRemainder(t *testing.T) {
	tests := []struct {
		name string
		n    int
		size int
	}{
		{name: "one over", n: 1001, size: 250},
		{name: "one short", n: 999, size: 250},
		{name: "less than a batch", n: 7, size: 250},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := make([]atomic.Int32, tt.n)
			s := batches.Strategy{Size: tt.size}
			err := s.Run(t.Context(), tt.n, func(_ context.Context, i int) error {
				seen[i].Add(1)
				return nil
			})
			assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", tt.n, err)
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					assert.Failf(t, "index not run exactly once", "%v: Run(ctx, %d): index %d ran %d times, want 1", s, tt.n, i, got)
					break
				}
			}
		})
	}
}
