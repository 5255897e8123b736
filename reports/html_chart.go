package reports

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"batchlab/benchfile"
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

// htmlValueJS formats tooltip values with four significant digits.
const htmlValueJS = `function (v) {
	if (Array.isArray(v)) { return v.map(function (x) { return typeof x === 'number' ? String(+x.toPrecision(4)) : x; }).join(' – '); }
	return typeof v === 'number' ? String(+v.toPrecision(4)) : v;
}`

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

func appendName(names []string, name string) []string {
	for _, n := range names {
		if n == name {
			return names
		}
	}
	return append(names, name)
}
