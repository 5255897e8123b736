package thirdparty

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scenarioExamples are the specs the package docs and the issue use; the
// fuzz target seeds its corpus with them too.
var scenarioExamples = []string{
	"steady", "jittery", "flaky", "limited", "overloaded",
	"flaky,errors=0.05",
	"steady,delay=50ms",
	"jittery,seed=7",
	"limited,capacity=200,overflow=queue",
	"steady,latency=uniform,jitter=20ms",
	"steady,latency=lognormal,p99=1s",
	"steady,rate=1000,burst=100",
	"steady,hang=0.01,reset=0.01",
}

func mustPreset(t *testing.T, name string) Scenario {
	t.Helper()
	p, ok := preset(name)
	require.True(t, ok, "preset %q exists", name)
	return p
}

func TestPresets(t *testing.T) {
	ps := Presets()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
		assert.NotEmpty(t, p.Summary, "preset %q has a summary", p.Name)
		assert.NotContains(t, p.Summary, "\n", "preset %q summary is one line", p.Name)
		assert.NoError(t, p.validate(), "preset %q is valid", p.Name)
		assert.Equal(t, p, p.resolved(), "preset %q has its defaults explicit", p.Name)
		assert.Equal(t, p.Name, p.String(), "preset %q prints as its bare name", p.Name)
	}
	assert.Equal(t, []string{"steady", "jittery", "flaky", "limited", "overloaded"}, names, "preset names in order")

	ps[0].Name = "changed"
	assert.Equal(t, "steady", Presets()[0].Name, "Presets returns a fresh slice")

	assert.Equal(t, Scenario{}.resolved().Latency, mustPreset(t, "steady").Latency,
		"the zero Scenario's latency is the steady preset's")
}

func TestParseScenario(t *testing.T) {
	steady := mustPreset(t, "steady")
	with := func(name string, f func(*Scenario)) Scenario {
		s := mustPreset(t, name)
		f(&s)
		return s
	}
	tests := []struct {
		name string
		spec string
		want Scenario
	}{
		{name: "steady", spec: "steady", want: steady},
		{name: "jittery", spec: "jittery", want: mustPreset(t, "jittery")},
		{name: "flaky override", spec: "flaky,errors=0.05", want: with("flaky", func(s *Scenario) { s.ErrorRate = 0.05 })},
		{name: "delay", spec: "steady,delay=50ms", want: with("steady", func(s *Scenario) { s.Latency.Delay = 50 * time.Millisecond })},
		{name: "zero delay", spec: "steady,delay=0", want: with("steady", func(s *Scenario) { s.Latency.Delay = 0 })},
		{name: "seed", spec: "jittery,seed=7", want: with("jittery", func(s *Scenario) { s.Seed = 7 })},
		{name: "limited to queue", spec: "limited,capacity=200,overflow=queue", want: with("limited", func(s *Scenario) {
			s.Capacity, s.Overflow = 200, OverflowQueue
		})},
		{name: "uniform", spec: "steady,latency=uniform,jitter=20ms", want: with("steady", func(s *Scenario) {
			s.Latency.Kind, s.Latency.Jitter = LatencyUniform, 20*time.Millisecond
		})},
		{name: "normal", spec: "steady,latency=normal,jitter=50ms", want: with("steady", func(s *Scenario) {
			s.Latency.Kind, s.Latency.Jitter = LatencyNormal, 50*time.Millisecond
		})},
		{name: "lognormal", spec: "steady,latency=lognormal,p99=1s", want: with("steady", func(s *Scenario) {
			s.Latency.Kind, s.Latency.P99 = LatencyLognormal, time.Second
		})},
		{name: "rate and burst", spec: "steady,rate=1000,burst=100", want: with("steady", func(s *Scenario) { s.Rate, s.Burst = 1000, 100 })},
		{name: "rate default burst", spec: "steady,rate=0.5", want: with("steady", func(s *Scenario) { s.Rate, s.Burst = 0.5, 1 })},
		{name: "hang and reset", spec: "steady,hang=0.01,reset=0.01", want: with("steady", func(s *Scenario) { s.HangRate, s.ResetRate = 0.01, 0.01 })},
		{name: "capacity default queue", spec: "steady,capacity=10", want: with("steady", func(s *Scenario) {
			s.Capacity, s.Overflow = 10, OverflowQueue
		})},
		{name: "capacity 0 drops the preset's overflow", spec: "limited,capacity=0", want: with("limited", func(s *Scenario) {
			s.Capacity, s.Overflow = 0, ""
		})},
		{name: "fixed drops the preset's p99", spec: "jittery,latency=fixed", want: with("jittery", func(s *Scenario) {
			s.Latency.Kind, s.Latency.P99 = LatencyFixed, 0
		})},
		{name: "spaces and order", spec: " flaky , seed=3 , errors = 0.2 ", want: with("flaky", func(s *Scenario) { s.Seed, s.ErrorRate = 3, 0.2 })},
		{name: "rates sum to exactly 1", spec: "steady,errors=0.1,hang=0.2,reset=0.7", want: with("steady", func(s *Scenario) {
			s.ErrorRate, s.HangRate, s.ResetRate = 0.1, 0.2, 0.7
		})},
		{name: "negative zero", spec: "flaky,errors=-0", want: with("flaky", func(s *Scenario) { s.ErrorRate = 0 })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScenario(tt.spec)
			require.NoError(t, err, "ParseScenario(%q)", tt.spec)
			assert.Equal(t, tt.want, got, "ParseScenario(%q)", tt.spec)

			again, err := ParseScenario(got.String())
			require.NoError(t, err, "ParseScenario(%q) of String()", got.String())
			assert.Equal(t, got, again, "ParseScenario(%q).String() = %q round-trips", tt.spec, got.String())
		})
	}
}

