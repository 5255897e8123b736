package page

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"batchlab/benchfile"
	"batchlab/reports"
)

// WriteHTML writes run as one self-contained HTML page that needs no
// network. It opens on the [reports.Verdicts] (per scenario: the strategy to
// use, the faster ones that lost entries, the sweeps' recommendations) and
// a contents list; a run with several scenarios then gets a strategies ×
// scenarios grid of time and of failures. Each scenario has its own
// section: its table ([reports.Tables], the model table.md renders), then
// its charts, chosen by the shape of the run (see the package
// documentation). The settings, folded, the skipped cells and the tables'
// legend close the page.
//
// The same run gives the same bytes. It only reads run, so concurrent calls
// are safe. It returns the first write error.
func WriteHTML(w io.Writer, run *reports.Run) error {
	if run == nil {
		return errors.New("page: WriteHTML: nil run")
	}
	d, err := reportData(run)
	if err != nil {
		return err
	}
	return writePage(w, d)
}

// reportData lays out the page of [WriteHTML].
func reportData(run *reports.Run) (*pageData, error) {
	strategies := pageStrategies(run)
	scenarios := run.Scenarios()
	multi := len(scenarios) > 1
	tables := reports.Tables(run)
	d := pageData{
		Title:    "batchlab report: " + runTitle(run),
		Heading:  "batchlab report",
		Sources:  []string{run.Name},
		Verdicts: reports.Verdicts(run),
		Settings: settingRows(run, multi),
		Skipped:  skippedCells(run, "", multi),
		Legend:   legendItems(reports.TableLegend(tables)),
	}
	if multi {
		d.gridCharts = gridCharts(run, strategies)
	}
	for i, sc := range scenarios {
		sub, suffix := run, ""
		if multi {
			sub, suffix = run.ForScenario(sc), "s"+strconv.Itoa(i+1)
		}
		sec := section{ID: "scenario-" + strconv.Itoa(i+1), Title: "scenario: " + sc}
		if i < len(tables) {
			sec.Table = newTableView(tables[i], "table-"+strconv.Itoa(i+1))
			sec.Diff = tables[i].Differs
		}
		kneeRule := ""
		if i < len(tables) {
			kneeRule = tables[i].KneeRule
		}
		pcs, tail := scenarioCharts(sub, suffix, kneeRule, strategies)
		sec.Tail = tail
		if len(pcs) == 0 {
			sec.Empty = "No cell of this scenario was measured; its skipped cells are listed below."
		}
		sec.Blocks = pcs
		d.Sections = append(d.Sections, sec)
	}
	d.Notes = chartNotes(run, d.Sections)
	return &d, nil
}

// charts lists d's charts in page order.
func (d *pageData) charts() []pageChart {
	pcs := slices.Clone(d.gridCharts)
	for _, sec := range d.Sections {
		pcs = append(pcs, sec.Blocks...)
	}
	return pcs
}

// WriteCompareHTML writes old and new overlaid in the same charts — mean
// time per operation with min–max whiskers, allocated bytes per entry, GC
// cycles per run (when the collector ran more than once per run), goodput
// and ratio to ideal — with series named "<method> (old)" and "<method>
// (new)": the new run drawn solid, the old one dotted with hollow markers,
// one colour per strategy. Above the charts, a delta table (id "delta")
// states what changed as benchstat computes it: for each cell measured in
// both runs and each of [reports.CompareMetrics], the old and new medians
// with their 95 % intervals, the change, its Mann-Whitney U p-value and the
// runs on each side. When either run has several scenarios, the charts
// come in one section per scenario, as [reports.Compare] matches them. The
// page also lists both runs' settings and skipped cells. It needs no
// network, and the same runs give the same bytes. It only reads old and
// new, so concurrent calls are safe. It returns the first write error.
func WriteCompareHTML(w io.Writer, old, new *reports.Run) error {
	if old == nil || new == nil {
		return errors.New("page: WriteCompareHTML: nil run")
	}
	d, err := compareData(old, new)
	if err != nil {
		return err
	}
	return writePage(w, d)
}

