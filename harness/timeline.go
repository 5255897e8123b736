package harness

import (
	"time"

	"batchlab/benchfile"
)

// The timeline of a repetition: calls in flight and completed, sampled on
// the sampler's tick. It starts at one point per timelineEvery and, each
// time it reaches timelineMaxPoints, keeps every other point and doubles
// its interval, so a repetition of any length holds at most that many
// points, in memory allocated once per run.
const (
	timelineEvery     = 10 * time.Millisecond
	timelineMaxPoints = 2000
)

type timeline struct {
	points      []benchfile.TimelinePoint // capacity timelineMaxPoints, reused
	every, next time.Duration
}

func newTimeline() *timeline {
	return &timeline{points: make([]benchfile.TimelinePoint, 0, timelineMaxPoints)}
}

func (t *timeline) begin() {
	t.points, t.every, t.next = t.points[:0], timelineEvery, 0
}

// add records the calls at, when at has reached the next point's time.
// The sampler calls it from one goroutine at a time.
func (t *timeline) add(at time.Duration, inFlight, completed int) {
	if at < t.next {
		return
	}
	if len(t.points) == timelineMaxPoints {
		kept := t.points[:0]
		for i := 0; i < len(t.points); i += 2 {
			kept = append(kept, t.points[i])
		}
		t.points, t.every = kept, 2*t.every
	}
	t.points = append(t.points, benchfile.TimelinePoint{At: at, InFlight: inFlight, Completed: completed})
	t.next = at + t.every
}

// finish returns a copy of the points, ending with the repetition's end:
// samples the sampler took after Run returned (its last read comes after
// the wall time is taken) are dropped, so times never go back.
func (t *timeline) finish(wall time.Duration, inFlight, completed int) []benchfile.TimelinePoint {
	for len(t.points) > 0 && t.points[len(t.points)-1].At > wall {
		t.points = t.points[:len(t.points)-1]
	}
	t.next = 0 // the last point is always recorded
	t.add(wall, inFlight, completed)
	return append([]benchfile.TimelinePoint(nil), t.points...)
}
