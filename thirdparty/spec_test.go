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

func parse(t *testing.T, spec string) Scenario {
	t.Helper()
	s, err := ParseScenario(spec)
	require.NoError(t, err, "ParseScenario(%q)", spec)
	return s
}
