package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SeedMethod labels the seed's documented rows in the table.
const SeedMethod = "seed (.NET, documented)"

// SeedRatioMethod labels the rows with this run's figures ÷ the seed's.
const SeedRatioMethod = "ratio to seed"

// PredictedMark follows the predicted time of a skipped cell.
const PredictedMark = "(predicted, skipped)"

// Columns are the table's columns, in order.
var Columns = []string{"Method", "NumEntries", "Mean", "Error", "StdDev", "GCs/1000 ops", "Allocated", "Ideal", "Ratio to ideal", "p99", "Failed"}

// titleKeys are the settings shown in the title line, in order.
var titleKeys = []string{"cpu", "go", "gomaxprocs", "delay", "count", "commit", "status"}

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
	meanRatio     float64 // for SeedRatioMethod rows
	allocRatio    float64
	isRatioRow    bool
	notApplicable bool // seed rows: Ideal, Ratio, p99, Failed do not apply
}

// WriteTable writes run as a markdown BenchmarkDotNet-style table with the
// seed's documented rows beside the batches rows, and returns the first write
// error.
func WriteTable(w io.Writer, run *Run) error {
	ew := &errWriter{w: w}
	rows := tableRows(run)

	ew.printf("# batchlab: %s\n\n", title(run))
	if other := otherSettings(run); other != "" {
		ew.printf("Other settings: %s.\n\n", other)
	}

	cells := formatRows(rows)
	widths := make([]int, len(Columns))
	for i, c := range Columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	for _, r := range cells {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	writeLine(ew, Columns, widths)
	seps := make([]string, len(Columns))
	for i := range Columns {
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

	ew.printf("\n%s", notes)
	return ew.err
}

const notes = `- Mean: arithmetic mean of sec/op over the runs. Error: half-width of the 99.9 % confidence interval of the mean (Student's t-distribution, n−1 degrees of freedom), NA under 3 runs. StdDev: sample standard deviation.
- Go's collector has one generation, so GCs/1000 ops (GC cycles per 1000 operations, mean gc-cycles/op × 1000) replaces BenchmarkDotNet's Gen0/Gen1/Gen2; the seed rows show the seed's Gen0.
- Allocated: mean bytes allocated per operation; 1 KB = 1024 B.
- Ideal: mean ideal-sec/op, the time the delay alone would take at this concurrency. Ratio to ideal = Mean ÷ Ideal. p99: mean over the runs of each run's 99th-percentile entry latency. Failed: failed entries summed over all runs.
- ` + "`" + SeedMethod + "`" + ` rows are the documented figures from ` + "`" + SeedSource + "`" + ` (BenchmarkDotNet, .NET, fixed batches of 250), not measured here; ` + "`" + SeedRatioMethod + "`" + ` is the batches row's Mean and Allocated ÷ the seed's.
- ` + PredictedMark + `: the cell was not run; Mean is the harness's predicted time.
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

func otherSettings(run *Run) string {
	var parts []string
	for _, s := range run.Settings {
		shown := false
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
// after each batches cell whose entries the seed documents.
func tableRows(run *Run) []row {
	var rows []row
	for _, c := range run.Cells {
		if c.Skipped {
			rows = append(rows, row{method: c.Method(), entries: c.Entries, mean: c.PredictedSec, predicted: true,
				errorSec: math.NaN(), stdDev: math.NaN(), alloc: math.NaN(), ideal: math.NaN(), ratio: math.NaN(),
				p99: math.NaN(), failed: math.NaN(), gcs: none, notApplicable: true})
			continue
		}
		rows = append(rows, row{method: c.Method(), entries: c.Entries, mean: c.Time.Mean,
			errorSec: c.Time.Error, stdDev: c.Time.StdDev, gcs: formatNumber(c.GCsPer1000Ops, 1),
			alloc: c.AllocBytesPerOp, ideal: c.IdealSec, ratio: c.RatioToIdeal(), p99: c.P99Sec, failed: c.FailedTotal,
			failedBy: failedBy(c)})
		seed, ok := SeedFor(c.Entries)
		if c.Strategy != "batches" || !ok {
			continue
		}
		rows = append(rows,
			row{method: SeedMethod, entries: seed.Entries, mean: seed.MeanSec, errorSec: seed.ErrorSec,
				stdDev: seed.StdDevSec, gcs: formatNumber(seed.Gen0, 0) + " (Gen0)", alloc: seed.AllocBytes,
				ideal: math.NaN(), ratio: math.NaN(), p99: math.NaN(), failed: math.NaN(), notApplicable: true},
			row{method: SeedRatioMethod, entries: seed.Entries, isRatioRow: true,
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

// formatRows formats rows, with one time or size unit per column.
func formatRows(rows []row) [][]string {
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
		if r.isRatioRow {
			out = append(out, []string{r.method, entries, formatRatio(r.meanRatio), none, none, none,
				formatRatio(r.allocRatio), none, none, none, none})
			continue
		}
		mean := formatScaled(r.mean, meanS, 1)
		if r.predicted {
			out = append(out, []string{r.method, entries, mean + " " + PredictedMark, none, none, none, none, none, none, none, none})
			continue
		}
		out = append(out, []string{r.method, entries, mean,
			formatScaled(r.errorSec, errS, 2), formatScaled(r.stdDev, devS, 2), r.gcs,
			formatScaled(r.alloc, allocS, 2),
			orNone(r, formatScaled(r.ideal, idealS, 1)), orNone(r, formatNumber(r.ratio, 2)),
			orNone(r, formatScaled(r.p99, p99S, 2)), orNone(r, formatNumber(r.failed, 0)+r.failedBy)})
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
