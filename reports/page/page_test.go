package page

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/reports"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/")

type failWriter struct{}

var errFail = errors.New("write failed")

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

// reportCharts lists the charts of WriteHTML, in page order.
func reportCharts(run *reports.Run) ([]pageChart, error) {
	d, err := reportData(run)
	if err != nil {
		return nil, err
	}
	return d.charts(), nil
}

// comparePageCharts lists the charts of WriteCompareHTML, in page order.
func comparePageCharts(old, new *reports.Run) ([]pageChart, error) {
	d, err := compareData(old, new)
	if err != nil {
		return nil, err
	}
	return d.charts(), nil
}

// echartsPlaceholder replaces the inlined ECharts in the golden pages, which
// keeps 1 MB of minified JavaScript out of each golden file and its diffs;
// TestWriteHTMLInlinesECharts checks the script itself.
const echartsPlaceholder = "/* echarts.min.js " + echartsVersion + " inlined here: elided in golden files */"

// elideECharts replaces the one inlined copy of echarts.min.js.
func elideECharts(t *testing.T, page string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(page, echartsJS), "the page should inline echarts.min.js exactly once")
	return strings.Replace(page, echartsJS, echartsPlaceholder, 1)
}

func loadHTMLTestdata(t *testing.T, name string) *reports.Run {
	t.Helper()
	run, err := reports.LoadFile(filepath.Join("..", "testdata", name))
	require.NoError(t, err, "LoadFile(%s) should succeed", name)
	return run
}

// htmlPage is a page the tests render.
type htmlPage struct {
	name, golden string
	render       func(*bytes.Buffer) error
}