func TestParseScenarioString(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want string
	}{
		{name: "preset", spec: "flaky", want: "flaky"},
		{name: "override equal to the preset", spec: "flaky,errors=0.1", want: "flaky"},
		{name: "canonical order", spec: "steady,seed=7,jitter=20ms,latency=uniform", want: "steady,latency=uniform,jitter=20ms,seed=7"},
		{name: "duration canonical", spec: "steady,delay=1500ms", want: "steady,delay=1.5s"},
		{name: "default overflow shown", spec: "steady,capacity=10", want: "steady,capacity=10,overflow=queue"},
		{name: "default burst shown", spec: "steady,rate=5", want: "steady,rate=5,burst=1"},
		{name: "dropped p99 not shown", spec: "jittery,latency=fixed", want: "jittery,latency=fixed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseScenario(tt.spec)
			require.NoError(t, err, "ParseScenario(%q)", tt.spec)
			assert.Equal(t, tt.want, s.String(), "ParseScenario(%q).String()", tt.spec)
		})
	}

	assert.Equal(t, "steady", Scenario{}.String(), "the zero Scenario prints as steady")
	assert.Equal(t, "steady,delay=0s", Scenario{Latency: LatencyDist{Kind: LatencyFixed}}.String(), "fixed 0 by hand")
}

