package thirdparty

import (
	"math"
	"time"
)

// z99 is the standard normal's 99th percentile.
const z99 = 2.3263478740408408

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