// htmlPages are the pages the tests render: a report of each testdata run
// and a comparison of the two.
func htmlPages(t *testing.T) []htmlPage {
	quick, skipped := loadHTMLTestdata(t, "quick.txt"), loadHTMLTestdata(t, "skipped.txt")
	sweep, scenarios := loadHTMLTestdata(t, "sweep.txt"), loadHTMLTestdata(t, "scenarios.txt")
	return []htmlPage{
		{name: "report, a width sweep on the limited scenario", golden: "sweep.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, sweep) }},
		{name: "report, three scenarios with limit traces", golden: "scenarios.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, scenarios) }},
		{name: "comparison, three scenarios against the limited one", golden: "scenarios-vs-limited.compare.html",
			render: func(b *bytes.Buffer) error { return WriteCompareHTML(b, scenarios, scenarios.ForScenario("limited")) }},
		{name: "report, 6 runs per cell with skipped cells", golden: "skipped.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, skipped) }},
		{name: "report, quick run with every cell measured", golden: "quick.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, quick) }},
		{name: "comparison, quick vs skipped", golden: "quick-vs-skipped.compare.html",
			render: func(b *bytes.Buffer) error { return WriteCompareHTML(b, quick, skipped) }},
		{name: "report, two scenarios with timelines", golden: "timeline.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, loadHTMLTestdata(t, "timeline.txt")) }},
	}
}

func TestTimelineCharts(t *testing.T) {
	run := loadHTMLTestdata(t, "timeline.txt")
	for _, c := range run.Cells {
		require.Len(t, c.Timelines, 1, "%s: the first repetition's timeline", c.Method())
		pts := c.Timelines[0].Points
		require.NotEmpty(t, pts, "%s: points", c.Method())
		assert.Equal(t, c.Entries, pts[len(pts)-1].Completed, "%s: every entry completed by the end", c.Method())
		require.Len(t, c.Latency, 1, "%s: the first repetition's latency distribution", c.Method())
		q := c.Latency[0].Points
		assert.Equal(t, 1.0, q[len(q)-1].Quantile, "%s: the distribution ends at its maximum", c.Method())
	}
	pcs := mustCharts(t)(reportCharts(run))
	var ids []string
	for _, pc := range pcs {
		if pc.kind == kindTimeline {
			ids = append(ids, pc.id)
			assert.Len(t, pc.series, 4, "%s: one series per strategy", pc.id)
		}
	}
	assert.Contains(t, strings.Join(func() []string {
		var all []string
		for _, pc := range pcs {
			all = append(all, pc.id)
		}
		return all
	}(), " "), "latency_cdf_s2", "a latency distribution chart per scenario")
	assert.Equal(t, []string{"timeline_inflight_s1", "timeline_completed_s1", "timeline_inflight_s2", "timeline_completed_s2"}, ids,
		"two timeline charts per scenario, the kind first in their ids")
	page := rendered(t, htmlPageNamed(t, "skipped.report.html"))
	assert.Contains(t, page, "this result file has no timeline records", "an old file says why there is no timeline")
	assert.Contains(t, page, "this result file has no latency records", "and why there is no latency distribution")
}

// renderedPages caches each page's first render by golden name: go-echarts
// runs a regexp over the whole 1 MB page, which takes about half a second
// under the race detector, so the tests share renders.
var renderedPages sync.Map

// rendered returns p's page, rendering it on first use.
func rendered(t *testing.T, p htmlPage) string {
	t.Helper()
	if page, ok := renderedPages.Load(p.golden); ok {
		return page.(string)
	}
	var buf bytes.Buffer
	require.NoError(t, p.render(&buf), "rendering %s should succeed", p.golden)
	page, _ := renderedPages.LoadOrStore(p.golden, buf.String())
	return page.(string)
}

// htmlPageNamed returns the page of htmlPages with that golden name.
func htmlPageNamed(t *testing.T, golden string) htmlPage {
	t.Helper()
	for _, p := range htmlPages(t) {
		if p.golden == golden {
			return p
		}
	}
	t.Fatalf("no page %s", golden)
	return htmlPage{}
}

// mustCharts returns a function that fails t on a chart-listing error.
func mustCharts(t *testing.T) func([]pageChart, error) []pageChart {
	return func(pcs []pageChart, err error) []pageChart {
		t.Helper()
		require.NoError(t, err, "listing the charts should succeed")
		return pcs
	}
}

func TestWriteHTMLGolden(t *testing.T) {
	for _, tt := range htmlPages(t) {
		t.Run(tt.name, func(t *testing.T) {
			got := elideECharts(t, rendered(t, tt))

			golden := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644), "writing %s", golden)
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "golden %s should exist (run go test -update)", golden)
			assert.Equal(t, string(want), got, "page should match %s (with echarts.min.js elided)", golden)
		})
	}
}

func TestWriteHTMLDeterministic(t *testing.T) {
	for _, tt := range htmlPages(t) {
		t.Run(tt.name, func(t *testing.T) {
			first := rendered(t, tt)
			var again bytes.Buffer
			require.NoError(t, tt.render(&again), "rendering again should succeed")
			assert.True(t, first == again.String(), "two renders of the same input should be byte-identical")
		})
	}
}

var (
	scriptSrc   = regexp.MustCompile(`(?is)<script\b[^>]*\bsrc\s*=`)
	linkHref    = regexp.MustCompile(`(?is)<link\b[^>]*\bhref\s*=`)
	remoteAsset = regexp.MustCompile(`(?is)<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//`)
)

func TestWriteHTMLOffline(t *testing.T) {
	for _, tt := range htmlPages(t) {
		t.Run(tt.name, func(t *testing.T) {
			page := rendered(t, tt)
			assert.Empty(t, remoteAsset.FindAllString(page, -1), "no http:// or https:// script or stylesheet reference")
			assert.Empty(t, scriptSrc.FindAllString(page, -1), "no <script src=> at all: everything is inline")
			assert.Empty(t, linkHref.FindAllString(page, -1), "no <link href=> at all: everything is inline")
			assert.NotContains(t, page, "go-echarts.github.io", "the default go-echarts assets host should not appear")
		})
	}
}

func TestWriteHTMLInlinesECharts(t *testing.T) {
	require.Len(t, echartsJS, echartsSize, "embedded assets/echarts.min.js should be the npm echarts@%s dist file", echartsVersion)
	assert.Contains(t, echartsJS, `version="`+echartsVersion+`"`, "embedded ECharts should be the version go-echarts targets")
	assert.NotContains(t, strings.ToLower(echartsJS), "</script", "ECharts must not close its inline <script> early")
	assert.NotContains(t, echartsNotice, "*/", "the NOTICE goes into a JavaScript comment")
	assert.Contains(t, echartsNotice, "Apache ECharts", "the NOTICE should be ECharts'")

	page := rendered(t, htmlPageNamed(t, "skipped.report.html"))
	assert.Equal(t, 1, strings.Count(page, "<script>/*\n"+echartsNotice+"*/\n"+echartsJS+"</script>"),
		"the page should hold the ECharts NOTICE and script in one inline <script>")
	assert.Greater(t, len(page), echartsSize, "the page should be larger than the inlined script")
	head, _, found := strings.Cut(page, "</head>")
	require.True(t, found, "the page should have a </head>")
	assert.Contains(t, head, echartsJS, "ECharts should be in <head>, before the charts' scripts")
}

func TestWriteHTMLContents(t *testing.T) {
	page := elideECharts(t, rendered(t, htmlPageNamed(t, "skipped.report.html")))

	tests := []struct {
		name string
		want string
	}{
		{name: "page title", want: "<title>batchlab report: cpu AMD EPYC, go go1.26.8, gomaxprocs 2, delay 200ms, count 6, commit f3fe4e1127f9, status complete</title>"},
		{name: "source", want: `<p class="sources">../testdata/skipped.txt</p>`},
		{name: "cpu setting", want: "<tr><th>cpu</th><td>AMD EPYC</td></tr>"},
		{name: "delay setting", want: "<tr><th>delay</th><td>200ms</td></tr>"},
		{name: "transport setting", want: "<tr><th>transport</th><td>http1</td></tr>"},
		{name: "commit setting", want: "<tr><th>commit</th><td>f3fe4e1127f9</td></tr>"},
		{name: "other settings", want: `<tr class="secondary"><th>numcpu</th><td>2</td></tr>`},
		{name: "skipped cell listed", want: "<li>sequential(1) at 1,000 entries: 200 s " + reports.PredictedMark + "</li>"},
		{name: "table header", want: `<th>Method</th><th class="r">NumEntries</th><th class="r">Mean</th>`},
		{name: "details column", want: `<th class="r detail">Ideal</th>`},
		{name: "table row", want: `<tr class="measured"><td>batches(250)</td><td class="r">1000</td><td class="r">828.5 ms</td>`},
		{name: "seed row", want: `<tr class="seed"><td>` + reports.SeedMethod + `</td>`},
		{name: "predicted row", want: `<tr class="skipped"><td>sequential(1)</td>`},
		{name: "verdict", want: `<p class="best">use unbounded(20000): the fastest that lost no entry, 818 ms (4.09× its ideal), peak heap 158 MiB.</p>`},
		{name: "contents", want: `<li><a href="#scenario-1">scenario: steady</a>: <a href="#table-1">table</a> · <a href="#time">Mean time per operation vs entries</a>`},
		{name: "chart container, kind first", want: `<figure class="chart" id="time-ratio">`},
		{name: "back to top", want: `<figcaption><a href="#top">↑ top</a></figcaption>`},
		{name: "table note", want: "Go&#39;s collector has one generation"},
		{name: "code span in notes", want: "<code>" + reports.SeedSource + "</code>"},
		{name: "fixed chart id", want: `<div class="item" id="chart_time_ratio"`},
		{name: "whisker series", want: `"type":"custom"`},
		{name: "dashed ideal", want: `"name":"batches(250) ideal"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, page, tt.want, "page should contain %q", tt.want)
		})
	}
	assert.NotRegexp(t, `\bNaN\b|\bInf\b`, page, "chart data should hold no NaN or Inf (JSON cannot encode them)")
	assert.Equal(t, 9, strings.Count(page, `class="item"`), "nine chart containers: memory twice, no GC chart")
	assert.Equal(t, 9, strings.Count(page, `<figure class="chart"`), "each in its figure")
	assert.Contains(t, page, "no entry failed in any cell of this scenario, so there is no failures chart", "one line says why the failures chart is absent")
	verdict, settings, contents := strings.Index(page, `id="verdict"`), strings.Index(page, `id="settings"`), strings.Index(page, `id="contents"`)
	assert.True(t, verdict < contents && contents < settings, "the verdict first, then the contents; the settings below")
	assert.Contains(t, page, "the collector ran at most once per run in every cell, so there is no GC chart", "one line says why the GC chart is absent")
}

func TestReportCharts(t *testing.T) {
	run := loadHTMLTestdata(t, "skipped.txt")
	pcs := mustCharts(t)(reportCharts(run))
	var ids []string
	for _, pc := range pcs {
		ids = append(ids, pc.id)
	}
	assert.Equal(t, []string{"time", "time_ratio", "goodput", "latency_percentiles_1000", "latency_percentiles_10000", "latency_percentiles_20000",
		"alloc", "memory_heap", "memory_goroutines"}, ids, "charts in page order, kind first, one latency chart per measured size; no failures or GC chart")

	measured := []string{"unbounded(n)", "batches(250)", "workerpool(250)", "semaphore(250)"}
	for _, pc := range pcs {
		for _, s := range measured {
			assert.Contains(t, pc.series, s, "chart %s should have a series for %s", pc.id, s)
		}
		for _, s := range pc.series {
			assert.NotContains(t, s, "sequential", "chart %s: skipped cells are not drawn", pc.id)
		}
	}
	assert.Equal(t, []string{"unbounded(n)", "unbounded(n) ideal", "batches(250)", "batches(250) ideal",
		"workerpool(250)", "workerpool(250) ideal", "semaphore(250)", "semaphore(250) ideal"}, pcs[0].series,
		"time chart: a mean series (with its whiskers) and an ideal series per strategy")
}

func TestCompareCharts(t *testing.T) {
	pcs := mustCharts(t)(comparePageCharts(loadHTMLTestdata(t, "quick.txt"), loadHTMLTestdata(t, "skipped.txt")))
	var ids []string
	for _, pc := range pcs {
		ids = append(ids, pc.id)
	}
	assert.Equal(t, []string{"time", "alloc", "memory_gc", "goodput", "time_ratio"}, ids, "comparison charts in page order")
	want := []string{"sequential(1) (old)", "unbounded(n) (old)", "unbounded(n) (new)", "batches(250) (old)", "batches(250) (new)",
		"workerpool(250) (old)", "workerpool(250) (new)", "semaphore(250) (old)", "semaphore(250) (new)"}
	for _, pc := range pcs {
		assert.Equal(t, want, pc.series, "chart %s: each strategy of each run, old before new; sequential is skipped in the new run", pc.id)
	}
}

func TestStrategyLabel(t *testing.T) {
	tests := []struct {
		name  string
		cells []reports.Cell
		want  string
	}{
		{name: "one concurrency", cells: []reports.Cell{{Strategy: "batches", Concurrency: 250, Entries: 1000}, {Strategy: "batches", Concurrency: 250, Entries: 20000}}, want: "batches(250)"},
		{name: "concurrency = entries", cells: []reports.Cell{{Strategy: "unbounded", Concurrency: 1000, Entries: 1000}, {Strategy: "unbounded", Concurrency: 20000, Entries: 20000}}, want: "unbounded(n)"},
		{name: "single cell", cells: []reports.Cell{{Strategy: "unbounded", Concurrency: 1000, Entries: 1000}}, want: "unbounded(1000)"},
		{name: "mixed", cells: []reports.Cell{{Strategy: "pool", Concurrency: 10, Entries: 1000}, {Strategy: "pool", Concurrency: 20, Entries: 1000}}, want: "pool(varies)"},
		{name: "markup replaced", cells: []reports.Cell{{Strategy: "</script>", Concurrency: 1, Entries: 1}}, want: "‹/script›(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, strategyLabel(tt.cells), "strategyLabel(%v)", tt.cells)
		})
	}
}

func TestWriteHTMLErrors(t *testing.T) {
	run := loadHTMLTestdata(t, "quick.txt")
	// The page is rendered in memory and written once.
	assert.ErrorIs(t, WriteHTML(failWriter{}, run), errFail, "WriteHTML should return the writer's error")
	assert.ErrorIs(t, WriteCompareHTML(failWriter{}, run, run), errFail, "WriteCompareHTML should return the writer's error")
	var buf bytes.Buffer
	assert.Error(t, WriteHTML(&buf, nil), "WriteHTML(nil) should fail")
	assert.Error(t, WriteCompareHTML(&buf, run, nil), "WriteCompareHTML(run, nil) should fail")
}

func TestLogWorthy(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   bool
	}{
		{name: "none", values: nil, want: false},
		{name: "narrow spread", values: []float64{1.01, 4.09}, want: false},
		{name: "tenfold", values: []float64{0.5, 5}, want: true},
		{name: "wide spread", values: []float64{0.22, 16.5}, want: true},
		{name: "zero", values: []float64{0, 1000}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, logWorthy(tt.values), "logWorthy(%v)", tt.values)
		})
	}
}

// chartOption returns the option object literal of chart id in page.
func chartOption(t *testing.T, page, id string) string {
	t.Helper()
	start := strings.Index(page, "let option_"+id+" = ")
	require.GreaterOrEqual(t, start, 0, "chart %s should be in the page", id)
	end := strings.Index(page[start:], "\n")
	require.Greater(t, end, 0, "chart %s's option should end its line", id)
	return page[start : start+end]
}

func TestWriteHTMLSweep(t *testing.T) {
	page := elideECharts(t, rendered(t, htmlPageNamed(t, "sweep.report.html")))
	for _, want := range []string{
		`<h3>Sweep: workerpool at 20,000 entries</h3>`,
		`<p class="recommendation">use workerpool at width 500: 8.10 s; wider adds 429s (1000: 9,850 failed per run), narrower adds time (200: 20.2 s).</p>`,
		`<p class="rule">Knee rule: the recommended width is the narrowest whose mean time is within 5 % of the fastest`,
		`<li>adaptive(20000): 8.61 s (&#43;6.3 % vs width 500), 206 failed per run (429)</li>`,
	} {
		assert.Contains(t, page, want, "the sweep's text above its charts")
	}
	// The text comes right before the sweep's first chart.
	text := strings.Index(page, `<section class="sweep">`)
	chart := strings.Index(page, `<div class="item" id="chart_sweep_1_time"`)
	assert.True(t, text >= 0 && text < chart && !strings.Contains(page[text:chart], `class="item"`), "the sweep text precedes its time chart directly")

	timeOpt := chartOption(t, page, "chart_sweep_1_time")
	assert.Contains(t, timeOpt, `"markLine":{"data":[{"name":"knee","xAxis":500}]`, "the knee is marked at width 500 (best is the knee)")
	assert.Contains(t, timeOpt, `"data":[{"value":[100,40.42]},{"value":[200,20.197]},{"value":[500,8.1033]},{"value":[1000,4.3133]},{"value":[2000,2.21]}]`, "mean time at each width")
	assert.Contains(t, timeOpt, `{"name":"fails more than the least-failing width","type":"scatter","symbol":"emptyCircle","symbolSize":16,"data":[{"value":[1000,4.3133]},{"value":[2000,2.21]}]`, "the ineligible widths are ringed")
	assert.Contains(t, timeOpt, `{"name":"adaptive(20000): 8.61 s","type":"line"`, "adaptive is a reference line named with its time")
	assert.Contains(t, timeOpt, `"data":[{"value":[100,8.61]},{"name":"adaptive(20000): 8.61 s","value":[2000,8.61]}]`, "horizontal across the widths, labelled at its end")
	assert.Contains(t, timeOpt, `{"name":"unbounded(20000): 630 ms","type":"line"`, "unbounded is a reference line")
	assert.Contains(t, timeOpt, `"xAxis":[{"type":"log","name":"width (concurrency, log scale)"`, "widths spanning 20× get a log axis")
	assert.NotContains(t, timeOpt, "workerpool(", "the other workerpool widths are no reference lines")

	failOpt := chartOption(t, page, "chart_sweep_1_failures")
	assert.Contains(t, failOpt, `{"name":"429","type":"bar","stack":"failures","data":[{"value":0},{"value":0},{"value":0},{"value":9850},{"value":15007}]`,
		"429s per run at each width, stacked by class")
	assert.Contains(t, failOpt, `"xAxis":[{"type":"category","name":"width (concurrency)","nameLocation":"middle","nameGap":30,"data":["100","200","500","1000","2000"]}]`, "one bar per width")

	limitOpt := chartOption(t, page, "chart_limit_1")
	assert.Contains(t, limitOpt, `"text":"adaptive: in-flight limit over time"`, "the limit chart's title")
	assert.Contains(t, limitOpt, `time-weighted mean limit 471.2, final 499.7`, "limit-mean and limit-final in the subtitle")
	for _, rep := range []string{"rep 0", "rep 1", "rep 2"} {
		assert.Contains(t, limitOpt, `{"name":"`+rep+`","type":"line","step":"end"`, "one step line per repetition")
	}
	assert.Contains(t, limitOpt, `"data":[{"value":[0,20]},{"value":[0.205,40]},{"value":[0.41,80]}`, "the trace's points")

	assert.Contains(t, page, "<th class=\"r detail\">"+reports.LimitColumn+"</th>", "the table has the limit column")
	assert.NotContains(t, page, "* workerpool at", "the table's sweep lines are not repeated under the HTML table")
}

func TestWriteHTMLScenarios(t *testing.T) {
	page := elideECharts(t, rendered(t, htmlPageNamed(t, "scenarios.report.html")))
	for i, sc := range []struct {
		name    string
		entries string
	}{{"steady", "5,000"}, {"limited", "5,000"}, {"flaky", "1,000"}} {
		assert.Contains(t, page, `<li><a href="#scenario-`+strconv.Itoa(i+1)+`">scenario: `+sc.name+`</a>: <a href="#table-`+strconv.Itoa(i+1)+`">table</a>`, "the contents link to %s's section and table", sc.name)
		assert.Contains(t, page, `<h3><a href="#scenario-`+strconv.Itoa(i+1)+`">`+sc.name+`</a>, at `+sc.entries+` entries</h3>`, "the verdict links to %s's section, at its largest size", sc.name)
	}
	var headings []int
	for i, sc := range []string{"steady", "limited", "flaky"} {
		h := strings.Index(page, `<h2 class="scenario" id="scenario-`+strconv.Itoa(i+1)+`">scenario: `+sc+`</h2>`)
		require.GreaterOrEqual(t, h, 0, "a heading for %s", sc)
		headings = append(headings, h)
		table := strings.Index(page[h:], `<div class="scroll" id="table-`+strconv.Itoa(i+1)+`">`)
		first := strings.Index(page[h:], `<figure class="chart" id="`)
		require.Greater(t, first, 0, "%s has charts", sc)
		assert.True(t, table > 0 && table < first, "%s's table stands right under its heading, before its charts", sc)
		assert.Regexp(t, `^<figure class="chart" id="[a-z0-9-]+-s`+strconv.Itoa(i+1)+`">`, page[h+first:], "the charts after the %s heading are its own", sc)
	}
	assert.True(t, slices.IsSorted(headings), "sections in the order of the file")
	assert.NotContains(t, page, `<tr class="secondary"><th>scenario</th>`, "the scenario is not a run-wide setting")
	assert.Contains(t, page, "<li>sequential(1) at 5,000 entries in limited: 1,000 s "+reports.PredictedMark+"</li>", "skipped cells name their scenario")

	// Each section draws its own scenario's figures.
	steady, limited := chartOption(t, page, "chart_time_s1"), chartOption(t, page, "chart_time_s2")
	assert.Contains(t, steady, `"data":[{"value":[1000,0.222]},{"value":[5000,0.265]}]`, "steady's unbounded")
	assert.Contains(t, limited, `"data":[{"value":[1000,0.23]},{"value":[5000,0.399]}]`, "limited's unbounded")
	assert.NotContains(t, limited, "0.265", "no steady figure in the limited section")
	assert.Contains(t, chartOption(t, page, "chart_limit_1_s2"), `adaptive(5000) at 5,000 entries; time-weighted mean limit 452.5`, "the limit chart at the largest size")
	assert.Contains(t, page, `<p class="recommendation">use workerpool at width 500: 415 ms, 103 failed per run (5xx); narrower adds time (250: 825 ms).</p>`, "flaky's sweep")
	assert.Contains(t, chartOption(t, page, "chart_sweep_1_failures_s3"), `{"name":"5xx","type":"bar","stack":"failures","data":[{"value":103},{"value":103},{"value":103}]`,
		"flaky fails the same entries at every width")
	assert.NotContains(t, chartOption(t, page, "chart_sweep_1_time_s3"), `"type":"scatter"`, "every flaky width is eligible: none ringed")
}

// A strategy measured at several widths at one size is drawn per width.
func TestHTMLStrategiesPerWidth(t *testing.T) {
	var labels []string
	for _, s := range pageStrategies(loadHTMLTestdata(t, "sweep.txt")) {
		labels = append(labels, s.label)
	}
	assert.Equal(t, []string{"workerpool(100)", "workerpool(200)", "workerpool(500)", "workerpool(1000)", "workerpool(2000)",
		"adaptive(20000)", "unbounded(20000)", "sequential(1)"}, labels, "one series per workerpool width")

	pcs := mustCharts(t)(reportCharts(loadHTMLTestdata(t, "sweep.txt")))
	var ids []string
	for _, pc := range pcs {
		ids = append(ids, pc.id)
	}
	assert.Equal(t, []string{"sweep_1_time", "sweep_1_failures", "time", "time_ratio", "failures", "goodput", "limit_1",
		"latency_percentiles_2000", "latency_percentiles_20000", "alloc", "memory_heap", "memory_goroutines", "memory_gc"}, ids,
		"the sweep first; time, then what it cost in failures; then how the calls went, latency and memory")
	assert.Equal(t, []string{"workerpool", "fails more than the least-failing width", "adaptive(20000): 8.61 s", "unbounded(20000): 630 ms"},
		pcs[0].series, "the sweep time chart: the sweep, the ineligible widths, the reference lines")
	assert.Equal(t, []string{"429"}, pcs[1].series, "one stacked series per failure class")
	assert.Equal(t, []string{"rep 0", "rep 1", "rep 2"}, pcs[6].series, "the limit chart: the first three repetitions")
}

// TestNoRatioChart checks that a scenario whose strategies have no ideal
// model (only adaptive ones) gets a line saying why, not an empty frame.
func TestNoRatioChart(t *testing.T) {
	run := loadHTMLTestdata(t, "scenarios.txt")
	require.True(t, hasRatio(run), "scenarios.txt has pools with an ideal")
	var adaptive []reports.Cell
	for _, c := range run.Cells {
		if c.Strategy == "adaptive" {
			adaptive = append(adaptive, c)
		}
	}
	require.NotEmpty(t, adaptive, "scenarios.txt should hold adaptive cells")
	run.Cells = adaptive
	assert.False(t, hasRatio(run), "adaptive cells have no ideal, so no ratio")
	pcs, tail := scenarioCharts(run, "", "", nil)
	for _, pc := range pcs {
		assert.NotContains(t, pc.id, "ratio", "no ratio chart for cells with no ideal")
		tail = append(tail, pc.notes...)
	}
	assert.Contains(t, strings.Join(tail, "\n"), "no strategy here has an ideal model", "one line says why the ratio chart is absent")
}