func TestParseScenarioErrors(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want string // part of the message
	}{
		{name: "empty", spec: "", want: "steady, jittery, flaky, limited, overloaded"},
		{name: "unknown preset", spec: "wobbly", want: "unknown preset \"wobbly\"; want one of steady, jittery"},
		{name: "preset case", spec: "Steady", want: "unknown preset"},
		{name: "unknown key", spec: "steady,speed=1", want: "unknown key \"speed\"; want one of latency, delay"},
		{name: "not key=value", spec: "steady,errors", want: "not key=value"},
		{name: "trailing comma", spec: "steady,", want: "not key=value"},
		{name: "empty key", spec: "steady,=1", want: "not key=value"},
		{name: "duplicate key", spec: "flaky,errors=0.1,errors=0.2", want: "given twice"},
		{name: "fraction over 1", spec: "flaky,errors=2", want: "errors 2: want a number in [0, 1]"},
		{name: "negative fraction", spec: "steady,hang=-0.1", want: "hang -0.1"},
		{name: "NaN fraction", spec: "steady,reset=NaN", want: "reset NaN"},
		{name: "fraction not a number", spec: "steady,errors=ten", want: "want a number"},
		{name: "fractions sum over 1", spec: "steady,errors=0.5,hang=0.3,reset=0.3", want: "sum to at most 1"},
		{name: "negative duration", spec: "steady,delay=-5ms", want: "delay -5ms"},
		{name: "malformed duration", spec: "steady,delay=5", want: "want a duration"},
		{name: "absurd duration", spec: "steady,delay=2h", want: "[0, 1h0m0s]"},
		{name: "p99 below median", spec: "jittery,p99=100ms", want: "p99 100ms is below the median"},
		{name: "lognormal without p99", spec: "steady,latency=lognormal", want: "below the median"},
		{name: "lognormal zero median", spec: "jittery,delay=0", want: "needs a median"},
		{name: "unknown latency", spec: "steady,latency=pareto", want: "want fixed, uniform, normal or lognormal"},
		{name: "jitter with fixed", spec: "steady,jitter=20ms", want: "only uniform and normal"},
		{name: "p99 with uniform", spec: "steady,latency=uniform,p99=1s", want: "only lognormal"},
		{name: "uniform below zero", spec: "steady,latency=uniform,delay=10ms,jitter=20ms", want: "go below 0"},
		{name: "bad overflow", spec: "limited,overflow=drop", want: "want queue or reject"},
		{name: "overflow without capacity", spec: "steady,overflow=reject", want: "needs a capacity > 0"},
		{name: "negative capacity", spec: "limited,capacity=-1", want: "capacity -1"},
		{name: "absurd capacity", spec: "limited,capacity=99999999999", want: "capacity"},
		{name: "negative rate", spec: "steady,rate=-1", want: "rate -1"},
		{name: "infinite rate", spec: "steady,rate=Inf", want: "rate +Inf"},
		{name: "burst without rate", spec: "steady,burst=10", want: "needs a rate > 0"},
		{name: "bad seed", spec: "steady,seed=-1", want: "seed \"-1\""},
		{name: "newline inside", spec: "ste\nady", want: "unknown preset \"ste\\nady\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseScenario(tt.spec)
			require.Error(t, err, "ParseScenario(%q) = %v, want an error", tt.spec, s)
			assert.ErrorIs(t, err, ErrScenario, "ParseScenario(%q) wraps ErrScenario", tt.spec)
			msg := err.Error()
			assert.NotContains(t, msg, "\n", "error %q is one line", msg)
			assert.True(t, strings.HasPrefix(msg, "thirdparty: "), "error %q starts with the package name", msg)
			assert.Contains(t, msg, tt.want, "ParseScenario(%q) error", tt.spec)
			assert.Equal(t, Scenario{}, s, "ParseScenario(%q) returns the zero Scenario on error", tt.spec)
		})
	}
}

func TestNewScenarioService(t *testing.T) {
	svc, err := NewScenarioService(Scenario{})
	require.NoError(t, err, "NewScenarioService(zero)")
	assert.Equal(t, mustPreset(t, "steady").Latency, svc.Scenario().Latency, "the zero Scenario serves a fixed 200 ms")

	_, err = NewScenarioService(Scenario{ErrorRate: 0.7, HangRate: 0.7})
	assert.ErrorIs(t, err, ErrScenario, "rates summing to 1.4 are refused")
	_, err = NewScenarioService(Scenario{Overflow: OverflowReject})
	assert.ErrorIs(t, err, ErrScenario, "an overflow without a capacity is refused")
	_, err = NewScenarioService(Scenario{Latency: LatencyDist{Kind: "pareto"}})
	assert.ErrorIs(t, err, ErrScenario, "an unknown latency kind is refused")

	svc, err = NewScenarioService(Scenario{Capacity: 3, Rate: 2})
	require.NoError(t, err, "capacity and rate with default overflow and burst")
	assert.Equal(t, OverflowQueue, svc.Scenario().Overflow, "Overflow \"\" means queue")
	assert.Equal(t, 1, svc.Scenario().Burst, "Burst 0 means 1")

	assert.Equal(t, time.Duration(0), NewService(0).Scenario().Latency.Delay, "NewService(0) answers at once")
	assert.Panics(t, func() { NewService(2 * time.Hour) }, "NewService over an hour panics")
}

func TestMaxLatency(t *testing.T) {
	tests := []struct {
		spec string
		want time.Duration
	}{
		{spec: "steady", want: 200 * time.Millisecond},
		{spec: "steady,latency=uniform,jitter=20ms", want: 220 * time.Millisecond},
		{spec: "steady,latency=normal,jitter=10ms", want: 260 * time.Millisecond},
		{spec: "jittery", want: 8 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := ParseScenario(tt.spec)
			require.NoError(t, err, "ParseScenario(%q)", tt.spec)
			assert.Equal(t, tt.want, s.MaxLatency(), "ParseScenario(%q).MaxLatency()", tt.spec)
		})
	}
}

