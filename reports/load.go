package reports

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"batchlab/benchfile"
)

// DefaultScenario is the scenario of results that follow no `scenario:`
// configuration line, as in files written before scenarios existed.
const DefaultScenario = benchfile.DefaultScenario

// Setting is one `key: value` configuration line of a result file.
type Setting = benchfile.Config

// Damage is a line of a result file that Load skipped as damaged; its
// String is the warning, "bench.txt:57: <reason>: skipped".
type Damage = benchfile.Damage

// Run is one result file, grouped into cells by (scenario, strategy,
// concurrency, entries). A Run is not modified by any function of this
// package, so concurrent readers are safe.
type Run struct {
	Name     string    // the name given to Load, for messages
	Settings []Setting // configuration of the first result, in file order

	// Cells are ordered by scenario (order of first appearance), then
	// strategy (order of first appearance in the file), then concurrency
	// ascending, then entries ascending.
	Cells []Cell

	// Partials are the repetitions cut short, in file order: in no cell.
	Partials []Partial

	// Damaged are the lines Load skipped (a last line without its newline,
	// a result whose counts do not sum to its entries, and their records),
	// by line; empty for a whole file, and for the runs of ForScenario.
	// Nothing here prints them: commands write them to stderr as warnings,
	// so a table built without a line says so where it is run.
	Damaged []Damage

	// scenarioSettings holds the configuration in force at the first line
	// of each scenario; nil for a Run built by hand.
	scenarioSettings map[string][]Setting
}

// Setting returns the value of the configuration key, or "" if absent.
func (r *Run) Setting(key string) string {
	return settingOf(r.Settings, key)
}

