package harness_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
	"batchlab/strategies"
	"batchlab/strategies/ratelimited"
	"batchlab/thirdparty"
)

// fixed is a test strategy: a worker pool of width W, just enough to plan
// and run without importing the real strategies.
type fixed struct{ W int }

func (f fixed) Concurrency(n int) int { return min(n, f.W) }

func (f fixed) Run(ctx context.Context, n int, task strategies.Task) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
	next := make(chan int)
	done := make(chan struct{})
	for range min(n, f.W) {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range next {
				_ = task(ctx, i)
			}
		}()
	}
	started := n
	for i := range n {
		if ctx.Err() != nil {
			started = i
			break
		}
		next <- i
	}
	close(next)
	for range min(n, f.W) {
		<-done
	}
	if started < n {
		return context.Cause(ctx)
	}
	return nil
}

// TestNewPlanIdeal checks the cells' ideal, strategies.Ideal: ⌈n/C⌉ × delay.
func TestNewPlanIdeal(t *testing.T) {
	tests := []struct {
		name string
		n, w int
		want time.Duration
	}{
		{name: "seed batches at 1000", n: 1000, w: 250, want: 800 * time.Millisecond},
		{name: "remainder adds a wave", n: 1001, w: 250, want: time.Second},
		{name: "sequential", n: 20000, w: 1, want: 4000 * time.Second},
		{name: "as wide as n", n: 20000, w: 20000, want: 200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: tt.w}}},
				harness.Config{Sizes: []int{tt.n}, Full: true})
			require.NoError(t, err, "NewPlan")
			assert.Equal(t, tt.want, p.Cells[0].Ideal, "ideal of %d entries at width %d, 200 ms each", tt.n, tt.w)
		})
	}
}

func TestNewPlanBudget(t *testing.T) {
	subjects := []harness.Subject{{Name: "seq", Strategy: fixed{W: 1}}, {Name: "pool", Strategy: fixed{W: 250}}}
	p, err := harness.NewPlan(subjects, harness.Config{})
	require.NoError(t, err, "NewPlan with defaults")
	require.Len(t, p.Cells, 6, "2 strategies × 3 default sizes")
	assert.Equal(t, harness.DefaultCount, p.Config.Count, "default count")
	for _, c := range p.Cells {
		wantSkip := c.Strategy == "seq" // 200 s and more, over the 60 s budget
		assert.Equal(t, wantSkip, c.Skipped, "cell %s skipped", c.Name())
	}
	assert.Equal(t, 3*harness.DefaultCount, p.Runs(), "only pool's cells run")

	full, err := harness.NewPlan(subjects, harness.Config{Full: true})
	require.NoError(t, err, "NewPlan full")
	assert.Equal(t, 6*harness.DefaultCount, full.Runs(), "-full runs every cell")
	assert.Equal(t, "Process/strategy=pool/concurrency=250/entries=20000", full.Cells[5].Name(), "benchmark name")
}

// TestNewPlanPaced checks that a paced strategy's ideal includes its pace:
// ratelimited's defaults start 2,000 calls a second, so 1,000 entries of
// 2 ms take at least 500 ms, not ⌈1000/250⌉ × 2 ms = 8 ms.
func TestNewPlanPaced(t *testing.T) {
	rl := ratelimited.Strategy{Workers: 250, Rate: ratelimited.DefaultRate, Burst: ratelimited.DefaultBurst}
	subjects := []harness.Subject{{Name: "ratelimited", Strategy: rl}, {Name: "pool", Strategy: fixed{W: 250}}}
	p, err := harness.NewPlan(subjects, harness.Config{Sizes: []int{1000}, Delay: 2 * time.Millisecond})
	require.NoError(t, err, "NewPlan")
	require.Len(t, p.Cells, 2, "2 strategies × 1 size")
	assert.Equal(t, 250, p.Cells[0].Concurrency, "ratelimited's concurrency")
	assert.Equal(t, 500*time.Millisecond, p.Cells[0].Ideal, "ratelimited's ideal: 1000 / 2000 per s")
	assert.Equal(t, 8*time.Millisecond, p.Cells[1].Ideal, "an unpaced pool's ideal: ⌈1000/250⌉ × 2ms")

	slow, err := harness.NewPlan(subjects[:1], harness.Config{Sizes: []int{1000}})
	require.NoError(t, err, "NewPlan at the default delay")
	assert.Equal(t, 800*time.Millisecond, slow.Cells[0].Ideal, "at 200 ms the workers bind: ⌈1000/250⌉ × 200ms")
}

