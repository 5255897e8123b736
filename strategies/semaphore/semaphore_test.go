package semaphore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/semaphore"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{semaphore.DefaultWeight, 3} {
		s := semaphore.Strategy{Weight: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// TestOneSlowCall shows what sets semaphore apart from batches: a slow call
// holds up only its own unit, and the other two run calls 1-5 in 600 ms
// beside it (batches would take 800 ms).
func TestOneSlowCall(t *testing.T) {
	s := semaphore.Strategy{Weight: 3}
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
		name   string
		weight int
		n      int
	}{
		{name: "zero weight", weight: 0, n: 10},
		{name: "negative weight", weight: -1, n: 10},
		{name: "negative n", weight: 3, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, semaphore.Strategy{Weight: tt.weight}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, semaphore.Strategy{Weight: semaphore.DefaultWeight})
}
