package page

import (
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"batchlab/reports"
)

// timelineCharts draws, at the largest size with timelines, each
// strategy's calls in flight over its first timed repetition (batches'
// sawtooth, a pool's flat line, adaptive's ramp, unbounded's spike) and the
// entries completed over it. ok is false when run has no timeline: a file
// written before they were recorded.
func timelineCharts(run *reports.Run, suffix string, strategies []pageStrategy) ([]pageChart, bool) {
	largest := 0
	for _, c := range run.Cells {
		if len(c.Timelines) > 0 {
			largest = max(largest, c.Entries)
		}
	}
	if largest == 0 {
		return nil, false
	}
	inflight := timelineChart(chartID(kindTimeline, "inflight", suffix), "Calls in flight over time at "+formatNumber(float64(largest), 0)+" entries",
		"the first repetition of each strategy, sampled on a fixed tick", "calls in flight")
	completed := timelineChart(chartID(kindTimeline, "completed", suffix), "Entries completed over time at "+formatNumber(float64(largest), 0)+" entries",
		"succeeded or failed, the first repetition of each strategy: the slope is the rate", "entries completed")
	for _, c := range run.Cells {
		if c.Entries != largest || len(c.Timelines) == 0 {
			continue
		}
		color := colorOf(strategies, c.Strategy, c.Concurrency)
		name := safe.Replace(c.Method())
		in := make([][]float64, len(c.Timelines[0].Points))
		done := make([][]float64, len(c.Timelines[0].Points))
		for i, p := range c.Timelines[0].Points {
			in[i] = []float64{sig5(p.At.Seconds()), float64(p.InFlight)}
			done[i] = []float64{sig5(p.At.Seconds()), float64(p.Completed)}
		}
		for _, s := range []struct {
			pc  *pageChart
			pts [][]float64
		}{{&inflight, in}, {&completed, done}} {
			s.pc.chart.(*charts.Line).AddSeries(name, lineData(s.pts),
				charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 1.5}))
			s.pc.series = appendName(s.pc.series, name)
			s.pc.colors = appendName(s.pc.colors, color)
		}
	}
	return []pageChart{inflight, completed}, true
}

func timelineChart(id, title, subtitle, yName string) pageChart {
	line := charts.NewLine()
	line.SetGlobalOptions(chartOpts(id, title, subtitle, shortHeight)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "seconds since the repetition started", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName, NameLocation: "middle", NameGap: 65}),
	)
	line.ClearPresetJSAssets()
	line.ClearPresetCSSAssets()
	return pageChart{id: id, kind: kindTimeline, title: title, chart: line}
}

// timelineNote and latencyNote say why a scenario has no timeline or no
// latency distribution.
const (
	timelineNote = "Timeline: this result file has no timeline records (written before batchlab recorded them), so there is no chart of calls over time."
	latencyNote  = "Latency distribution: this result file has no latency records (written before batchlab recorded them), so only the percentiles are drawn."
)

// cdfChart draws, at the largest size with latency records, each
// strategy's entry-latency distribution in its first timed repetition: the
// fraction of entries that took at most each latency. ok is false without
// latency records.
func cdfChart(run *reports.Run, suffix string, strategies []pageStrategy) (pageChart, bool) {
	largest := 0
	for _, c := range run.Cells {
		if len(c.Latency) > 0 {
			largest = max(largest, c.Entries)
		}
	}
	if largest == 0 {
		return pageChart{}, false
	}
	id := chartID(kindLatency, "cdf", suffix)
	title := "Entry latency distribution at " + formatNumber(float64(largest), 0) + " entries"
	line := charts.NewLine()
	line.SetGlobalOptions(chartOpts(id, title,
		"the first repetition of each strategy: the share of its entries that took at most each latency", shortHeight)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "entry latency (ms)", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "share of entries", NameLocation: "middle", NameGap: 65, Max: 1}),
	)
	pc := pageChart{id: id, kind: kindLatency, title: title, chart: line}
	for _, c := range run.Cells {
		if c.Entries != largest || len(c.Latency) == 0 {
			continue
		}
		color := colorOf(strategies, c.Strategy, c.Concurrency)
		name := safe.Replace(c.Method())
		pts := make([][]float64, len(c.Latency[0].Points))
		for i, p := range c.Latency[0].Points {
			pts[i] = []float64{sig5(float64(p.Latency) / float64(time.Millisecond)), p.Quantile}
		}
		line.AddSeries(name, lineData(pts),
			charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 4, ShowSymbol: opts.Bool(true)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 1.5}))
		pc.series = appendName(pc.series, name)
		pc.colors = appendName(pc.colors, color)
	}
	line.ClearPresetJSAssets()
	line.ClearPresetCSSAssets()
	return pc, true
}
