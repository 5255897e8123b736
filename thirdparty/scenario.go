package thirdparty

import (
	"errors"
	"fmt"
	"time"
)

// ErrScenario is wrapped by every error from [ParseScenario] and by the
// errors [NewScenarioHandler] returns for an invalid [Scenario].
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

// Scenario describes how a [Handler] behaves. Build one with
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
)

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