func parse(t *testing.T, spec string) Scenario {
	t.Helper()
	s, err := ParseScenario(spec)
	require.NoError(t, err, "ParseScenario(%q)", spec)
	return s
}

func TestDecideDeterministic(t *testing.T) {
	for _, spec := range []string{"jittery", "steady,latency=uniform,jitter=50ms,errors=0.2,hang=0.1,reset=0.1", "steady,latency=normal,jitter=30ms"} {
		t.Run(spec, func(t *testing.T) {
			s := parse(t, spec)
			same := parse(t, spec)
			attemptsDiffer, seedsDiffer := 0, 0
			other := s
			other.Seed++
			for id := range uint64(1000) {
				o1, d1 := s.decide(id, 0)
				o2, d2 := same.decide(id, 0)
				assert.Equal(t, o1, o2, "decide(%d, 0) outcome is the same every time", id)
				assert.Equal(t, d1, d2, "decide(%d, 0) latency is the same every time", id)
				if _, d3 := s.decide(id, 1); d3 != d1 {
					attemptsDiffer++
				}
				if _, d4 := other.decide(id, 0); d4 != d1 {
					seedsDiffer++
				}
			}
			assert.Greater(t, attemptsDiffer, 900, "attempt 1 draws afresh for most of 1000 ids")
			assert.Greater(t, seedsDiffer, 900, "another seed draws afresh for most of 1000 ids")
		})
	}

	// Outcomes differ between attempts too.
	s := parse(t, "flaky,errors=0.5")
	differ := 0
	for id := range uint64(100) {
		o0, _ := s.decide(id, 0)
		o1, _ := s.decide(id, 1)
		if o0 != o1 {
			differ++
		}
	}
	assert.Greater(t, differ, 20, "with 50 %% errors, attempts 0 and 1 differ in outcome for some of 100 ids")
}

func TestDecideFractions(t *testing.T) {
	const n = 10000
	tests := []struct {
		spec             string
		fail, hang, rset float64
	}{
		{spec: "flaky", fail: 0.10},
		{spec: "flaky,seed=99", fail: 0.10},
		{spec: "steady,errors=0.05,hang=0.02,reset=0.03", fail: 0.05, hang: 0.02, rset: 0.03},
		{spec: "steady,errors=1", fail: 1},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s := parse(t, tt.spec)
			var counts [4]int
			for id := range uint64(n) {
				o, _ := s.decide(id, 0)
				counts[o]++
			}
			frac := func(o outcome) float64 { return float64(counts[o]) / n }
			assert.InDelta(t, tt.fail, frac(outcomeFail), 0.02, "500 fraction of %s over %d ids", tt.spec, n)
			assert.InDelta(t, tt.hang, frac(outcomeHang), 0.02, "hang fraction of %s over %d ids", tt.spec, n)
			assert.InDelta(t, tt.rset, frac(outcomeReset), 0.02, "reset fraction of %s over %d ids", tt.spec, n)
		})
	}
}

// quantile returns the q-quantile of sorted (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(math.Ceil(q*float64(len(sorted))))-1]
}

