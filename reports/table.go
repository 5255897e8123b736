package reports

import (
	"fmt"
	"io"
	"math"
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

// noModel is shown for the ratio of a cell to which no ideal model applies
// ([Cell.Adaptive]).
const noModel = "–"

// LimitColumn is the details column of a table whose cells report
// limit-mean (adaptive strategies): the mean over the runs of the
// time-weighted mean concurrency limit.
const LimitColumn = "Mean limit"

// CPUColumn is the details column of a table whose cells report
// client-cpu-sec/op: the CPU an entry cost, client and service together.
const CPUColumn = "CPU/entry"

// MaxLineWidth is the widest line WriteTable writes for a run like the
// reference run, so that GitHub shows table.md without horizontal scrolling.
// Prose is wrapped to it; a table line is as wide as its widest cells.
const MaxLineWidth = 160

// WriteTable writes run's [Tables] as markdown, BenchmarkDotNet-style, and
// returns the first write error.
//
// The file opens with a title and the run's settings as a list. Each table
// comes in two: the figures most read (Mean, Error, StdDev, Allocated,
// Ratio to ideal, p99, Failed), then a details table with the same rows
// (Ideal, GCs/1000 ops, [FailedByColumn] and [LimitColumn] where they
// apply). A run with several scenarios gets one section per scenario,
// headed "## scenario: <name>", with the settings in which its block differs
// from the first. Each table's sweeps follow it with their
// [Sweep.Recommendation] and [Sweep.ReferenceLines]; the notes that explain
// the columns close the file. Prose is wrapped at [MaxLineWidth].
func WriteTable(w io.Writer, run *Run) error {
	return writeTable(w, run, true)
}

// writeTable writes the markdown of WriteTable when full, else the form the
// HTML page parses until it renders [Tables] itself: one pipe table with
// every column, then the legend, one "- " line per note.
func writeTable(w io.Writer, run *Run, full bool) error {
	ew := &errWriter{w: w}
	tables := Tables(run)
	if !full {
		ew.printf("# %s\n\n", tableTitle(run))
		for _, t := range tables {
			writeMarkdownTable(ew, t, func(Column) bool { return true }, func(Row) bool { return true })
		}
		for _, n := range TableLegend(tables) {
			ew.printf("- %s\n", n)
		}
		return ew.err
	}
	multi := len(tables) > 1
	ew.printf("# %s\n\n", tableTitle(run))
	ew.printf("Settings:\n\n")
	for _, s := range run.Settings {
		if multi && s.Key == benchfile.KeyScenario {
			continue
		}
		ew.wrap("- ", "  ", s.Key+": "+s.Value)
	}
	ew.printf("\n")
	if multi {
		ew.wrap("", "", "Scenarios: "+strings.Join(run.Scenarios(), ", ")+".")
		ew.printf("\n")
	}
	for _, t := range tables {
		if t.Title != "" {
			ew.printf("## %s\n\n", t.Title)
		}
		if t.Differs != "" {
			ew.wrap("", "", "Settings of this block that differ from the first: "+t.Differs+".")
			ew.printf("\n")
		}
		for _, n := range t.Notes {
			ew.wrap("", "", n)
			ew.printf("\n")
		}
		writeMarkdownTable(ew, t, func(c Column) bool { return !c.Detail }, func(Row) bool { return true })
		ew.printf("\nDetails (the CSV and JSON exports have every figure):\n\n")
		writeMarkdownTable(ew, t, func(c Column) bool { return c.Detail || c.Key == ColMethod || c.Key == ColEntries },
			func(r Row) bool { return r.Kind == RowMeasured || r.Kind == RowSeed })
		writeSweeps(ew, t)
		ew.printf("\n")
	}
	ew.printf("Notes:\n\n")
	for _, n := range TableLegend(tables) {
		ew.wrap("- ", "  ", n)
	}
	return ew.err
}

// writeMarkdownTable writes the pipe table of t's columns for which col is
// true and its rows for which keep is true: Method left-aligned, figures
// right-aligned, padded so that the source reads as a table too.
func writeMarkdownTable(ew *errWriter, t Table, col func(Column) bool, keep func(Row) bool) {
	var idx []int
	for i, c := range t.Columns {
		if col(c) {
			idx = append(idx, i)
		}
	}
	header := make([]string, len(idx))
	right := make([]bool, len(idx))
	widths := make([]int, len(idx))
	for j, i := range idx {
		header[j], right[j] = t.Columns[i].Name, t.Columns[i].Numeric
		widths[j] = max(utf8.RuneCountInString(header[j]), 2)
	}
	var rows [][]string
	for _, r := range t.Rows {
		if !keep(r) {
			continue
		}
		cells := make([]string, len(idx))
		for j, i := range idx {
			cells[j] = r.Cells[i]
			widths[j] = max(widths[j], utf8.RuneCountInString(cells[j]))
		}
		rows = append(rows, cells)
	}
	writeLine(ew, header, widths, right)
	seps := make([]string, len(idx))
	for j := range idx {
		if right[j] {
			seps[j] = strings.Repeat("-", widths[j]-1) + ":"
		} else {
			seps[j] = ":" + strings.Repeat("-", widths[j]-1)
		}
	}
	ew.printf("| %s |\n", strings.Join(seps, " | "))
	for _, cells := range rows {
		writeLine(ew, cells, widths, right)
	}
}

// writeLine writes one markdown table line, each cell padded to its width.
func writeLine(ew *errWriter, cells []string, widths []int, right []bool) {
	padded := make([]string, len(cells))
	for i, c := range cells {
		pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
		if right[i] {
			padded[i] = pad + c
		} else {
			padded[i] = c + pad
		}
	}
	ew.printf("| %s |\n", strings.Join(padded, " | "))
}

// writeSweeps lists t's sweeps, each with its recommendation and its
// reference lines.
func writeSweeps(ew *errWriter, t Table) {
	if len(t.Sweeps) == 0 {
		return
	}
	ew.printf("\n")
	ew.wrap("", "", "Sweeps: "+t.KneeRule)
	ew.printf("\n")
	for _, s := range t.Sweeps {
		ew.wrap("* ", "  ", s.Strategy+" at "+formatNumber(float64(s.Entries), 0)+" entries: "+s.Recommendation+".")
		for _, line := range s.References {
			ew.wrap("  * ", "    ", line)
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

// titleKeys are the settings of the HTML page's title, in order.
var titleKeys = []string{benchfile.KeyCPU, benchfile.KeyGo, benchfile.KeyGOMAXPROCS, benchfile.KeyDelay, benchfile.KeyCount,
	benchfile.KeyCommit, benchfile.KeyStatus}

// title is the HTML page's <title>: the settings that identify the run.
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
	failedBy      string  // failures by class, e.g. "5xx 3,054; reset 24"
	limit         float64 // mean limit-mean; NaN without one
	cpu           string  // formatted CPU per entry, µs; "" without client-cpu-sec/op
	meanRatio     float64 // for SeedRatioMethod rows
	allocRatio    float64
	isRatioRow    bool
	notApplicable bool // seed rows: Ideal, Ratio, p99, Failed do not apply
	noModel       bool // an adaptive cell: no ideal model applies, so no ratio
}

// tableRows lists the run's cells and, when seed, the seed's row and the
// ratio row after each batches cell whose entries the seed documents. Where
// batches has several widths at one size, they follow the width of 250 (the
// seed's) if there is one, else the narrowest.
func tableRows(run *Run, seed bool) []row {
	seedAfter := map[int]int{} // entries → index of the batches cell the seed rows follow
	for i, c := range run.Cells {
		if !seed || c.Strategy != "batches" || c.Skipped {
			continue
		}
		if j, ok := seedAfter[c.Entries]; !ok || (c.Concurrency == 250 && run.Cells[j].Concurrency != 250) {
			seedAfter[c.Entries] = i
		}
	}
	nan := math.NaN()
	var rows []row
	for i, c := range run.Cells {
		if c.Skipped {
			rows = append(rows, row{method: c.Method(), entries: c.Entries, mean: c.PredictedSec, predicted: true,
				errorSec: nan, stdDev: nan, alloc: nan, ideal: nan, ratio: nan,
				p99: nan, failed: nan, gcs: none, notApplicable: true, limit: nan})
			continue
		}
		rows = append(rows, row{method: c.Method(), entries: c.Entries, mean: c.Time.Mean,
			errorSec: c.Time.Error, stdDev: c.Time.StdDev, gcs: formatNumber(c.GCsPer1000Ops, 1),
			alloc: c.AllocBytesPerOp, ideal: c.IdealSec, ratio: c.RatioToIdeal(), p99: c.P99Sec, failed: c.FailedTotal,
			failedBy: failedBy(c), limit: sampleMean(c, benchfile.UnitLimitMean), cpu: cpuPerEntry(c), noModel: c.Adaptive()})
		s, ok := SeedFor(c.Entries)
		if j, after := seedAfter[c.Entries]; !ok || !after || j != i {
			continue
		}
		rows = append(rows,
			row{method: SeedMethod, entries: s.Entries, mean: s.MeanSec, errorSec: s.ErrorSec,
				stdDev: s.StdDevSec, gcs: formatNumber(s.Gen0, 0) + " (Gen0)", alloc: s.AllocBytes,
				ideal: nan, ratio: nan, p99: nan, failed: nan, notApplicable: true, limit: nan},
			row{method: SeedRatioMethod, entries: s.Entries, isRatioRow: true, limit: nan,
				meanRatio: c.Time.Mean / s.MeanSec, allocRatio: c.AllocBytesPerOp / s.AllocBytes})
	}
	return rows
}

// cpuPerEntry formats a cell's mean client + service CPU per entry in µs,
// marked "(client)" where the service could not say its own, so the figure
// is not read as the whole cost; "" without client CPU (older files).
func cpuPerEntry(c Cell) string {
	client := sampleMean(c, benchfile.UnitClientCPU)
	if !finite(client) {
		return ""
	}
	perEntry := func(sec float64) string { return formatNumber(sec*1e6/float64(c.Entries), 1) + " µs" }
	if service := sampleMean(c, benchfile.UnitServiceCPU); finite(service) {
		return perEntry(client + service)
	}
	return perEntry(client) + " (client)"
}

// failedBy lists a cell's failures by class for the Failed by class column,
// so a reader sees timeouts apart from 429s apart from a dead service.
func failedBy(c Cell) string {
	classes := c.FailuresByClass()
	if len(classes) == 0 {
		return ""
	}
	parts := make([]string, len(classes))
	for i, cc := range classes {
		parts[i] = cc.Class + " " + formatNumber(cc.Count, 0)
	}
	return strings.Join(parts, "; ")
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

// wrap writes text as lines of at most MaxLineWidth characters, the first
// after first and the others after indent (a markdown list item's
// continuation), breaking at spaces; a word longer than a line stands alone.
func (ew *errWriter) wrap(first, indent, text string) {
	for _, line := range wrapWords(first, indent, text, MaxLineWidth) {
		ew.printf("%s\n", line)
	}
}

func wrapWords(first, indent, text string, width int) []string {
	var lines []string
	cur, n := first, utf8.RuneCountInString(first)
	empty := true
	for _, word := range strings.Fields(text) {
		wn := utf8.RuneCountInString(word)
		if !empty && n+1+wn > width {
			lines = append(lines, cur)
			cur, n, empty = indent, utf8.RuneCountInString(indent), true
		}
		if !empty {
			cur, n = cur+" ", n+1
		}
		cur, n, empty = cur+word, n+wn, false
	}
	return append(lines, cur)
}
