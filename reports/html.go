// # The HTML report
//
// [WriteHTML] and [WriteCompareHTML] write one self-contained page that
// opens from disk with no network at all: the charts are go-echarts v2 with
// every preset (remote) script cleared on each chart and on the page, and the
// ECharts library, reports/assets/echarts.min.js, inlined in a <script>
// element through [components.Page.AddCustomizedHeaders], which go-echarts
// does not escape. The page has no <script src> and no <link href>; the
// go-echarts AssetsHost keeps its default, as no asset is loaded from it.
// Chart IDs are fixed, so the same input gives byte-identical output.
//
// The inlined file is dist/echarts.min.js of the npm package echarts, at the
// version go-echarts targets (5.4.3 for go-echarts v2.6.7), kept with its
// Apache-2.0 LICENSE-echarts and NOTICE-echarts and embedded with go:embed.
// To update it, take the version the new go-echarts documents and run
//
//	npm pack echarts@5.4.3
//	tar -xzf echarts-5.4.3.tgz
//	cp package/dist/echarts.min.js reports/assets/echarts.min.js
//	cp package/LICENSE reports/assets/LICENSE-echarts
//	cp package/NOTICE reports/assets/NOTICE-echarts
//
// then change echartsVersion and echartsSize in html.go, and regenerate the
// golden pages with go test ./reports -run HTML -update.
package reports

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"batchlab/benchfile"
)

// echartsJS is ECharts' dist/echarts.min.js, inlined in every page.
//
//go:embed assets/echarts.min.js
var echartsJS string

// echartsNotice is ECharts' NOTICE file, which Apache-2.0 asks to keep with
// the redistributed script; the script itself starts with its licence header.
//
//go:embed assets/NOTICE-echarts
var echartsNotice string

// echartsVersion and echartsSize describe assets/echarts.min.js: the npm
// package echarts at the version go-echarts v2.6.7 targets.
const (
	echartsVersion = "5.4.3"
	echartsSize    = 1024740
)

// Chart sizes, as CSS lengths.
const (
	htmlChartWidth    = "960px"
	htmlChartHeight   = "480px"
	htmlLatencyHeight = "420px"
)

// htmlPalette colours the strategies, in the order they first appear; the
// mean, whiskers and ideal line of one strategy share its colour. It is
// go-echarts' default palette.
var htmlPalette = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}

// htmlSymbols mark the strategies' points, in the same order as the colours,
// so that series which overlap (workerpool and semaphore often do) stay
// distinguishable. The old run of a comparison uses the hollow variant
// ("empty" + symbol).
var htmlSymbols = []string{"circle", "rect", "triangle", "diamond", "roundRect"}

// htmlPercentiles are the entry-latency units of the latency charts, with
// their axis labels.
var htmlPercentiles = []struct{ unit, label string }{
	{benchfile.UnitP50, "p50"}, {benchfile.UnitP90, "p90"}, {benchfile.UnitP99, "p99"}, {benchfile.UnitMax, "max"},
}

// htmlWhiskerJS draws a min–max whisker: data items are [entries, min, max].
// go-echarts passes it through JSON, so it holds no double quote, backslash
// or line comment.
const htmlWhiskerJS = `function (params, api) {
	var x = api.value(0);
	var lo = api.coord([x, api.value(1)]);
	var hi = api.coord([x, api.value(2)]);
	var w = 5;
	var style = {stroke: api.visual('color'), lineWidth: 1.5};
	return {type: 'group', children: [
		{type: 'line', shape: {x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1]}, style: style},
		{type: 'line', shape: {x1: hi[0], y1: hi[1], x2: lo[0], y2: lo[1]}, style: style},
		{type: 'line', shape: {x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1]}, style: style}
	]};
}`

// htmlValueJS formats tooltip values with four significant digits.
const htmlValueJS = `function (v) {
	if (Array.isArray(v)) { return v.map(function (x) { return typeof x === 'number' ? String(+x.toPrecision(4)) : x; }).join(' – '); }
	return typeof v === 'number' ? String(+v.toPrecision(4)) : v;
}`

// WriteHTML writes run as one self-contained HTML page that needs no network:
// the run's settings; charts of mean time per operation (with min–max
// whiskers over the runs and each strategy's ideal time, dashed), allocated
// bytes per entry, GC cycles per run, entry-latency percentiles at each size,
// throughput and ratio to ideal, one series per strategy (per width, for a
// strategy measured at several widths); the cells skipped as predicted; and
// the table of [WriteTable]. Skipped cells are left out of the charts.
//
// Each sweep (see [FindSweeps], at the run's [Run.KneeTolerance]) gets, before those
// charts, its [Sweep.Recommendation], the knee rule and its
// [Sweep.ReferenceLines], a chart of mean time against width with the knee
// marked and the other strategies of its scenario and size as horizontal
// reference lines, and a chart of failed entries per run against width,
// stacked by failure class, when any width failed. Each strategy with limit
// traces gets a chart of its in-flight limit over time (the first three
// repetitions at its largest size with traces). A run with several
// scenarios gets one section per scenario, with links to them at the top.
//
// The same run gives the same bytes. It only reads run, so concurrent calls
// are safe. It returns the first write error.
func WriteHTML(w io.Writer, run *Run) error {
	if run == nil {
		return errors.New("reports: WriteHTML: nil run")
	}
	pcs, pending, err := reportPage(run)
	if err != nil {
		return err
	}
	scenarios := run.Scenarios()
	multi := len(scenarios) > 1
	intro := htmlIntro{
		Title:    "batchlab report",
		Sources:  []string{run.Name},
		Settings: htmlSettingRows(run, multi),
		Notes:    htmlChartNotes(run, pcs),
	}
	outro := htmlOutro{Pending: template.HTML(pending), Skipped: htmlSkipped(run, "", multi)}
	for i, sc := range scenarios {
		sub := run
		if multi {
			sub = run.ForScenario(sc)
			intro.Nav = append(intro.Nav, htmlLink{ID: htmlScenarioID(i), Text: sc})
		}
		var md bytes.Buffer
		if err := writeTable(&md, sub, false); err != nil {
			return err
		}
		t := htmlScenarioTable{Table: parseMarkdownTable(md.String())}
		if multi {
			t.Name = sc
		}
		outro.Tables = append(outro.Tables, t)
		if len(t.Table.Notes) > len(outro.Notes) {
			outro.Notes = t.Table.Notes
		}
	}
	return writeHTMLPage(w, "batchlab: "+title(run), pcs, intro, outro)
}