func TestDecideLatencyDistributions(t *testing.T) {
	const n = 10000
	draws := func(s Scenario) []time.Duration {
		ds := make([]time.Duration, n)
		for id := range uint64(n) {
			_, ds[id] = s.decide(id, 0)
		}
		slices.Sort(ds)
		return ds
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

	t.Run("lognormal", func(t *testing.T) {
		ds := draws(parse(t, "jittery"))
		assert.InEpsilon(t, 200.0, ms(quantile(ds, 0.5)), 0.05, "jittery's median is 200 ms ± 5 %%")
		assert.InEpsilon(t, 800.0, ms(quantile(ds, 0.99)), 0.10, "jittery's p99 is 800 ms ± 10 %%")
		assert.Greater(t, ms(ds[n-1]), 1000.0, "jittery has a heavy tail past 1 s")
	})
	t.Run("lognormal other p99", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=lognormal,delay=50ms,p99=2s,seed=5"))
		assert.InEpsilon(t, 50.0, ms(quantile(ds, 0.5)), 0.05, "median 50 ms ± 5 %%")
		assert.InEpsilon(t, 2000.0, ms(quantile(ds, 0.99)), 0.10, "p99 2 s ± 10 %%")
	})
	t.Run("uniform", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=uniform,jitter=50ms"))
		assert.GreaterOrEqual(t, ds[0], 150*time.Millisecond, "uniform minimum ≥ delay − jitter")
		assert.LessOrEqual(t, ds[n-1], 250*time.Millisecond, "uniform maximum ≤ delay + jitter")
		assert.InDelta(t, 155.0, ms(quantile(ds, 0.05)), 2, "uniform 5th percentile")
		assert.InDelta(t, 200.0, ms(quantile(ds, 0.5)), 2, "uniform median")
	})
	t.Run("normal", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=normal,jitter=20ms"))
		var sum float64
		for _, d := range ds {
			sum += ms(d)
		}
		mean := sum / n
		var sq float64
		for _, d := range ds {
			sq += (ms(d) - mean) * (ms(d) - mean)
		}
		assert.InDelta(t, 200.0, mean, 1, "normal mean")
		assert.InEpsilon(t, 20.0, math.Sqrt(sq/(n-1)), 0.05, "normal standard deviation")
	})
	t.Run("normal clamped at 0", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=normal,delay=10ms,jitter=20ms"))
		assert.Equal(t, time.Duration(0), ds[0], "normal draws below 0 are clamped to 0")
		assert.LessOrEqual(t, ds[n-1], 130*time.Millisecond, "normal draws are clamped to delay + 6 jitter")
	})
	t.Run("fixed", func(t *testing.T) {
		ds := draws(parse(t, "steady,delay=70ms,seed=3"))
		assert.Equal(t, 70*time.Millisecond, ds[0], "fixed minimum")
		assert.Equal(t, 70*time.Millisecond, ds[n-1], "fixed maximum")
	})
}

func TestServiceAttemptQuery(t *testing.T) {
	tests := []struct {
		name   string
		target string
		want   int
	}{
		{name: "no query", target: "/entries/1", want: http.StatusOK},
		{name: "attempt 0", target: "/entries/1?attempt=0", want: http.StatusOK},
		{name: "attempt 3", target: "/entries/1?attempt=3", want: http.StatusOK},
		{name: "negative", target: "/entries/1?attempt=-1", want: http.StatusBadRequest},
		{name: "letters", target: "/entries/1?attempt=x", want: http.StatusBadRequest},
		{name: "empty value", target: "/entries/1?attempt=", want: http.StatusBadRequest},
		{name: "too big", target: "/entries/1?attempt=2147483648", want: http.StatusBadRequest},
		{name: "other key", target: "/entries/1?try=1", want: http.StatusBadRequest},
		{name: "extra key", target: "/entries/1?attempt=1&x=2", want: http.StatusBadRequest},
		{name: "bare question mark", target: "/entries/1?", want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewService(0)
			w := serve(t, s, http.MethodGet, tt.target)
			assert.Equal(t, tt.want, w.Code, "GET %s status", tt.target)
		})
	}
}

func TestServiceBodyTooLarge(t *testing.T) {
	s := NewService(0)
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/entries/1", strings.NewReader(strings.Repeat("x", 2<<10)))
	s.ServeHTTP(w, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code, "a 2 KiB body is refused")
	assert.Equal(t, Stats{Errors: 1}, s.Stats(), "the 413 is counted as an error")

	w = httptest.NewRecorder()
	r = httptest.NewRequest(http.MethodGet, "/entries/1", strings.NewReader("small"))
	s.ServeHTTP(w, r)
	assert.Equal(t, http.StatusOK, w.Code, "a small body is ignored")
}

func TestServiceInjectedFaultsDirect(t *testing.T) {
	svc, err := NewScenarioService(parse(t, "steady,delay=0,errors=1"))
	require.NoError(t, err, "NewScenarioService")
	w := serve(t, svc, http.MethodGet, "/entries/1")
	assert.Equal(t, http.StatusInternalServerError, w.Code, "errors=1 answers 500")
	assert.Equal(t, Stats{Errors: 1, Failed: 1, PeakInFlight: 1}, svc.Stats(), "stats after an injected 500")

	svc, err = NewScenarioService(parse(t, "steady,delay=0,reset=1"))
	require.NoError(t, err, "NewScenarioService")
	assert.PanicsWithError(t, http.ErrAbortHandler.Error(), func() { serve(t, svc, http.MethodGet, "/entries/1") },
		"reset=1 aborts the handler with http.ErrAbortHandler")
	assert.Equal(t, Stats{Reset: 1, PeakInFlight: 1}, svc.Stats(), "stats after a reset: nothing left in flight")
}

