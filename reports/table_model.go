package reports

import (
	"math"
	"slices"
	"strconv"

	"batchlab/benchfile"
)

// Table is the table of one scenario, formatted: what table.md and the HTML
// page both render, so that the two show the same figures in the same units.
// Build it with [Tables].
type Table struct {
	Scenario string // the cells' scenario
	Title    string // "scenario: <name>" in a run with several scenarios; "" in a run with one
	// Differs lists the settings of this scenario's block that differ from
	// the first block's ("retries on, delay 100ms"); "" when none does.
	Differs string
	Columns []Column
	Rows    []Row
	// MinRuns is the fewest measured repetitions of any measured cell; 0
	// when every cell was skipped.
	MinRuns int
	// Notes are sentences about this table alone (few runs, the seed's rows
	// left out), in markdown: `code` in backquotes.
	Notes []string
	// Sweeps are the table's sweeps ([FindSweeps] at [Run.KneeTolerance]);
	// KneeRule states the rule their recommendations follow, "" without
	// sweeps.
	Sweeps   []TableSweep
	KneeRule string
}

// Column is one column of a [Table].
type Column struct {
	Key     string // stable identifier, one of the Col… constants
	Name    string // the header, e.g. "Mean"
	Unit    string // the one unit of every figure in the column ("ms", "MB"); "" for counts, ratios and text
	Numeric bool   // figures, right-aligned; Method and Failed by class are text
	Detail  bool   // rarely read: table.md shows it in the second, details table
}

// The Col… constants are the [Column.Key]s, so a renderer finds a column
// whatever its header says.
const (
	ColMethod    = "method"
	ColEntries   = "entries"
	ColMean      = "mean"
	ColError     = "error"
	ColStdDev    = "stddev"
	ColAllocated = "allocated"
	ColRatio     = "ratio-to-ideal"
	ColP99       = "p99"
	ColFailed    = "failed"
	ColIdeal     = "ideal"
	ColGCs       = "gcs"
	ColFailedBy  = "failed-by-class"
	ColLimit     = "limit"
	ColCPU       = "cpu"
)

// FailedByColumn is the details column that splits Failed by class; a table
// has it only when one of its cells failed entries.
const FailedByColumn = "Failed by class"

// RowKind says what a [Row] holds, so a renderer can style it.
type RowKind string

const (
	RowMeasured  RowKind = "measured"   // a cell of this run
	RowSeed      RowKind = "seed"       // the seed's documented figures ([SeedMethod])
	RowSeedRatio RowKind = "seed-ratio" // the batches row ÷ the seed's ([SeedRatioMethod])
	RowSkipped   RowKind = "skipped"    // a cell the harness skipped; Mean is its prediction
)

// Row is one row of a [Table]: Cells has one formatted text per column,
// none ("-") where a figure does not apply, noModel ("–") for the ratio of
// a cell no ideal model covers.
type Row struct {
	Kind    RowKind
	Method  string
	Entries int
	Cells   []string
}

// TableSweep is one sweep of a [Table], in words.
type TableSweep struct {
	Strategy       string
	Entries        int
	Recommendation string   // [Sweep.Recommendation]
	References     []string // [Sweep.ReferenceLines]
}

// Cell returns the row's text in the column with key, and false if the
// table has no such column.
func (t Table) Cell(r Row, key string) (string, bool) {
	for i, c := range t.Columns {
		if c.Key == key && i < len(r.Cells) {
			return r.Cells[i], true
		}
	}
	return "", false
}

// Columns returns the headers of the columns every table has, in order, as a
// new slice: the main table's, then the details'. A table whose cells failed
// entries adds [FailedByColumn], one whose cells report limit-mean adds
// [LimitColumn], and one whose cells report client-cpu-sec/op adds
// [CPUColumn].
func Columns() []string {
	var out []string
	for _, c := range baseColumns() {
		out = append(out, c.Name)
	}
	return out
}

