package unbounded_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/strategytest"
	"batchlab/strategies/unbounded"
)

func TestConformance(t *testing.T) {
	strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return unbounded.Strategy{} }})
}

func TestElapsed(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want time.Duration
	}{
		{name: "empty", n: 0, want: 0},
		{name: "ten", n: 10, want: 200 * time.Millisecond},
		{name: "seed 20000", n: 20000, want: 200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				err := unbounded.Strategy{}.Run(t.Context(), tt.n, func(context.Context, int) error {
					time.Sleep(200 * time.Millisecond)
					return nil
				})
				assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", tt.n, err)
				assert.Equal(t, tt.want, time.Since(start), "Run(ctx, %d) took %v, want %v", tt.n, time.Since(start), tt.want)
			})
		})
	}
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
