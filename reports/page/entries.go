package page

import (
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"batchlab/benchfile"
	"batchlab/reports"
)

// percentiles are the entry-latency units of the latency charts, with
// their axis labels.
var percentiles = []struct{ unit, label string }{
	{benchfile.UnitP50, "p50"}, {benchfile.UnitP90, "p90"}, {benchfile.UnitP99, "p99"}, {benchfile.UnitMax, "max"},
}

// cellBytesPerEntry is the mean B/entry, or B/op ÷ entries without it.
func cellBytesPerEntry(c reports.Cell) float64 {
	if v := sampleMean(c, benchfile.UnitBytesEntry); !math.IsNaN(v) {
		return v
	}
	if c.Entries == 0 {
		return math.NaN()
	}
	return c.AllocBytesPerOp / float64(c.Entries)
}

// cellGoodput is the succeeded entries per second: mean succeeded/op ÷
// mean sec/op. Unlike entries/sec it does not count an entry that failed
// fast as work done.
func cellGoodput(c reports.Cell) float64 {
	ok := sampleMean(c, benchfile.UnitSucceeded)
	if math.IsNaN(ok) || c.Time.Mean == 0 {
		return math.NaN()
	}
	return ok / c.Time.Mean
}

// entriesMetric is a chart of one figure per cell against entries.
type entriesMetric struct {
	kind, what             string // the chart's id is kind_what_<scenario>
	title, subtitle, yName string
	log                    bool // logarithmic y axis when the figures are positive and span ≥ 10×
	value                  func(reports.Cell) float64
	whiskers               func(reports.Cell) (lo, hi float64, ok bool) // nil: none
	ideal                  bool                                         // add each strategy's ideal-sec/op, dashed
}

// The charts against entries, in page order around the latency charts.
var (
	metricTime = entriesMetric{
		kind: kindTime, title: "Mean time per operation vs entries",
		subtitle: "mean over the runs; whiskers: fastest–slowest run; dashed: the strategy's ideal time (ideal-sec/op)",
		yName:    "seconds per operation", log: true,
		value: func(c reports.Cell) float64 { return c.Time.Mean }, whiskers: cellTimeRange, ideal: true,
	}
	metricAlloc = entriesMetric{
		kind: kindAlloc, title: "Allocated bytes per entry vs entries",
		subtitle: "mean over the runs of B/entry (bytes allocated per operation ÷ entries)",
		yName:    "bytes per entry (B)",
		value:    cellBytesPerEntry,
	}
	metricGC = entriesMetric{
		kind: kindMemory, what: "gc", title: "GC cycles per run vs entries",
		subtitle: "mean over the runs of gc-cycles/op; one operation processes all the entries",
		yName:    "GC cycles per operation",
		value:    func(c reports.Cell) float64 { return sampleMean(c, benchfile.UnitGCCycles) },
	}
	metricHeap = entriesMetric{
		kind: kindMemory, what: "heap", title: "Peak heap vs entries",
		subtitle: "mean over the runs of peak-heap-B, the client's largest live heap (sampled every 5 ms): memory that grows with n is kept per entry",
		yName:    "peak live heap (MiB)", log: true,
		value: func(c reports.Cell) float64 { return sampleMean(c, benchfile.UnitPeakHeap) / (1 << 20) },
	}
	metricGoroutines = entriesMetric{
		kind: kindMemory, what: "goroutines", title: "Peak goroutines vs entries",
		subtitle: "mean over the runs of peak-goroutines, the client's largest goroutine count: a goroutine per entry grows with n, a pool with its width",
		yName:    "peak goroutines", log: true,
		value: func(c reports.Cell) float64 { return sampleMean(c, benchfile.UnitPeakGoroutines) },
	}
	metricGoodput = entriesMetric{
		kind: kindGoodput, title: "Goodput: succeeded entries per second vs entries",
		subtitle: "mean succeeded/op ÷ mean sec/op: an entry refused in a millisecond is not work done",
		yName:    "succeeded entries per second", log: true,
		value: cellGoodput,
	}
	metricRatio = entriesMetric{
		kind: kindTime, what: "ratio", title: "Ratio to ideal vs entries",
		subtitle: "mean time ÷ ideal time, as in the table; 1 is the ideal",
		yName:    "mean ÷ ideal", log: true,
		value: reports.Cell.RatioToIdeal,
	}
)

// runSeries is one run drawn on a chart.
type runSeries struct {
	run    *reports.Run
	suffix string // appended to series names: "" or " (old)" / " (new)"
	old    bool   // dotted line, hollow markers
}

