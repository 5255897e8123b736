package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

func loadHTMLTestdata(t *testing.T, name string) *Run {
	t.Helper()
	run, err := LoadFile(filepath.Join("testdata", name))
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
	return []htmlPage{
		{name: "report, 6 runs per cell with skipped cells", golden: "skipped.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, skipped) }},
		{name: "report, quick run with every cell measured", golden: "quick.report.html",
			render: func(b *bytes.Buffer) error { return WriteHTML(b, quick) }},
		{name: "comparison, quick vs skipped", golden: "quick-vs-skipped.compare.html",
			render: func(b *bytes.Buffer) error { return WriteCompareHTML(b, quick, skipped) }},
	}
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
		{name: "page title", want: "<title>batchlab: cpu AMD EPYC, go go1.26.8, gomaxprocs 2, delay 200ms, count 6, commit f3fe4e1127f9, status complete</title>"},
		{name: "source", want: `<p class="sources">testdata/skipped.txt</p>`},
		{name: "cpu setting", want: "<tr><th>cpu</th><td>AMD EPYC</td></tr>"},
		{name: "delay setting", want: "<tr><th>delay</th><td>200ms</td></tr>"},
		{name: "transport setting", want: "<tr><th>transport</th><td>http1</td></tr>"},
		{name: "commit setting", want: "<tr><th>commit</th><td>f3fe4e1127f9</td></tr>"},
		{name: "other settings", want: `<tr class="secondary"><th>numcpu</th><td>2</td></tr>`},
		{name: "skipped cell listed", want: "<li>sequential(1) at 1,000 entries: 200.0 s " + PredictedMark + "</li>"},
		{name: "table header", want: `<th>Method</th><th class="r">NumEntries</th><th class="r">Mean</th>`},
		{name: "table row", want: `<tr><td>batches(250)</td><td class="r">1000</td><td class="r">828.5 ms</td>`},
		{name: "seed row", want: `<tr class="seed"><td>` + SeedMethod + `</td>`},
		{name: "predicted row", want: `<tr class="predicted"><td>sequential(1)</td>`},
		{name: "table note", want: "Go&#39;s collector has one generation"},
		{name: "code span in notes", want: "<code>" + SeedSource + "</code>"},
		{name: "fixed chart id", want: `id="chart_time"`},
		{name: "whisker series", want: `"type":"custom"`},
		{name: "dashed ideal", want: `"name":"batches(250) ideal"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, page, tt.want, "page should contain %q", tt.want)
		})
	}
	assert.NotRegexp(t, `\bNaN\b|\bInf\b`, page, "chart data should hold no NaN or Inf (JSON cannot encode them)")
	assert.Equal(t, 8, strings.Count(page, `class="item"`), "eight chart containers")
}

func TestReportCharts(t *testing.T) {
	run := loadHTMLTestdata(t, "skipped.txt")
	pcs := reportCharts(run)
	var ids []string
	for _, pc := range pcs {
		ids = append(ids, pc.id)
	}
	assert.Equal(t, []string{"chart_time", "chart_alloc", "chart_gc", "chart_latency_1000", "chart_latency_10000",
		"chart_latency_20000", "chart_throughput", "chart_ratio"}, ids, "charts in page order, one latency chart per measured size")

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
	pcs := compareCharts(loadHTMLTestdata(t, "quick.txt"), loadHTMLTestdata(t, "skipped.txt"))
	var ids []string
	for _, pc := range pcs {
		ids = append(ids, pc.id)
	}
	assert.Equal(t, []string{"cmp_time", "cmp_alloc", "cmp_gc", "cmp_throughput", "cmp_ratio"}, ids, "comparison charts in page order")
	want := []string{"sequential(1) (old)", "unbounded(n) (old)", "unbounded(n) (new)", "batches(250) (old)", "batches(250) (new)",
		"workerpool(250) (old)", "workerpool(250) (new)", "semaphore(250) (old)", "semaphore(250) (new)"}
	for _, pc := range pcs {
		assert.Equal(t, want, pc.series, "chart %s: each strategy of each run, old before new; sequential is skipped in the new run", pc.id)
	}
}

func TestStrategyLabel(t *testing.T) {
	tests := []struct {
		name  string
		cells []Cell
		want  string
	}{
		{name: "one concurrency", cells: []Cell{{Strategy: "batches", Concurrency: 250, Entries: 1000}, {Strategy: "batches", Concurrency: 250, Entries: 20000}}, want: "batches(250)"},
		{name: "concurrency = entries", cells: []Cell{{Strategy: "unbounded", Concurrency: 1000, Entries: 1000}, {Strategy: "unbounded", Concurrency: 20000, Entries: 20000}}, want: "unbounded(n)"},
		{name: "single cell", cells: []Cell{{Strategy: "unbounded", Concurrency: 1000, Entries: 1000}}, want: "unbounded(1000)"},
		{name: "mixed", cells: []Cell{{Strategy: "pool", Concurrency: 10, Entries: 1000}, {Strategy: "pool", Concurrency: 20, Entries: 1000}}, want: "pool(varies)"},
		{name: "markup replaced", cells: []Cell{{Strategy: "</script>", Concurrency: 1, Entries: 1}}, want: "‹/script›(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, strategyLabel(tt.cells), "strategyLabel(%v)", tt.cells)
		})
	}
}

func TestParseMarkdownTable(t *testing.T) {
	run := loadHTMLTestdata(t, "quick.txt")
	var md bytes.Buffer
	require.NoError(t, WriteTable(&md, run), "WriteTable should succeed")
	tbl := parseMarkdownTable(md.String())

	var header []string
	for _, c := range tbl.Header {
		header = append(header, c.Text)
	}
	assert.Equal(t, Columns, header, "header should be the table's columns")
	assert.False(t, tbl.Header[0].Right, "Method is left-aligned")
	assert.True(t, tbl.Header[1].Right, "NumEntries is right-aligned")
	tableLines := strings.Count(md.String(), "\n|")
	assert.Len(t, tbl.Rows, tableLines-2, "one row per table line after the header and separator")
	seeds := 0
	for _, r := range tbl.Rows {
		assert.Len(t, r.Cells, len(Columns), "every row has every column")
		if r.Class == "seed" {
			seeds++
		}
	}
	assert.Equal(t, len(Seed), seeds, "one seed row per documented size")
	assert.Len(t, tbl.Notes, strings.Count(notes, "\n"), "every note line")
}

func TestWriteHTMLErrors(t *testing.T) {
	run := loadHTMLTestdata(t, "quick.txt")
	// The page is rendered in memory and written once.
	assert.ErrorIs(t, WriteHTML(&failWriter{}, run), errFail, "WriteHTML should return the writer's error")
	assert.ErrorIs(t, WriteCompareHTML(&failWriter{}, run, run), errFail, "WriteCompareHTML should return the writer's error")
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
