package window_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/strategytest"
	"batchlab/strategies/window"
)

func TestConformance(t *testing.T) {
	for _, size := range []int{window.DefaultSize, 3} {
		s := window.Strategy{Size: size}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// straggler makes every fourth call slow: call i takes 400 ms when i%4 == 0
// and 100 ms otherwise.
func straggler(i int) time.Duration {
	if i%4 == 0 {
		return 400 * time.Millisecond
	}
	return 100 * time.Millisecond
}

// TestElapsed checks what sets the window apart from batches: the next call
// starts as soon as any one ends, so a slow call holds up only its slot.
func TestElapsed(t *testing.T) {
	tests := []struct {
		name string
		n    int
		size int
		call func(i int) time.Duration // how long call i takes
		want time.Duration
	}{
		// Calls 0 and 4 take 400 ms, the rest 100 ms. Batches of 4 wait for
		// the slowest of each batch: 400 + 400 = 800 ms. The window starts
		// 4, 5, 6 at 100 ms when 1-3 return, and 7 at 200 ms when 5 and 6
		// return; call 4 ends last, at 100 + 400 = 500 ms.
		{name: "stragglers beat batches", n: 8, size: 4, call: straggler, want: 500 * time.Millisecond},
		// Same calls, 16 of them: 0 ends at 400; 4-6 start at 100 and 7 at
		// 200; 8 starts at 300 (when 7 returns) and ends at 700; 9 and 10
		// start at 400, 11 at 500, 12 at 500 (ends 900), 13 at 600, 14 and 15
		// at 700. Call 12 ends last, at 900 ms; batches take 4 × 400 = 1.6 s.
		{name: "stragglers 16", n: 16, size: 4, call: straggler, want: 900 * time.Millisecond},
		// A slow call holds up only its own slot: the other two run calls
		// 1-5 in 600 ms beside it (batches would take 800 ms).
		{name: "one slow call", n: 6, size: 3, call: func(i int) time.Duration {
			if i == 0 {
				return 600 * time.Millisecond
			}
			return 200 * time.Millisecond
		}, want: 600 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := window.Strategy{Size: tt.size}
			took := strategytest.ElapsedFunc(t, s, tt.n, tt.call)
			assert.Equal(t, tt.want, took, "%v: Run(ctx, %d) took %v, want %v", s, tt.n, took, tt.want)
		})
	}
}

func TestConfigError(t *testing.T) {
	tests := []struct {
		name string
		size int
		n    int
	}{
		{name: "zero size", size: 0, n: 10},
		{name: "negative size", size: -1, n: 10},
		{name: "negative n", size: 3, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, window.Strategy{Size: tt.size}, tt.n)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, window.Strategy{Size: window.DefaultSize})
}
