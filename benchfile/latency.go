package benchfile

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RecordLatency follows the result line of the first repetition of each
// cell (after its other records): points of its entry-latency cumulative
// distribution, from the harness's HDR histogram:
//
//	# latency Benchmark<name> rep=<rep> <quantile>:<sec> <quantile>:<sec> …
//
// quantiles in [0, 1], ascending; latencies in seconds (6 decimals, the
// histogram's microseconds), non-decreasing.
const RecordLatency = "latency"

// PrefixLatency starts a latency record's line.
const PrefixLatency = "# " + RecordLatency + " "

// A LatencyQuantile is one point of a latency distribution: a fraction
// Quantile of the entries took at most Latency.
type LatencyQuantile struct {
	Quantile float64
	Latency  time.Duration
}

// A LatencyDist is one repetition's entry-latency distribution.
type LatencyDist struct {
	Name   Name
	Rep    int
	Points []LatencyQuantile

	// Set by Read.
	Line     int
	Scenario string
}

func appendLatency(b []byte, name Name, rep int, points []LatencyQuantile) []byte {
	b = appendRepHead(b, PrefixLatency, name, rep)
	for _, p := range points {
		b = append(b, ' ')
		b = strconv.AppendFloat(b, p.Quantile, 'g', -1, 64)
		b = append(b, ':')
		b = strconv.AppendFloat(b, p.Latency.Seconds(), 'f', 6, 64)
	}
	return append(b, '\n')
}

func parseLatency(rest string) (LatencyDist, error) {
	rest = strings.TrimSpace(rest)
	name, rep, fields, err := parseRepHead(RecordLatency, rest)
	if err != nil {
		return LatencyDist{}, err
	}
	d := LatencyDist{Name: name, Rep: rep, Points: make([]LatencyQuantile, 0, len(fields))}
	for _, f := range fields {
		qText, secText, ok := strings.Cut(f, ":")
		q, err := strconv.ParseFloat(qText, 64)
		lat, okLat := parseSeconds(secText)
		if !ok || err != nil || !okLat || !(q >= 0 && q <= 1) {
			return LatencyDist{}, fmt.Errorf("latency line %q: bad point %q (want <quantile>:<sec>)", short(rest), f)
		}
		if n := len(d.Points); n > 0 && (q < d.Points[n-1].Quantile || lat < d.Points[n-1].Latency) {
			return LatencyDist{}, fmt.Errorf("latency line %q: point %q goes back", short(rest), f)
		}
		d.Points = append(d.Points, LatencyQuantile{Quantile: q, Latency: lat})
	}
	return d, nil
}
