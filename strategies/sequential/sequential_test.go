package sequential_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/sequential"
	"batchlab/strategies/strategytest"
)

func TestConformance(t *testing.T) {
	strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return sequential.Strategy{} }})
}

// TestOrder checks the one promise only this strategy makes: calls run in
// index order, one after another.
func TestOrder(t *testing.T) {
	const n = 100
	next := 0 // no lock needed: the calls never overlap
	err := sequential.Strategy{}.Run(t.Context(), n, func(_ context.Context, i int) error {
		assert.Equal(t, next, i, "call %d got index %d, want %d", next, i, next)
		next = i + 1
		return nil
	})
	assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
	assert.Equal(t, n, next, "Run(ctx, %d) made %d calls in order, want %d", n, next, n)
}

func TestConfigError(t *testing.T) {
	const n = -1
	var calls atomic.Int64
	err := sequential.Strategy{}.Run(t.Context(), n, func(context.Context, int) error {
		calls.Add(1)
		return nil
	})
	assert.ErrorIs(t, err, strategies.ErrConfig, "Run(ctx, %d) = %v, want an error wrapping strategies.ErrConfig", n, err)
	if assert.Error(t, err, "Run(ctx, %d) should fail", n) {
		assert.True(t, strings.HasPrefix(err.Error(), "sequential: "), "error %q should start with the package name", err)
	}
	assert.Zero(t, calls.Load(), "Run(ctx, %d) made %d calls, want 0", n, calls.Load())
}

// TestAllocsFlat checks that a run allocates nothing per entry.
func TestAllocsFlat(t *testing.T) {
	task := func(context.Context, int) error { return nil }
	allocs := func(n int) float64 {
		return testing.AllocsPerRun(20, func() { _ = sequential.Strategy{}.Run(context.Background(), n, task) })
	}
	small, large := allocs(1000), allocs(20000)
	t.Logf("allocs per Run: n=1000 %.0f, n=20000 %.0f", small, large)
	// A little slack: AllocsPerRun counts every goroutine's allocations.
	assert.LessOrEqual(t, large, small*1.05+2, "allocs per Run at n=20000 = %.0f, want about the same as at n=1000 (%.0f)", large, small)
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, sequential.Strategy{})
}
