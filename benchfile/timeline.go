package benchfile

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RecordTimeline follows the result line of the first repetition of each
// cell (and its limit record, if any): the calls in flight and completed
// over the repetition, sampled on a fixed tick:
//
//	# timeline Benchmark<name> rep=<rep> <sec>:<inflight>:<completed> …
//
// times in seconds since the repetition started (3 decimals,
// non-decreasing), whole counts; at most 2,000 points, so the line stays
// well under [MaxLineBytes].
const RecordTimeline = "timeline"

// PrefixTimeline starts a timeline record's line.
const PrefixTimeline = "# " + RecordTimeline + " "

// A TimelinePoint is a repetition's calls At after it started: in flight
// then, and completed (succeeded or failed) so far.
type TimelinePoint struct {
	At        time.Duration
	InFlight  int
	Completed int
}

// A Timeline is one repetition's calls over time.
type Timeline struct {
	Name   Name
	Rep    int
	Points []TimelinePoint // At non-decreasing

	// Set by Read.
	Line     int
	Scenario string
}

// appendTimeline appends the timeline record of repetition rep of name,
// newline included, to b.
func appendTimeline(b []byte, name Name, rep int, points []TimelinePoint) []byte {
	b = appendRepHead(b, PrefixTimeline, name, rep)
	for _, p := range points {
		b = append(b, ' ')
		b = strconv.AppendFloat(b, p.At.Seconds(), 'f', 3, 64)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.InFlight), 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.Completed), 10)
	}
	return append(b, '\n')
}

// parseTimeline parses the rest of a timeline record, after its prefix.
func parseTimeline(rest string) (Timeline, error) {
	rest = strings.TrimSpace(rest)
	name, rep, fields, err := parseRepHead(RecordTimeline, rest)
	if err != nil {
		return Timeline{}, err
	}
	tl := Timeline{Name: name, Rep: rep, Points: make([]TimelinePoint, 0, len(fields))}
	for _, f := range fields {
		parts := strings.Split(f, ":")
		if len(parts) != 3 {
			return Timeline{}, fmt.Errorf("timeline line %q: point %q is not <sec>:<inflight>:<completed>", short(rest), f)
		}
		at, ok := parseSeconds(parts[0])
		inflight, err1 := strconv.Atoi(parts[1])
		completed, err2 := strconv.Atoi(parts[2])
		if !ok || err1 != nil || err2 != nil || inflight < 0 || completed < 0 {
			return Timeline{}, fmt.Errorf("timeline line %q: bad point %q", short(rest), f)
		}
		if n := len(tl.Points); n > 0 && at < tl.Points[n-1].At {
			return Timeline{}, fmt.Errorf("timeline line %q: time goes back at point %q", short(rest), f)
		}
		tl.Points = append(tl.Points, TimelinePoint{At: at, InFlight: inflight, Completed: completed})
	}
	return tl, nil
}