// baseColumns are the columns every table has.
func baseColumns() []Column {
	return []Column{
		{Key: ColMethod, Name: "Method"},
		{Key: ColEntries, Name: "NumEntries", Numeric: true},
		{Key: ColMean, Name: "Mean", Numeric: true},
		{Key: ColError, Name: "Error", Numeric: true},
		{Key: ColStdDev, Name: "StdDev", Numeric: true},
		{Key: ColAllocated, Name: "Allocated", Numeric: true},
		{Key: ColRatio, Name: "Ratio to ideal", Numeric: true},
		{Key: ColP99, Name: "p99", Numeric: true},
		{Key: ColFailed, Name: "Failed", Numeric: true},
		{Key: ColIdeal, Name: "Ideal", Numeric: true, Detail: true},
		{Key: ColGCs, Name: "GCs/1000 ops", Numeric: true, Detail: true},
	}
}

// SeedApplies reports whether the seed's documented rows belong beside the
// cells of a block with these settings: the seed measured fixed 200 ms
// delays, so only the steady scenario, unmodified, at a delay of 200ms.
func SeedApplies(settings []Setting) bool {
	scenario := settingOf(settings, benchfile.KeyScenario)
	if scenario == "" {
		scenario = benchfile.DefaultScenario
	}
	return scenario == "steady" && settingOf(settings, benchfile.KeyDelay) == "200ms"
}

// FewRuns is the number of runs per cell under which a table says that its
// 99.9 % interval is wide.
const FewRuns = 6

// Tables returns run's tables, one per scenario in [Run.Scenarios] order,
// with the seed's documented rows beside the batches rows where
// [SeedApplies], the cells skipped as predicted, and each scenario's sweeps.
// A column has one unit and one precision across all the tables, so the
// same figure reads the same in every scenario.
func Tables(run *Run) []Table {
	scenarios := run.Scenarios()
	multi := len(scenarios) > 1
	var raw [][]row
	var subs []*Run
	for _, sc := range scenarios {
		sub := run
		if multi {
			sub = run.ForScenario(sc)
		}
		subs = append(subs, sub)
		raw = append(raw, tableRows(sub, SeedApplies(sub.Settings)))
	}
	f := newColumnFormats(raw)
	out := make([]Table, 0, len(scenarios))
	for i, sc := range scenarios {
		t := Table{Scenario: sc}
		if multi {
			t.Title = "scenario: " + sc
			t.Differs = scenarioDiff(run, subs[i])
		}
		t.Columns, t.Rows = f.format(raw[i])
		t.MinRuns = minRuns(subs[i])
		t.Notes = tableNotes(subs[i], t.MinRuns)
		for _, s := range FindSweeps(subs[i], subs[i].KneeTolerance()) {
			t.Sweeps = append(t.Sweeps, TableSweep{Strategy: s.Strategy, Entries: s.Entries,
				Recommendation: s.Recommendation(), References: s.ReferenceLines()})
		}
		if len(t.Sweeps) > 0 {
			t.KneeRule = kneeRule(subs[i].KneeTolerance())
		}
		out = append(out, t)
	}
	return out
}

// minRuns returns the fewest runs of run's measured cells, 0 if none.
func minRuns(run *Run) int {
	n := 0
	for _, c := range run.Cells {
		if !c.Skipped && (n == 0 || c.Time.N < n) {
			n = c.Time.N
		}
	}
	return n
}

// columnFormats holds one unit and one precision per scaled column across
// all of a run's tables.
type columnFormats struct {
	mean, err, dev, alloc, ideal, p99 colFormat
}

// colFormat is a column's unit and decimals.
type colFormat struct {
	s    scale
	prec int
}

func (c colFormat) text(v float64) string { return formatScaled(v, c.s, c.prec) }

func newColumnFormats(tables [][]row) columnFormats {
	var means, errs, devs, allocs, ideals, p99s []float64
	for _, rows := range tables {
		for _, r := range rows {
			if r.isRatioRow {
				continue
			}
			means = append(means, r.mean)
			errs = append(errs, r.errorSec)
			devs = append(devs, r.stdDev)
			allocs = append(allocs, r.alloc)
			ideals = append(ideals, r.ideal)
			p99s = append(p99s, r.p99)
		}
	}
	return columnFormats{
		mean:  newColFormat(timeScales, means, 4),
		err:   newColFormat(timeScales, errs, 3),
		dev:   newColFormat(timeScales, devs, 3),
		alloc: newColFormat(sizeScales, allocs, 3),
		ideal: newColFormat(timeScales, ideals, 3),
		p99:   newColFormat(timeScales, p99s, 3),
	}
}

