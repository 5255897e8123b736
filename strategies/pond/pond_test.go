package pond_test

import (
	"testing"

	"batchlab/strategies"
	"batchlab/strategies/pond"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{pond.DefaultWorkers, 3} {
		s := pond.Strategy{Workers: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
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
			strategytest.RejectsConfig(t, pond.Strategy{Workers: tt.workers}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, pond.Strategy{Workers: pond.DefaultWorkers})
}