func settingOf(settings []Setting, key string) string {
	for _, s := range settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// Scenarios returns the scenarios of the run's cells in order of first
// appearance. A file without `scenario:` lines has one, [DefaultScenario].
func (r *Run) Scenarios() []string {
	var out []string
	for _, c := range r.Cells {
		if !slices.Contains(out, c.Scenario) {
			out = append(out, c.Scenario)
		}
	}
	return out
}

// ScenarioSettings returns the configuration in force at the first result
// (or skipped line) of scenario, in file order: each block of a
// multi-scenario file has its own settings (scenario, status, started, …).
// It returns [Run.Settings] for a scenario it does not know.
func (r *Run) ScenarioSettings(scenario string) []Setting {
	if s, ok := r.scenarioSettings[scenario]; ok {
		return s
	}
	return r.Settings
}

// ForScenario returns a Run holding only the cells of scenario, in order,
// with that scenario's settings as its Settings. The cells share their
// slices and maps with r.
func (r *Run) ForScenario(scenario string) *Run {
	out := &Run{Name: r.Name, Settings: r.ScenarioSettings(scenario)}
	for _, c := range r.Cells {
		if c.Scenario == scenario {
			out.Cells = append(out.Cells, c)
		}
	}
	for _, p := range r.Partials {
		if p.Scenario == scenario {
			out.Partials = append(out.Partials, p)
		}
	}
	if s, ok := r.scenarioSettings[scenario]; ok {
		out.scenarioSettings = map[string][]Setting{scenario: s}
	}
	return out
}

// Cell is one (scenario, strategy, concurrency, entries) group: the runs
// measured for it, or the prediction the harness recorded when it skipped
// it.
type Cell struct {
	Scenario    string // the `scenario:` setting in force, or DefaultScenario
	Strategy    string
	Concurrency int
	Entries     int

	// Skipped cells were not measured; PredictedSec is the harness's
	// predicted sec/op. The other figures are zero.
	Skipped      bool
	PredictedSec float64

	Time            Stats   // sec/op
	GCsPer1000Ops   float64 // mean gc-cycles/op × 1000
	AllocBytesPerOp float64 // mean B/op
	IdealSec        float64 // mean ideal-sec/op
	P99Sec          float64 // mean p99-sec (entry latency)
	FailedTotal     float64 // failed/op summed over all runs

	// Samples holds every metric of the cell's runs: unit (as benchfmt
	// reads it, e.g. "sec/op", "B/entry", "p50-sec", "limit-mean") → one
	// value per run that reported it, in file order. Nil for skipped cells.
	Samples map[string][]float64

	// LimitTraces are the `# limit` lines of the cell's repetitions, by
	// Rep ascending: how an adaptive strategy's concurrency limit moved
	// during each run. Nil for strategies whose limit does not adapt.
	LimitTraces []LimitTrace

	// Timelines are the `# timeline` records of the cell's repetitions, by
	// Rep ascending: calls in flight and completed over time. Nil for a
	// file that has none (written before they were recorded).
	Timelines []Timeline

	// Latency is the entry-latency distribution of the cell's repetitions,
	// from their `# latency` records, by Rep ascending. Nil for a file that
	// has none.
	Latency []LatencyDist

	secs, bytes, gcs, ideals, p99s, failed []float64
}

// A LimitTrace is the concurrency limit of one repetition over time.
type LimitTrace struct {
	Rep    int          // the repetition, from 0, as the harness counts them
	Points []LimitPoint // Sec non-decreasing
}

// A LimitPoint is the limit in force from Sec seconds after the repetition
// started until the next point's Sec (or the end of the repetition).
type LimitPoint struct {
	Sec   float64
	Limit int
}

// A Timeline is one repetition's calls over time, sampled on a fixed tick.
type Timeline struct {
	Rep    int             // the repetition, from 0, as the harness counts them
	Points []TimelinePoint // At non-decreasing
}

// A TimelinePoint is the state of a repetition At after it started: the
// calls in flight then, and the calls completed (succeeded or failed) so
// far.
type TimelinePoint struct {
	At        time.Duration
	InFlight  int
	Completed int
}

// A LatencyDist is one repetition's entry-latency distribution as points
// of its cumulative distribution, from the harness's HDR histogram.
type LatencyDist struct {
	Rep    int
	Points []LatencyQuantile // Quantile ascending
}

// A LatencyQuantile is one point of a latency distribution: a fraction
// Quantile (in [0, 1]) of the entries took at most Latency.
type LatencyQuantile struct {
	Quantile float64
	Latency  time.Duration
}

// Method returns the BenchmarkDotNet Method label, e.g. "batches(250)".
func (c Cell) Method() string {
	return fmt.Sprintf("%s(%d)", c.Strategy, c.Concurrency)
}

// A ClassCount is how many entries failed with one failure class, summed
// over a cell's runs.
type ClassCount struct {
	Class string // as in the unit failed-<class>/op: "5xx", "timeout", "service-died", …
	Count float64
}

// FailuresByClass returns the cell's failures by class, summed over its
// runs, largest first (ties by class name), from its failed-<class>/op
// metrics. It is empty for a cell without failures.
func (c Cell) FailuresByClass() []ClassCount {
	var out []ClassCount
	for unit, vals := range c.Samples {
		class, ok := benchfile.ClassOfUnit(unit)
		if !ok {
			continue
		}
		var sum float64
		for _, v := range vals {
			sum += v
		}
		if sum > 0 {
			out = append(out, ClassCount{Class: class, Count: sum})
		}
	}
	slices.SortFunc(out, func(a, b ClassCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Class, b.Class)
	})
	return out
}

// FailedPerRun returns the mean failed entries per measured run: failed/op
// summed over the runs ÷ the runs, or the failed-<class>/op metrics summed
// when the file has no failed/op. It is 0 for a file that records no
// failures and NaN for a skipped cell.
func (c Cell) FailedPerRun() float64 {
	if c.Skipped || c.Time.N == 0 {
		return math.NaN()
	}
	total := c.FailedTotal
	if math.IsNaN(total) {
		total = 0
		for _, cc := range c.FailuresByClass() {
			total += cc.Count
		}
	}
	return total / float64(c.Time.N)
}

// Adaptive reports whether the cell's strategy changes its limit while it
// runs: it has a `# limit` trace or a limit-mean metric.
func (c Cell) Adaptive() bool {
	return len(c.LimitTraces) > 0 || len(c.Samples[benchfile.UnitLimitMean]) > 0
}

// RatioToIdeal returns mean sec/op ÷ ideal sec/op, or NaN without an ideal
// or where no ideal model applies: for an [Cell.Adaptive] cell, whose
// limit is no fixed concurrency (files written before the harness stopped
// recording an ideal for them included).
func (c Cell) RatioToIdeal() float64 {
	if c.IdealSec == 0 || math.IsNaN(c.IdealSec) || c.Adaptive() {
		return math.NaN()
	}
	return c.Time.Mean / c.IdealSec
}

