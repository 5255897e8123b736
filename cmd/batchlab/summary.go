package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"batchlab/harness"
	"batchlab/thirdparty"
)

// printSeries writes the summary of every block of a run (headed by its
// scenario when there are several), the scenarios not run, the whole
// run's status and how to compare it.
func printSeries(w io.Writer, plans []*harness.Plan, series *harness.Series, out string) {
	multi := len(plans) > 1
	for i, res := range series.Blocks {
		if multi && i > 0 {
			fmt.Fprintln(w)
		}
		if multi {
			fmt.Fprintf(w, "scenario %s (%s)\n", plans[i].Config.Scenario, res.Status)
		}
		printSummary(w, res)
	}
	for _, p := range series.NotRun {
		fmt.Fprintf(w, "not run: scenario %s\n", p.Config.Scenario)
	}
	fmt.Fprintf(w, "\nresults: %s (%s)\n", out, series.Status)
	if multi {
		fmt.Fprintf(w, "compare: go tool benchstat %s %s\n", scenarioBenchstatFlags, out)
	} else {
		fmt.Fprintf(w, "compare: go tool benchstat -col /strategy %s\n", out)
	}
}

// scenarioBenchstatFlags show a file of several scenarios as one table
// per scenario: the blocks' start times and child service addresses
// differ and would split the tables further.
const scenarioBenchstatFlags = "-table scenario -col /strategy -row /entries -ignore started,target,/concurrency"

// printSummary writes one line per measured cell: mean wall time, its ratio
// to the ideal, allocation per entry and failures; then the skipped cells.
// The full statistics are benchstat's and the reports' job.
func printSummary(w io.Writer, res *harness.Results) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "strategy\tC\tentries\truns\tmean\tideal\tx ideal\tB/entry\tsucceeded\tfailed\t")
	ms := res.Measurements
	for i := 0; i < len(ms); {
		j := i
		var wall time.Duration
		var bytes uint64
		ok, failed := 0, 0
		for ; j < len(ms) && ms[j].Cell == ms[i].Cell; j++ {
			wall += ms[j].Wall
			bytes += ms[j].AllocBytes
			ok += ms[j].Succeeded
			failed += ms[j].Failed()
		}
		c, runs := ms[i].Cell, j-i
		mean := wall / time.Duration(runs)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3fs\t%.3fs\t%.3f\t%.0f\t%d\t%d\t\n",
			c.Strategy, c.Concurrency, c.Entries, runs, mean.Seconds(), c.Ideal.Seconds(),
			mean.Seconds()/c.Ideal.Seconds(), float64(bytes)/float64(runs*c.Entries), ok, failed)
		i = j
	}
	tw.Flush()
	for _, c := range res.Skipped {
		fmt.Fprintf(w, "skipped %s at %d entries: predicted ≥ %v (over the budget; -full runs it)\n", c.Strategy, c.Entries, c.Ideal)
	}
	printLimitHints(w, res)
}

// printLimitHints says which machine limit failed calls ran into and what
// to do, since "too many open files" alone does not say it.
func printLimitHints(w io.Writer, res *harness.Results) {
	var fd, ports int
	for _, m := range res.Measurements {
		fd += m.Failures[harness.ClassFDLimit]
		ports += m.Failures[harness.ClassPorts]
	}
	if fd > 0 {
		fmt.Fprintf(w, "limit: %d calls failed with \"too many open files\": this process may hold %s open files, one per connection; "+
			"lower -concurrency, or use -transport h2c, which multiplexes calls over a few connections\n", fd, openFileLimit())
	}
	if ports > 0 {
		fmt.Fprintf(w, "limit: %d calls found no free local port (the ephemeral range is used up, often by connections in TIME_WAIT); "+
			"wait a minute between wide runs, lower -concurrency, or use -transport h2c\n", ports)
	}
}

// openFileLimit is the process's open-file limit for the hint, in words.
func openFileLimit() string {
	if n, ok := thirdparty.OpenFileLimit(); ok {
		return strconv.FormatUint(n, 10)
	}
	return "a limited number of"
}
