package thirdparty

import (
	"strings"
	"time"
)

// DefaultPreset is the preset a service runs when none is named: the
// seed's service, a fixed 200 ms per entry.
const DefaultPreset = "steady"

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
		{Name: DefaultPreset, Summary: "fixed 200 ms per entry, no faults: the seed's service", Latency: fixed},
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
