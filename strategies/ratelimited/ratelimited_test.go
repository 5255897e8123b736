package ratelimited_test

import (
	"context"
	"math"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
	"batchlab/strategies/ratelimited"
	"batchlab/strategies/strategytest"
)

// TestConformance runs the suite at a fast pace, with a burst as wide as
// the pool: the contract does not depend on the pace, and the suite's
// real-clock checks start about 21,000 calls, which at the default 2,000 a
// second would take 10 s per width. The pace itself is TestElapsed's job.
// The burst as wide as the pool leaves no ramp, so the suite checks the
// ideal model exactly: max(⌈n/W⌉ × 200 ms, n/Rate).
func TestConformance(t *testing.T) {
	for _, w := range []int{ratelimited.DefaultWorkers, 3} {
		s := ratelimited.Strategy{Workers: w, Rate: 1e6, Burst: w}
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }})
		})
	}
}

// TestElapsed checks the package's time model with 200 ms calls, n ≥ 1,
// W = min(n, Workers), r = Rate and B = Burst:
//
//   - worker-bound, W/r ≤ 200 ms: T = ⌈n/W⌉ × 200 ms + max(0, m−B+1)/r,
//     where m = n−1−(⌈n/W⌉−1)×W is the last call's place in its round;
//   - rate-bound, (W−B+1)/r ≥ 200 ms: T = max(0, n−B)/r + 200 ms.
func TestElapsed(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		workers int
		rate    float64
		burst   int
		want    time.Duration
	}{
		{name: "empty", n: 0, workers: 3, rate: 10, burst: 1, want: 0},
		// Worker-bound: the first round's ramp of m/r carries to the last.
		{name: "defaults seed 1000", n: 1000, workers: 250, rate: 2000, burst: 1, want: 800*time.Millisecond + 124500*time.Microsecond},
		{name: "defaults seed 1000 plus one", n: 1001, workers: 250, rate: 2000, burst: 1, want: time.Second},
		{name: "defaults seed 20000", n: 20000, workers: 250, rate: 2000, burst: 1, want: 16*time.Second + 124500*time.Microsecond},
		{name: "defaults fewer entries than workers", n: 7, workers: 250, rate: 2000, burst: 1, want: 203 * time.Millisecond},
		{name: "burst of the pool is a worker pool", n: 1000, workers: 250, rate: 2000, burst: 250, want: 800 * time.Millisecond},
		{name: "burst 50", n: 1000, workers: 250, rate: 2000, burst: 50, want: 900 * time.Millisecond},
		{name: "small pool", n: 10, workers: 3, rate: 20, burst: 1, want: 800 * time.Millisecond},
		// Both models hold when W/r = 200 ms.
		{name: "on the edge", n: 1000, workers: 250, rate: 1250, burst: 1, want: 999200 * time.Microsecond},
		// Rate-bound: one start every 1/r, the last ends 200 ms later.
		{name: "slow rate", n: 10, workers: 3, rate: 10, burst: 1, want: 1100 * time.Millisecond},
		{name: "slow rate seed 1000", n: 1000, workers: 250, rate: 500, burst: 1, want: 2198 * time.Millisecond},
		{name: "slow rate burst 10", n: 1000, workers: 250, rate: 500, burst: 10, want: 2180 * time.Millisecond},
		{name: "wide pool at the default rate", n: 20000, workers: 1000, rate: 2000, burst: 1, want: 10199500 * time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ratelimited.Strategy{Workers: tt.workers, Rate: tt.rate, Burst: tt.burst}
			took := strategytest.Elapsed(t, s, tt.n, 200*time.Millisecond)
			assert.Equal(t, tt.want, took, "%v: Run(ctx, %d) took %v, want %v", s, tt.n, took, tt.want)
			ideal := strategies.Ideal(s, tt.n, 200*time.Millisecond)
			assert.LessOrEqual(t, ideal, took, "%v: Run(ctx, %d) took %v, below its ideal %v", s, tt.n, took, ideal)
		})
	}
}

// TestInFlight checks the pace's promise: at the default rate a 200 ms
// service has at most Rate × 200 ms + Burst = 401 calls in flight, however
// many workers there are (401 only at the instant a call that ends hands
// over to one that starts).
func TestInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 5000
		var running, peak atomic.Int64
		s := ratelimited.Strategy{Workers: 2000, Rate: ratelimited.DefaultRate, Burst: ratelimited.DefaultBurst}
		err := s.Run(t.Context(), n, func(context.Context, int) error {
			now := running.Add(1)
			defer running.Add(-1)
			for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
			}
			time.Sleep(200 * time.Millisecond)
			return nil
		})
		assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
		assert.LessOrEqual(t, peak.Load(), int64(401), "%v: Run(ctx, %d) peaked at %d calls in flight, want at most 401", s, n, peak.Load())
		assert.GreaterOrEqual(t, peak.Load(), int64(400), "%v: Run(ctx, %d) peaked at %d calls in flight, want the rate to fill 400", s, n, peak.Load())
	})
}

