package adaptive_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/semaphore"

	"batchlab/strategies"
	"batchlab/strategies/adaptive"
	"batchlab/strategies/strategytest"
)

const (
	delay    = 200 * time.Millisecond // the fake services' call time
	capacity = 500                    // the limited and queueing fakes' capacity
	entries  = 20_000                 // the seed's largest run
)

func TestConformance(t *testing.T) {
	for _, s := range []adaptive.Strategy{{}, {Initial: 1, Max: 3}} {
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }, Inexact: true})
		})
	}
}

// errOverloaded is the fake services' 429: it has the Overloaded method the
// strategy looks for, as thirdparty.StatusError does.
type errOverloaded struct{}

func (errOverloaded) Error() string    { return "fake: 429 Too Many Requests" }
func (errOverloaded) Overloaded() bool { return true }

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// trace records the limit over virtual time through OnLimit.
type trace struct {
	start time.Time
	at    []time.Duration
	limit []int
}

// strategy returns the default Strategy reporting into tr. OnLimit calls are
// serialised by the strategy and end before Run returns, so tr needs no lock.
func (tr *trace) strategy() adaptive.Strategy {
	tr.start = time.Now()
	return adaptive.Strategy{OnLimit: func(l int) {
		tr.at = append(tr.at, time.Since(tr.start))
		tr.limit = append(tr.limit, l)
	}}
}

func (tr *trace) peak() int {
	p := 0
	for _, l := range tr.limit {
		p = max(p, l)
	}
	return p
}

// mean returns the time-weighted mean limit over [from, to).
func (tr *trace) mean(from, to time.Duration) float64 {
	var sum float64
	for k := range tr.limit {
		end := to
		if k+1 < len(tr.limit) {
			end = min(to, tr.at[k+1])
		}
		if begin := max(from, tr.at[k]); end > begin {
			sum += float64(tr.limit[k]) * float64(end-begin)
		}
	}
	return sum / float64(to-from)
}

// fixed runs n calls of task on w workers, the comparison a catalog pool
// would give, without importing another strategy.
func fixed(ctx context.Context, w, n int, task strategies.Task) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				_ = task(ctx, i)
			}
		})
	}
	wg.Wait()
}

// TestElapsed runs the default Strategy on a fixed 200 ms service with no
// capacity limit. Slow start quadruples the limit per round trip from 20:
// 20 + 80 + … + 20,480 ≥ 20,000 after 6 round trips, so 1.2 s.
func TestElapsed(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want time.Duration
	}{
		{name: "empty", n: 0, want: 0},
		{name: "within the initial limit", n: 20, want: delay},
		{name: "one more", n: 21, want: 2 * delay},
		{name: "two round trips", n: 100, want: 2 * delay}, // 20 + 80
		{name: "seed 1000", n: 1000, want: 4 * delay},      // 20·(4⁴−1)/3 = 1700
		{name: "seed 20000", n: entries, want: 6 * delay},  // 20·(4⁶−1)/3 = 27,300
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var tr trace
				s := tr.strategy()
				var inflight, peak atomic.Int64
				err := s.Run(t.Context(), tt.n, func(ctx context.Context, _ int) error {
					p := inflight.Add(1)
					defer inflight.Add(-1)
					for o := peak.Load(); p > o && !peak.CompareAndSwap(o, p); o = peak.Load() {
					}
					return sleep(ctx, delay)
				})
				took := time.Since(tr.start)
				assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", tt.n, err)
				assert.Equal(t, tt.want, took, "%v: Run(ctx, %d) took %v, want %v", s, tt.n, took, tt.want)
				assert.LessOrEqual(t, tr.peak(), adaptive.DefaultMax, "limit peaked at %d, want at most Max = %d", tr.peak(), adaptive.DefaultMax)
				assert.LessOrEqual(t, int(peak.Load()), tr.peak(), "in flight peaked at %d, above the highest limit %d", peak.Load(), tr.peak())
				t.Logf("limit peaked at %d, in flight at %d", tr.peak(), peak.Load())
			})
		})
	}
}

