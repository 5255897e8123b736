package page

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"batchlab/benchfile"
	"batchlab/reports"
	"batchlab/sweep"
)

// classColors colour the failure classes in the failures charts; a class
// not listed is otherClassColor.
var classColors = map[string]string{
	benchfile.Class429: "#d62728", benchfile.Class5xx: "#ff7f0e", benchfile.Class4xx: "#bcbd22", benchfile.ClassTimeout: "#9467bd",
	benchfile.ClassReset: "#8c564b", benchfile.ClassRefused: "#e377c2", benchfile.ClassFDLimit: "#17becf", benchfile.ClassPorts: "#1f77b4",
	benchfile.ClassServiceDied: "#111111", benchfile.ClassCancelled: "#7f7f7f",
}

const otherClassColor = "#aaaaaa"

// ineligibleColor rings the widths that fail more than the least-failing
// one in a sweep's time chart.
const ineligibleColor = "#b00020"

// kneeColor draws the knee and best markers of a sweep's time chart.
const kneeColor = "#333333"

// maxTraces is how many repetitions a limit chart draws.
const maxTraces = 3

// repColors draw a limit chart's repetitions: greys, which no strategy
// or failure class has.
var repColors = []string{"#222222", "#5c5c5c", "#a0a0a0"}

// eligible reports which of s's widths are knee candidates, by the rule of
// package sweep that [reports.FindSweeps] applied.
func eligible(s reports.Sweep) []bool {
	pts := make([]sweep.Point, len(s.Points))
	for i, p := range s.Points {
		pts[i] = sweep.Point{Width: p.Concurrency, Failed: p.Failed, Entries: s.Entries}
		if finite(p.Time.Mean) {
			pts[i].Mean = time.Duration(math.Round(p.Time.Mean * float64(time.Second)))
		}
	}
	return sweep.Eligible(pts)
}

// sweepIntro is the text above a sweep's charts.
type sweepIntro struct {
	Title, Recommendation, Rule string
	References                  []string
}

