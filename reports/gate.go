package reports

import (
	"errors"
	"fmt"
	"math"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"batchlab/benchfile"
)

// ErrGateMetric is returned (wrapped) by [Gate.Check] when a check's
// metric is compared in no cell: a gate that cannot look must not pass.
var ErrGateMetric = errors.New("metric not compared")

// A Gate says which changes between two runs fail a comparison, for CI.
// The zero value checks nothing.
type Gate struct {
	// Slower checks time: a cell fails when its sec/op median grew by more
	// than SlowerPct percent (≥ 0) and the change is significant, as
	// [CellComparison.Significant] and [CellComparison.DeltaPct] say, the
	// test and delta the comparison prints.
	Slower    bool
	SlowerPct float64

	// Failed checks failures: a cell fails when its failed/op median grew,
	// or when it failed in no repetition of the old run and in some of the
	// new. Failures are exact counts, not noisy timings, so no
	// significance is asked for: one new failure is a change.
	Failed bool
}

// A Regression is one cell that fails a [Gate] on one metric.
type Regression struct {
	Unit string // benchfile.UnitSec or benchfile.UnitFailed
	CellComparison
}

// String formats r as one line: the cell, the metric, old → new medians,
// the delta and the test, e.g.
// "steady: workerpool(250)/entries=1000 sec/op 820.0m → 1640.0m +100.00% p=0.002 n=6".
func (r Regression) String() string {
	sc := benchunit.CommonScale([]float64{r.Old.Center, r.New.Center}, benchunit.ClassOf(r.Unit))
	delta := "+∞%" // from zero
	if d := r.DeltaPct(); !math.IsNaN(d) {
		delta = fmt.Sprintf("%+.2f%%", d)
	}
	return fmt.Sprintf("%s %s %s → %s %s %s", r.CellKey, r.Unit, sc.Format(r.Old.Center), sc.Format(r.New.Center), delta, r.Test)
}

// GateResult is what [Gate.Check] found.
type GateResult struct {
	// Regressions are the cells that fail, time first, each metric in the
	// comparison's row order.
	Regressions []Regression

	// Untestable are the sec/op rows whose check cannot fail, however
	// slower they were: too few repetitions for the U test to reach its
	// alpha (3 repetitions on each side give 0.1 at best). Empty unless
	// Gate.Slower.
	Untestable []CellComparison
}

// Check applies g to c. It returns an error wrapping [ErrGateMetric] when
// a check is asked for and c compares its metric in no cell.
func (g Gate) Check(c *Comparison) (GateResult, error) {
	var res GateResult
	if g.Slower {
		rows, err := gateRows(c, benchfile.UnitSec)
		if err != nil {
			return res, err
		}
		for _, r := range rows {
			// NaN (from a zero old median) is growth beyond any threshold.
			if d := r.DeltaPct(); r.Significant() && (d > g.SlowerPct || math.IsNaN(d)) {
				res.Regressions = append(res.Regressions, Regression{Unit: benchfile.UnitSec, CellComparison: r})
			}
			if !r.Significant() && !canReachAlpha(r.Test) {
				res.Untestable = append(res.Untestable, r)
			}
		}
	}
	if g.Failed {
		rows, err := gateRows(c, benchfile.UnitFailed)
		if err != nil {
			return res, err
		}
		for _, r := range rows {
			if r.New.Center > r.Old.Center || (maxOf(r.OldSample) == 0 && maxOf(r.NewSample) > 0) {
				res.Regressions = append(res.Regressions, Regression{Unit: benchfile.UnitFailed, CellComparison: r})
			}
		}
	}
	return res, nil
}

// gateRows returns c's rows for unit, or an error when it has none.
func gateRows(c *Comparison, unit string) ([]CellComparison, error) {
	for _, m := range c.Metrics {
		if m.Unit == unit {
			return m.Rows, nil
		}
	}
	return nil, fmt.Errorf("gate: %w: no cell reports %s in both runs", ErrGateMetric, unit)
}

// canReachAlpha reports whether samples of the test's sizes could give a
// significant result at all: it asks benchmath about two samples of those
// sizes that do not overlap, the most different they can be.
func canReachAlpha(t benchmath.Comparison) bool {
	lo, hi := make([]float64, t.N1), make([]float64, t.N2)
	for i := range hi {
		hi[i] = 1
	}
	extreme := benchmath.AssumeNothing.Compare(
		benchmath.NewSample(lo, &benchmath.DefaultThresholds), benchmath.NewSample(hi, &benchmath.DefaultThresholds))
	return !(extreme.P > t.Alpha)
}

// maxOf returns the largest value of s (sorted), or 0 when it is empty.
func maxOf(s *benchmath.Sample) float64 {
	if len(s.Values) == 0 {
		return 0
	}
	return s.Values[len(s.Values)-1]
}
