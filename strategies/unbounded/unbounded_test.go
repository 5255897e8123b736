package unbounded_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/strategytest"
	"batchlab/strategies/unbounded"
)

func TestConformance(t *testing.T) {
	strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return unbounded.Strategy{} }})
}

func TestConfigError(t *testing.T) {
	const n = -1
	var calls atomic.Int64
	err := unbounded.Strategy{}.Run(t.Context(), n, func(context.Context, int) error {
		calls.Add(1)
		return nil
	})
	assert.ErrorIs(t, err, strategies.ErrConfig, "Run(ctx, %d) = %v, want an error wrapping strategies.ErrConfig", n, err)
	if assert.Error(t, err, "Run(ctx, %d) should fail", n) {
		assert.True(t, strings.HasPrefix(err.Error(), "unbounded: "), "error %q should start with the package name", err)
	}
	assert.Zero(t, calls.Load(), "Run(ctx, %d) made %d calls, want 0", n, calls.Load())
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, unbounded.Strategy{})
}
