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
	b = append(b, PrefixLatency...)
	b = append(b, namePrefix...)
	b = append(b, name.String()...)
	b = append(b, ' ')
	b = append(b, fieldRep...)
	b = strconv.AppendInt(b, int64(rep), 10)
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
	fields := strings.Fields(rest)
	if len(fields) < 2 || !strings.HasPrefix(fields[0], namePrefix) {
		return LatencyDist{}, fmt.Errorf("malformed latency line %q", short(rest))
	}
	repText, ok := strings.CutPrefix(fields[1], fieldRep)
	rep, err := strconv.Atoi(repText)
	if !ok || err != nil || rep < 0 {
		return LatencyDist{}, fmt.Errorf("latency line %q: bad or missing %s", short(rest), fieldRep)
	}
	d := LatencyDist{Rep: rep, Points: make([]LatencyQuantile, 0, len(fields)-2)}
	for _, f := range fields[2:] {
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
	if d.Name, err = recordName(fields[0]); err != nil {
		return LatencyDist{}, err
	}
	return d, nil
}
