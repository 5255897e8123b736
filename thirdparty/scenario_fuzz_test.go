package thirdparty

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseScenario checks that ParseScenario never panics, that every
// error is one line wrapping ErrScenario, and that a parsed Scenario is
// valid and survives String and ParseScenario unchanged. Its seed corpus
// (the presets, the documented examples and some bad specs) runs as an
// ordinary test.
func FuzzParseScenario(f *testing.F) {
	for _, spec := range scenarioExamples {
		f.Add(spec)
	}
	for _, spec := range []string{
		"", ",", "steady,", "steady,,", "=", "steady,=", "steady,delay", "wobbly",
		"flaky,errors=2", "steady,delay=-1s", "jittery,p99=1ms", "limited,overflow=drop",
		"steady,errors=0.5,hang=0.3,reset=0.3", "steady,rate=NaN", "steady,seed=18446744073709551615",
		"steady,latency=normal,jitter=1h", "jittery,latency=fixed", "limited,capacity=0",
		"steady,delay=1.5µs", "steady,errors=0x1p-4", "steady,rate=1e-300",
		"jittery,delay=20ms", "jittery,delay=20ms,p99=800ms", "jittery,delay=1h", "jittery,delay=0",
		"jittery,delay=7ns", "jittery,delay=59m59.999999999s,p99=1h",
	} {
		f.Add(spec)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseScenario(spec)
		if err != nil {
			if !errors.Is(err, ErrScenario) {
				t.Fatalf("ParseScenario(%q) = %v, want an error wrapping ErrScenario", spec, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseScenario(%q) error %q is not one line", spec, err)
			}
			return
		}
		if err := s.validate(); err != nil {
			t.Fatalf("ParseScenario(%q) = %+v, which is invalid: %v", spec, s, err)
		}
		canon := s.String()
		again, err := ParseScenario(canon)
		if err != nil {
			t.Fatalf("ParseScenario(%q).String() = %q, which does not parse: %v", spec, canon, err)
		}
		if again != s {
			t.Fatalf("ParseScenario(%q) = %+v, but ParseScenario(%q) = %+v", spec, s, canon, again)
		}
		if again.String() != canon {
			t.Fatalf("String is not stable: %q then %q", canon, again.String())
		}
		// The draws never panic and stay in range.
		for id := range uint64(3) {
			if _, d := s.decide(id, id); d < 0 || d > s.MaxLatency() {
				t.Fatalf("ParseScenario(%q).decide(%d) latency %v outside [0, %v]", spec, id, d, s.MaxLatency())
			}
		}
	})
}
