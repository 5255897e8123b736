package batches_test

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
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

func TestElapsed(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		size  int
		first time.Duration // how long call 0 takes; zero means 200 ms like the rest
		want  time.Duration
	}{
		{name: "empty", n: 0, size: 3, want: 0},
		{name: "fewer entries than batch size", n: 2, size: 3, want: 200 * time.Millisecond},
		{name: "remainder of one", n: 10, size: 3, want: 800 * time.Millisecond},
		{name: "exact rounds", n: 9, size: 3, want: 600 * time.Millisecond},
		{name: "seed 1000", n: 1000, size: 250, want: 800 * time.Millisecond},
		{name: "seed 1000 plus one", n: 1001, size: 250, want: time.Second},
		{name: "seed 20000", n: 20000, size: 250, want: 16 * time.Second},
		// A slow call holds up its whole batch: calls 1 and 2 finish at
		// 200 ms, but batch 2 waits for call 0 until 600 ms, then takes
		// 200 ms more (a worker pool would take 600 ms).
		{name: "one slow call", n: 6, size: 3, first: 600 * time.Millisecond, want: 800 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := batches.Strategy{Size: tt.size}
				start := time.Now()
				err := s.Run(t.Context(), tt.n, func(_ context.Context, i int) error {
					if i == 0 && tt.first > 0 {
						time.Sleep(tt.first)
						return nil
					}
					time.Sleep(200 * time.Millisecond)
					return nil
				})
				assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", tt.n, err)
				assert.Equal(t, tt.want, time.Since(start), "%v: Run(ctx, %d) took %v, want %v", s, tt.n, time.Since(start), tt.want)
			})
		})
	}
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