// LoadFile reads the result file at path.
func LoadFile(path string) (*Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Load(f, path)
}

// Load reads a result file in Go benchmark format with [benchfile.Read]
// and groups it into cells. name is used in messages.
//
// A file may hold several blocks, each starting with its own `key: value`
// configuration lines; a block's `scenario:` line names the scenario of the
// results, `# skipped` and `# limit` lines below it, up to the next
// `scenario:` line. Results before any `scenario:` line belong to
// [DefaultScenario].
//
// It returns benchfile.Read's errors (each with its file:line) and an
// error for a file with no results at all; the lines Read skipped as
// damaged are in [Run.Damaged], or named in that error.
func Load(r io.Reader, name string) (*Run, error) {
	f, err := benchfile.Read(r, name)
	if err != nil {
		return nil, err
	}
	if len(f.Results) == 0 {
		return nil, nothingMeasured(name, f)
	}
	l := newLoader()
	run := &Run{Name: name, scenarioSettings: map[string][]Setting{}, Damaged: f.Damaged}
	// Each skipped line joins the cells where it appears among the
	// results, which keeps scenarios and strategies in the order they
	// first appear in the file.
	skipped := f.Skipped
	addSkippedBefore := func(line int) {
		for len(skipped) > 0 && skipped[0].Line < line {
			s := &skipped[0]
			skipped = skipped[1:]
			if _, ok := run.scenarioSettings[s.Scenario]; !ok {
				run.scenarioSettings[s.Scenario] = s.Config
			}
			l.addSkipped(s)
		}
	}
	for i := range f.Results {
		res := &f.Results[i]
		if run.Settings == nil {
			run.Settings = res.Config
		}
		if _, seen := run.scenarioSettings[res.Scenario]; !seen {
			run.scenarioSettings[res.Scenario] = res.Config
		}
		addSkippedBefore(res.Line)
		l.addResult(res)
	}
	addSkippedBefore(math.MaxInt)
	for i := range f.Limits {
		l.addLimit(&f.Limits[i])
	}
	for i := range f.Timelines {
		t := &f.Timelines[i]
		c := l.byKey[cellKey{scenario: t.Scenario, name: t.Name}] // Read checked it is measured
		tl := Timeline{Rep: t.Rep, Points: make([]TimelinePoint, len(t.Points))}
		for j, p := range t.Points {
			tl.Points[j] = TimelinePoint(p)
		}
		c.Timelines = append(c.Timelines, tl)
	}
	for i := range f.Latencies {
		d := &f.Latencies[i]
		c := l.byKey[cellKey{scenario: d.Scenario, name: d.Name}]
		dist := LatencyDist{Rep: d.Rep, Points: make([]LatencyQuantile, len(d.Points))}
		for j, p := range d.Points {
			dist.Points[j] = LatencyQuantile(p)
		}
		c.Latency = append(c.Latency, dist)
	}
	run.Cells = l.cells()
	for i := range f.Partials {
		run.Partials = append(run.Partials, partialOf(&f.Partials[i]))
	}
	return run, nil
}

// cellKey identifies a cell within a run.
type cellKey struct {
	scenario string
	name     benchfile.Name
}

// loader groups records by (scenario, strategy, concurrency, entries).
// benchfile.Read has checked them: names parse, every result has sec/op, no
// cell is both measured and skipped, each limit trace has its measured
// cell.
type loader struct {
	keys          []cellKey
	byKey         map[cellKey]*Cell
	scenarioOrder map[string]int
	strategyOrder map[string]int
}

func newLoader() *loader {
	return &loader{
		byKey:         make(map[cellKey]*Cell),
		scenarioOrder: make(map[string]int),
		strategyOrder: make(map[string]int),
	}
}