// TestLimited runs a service that answers 429 at once to calls beyond 500
// in flight. Unbounded gets 19,500 of them; a pool of 500 takes
// ⌈20000/500⌉ × 200 ms = 8 s with none.
func TestLimited(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var inflight, rejected, served atomic.Int64
		task := func(ctx context.Context, _ int) error {
			defer inflight.Add(-1)
			if inflight.Add(1) > capacity {
				rejected.Add(1)
				return errOverloaded{}
			}
			served.Add(1)
			return sleep(ctx, delay)
		}
		var tr trace
		s := tr.strategy()
		err := s.Run(t.Context(), entries, task)
		took := time.Since(tr.start)
		require.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", entries, err)
		t.Logf("took %v, %d served, %d rejected, %d limit changes, mean limit %.0f over the second half",
			took, served.Load(), rejected.Load(), len(tr.limit), tr.mean(took/2, took))

		ideal := time.Duration(entries/capacity) * delay
		assert.Equal(t, int64(entries), served.Load()+rejected.Load(), "every entry should be called once")
		// The 429s come from slow start's overshoot. Here every call of a
		// round trip returns at the same instant, so before the first 429
		// is seen the limit can quadruple from 320 to 1,280: 780 calls
		// beyond capacity. Slow start's cut halves it to 640, and the ×0.9
		// cuts that follow, one per round of new calls, reject at most
		// 140 + 76 + 18 more: about 1,014. Later cycles add a few each. Runs
		// of this test saw 9 to 1,025; the real service, whose calls return
		// spread out, sees fewer. 1,500 is 8 % of unbounded's 19,500.
		assert.LessOrEqual(t, rejected.Load(), int64(1500), "got %d 429s, want at most 1,500, 8 %% of unbounded's %d", rejected.Load(), entries-capacity)
		// Slow start spends 3 round trips (0.6 s) reaching 320, serving 420
		// calls where a 500 pool serves 1,500; BIC then holds the limit
		// between 450 and 500, mostly near 500: about 8.6 s. The goal
		// is 10 % over the best pool.
		assert.LessOrEqual(t, took, ideal*110/100, "took %v, want within 10 %% of a 500-wide pool's %v", took, ideal)
	})
}

// TestQueueing runs a service that serves 500 calls at once and queues the
// rest in order, like thirdparty's overloaded scenario: beyond 500 in flight
// latency grows with the queue and throughput stays 2,500 calls/s.
func TestQueueing(t *testing.T) {
	run := func(f func(ctx context.Context, task strategies.Task)) time.Duration {
		var d time.Duration
		synctest.Test(t, func(t *testing.T) {
			service := semaphore.NewWeighted(capacity) // FIFO
			task := func(ctx context.Context, _ int) error {
				if err := service.Acquire(ctx, 1); err != nil {
					return err
				}
				defer service.Release(1)
				return sleep(ctx, delay)
			}
			start := time.Now()
			f(t.Context(), task)
			d = time.Since(start)
		})
		return d
	}
	unbounded := run(func(ctx context.Context, task strategies.Task) { fixed(ctx, entries, entries, task) })
	width250 := run(func(ctx context.Context, task strategies.Task) { fixed(ctx, 250, entries, task) })
	require.Equal(t, 8*time.Second, unbounded, "unbounded on the queueing fake: want 40 rounds of 500")
	require.Equal(t, 16*time.Second, width250, "a 250 pool on the queueing fake: want 80 rounds of 250")

	var tr trace
	took := run(func(ctx context.Context, task strategies.Task) {
		s := tr.strategy()
		err := s.Run(ctx, entries, task)
		assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", entries, err)
	})
	mean := tr.mean(took/2, took)
	t.Logf("took %v (unbounded %v, 250 wide %v), peak limit %d, mean limit %.0f over the second half", took, unbounded, width250, tr.peak(), mean)
	// Past 500 in flight the fake's throughput stays 2,500 calls/s, so only
	// time spent below 500 costs: slow start's 3 round trips to 320, about
	// 0.6 s. Slow start overshoots into the queue, and the gradient then
	// holds the limit where the RTT is Tolerance × no-load: L ≈ 1.5 × 500.
	// Nothing beats unbounded's time here: a queue loses no throughput. What
	// adaptive saves is latency (see TestQueueingLatency).
	best := min(unbounded, width250)
	assert.LessOrEqual(t, took, best*110/100, "took %v, want within 10 %% of the better fixed choice, %v", took, best)
	assert.Less(t, took, width250, "took %v, want less than a 250 pool's %v", took, width250)
	assert.True(t, mean >= 500 && mean <= 900, "mean limit over the second half = %.0f, want it near Tolerance × capacity = 750, in [500, 900]", mean)
}