// WriteCompareHTML writes old and new overlaid in the same charts — mean
// time per operation with min–max whiskers, allocated bytes per entry, GC
// cycles per run, throughput and ratio to ideal — with series named
// "<method> (old)" and "<method> (new)": the new run drawn solid, the old one
// dotted with hollow markers, one colour per strategy. When either run has
// several scenarios, the charts come in one section per scenario, as
// [Compare] matches them. The page also lists both runs' settings and
// skipped cells. It needs no network, and the same runs give the same bytes.
// It only reads old and new, so concurrent calls are safe. It returns the
// first write error.
func WriteCompareHTML(w io.Writer, old, new *Run) error {
	if old == nil || new == nil {
		return errors.New("reports: WriteCompareHTML: nil run")
	}
	pcs, pending, nav, err := comparePage(old, new)
	if err != nil {
		return err
	}
	multi := len(nav) > 0
	intro := htmlIntro{
		Title:       "batchlab comparison",
		Sources:     []string{"old: " + old.Name, "new: " + new.Name},
		Compare:     true,
		CompareRows: htmlCompareSettingRows(old, new),
		Notes:       htmlCompareNotes(),
		Nav:         nav,
	}
	outro := htmlOutro{Pending: template.HTML(pending),
		Skipped: append(htmlSkipped(old, " (old)", multi), htmlSkipped(new, " (new)", multi)...)}
	return writeHTMLPage(w, "batchlab: "+title(old)+" vs "+title(new), pcs, intro, outro)
}

// pageChart is one chart of a page, with the names of its series in order
// of first appearance (a name can cover several series, such as a mean line
// and its whiskers, which the legend toggles together).
type pageChart struct {
	id     string
	chart  components.Charter
	series []string
	colors []string // the colours its series are drawn in, for the browser test
	before string   // HTML put before the chart's container: a section heading, a sweep's text
}

// writeHTMLPage renders the charts with go-echarts, with ECharts inlined and
// every remote asset cleared, and puts intro after <body> and outro before
// </body>.
func writeHTMLPage(w io.Writer, pageTitle string, pcs []pageChart, intro htmlIntro, outro htmlOutro) error {
	// The tests check that the script holds no "</script".
	if len(echartsJS) != echartsSize {
		return fmt.Errorf("reports: embedded echarts.min.js is %d bytes, want %d", len(echartsJS), echartsSize)
	}
	page := components.NewPage()
	page.SetPageTitle(pageTitle)
	page.SetLayout(components.PageCenterLayout)
	page.ClearPresetJSAssets()
	page.ClearPresetCSSAssets()
	page.AddCustomizedHeaders(
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		"<style>"+htmlCSS+"</style>",
		"<script>/*\n"+echartsNotice+"*/\n"+echartsJS+"</script>",
	)
	for _, pc := range pcs {
		page.AddCharts(pc.chart)
	}
	var buf bytes.Buffer
	if err := page.Render(&buf); err != nil {
		return err
	}
	out := buf.String()

	// The inlined script contains "<body" and "</body>" in strings, so look
	// for the page's own <body> after </head> and its last </body>.
	head := strings.Index(out, "</head>")
	if head < 0 {
		return errors.New("reports: go-echarts page has no </head>")
	}
	body := strings.Index(out[head:], "<body>")
	end := strings.LastIndex(out, "</body>")
	if body < 0 || end < head+body {
		return errors.New("reports: go-echarts page has no <body>…</body>")
	}
	body += head + len("<body>")

	var introHTML, outroHTML bytes.Buffer
	if err := htmlTemplates.ExecuteTemplate(&introHTML, "intro", intro); err != nil {
		return err
	}
	if err := htmlTemplates.ExecuteTemplate(&outroHTML, "outro", outro); err != nil {
		return err
	}
	charts, err := insertBefore(out[body:end], pcs)
	if err != nil {
		return err
	}
	ew := &errWriter{w: w}
	ew.printf("%s\n%s%s%s%s", out[:body], introHTML.String(), charts, outroHTML.String(), out[end:])
	return ew.err
}

