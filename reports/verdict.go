package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"batchlab/benchfile"
)

// A Verdict is what one scenario of a run says, in the words a reader
// decides by: the fastest strategy that lost no entry at the largest size
// measured, each strategy that was faster only by losing entries, and the
// sweep's recommendation where there is one. The time chart alone would
// crown a strategy that "finished" by being refused.
type Verdict struct {
	Scenario string
	Entries  int // the size the verdict compares: the largest measured

	// Best says which strategy to use: the fastest of those that lost no
	// more entries than the fewest any strategy lost.
	Best string
	// Faster lists the strategies that finished sooner than Best's but
	// lost entries, fastest first, each with how many and of which class.
	Faster []string
	// Sweeps holds the recommendation of each sweep of the scenario.
	Sweeps []string
}

// Verdicts returns one [Verdict] per scenario of run, in order.
func Verdicts(run *Run) []Verdict {
	var out []Verdict
	tol := run.KneeTolerance()
	sweeps := FindSweeps(run, tol)
	for _, sc := range run.Scenarios() {
		v := Verdict{Scenario: sc}
		var cells []Cell
		for _, c := range run.Cells {
			if c.Scenario == sc && !c.Skipped && c.Time.N > 0 {
				v.Entries = max(v.Entries, c.Entries)
				cells = append(cells, c)
			}
		}
		cells = slices.DeleteFunc(cells, func(c Cell) bool { return c.Entries != v.Entries })
		slices.SortStableFunc(cells, func(a, b Cell) int { return cmp.Compare(a.Time.Mean, b.Time.Mean) })
		// As the knee rule does, a strategy that lost no more than the
		// fewest lost (give or take 0.1 % of the entries) is a candidate:
		// a service that fails the same entries whatever the strategy
		// (seeded faults) leaves every strategy a candidate.
		fewest := math.Inf(1)
		for _, c := range cells {
			fewest = min(fewest, c.FailedPerRun())
		}
		best := slices.IndexFunc(cells, func(c Cell) bool { return c.FailedPerRun() <= fewest+0.001*float64(c.Entries) })
		switch {
		case len(cells) == 0:
			v.Best = "nothing was measured"
		default:
			v.Best = bestText(cells[best], fewest)
		}
		if best > 0 {
			for _, c := range cells[:best] {
				v.Faster = append(v.Faster, fmt.Sprintf("%s was faster, %s, but lost %s", c.Method(), formatSeconds(c.Time.Mean), lossText(c)))
			}
		}
		for _, s := range sweeps {
			if s.Scenario == sc {
				v.Sweeps = append(v.Sweeps, s.Recommendation())
			}
		}
		out = append(out, v)
	}
	return out
}

// bestText says why c is the one to use: its time, against the ideal
// where a model applies, and its peak memory.
func bestText(c Cell, fewest float64) string {
	lost := "lost no entry"
	if fewest > 0 {
		lost = "lost no more entries than any other, " + lossText(c)
	}
	s := fmt.Sprintf("use %s: the fastest that %s, %s", c.Method(), lost, formatSeconds(c.Time.Mean))
	if r := c.RatioToIdeal(); finite(r) {
		s += fmt.Sprintf(" (%s its ideal)", formatRatio(r))
	} else if c.Adaptive() {
		s += " (no ideal model: its limit adapts)"
	}
	if heap := mean(c.Samples[benchfile.UnitPeakHeap]); finite(heap) && heap > 0 {
		s += fmt.Sprintf(", peak heap %s MiB", formatNumber(heap/(1<<20), 0))
	}
	return s
}

// lossText is "18,500 entries per run (92.5 %, 429)".
func lossText(c Cell) string {
	failed := c.FailedPerRun()
	s := FormatCount(failed) + " entries per run"
	if c.Entries > 0 && finite(failed) {
		s += " (" + formatPercent(100*failed/float64(c.Entries))
		if fc := c.FailuresByClass(); len(fc) > 0 {
			s += ", " + fc[0].Class
			if len(fc) > 1 {
				s += " and others"
			}
		}
		s += ")"
	}
	return s
}
