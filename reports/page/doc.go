// Package page renders batchlab result files, read by package reports, as
// one self-contained HTML page: report.html for a run ([WriteHTML], or
// [WriteFiles] beside table.md) and compare.html for two ([WriteCompareHTML]).
//
// # What the page shows
//
// A report opens on the verdict (id "verdict", from [reports.Verdicts]):
// per scenario, the fastest strategy that lost no more entries than the
// fewest any lost, with its time against the ideal and its peak heap; the
// strategies that were faster only by losing entries, with how many and of
// which class; the sweeps' recommendations. A contents list follows, then,
// for a run with several scenarios, a strategies × scenarios grid of time
// (against each scenario's pick) and of failures. Each scenario has a
// section with its table — the table model of [reports.Tables], which
// table.md renders too — and its charts, chosen by the shape of the run:
//
//   - every run: failed entries per run by class (or one line saying none
//     failed), goodput (succeeded entries per second), the timeline (calls
//     in flight and completed over the first repetition of each cell) and
//     the latency distribution (a CDF per strategy) beside the
//     p50/p90/p99/max percentiles; a file older than the timeline and
//     latency records gets one line saying why those charts are absent;
//   - several sizes: time against entries with the ideal dashed, allocated
//     bytes per entry, and memory against entries (peak heap, peak
//     goroutines); one size (scenarios, sweeps): one bar per strategy;
//   - a GC chart only when the collector ran more than once per run;
//   - sweeps: time and failures against width, the knee marked; adaptive
//     strategies: their limit over time.
//
// A logarithmic axis is used only when the values span a factor of ten,
// and says so. Every strategy keeps one colour on the whole page, and no two
// series of a page share a colour.
//
// # Ids
//
// Every chart sits in a <figure> whose id begins with the chart's kind —
// time-, memory-, alloc-, failures-, goodput-, timeline-, latency-, grid-,
// sweep-, limit- — then what it shows and, in a run with several scenarios,
// the scenario's section ("-s2"): "time-ratio-s2". The go-echarts element
// inside has the same id with "_" for "-" and a "chart_" prefix, as
// go-echarts makes it a script variable. Scenario sections are
// "scenario-<i>", their tables "table-<i>"; the top of the page is "top",
// and every chart has a link back to it. compare.html opens on a delta
// table, id "delta".
//
// # How it is built
//
// Each chart is go-echarts v2 with a fixed ChartID; its RenderSnippet()
// (element and script) is placed by the package's own html/template,
// page.tmpl, embedded with go:embed with its style sheet page.css. The page
// needs no network: it has no <script src> and no <link href>, and the
// ECharts library, assets/echarts.min.js, is inlined in <head> with its
// NOTICE. The same input gives byte-identical output.
//
// The inlined file is dist/echarts.min.js of the npm package echarts, at the
// version go-echarts targets (5.4.3 for go-echarts v2.6.7), kept with its
// Apache-2.0 LICENSE-echarts and NOTICE-echarts. To update it, take the
// version the new go-echarts documents and run
//
//	npm pack echarts@5.4.3
//	tar -xzf echarts-5.4.3.tgz
//	cp package/dist/echarts.min.js reports/page/assets/echarts.min.js
//	cp package/LICENSE reports/page/assets/LICENSE-echarts
//	cp package/NOTICE reports/page/assets/NOTICE-echarts
//
// then change echartsVersion and echartsSize in template.go, and regenerate
// the golden pages with go test ./reports/page -run Golden -update.
package page
