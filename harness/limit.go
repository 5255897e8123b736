package harness

import (
	"sync"
	"time"
)

// The limit trace's resolution and size. A trace of 2,000 points fits a
// result-file comment line well under the 64 KiB a benchfmt reader takes
// (each point is at most about 16 bytes for runs shorter than a day).
const (
	traceSlot      = 10 * time.Millisecond // the first resolution: at most one point per slot
	traceMaxPoints = 2000                  // at this many points the trace halves
)

// A LimitPoint is one point of an adaptive strategy's limit over time:
// from At (since its repetition started) the strategy admitted up to
// Limit calls at once.
type LimitPoint struct {
	At    time.Duration
	Limit int
}

// limitTrace records an adaptive strategy's limit over one repetition in
// memory bounded independently of n: one point per slot (a later change
// in the same slot overwrites that point's limit), and when the trace
// reaches traceMaxPoints it keeps every other point and doubles the slot.
// It also integrates the limit over time for the exact time-weighted mean,
// which the thinning does not affect.
//
// The points slice is allocated once, so recording a change allocates
// nothing. mu guards everything: the strategy serialises its calls, but
// the harness turns the trace on and off from its own goroutine.
type limitTrace struct {
	mu     sync.Mutex
	on     bool
	start  time.Time // the repetition's start, for record
	slot   time.Duration
	points []LimitPoint // cap traceMaxPoints, never more

	first, last time.Duration // times of the first and the latest change
	cur         int           // the limit since last
	area        float64       // ∫ limit dt from first to last, in limit·seconds
}

func newLimitTrace() *limitTrace {
	return &limitTrace{points: make([]LimitPoint, 0, traceMaxPoints)}
}

// begin clears the trace and starts recording a repetition that started
// at start.
func (t *limitTrace) begin(start time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on, t.start, t.slot = true, start, traceSlot
	t.points = t.points[:0]
	t.first, t.last, t.cur, t.area = 0, 0, 0, 0
}

// record is the strategy's limit callback (strategies.Adaptive's f): it
// notes limit at the current time, or does nothing outside a measured
// repetition (the warm-up).
func (t *limitTrace) record(limit int) {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.on {
		t.add(now.Sub(t.start), limit)
	}
}

// add notes that the limit became limit at time at. Times must not
// decrease; one that does (a clock step) is taken as the latest time. A
// limit equal to the current one is no change and adds nothing. The
// caller holds mu.
func (t *limitTrace) add(at time.Duration, limit int) {
	if len(t.points) == 0 {
		t.first, t.last = at, at
	} else if limit == t.cur {
		return
	}
	at = max(at, t.last)
	t.area += float64(t.cur) * (at - t.last).Seconds()
	t.last, t.cur = at, limit

	if n := len(t.points); n > 0 && t.points[n-1].At/t.slot == at/t.slot {
		t.points[n-1].Limit = limit
		return
	}
	t.points = append(t.points, LimitPoint{At: at, Limit: limit})
	if len(t.points) == traceMaxPoints {
		t.halve()
	}
}

// halve keeps the first point and every other point after it, ending
// with the latest one (so the trace still starts at the run's initial
// limit and ends at its current one), and doubles the slot. It moves
// points within the slice: nothing is allocated.
func (t *limitTrace) halve() {
	kept := 1
	for i := 1 + len(t.points)%2; i < len(t.points); i += 2 {
		t.points[kept] = t.points[i]
		kept++
	}
	t.points = t.points[:kept]
	t.slot *= 2
}

// finish stops recording at end (since the repetition started) and
// returns a copy of the points, the time-weighted mean limit from the
// first change to end, and the final limit. With no change recorded it
// returns nil, 0, 0.
func (t *limitTrace) finish(end time.Duration) (points []LimitPoint, mean float64, final int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on = false
	if len(t.points) == 0 {
		return nil, 0, 0
	}
	end = max(end, t.last)
	area := t.area + float64(t.cur)*(end-t.last).Seconds()
	mean = float64(t.cur)
	if span := (end - t.first).Seconds(); span > 0 {
		mean = area / span
	}
	return append([]LimitPoint(nil), t.points...), mean, t.cur
}