// insertBefore puts each chart's before HTML in front of the container of
// its chart in the rendered body.
func insertBefore(body string, pcs []pageChart) (string, error) {
	const container = `<div class="container">`
	var b strings.Builder
	pos := 0
	for _, pc := range pcs {
		if pc.before == "" {
			continue
		}
		i := strings.Index(body[pos:], `<div class="item" id="`+pc.id+`"`)
		if i < 0 {
			return "", fmt.Errorf("reports: chart %s not found in the page", pc.id)
		}
		c := strings.LastIndex(body[pos:pos+i], container)
		if c < 0 {
			return "", fmt.Errorf("reports: chart %s has no container", pc.id)
		}
		b.WriteString(body[pos : pos+c])
		b.WriteString(pc.before)
		b.WriteString("\n")
		pos += c
	}
	b.WriteString(body[pos:])
	return b.String(), nil
}

// htmlStrategy is a strategy's series name and colour on a page: all its
// cells, or, for a strategy measured at several widths at one size, the
// cells of one width.
type htmlStrategy struct {
	name, label, color, symbol string
	conc                       int // 0: every width
}

// htmlStrategies lists the strategies of runs in order of first appearance,
// labelled from all their cells (measured or not) in every run. A strategy
// with several widths at one size in some scenario of some run gets one
// entry per width, ascending, labelled like [Cell.Method].
func htmlStrategies(runs ...*Run) []htmlStrategy {
	var names []string
	cells := map[string][]Cell{}
	split := map[string]bool{}
	type at struct {
		run                int
		scenario, strategy string
		entries            int
	}
	width := map[at]int{}
	for ri, run := range runs {
		for _, c := range run.Cells {
			if _, ok := cells[c.Strategy]; !ok {
				names = append(names, c.Strategy)
			}
			cells[c.Strategy] = append(cells[c.Strategy], c)
			k := at{ri, c.Scenario, c.Strategy, c.Entries}
			if w, ok := width[k]; ok && w != c.Concurrency {
				split[c.Strategy] = true
			}
			width[k] = c.Concurrency
		}
	}
	var out []htmlStrategy
	for _, name := range names {
		if !split[name] {
			out = append(out, htmlStrategy{name: name, label: strategyLabel(cells[name])})
			continue
		}
		var widths []int
		for _, c := range cells[name] {
			if !slices.Contains(widths, c.Concurrency) {
				widths = append(widths, c.Concurrency)
			}
		}
		slices.Sort(widths)
		for _, w := range widths {
			out = append(out, htmlStrategy{name: name, conc: w, label: htmlSafe.Replace(fmt.Sprintf("%s(%d)", name, w))})
		}
	}
	for i := range out {
		out[i].color = htmlPalette[i%len(htmlPalette)]
		out[i].symbol = htmlSymbols[i%len(htmlSymbols)]
	}
	return out
}

// strategyLabel names a strategy's series: its [Cell.Method] when every cell
// has the same concurrency, "<strategy>(n)" when the concurrency is always
// the number of entries (unbounded), and "<strategy>(varies)" otherwise.
// "<" and ">" are replaced, as the names end up inside <script> elements.
func strategyLabel(cells []Cell) string {
	same, perEntry := true, true
	for _, c := range cells {
		same = same && c.Concurrency == cells[0].Concurrency
		perEntry = perEntry && c.Concurrency == c.Entries
	}
	label := cells[0].Strategy + "(varies)"
	switch {
	case same:
		label = cells[0].Method()
	case perEntry:
		label = cells[0].Strategy + "(n)"
	}
	return strings.NewReplacer("<", "‹", ">", "›").Replace(label)
}

// measuredCells returns the measured cells of s in run, entries
// ascending.
func measuredCells(run *Run, s htmlStrategy) []Cell {
	var out []Cell
	for _, c := range run.Cells {
		if c.Strategy == s.name && (s.conc == 0 || c.Concurrency == s.conc) && !c.Skipped {
			out = append(out, c)
		}
	}
	return out
}

// htmlMeasuredSizes returns the entries of the run's measured cells, ascending.
func htmlMeasuredSizes(run *Run) []int {
	seen := map[int]bool{}
	var sizes []int
	for _, c := range run.Cells {
		if !c.Skipped && !seen[c.Entries] {
			seen[c.Entries] = true
			sizes = append(sizes, c.Entries)
		}
	}
	for i := 1; i < len(sizes); i++ {
		for j := i; j > 0 && sizes[j] < sizes[j-1]; j-- {
			sizes[j], sizes[j-1] = sizes[j-1], sizes[j]
		}
	}
	return sizes
}

// sampleMean is the mean of the cell's per-run values of unit, or NaN.
func sampleMean(c Cell, unit string) float64 { return mean(c.Samples[unit]) }

// cellBytesPerEntry is the mean B/entry, or B/op ÷ entries without it.
func cellBytesPerEntry(c Cell) float64 {
	if v := sampleMean(c, benchfile.UnitBytesEntry); !math.IsNaN(v) {
		return v
	}
	if c.Entries == 0 {
		return math.NaN()
	}
	return c.AllocBytesPerOp / float64(c.Entries)
}

// cellThroughput is the mean entries/sec, or entries ÷ mean sec/op without it.
func cellThroughput(c Cell) float64 {
	if v := sampleMean(c, benchfile.UnitRate); !math.IsNaN(v) {
		return v
	}
	if c.Time.Mean == 0 {
		return math.NaN()
	}
	return float64(c.Entries) / c.Time.Mean
}