// compareData lays out the page of [WriteCompareHTML].
func compareData(old, new *reports.Run) (*pageData, error) {
	d := pageData{
		Title:       "batchlab comparison: " + runTitle(old) + " vs " + runTitle(new),
		Heading:     "batchlab comparison",
		Sources:     []string{"old: " + old.Name, "new: " + new.Name},
		Compare:     true,
		CompareRows: compareSettingRows(old, new),
		Notes:       compareNotes(),
	}
	if cmp, err := reports.Compare(old, new); err == nil {
		d.Deltas = deltaRows(cmp)
	} else if !errors.Is(err, reports.ErrNoCommonCells) {
		return nil, err
	}
	multi := len(old.Scenarios()) > 1 || len(new.Scenarios()) > 1
	d.Skipped = append(skippedCells(old, " (old)", multi), skippedCells(new, " (new)", multi)...)
	d.Sections = compareSections(old, new)
	return &d, nil
}

// compareSections lists the sections of [WriteCompareHTML]: one per
// scenario when either run has several, else one without a title.
func compareSections(old, new *reports.Run) []section {
	strategies := pageStrategies(old, new)
	oldSc, newSc := old.Scenarios(), new.Scenarios()
	if len(oldSc) <= 1 && len(newSc) <= 1 {
		return []section{{ID: "scenario-1", Blocks: compareCharts(old, new, "", strategies)}}
	}
	scenarios := slices.Clone(oldSc)
	for _, sc := range newSc {
		if !slices.Contains(scenarios, sc) {
			scenarios = append(scenarios, sc)
		}
	}
	var out []section
	for i, sc := range scenarios {
		sec := section{ID: "scenario-" + strconv.Itoa(i+1), Title: "scenario: " + sc}
		pcs := compareCharts(old.ForScenario(sc), new.ForScenario(sc), "s"+strconv.Itoa(i+1), strategies)
		if len(pcs) == 0 || len(pcs[0].series) == 0 {
			sec.Empty = "No cell of this scenario was measured in either run."
			pcs = nil
		}
		sec.Blocks = pcs
		out = append(out, sec)
	}
	return out
}

// scenarioCharts lists the charts of one scenario's run, in the order of
// the story: its sweeps; time and ratio to ideal; failures by class and
// goodput, which say whether the time was bought by losing entries; the
// adaptive limit and the timeline, how the calls went; the latency
// distribution and percentiles; allocation, memory (several sizes only)
// and GC (when the collector ran more than once per run). A chart that
// would say nothing is replaced by a line saying why, put where the chart
// would be; tail holds the lines after the last chart. suffix ends every id ("s2"; "" for a run with one scenario);
// kneeRule is the table model's statement of the knee rule.
func scenarioCharts(run *reports.Run, suffix, kneeRule string, strategies []pageStrategy) (pcs []pageChart, tail []string) {
	sizes := measuredSizes(run)
	if len(sizes) == 0 {
		return nil, nil
	}
	var pending []string
	add := func(cs ...pageChart) {
		for _, pc := range cs {
			pc.notes = append(pending, pc.notes...)
			pending = nil
			pcs = append(pcs, pc)
		}
	}
	for i, s := range reports.FindSweeps(run, run.KneeTolerance()) {
		add(sweepCharts(run, s, i+1, suffix, kneeRule, strategies)...)
	}
	rs := []runSeries{{run: run}}
	add(entriesChart(metricTime, suffix, rs, strategies))
	if hasRatio(run) {
		add(entriesChart(metricRatio, suffix, rs, strategies))
	} else {
		pending = append(pending, "Ratio to ideal: no strategy here has an ideal model (an adaptive limit has none), so there is no ratio chart.")
	}
	if fc, ok := failuresChart(run, suffix); ok {
		add(fc)
	} else {
		pending = append(pending, "Failures: no entry failed in any cell of this scenario, so there is no failures chart.")
	}
	add(entriesChart(metricGoodput, suffix, rs, strategies))
	if cc, ok := cpuChart(run, suffix); ok {
		add(cc)
	} else {
		pending = append(pending, cpuNote)
	}
	add(limitCharts(run, suffix)...)
	if tls, ok := timelineCharts(run, suffix, strategies); ok {
		add(tls...)
	} else {
		pending = append(pending, timelineNote)
	}
	if cdf, ok := cdfChart(run, suffix, strategies); ok {
		add(cdf)
	} else {
		pending = append(pending, latencyNote)
	}
	// The percentiles beside the distribution they summarise.
	for _, n := range sizes {
		add(percentilesChart(run, n, suffix, strategies))
	}
	add(entriesChart(metricAlloc, suffix, rs, strategies))
	if len(sizes) > 1 {
		// The seed's second lesson: does memory grow with the data?
		add(entriesChart(metricHeap, suffix, rs, strategies), entriesChart(metricGoroutines, suffix, rs, strategies))
	}
	if gcWorthCharting(run) {
		add(entriesChart(metricGC, suffix, rs, strategies))
	} else {
		pending = append(pending, "GC cycles: the collector ran at most once per run in every cell, so there is no GC chart.")
	}
	// Nothing follows to carry the last lines: the section ends with them.
	return pcs, pending
}