// sweepCharts draws sweep s of run, the n-th of its scenario: its mean time against
// the width, with the knee (and the best width, if another) marked, the
// widths that are not eligible ringed, and the other strategies as
// horizontal reference lines; then, if any width failed, its failed entries
// per run by class. The recommendation and the knee rule go above them.
func sweepCharts(run *reports.Run, s reports.Sweep, n int, suffix, kneeRule string, strategies []pageStrategy) []pageChart {
	title := safe.Replace(s.Strategy) + " at " + formatNumber(float64(s.Entries), 0) + " entries"
	intro := &sweepIntro{
		Title:          "Sweep: " + title,
		Recommendation: s.Recommendation(),
		References:     s.ReferenceLines(),
	}
	if kneeRule != "" {
		intro.Rule = "Knee rule: " + kneeRule
	}

	color := colorOf(strategies, s.Strategy, 0)
	var widths, values []float64
	var points, whiskers, ineligible [][]float64
	ok := eligible(s)
	for i, p := range s.Points {
		w := float64(p.Concurrency)
		widths = append(widths, w)
		if !finite(p.Time.Mean) {
			continue
		}
		points = append(points, []float64{w, sig5(p.Time.Mean)})
		values = append(values, p.Time.Mean)
		if !ok[i] {
			ineligible = append(ineligible, []float64{w, sig5(p.Time.Mean)})
		}
	}
	for _, c := range run.Cells {
		if c.Skipped || c.Scenario != s.Scenario || c.Strategy != s.Strategy || c.Entries != s.Entries {
			continue
		}
		if lo, hi, okRange := cellTimeRange(c); okRange && finite(lo) && finite(hi) {
			whiskers = append(whiskers, []float64{float64(c.Concurrency), sig5(lo), sig5(hi)})
			values = append(values, lo, hi)
		}
	}
	for _, c := range s.Others {
		if finite(c.Time.Mean) {
			values = append(values, c.Time.Mean)
		}
	}
	xType, xName := "value", "width (concurrency)"
	if logWorthy(widths) {
		xType, xName = "log", "width (concurrency, log scale)"
	}
	yType, yName := "value", "seconds per operation"
	if logWorthy(values) {
		yType, yName = "log", "seconds per operation (log scale)"
	}

	id := chartID(kindSweep, strconv.Itoa(n), "time", suffix)
	chartTitle := "Mean time per operation vs width: " + title
	line := charts.NewLine()
	line.SetGlobalOptions(chartOpts(id, chartTitle,
		"mean over the runs; whiskers: fastest–slowest run; ringed: fails more than the least-failing width; dashed: other strategies",
		chartHeight)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: xType, Name: xName, NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: yType, Name: yName, NameLocation: "middle", NameGap: 65}),
	)
	pc := pageChart{id: id, kind: kindSweep, title: chartTitle, chart: line, sweep: intro}
	name := safe.Replace(s.Strategy)
	var marks []opts.MarkLineNameXAxisItem
	if s.Knee >= 0 {
		marks = append(marks, opts.MarkLineNameXAxisItem{Name: "knee", XAxis: s.Points[s.Knee].Concurrency})
		if s.Best != s.Knee {
			marks = append(marks, opts.MarkLineNameXAxisItem{Name: "best", XAxis: s.Points[s.Best].Concurrency})
		}
	}
	line.AddSeries(name, lineData(points),
		charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 7, ShowSymbol: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
		charts.WithMarkLineNameXAxisItemOpts(marks...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}: {c}", Color: kneeColor},
			LineStyle: &opts.LineStyle{Color: kneeColor, Type: "dashed", Width: 1},
		}))
	pc.series = appendName(pc.series, name)
	pc.colors = append(pc.colors, color)
	if len(whiskers) > 0 {
		line.MultiSeries = append(line.MultiSeries, charts.SingleSeries{
			Name: name, Type: types.ChartCustom, Data: whiskers,
			RenderItem: opts.FuncOpts(whiskerJS),
			Encode:     &opts.Encode{X: 0, Y: []int{1, 2}, Tooltip: []int{1, 2}},
			ItemStyle:  &opts.ItemStyle{Color: color},
		})
	}
	if len(ineligible) > 0 {
		ringName := "fails more than the least-failing width"
		line.MultiSeries = append(line.MultiSeries, charts.SingleSeries{
			Name: ringName, Type: types.ChartScatter, Data: lineData(ineligible),
			Symbol: "emptyCircle", SymbolSize: 16,
			ItemStyle: &opts.ItemStyle{Color: ineligibleColor},
		})
		pc.series = appendName(pc.series, ringName)
		pc.colors = append(pc.colors, ineligibleColor)
	}
	if len(widths) > 0 {
		lo, hi := widths[0], widths[len(widths)-1]
		for _, c := range s.Others {
			if !finite(c.Time.Mean) {
				continue
			}
			refName := safe.Replace(c.Method()) + ": " + formatSeconds(c.Time.Mean)
			refColor := colorOf(strategies, c.Strategy, c.Concurrency)
			y := sig5(c.Time.Mean)
			line.AddSeries(refName, []opts.LineData{{Value: []float64{lo, y}}, {Name: refName, Value: []float64{hi, y}}},
				// The label hangs on the last point's symbol, a dot of 1 px.
				charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 1, ShowSymbol: opts.Bool(true)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: refColor}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: refColor, Width: 1.5, Type: "dashed"}),
				charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "top", Align: "right", Color: refColor}))
			pc.series = appendName(pc.series, refName)
			pc.colors = append(pc.colors, refColor)
		}
	}
	line.ClearPresetJSAssets()
	line.ClearPresetCSSAssets()
	pcs := []pageChart{pc}

	if f, ok := sweepFailuresChart(s, chartID(kindSweep, strconv.Itoa(n), "failures", suffix), title); ok {
		pcs = append(pcs, f)
	}
	return pcs
}

// sweepFailuresChart draws a sweep's failed entries per run at each width,
// stacked by class; ok is false when no width failed.
func sweepFailuresChart(s reports.Sweep, id, title string) (pageChart, bool) {
	bars := make([]failureBar, len(s.Points))
	for i, p := range s.Points {
		bars[i] = failureBar{label: strconv.Itoa(p.Concurrency), failures: p.Failures, runs: p.Runs}
	}
	return failuresBarChart(id, kindSweep, "Failed entries per run vs width: "+title, "width (concurrency)", bars)
}

// A failureBar is one bar of a failures chart: a cell's failures by class
// summed over its runs.
type failureBar struct {
	label    string
	failures []reports.ClassCount
	runs     int
}

// failuresBarChart draws failed entries per run for each bar, stacked by
// failure class in the classes' colours; ok is false when nothing failed.
func failuresBarChart(id, kind, title, xName string, bars []failureBar) (pageChart, bool) {
	var classes []string
	for _, b := range bars {
		for _, cc := range b.failures {
			if !slices.Contains(classes, cc.Class) {
				classes = append(classes, cc.Class)
			}
		}
	}
	if len(classes) == 0 {
		return pageChart{}, false
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(chartOpts(id, title,
		"mean over the runs of failed-<class>/op, stacked by failure class", shortHeight)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: xName, NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "failed entries per run", NameLocation: "middle", NameGap: 65}),
	)
	labels := make([]string, len(bars))
	for i, b := range bars {
		labels[i] = b.label
	}
	bar.SetXAxis(labels)
	pc := pageChart{id: id, kind: kind, title: title, chart: bar}
	for _, class := range classes {
		data := make([]opts.BarData, len(bars))
		for i, b := range bars {
			v := 0.0
			for _, cc := range b.failures {
				if cc.Class == class && b.runs > 0 {
					v = cc.Count / float64(b.runs)
				}
			}
			data[i] = opts.BarData{Value: sig5(v)}
			if !finite(v) {
				data[i] = opts.BarData{Value: "-"}
			}
		}
		color, ok := classColors[class]
		if !ok {
			color = otherClassColor
		}
		name := safe.Replace(class)
		bar.AddSeries(name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithBarChartOpts(opts.BarChart{Stack: "failures"}))
		pc.series = appendName(pc.series, name)
		pc.colors = append(pc.colors, color)
	}
	bar.ClearPresetJSAssets()
	bar.ClearPresetCSSAssets()
	return pc, true
}

