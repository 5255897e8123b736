package thirdparty

import (
	"strings"
	"testing"
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
		{name: "scaled p99 shown", spec: "jittery,delay=20ms", want: "jittery,delay=20ms,p99=80ms"},
		{name: "explicit p99 equal to the preset's shown", spec: "jittery,delay=20ms,p99=800ms", want: "jittery,delay=20ms,p99=800ms"},
		{name: "explicit p99 after delay", spec: "jittery,p99=1s,delay=20ms", want: "jittery,delay=20ms,p99=1s"},
		{name: "preset delay scales nothing", spec: "jittery,delay=200ms", want: "jittery"},
		{name: "zero delay scales p99 to zero", spec: "jittery,delay=0", want: "jittery,delay=0s,p99=0s"},
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
		{name: "lognormal zero median", spec: "jittery,delay=0,p99=1s", want: "needs a median"},
		{name: "delay scales p99 past an hour", spec: "jittery,delay=1h", want: "delay 1h0m0s scales the preset's p99 800ms past 1h0m0s: give p99= too"},
		{name: "explicit p99 below a scaled median", spec: "jittery,delay=1s,p99=800ms", want: "p99 800ms is below the median"},
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

func parse(t *testing.T, spec string) Scenario {
	t.Helper()
	s, err := ParseScenario(spec)
	require.NoError(t, err, "ParseScenario(%q)", spec)
	return s
}

// A delay override scales the preset's whole latency shape; an explicit
// time still wins.
func TestParseScenarioScalesShape(t *testing.T) {
	tests := []struct {
		name    string
		spec    string
		want    LatencyDist
		wantMax time.Duration // MaxLatency
	}{
		{name: "jittery at a tenth", spec: "jittery,delay=20ms",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: 20 * time.Millisecond, P99: 80 * time.Millisecond},
			wantMax: 800 * time.Millisecond},
		{name: "jittery at the quick 2 ms", spec: "jittery,delay=2ms",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: 2 * time.Millisecond, P99: 8 * time.Millisecond},
			wantMax: 80 * time.Millisecond},
		{name: "jittery five times slower", spec: "jittery,delay=1s",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: time.Second, P99: 4 * time.Second},
			wantMax: 40 * time.Second},
		{name: "a few nanoseconds", spec: "jittery,delay=3ns",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: 3, P99: 12},
			wantMax: 120},
		{name: "zero delay", spec: "jittery,delay=0",
			want:    LatencyDist{Kind: LatencyLognormal},
			wantMax: 0},
		{name: "explicit p99 wins", spec: "jittery,delay=20ms,p99=1s",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: 20 * time.Millisecond, P99: time.Second},
			wantMax: 10 * time.Second},
		{name: "explicit p99 wins in any order", spec: "jittery,p99=300ms,delay=100ms",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: 100 * time.Millisecond, P99: 300 * time.Millisecond},
			wantMax: 3 * time.Second},
		{name: "no delay override, no scaling", spec: "jittery,seed=7",
			want:    LatencyDist{Kind: LatencyLognormal, Delay: 200 * time.Millisecond, P99: 800 * time.Millisecond},
			wantMax: 8 * time.Second},
		{name: "a dropped p99 is not scaled", spec: "jittery,latency=fixed,delay=20ms",
			want:    LatencyDist{Kind: LatencyFixed, Delay: 20 * time.Millisecond},
			wantMax: 20 * time.Millisecond},
		{name: "an explicit jitter is not scaled", spec: "steady,latency=uniform,jitter=20ms,delay=100ms",
			want:    LatencyDist{Kind: LatencyUniform, Delay: 100 * time.Millisecond, Jitter: 20 * time.Millisecond},
			wantMax: 120 * time.Millisecond},
		{name: "fixed has nothing else to scale", spec: "limited,delay=20ms",
			want:    LatencyDist{Kind: LatencyFixed, Delay: 20 * time.Millisecond},
			wantMax: 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parse(t, tt.spec)
			assert.Equal(t, tt.want, s.Latency, "ParseScenario(%q).Latency", tt.spec)
			assert.Equal(t, tt.wantMax, s.MaxLatency(), "ParseScenario(%q).MaxLatency()", tt.spec)
			again := parse(t, s.String())
			assert.Equal(t, s, again, "ParseScenario(%q).String() = %q round-trips", tt.spec, s.String())
		})
	}
	limited := parse(t, "limited,delay=20ms")
	assert.Equal(t, 500, limited.Capacity, "a delay override leaves the capacity (a count) alone")
}

func TestScaleDuration(t *testing.T) {
	const h = time.Hour
	tests := []struct {
		name        string
		v, num, den time.Duration
		want        time.Duration
		wantOK      bool
	}{
		{name: "a tenth", v: 800 * time.Millisecond, num: 20 * time.Millisecond, den: 200 * time.Millisecond, want: 80 * time.Millisecond, wantOK: true},
		{name: "identity", v: 800 * time.Millisecond, num: 200 * time.Millisecond, den: 200 * time.Millisecond, want: 800 * time.Millisecond, wantOK: true},
		{name: "to zero", v: 800 * time.Millisecond, num: 0, den: 200 * time.Millisecond, want: 0, wantOK: true},
		{name: "half rounds up", v: 1, num: 1, den: 2, want: 1, wantOK: true},
		{name: "a third rounds down", v: 1, num: 1, den: 3, want: 0, wantOK: true},
		{name: "two thirds round up", v: 2, num: 1, den: 3, want: 1, wantOK: true},
		{name: "an hour times an hour over an hour, exactly", v: h, num: h, den: h, want: h, wantOK: true},
		{name: "overflow", v: h, num: h, den: 1},
		{name: "zero denominator", v: 1, num: 1, den: 0},
		{name: "negative", v: -1, num: 1, den: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scaleDuration(tt.v, tt.num, tt.den)
			assert.Equal(t, tt.wantOK, ok, "scaleDuration(%d, %d, %d) ok", tt.v, tt.num, tt.den)
			if tt.wantOK {
				assert.Equal(t, tt.want, got, "scaleDuration(%d, %d, %d)", tt.v, tt.num, tt.den)
			}
		})
	}
}