// cellTimeRange is the fastest and slowest sec/op over the cell's runs.
func cellTimeRange(c Cell) (lo, hi float64, ok bool) {
	xs := c.Samples[benchfile.UnitSec]
	if len(xs) == 0 {
		return 0, 0, false
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi, true
}

// entriesMetric is a chart of one figure per cell against entries.
type entriesMetric struct {
	id, title, subtitle, yName string
	log                        bool // logarithmic y axis when the figures are positive and span ≥ 10×
	value                      func(Cell) float64
	whiskers                   func(Cell) (lo, hi float64, ok bool) // nil: none
	ideal                      bool                                 // add each strategy's ideal-sec/op, dashed
}

// The charts against entries, in page order around the latency charts.
var (
	metricTime = entriesMetric{
		id: "chart_time", title: "Mean time per operation vs entries",
		subtitle: "mean over the runs; whiskers: fastest–slowest run; dashed: the strategy's ideal time (ideal-sec/op)",
		yName:    "seconds per operation", log: true,
		value: func(c Cell) float64 { return c.Time.Mean }, whiskers: cellTimeRange, ideal: true,
	}
	metricAlloc = entriesMetric{
		id: "chart_alloc", title: "Allocated bytes per entry vs entries",
		subtitle: "mean over the runs of B/entry (bytes allocated per operation ÷ entries)",
		yName:    "bytes per entry (B)",
		value:    cellBytesPerEntry,
	}
	metricGC = entriesMetric{
		id: "chart_gc", title: "GC cycles per run vs entries",
		subtitle: "mean over the runs of gc-cycles/op; one operation processes all the entries",
		yName:    "GC cycles per operation",
		value:    func(c Cell) float64 { return sampleMean(c, benchfile.UnitGCCycles) },
	}
	metricThroughput = entriesMetric{
		id: "chart_throughput", title: "Throughput vs entries",
		subtitle: "mean over the runs of entries/sec",
		yName:    "entries per second", log: true,
		value: cellThroughput,
	}
	metricRatio = entriesMetric{
		id: "chart_ratio", title: "Ratio to ideal vs entries",
		subtitle: "mean time ÷ ideal time, as in the table; 1 is the ideal",
		yName:    "mean ÷ ideal", log: true,
		value: Cell.RatioToIdeal,
	}
)

// htmlRunSeries is one run drawn on a chart.
type htmlRunSeries struct {
	run    *Run
	suffix string // appended to series names: "" or " (old)" / " (new)"
	old    bool   // dotted line, hollow markers
}

// reportPage lists the charts of [WriteHTML], in page order, with their
// section headings and sweep texts; pending is the HTML of trailing
// sections that have no chart to go before.
func reportPage(run *Run) (pcs []pageChart, pending string, err error) {
	strategies := htmlStrategies(run)
	scenarios := run.Scenarios()
	multi := len(scenarios) > 1
	for i, sc := range scenarios {
		sub, prefix := run, ""
		if multi {
			sub, prefix = run.ForScenario(sc), fmt.Sprintf("chart_s%d_", i+1)
			head, err := htmlHeading(htmlScenarioID(i), "scenario: "+sc, scenarioDiff(run, sub))
			if err != nil {
				return nil, "", err
			}
			pending += head
		}
		charts, err := scenarioCharts(sub, prefix, strategies)
		if err != nil {
			return nil, "", err
		}
		if len(charts) == 0 {
			if multi {
				pending += "<p>No cell of this scenario was measured; its skipped cells are listed below.</p>\n"
			}
			continue
		}
		charts[0].before = pending + charts[0].before
		pending = ""
		pcs = append(pcs, charts...)
	}
	return pcs, pending, nil
}

// reportCharts lists the charts of [WriteHTML], in page order.
func reportCharts(run *Run) ([]pageChart, error) {
	pcs, _, err := reportPage(run)
	return pcs, err
}

// scenarioCharts lists the charts of one scenario's run: its sweeps, its
// limit traces, then the charts against entries. Chart IDs start with
// prefix ("chart_" when empty).
func scenarioCharts(run *Run, prefix string, strategies []htmlStrategy) ([]pageChart, error) {
	if len(htmlMeasuredSizes(run)) == 0 {
		return nil, nil
	}
	idPrefix := prefix
	if prefix == "" {
		prefix = "chart_"
	}
	var pcs []pageChart
	for i, s := range FindSweeps(run, run.KneeTolerance()) {
		sc, err := sweepCharts(run, s, i+1, prefix, strategies)
		if err != nil {
			return nil, err
		}
		pcs = append(pcs, sc...)
	}
	pcs = append(pcs, limitCharts(run, prefix)...)
	rs := []htmlRunSeries{{run: run}}
	pcs = append(pcs,
		entriesChart(metricTime, idPrefix, rs, strategies),
		entriesChart(metricAlloc, idPrefix, rs, strategies),
		entriesChart(metricGC, idPrefix, rs, strategies),
	)
	for _, n := range htmlMeasuredSizes(run) {
		pcs = append(pcs, latencyChart(run, n, prefix, strategies))
	}
	return append(pcs,
		entriesChart(metricThroughput, idPrefix, rs, strategies),
		entriesChart(metricRatio, idPrefix, rs, strategies)), nil
}

// htmlScenarioID is the anchor of the i-th scenario's section.
func htmlScenarioID(i int) string { return "scenario-" + strconv.Itoa(i+1) }

// htmlHeading renders a section heading with the settings that differ.
func htmlHeading(id, text, diff string) (string, error) {
	var b bytes.Buffer
	err := htmlTemplates.ExecuteTemplate(&b, "heading", struct{ ID, Text, Diff string }{id, text, diff})
	return b.String(), err
}

// comparePage lists the charts of [WriteCompareHTML], in page order, one
// section per scenario when either run has several (nav links to them),
// and the HTML of trailing sections without charts.
func comparePage(old, new *Run) (pcs []pageChart, pending string, nav []htmlLink, err error) {
	oldSc, newSc := old.Scenarios(), new.Scenarios()
	strategies := htmlStrategies(old, new)
	if len(oldSc) <= 1 && len(newSc) <= 1 {
		return compareCharts(old, new, "cmp_", strategies), "", nil, nil
	}
	scenarios := slices.Clone(oldSc)
	for _, sc := range newSc {
		if !slices.Contains(scenarios, sc) {
			scenarios = append(scenarios, sc)
		}
	}
	for i, sc := range scenarios {
		nav = append(nav, htmlLink{ID: htmlScenarioID(i), Text: sc})
		head, err := htmlHeading(htmlScenarioID(i), "scenario: "+sc, "")
		if err != nil {
			return nil, "", nil, err
		}
		pending += head
		charts := compareCharts(old.ForScenario(sc), new.ForScenario(sc), fmt.Sprintf("cmp_s%d_", i+1), strategies)
		if len(charts) == 0 || len(charts[0].series) == 0 {
			pending += "<p>No cell of this scenario was measured in either run.</p>\n"
			continue
		}
		charts[0].before = pending
		pending = ""
		pcs = append(pcs, charts...)
	}
	return pcs, pending, nav, nil
}

// comparePageCharts lists the charts of [WriteCompareHTML], in page order.
func comparePageCharts(old, new *Run) ([]pageChart, error) {
	pcs, _, _, err := comparePage(old, new)
	return pcs, err
}

// compareCharts lists the comparison charts of old and new, in page order,
// with IDs starting with prefix and strategies' colours.
func compareCharts(old, new *Run, prefix string, strategies []htmlStrategy) []pageChart {
	rs := []htmlRunSeries{{run: old, suffix: " (old)", old: true}, {run: new, suffix: " (new)"}}
	var pcs []pageChart
	for _, m := range []entriesMetric{metricTime, metricAlloc, metricGC, metricThroughput, metricRatio} {
		if m.ideal {
			// Each run has its own ideal; the ratio chart compares with it.
			m.ideal = false
			m.subtitle = "mean over the runs; whiskers: fastest–slowest run; solid: new run, dotted: old run"
		}
		pcs = append(pcs, entriesChart(m, prefix, rs, strategies))
	}
	return pcs
}

// sig5 rounds v to five significant digits, which keeps the page small and
// the tooltips readable.
func sig5(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 5, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// finite reports whether v can be drawn (JSON has no NaN or Inf).
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

// htmlChartOpts are the options every chart shares.
func htmlChartOpts(id, title, subtitle, height string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: htmlChartWidth, Height: height}),
		charts.WithAnimation(false),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Orient: "vertical", Right: "10", Top: "70"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", ValueFormatter: opts.FuncOpts(htmlValueJS)}),
		charts.WithGridOpts(opts.Grid{Top: "70", Bottom: "60", Left: "90", Right: "210"}),
	}
}

