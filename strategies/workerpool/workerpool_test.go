package workerpool_test

import (
	"context"
	"testing"
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

// TestOneSlowCall shows what sets workerpool apart from batches: a slow call
// holds up only its own worker, and the other two run calls 1-5 in 600 ms
// beside it (batches would take 800 ms).
func TestOneSlowCall(t *testing.T) {
	s := workerpool.Strategy{Workers: 3}
	took := strategytest.ElapsedFunc(t, s, 6, func(i int) time.Duration {
		if i == 0 {
			return 600 * time.Millisecond
		}
		return 200 * time.Millisecond
	})
	assert.Equal(t, 600*time.Millisecond, took, "%v: Run(ctx, 6) took %v, want 600ms", s, took)
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
