package failsafeadaptive_test

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/semaphore"

	"batchlab/strategies"
	"batchlab/strategies/failsafeadaptive"
	"batchlab/strategies/strategytest"
)

const (
	delay    = 200 * time.Millisecond // the fake services' call time
	capacity = 50                     // the limited and queueing fakes' capacity, below where the limit gets in a run
	entries  = 20_000                 // the seed's largest run
)

func TestConformance(t *testing.T) {
	for _, s := range []failsafeadaptive.Strategy{{}, {Initial: 1, Max: 3}} {
		t.Run(s.String(), func(t *testing.T) {
			strategytest.Run(t, strategytest.Config{New: func() strategies.Strategy { return s }, Inexact: true})
		})
	}
}

func TestConfigError(t *testing.T) {
	tests := []struct {
		name string
		s    failsafeadaptive.Strategy
		n    int
	}{
		{name: "negative min", s: failsafeadaptive.Strategy{Min: -1}, n: 10},
		{name: "negative max", s: failsafeadaptive.Strategy{Max: -1}, n: 10},
		{name: "max below min", s: failsafeadaptive.Strategy{Min: 10, Max: 5}, n: 10},
		{name: "min above default max", s: failsafeadaptive.Strategy{Min: failsafeadaptive.DefaultMax + 1}, n: 10},
		{name: "initial above max", s: failsafeadaptive.Strategy{Initial: 30, Max: 20}, n: 10},
		{name: "initial below min", s: failsafeadaptive.Strategy{Initial: 5, Min: 10}, n: 10},
		{name: "negative initial", s: failsafeadaptive.Strategy{Initial: -1}, n: 10},
		{name: "negative n", s: failsafeadaptive.Strategy{}, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var limits atomic.Int64
			s := tt.s
			s.OnLimit = func(int) { limits.Add(1) }
			strategytest.RejectsConfig(t, s, tt.n)
			assert.Zero(t, limits.Load(), "Run(ctx, %d) called OnLimit %d times, want 0 for an invalid configuration", tt.n, limits.Load())
		})
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name string
		s    failsafeadaptive.Strategy
		want string
		n    int
		conc int
	}{
		{name: "zero", s: failsafeadaptive.Strategy{}, want: "failsafe-adaptive(20,1..20000)", n: 50_000, conc: 20_000},
		{name: "small max", s: failsafeadaptive.Strategy{Max: 5}, want: "failsafe-adaptive(5,1..5)", n: 10, conc: 5},
		{name: "large min", s: failsafeadaptive.Strategy{Min: 100}, want: "failsafe-adaptive(100,100..20000)", n: 10, conc: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.s.String(), "String() of %+v", tt.s)
			assert.Equal(t, tt.conc, tt.s.Concurrency(tt.n), "Concurrency(%d) of %v", tt.n, tt.s)
		})
	}
}

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

// trace records the limit over virtual time through OnLimit, and whether
// two OnLimit calls ever overlapped.
type trace struct {
	start    time.Time
	at       []time.Duration
	limit    []int
	inside   atomic.Int32
	overlaps atomic.Int32
}

// strategy returns s reporting into tr. OnLimit calls are serialised by
// the strategy and end before Run returns, so tr's slices need no lock; the
// atomics catch it if they are not.
func (tr *trace) strategy(s failsafeadaptive.Strategy) failsafeadaptive.Strategy {
	tr.start = time.Now()
	s.OnLimit = func(l int) {
		if tr.inside.Add(1) != 1 {
			tr.overlaps.Add(1)
		}
		defer tr.inside.Add(-1)
		tr.at = append(tr.at, time.Since(tr.start))
		tr.limit = append(tr.limit, l)
	}
	return s
}

func (tr *trace) peak() int {
	p := 0
	for _, l := range tr.limit {
		p = max(p, l)
	}
	return p
}

// inflight wraps task, counting the calls in flight and their peak.
func inflight(task strategies.Task) (strategies.Task, *atomic.Int64) {
	var now, peak atomic.Int64
	return func(ctx context.Context, i int) error {
		p := now.Add(1)
		defer now.Add(-1)
		for o := peak.Load(); p > o && !peak.CompareAndSwap(o, p); o = peak.Load() {
		}
		return task(ctx, i)
	}, &peak
}