// entriesChart draws m for every strategy of every run in rs: a line of the
// figure against entries, and with m.whiskers the min–max whiskers and with
// m.ideal the strategy's ideal time, dashed, in the strategy's colour.
func entriesChart(m entriesMetric, suffix string, rs []runSeries, strategies []pageStrategy) pageChart {
	id := chartID(m.kind, m.what, suffix)

	// Gather the finite figures first: they decide the y axis.
	type lineSeries struct {
		s              pageStrategy
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
				if m.ideal && finite(c.IdealSec) && !c.Adaptive() { // no model applies to an adaptive limit
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
	sizes := map[float64]bool{}
	for _, ls := range all {
		for _, p := range ls.points {
			sizes[p[0]] = true
		}
	}
	if len(sizes) == 1 {
		// One size (a scenario or sweep run): a line against entries would
		// be a column of dots; bars compare the strategies.
		bars := make([]barSeries, len(all))
		for i, ls := range all {
			bars[i] = barSeries{name: ls.name, color: ls.s.color, value: ls.points[0][1], entries: ls.points[0][0]}
		}
		return strategyBars(id, m, bars)
	}

	line := charts.NewLine()
	line.SetGlobalOptions(chartOpts(id, m.title, m.subtitle, chartHeight)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "entries (n)", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: yType, Name: yName, NameLocation: "middle", NameGap: 65}),
	)
	pc := pageChart{id: id, kind: m.kind, title: m.title, chart: line}
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
				RenderItem: opts.FuncOpts(whiskerJS),
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

// percentilesChart draws the entry-latency percentiles at n entries: one
// group of bars per percentile, one bar per strategy, in milliseconds.
func percentilesChart(run *reports.Run, n int, suffix string, strategies []pageStrategy) pageChart {
	id := chartID(kindLatency, "percentiles", strconv.Itoa(n), suffix)
	title := "Entry latency percentiles at " + formatNumber(float64(n), 0) + " entries"
	bar := charts.NewBar()
	bar.SetGlobalOptions(chartOpts(id, title,
		"each run's percentile of its entries' latencies, mean over the runs",
		shortHeight)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "percentile", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "entry latency (ms)", NameLocation: "middle", NameGap: 65}),
	)
	labels := make([]string, len(percentiles))
	for i, p := range percentiles {
		labels[i] = p.label
	}
	bar.SetXAxis(labels)
	pc := pageChart{id: id, kind: kindLatency, title: title, chart: bar}
	for _, s := range strategies {
		for _, c := range measuredCells(run, s) {
			if c.Entries != n {
				continue
			}
			data := make([]opts.BarData, len(percentiles))
			drawn := false
			for i, p := range percentiles {
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

// barLabelJS labels a bar with its value to three significant digits.
const barLabelJS = `function (p) { return String(+p.value.toPrecision(3)); }`

// barSeries is one strategy's bar in a one-size chart.
type barSeries struct {
	name, color    string
	value, entries float64
}

// strategyBars draws m at one size as one bar per strategy, each its own
// series so it keeps its colour and its legend entry.
func strategyBars(id string, m entriesMetric, bars []barSeries) pageChart {
	bar := charts.NewBar()
	title := strings.TrimSuffix(m.title, " vs entries")
	subtitle, _, _ := strings.Cut(m.subtitle, ";") // bars have no whiskers or ideal lines
	if len(bars) > 0 {
		title += " at " + formatNumber(bars[0].entries, 0) + " entries"
	}
	// Bars on a log axis grow from 1, not from the axis: a linear axis
	// shows their lengths as they are.
	y := opts.YAxis{Type: "value", Name: m.yName, NameLocation: "middle", NameGap: 65}
	bar.SetGlobalOptions(chartOpts(id, title, subtitle, chartHeight)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "strategy", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(y),
	)
	bar.SetXAxis([]string{""})
	pc := pageChart{id: id, kind: m.kind, title: title, chart: bar}
	for _, b := range bars {
		// Each bar carries its figure: 1.01 and 1.03 look alike as lengths.
		bar.AddSeries(b.name, []opts.BarData{{Value: b.value}}, charts.WithItemStyleOpts(opts.ItemStyle{Color: b.color}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Formatter: string(opts.FuncOpts(barLabelJS))}))
		pc.series = appendName(pc.series, b.name)
		pc.colors = appendName(pc.colors, b.color)
	}
	bar.ClearPresetJSAssets()
	bar.ClearPresetCSSAssets()
	return pc
}
