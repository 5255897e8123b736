package reports

import (
	"strings"

	"batchlab/benchfile"
)

// tableNotes are the sentences about one table: why its Error is wide under
// FewRuns runs, and why it has no seed rows when the seed's sizes were run
// in another service.
func tableNotes(run *Run, runs int) []string {
	var out []string
	if runs > 0 && runs < FewRuns {
		out = append(out, fewRunsNote(runs))
	}
	if !SeedApplies(run.Settings) && hasSeedSize(run) {
		out = append(out, "No `"+SeedMethod+"` rows: the seed measured the steady scenario at a fixed 200 ms delay, and this block ran "+
			blockService(run)+".")
	}
	if len(run.Partials) > 0 {
		out = append(out, partialNote(run.Partials))
	}
	return out
}

// fewRunsNote says why the 99.9 % interval of n runs (n < FewRuns) is
// wide: Error is t × StdDev ÷ √n, and Student's t at n − 1 degrees of
// freedom is large for small n.
func fewRunsNote(n int) string {
	tAt := func(runs int) string {
		return formatNumber(tQuantile(1-(1-Confidence)/2, float64(runs-1)), 1)
	}
	if n < MinRunsForError {
		s := "With " + formatNumber(float64(n), 0) + " run per cell, Error is NA: there is no spread to measure."
		if n > 1 {
			s = "With " + formatNumber(float64(n), 0) + " runs per cell, Error is NA: the 99.9 % interval would use Student's t at n − 1 = 1 degree of freedom, " +
				tAt(n) + ", and be wider than the values it brackets."
		}
		return s + " Run at least " + formatNumber(FewRuns, 0) + " times per cell (t at 5 degrees of freedom is " + tAt(FewRuns) + ") for a usable Error."
	}
	return "With " + formatNumber(float64(n), 0) + " runs per cell, the 99.9 % interval is wide: Error = t × StdDev ÷ √n, with Student's t at n − 1 = " +
		formatNumber(float64(n-1), 0) + " degrees of freedom, " + tAt(n) + " (at " + formatNumber(FewRuns, 0) + " runs it is " + tAt(FewRuns) + ")."
}

// hasSeedSize reports whether batches ran at a size the seed documents.
func hasSeedSize(run *Run) bool {
	for _, c := range run.Cells {
		if _, ok := SeedFor(c.Entries); ok && c.Strategy == "batches" && !c.Skipped {
			return true
		}
	}
	return false
}

// blockService names the scenario and delay of a block for a sentence.
func blockService(run *Run) string {
	scenario := run.Setting(benchfile.KeyScenario)
	if scenario == "" {
		scenario = benchfile.DefaultScenario
	}
	s := "scenario `" + scenario + "`"
	if d := run.Setting(benchfile.KeyDelay); d != "" {
		s += " with delay " + d
	}
	return s
}

// TableLegend returns the notes that explain the columns and rows of
// tables, one sentence group per item, in markdown (`code` in backquotes):
// the seed's, the skipped rows' and the limit column's only where a table
// has them.
func TableLegend(tables []Table) []string {
	seed, skipped, failedBy, limit, cpu := false, false, false, false, false
	for _, t := range tables {
		for _, r := range t.Rows {
			seed = seed || r.Kind == RowSeed
			skipped = skipped || r.Kind == RowSkipped
		}
		for _, c := range t.Columns {
			limit = limit || c.Key == ColLimit
			cpu = cpu || c.Key == ColCPU
			failedBy = failedBy || c.Key == ColFailedBy
		}
	}
	gcs := legendGCs
	if seed {
		gcs += legendGCsSeed
	}
	out := []string{legendMean, gcs, legendAllocated, legendIdeal}
	if failedBy {
		out = append(out, legendFailedBy)
	}
	if seed {
		out = append(out, legendSeed)
	}
	if skipped {
		out = append(out, legendSkipped)
	}
	if limit {
		out = append(out, legendLimit)
	}
	if cpu {
		out = append(out, legendCPU)
	}
	return out
}

const (
	legendMean = "Mean: arithmetic mean of sec/op over the runs. Error: half-width of the 99.9 % confidence interval of the mean " +
		"(Student's t-distribution, n−1 degrees of freedom), NA under 3 runs. StdDev: sample standard deviation."
	legendGCs = "Go's collector has one generation, so GCs/1000 ops (GC cycles per 1000 operations, mean gc-cycles/op × 1000) " +
		"replaces BenchmarkDotNet's Gen0/Gen1/Gen2."
	legendGCsSeed   = " The seed rows show the seed's Gen0."
	legendAllocated = "Allocated: mean bytes allocated per operation; 1 KB = 1024 B."
	legendIdeal     = "Ideal: mean ideal-sec/op, the time the delay alone would take at this concurrency. Ratio to ideal = Mean ÷ Ideal, " +
		noModel + " where no ideal model applies (adaptive). p99: mean over the runs of each run's 99th-percentile entry latency. " +
		"Failed: failed entries summed over all runs."
	legendFailedBy = FailedByColumn + ": the failed entries summed over all runs, split by class (`429`, `5xx`, `timeout`, …)."
	legendSeed     = "`" + SeedMethod + "` rows are the documented figures from `" + SeedSource + "` (BenchmarkDotNet, .NET, fixed batches of 250, " +
		"the steady scenario at 200 ms), not measured here; `" + SeedRatioMethod + "` is the batches row's Mean and Allocated ÷ the seed's."
	legendSkipped = PredictedMark + ": the cell was not run; Mean is the harness's predicted time."
	legendCPU     = CPUColumn + ": mean over the runs of client-cpu-sec/op + service-cpu-sec/op, ÷ entries: the user + system CPU an entry cost " +
		"the batchlab process and the service together; `(client)` where the service could not say its CPU."
	legendLimit = LimitColumn + ": mean over the runs of limit-mean, the time-weighted mean of an adaptive strategy's concurrency limit during a run."
)

// tableTitle is table.md's H1: what the run measured, not its settings.
func tableTitle(run *Run) string {
	scenarios := run.Scenarios()
	switch len(scenarios) {
	case 0:
		return "batchlab results"
	case 1:
		return "batchlab results: scenario " + scenarios[0]
	}
	return "batchlab results: scenarios " + strings.Join(scenarios, ", ")
}
