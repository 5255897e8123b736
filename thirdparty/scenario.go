package thirdparty

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrScenario is wrapped by every error from [ParseScenario] and by the
// errors [NewScenarioService] returns for an invalid [Scenario].
var ErrScenario = errors.New("thirdparty: bad scenario")

// LatencyKind names the distribution a [LatencyDist] draws from.
type LatencyKind string

// The latency distributions.
const (
	// LatencyFixed takes exactly Delay.
	LatencyFixed LatencyKind = "fixed"
	// LatencyUniform draws uniformly from [Delay-Jitter, Delay+Jitter].
	LatencyUniform LatencyKind = "uniform"
	// LatencyNormal draws from a normal distribution with mean Delay and
	// standard deviation Jitter, clamped to [0, Delay+6·Jitter].
	LatencyNormal LatencyKind = "normal"
	// LatencyLognormal draws from a log-normal distribution whose median
	// is Delay and whose 99th percentile is P99: a heavy right tail.
	// Draws are clamped to 10·P99 (reached about once in 10⁹ draws for
	// the jittery preset).
	LatencyLognormal LatencyKind = "lognormal"
)

// LatencyDist is how long an entry takes to answer.
//
// The zero value is the seed's service: Kind "" means [LatencyFixed], and
// Kind "" with Delay 0 means [DefaultDelay]. With Kind set, Delay is taken
// as is, so {Kind: LatencyFixed} answers at once.
type LatencyDist struct {
	// Kind is the distribution; "" means LatencyFixed.
	Kind LatencyKind
	// Delay is the fixed delay, the centre of the uniform range, the
	// normal's mean, or the log-normal's median. It must be >= 0.
	Delay time.Duration
	// Jitter is the uniform distribution's half-width or the normal's
	// standard deviation; it must be 0 for the other kinds, and at most
	// Delay for uniform.
	Jitter time.Duration
	// P99 is the log-normal's 99th percentile, at least Delay; it must be 0
	// for the other kinds.
	P99 time.Duration
}

// OverflowPolicy says what a [Scenario] with a Capacity does with a request
// that finds every slot taken.
type OverflowPolicy string

// The overflow policies.
const (
	// OverflowQueue makes the request wait for a free slot, so latency
	// grows with load; a client that goes away leaves the queue.
	OverflowQueue OverflowPolicy = "queue"
	// OverflowReject answers 429 Too Many Requests at once, with
	// Retry-After: 1.
	OverflowReject OverflowPolicy = "reject"
)

// Scenario describes how a [Service] behaves. Build one with
// [ParseScenario] or take one from [Presets]; [Scenario.String] gives it
// back as a spec.
//
// The zero value is the seed's service: a fixed [DefaultDelay] (200 ms) per
// entry, unlimited capacity, no rate limit and no faults.
//
// Every random choice for a request (its latency and whether it fails,
// hangs or is reset) is a pure function of Seed, the entry id and the
// attempt number the client sends (GET /entries/{id}?attempt=N), so an
// entry behaves the same in every run while a retry draws afresh.
//
// Requests go through the stages in this order: the rate limit (429 if no
// token), the capacity (429 or a queue), then the fault draw and the delay.
type Scenario struct {
	// Name is the preset the scenario was built from ("" for one built
	// by hand); Summary is that preset's one-line description. Overrides
	// given to ParseScenario do not change either: String shows them.
	Name    string
	Summary string

	// Latency is how long an answer takes.
	Latency LatencyDist

	// Capacity is the most requests served at once; 0 means unlimited.
	Capacity int
	// Overflow is what happens beyond Capacity; "" means OverflowQueue.
	// It must be "" when Capacity is 0.
	Overflow OverflowPolicy

	// Rate is the token bucket's refill in requests per second; 0 means no
	// rate limit. A request finding no token gets 429 with Retry-After set
	// to the seconds until the next token, rounded up, at least 1.
	Rate float64
	// Burst is the token bucket's size; 0 means 1. It must be 0 when Rate
	// is 0.
	Burst int

	// ErrorRate is the fraction of entries answered 500 after their delay.
	ErrorRate float64
	// HangRate is the fraction of entries never answered: they hold their
	// capacity slot until the client goes away.
	HangRate float64
	// ResetRate is the fraction of entries whose connection is aborted
	// after their delay, without a response.
	ResetRate float64
	// The three rates are each in [0, 1] and sum to at most 1.

	// Seed selects the deterministic random draws.
	Seed uint64
}

// Limits on a Scenario's values, so nothing overflows.
const (
	maxScenarioDuration = time.Hour
	maxScenarioCount    = 1_000_000
	maxScenarioRate     = 1e9
	// rateSlack lets three rates that sum to 1 in decimal sum to a hair
	// over 1 in binary.
	rateSlack = 1e-9
	// z99 is the standard normal's 99th percentile.
	z99 = 2.3263478740408408
)

