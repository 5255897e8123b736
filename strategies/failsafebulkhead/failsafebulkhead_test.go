package failsafebulkhead_test

import (
	"testing"

	"batchlab/strategies"
	"batchlab/strategies/failsafebulkhead"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{failsafebulkhead.DefaultWidth, 3} {
		s := failsafebulkhead.Strategy{Width: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
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
			strategytest.RejectsConfig(t, failsafebulkhead.Strategy{Width: tt.width}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, failsafebulkhead.Strategy{Width: failsafebulkhead.DefaultWidth})
}
