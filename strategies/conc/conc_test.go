package conc_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/conc"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	for _, w := range []int{conc.DefaultWidth, 3} {
		s := conc.Strategy{Width: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// TestOneSlowCall: as any pool, a slow call holds up only its own worker.
func TestOneSlowCall(t *testing.T) {
	took := strategytest.ElapsedFunc(t, conc.Strategy{Width: 3}, 6, func(i int) time.Duration {
		if i == 0 {
			return 600 * time.Millisecond
		}
		return 200 * time.Millisecond
	})
	assert.Equal(t, 600*time.Millisecond, took)
}

func TestConfigError(t *testing.T) {
	for _, tt := range []struct {
		name     string
		width, n int
	}{
		{"zero width", 0, 10}, {"negative width", -1, 10}, {"negative n", 3, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, conc.Strategy{Width: tt.width}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, conc.Strategy{Width: conc.DefaultWidth})
}

// TestPanicReraised: conc re-raises a task's panic from Run, after the
// other calls have run.
func TestPanicReraised(t *testing.T) {
	var calls atomic.Int64
	// conc wraps the value with the panicking goroutine's stack.
	assert.Panics(t, func() {
		_ = conc.Strategy{Width: 2}.Run(context.Background(), 10, func(_ context.Context, i int) error {
			calls.Add(1)
			if i == 3 {
				panic("boom")
			}
			return nil
		})
	})
	assert.Equal(t, int64(10), calls.Load())
}
