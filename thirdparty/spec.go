package thirdparty

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// The override keys of a spec, in the order String writes them.
var scenarioKeys = [...]string{
	"latency", "delay", "jitter", "p99", "capacity", "overflow",
	"rate", "burst", "errors", "hang", "reset", "seed",
}

// ParseScenario parses spec: a preset name (see [Presets]) optionally
// followed by comma-separated key=value overrides, such as
// "flaky,errors=0.05" or "steady,latency=uniform,jitter=20ms". The keys
// are
//
//	latency   fixed, uniform, normal or lognormal
//	delay     Latency.Delay (the median for lognormal), a Go duration
//	jitter    Latency.Jitter (uniform and normal only)
//	p99       Latency.P99 (lognormal only)
//	capacity  Capacity, an integer >= 0
//	overflow  queue or reject (only with capacity > 0; default queue)
//	rate      Rate in requests per second (0 = none)
//	burst     Burst (only with rate > 0; default 1)
//	errors    ErrorRate, hang HangRate, reset ResetRate: fractions in [0, 1]
//	seed      Seed, an unsigned integer
//
// Each key may be given once, in any order. A value the preset has that
// the overrides make meaningless (the preset's p99 after latency=fixed, its
// overflow after capacity=0) is dropped; given explicitly, it is an error.
// A delay override scales the preset's whole latency shape: the jitter and
// p99 not given explicitly are multiplied by the factor the delay changed
// by, so "jittery,delay=20ms" has a p99 of 80 ms (a tenth of jittery's
// 800 ms), while "jittery,delay=20ms,p99=800ms" keeps the 800 ms given.
// Every error is one line and wraps [ErrScenario].
func ParseScenario(spec string) (Scenario, error) {
	s, err := parseScenario(spec)
	if err != nil {
		return Scenario{}, fmt.Errorf("%w %q: %s", ErrScenario, spec, err)
	}
	return s, nil
}

func parseScenario(spec string) (Scenario, error) {
	name, rest, _ := strings.Cut(spec, ",")
	name = strings.TrimSpace(name)
	if name == "" {
		return Scenario{}, fmt.Errorf("no preset name; want one of %s", presetNames())
	}
	s, ok := preset(name)
	if !ok {
		return Scenario{}, fmt.Errorf("unknown preset %q; want one of %s", name, presetNames())
	}
	presetDelay := s.Latency.Delay
	var set [len(scenarioKeys)]bool
	if strings.Contains(spec, ",") {
		for part := range strings.SplitSeq(rest, ",") {
			k, v, ok := strings.Cut(part, "=")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || k == "" {
				return Scenario{}, fmt.Errorf("override %q is not key=value", part)
			}
			i := keyIndex(k)
			if i < 0 {
				return Scenario{}, fmt.Errorf("unknown key %q; want one of %s", k, strings.Join(scenarioKeys[:], ", "))
			}
			if set[i] {
				return Scenario{}, fmt.Errorf("key %q given twice", k)
			}
			set[i] = true
			if err := s.set(k, v); err != nil {
				return Scenario{}, err
			}
		}
	}

	// Drop the preset's values the overrides made meaningless; an explicit
	// one is left for validate to reject.
	kind := s.Latency.Kind
	if !set[keyIndex("jitter")] && kind != LatencyUniform && kind != LatencyNormal {
		s.Latency.Jitter = 0
	}
	if !set[keyIndex("p99")] && kind != LatencyLognormal {
		s.Latency.P99 = 0
	}
	if !set[keyIndex("overflow")] && s.Capacity == 0 {
		s.Overflow = ""
	}
	if !set[keyIndex("burst")] && s.Rate == 0 {
		s.Burst = 0
	}
	if set[keyIndex("delay")] {
		if err := scaleShape(&s.Latency, presetDelay, set); err != nil {
			return Scenario{}, err
		}
	}
	s = s.resolved()
	if err := s.validate(); err != nil {
		return Scenario{}, err
	}
	return s, nil
}

// scaleShape scales the latency times of l that set does not give (jitter,
// p99) by l.Delay / from, the factor a delay override moved the preset's
// delay by: a delay override scales the preset's whole latency shape, so
// "jittery,delay=20ms" is a tenth of jittery (p99 80 ms), not a 20 ms median
// under an 800 ms tail. The preset's values the kind made meaningless are
// already dropped (0), so they stay 0. There is no other time in a
// Scenario: capacity and burst are counts, and the rate limit is a
// throughput the delay does not set.
func scaleShape(l *LatencyDist, from time.Duration, set [len(scenarioKeys)]bool) error {
	for _, p := range [...]struct {
		key string
		v   *time.Duration
	}{{"jitter", &l.Jitter}, {"p99", &l.P99}} {
		if set[keyIndex(p.key)] || *p.v == 0 {
			continue
		}
		scaled, ok := scaleDuration(*p.v, l.Delay, from)
		if !ok || scaled > maxScenarioDuration {
			return fmt.Errorf("delay %v scales the preset's %s %v past %v: give %s= too", l.Delay, p.key, *p.v, maxScenarioDuration, p.key)
		}
		*p.v = scaled
	}
	return nil
}

// scaleDuration returns v × num / den rounded to the nearest nanosecond
// (halves up), exactly (in 128 bits), and false if den is not positive, v
// or num is negative, or the result overflows. v × 1 / 1 is v.
func scaleDuration(v, num, den time.Duration) (time.Duration, bool) {
	if den <= 0 || v < 0 || num < 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(v), uint64(num))
	if hi >= uint64(den) { // the quotient would not fit in 64 bits
		return 0, false
	}
	q, r := bits.Div64(hi, lo, uint64(den))
	if r >= uint64(den)-r {
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	return time.Duration(q), true
}

