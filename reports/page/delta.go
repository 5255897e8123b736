package page

import (
	"strconv"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"batchlab/reports"
)

// deltaRow is one row of compare.html's delta table: one cell and
// metric, as benchstat and [reports.WriteComparison] compute it.
type deltaRow struct {
	Unit, Scenario, Method, Entries string
	Old, New, Delta, P, N           string
	Significant                     bool
}

// deltaRows lists c's comparisons, metric by metric in [reports.Compare]'s
// order (time, B/entry, p99, failed): the medians, the change, its
// Mann-Whitney U p-value and the runs on each side.
func deltaRows(c *reports.Comparison) []deltaRow {
	var rows []deltaRow
	for _, m := range c.Metrics {
		cls := benchunit.ClassOf(m.Unit)
		for _, r := range m.Rows {
			sc := benchunit.CommonScale([]float64{r.Old.Center, r.New.Center}, cls)
			rows = append(rows, deltaRow{
				Unit: m.Unit, Scenario: r.Scenario, Method: r.Method, Entries: strconv.Itoa(r.Entries),
				Old:   sc.Format(r.Old.Center) + " ± " + r.Old.PctRangeString(),
				New:   sc.Format(r.New.Center) + " ± " + r.New.PctRangeString(),
				Delta: r.Delta(), P: pValue(r.Test), N: strconv.Itoa(len(r.OldSample.Values)) + "+" + strconv.Itoa(len(r.NewSample.Values)),
				Significant: r.Significant(),
			})
		}
	}
	return rows
}

// pValue formats a test's p-value as benchstat does, 3 digits.
func pValue(t benchmath.Comparison) string {
	return "p=" + strconv.FormatFloat(t.P, 'f', 3, 64)
}