// newColFormat picks the unit of vals and the decimals that separate them.
// The unit is [bestScale]'s for the lower decile of the positive values, so
// one small outlier does not put a column of milliseconds into
// microseconds; the decimals give that decile sig significant digits and
// the smallest positive value at least two (0 to 3 decimals), so a StdDev
// of 4 ms shows as "4.12 ms", not "0.00 s" beside a Mean of 2.3 s.
func newColFormat(scales []scale, vals []float64, sig int) colFormat {
	var pos []float64
	for _, v := range vals {
		if v > 0 && !math.IsInf(v, 0) {
			pos = append(pos, v)
		}
	}
	if len(pos) == 0 {
		return colFormat{s: bestScale(scales, nil), prec: 1}
	}
	slices.Sort(pos)
	decile := pos[len(pos)/10]
	s := bestScale(scales, []float64{decile})
	digits := func(v float64) int { return int(math.Floor(math.Log10(v / s.factor))) }
	prec := max(sig-1-digits(decile), 1-digits(pos[0]))
	return colFormat{s: s, prec: min(max(prec, 0), 3)}
}

// format lays rows out as the table's columns and rows.
func (f columnFormats) format(rows []row) ([]Column, []Row) {
	cols := baseColumns()
	withFailed, withLimit, withCPU := false, false, false
	for _, r := range rows {
		withFailed = withFailed || r.failedBy != ""
		withLimit = withLimit || finite(r.limit)
		withCPU = withCPU || r.cpu != ""
	}
	if withFailed {
		cols = append(cols, Column{Key: ColFailedBy, Name: FailedByColumn, Detail: true})
	}
	if withLimit {
		cols = append(cols, Column{Key: ColLimit, Name: LimitColumn, Numeric: true, Detail: true})
	}
	if withCPU {
		cols = append(cols, Column{Key: ColCPU, Name: CPUColumn, Numeric: true, Detail: true})
	}
	units := map[string]string{ColMean: f.mean.s.name, ColError: f.err.s.name, ColStdDev: f.dev.s.name,
		ColAllocated: f.alloc.s.name, ColIdeal: f.ideal.s.name, ColP99: f.p99.s.name, ColCPU: "µs"}
	for i := range cols {
		cols[i].Unit = units[cols[i].Key]
	}
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		texts := f.cells(r)
		cells := make([]string, len(cols))
		for i, c := range cols {
			if cells[i] = texts[c.Key]; cells[i] == "" {
				cells[i] = none
			}
		}
		out = append(out, Row{Kind: r.kind(), Method: r.method, Entries: r.entries, Cells: cells})
	}
	return cols, out
}

func (r row) kind() RowKind {
	switch {
	case r.isRatioRow:
		return RowSeedRatio
	case r.predicted:
		return RowSkipped
	case r.notApplicable:
		return RowSeed
	}
	return RowMeasured
}

// cells formats one row by column key; a missing key is shown as none.
func (f columnFormats) cells(r row) map[string]string {
	out := map[string]string{ColMethod: r.method, ColEntries: strconv.Itoa(r.entries)}
	switch r.kind() {
	case RowSeedRatio:
		out[ColMean] = formatRatio(r.meanRatio)
		out[ColAllocated] = formatRatio(r.allocRatio)
		return out
	case RowSkipped:
		out[ColMean] = f.mean.text(r.mean) + " " + PredictedMark
		return out
	}
	out[ColMean] = f.mean.text(r.mean)
	out[ColError] = f.err.text(r.errorSec)
	out[ColStdDev] = f.dev.text(r.stdDev)
	out[ColAllocated] = f.alloc.text(r.alloc)
	out[ColGCs] = r.gcs
	if r.kind() == RowSeed {
		return out
	}
	out[ColIdeal] = f.ideal.text(r.ideal)
	out[ColRatio] = formatNumber(r.ratio, 2)
	if r.noModel {
		out[ColRatio] = noModel
	}
	out[ColP99] = f.p99.text(r.p99)
	out[ColFailed] = formatNumber(r.failed, 0)
	out[ColFailedBy] = r.failedBy
	out[ColCPU] = r.cpu
	if finite(r.limit) {
		out[ColLimit] = formatNumber(r.limit, 1)
	}
	return out
}
