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
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/components"

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

// WriteHTML writes run as one self-contained HTML page that needs no network:
// first the [Verdicts], then the run's settings (folded); charts of failed
// entries per run by class (when any cell failed), mean time per operation
// (with min–max whiskers over the runs and each strategy's ideal time,
// dashed), allocated bytes per entry, GC cycles per run, entry-latency
// percentiles at each size, goodput (succeeded entries per second) and
// ratio to ideal, one series per strategy (per width, for a
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
		Verdicts: Verdicts(run),
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
// cycles per run, goodput and ratio to ideal — with series named
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
	var deltas []htmlDeltaRow
	if cmp, err := Compare(old, new); err == nil {
		deltas = htmlDeltaRows(cmp)
	} else if !errors.Is(err, ErrNoCommonCells) {
		return err
	}
	intro := htmlIntro{
		Deltas:      deltas,
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
	if fc, ok := failuresChart(run, prefix); ok {
		pcs = append(pcs, fc)
	}
	tlNote := timelineNote
	if tls, ok := timelineCharts(run, prefix, strategies); ok {
		pcs, tlNote = append(pcs, tls...), ""
	}
	if cdf, ok := cdfChart(run, prefix, strategies); ok {
		pcs = append(pcs, cdf)
	}
	rs := []htmlRunSeries{{run: run}}
	pcs = append(pcs,
		entriesChart(metricTime, idPrefix, rs, strategies),
		entriesChart(metricAlloc, idPrefix, rs, strategies),
	)
	if len(htmlMeasuredSizes(run)) > 1 {
		// The seed's second lesson: does memory grow with the data?
		pcs = append(pcs, entriesChart(metricHeap, idPrefix, rs, strategies), entriesChart(metricGoroutines, idPrefix, rs, strategies))
	}
	gcNote := ""
	if gcWorthCharting(run) {
		pcs = append(pcs, entriesChart(metricGC, idPrefix, rs, strategies))
	} else {
		gcNote = "<p class=\"note\">GC cycles: the collector ran at most once per run in every cell, so there is no GC chart.</p>"
	}
	gcNote += tlNote
	for i, n := range htmlMeasuredSizes(run) {
		lc := latencyChart(run, n, prefix, strategies)
		if i == 0 {
			lc.before = gcNote
		}
		pcs = append(pcs, lc)
	}
	return append(pcs,
		entriesChart(metricGoodput, idPrefix, rs, strategies),
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
	for _, m := range []entriesMetric{metricTime, metricAlloc, metricGC, metricGoodput, metricRatio} {
		if m.id == metricGC.id && !gcWorthCharting(old, new) {
			continue
		}
		if m.ideal {
			// Each run has its own ideal; the ratio chart compares with it.
			m.ideal = false
			m.subtitle = "mean over the runs; whiskers: fastest–slowest run; solid: new run, dotted: old run"
		}
		pcs = append(pcs, entriesChart(m, prefix, rs, strategies))
	}
	return pcs
}

// gcWorthCharting reports whether any measured cell of runs averaged more
// than one GC cycle per run: a chart of zeros and ones says nothing.
func gcWorthCharting(runs ...*Run) bool {
	for _, r := range runs {
		for _, c := range r.Cells {
			if !c.Skipped && sampleMean(c, benchfile.UnitGCCycles) > 1 {
				return true
			}
		}
	}
	return false
}
