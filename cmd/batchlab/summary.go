package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"batchlab/harness"
)

// printSeries writes the summary of every block of a run (headed by its
// scenario when there are several), the scenarios not run, the whole
// run's status and how to compare it.
func printSeries(w io.Writer, plans []*harness.Plan, series *harness.Series, out string) {
	multi := len(plans) > 1
	for i, res := range series.Blocks {
		if multi { // a blank line between blocks
			fmt.Fprintf(w, "%sscenario %s (%s)\n", strings.Repeat("\n", min(i, 1)), plans[i].Config.Scenario, res.Status)
		}
		printSummary(w, res)
	}
	for _, p := range series.NotRun {
		fmt.Fprintf(w, "not run: scenario %s\n", p.Config.Scenario)
	}
	fmt.Fprintf(w, "\nresults: %s (%s)\ncompare: go tool benchstat %s %s\n", out, series.Status, benchstatFlags(plans), out)
}

// benchstatFlags lay the file out as one table per scenario (when several)
// and one column per strategy, ignoring the start times and child service
// addresses of the blocks, which would split the tables. A run of several
// widths keeps them apart instead: a row per strategy and width.
func benchstatFlags(plans []*harness.Plan) string {
	table, layout, ignore := "", "-col /strategy -row /entries", []string{"/concurrency"}
	if severalWidths(plans[0]) {
		layout, ignore = "-col /entries -row /strategy,/concurrency", nil
	}
	if len(plans) > 1 {
		table, ignore = "-table scenario ", append([]string{"started", "target"}, ignore...)
	}
	flags := table + layout
	if len(ignore) > 0 {
		flags += " -ignore " + strings.Join(ignore, ",")
	}
	return flags
}

// severalWidths reports whether p measures some strategy at more than one
// width (run -width 250,1000).
func severalWidths(p *harness.Plan) bool {
	seen := map[string]bool{}
	for _, s := range p.Subjects {
		if seen[s.Name] {
			return true
		}
		seen[s.Name] = true
	}
	return false
}

// printSummary writes one line per measured cell: mean wall time, its ratio
// to the ideal, allocation and CPU (client + service) per entry and
// failures; then the skipped cells.
// The full statistics are benchstat's and the reports' job.
func printSummary(w io.Writer, res *harness.Results) {
	sums := res.Summaries()
	if len(sums) == 0 {
		fmt.Fprintln(w, "nothing measured: no repetition finished")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	if len(sums) > 0 {
		fmt.Fprintln(tw, "strategy\tC\tentries\truns\tmean\tideal\tx ideal\tB/entry\tcpu µs/entry\tsucceeded\tfailed\t")
	}
	for _, c := range sums {
		ideal, ratio := "–", "–" // no model applies to an adaptive limit
		if r, ok := c.Ratio(c.Mean); ok {
			ideal, ratio = fmt.Sprintf("%.3fs", c.Ideal.Seconds()), fmt.Sprintf("%.3f", r)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3fs\t%s\t%s\t%.0f\t%.1f\t%d\t%d\t\n", c.Strategy, c.Concurrency, c.Entries, c.Runs,
			c.Mean.Seconds(), ideal, ratio, c.BytesPerEntry, float64(c.CPUPerEntry())/1e3, c.Succeeded, c.Failed)
	}
	tw.Flush()
	for _, m := range res.Measurements {
		if m.Partial {
			fmt.Fprintf(w, "cut short: %s(%d) n=%d run %d at %.3fs, %d ok, %d failed (%s; not in the mean)\n",
				m.Strategy, m.Concurrency, m.Entries, m.Rep+1, m.Wall.Seconds(), m.Succeeded, m.Failed(), m.FailuresByClass())
		}
	}
	for _, c := range res.Skipped {
		fmt.Fprintf(w, "skipped %s at %d entries: predicted ≥ %v (over the budget; -full runs it)\n", c.Strategy, c.Entries, c.Ideal)
	}
	for _, h := range res.Hints() {
		fmt.Fprintf(w, "limit: %s (-width, -transport h2c)\n", h)
	}
}