// entriesChart draws m for every strategy of every run in rs: a line of the
// figure against entries, and with m.whiskers the min–max whiskers and with
// m.ideal the strategy's ideal time, dashed, in the strategy's colour.
func entriesChart(m entriesMetric, idPrefix string, rs []htmlRunSeries, strategies []htmlStrategy) pageChart {
	id := m.id
	if idPrefix != "" {
		id = idPrefix + strings.TrimPrefix(m.id, "chart_")
	}

	// Gather the finite figures first: they decide the y axis.
	type lineSeries struct {
		s              htmlStrategy
		name           string
		old            bool
		points, ideals [][]float64 // [entries, value]
		whiskers       [][]float64 // [entries, min, max]
	}
	var all []lineSeries
	var values []float64
	for _, s := range strategies {
		for _, r := range rs {
			ls := lineSeries{s: s, name: s.label + r.suffix, old: r.old}
			for _, c := range measuredCells(r.run, s) {
				x := float64(c.Entries)
				if v := m.value(c); finite(v) {
					ls.points = append(ls.points, []float64{x, sig5(v)})
					values = append(values, v)
				}
				if m.whiskers != nil {
					if lo, hi, ok := m.whiskers(c); ok && finite(lo) && finite(hi) {
						ls.whiskers = append(ls.whiskers, []float64{x, sig5(lo), sig5(hi)})
						values = append(values, lo, hi)
					}
				}
				if m.ideal && finite(c.IdealSec) {
					ls.ideals = append(ls.ideals, []float64{x, sig5(c.IdealSec)})
					values = append(values, c.IdealSec)
				}
			}
			if len(ls.points) > 0 {
				all = append(all, ls)
			}
		}
	}
	yType, yName := "value", m.yName
	if m.log && logWorthy(values) {
		yType, yName = "log", m.yName+" (log scale)"
	}

	line := charts.NewLine()
	line.SetGlobalOptions(htmlChartOpts(id, m.title, m.subtitle, htmlChartHeight)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "entries (n)", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: yType, Name: yName, NameLocation: "middle", NameGap: 65}),
	)
	pc := pageChart{id: id, chart: line}
	for _, ls := range all {
		s := ls.s
		symbol, lineType := s.symbol, "solid"
		if ls.old {
			symbol, lineType = "empty"+strings.ToUpper(s.symbol[:1])+s.symbol[1:], "dotted"
		}
		line.AddSeries(ls.name, lineData(ls.points),
			charts.WithLineChartOpts(opts.LineChart{Symbol: symbol, SymbolSize: 7, ShowSymbol: opts.Bool(true)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 2, Type: lineType}))
		pc.series = appendName(pc.series, ls.name)
		pc.colors = appendName(pc.colors, s.color)
		if len(ls.whiskers) > 0 {
			// Same name as the mean line: the legend toggles both.
			line.MultiSeries = append(line.MultiSeries, charts.SingleSeries{
				Name: ls.name, Type: types.ChartCustom, Data: ls.whiskers,
				RenderItem: opts.FuncOpts(htmlWhiskerJS),
				Encode:     &opts.Encode{X: 0, Y: []int{1, 2}, Tooltip: []int{1, 2}},
				ItemStyle:  &opts.ItemStyle{Color: s.color},
			})
		}
		if len(ls.ideals) > 0 {
			idealName := ls.name + " ideal"
			line.AddSeries(idealName, lineData(ls.ideals),
				charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 1, Type: "dashed"}))
			pc.series = appendName(pc.series, idealName)
		}
	}
	line.ClearPresetJSAssets()
	line.ClearPresetCSSAssets()
	return pc
}

