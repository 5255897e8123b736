package reports

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"batchlab/benchfile"
)

// NullFloat is a float64 that encodes NaN and ±Inf (figures that are
// undefined or absent) as JSON null and decodes null back to NaN.
type NullFloat float64

// Valid reports whether f is a finite number.
func (f NullFloat) Valid() bool {
	return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0)
}

// MarshalJSON encodes f as a JSON number, or null when it is not finite.
func (f NullFloat) MarshalJSON() ([]byte, error) {
	if !f.Valid() {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

// UnmarshalJSON decodes a JSON number, or null as NaN.
func (f *NullFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = NullFloat(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = NullFloat(v)
	return nil
}

// String formats f as encoding/json does (shortest form that round-trips),
// or "" when it is not finite: the CSV form.
func (f NullFloat) String() string {
	if !f.Valid() {
		return ""
	}
	b, err := json.Marshal(float64(f))
	if err != nil { // unreachable for finite values
		return ""
	}
	return string(b)
}

// CellRecord is one cell as exported by WriteCSV and WriteJSON. Figures that
// are undefined (too few runs, unit absent from the file, or any measured
// figure of a skipped cell) are NaN: null in JSON, empty in CSV.
// Means are arithmetic means over the runs; totals are sums over the runs.
type CellRecord struct {
	Scenario     string    `json:"scenario"` // DefaultScenario for files without a scenario line
	Strategy     string    `json:"strategy"`
	Method       string    `json:"method"`
	Concurrency  int       `json:"concurrency"`
	Entries      int       `json:"entries"`
	Runs         int       `json:"runs"` // measured runs (sec/op values); 0 when skipped
	Skipped      bool      `json:"skipped"`
	PredictedSec NullFloat `json:"predicted_sec"` // skipped cells only

	MeanSec   NullFloat `json:"mean_sec"`
	ErrorSec  NullFloat `json:"error_sec"`  // Stats.Error: half-width of the 99.9 % CI, t-distribution; null under 3 runs
	StdDevSec NullFloat `json:"stddev_sec"` // sample standard deviation; null under 2 runs
	MinSec    NullFloat `json:"min_sec"`
	MaxSec    NullFloat `json:"max_sec"`

	IdealSec     NullFloat `json:"ideal_sec"`      // mean ideal-sec/op
	RatioToIdeal NullFloat `json:"ratio_to_ideal"` // mean_sec ÷ ideal_sec

	GCsPer1000Ops      NullFloat `json:"gcs_per_1000_ops"`      // mean gc-cycles/op × 1000
	AllocBytesPerOp    NullFloat `json:"alloc_bytes_per_op"`    // mean B/op
	AllocBytesPerEntry NullFloat `json:"alloc_bytes_per_entry"` // mean B/entry

	P50Sec NullFloat `json:"p50_sec"` // mean over the runs of each run's p50 entry latency
	P99Sec NullFloat `json:"p99_sec"` // same for p99

	FailedTotal    NullFloat `json:"failed_total"`    // failed/op summed over the runs
	SucceededTotal NullFloat `json:"succeeded_total"` // succeeded/op summed over the runs

	LimitMean  NullFloat `json:"limit_mean"`  // mean limit-mean: the time-weighted mean concurrency limit of an adaptive strategy
	LimitFinal NullFloat `json:"limit_final"` // mean limit-final: its limit at the end of a run

	// Figures added after the CSV's failed_<class> columns existed: CSV
	// writes them after those columns, so the position of every older
	// column stays what scripts read. Means over the runs.
	P90Sec         NullFloat `json:"p90_sec" csv:"late"`         // each run's p90 entry latency
	MaxLatencySec  NullFloat `json:"max_latency_sec" csv:"late"` // each run's slowest entry
	GCPauseSec     NullFloat `json:"gc_pause_sec" csv:"late"`    // gc-pause-sec/op: the client's stop-the-world pauses
	PeakHeapBytes  NullFloat `json:"peak_heap_bytes" csv:"late"` // peak-heap-B: the client's largest live heap
	PeakGoroutines NullFloat `json:"peak_goroutines" csv:"late"` // the client's largest goroutine count
	PeakInflight   NullFloat `json:"peak_inflight" csv:"late"`   // the service's most requests in flight; null where it cannot say (a template target), 0 in older files
	ClientCPUSec   NullFloat `json:"client_cpu_sec" csv:"late"`  // client-cpu-sec/op: the client process's user + system CPU per run
	ServiceCPUSec  NullFloat `json:"service_cpu_sec" csv:"late"` // service-cpu-sec/op: the service's own CPU per run; null where it cannot say
	// ClientPeakInflight is client-peak-inflight: the most calls the client
	// had in flight at once, for any service; null in files before it.
	ClientPeakInflight NullFloat `json:"client_peak_inflight" csv:"late"`

	// FailuresByClass is failed-<class>/op summed over the runs, by class
	// ("429", "5xx", "timeout", …), for the classes that failed; empty for
	// a measured cell without failures, nil (null) for a skipped one. CSV
	// has one failed_<class> column per class present in the file instead.
	FailuresByClass map[string]NullFloat `json:"failures_by_class"`
}

// Export is the document WriteJSON writes.
type Export struct {
	Settings map[string]string `json:"settings"` // the run's configuration lines (its first block's)

	// Scenarios lists the run's scenarios in order, each with the
	// configuration of its block.
	Scenarios []ScenarioRecord `json:"scenarios"`

	Cells []CellRecord `json:"cells"` // in Run.Cells order
}

// ScenarioRecord is one scenario of an Export.
type ScenarioRecord struct {
	Name     string            `json:"name"`
	Settings map[string]string `json:"settings"`
}

// NewExport builds the export document of run.
func NewExport(run *Run) *Export {
	e := &Export{Settings: settingsMap(run.Settings), Cells: make([]CellRecord, 0, len(run.Cells))}
	for _, sc := range run.Scenarios() {
		e.Scenarios = append(e.Scenarios, ScenarioRecord{Name: sc, Settings: settingsMap(run.ScenarioSettings(sc))})
	}
	for _, c := range run.Cells {
		e.Cells = append(e.Cells, NewCellRecord(c))
	}
	return e
}

func settingsMap(settings []Setting) map[string]string {
	m := make(map[string]string, len(settings))
	for _, s := range settings {
		m[s.Key] = s.Value
	}
	return m
}

// NewCellRecord derives the exported figures of c from its Stats and Samples.
func NewCellRecord(c Cell) CellRecord {
	nan := NullFloat(math.NaN())
	r := CellRecord{
		Scenario: c.Scenario, Strategy: c.Strategy, Method: c.Method(), Concurrency: c.Concurrency, Entries: c.Entries,
		Skipped: c.Skipped, PredictedSec: nan,
		MeanSec: nan, ErrorSec: nan, StdDevSec: nan, MinSec: nan, MaxSec: nan,
		IdealSec: nan, RatioToIdeal: nan, GCsPer1000Ops: nan, AllocBytesPerOp: nan, AllocBytesPerEntry: nan,
		P50Sec: nan, P99Sec: nan, FailedTotal: nan, SucceededTotal: nan, LimitMean: nan, LimitFinal: nan,
		P90Sec: nan, MaxLatencySec: nan, GCPauseSec: nan, PeakHeapBytes: nan, PeakGoroutines: nan, PeakInflight: nan,
		ClientCPUSec: nan, ServiceCPUSec: nan, ClientPeakInflight: nan,
	}
	if c.Skipped {
		r.PredictedSec = NullFloat(c.PredictedSec)
		return r
	}
	secs := c.Samples[benchfile.UnitSec]
	r.Runs = c.Time.N
	r.MeanSec, r.ErrorSec, r.StdDevSec = NullFloat(c.Time.Mean), NullFloat(c.Time.Error), NullFloat(c.Time.StdDev)
	if len(secs) > 0 {
		r.MinSec, r.MaxSec = NullFloat(slices.Min(secs)), NullFloat(slices.Max(secs))
	}
	r.IdealSec, r.RatioToIdeal = NullFloat(c.IdealSec), NullFloat(c.RatioToIdeal())
	r.GCsPer1000Ops = NullFloat(c.GCsPer1000Ops)
	r.AllocBytesPerOp = NullFloat(c.AllocBytesPerOp)
	r.AllocBytesPerEntry = NullFloat(mean(c.Samples[benchfile.UnitBytesEntry]))
	r.P50Sec, r.P99Sec = NullFloat(mean(c.Samples[benchfile.UnitP50])), NullFloat(c.P99Sec)
	r.FailedTotal = NullFloat(c.FailedTotal)
	r.SucceededTotal = NullFloat(exportSum(c.Samples[benchfile.UnitSucceeded]))
	r.LimitMean, r.LimitFinal = NullFloat(sampleMean(c, benchfile.UnitLimitMean)), NullFloat(sampleMean(c, benchfile.UnitLimitFinal))
	for dst, unit := range map[*NullFloat]string{&r.P90Sec: benchfile.UnitP90, &r.MaxLatencySec: benchfile.UnitMax,
		&r.GCPauseSec: benchfile.UnitGCPause, &r.PeakHeapBytes: benchfile.UnitPeakHeap,
		&r.PeakGoroutines: benchfile.UnitPeakGoroutines, &r.PeakInflight: benchfile.UnitPeakInflight,
		&r.ClientCPUSec: benchfile.UnitClientCPU, &r.ServiceCPUSec: benchfile.UnitServiceCPU,
		&r.ClientPeakInflight: benchfile.UnitClientPeakInflight} {
		*dst = NullFloat(sampleMean(c, unit))
	}
	r.FailuresByClass = map[string]NullFloat{}
	for _, cc := range c.FailuresByClass() {
		r.FailuresByClass[cc.Class] = NullFloat(cc.Count)
	}
	return r
}

// exportSum returns the sum of xs, or NaN if xs is empty.
func exportSum(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// WriteJSON writes run as indented JSON: {"settings": {...}, "cells": [...]},
// with undefined figures as null. It returns the first write error.
func WriteJSON(w io.Writer, run *Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewExport(run))
}

// ExportColumns returns the CSV columns every file has before its class
// columns: CellRecord's JSON field names, in order, except
// failures_by_class and the late fields ([ExportLateColumns]). [WriteCSV]
// follows them with one failed_<class> column per failure class of the run
// ([ExportClassColumns]), then the late columns.
func ExportColumns() []string { return exportColumns(false) }

// ExportLateColumns returns the CSV columns that follow the class columns:
// figures added after those existed, so older columns keep their place.
func ExportLateColumns() []string { return exportColumns(true) }

func exportColumns(late bool) []string {
	t := reflect.TypeFor[CellRecord]()
	var cols []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() == reflect.Map || (f.Tag.Get("csv") == "late") != late {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		cols = append(cols, name)
	}
	return cols
}

// ExportClassColumns returns the failure classes of run — every class of a
// failed-<class>/op metric in any cell, even one that is always 0 —
// sorted by name. WriteCSV writes a failed_<class> column for each.
func ExportClassColumns(run *Run) []string {
	var classes []string
	for _, c := range run.Cells {
		for unit := range c.Samples {
			if class, ok := benchfile.ClassOfUnit(unit); ok && !slices.Contains(classes, class) {
				classes = append(classes, class)
			}
		}
	}
	slices.Sort(classes)
	return classes
}

// csvValues returns r's fields as CSV strings, in ExportColumns order, then
// its failures of each of classes (empty for a skipped cell, 0 for a class
// the cell has not failed with), then the late fields.
func (r CellRecord) csvValues(classes []string) []string {
	v := reflect.ValueOf(r)
	out := make([]string, 0, v.NumField()+len(classes))
	var late []string
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("csv") == "late" {
			late = append(late, v.Field(i).Interface().(NullFloat).String())
			continue
		}
		switch f := v.Field(i).Interface().(type) {
		case string:
			out = append(out, f)
		case int:
			out = append(out, strconv.Itoa(f))
		case bool:
			out = append(out, strconv.FormatBool(f))
		case NullFloat:
			out = append(out, f.String())
		case map[string]NullFloat:
			// Written as the class columns below.
		default:
			panic("reports: CellRecord field of unexpected type " + v.Field(i).Type().String())
		}
	}
	for _, class := range classes {
		if r.Skipped {
			out = append(out, "")
			continue
		}
		out = append(out, r.FailuresByClass[class].String())
	}
	return append(out, late...)
}

// WriteCSV writes run as CSV: the ExportColumns header and a failed_<class>
// column per class of [ExportClassColumns], then one row per cell, with an
// empty field for an undefined figure. It returns the first write error.
func WriteCSV(w io.Writer, run *Run) error {
	cw := csv.NewWriter(w)
	classes := ExportClassColumns(run)
	header := ExportColumns()
	for _, class := range classes {
		header = append(header, "failed_"+class)
	}
	header = append(header, ExportLateColumns()...)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, c := range run.Cells {
		if err := cw.Write(NewCellRecord(c).csvValues(classes)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
