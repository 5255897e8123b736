package semaphore_test

import (
	"context"
	"testing"
	"testing/synctest"
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

func TestElapsed(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		weight int
		first  time.Duration // how long call 0 takes; zero means 200 ms like the rest
		want   time.Duration
	}{
		{name: "empty", n: 0, weight: 3, want: 0},
		{name: "fewer entries than units", n: 2, weight: 3, want: 200 * time.Millisecond},
		{name: "remainder of one", n: 10, weight: 3, want: 800 * time.Millisecond},
		{name: "exact rounds", n: 9, weight: 3, want: 600 * time.Millisecond},
		{name: "seed 1000", n: 1000, weight: 250, want: 800 * time.Millisecond},
		{name: "seed 1000 plus one", n: 1001, weight: 250, want: time.Second},
		{name: "seed 20000", n: 20000, weight: 250, want: 16 * time.Second},
		// A slow call holds up only its own unit: the other two run
		// calls 1-5 in 600 ms beside it (batches would take 800 ms).
		{name: "one slow call", n: 6, weight: 3, first: 600 * time.Millisecond, want: 600 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := semaphore.Strategy{Weight: tt.weight}
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
