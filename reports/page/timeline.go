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
	// Unbounded's spike of 20,000 would flatten a 250-wide pool's line and
	// batches' sawtooth to the floor of a linear axis: when the peaks span
	// a factor of ten, the in-flight axis is logarithmic, from 1.
	var peaks []float64
	for _, c := range run.Cells {
		if c.Entries == largest && len(c.Timelines) > 0 {
			peak := 1
			for _, p := range c.Timelines[0].Points {
				peak = max(peak, p.InFlight)
			}
			peaks = append(peaks, float64(peak))
		}
	}
	logInFlight := logWorthy(peaks)
	inflightSub, inflightName := "the first repetition of each strategy, sampled on a fixed tick", "calls in flight"
	if logInFlight {
		inflightSub, inflightName = inflightSub+"; log axis, where 0 is drawn at 1", "calls in flight (log scale)"
	}
	inflight := timelineChart(chartID(kindTimeline, "inflight", suffix), "Calls in flight over time at "+formatNumber(float64(largest), 0)+" entries",
		inflightSub, inflightName, logInFlight)
	completed := timelineChart(chartID(kindTimeline, "completed", suffix), "Entries completed over time at "+formatNumber(float64(largest), 0)+" entries",
		"succeeded or failed, the first repetition of each strategy: the slope is the rate", "entries completed", false)
	for _, c := range run.Cells {
		if c.Entries != largest || len(c.Timelines) == 0 {
			continue
		}
		color := colorOf(strategies, c.Strategy, c.Concurrency)
		name := safe.Replace(c.Method())
		in := make([][]float64, len(c.Timelines[0].Points))
		done := make([][]float64, len(c.Timelines[0].Points))
		for i, p := range c.Timelines[0].Points {
			v := float64(p.InFlight)
			if logInFlight {
				v = max(v, 1) // a log axis has no 0
			}
			in[i] = []float64{sig5(p.At.Seconds()), v}
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

func timelineChart(id, title, subtitle, yName string, log bool) pageChart {
	line := charts.NewLine()
	line.SetGlobalOptions(chartOpts(id, title, subtitle, shortHeight)...)
	y := opts.YAxis{Type: "value", Name: yName, NameLocation: "middle", NameGap: 65}
	if log {
		y.Type, y.Min = "log", 1
	}
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "seconds since the repetition started", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(y),
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
	cpuNote      = "CPU: this result file has no CPU records (written before batchlab recorded them), so there is no chart of CPU per entry."
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