// TestDeadline checks that a token due after ctx's deadline is treated as
// the deadline reached: Run starts what it can before it, then returns
// context.DeadlineExceeded.
func TestDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 10
		ctx, cancel := context.WithTimeout(t.Context(), 250*time.Millisecond)
		defer cancel()
		var calls atomic.Int64
		s := ratelimited.Strategy{Workers: n, Rate: 10, Burst: 1}
		start := time.Now()
		err := s.Run(ctx, n, func(context.Context, int) error {
			calls.Add(1)
			return nil
		})
		took := time.Since(start)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "Run(ctx, %d) = %v, want context.DeadlineExceeded", n, err)
		assert.Equal(t, int64(3), calls.Load(), "Run(ctx, %d) made %d calls, want 3 (at 0, 100 and 200 ms)", n, calls.Load())
		assert.Equal(t, 250*time.Millisecond, took, "Run(ctx, %d) took %v, want the 250ms deadline", n, took)
	})
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		s    ratelimited.Strategy
		want string
	}{
		{name: "defaults", s: ratelimited.Strategy{Workers: 250, Rate: ratelimited.DefaultRate, Burst: ratelimited.DefaultBurst}, want: "ratelimited(250)"},
		{name: "own pace", s: ratelimited.Strategy{Workers: 50, Rate: 12.5, Burst: 5}, want: "ratelimited(50, 12.5/s, burst 5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.s.String(), "String() of %#v", tt.s)
		})
	}
}

func TestConfigError(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		rate    float64
		burst   int
		n       int
	}{
		{name: "zero workers", workers: 0, rate: 10, burst: 1, n: 10},
		{name: "negative workers", workers: -1, rate: 10, burst: 1, n: 10},
		{name: "zero rate", workers: 3, rate: 0, burst: 1, n: 10},
		{name: "negative rate", workers: 3, rate: -1, burst: 1, n: 10},
		{name: "NaN rate", workers: 3, rate: math.NaN(), burst: 1, n: 10},
		{name: "zero burst", workers: 3, rate: 10, burst: 0, n: 10},
		{name: "negative n", workers: 3, rate: 10, burst: 1, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategytest.RejectsConfig(t, ratelimited.Strategy{Workers: tt.workers, Rate: tt.rate, Burst: tt.burst}, tt.n)
		})
	}
}

// TestInfiniteRate checks that Rate = +Inf leaves a plain worker pool.
func TestInfiniteRate(t *testing.T) {
	const n = 1000
	s := ratelimited.Strategy{Workers: 250, Rate: math.Inf(1), Burst: 1}
	took := strategytest.Elapsed(t, s, n, 200*time.Millisecond)
	assert.Equal(t, 800*time.Millisecond, took, "%v: Run(ctx, %d) took %v, want ⌈1000/250⌉ × 200ms", s, n, took)
	assert.Equal(t, took, strategies.Ideal(s, n, 200*time.Millisecond), "%v: the ideal of an unpaced pool", s)
}

// TestIdeal checks the model the harness shows beside each run: the pace
// counts, max(⌈n/W⌉ × d, n/Rate).
func TestIdeal(t *testing.T) {
	tests := []struct {
		name  string
		s     ratelimited.Strategy
		n     int
		delay time.Duration
		want  time.Duration
	}{
		{name: "defaults at 200ms: the workers bind", s: ratelimited.Strategy{Workers: 250, Rate: 2000, Burst: 1}, n: 1000, delay: 200 * time.Millisecond, want: 800 * time.Millisecond},
		{name: "defaults at 2ms: the pace binds", s: ratelimited.Strategy{Workers: 250, Rate: 2000, Burst: 1}, n: 1000, delay: 2 * time.Millisecond, want: 500 * time.Millisecond},
		{name: "wide pool", s: ratelimited.Strategy{Workers: 1000, Rate: 2000, Burst: 1}, n: 20000, delay: 200 * time.Millisecond, want: 10 * time.Second},
		{name: "no entries", s: ratelimited.Strategy{Workers: 250, Rate: 2000, Burst: 1}, n: 0, delay: 200 * time.Millisecond, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strategies.Ideal(tt.s, tt.n, tt.delay)
			assert.Equal(t, tt.want, got, "Ideal(%v, %d, %v)", tt.s, tt.n, tt.delay)
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, ratelimited.Strategy{Workers: ratelimited.DefaultWorkers, Rate: ratelimited.DefaultRate, Burst: ratelimited.DefaultBurst})
}