func keyIndex(k string) int {
	for i, key := range scenarioKeys {
		if key == k {
			return i
		}
	}
	return -1
}

// set applies one override.
func (s *Scenario) set(k, v string) error {
	var err error
	switch k {
	case "latency":
		switch kind := LatencyKind(v); kind {
		case LatencyFixed, LatencyUniform, LatencyNormal, LatencyLognormal:
			s.Latency.Kind = kind
		default:
			return fmt.Errorf("latency %q: want fixed, uniform, normal or lognormal", v)
		}
	case "delay":
		s.Latency.Delay, err = parseDuration(k, v)
	case "jitter":
		s.Latency.Jitter, err = parseDuration(k, v)
	case "p99":
		s.Latency.P99, err = parseDuration(k, v)
	case "capacity":
		s.Capacity, err = parseCount(k, v)
	case "overflow":
		switch p := OverflowPolicy(v); p {
		case OverflowQueue, OverflowReject:
			s.Overflow = p
		default:
			return fmt.Errorf("overflow %q: want queue or reject", v)
		}
	case "rate":
		s.Rate, err = parseFloat(k, v, maxScenarioRate)
	case "burst":
		s.Burst, err = parseCount(k, v)
	case "errors":
		s.ErrorRate, err = parseFloat(k, v, 1)
	case "hang":
		s.HangRate, err = parseFloat(k, v, 1)
	case "reset":
		s.ResetRate, err = parseFloat(k, v, 1)
	case "seed":
		s.Seed, err = strconv.ParseUint(v, 10, 64)
		if err != nil {
			err = fmt.Errorf("seed %q: want an unsigned decimal integer", v)
		}
	}
	return err
}

func parseDuration(k, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want a duration such as 200ms", k, v)
	}
	if d < 0 || d > maxScenarioDuration {
		return 0, fmt.Errorf("%s %v: want a duration in [0, %v]", k, d, maxScenarioDuration)
	}
	return d, nil
}

func parseCount(k, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want an integer", k, v)
	}
	if n < 0 || n > maxScenarioCount {
		return 0, fmt.Errorf("%s %d: want an integer in [0, %d]", k, n, maxScenarioCount)
	}
	return n, nil
}

func parseFloat(k, v string, limit float64) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want a number", k, v)
	}
	if !(f >= 0 && f <= limit) { // also rejects NaN
		return 0, fmt.Errorf("%s %v: want a number in [0, %g]", k, f, limit)
	}
	return f + 0, nil // + 0 turns -0 into 0
}

// String returns the canonical spec of s: its preset's name ("steady" if
// Name is not a preset) followed by the overrides where s differs from
// that preset, in a fixed key order, for example "flaky,errors=0.05". For
// any Scenario from [ParseScenario] or [Presets], ParseScenario(s.String())
// returns s again.
func (s Scenario) String() string {
	s = s.resolved()
	base, ok := preset(s.Name)
	if !ok {
		base, _ = preset(DefaultPreset)
	}
	b := []byte(base.Name)
	add := func(k string) { b = append(append(append(b, ','), k...), '=') }
	l, bl := s.Latency, base.Latency
	if l.Kind != bl.Kind {
		add("latency")
		b = append(b, l.Kind...)
	}
	if l.Delay != bl.Delay {
		add("delay")
		b = append(b, l.Delay.String()...)
	}
	// A shape time is left out only where parsing would give it back: equal
	// to the preset's and to the preset's scaled by the delay (see
	// scaleShape). So a scaled shape is written out ("jittery,delay=20ms,
	// p99=80ms"), and the header records the times that ran.
	implied := func(v, base time.Duration) bool {
		scaled, ok := scaleDuration(base, l.Delay, bl.Delay)
		return v == base && ok && v == scaled
	}
	if (l.Kind == LatencyUniform || l.Kind == LatencyNormal) && !implied(l.Jitter, bl.Jitter) {
		add("jitter")
		b = append(b, l.Jitter.String()...)
	}
	if l.Kind == LatencyLognormal && !implied(l.P99, bl.P99) {
		add("p99")
		b = append(b, l.P99.String()...)
	}
	if s.Capacity != base.Capacity {
		add("capacity")
		b = strconv.AppendInt(b, int64(s.Capacity), 10)
	}
	if s.Capacity > 0 && s.Overflow != base.Overflow {
		add("overflow")
		b = append(b, s.Overflow...)
	}
	if s.Rate != base.Rate {
		add("rate")
		b = strconv.AppendFloat(b, s.Rate, 'g', -1, 64)
	}
	if s.Rate > 0 && s.Burst != base.Burst {
		add("burst")
		b = strconv.AppendInt(b, int64(s.Burst), 10)
	}
	for _, r := range [...]struct {
		k       string
		v, base float64
	}{{"errors", s.ErrorRate, base.ErrorRate}, {"hang", s.HangRate, base.HangRate}, {"reset", s.ResetRate, base.ResetRate}} {
		if r.v != r.base {
			add(r.k)
			b = strconv.AppendFloat(b, r.v, 'g', -1, 64)
		}
	}
	if s.Seed != base.Seed {
		add("seed")
		b = strconv.AppendUint(b, s.Seed, 10)
	}
	return string(b)
}