func lineData(points [][]float64) []opts.LineData {
	out := make([]opts.LineData, len(points))
	for i, p := range points {
		out[i] = opts.LineData{Value: p}
	}
	return out
}

// logWorthy reports whether values, all positive, span a factor of ten or
// more, which a linear axis would squash.
func logWorthy(values []float64) bool {
	if len(values) == 0 {
		return false
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo > 0 && hi >= 10*lo
}

// latencyChart draws the entry-latency percentiles at n entries: one group
// of bars per percentile, one bar per strategy, in milliseconds.
func latencyChart(run *Run, n int, prefix string, strategies []htmlStrategy) pageChart {
	id := prefix + "latency_" + strconv.Itoa(n)
	bar := charts.NewBar()
	bar.SetGlobalOptions(htmlChartOpts(id,
		"Entry latency percentiles at "+formatNumber(float64(n), 0)+" entries",
		"each run's percentile of its entries' latencies, mean over the runs",
		htmlLatencyHeight)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "percentile", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "entry latency (ms)", NameLocation: "middle", NameGap: 65}),
	)
	labels := make([]string, len(htmlPercentiles))
	for i, p := range htmlPercentiles {
		labels[i] = p.label
	}
	bar.SetXAxis(labels)
	pc := pageChart{id: id, chart: bar}
	for _, s := range strategies {
		for _, c := range measuredCells(run, s) {
			if c.Entries != n {
				continue
			}
			data := make([]opts.BarData, len(htmlPercentiles))
			drawn := false
			for i, p := range htmlPercentiles {
				data[i] = opts.BarData{Value: "-"}
				if v := sampleMean(c, p.unit); finite(v) {
					data[i] = opts.BarData{Value: sig5(v * 1000)}
					drawn = true
				}
			}
			if !drawn {
				continue
			}
			bar.AddSeries(s.label, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
				charts.WithBarChartOpts(opts.BarChart{BarGap: "10%"}))
			pc.series = appendName(pc.series, s.label)
			pc.colors = appendName(pc.colors, s.color)
		}
	}
	bar.ClearPresetJSAssets()
	bar.ClearPresetCSSAssets()
	return pc
}

func appendName(names []string, name string) []string {
	for _, n := range names {
		if n == name {
			return names
		}
	}
	return append(names, name)
}

// htmlPrimaryKeys are the settings listed first, in this order.
var htmlPrimaryKeys = []string{benchfile.KeyCPU, benchfile.KeyGo, benchfile.KeyGOMAXPROCS, benchfile.KeyDelay, benchfile.KeyCount,
	benchfile.KeyCommit, benchfile.KeyStatus, benchfile.KeyTransport}

// htmlSetting is one row of the settings table.
type htmlSetting struct {
	Key, Value string
	Primary    bool
}

// htmlSettingRows lists the run's settings, htmlPrimaryKeys first; for a
// run with several scenarios, without the scenario (each section names its
// own).
func htmlSettingRows(run *Run, multi bool) []htmlSetting {
	var rows []htmlSetting
	for _, k := range htmlPrimaryKeys {
		if v := run.Setting(k); v != "" {
			rows = append(rows, htmlSetting{Key: k, Value: v, Primary: true})
		}
	}
	for _, s := range run.Settings {
		if !isPrimaryKey(s.Key) && !(multi && s.Key == benchfile.KeyScenario) {
			rows = append(rows, htmlSetting{Key: s.Key, Value: s.Value})
		}
	}
	return rows
}

func isPrimaryKey(k string) bool {
	for _, p := range htmlPrimaryKeys {
		if p == k {
			return true
		}
	}
	return false
}

// htmlCompareSetting is one row of the settings table of a comparison.
type htmlCompareSetting struct {
	Key, Old, New string
	Primary, Diff bool
}