// Presets returns the named scenarios, a fresh slice on each call:
//
//	steady      fixed 200 ms: the seed's service
//	jittery     log-normal, median 200 ms, p99 800 ms
//	flaky       fixed 200 ms, 10 % of entries answer 500
//	limited     fixed 200 ms, capacity 500, beyond it 429 with Retry-After: 1
//	overloaded  fixed 200 ms, capacity 500, beyond it requests queue
func Presets() []Scenario {
	fixed := LatencyDist{Kind: LatencyFixed, Delay: DefaultDelay}
	return []Scenario{
		{Name: "steady", Summary: "fixed 200 ms per entry, no faults: the seed's service", Latency: fixed},
		{Name: "jittery", Summary: "log-normal latency, median 200 ms, p99 800 ms: a heavy tail",
			Latency: LatencyDist{Kind: LatencyLognormal, Delay: DefaultDelay, P99: 800 * time.Millisecond}},
		{Name: "flaky", Summary: "fixed 200 ms, 10 % of entries answer 500", Latency: fixed, ErrorRate: 0.10},
		{Name: "limited", Summary: "fixed 200 ms, at most 500 in flight, beyond that 429 with Retry-After: 1",
			Latency: fixed, Capacity: 500, Overflow: OverflowReject},
		{Name: "overloaded", Summary: "fixed 200 ms, at most 500 in flight, beyond that requests queue",
			Latency: fixed, Capacity: 500, Overflow: OverflowQueue},
	}
}

// preset returns the preset called name.
func preset(name string) (Scenario, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Scenario{}, false
}

func presetNames() string {
	var b strings.Builder
	for i, p := range Presets() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
	}
	return b.String()
}

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
	s = s.resolved()
	if err := s.validate(); err != nil {
		return Scenario{}, err
	}
	return s, nil
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

// resolved returns s with its zero-value defaults made explicit: Kind ""
// becomes fixed (with Delay 0 meaning DefaultDelay), Overflow "" with a
// Capacity becomes queue, and Burst 0 with a Rate becomes 1.
func (s Scenario) resolved() Scenario {
	if s.Latency.Kind == "" {
		s.Latency.Kind = LatencyFixed
		if s.Latency.Delay == 0 {
			s.Latency.Delay = DefaultDelay
		}
	}
	if s.Capacity > 0 && s.Overflow == "" {
		s.Overflow = OverflowQueue
	}
	if s.Rate > 0 && s.Burst == 0 {
		s.Burst = 1
	}
	return s
}

