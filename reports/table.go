package reports

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"batchlab/benchfile"
)

// SeedMethod labels the seed's documented rows in the table.
const SeedMethod = "seed (.NET, documented)"

// SeedRatioMethod labels the rows with this run's figures ÷ the seed's.
const SeedRatioMethod = "ratio to seed"

// PredictedMark follows the predicted time of a skipped cell.
const PredictedMark = "(predicted, skipped)"

// Columns returns the table's columns, in order, as a new slice.
func Columns() []string {
	return []string{"Method", "NumEntries", "Mean", "Error", "StdDev", "GCs/1000 ops", "Allocated", "Ideal", "Ratio to ideal", "p99", "Failed"}
}

// titleKeys are the settings shown in the title line, in order.
var titleKeys = []string{benchfile.KeyCPU, benchfile.KeyGo, benchfile.KeyGOMAXPROCS, benchfile.KeyDelay, benchfile.KeyCount,
	benchfile.KeyCommit, benchfile.KeyStatus}

// row holds the raw figures of one table row; NaN means "not applicable".
type row struct {
	method        string
	entries       int
	mean          float64
	predicted     bool
	errorSec      float64
	stdDev        float64
	gcs           string // formatted: GC cycles per 1000 ops, or the seed's Gen0
	alloc         float64
	ideal         float64
	ratio         float64
	p99           float64
	failed        float64
	failedBy      string  // failures by class, e.g. " (5xx 3,054; reset 24)"
	limit         float64 // mean limit-mean; NaN without one
	meanRatio     float64 // for SeedRatioMethod rows
	allocRatio    float64
	isRatioRow    bool
	notApplicable bool // seed rows: Ideal, Ratio, p99, Failed do not apply
	noModel       bool // an adaptive cell: no ideal model applies, so no ratio
}

// noModel is shown for the ratio of a cell to which no ideal model applies
// ([Cell.Adaptive]).
const noModel = "–"

// LimitColumn is the column added after Failed when a table's cells report
// limit-mean (adaptive strategies): the mean over the runs of the
// time-weighted mean concurrency limit.
const LimitColumn = "Mean limit"

// WriteTable writes run as a markdown BenchmarkDotNet-style table with the
// seed's documented rows beside the batches rows, and returns the first write
// error.
//
// A run with several scenarios gets one section per scenario, headed
// "## scenario: <name>", each with its own table and the settings in which
// its block differs from the first. A strategy measured at several widths
// has one row per width; after each scenario's table, every sweep (see
// [FindSweeps]) gets its [Sweep.Recommendation] at the run's [Run.KneeTolerance] and
// its [Sweep.ReferenceLines]. A table whose cells report limit-mean gets a
// [LimitColumn] after Failed.
func WriteTable(w io.Writer, run *Run) error {
	return writeTable(w, run, true)
}

// writeTable writes the table of WriteTable, with or without the sweeps.
func writeTable(w io.Writer, run *Run, sweeps bool) error {
	ew := &errWriter{w: w}
	scenarios := run.Scenarios()
	multi := len(scenarios) > 1

	ew.printf("# batchlab: %s\n\n", title(run))
	skip := []string{}
	if multi {
		skip = append(skip, benchfile.KeyScenario)
	}
	if other := otherSettings(run, skip...); other != "" {
		ew.printf("Other settings: %s.\n\n", other)
	}
	if multi {
		ew.printf("Scenarios: %s.\n\n", strings.Join(scenarios, ", "))
	}
	limitNote := false
	for _, sc := range scenarios {
		sub := run
		if multi {
			sub = run.ForScenario(sc)
			ew.printf("## scenario: %s\n\n", sc)
			if diff := scenarioDiff(run, sub); diff != "" {
				ew.printf("Settings of this block that differ from the first: %s.\n\n", diff)
			}
		}
		limitNote = writeTableOf(ew, sub) || limitNote
		if sweeps {
			writeSweeps(ew, sub)
		}
		ew.printf("\n")
	}
	ew.printf("%s", notes)
	if limitNote {
		ew.printf("%s", limitNotes)
	}
	return ew.err
}