// startScenario is startBubble for a scenario spec.
func startScenario(t *testing.T, spec string, opts ClientOptions) (*Service, *Client, func()) {
	t.Helper()
	svc, err := NewScenarioService(parse(t, spec))
	require.NoError(t, err, "NewScenarioService(%q)", spec)
	c, stop := startBubble(t, svc, opts)
	return svc, c, stop
}

// callAll makes n concurrent calls and returns each one's error and
// virtual duration.
func callAll(ctx context.Context, c *Client, n int) ([]error, []time.Duration) {
	errs := make([]error, n)
	took := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			start := time.Now()
			errs[i] = c.Call(ctx, i)
			took[i] = time.Since(start)
		})
	}
	wg.Wait()
	return errs, took
}

func TestScenarioLatencyVirtualTime(t *testing.T) {
	tests := []struct {
		name string
		spec string
	}{
		{name: "fixed", spec: "steady,delay=50ms"},
		{name: "uniform", spec: "steady,latency=uniform,jitter=100ms,seed=4"},
		{name: "lognormal", spec: "jittery,seed=11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				svc, c, stop := startScenario(t, tt.spec, ClientOptions{})
				defer stop()
				for i := range 5 {
					for attempt := range 2 {
						start := time.Now()
						err := c.CallAttempt(t.Context(), i, attempt)
						took := time.Since(start)
						require.NoError(t, err, "CallAttempt(ctx, %d, %d)", i, attempt)
						_, want := svc.sc.decide(uint64(i), uint64(attempt))
						assert.Equal(t, want, took, "CallAttempt(ctx, %d, %d) takes exactly the drawn latency", i, attempt)
					}
				}
				assert.Equal(t, int64(10), svc.Stats().Served, "all 10 calls served")
			})
		})
	}
}

func TestScenarioCapacityRejectVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const k, n = 3, 5
		svc, c, stop := startScenario(t, "limited,capacity=3", ClientOptions{Concurrency: n})
		defer stop()

		errs, took := callAll(t.Context(), c, n)
		ok, rejected := 0, 0
		for i, err := range errs {
			var se *StatusError
			switch {
			case err == nil:
				ok++
				assert.Equal(t, DefaultDelay, took[i], "call %d within capacity takes the delay", i)
			case errors.As(err, &se):
				rejected++
				assert.Equal(t, http.StatusTooManyRequests, se.Code, "call %d beyond capacity gets 429", i)
				assert.Equal(t, time.Second, se.RetryAfter, "call %d gets Retry-After: 1", i)
				assert.Zero(t, took[i], "call %d is rejected at once", i)
			default:
				t.Errorf("call %d: unexpected error %v", i, err)
			}
		}
		assert.Equal(t, k, ok, "%d calls within capacity succeed", k)
		assert.Equal(t, n-k, rejected, "%d calls beyond capacity are rejected", n-k)
		assert.Equal(t, Stats{Served: k, PeakInFlight: k, Errors: n - k, Rejected: n - k}, svc.Stats(), "stats after reject")
	})
}

func TestScenarioCapacityQueueVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const k = 2
		svc, c, stop := startScenario(t, "overloaded,capacity=2", ClientOptions{Concurrency: k + 1})
		defer stop()

		errs, took := callAll(t.Context(), c, k+1)
		for i, err := range errs {
			assert.NoError(t, err, "Call(ctx, %d) in queue mode", i)
		}
		slices.Sort(took)
		assert.Equal(t, []time.Duration{DefaultDelay, DefaultDelay, 2 * DefaultDelay}, took,
			"the (K+1)th call waits exactly one more delay")
		assert.Equal(t, Stats{Served: k + 1, PeakInFlight: k}, svc.Stats(), "peak in flight is the capacity")
	})
}

func TestScenarioQueueLeftByClientVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "overloaded,capacity=1", ClientOptions{Concurrency: 2})
		defer stop()
		ctx := t.Context()

		var wg sync.WaitGroup
		wg.Go(func() { assert.NoError(t, c.Call(ctx, 0), "the call holding the slot succeeds") })
		synctest.Wait() // call 0 holds the only slot
		qctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		err := c.Call(qctx, 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a queued call whose ctx ends gives up")
		wg.Wait()
		synctest.Wait()
		assert.Equal(t, Stats{Served: 1, PeakInFlight: 1, Cancelled: 1}, svc.Stats(), "the queued call left the queue")
	})
}

func TestScenarioRateLimitVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "steady,delay=0,rate=1,burst=2", ClientOptions{})
		defer stop()
		ctx := t.Context()

		assert.NoError(t, c.Call(ctx, 0), "first call uses the burst")
		assert.NoError(t, c.Call(ctx, 1), "second call uses the burst")
		err := c.Call(ctx, 2)
		var se *StatusError
		require.ErrorAs(t, err, &se, "third call at once = %v, want a *StatusError", err)
		assert.Equal(t, http.StatusTooManyRequests, se.Code, "the rate limit answers 429")
		assert.Equal(t, time.Second, se.RetryAfter, "Retry-After is the second until the next token")

		time.Sleep(time.Second)
		assert.NoError(t, c.Call(ctx, 2), "after Retry-After the call succeeds")
		assert.Equal(t, Stats{Served: 3, PeakInFlight: 1, Errors: 1, Rejected: 1}, svc.Stats(), "stats after the rate limit")
	})

	synctest.Test(t, func(t *testing.T) {
		_, c, stop := startScenario(t, "steady,delay=0,rate=0.25", ClientOptions{})
		defer stop()
		assert.NoError(t, c.Call(t.Context(), 0), "first call uses the burst of 1")
		var se *StatusError
		require.ErrorAs(t, c.Call(t.Context(), 1), &se, "second call is limited")
		assert.Equal(t, 4*time.Second, se.RetryAfter, "at 0.25/s the next token is 4 s away")
	})
}

func TestScenarioHangVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "steady,hang=1", ClientOptions{})
		defer stop()
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()

		start := time.Now()
		err := c.Call(ctx, 1)
		took := time.Since(start)
		synctest.Wait() // let the handler see the client has gone

		assert.ErrorIs(t, err, context.DeadlineExceeded, "a hung call ends with the client's ctx")
		assert.Equal(t, 3*time.Second, took, "a hung call returns exactly when the client's ctx ends")
		assert.Equal(t, Stats{Hung: 1, PeakInFlight: 1}, svc.Stats(), "stats after a hang")
	})

	synctest.Test(t, func(t *testing.T) {
		// Without a ctx deadline, the client's own Timeout ends it.
		_, c, stop := startScenario(t, "steady,hang=1", ClientOptions{Timeout: 10 * time.Second})
		defer stop()
		start := time.Now()
		err := c.Call(t.Context(), 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a hung call ends with the client's timeout")
		assert.Equal(t, 10*time.Second, time.Since(start), "a hung call returns exactly at the client's timeout")
	})
}

func TestScenarioErrorsVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "flaky,errors=1", ClientOptions{})
		defer stop()
		start := time.Now()
		err := c.Call(t.Context(), 1)
		var se *StatusError
		require.ErrorAs(t, err, &se, "Call = %v, want a *StatusError", err)
		assert.Equal(t, http.StatusInternalServerError, se.Code, "errors=1 answers 500")
		assert.Equal(t, DefaultDelay, time.Since(start), "the 500 comes after the delay")
		assert.Equal(t, Stats{Errors: 1, Failed: 1, PeakInFlight: 1}, svc.Stats(), "stats after a 500")
	})
}

func TestScenarioResetVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "steady,reset=1", ClientOptions{})
		defer stop()
		err := c.Call(t.Context(), 1)
		require.Error(t, err, "a reset call fails")
		assert.True(t, errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF),
			"Call = %v, want ECONNRESET, io.ErrUnexpectedEOF or io.EOF", err)
		synctest.Wait()
		st := svc.Stats()
		assert.GreaterOrEqual(t, st.Reset, int64(1), "the service counts the reset")
		assert.Zero(t, st.Served, "nothing served")
		assert.Zero(t, st.InFlight, "nothing left in flight")
	})
}