// failuresChart draws every measured cell's failed entries per run,
// stacked by class: what the time chart cannot show, that a strategy
// finished sooner by being refused. ok is false when no cell failed.
func failuresChart(run *reports.Run, suffix string) (pageChart, bool) {
	multiSize := len(measuredSizes(run)) > 1
	var bars []failureBar
	for _, c := range run.Cells {
		if c.Skipped || c.Time.N == 0 {
			continue
		}
		label := c.Method()
		if multiSize {
			label += " n=" + strconv.Itoa(c.Entries)
		}
		bars = append(bars, failureBar{label: label, failures: c.FailuresByClass(), runs: c.Time.N})
	}
	return failuresBarChart(chartID(kindFailures, suffix), kindFailures, "Failed entries per run, by class", "strategy", bars)
}

// limitCharts draws, for each strategy of run with limit traces, its limit
// over time in its first maxTraces repetitions at the largest entries
// count that has traces: one step line per repetition.
func limitCharts(run *reports.Run, suffix string) []pageChart {
	var order []string
	largest := map[string]reports.Cell{}
	for _, c := range run.Cells {
		if len(c.LimitTraces) == 0 {
			continue
		}
		prev, seen := largest[c.Strategy]
		if !seen {
			order = append(order, c.Strategy)
		}
		if !seen || c.Entries > prev.Entries || (c.Entries == prev.Entries && c.Concurrency > prev.Concurrency) {
			largest[c.Strategy] = c
		}
	}
	var pcs []pageChart
	for i, strategy := range order {
		c := largest[strategy]
		id := chartID(kindLimit, strconv.Itoa(i+1), suffix)
		title := safe.Replace(strategy) + ": in-flight limit over time"
		traces := c.LimitTraces[:min(len(c.LimitTraces), maxTraces)]
		subtitle := safe.Replace(c.Method()) + " at " + formatNumber(float64(c.Entries), 0) + " entries"
		if len(c.LimitTraces) > len(traces) {
			subtitle += ", first " + strconv.Itoa(len(traces)) + " of " + strconv.Itoa(len(c.LimitTraces)) + " repetitions"
		}
		if v := sampleMean(c, benchfile.UnitLimitMean); finite(v) {
			subtitle += "; time-weighted mean limit " + formatNumber(v, 1)
		}
		if v := sampleMean(c, benchfile.UnitLimitFinal); finite(v) {
			subtitle += ", final " + formatNumber(v, 1)
		}
		subtitle += " (means over the runs)"
		line := charts.NewLine()
		line.SetGlobalOptions(chartOpts(id, title, subtitle, shortHeight)...)
		line.SetGlobalOptions(
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "seconds since the repetition started", NameLocation: "middle", NameGap: 30}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "concurrency limit", NameLocation: "middle", NameGap: 65}),
		)
		pc := pageChart{id: id, kind: kindLimit, title: title, chart: line}
		for j, tr := range traces {
			points := make([][]float64, 0, len(tr.Points))
			for _, p := range tr.Points {
				points = append(points, []float64{sig5(p.Sec), float64(p.Limit)})
			}
			name := "rep " + strconv.Itoa(tr.Rep)
			color := repColors[j%len(repColors)]
			line.AddSeries(name, lineData(points),
				charts.WithLineChartOpts(opts.LineChart{Step: "end", Symbol: "none", ShowSymbol: opts.Bool(false)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 1.5}))
			pc.series = appendName(pc.series, name)
			pc.colors = append(pc.colors, color)
		}
		line.ClearPresetJSAssets()
		line.ClearPresetCSSAssets()
		pcs = append(pcs, pc)
	}
	return pcs
}

// colorOf returns the colour of strategy's series (at concurrency, for
// a strategy drawn per width), or the first palette colour.
func colorOf(strategies []pageStrategy, strategy string, concurrency int) string {
	for _, s := range strategies {
		if s.name == strategy && (s.conc == 0 || s.conc == concurrency) {
			return s.color
		}
	}
	for _, s := range strategies {
		if s.name == strategy {
			return s.color
		}
	}
	return palette[0]
}
