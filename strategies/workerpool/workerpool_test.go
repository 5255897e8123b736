package workerpool_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/strategytest"
	"batchlab/strategies/workerpool"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{workerpool.DefaultWorkers, 3} {
		s := workerpool.Strategy{Workers: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

func TestElapsed(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		workers int
		first   time.Duration // how long call 0 takes; zero means 200 ms like the rest
		want    time.Duration
	}{
		{name: "empty", n: 0, workers: 3, want: 0},
		{name: "fewer entries than workers", n: 2, workers: 3, want: 200 * time.Millisecond},
		{name: "remainder of one", n: 10, workers: 3, want: 800 * time.Millisecond},
		{name: "exact rounds", n: 9, workers: 3, want: 600 * time.Millisecond},
		{name: "seed 1000", n: 1000, workers: 250, want: 800 * time.Millisecond},
		{name: "seed 1000 plus one", n: 1001, workers: 250, want: time.Second},
		{name: "seed 20000", n: 20000, workers: 250, want: 16 * time.Second},
		// A slow call holds up only its own worker: the other two run
		// calls 1-5 in 600 ms beside it (batches would take 800 ms).
		{name: "one slow call", n: 6, workers: 3, first: 600 * time.Millisecond, want: 600 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := workerpool.Strategy{Workers: tt.workers}
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
		name    string
		workers int
		n       int
	}{
		{name: "zero workers", workers: 0, n: 10},
		{name: "negative workers", workers: -1, n: 10},
		{name: "negative n", workers: 3, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, workerpool.Strategy{Workers: tt.workers}, tt.n)
		})
	}
}

// TestAllocsFlat checks the pool's promise: memory grows with the number of
// workers, not with n.
func TestAllocsFlat(t *testing.T) {
	s := workerpool.Strategy{Workers: workerpool.DefaultWorkers}
	task := func(context.Context, int) error { return nil }
	allocs := func(n int) float64 {
		return testing.AllocsPerRun(20, func() { _ = s.Run(context.Background(), n, task) })
	}
	small, large := allocs(1000), allocs(20000)
	t.Logf("allocs per Run: n=1000 %.0f, n=20000 %.0f", small, large)
	assert.LessOrEqual(t, large, small*1.05+2, "allocs per Run at n=20000 = %.0f, want about the same as at n=1000 (%.0f)", large, small)
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, workerpool.Strategy{Workers: workerpool.DefaultWorkers})
}