// TestNotOverload checks that failures other than overload (a 500) leave
// the limit alone: the run grows as on a healthy service.
func TestNotOverload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var tr trace
		s := tr.strategy()
		err := s.Run(t.Context(), entries, func(ctx context.Context, i int) error {
			if err := sleep(ctx, delay); err != nil {
				return err
			}
			if i%2 == 0 {
				return errors.New("fake: 500 Internal Server Error")
			}
			return nil
		})
		took := time.Since(tr.start)
		assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", entries, err)
		assert.Equal(t, 6*delay, took, "Run(ctx, %d) with half the calls failing took %v, want %v as with none", entries, took, 6*delay)
	})
}

// TestTimeout checks that a timed-out call counts as overload.
func TestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var tr trace
		s := tr.strategy()
		err := s.Run(t.Context(), 100, func(ctx context.Context, i int) error {
			if err := sleep(ctx, delay); err != nil {
				return err
			}
			if i == 25 {
				return context.DeadlineExceeded
			}
			return nil
		})
		assert.NoError(t, err, "Run(ctx, 100) = %v, want <nil>", err)
		require.NotEmpty(t, tr.limit, "OnLimit was never called")
		assert.Less(t, tr.limit[len(tr.limit)-1], tr.peak(), "limit trace %v, want a cut after the timeout", tr.limit)
	})
}

func TestConfigError(t *testing.T) {
	tests := []struct {
		name string
		s    adaptive.Strategy
		n    int
	}{
		{name: "negative min", s: adaptive.Strategy{Min: -1}, n: 10},
		{name: "negative max", s: adaptive.Strategy{Max: -1}, n: 10},
		{name: "max below min", s: adaptive.Strategy{Min: 10, Max: 5}, n: 10},
		{name: "min above default max", s: adaptive.Strategy{Min: adaptive.DefaultMax + 1}, n: 10},
		{name: "initial above max", s: adaptive.Strategy{Initial: 30, Max: 20}, n: 10},
		{name: "initial below min", s: adaptive.Strategy{Initial: 5, Min: 10}, n: 10},
		{name: "negative initial", s: adaptive.Strategy{Initial: -1}, n: 10},
		{name: "tolerance below one", s: adaptive.Strategy{Tolerance: 0.9}, n: 10},
		{name: "tolerance NaN", s: adaptive.Strategy{Tolerance: math.NaN()}, n: 10},
		{name: "tolerance infinite", s: adaptive.Strategy{Tolerance: math.Inf(1)}, n: 10},
		{name: "negative n", s: adaptive.Strategy{}, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls, limits atomic.Int64
			s := tt.s
			s.OnLimit = func(int) { limits.Add(1) }
			err := s.Run(t.Context(), tt.n, func(context.Context, int) error {
				calls.Add(1)
				return nil
			})
			assert.ErrorIs(t, err, strategies.ErrConfig, "Run(ctx, %d) = %v, want an error wrapping strategies.ErrConfig", tt.n, err)
			if assert.Error(t, err, "Run(ctx, %d) with %+v should fail", tt.n, tt.s) {
				assert.True(t, strings.HasPrefix(err.Error(), "adaptive: "), "error %q should start with the package name", err)
			}
			assert.Zero(t, calls.Load(), "Run(ctx, %d) made %d calls, want 0 for an invalid configuration", tt.n, calls.Load())
			assert.Zero(t, limits.Load(), "Run(ctx, %d) called OnLimit %d times, want 0 for an invalid configuration", tt.n, limits.Load())
		})
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name string
		s    adaptive.Strategy
		want string
		n    int
		conc int
	}{
		{name: "zero", s: adaptive.Strategy{}, want: "adaptive(20,1..20000)", n: 50_000, conc: 20_000},
		{name: "small max", s: adaptive.Strategy{Max: 5}, want: "adaptive(5,1..5)", n: 10, conc: 5},
		{name: "large min", s: adaptive.Strategy{Min: 100}, want: "adaptive(100,100..20000)", n: 10, conc: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.s.String(), "String() of %+v", tt.s)
			assert.Equal(t, tt.conc, tt.s.Concurrency(tt.n), "Concurrency(%d) of %v", tt.n, tt.s)
		})
	}
}