// TestLimitFunc checks what strategies.Adaptive promises: OnLimit starts
// with the initial limit, reports only changes, one at a time, each within
// [Min, Max], and the calls in flight never pass the highest reported.
func TestLimitFunc(t *testing.T) {
	for _, s := range []failsafeadaptive.Strategy{{}, {Initial: 5, Min: 2, Max: 50}} {
		t.Run(s.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var tr trace
				s := tr.strategy(s)
				task, peak := inflight(func(ctx context.Context, _ int) error { return sleep(ctx, delay) })
				err := s.Run(t.Context(), entries, task)
				took := time.Since(tr.start)
				require.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", entries, err)
				require.NotEmpty(t, tr.limit, "OnLimit was never called")
				want := s.Initial
				if want == 0 {
					want = failsafeadaptive.DefaultInitial
				}
				mn, mx := max(s.Min, failsafeadaptive.DefaultMin), s.Max
				if mx == 0 {
					mx = failsafeadaptive.DefaultMax
				}
				assert.Equal(t, want, tr.limit[0], "OnLimit's first call = %d, want the initial limit %d", tr.limit[0], want)
				assert.Zero(t, tr.at[0], "OnLimit's first call came %v after Run started, want 0", tr.at[0])
				assert.Greater(t, len(tr.limit), 1, "limit trace %v, want at least one change over %v", tr.limit, took)
				for k, l := range tr.limit {
					assert.True(t, mn <= l && l <= mx, "limit %d at %v outside [%d, %d]", l, tr.at[k], mn, mx)
					if k > 0 {
						assert.NotEqual(t, tr.limit[k-1], l, "OnLimit(%d) at %v repeats the limit before it", l, tr.at[k])
						assert.GreaterOrEqual(t, tr.at[k], tr.at[k-1], "OnLimit calls out of order")
					}
				}
				assert.Zero(t, tr.overlaps.Load(), "OnLimit calls overlapped %d times, want them serialised", tr.overlaps.Load())
				assert.LessOrEqual(t, int(peak.Load()), tr.peak(), "in flight peaked at %d, above the highest limit reported, %d", peak.Load(), tr.peak())
				t.Logf("%v: took %v, %d limit changes, peak limit %d, last %d, in flight peaked at %d", s, took, len(tr.limit)-1, tr.peak(), tr.limit[len(tr.limit)-1], peak.Load())
			})
		})
	}
}

// errOverloaded is the fake services' 429, with the Overloaded method
// thirdparty.StatusError has; failsafe's limiter never looks at it.
type errOverloaded struct{}

func (errOverloaded) Error() string    { return "fake: 429 Too Many Requests" }
func (errOverloaded) Overloaded() bool { return true }

// TestServices runs the default Strategy on the fakes strategies/adaptive
// is tested on and logs what it does; the assertions are what holds for
// any such run: every entry called once and in flight within the limit. A
// 200 ms call with no capacity limit: the limit grows by ⌊log₁₀ limit⌋ at
// most once a second, so the run takes far longer than unbounded's 200 ms.
func TestServices(t *testing.T) {
	fixed := func(context.Context) strategies.Task {
		return func(ctx context.Context, _ int) error { return sleep(ctx, delay) }
	}
	var rejected atomic.Int64
	limited := func(context.Context) strategies.Task { // 429 at once beyond capacity in flight
		var now atomic.Int64
		return func(ctx context.Context, _ int) error {
			defer now.Add(-1)
			if now.Add(1) > capacity {
				rejected.Add(1)
				return errOverloaded{}
			}
			return sleep(ctx, delay)
		}
	}
	queueing := func(context.Context) strategies.Task { // serves capacity at once, queues the rest
		service := semaphore.NewWeighted(capacity)
		return func(ctx context.Context, _ int) error {
			if err := service.Acquire(ctx, 1); err != nil {
				return err
			}
			defer service.Release(1)
			return sleep(ctx, delay)
		}
	}
	for _, tt := range []struct {
		name    string
		service func(context.Context) strategies.Task
		check   func(t *testing.T, tr *trace)
	}{
		{"fixed", fixed, nil},
		// The limiter sees only latency: a 429 returns at once and reads
		// as a fast call, so the limit settles just above the capacity and
		// every slot freed beyond it is an entry spent on a 429. Runs saw
		// 13,500 of 20,000; this pins the weakness the package doc names.
		{"limited", limited, func(t *testing.T, _ *trace) {
			assert.Positive(t, rejected.Load(), "no 429s: the limiter never passed the capacity")
		}},
		// A queue shows in the latency, which is what the limiter reads: it
		// backs off from its peak (runs: 58, then 32).
		{"queueing", queueing, func(t *testing.T, tr *trace) {
			assert.Less(t, tr.limit[len(tr.limit)-1], tr.peak(), "limit trace %v, want it to fall back from its peak once calls queue", tr.limit)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var tr trace
				s := tr.strategy(failsafeadaptive.Strategy{})
				var calls atomic.Int64
				task, peak := inflight(tt.service(t.Context()))
				err := s.Run(t.Context(), entries, func(ctx context.Context, i int) error {
					calls.Add(1)
					return task(ctx, i)
				})
				took := time.Since(tr.start)
				require.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", entries, err)
				assert.Equal(t, int64(entries), calls.Load(), "every entry should be called once")
				assert.LessOrEqual(t, int(peak.Load()), tr.peak(), "in flight peaked at %d, above the highest limit reported, %d", peak.Load(), tr.peak())
				t.Logf("%d 429s; took %v, %d limit changes, peak limit %d, last %d, in flight peaked at %d", rejected.Load(), took, len(tr.limit)-1, tr.peak(), tr.limit[len(tr.limit)-1], peak.Load())
				if tt.check != nil {
					tt.check(t, &tr)
				}
				rejected.Store(0)
			})
		})
	}
}

func BenchmarkRun(b *testing.B) {
	strategytest.Benchmark(b, failsafeadaptive.Strategy{})
}
