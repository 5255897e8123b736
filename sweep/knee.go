// Package sweep finds the width to use for a bounded strategy: given one
// strategy measured at several widths, at one size, against one service, it
// finds the knee of the curve of time against width, and chooses the next
// widths worth measuring. Its rule and its choices are pure functions over
// measured [Point]s; [Run] drives them with a measure callback that the
// caller wires to a real harness (or a fake one, in tests).
//
// # The knee
//
//   - A width is eligible when it was measured (not skipped, with a time) and
//     its failed entries, as a fraction of the entries, are at most 0.001 above
//     the least-failing width's. On a rate-limited service a wider pool
//     "finishes" sooner only by failing entries fast, so widths that fail more
//     are not candidates. A service whose faults are seeded per entry fails the
//     same entries at every width, so all its widths stay eligible.
//   - [Best] is the eligible width with the least mean time (the narrower on a
//     tie).
//   - [Knee] is the narrowest eligible width whose mean time is within the
//     tolerance of Best's (≤ best × (1 + tolerance)): the width to use, since
//     more width costs connections, file descriptors and load on the service
//     for no measurable gain.
//
// Fewer than [MinWidths] measured widths make no sweep: no best, no knee.
//
// # Refinement
//
// After the listed widths, [Run] bisects on two sides, at most
// Config.Refine widths each (see [Below] and [Above]): between the widest
// measured width under the knee and the knee, then between the best and the
// narrowest wider width that fails more than the best. A side stops when its
// gap is at most max(1, w/20), w the knee or the best: a 5 % step in width
// is finer than the curve's noise.
package sweep

import (
	"math"
	"time"
)

// Defaults and limits of a sweep.
const (
	MinWidths        = 3    // the fewest measured widths that make a sweep
	DefaultTolerance = 0.05 // a width within 5 % of the best time is as good as the best
	DefaultRefine    = 3    // refined widths on each side
	MaxRefine        = 20   // each refined width halves a side's gap: 20 is already 10⁶ times finer
)

// eligibleMargin is how much more often than the least-failing width a
// width may fail (as a fraction of its entries) and still be a candidate:
// one entry in a thousand.
const eligibleMargin = 0.001

// A Point is one width of a sweep: measured, or skipped because its
// predicted time was over the budget. The zero Mean means no measured time.
type Point struct {
	Width   int
	Mean    time.Duration // mean time per repetition
	Failed  float64       // mean failed entries per repetition
	Entries int           // entries per repetition
	Skipped bool          // over the budget, not measured: never a candidate
}

// FailedFrac returns the failed entries as a fraction of the entries.
func (p Point) FailedFrac() float64 { return p.Failed / float64(p.Entries) }

// timed reports whether p has a measured time.
func (p Point) timed() bool { return !p.Skipped && p.Mean > 0 }

// measured counts the points that were not skipped.
func measured(points []Point) int {
	n := 0
	for _, p := range points {
		if !p.Skipped {
			n++
		}
	}
	return n
}

// Eligible reports which points are knee candidates: those with a time
// that fail at most 0.001 of their entries more than the least-failing
// point with a time. It only reads points.
func Eligible(points []Point) []bool {
	least := math.Inf(1)
	for _, p := range points {
		if f := p.FailedFrac(); p.timed() && !math.IsNaN(f) {
			least = min(least, f)
		}
	}
	out := make([]bool, len(points))
	for i, p := range points {
		out[i] = p.timed() && p.FailedFrac() <= least+eligibleMargin
	}
	return out
}

// Best returns the index of the eligible point with the least mean time,
// the narrower on a tie, or -1 when there is none or fewer than
// [MinWidths] points were measured. points may come in any order.
func Best(points []Point) int {
	if measured(points) < MinWidths {
		return -1
	}
	ok := Eligible(points)
	best := -1
	for i, p := range points {
		if !ok[i] {
			continue
		}
		if best < 0 || p.Mean < points[best].Mean || p.Mean == points[best].Mean && p.Width < points[best].Width {
			best = i
		}
	}
	return best
}

// Knee returns the index of the narrowest eligible point whose mean time
// is within tolerance (a fraction: 0.05 is 5 %) of the best's, or -1 when
// there is no best. A negative or NaN tolerance counts as 0.
func Knee(points []Point, tolerance float64) int {
	best := Best(points)
	if best < 0 {
		return -1
	}
	if math.IsNaN(tolerance) || tolerance < 0 {
		tolerance = 0
	}
	limit := float64(points[best].Mean) * (1 + tolerance)
	ok := Eligible(points)
	knee := best
	for i, p := range points {
		if ok[i] && float64(p.Mean) <= limit && p.Width < points[knee].Width {
			knee = i
		}
	}
	return knee
}
