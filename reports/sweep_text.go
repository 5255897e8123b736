package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteSweepText writes the sweep of strategy at entries in run as plain
// text for a terminal, what `batchlab sweep` prints at its end: one row
// per width in ascending order (mean time, failed entries per run, the
// main failure class, the knee and best marked; a skipped width with its
// prediction), then the knee, the [Sweep.Recommendation] and the
// [Sweep.ReferenceLines]. The knee is the one [FindSweeps] finds at the
// run's [Run.KneeTolerance], the one the report draws. It reports whether
// run holds that sweep with a knee.
func WriteSweepText(w io.Writer, run *Run, strategy string, entries int) (bool, error) {
	var sw *Sweep
	marks := map[int][]string{}
	for _, s := range FindSweeps(run, run.KneeTolerance()) {
		if s.Strategy == strategy && s.Entries == entries && s.Knee >= 0 {
			sw = &s
			knee, best := s.Points[s.Knee].Concurrency, s.Points[s.Best].Concurrency
			marks[knee] = append(marks[knee], "knee")
			marks[best] = append(marks[best], "best")
		}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "width\tmean\tfailed/run\tmain failure\t")
	cells := slices.DeleteFunc(slices.Clone(run.Cells), func(c Cell) bool { return c.Strategy != strategy || c.Entries != entries })
	// Refined widths come last in the file; the table is by width.
	slices.SortStableFunc(cells, func(a, b Cell) int { return a.Concurrency - b.Concurrency })
	for _, c := range cells {
		if c.Skipped {
			fmt.Fprintf(tw, "%d\tskipped\t-\t-\t  predicted ≥ %v\n", c.Concurrency, time.Duration(c.PredictedSec*float64(time.Second)))
			continue
		}
		if c.CutShort(run) {
			fmt.Fprintf(tw, "%d\tinterrupted\t-\t-\t  not a knee candidate\n", c.Concurrency)
			continue
		}
		class := "-"
		if fc := c.FailuresByClass(); len(fc) > 0 {
			class = fc[0].Class
		}
		mark := strings.Join(marks[c.Concurrency], ", ")
		if mark != "" {
			mark = "  " + mark // after the last column, so no line ends in spaces
		}
		fmt.Fprintf(tw, "%d\t%.3fs\t%s\t%s\t%s\n", c.Concurrency, c.Time.Mean, FormatCount(c.FailedPerRun()), class, mark)
	}
	if err := tw.Flush(); err != nil || sw == nil {
		return false, err
	}
	k, b, best := sw.Points[sw.Knee], sw.Points[sw.Best], ""
	if sw.Best != sw.Knee {
		best = fmt.Sprintf("; best: width %d, %.3fs", b.Concurrency, b.Time.Mean)
	}
	fmt.Fprintf(w, "knee: width %d (%.3fs%s)\n%s\n", k.Concurrency, k.Time.Mean, best, sw.Recommendation())
	for _, line := range sw.ReferenceLines() {
		if _, err := fmt.Fprintln(w, "  "+line); err != nil {
			return true, err
		}
	}
	return true, nil
}