// cell returns the cell of name in scenario, creating it on first sight.
func (l *loader) cell(scenario string, name benchfile.Name) *Cell {
	key := cellKey{scenario: scenario, name: name}
	c, ok := l.byKey[key]
	if !ok {
		c = &Cell{Scenario: scenario, Strategy: name.Strategy, Entries: name.Entries, Concurrency: name.Concurrency}
		l.byKey[key] = c
		l.keys = append(l.keys, key)
		if _, ok := l.scenarioOrder[scenario]; !ok {
			l.scenarioOrder[scenario] = len(l.scenarioOrder)
		}
		if _, ok := l.strategyOrder[name.Strategy]; !ok {
			l.strategyOrder[name.Strategy] = len(l.strategyOrder)
		}
	}
	return c
}

func (l *loader) addResult(res *benchfile.Result) {
	c := l.cell(res.Scenario, res.Name)
	if c.Samples == nil {
		c.Samples = make(map[string][]float64, len(res.Values))
	}
	for _, v := range res.Values {
		c.Samples[v.Unit] = append(c.Samples[v.Unit], v.Value)
	}
	sec, _ := res.Value(benchfile.UnitSec)
	c.secs = append(c.secs, sec)
	appendValue := func(dst *[]float64, unit string) {
		if v, ok := res.Value(unit); ok {
			*dst = append(*dst, v)
		}
	}
	appendValue(&c.bytes, benchfile.UnitBytes)
	appendValue(&c.gcs, benchfile.UnitGCCycles)
	appendValue(&c.ideals, benchfile.UnitIdeal)
	appendValue(&c.p99s, benchfile.UnitP99)
	appendValue(&c.failed, benchfile.UnitFailed)
}

func (l *loader) addSkipped(s *benchfile.Skipped) {
	c := l.cell(s.Scenario, s.Name)
	c.Skipped = true
	c.PredictedSec = seconds(s.Predicted)
}

func (l *loader) addLimit(t *benchfile.LimitTrace) {
	c := l.byKey[cellKey{scenario: t.Scenario, name: t.Name}]
	trace := LimitTrace{Rep: t.Rep, Points: make([]LimitPoint, len(t.Points))}
	for i, p := range t.Points {
		trace.Points[i] = LimitPoint{Sec: seconds(p.At), Limit: p.Limit}
	}
	c.LimitTraces = append(c.LimitTraces, trace)
}

// seconds returns d in seconds as the nearest float64 to its exact value
// (d.Seconds() adds two rounded parts), so a time read from the file's
// decimal seconds converts back to the number the file holds.
func seconds(d time.Duration) float64 {
	return float64(d) / float64(time.Second)
}

// cells sorts the keys (scenarios, then strategies, in order of first
// appearance; concurrency and entries numerically) and computes each
// cell's figures.
func (l *loader) cells() []Cell {
	keys := slices.Clone(l.keys)
	slices.SortStableFunc(keys, func(a, b cellKey) int {
		return cmp.Or(
			cmp.Compare(l.scenarioOrder[a.scenario], l.scenarioOrder[b.scenario]),
			cmp.Compare(l.strategyOrder[a.name.Strategy], l.strategyOrder[b.name.Strategy]),
			cmp.Compare(a.name.Concurrency, b.name.Concurrency),
			cmp.Compare(a.name.Entries, b.name.Entries))
	})
	out := make([]Cell, 0, len(keys))
	for _, k := range keys {
		c := *l.byKey[k]
		if !c.Skipped {
			c.Time = Summarize(c.secs)
			c.AllocBytesPerOp = mean(c.bytes)
			c.GCsPer1000Ops = mean(c.gcs) * 1000
			c.IdealSec = mean(c.ideals)
			c.P99Sec = mean(c.p99s)
			c.FailedTotal = math.NaN()
			if len(c.failed) > 0 {
				c.FailedTotal = 0
				for _, f := range c.failed {
					c.FailedTotal += f
				}
			}
		}
		slices.SortFunc(c.LimitTraces, func(a, b LimitTrace) int { return cmp.Compare(a.Rep, b.Rep) })
		slices.SortFunc(c.Timelines, func(a, b Timeline) int { return cmp.Compare(a.Rep, b.Rep) })
		slices.SortFunc(c.Latency, func(a, b LatencyDist) int { return cmp.Compare(a.Rep, b.Rep) })
		c.secs, c.bytes, c.gcs, c.ideals, c.p99s, c.failed = nil, nil, nil, nil, nil, nil
		out = append(out, c)
	}
	return out
}