// validate checks a resolved scenario.
func (s Scenario) validate() error {
	l := s.Latency
	switch l.Kind {
	case LatencyFixed, LatencyUniform, LatencyNormal, LatencyLognormal:
	default:
		return fmt.Errorf("latency kind %q: want fixed, uniform, normal or lognormal", l.Kind)
	}
	for _, d := range [...]struct {
		name string
		v    time.Duration
	}{{"delay", l.Delay}, {"jitter", l.Jitter}, {"p99", l.P99}} {
		if d.v < 0 || d.v > maxScenarioDuration {
			return fmt.Errorf("%s %v: want a duration in [0, %v]", d.name, d.v, maxScenarioDuration)
		}
	}
	if l.Jitter != 0 && l.Kind != LatencyUniform && l.Kind != LatencyNormal {
		return fmt.Errorf("jitter %v: only uniform and normal latency have a jitter, not %s", l.Jitter, l.Kind)
	}
	if l.Kind == LatencyUniform && l.Jitter > l.Delay {
		return fmt.Errorf("jitter %v is more than delay %v: uniform latency would go below 0", l.Jitter, l.Delay)
	}
	if l.P99 != 0 && l.Kind != LatencyLognormal {
		return fmt.Errorf("p99 %v: only lognormal latency has a p99, not %s", l.P99, l.Kind)
	}
	if l.Kind == LatencyLognormal {
		if l.P99 < l.Delay {
			return fmt.Errorf("p99 %v is below the median (delay) %v", l.P99, l.Delay)
		}
		if l.Delay == 0 && l.P99 > 0 {
			return fmt.Errorf("lognormal latency needs a median (delay) > 0 when p99 is %v", l.P99)
		}
	}
	if s.Capacity < 0 || s.Capacity > maxScenarioCount {
		return fmt.Errorf("capacity %d: want an integer in [0, %d]", s.Capacity, maxScenarioCount)
	}
	switch {
	case s.Capacity == 0 && s.Overflow != "":
		return fmt.Errorf("overflow %s needs a capacity > 0", s.Overflow)
	case s.Capacity > 0 && s.Overflow != OverflowQueue && s.Overflow != OverflowReject:
		return fmt.Errorf("overflow %q: want queue or reject", s.Overflow)
	}
	if !(s.Rate >= 0 && s.Rate <= maxScenarioRate) {
		return fmt.Errorf("rate %v: want a number in [0, %g]", s.Rate, float64(maxScenarioRate))
	}
	if s.Burst < 0 || s.Burst > maxScenarioCount {
		return fmt.Errorf("burst %d: want an integer in [0, %d]", s.Burst, maxScenarioCount)
	}
	if s.Rate == 0 && s.Burst != 0 {
		return fmt.Errorf("burst %d needs a rate > 0", s.Burst)
	}
	for _, r := range [...]struct {
		name string
		v    float64
	}{{"errors", s.ErrorRate}, {"hang", s.HangRate}, {"reset", s.ResetRate}} {
		if !(r.v >= 0 && r.v <= 1) {
			return fmt.Errorf("%s %v: want a fraction in [0, 1]", r.name, r.v)
		}
	}
	if sum := s.ErrorRate + s.HangRate + s.ResetRate; sum > 1+rateSlack {
		return fmt.Errorf("errors + hang + reset = %v: the fractions must sum to at most 1", sum)
	}
	return nil
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
		base, _ = preset("steady")
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
	if (l.Kind == LatencyUniform || l.Kind == LatencyNormal) && l.Jitter != bl.Jitter {
		add("jitter")
		b = append(b, l.Jitter.String()...)
	}
	if l.Kind == LatencyLognormal && l.P99 != bl.P99 {
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

// MaxLatency returns the longest delay s ever gives an answered entry
// (queueing for capacity not included): the upper end of its latency
// distribution after clamping. A server's write timeout should exceed it.
func (s Scenario) MaxLatency() time.Duration {
	l := s.resolved().Latency
	switch l.Kind {
	case LatencyUniform:
		return l.Delay + l.Jitter
	case LatencyNormal:
		return l.Delay + 6*l.Jitter
	case LatencyLognormal:
		return 10 * l.P99
	default:
		return l.Delay
	}
}

// outcome is what a request's draw decides.
type outcome uint8

const (
	outcomeOK    outcome = iota // 200 after the latency
	outcomeFail                 // 500 after the latency
	outcomeHang                 // no answer until the client goes away
	outcomeReset                // connection aborted after the latency
)

// decide draws the outcome and latency of entry id's attempt: a pure
// function of (s.Seed, id, attempt). s must be resolved and valid. The
// latency is drawn for every outcome (a hang ignores it) so the outcome
// rates do not shift the latency draws.
func (s *Scenario) decide(id, attempt uint64) (outcome, time.Duration) {
	r := newDraw(s.Seed, id, attempt)
	u := r.float()
	out := outcomeOK
	switch {
	case u < s.ErrorRate:
		out = outcomeFail
	case u < s.ErrorRate+s.HangRate:
		out = outcomeHang
	case u < s.ErrorRate+s.HangRate+s.ResetRate:
		out = outcomeReset
	}
	return out, s.latency(&r)
}

// latency draws one latency from s.Latency with r.
func (s *Scenario) latency(r *draw) time.Duration {
	l := &s.Latency
	var d float64
	switch l.Kind {
	case LatencyUniform:
		d = float64(l.Delay) + (2*r.float()-1)*float64(l.Jitter)
	case LatencyNormal:
		d = float64(l.Delay) + r.normal()*float64(l.Jitter)
	case LatencyLognormal:
		if l.Delay == 0 {
			return 0
		}
		sigma := math.Log(float64(l.P99)/float64(l.Delay)) / z99
		d = float64(l.Delay) * math.Exp(sigma*r.normal())
	default:
		return l.Delay
	}
	// Clamp to [0, MaxLatency]: the bounds are at most 10 h, far inside
	// int64 nanoseconds, so the conversion cannot overflow.
	return time.Duration(math.Round(max(0, min(d, float64(s.MaxLatency())))))
}

// draw is a splitmix64 generator: tiny, allocation-free, and good enough
// for choosing latencies and faults.
type draw struct{ state uint64 }

// newDraw seeds a generator from the three inputs, mixing each in turn so
// that nearby ids or attempts give unrelated streams.
func newDraw(seed, id, attempt uint64) draw {
	h := mix64(seed + 0x9e3779b97f4a7c15)
	h = mix64((h ^ id) + 0x9e3779b97f4a7c15)
	h = mix64((h ^ attempt) + 0x9e3779b97f4a7c15)
	return draw{state: h}
}

func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *draw) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	return mix64(r.state)
}

// float returns a uniform float64 in [0, 1).
func (r *draw) float() float64 {
	return float64(r.next()>>11) / (1 << 53)
}

// normal returns a standard normal draw (Box–Muller).
func (r *draw) normal() float64 {
	u1 := 1 - r.float() // in (0, 1], so the log is finite
	u2 := r.float()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}