// writeTableOf writes the pipe table of run's cells and reports whether it
// has the LimitColumn.
func writeTableOf(ew *errWriter, run *Run) bool {
	rows := tableRows(run)
	withLimit := false
	for _, r := range rows {
		withLimit = withLimit || finite(r.limit)
	}
	columns := Columns()
	if withLimit {
		columns = append(columns, LimitColumn)
	}
	cells := formatRows(rows, withLimit)
	widths := make([]int, len(columns))
	for i, c := range columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	for _, r := range cells {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	writeLine(ew, columns, widths)
	seps := make([]string, len(columns))
	for i := range columns {
		if i == 0 {
			seps[i] = ":" + strings.Repeat("-", widths[i]-1)
		} else {
			seps[i] = strings.Repeat("-", widths[i]-1) + ":"
		}
	}
	ew.printf("|%s|\n", strings.Join(wrapSpaces(seps), "|"))
	for _, r := range cells {
		writeLine(ew, r, widths)
	}
	return withLimit
}

// writeSweeps lists run's sweeps, each with its recommendation and its
// reference lines.
func writeSweeps(ew *errWriter, run *Run) {
	sweeps := FindSweeps(run, run.KneeTolerance())
	if len(sweeps) == 0 {
		return
	}
	ew.printf("\nSweeps: %s\n\n", kneeRule(run.KneeTolerance()))
	for _, s := range sweeps {
		ew.printf("* %s at %s entries: %s.\n", s.Strategy, formatNumber(float64(s.Entries), 0), s.Recommendation())
		for _, line := range s.ReferenceLines() {
			ew.printf("  * %s\n", line)
		}
	}
}

// kneeRule states the knee rule in one sentence.
func kneeRule(tolerance float64) string {
	return "the recommended width is the narrowest whose mean time is within " + formatPercent(tolerance*100) +
		" of the fastest, among the widths that fail no more entries than the least-failing width (give or take 0.1 % of the entries)."
}

// scenarioDiff lists the settings of sub (one scenario of run) that differ
// from run's, except the scenario itself and the start time and target.
func scenarioDiff(run, sub *Run) string {
	var parts []string
	for _, s := range sub.Settings {
		if s.Key == benchfile.KeyScenario || s.Key == benchfile.KeyStarted || s.Key == benchfile.KeyTarget {
			continue
		}
		if run.Setting(s.Key) != s.Value {
			parts = append(parts, s.Key+" "+s.Value)
		}
	}
	return strings.Join(parts, ", ")
}

const notes = `- Mean: arithmetic mean of sec/op over the runs. Error: half-width of the 99.9 % confidence interval of the mean (Student's t-distribution, n−1 degrees of freedom), NA under 3 runs. StdDev: sample standard deviation.
- Go's collector has one generation, so GCs/1000 ops (GC cycles per 1000 operations, mean gc-cycles/op × 1000) replaces BenchmarkDotNet's Gen0/Gen1/Gen2; the seed rows show the seed's Gen0.
- Allocated: mean bytes allocated per operation; 1 KB = 1024 B.
- Ideal: mean ideal-sec/op, the time the delay alone would take at this concurrency. Ratio to ideal = Mean ÷ Ideal. p99: mean over the runs of each run's 99th-percentile entry latency. Failed: failed entries summed over all runs.
- ` + "`" + SeedMethod + "`" + ` rows are the documented figures from ` + "`" + SeedSource + "`" + ` (BenchmarkDotNet, .NET, fixed batches of 250), not measured here; ` + "`" + SeedRatioMethod + "`" + ` is the batches row's Mean and Allocated ÷ the seed's.
- ` + PredictedMark + `: the cell was not run; Mean is the harness's predicted time.
`

// limitNotes explains LimitColumn, for tables that have it.
const limitNotes = `- ` + LimitColumn + `: mean over the runs of limit-mean, the time-weighted mean of an adaptive strategy's concurrency limit during a run.
`

func title(run *Run) string {
	var parts []string
	for _, k := range titleKeys {
		if v := run.Setting(k); v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	if len(parts) == 0 {
		return "results"
	}
	return strings.Join(parts, ", ")
}

// otherSettings lists the settings not in the title, except skip.
func otherSettings(run *Run, skip ...string) string {
	var parts []string
	for _, s := range run.Settings {
		shown := slices.Contains(skip, s.Key)
		for _, k := range titleKeys {
			shown = shown || s.Key == k
		}
		if !shown {
			parts = append(parts, s.Key+" "+s.Value)
		}
	}
	return strings.Join(parts, ", ")
}

// tableRows lists the run's cells, with the seed's row and the ratio row
// after each batches cell whose entries the seed documents. Where batches
// has several widths at one size, they follow the width of 250 (the seed's)
// if there is one, else the narrowest.
func tableRows(run *Run) []row {
	seedAfter := map[int]int{} // entries → index of the batches cell the seed rows follow
	for i, c := range run.Cells {
		if c.Strategy != "batches" || c.Skipped {
			continue
		}
		if j, ok := seedAfter[c.Entries]; !ok || (c.Concurrency == 250 && run.Cells[j].Concurrency != 250) {
			seedAfter[c.Entries] = i
		}
	}
	var rows []row
	for i, c := range run.Cells {
		if c.Skipped {
			rows = append(rows, row{method: c.Method(), entries: c.Entries, mean: c.PredictedSec, predicted: true,
				errorSec: math.NaN(), stdDev: math.NaN(), alloc: math.NaN(), ideal: math.NaN(), ratio: math.NaN(),
				p99: math.NaN(), failed: math.NaN(), gcs: none, notApplicable: true, limit: math.NaN()})
			continue
		}
		rows = append(rows, row{method: c.Method(), entries: c.Entries, mean: c.Time.Mean,
			errorSec: c.Time.Error, stdDev: c.Time.StdDev, gcs: formatNumber(c.GCsPer1000Ops, 1),
			alloc: c.AllocBytesPerOp, ideal: c.IdealSec, ratio: c.RatioToIdeal(), p99: c.P99Sec, failed: c.FailedTotal,
			failedBy: failedBy(c), limit: sampleMean(c, benchfile.UnitLimitMean), noModel: c.Adaptive()})
		seed, ok := SeedFor(c.Entries)
		if j, after := seedAfter[c.Entries]; !ok || !after || j != i {
			continue
		}
		rows = append(rows,
			row{method: SeedMethod, entries: seed.Entries, mean: seed.MeanSec, errorSec: seed.ErrorSec,
				stdDev: seed.StdDevSec, gcs: formatNumber(seed.Gen0, 0) + " (Gen0)", alloc: seed.AllocBytes,
				ideal: math.NaN(), ratio: math.NaN(), p99: math.NaN(), failed: math.NaN(), notApplicable: true, limit: math.NaN()},
			row{method: SeedRatioMethod, entries: seed.Entries, isRatioRow: true, limit: math.NaN(),
				meanRatio: c.Time.Mean / seed.MeanSec, allocRatio: c.AllocBytesPerOp / seed.AllocBytes})
	}
	return rows
}

// failedBy lists a cell's failures by class for the Failed column, so a
// reader sees timeouts apart from 429s apart from a dead service.
func failedBy(c Cell) string {
	classes := c.FailuresByClass()
	if len(classes) == 0 {
		return ""
	}
	parts := make([]string, len(classes))
	for i, cc := range classes {
		parts[i] = cc.Class + " " + formatNumber(cc.Count, 0)
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// formatRows formats rows, with one time or size unit per column, and with
// the LimitColumn when withLimit.
func formatRows(rows []row, withLimit bool) [][]string {
	var means, allocs, ideals, p99s []float64
	for _, r := range rows {
		if r.isRatioRow {
			continue
		}
		means = append(means, r.mean)
		allocs = append(allocs, r.alloc)
		ideals = append(ideals, r.ideal)
		p99s = append(p99s, r.p99)
	}
	// Error and StdDev share Mean's unit, as in the seed's table ("893.5 ms | 8.47 ms").
	meanS := bestScale(timeScales, means)
	errS, devS := meanS, meanS
	allocS, idealS, p99S := bestScale(sizeScales, allocs), bestScale(timeScales, ideals), bestScale(timeScales, p99s)

	// orNone shows "-" for a figure that does not apply to the row.
	orNone := func(r row, s string) string {
		if r.notApplicable {
			return none
		}
		return s
	}
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		entries := strconv.Itoa(r.entries)
		var cells []string
		switch {
		case r.isRatioRow:
			cells = []string{r.method, entries, formatRatio(r.meanRatio), none, none, none,
				formatRatio(r.allocRatio), none, none, none, none}
		case r.predicted:
			cells = []string{r.method, entries, formatScaled(r.mean, meanS, 1) + " " + PredictedMark, none, none, none, none, none, none, none, none}
		default:
			ratio := orNone(r, formatNumber(r.ratio, 2))
			if r.noModel {
				ratio = noModel
			}
			cells = []string{r.method, entries, formatScaled(r.mean, meanS, 1),
				formatScaled(r.errorSec, errS, 2), formatScaled(r.stdDev, devS, 2), r.gcs,
				formatScaled(r.alloc, allocS, 2),
				orNone(r, formatScaled(r.ideal, idealS, 1)), ratio,
				orNone(r, formatScaled(r.p99, p99S, 2)), orNone(r, formatNumber(r.failed, 0)+r.failedBy)}
		}
		if withLimit {
			limit := none
			if finite(r.limit) {
				limit = formatNumber(r.limit, 1)
			}
			cells = append(cells, limit)
		}
		out = append(out, cells)
	}
	return out
}

func wrapSpaces(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = " " + c + " "
	}
	return out
}

// writeLine writes one markdown table line: the first column left-aligned,
// the others right-aligned.
func writeLine(ew *errWriter, cells []string, widths []int) {
	padded := make([]string, len(cells))
	for i, c := range cells {
		pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
		if i == 0 {
			padded[i] = c + pad
		} else {
			padded[i] = pad + c
		}
	}
	ew.printf("|%s|\n", strings.Join(wrapSpaces(padded), "|"))
}

// errWriter remembers the first write error and skips later writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (ew *errWriter) printf(format string, args ...any) {
	if ew.err != nil {
		return
	}
	_, ew.err = fmt.Fprintf(ew.w, format, args...)
}