// TestQueueingLatency is what adaptive wins on a queueing service, where a
// queue loses no throughput and unbounded's time cannot be beaten: each
// entry's wait. Unbounded queues all 20,000 at once, so its entries wait
// 4 s on average; adaptive keeps the queue near (Tolerance − 1) × capacity.
func TestQueueingLatency(t *testing.T) {
	meanLatency := func(run func(ctx context.Context, task strategies.Task)) time.Duration {
		var total atomic.Int64
		synctest.Test(t, func(t *testing.T) {
			service := semaphore.NewWeighted(capacity)
			task := func(ctx context.Context, _ int) error {
				start := time.Now()
				defer func() { total.Add(int64(time.Since(start))) }()
				if err := service.Acquire(ctx, 1); err != nil {
					return err
				}
				defer service.Release(1)
				return sleep(ctx, delay)
			}
			run(t.Context(), task)
		})
		return time.Duration(total.Load() / entries)
	}
	unbounded := meanLatency(func(ctx context.Context, task strategies.Task) { fixed(ctx, entries, entries, task) })
	adapt := meanLatency(func(ctx context.Context, task strategies.Task) {
		assert.NoError(t, adaptive.Strategy{}.Run(ctx, entries, task))
	})
	t.Logf("mean entry latency: adaptive %v, unbounded %v", adapt, unbounded)
	// Unbounded: rounds of 500 at 0.2, 0.4, …, 8 s, a mean of 4.1 s.
	assert.Equal(t, 4100*time.Millisecond, unbounded, "unbounded's mean latency on the queueing fake")
	// Adaptive: about Tolerance × 200 ms once settled, more while slow
	// start's overshoot drains.
	assert.Less(t, adapt, unbounded/5, "adaptive's mean latency %v, want under a fifth of unbounded's %v", adapt, unbounded)
}

// TestJittery runs a service with no capacity limit whose latency is
// lognormal (median 200 ms, p99 800 ms, as thirdparty's jittery scenario):
// its spread must not read as load. Adaptive should land near unbounded,
// far ahead of a 250 pool.
func TestJittery(t *testing.T) {
	task := func(ctx context.Context, i int) error {
		r := rand.New(rand.NewPCG(uint64(i), 1)) // deterministic per entry
		return sleep(ctx, time.Duration(float64(delay)*math.Exp(0.596*r.NormFloat64())))
	}
	elapsed := func(run func(ctx context.Context)) time.Duration {
		var d time.Duration
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			run(t.Context())
			d = time.Since(start)
		})
		return d
	}
	unbounded := elapsed(func(ctx context.Context) { fixed(ctx, entries, entries, task) })
	width250 := elapsed(func(ctx context.Context) { fixed(ctx, 250, entries, task) })
	var tr trace
	took := elapsed(func(ctx context.Context) {
		s := tr.strategy()
		err := s.Run(ctx, entries, task)
		assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", entries, err)
	})
	t.Logf("took %v (unbounded %v, 250 wide %v), peak limit %d", took, unbounded, width250, tr.peak())
	// Slow start's 6 round trips of a 239 ms mean sit on top of unbounded's
	// slowest entry.
	assert.Less(t, took, unbounded+1500*time.Millisecond, "took %v, want within 1.5 s of unbounded's %v", took, unbounded)
	assert.Less(t, took, width250/4, "took %v, want under a quarter of a 250 pool's %v", took, width250)
	assert.Greater(t, tr.peak(), 10*capacity, "limit peaked at %d: the spread was read as load", tr.peak())
}
