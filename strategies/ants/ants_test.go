package ants_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/ants"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{ants.DefaultWorkers, 3} {
		s := ants.Strategy{Workers: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// TestOneSlowCall: as any pool, a slow call holds up only its own worker.
func TestOneSlowCall(t *testing.T) {
	took := strategytest.ElapsedFunc(t, ants.Strategy{Workers: 3}, 6, func(i int) time.Duration {
		if i == 0 {
			return 600 * time.Millisecond
		}
		return 200 * time.Millisecond
	})
	assert.Equal(t, 600*time.Millisecond, took)
}

func TestConfigError(t *testing.T) {
	for _, tt := range []struct {
		name       string
		workers, n int
	}{
		{"zero workers", 0, 10}, {"negative workers", -1, 10}, {"negative n", 3, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, ants.Strategy{Workers: tt.workers}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, ants.Strategy{Workers: ants.DefaultWorkers})
}