// compareCharts lists the comparison charts of old and new, in page order,
// with ids ending in suffix and the strategies' colours.
func compareCharts(old, new *reports.Run, suffix string, strategies []pageStrategy) []pageChart {
	rs := []runSeries{{run: old, suffix: " (old)", old: true}, {run: new, suffix: " (new)"}}
	var pcs []pageChart
	for _, m := range []entriesMetric{metricTime, metricAlloc, metricGC, metricGoodput, metricRatio} {
		if m.kind == metricGC.kind && m.what == metricGC.what && !gcWorthCharting(old, new) {
			continue
		}
		if m.ideal {
			// Each run has its own ideal; the ratio chart compares with it.
			m.ideal = false
			m.subtitle = "mean over the runs; whiskers: fastest–slowest run; solid: new run, dotted: old run"
		}
		pcs = append(pcs, entriesChart(m, suffix, rs, strategies))
	}
	return pcs
}

// hasRatio reports whether any measured cell of run has a ratio to its
// ideal: a chart of none is an empty frame.
func hasRatio(run *reports.Run) bool {
	for _, c := range run.Cells {
		if !c.Skipped && finite(c.RatioToIdeal()) {
			return true
		}
	}
	return false
}

// gcWorthCharting reports whether any measured cell of runs averaged more
// than one GC cycle per run: a chart of zeros and ones says nothing.
func gcWorthCharting(runs ...*reports.Run) bool {
	for _, r := range runs {
		for _, c := range r.Cells {
			if !c.Skipped && sampleMean(c, benchfile.UnitGCCycles) > 1 {
				return true
			}
		}
	}
	return false
}

// titleKeys are the settings of a page's <title>, in order.
var titleKeys = []string{benchfile.KeyCPU, benchfile.KeyGo, benchfile.KeyGOMAXPROCS, benchfile.KeyDelay, benchfile.KeyCount,
	benchfile.KeyCommit, benchfile.KeyStatus}

// runTitle names a run in a page's <title>: the settings that identify it.
func runTitle(run *reports.Run) string {
	s := ""
	for _, k := range titleKeys {
		if v := run.Setting(k); v != "" {
			if s != "" {
				s += ", "
			}
			s += k + " " + v
		}
	}
	if s == "" {
		return "results"
	}
	return s
}

// errNoChart is returned when a chart's snippet is empty, which would leave
// a hole in the page.
var errNoChart = errors.New("page: go-echarts rendered an empty chart")

// checkSnippet reports a chart whose go-echarts snippet lacks its element or
// script.
func checkSnippet(id, element, script string) error {
	if element == "" || script == "" {
		return fmt.Errorf("%w: %s", errNoChart, id)
	}
	return nil
}