// htmlCompareSettingRows lists both runs' settings, htmlPrimaryKeys first,
// then the others in the order they first appear.
func htmlCompareSettingRows(old, new *Run) []htmlCompareSetting {
	keys := append([]string(nil), htmlPrimaryKeys...)
	for _, run := range []*Run{old, new} {
		for _, s := range run.Settings {
			if !containsString(keys, s.Key) {
				keys = append(keys, s.Key)
			}
		}
	}
	var rows []htmlCompareSetting
	for _, k := range keys {
		o, n := old.Setting(k), new.Setting(k)
		if o == "" && n == "" {
			continue
		}
		rows = append(rows, htmlCompareSetting{Key: k, Old: o, New: n, Primary: isPrimaryKey(k), Diff: o != n})
	}
	return rows
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// htmlSkipped lists the run's skipped cells with their predicted time, and
// with their scenario when withScenario.
func htmlSkipped(run *Run, suffix string, withScenario bool) []string {
	var out []string
	for _, c := range run.Cells {
		if !c.Skipped {
			continue
		}
		t := formatScaled(c.PredictedSec, bestScale(timeScales, []float64{c.PredictedSec}), 1)
		where := ""
		if withScenario {
			where = " in " + c.Scenario
		}
		out = append(out, fmt.Sprintf("%s%s at %s entries%s: %s %s", c.Method(), suffix, formatNumber(float64(c.Entries), 0), where, t, PredictedMark))
	}
	return out
}

// htmlChartNotes explains the charts of [WriteHTML], pcs.
func htmlChartNotes(run *Run, pcs []pageChart) []string {
	notes := []string{
		"One series per strategy, named like the table's Method. Skipped cells are not drawn; they are listed under the charts.",
		"Mean time: whiskers span the fastest and the slowest run of each cell; the dashed line is the strategy's ideal time from the result file (ideal-sec/op: the delay alone at that concurrency, e.g. ⌈n/250⌉ × delay for batches(250)), so strategies with the same ideal share one dashed line.",
		"Logarithmic axes are marked \"log scale\". Click a legend entry to hide or show its series.",
	}
	for _, s := range htmlStrategies(run) {
		if strings.HasSuffix(s.label, "(n)") {
			notes = append(notes, s.name+"(n): the concurrency is the number of entries, so the table's Method differs per size.")
		}
	}
	sweeps, limits := false, false
	for _, pc := range pcs {
		sweeps = sweeps || strings.Contains(pc.id, "sweep")
		limits = limits || strings.Contains(pc.id, "_limit")
	}
	if sweeps {
		notes = append(notes, "Sweeps: a strategy measured at three or more widths in one scenario at one size. Its charts show mean time and failed entries against the width; the dashed vertical line marks the knee, the recommended width; dashed horizontal lines are the other strategies measured in the same scenario at the same size.")
	}
	if limits {
		notes = append(notes, "Limit over time: the concurrency limit an adaptive strategy had in force during each repetition, from the result file's # limit lines.")
	}
	return notes
}

// htmlCompareNotes explains the charts of [WriteCompareHTML].
func htmlCompareNotes() []string {
	return []string{
		"Each strategy has one colour; the new run is drawn solid with filled markers, the old run dotted with hollow markers.",
		"Mean time: whiskers span the fastest and the slowest run of each cell. Skipped cells are not drawn; they are listed under the charts.",
		"Logarithmic axes are marked \"log scale\". Click a legend entry to hide or show its series.",
	}
}

// htmlIntro is the part of the page before the charts.
type htmlIntro struct {
	Nav         []htmlLink // links to the scenarios' sections; nil for one scenario
	Title       string
	Sources     []string
	Settings    []htmlSetting
	Compare     bool
	CompareRows []htmlCompareSetting
	Notes       []string
}

// htmlLink is a link to a section of the page.
type htmlLink struct {
	ID, Text string
}

// htmlOutro is the part of the page after the charts.
type htmlOutro struct {
	Pending template.HTML // sections that had no chart to go before
	Skipped []string
	Tables  []htmlScenarioTable // none: no table
	Notes   [][]htmlSpan        // the tables' notes
}

// htmlScenarioTable is the table of one scenario; Name is empty for a run
// with one scenario.
type htmlScenarioTable struct {
	Name  string
	Table *htmlTable
}

// htmlTable is the markdown table of [WriteTable], parsed.
type htmlTable struct {
	Header []htmlCell
	Rows   []htmlRow
	Notes  [][]htmlSpan
}

type htmlRow struct {
	Class string // "seed", "ratio", "predicted" or ""
	Cells []htmlCell
}

type htmlCell struct {
	Text  string
	Right bool
}

// htmlSpan is a run of note text, Code for a `code span`.
type htmlSpan struct {
	Text string
	Code bool
}

// parseMarkdownTable reads the pipe table and the notes ("- " lines after
// it) that [WriteTable] writes; the title and settings lines are skipped, as
// the page shows the settings itself.
func parseMarkdownTable(md string) *htmlTable {
	t := &htmlTable{}
	var lines [][]string
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "|"):
			var cells []string
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				cells = append(cells, strings.TrimSpace(c))
			}
			lines = append(lines, cells)
		case strings.HasPrefix(line, "- ") && len(lines) > 0:
			t.Notes = append(t.Notes, codeSpans(strings.TrimPrefix(line, "- ")))
		}
	}
	if len(lines) < 2 {
		return t
	}
	right := make([]bool, len(lines[1]))
	for i, sep := range lines[1] {
		right[i] = strings.HasSuffix(sep, ":") && !strings.HasPrefix(sep, ":")
	}
	row := func(cells []string) []htmlCell {
		out := make([]htmlCell, len(cells))
		for i, c := range cells {
			out[i] = htmlCell{Text: c, Right: i < len(right) && right[i]}
		}
		return out
	}
	t.Header = row(lines[0])
	for _, cells := range lines[2:] {
		r := htmlRow{Cells: row(cells)}
		switch {
		case len(cells) > 0 && cells[0] == SeedMethod:
			r.Class = "seed"
		case len(cells) > 0 && cells[0] == SeedRatioMethod:
			r.Class = "ratio"
		case len(cells) > 2 && strings.HasSuffix(cells[2], PredictedMark):
			r.Class = "predicted"
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// codeSpans splits markdown text at backquotes.
func codeSpans(s string) []htmlSpan {
	var out []htmlSpan
	for i, part := range strings.Split(s, "`") {
		if part != "" {
			out = append(out, htmlSpan{Text: part, Code: i%2 == 1})
		}
	}
	return out
}

const htmlCSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 1240px; margin: 0 auto; padding: 0 16px 48px; line-height: 1.4; }
h1 { font-size: 1.6em; margin: 24px 0 4px; }
h2 { font-size: 1.25em; margin: 32px 0 8px; }
.sources { color: #555; margin: 0 0 12px; }
table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 3px 6px; white-space: nowrap; text-align: left; }
th { background: #f5f5f5; }
td.r, th.r { text-align: right; }
table.settings th { font-weight: 600; }
tr.secondary th, tr.secondary td { color: #666; }
tr.diff td { background: #fff6d6; }
tr.seed td { color: #555; font-style: italic; background: #fafafa; }
tr.ratio td { color: #555; background: #fafafa; }
tr.predicted td { color: #888; }
.scroll { overflow-x: auto; }
ul.notes { font-size: 13px; color: #444; padding-left: 20px; }
code { background: #f2f2f2; padding: 0 3px; border-radius: 3px; }
.container { margin-top: 28px; }
nav.scenarios { margin: 8px 0 0; font-size: 15px; }
h2.scenario { border-top: 2px solid #ccc; padding-top: 16px; margin-top: 40px; }
p.diff { color: #555; font-size: 13px; }
section.sweep { margin: 24px 0 0; }
section.sweep h3 { margin: 0 0 6px; }
p.recommendation { font-size: 16px; font-weight: 600; margin: 4px 0; }
p.rule { font-size: 13px; color: #444; margin: 4px 0; }
ul.references { font-size: 13px; margin: 4px 0; }
`

// htmlTemplates renders the page's own sections; html/template escapes
// every value.
var htmlTemplates = template.Must(template.New("page").Parse(`
{{- define "intro" -}}
<header>
<h1>{{.Title}}</h1>
{{range .Sources}}<p class="sources">{{.}}</p>
{{end -}}
{{with .Nav}}<nav class="scenarios">Scenarios:{{range $i, $l := .}}{{if $i}} ·{{end}} <a href="#{{$l.ID}}">{{$l.Text}}</a>{{end}}</nav>
{{end -}}
<h2>Settings</h2>
<table class="settings">
{{- if .Compare}}
<tr><th>setting</th><th>old</th><th>new</th></tr>
{{- range .CompareRows}}
<tr class="{{if not .Primary}}secondary{{end}}{{if .Diff}} diff{{end}}"><th>{{.Key}}</th><td>{{.Old}}</td><td>{{.New}}</td></tr>
{{- end}}
{{- else}}
{{- range .Settings}}
<tr{{if not .Primary}} class="secondary"{{end}}><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{- end}}
{{- end}}
</table>
<h2>Charts</h2>
<ul class="notes">
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
</header>
{{end}}
{{- define "heading" -}}
<h2 class="scenario" id="{{.ID}}">{{.Text}}</h2>
{{- with .Diff}}
<p class="diff">Settings of this block that differ from the first: {{.}}.</p>
{{- end}}
{{end}}
{{- define "sweep" -}}
<section class="sweep">
<h3>{{.Title}}</h3>
<p class="recommendation">{{.Recommendation}}.</p>
<p class="rule">{{.Rule}}</p>
{{- with .References}}
<ul class="references">
{{- range .}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
{{- define "outro" -}}
{{with .Pending}}{{.}}{{end -}}
<section>
<h2>Skipped cells</h2>
{{- if .Skipped}}
<ul>
{{- range .Skipped}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- else}}
<p>None: every cell was measured.</p>
{{- end}}
</section>
{{- with .Tables}}
<section>
<h2>Table</h2>
{{- range .}}
{{- if .Name}}
<h3>scenario: {{.Name}}</h3>
{{- end}}
{{- with .Table}}
<div class="scroll">
<table class="results">
<tr>{{range .Header}}<th{{if .Right}} class="r"{{end}}>{{.Text}}</th>{{end}}</tr>
{{- range .Rows}}
<tr{{with .Class}} class="{{.}}"{{end}}>{{range .Cells}}<td{{if .Right}} class="r"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</table>
</div>
{{- end}}
{{- end}}
<ul class="notes">
{{- range $.Notes}}
<li>{{range .}}{{if .Code}}<code>{{.Text}}</code>{{else}}{{.Text}}{{end}}{{end}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{end}}
`))