func TestNewPlanRejects(t *testing.T) {
	ok := []harness.Subject{{Name: "pool", Strategy: fixed{W: 2}}}
	tests := []struct {
		name     string
		subjects []harness.Subject
		cfg      harness.Config
	}{
		{name: "no strategies", cfg: harness.Config{}},
		{name: "empty sizes", subjects: ok, cfg: harness.Config{Sizes: []int{}}},
		{name: "zero size", subjects: ok, cfg: harness.Config{Sizes: []int{0}}},
		{name: "negative size", subjects: ok, cfg: harness.Config{Sizes: []int{-5}}},
		{name: "absurd size", subjects: ok, cfg: harness.Config{Sizes: []int{harness.MaxEntries + 1}}},
		{name: "negative count", subjects: ok, cfg: harness.Config{Count: -1}},
		{name: "negative delay", subjects: ok, cfg: harness.Config{Delay: -time.Second}},
		{name: "negative budget", subjects: ok, cfg: harness.Config{Budget: -time.Second}},
		{name: "negative timeout", subjects: ok, cfg: harness.Config{Timeout: -time.Second}},
		{name: "size twice", subjects: ok, cfg: harness.Config{Sizes: []int{10, 20, 10}}},
		{name: "unknown transport", subjects: ok, cfg: harness.Config{Transport: "spdy"}},
		{name: "negative retries", subjects: ok, cfg: harness.Config{Retry: thirdparty.RetryPolicy{Attempts: -1}}},
		{name: "too many retries", subjects: ok, cfg: harness.Config{Retry: thirdparty.RetryPolicy{Attempts: harness.MaxAttempts + 1}}},
		{name: "zero width", subjects: []harness.Subject{{Name: "pool", Strategy: fixed{W: 0}}}, cfg: harness.Config{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := harness.NewPlan(tt.subjects, tt.cfg)
			require.ErrorIs(t, err, harness.ErrPlan, "NewPlan(%+v) error", tt.cfg)
			assert.NotContains(t, err.Error(), "\n", "NewPlan(%+v): the error is one line", tt.cfg)
		})
	}
}

// Validate takes the settings as given: a zero one is an error, not a
// default, so a flag given as 0 is rejected where NewPlan would default it.
func TestConfigValidate(t *testing.T) {
	good := harness.Config{Count: 1, Delay: time.Millisecond, Budget: time.Second, Timeout: time.Second, Transport: thirdparty.TransportH2C}
	require.NoError(t, good.Validate(), "Validate(%+v) with nil sizes", good)
	tests := []struct {
		name   string
		change func(*harness.Config)
		want   string
	}{
		{name: "zero count", change: func(c *harness.Config) { c.Count = 0 }, want: "count must be > 0, got 0"},
		{name: "zero delay", change: func(c *harness.Config) { c.Delay = 0 }, want: "delay must be > 0, got 0s"},
		{name: "zero budget", change: func(c *harness.Config) { c.Budget = 0 }, want: "budget must be > 0"},
		{name: "negative timeout", change: func(c *harness.Config) { c.Timeout = -time.Second }, want: "timeout must be > 0, got -1s"},
		{name: "empty transport", change: func(c *harness.Config) { c.Transport = "" }, want: "transport must be http1 or h2c"},
		{name: "size twice", change: func(c *harness.Config) { c.Sizes = []int{5, 5} }, want: "sizes name 5 twice"},
		{name: "zero size", change: func(c *harness.Config) { c.Sizes = []int{0} }, want: "entries must be in [1, 10000000], got 0"},
		{name: "negative retries", change: func(c *harness.Config) { c.Retry.Attempts = -1 }, want: "retry attempts per entry must be in [0, 100], got -1"},
		{name: "too many retries", change: func(c *harness.Config) { c.Retry.Attempts = 101 }, want: "retry attempts per entry must be in [0, 100], got 101"},
		{name: "bad backoff", change: func(c *harness.Config) { c.Retry.Max = -time.Second }, want: "retry Max must be >= 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.change(&cfg)
			err := cfg.Validate()
			require.ErrorIs(t, err, harness.ErrPlan, "Validate(%+v)", cfg)
			assert.ErrorContains(t, err, tt.want, "Validate(%+v)", cfg)
		})
	}
}

func TestPlanPredicted(t *testing.T) {
	p, err := harness.NewPlan([]harness.Subject{
		{Name: "sequential", Strategy: fixed{W: 1}},
		{Name: "pool", Strategy: fixed{W: 250}},
	}, harness.Config{Sizes: []int{1000, 20000}, Count: 3}) // 200 ms, 60 s budget: sequential is skipped
	require.NoError(t, err, "NewPlan")
	// pool: (0.8 s + 16 s) × 3 runs + one 200 ms warm-up; sequential: nothing runs, no warm-up.
	assert.Equal(t, 50600*time.Millisecond, p.Predicted(), "the ideal of every run plus one warm-up per strategy that runs")
}
