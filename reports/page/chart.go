package page

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"batchlab/benchfile"
	"batchlab/reports"
)

// Chart sizes, as CSS lengths.
const (
	chartWidth  = "960px"
	chartHeight = "480px"
	shortHeight = "420px"
)

// The kinds of chart: every chart's id, and its container's, begins with
// its kind, so tests and links find them.
const (
	kindTime     = "time"     // mean time (and ratio to ideal) per strategy
	kindAlloc    = "alloc"    // bytes allocated per entry
	kindMemory   = "memory"   // peak heap, peak goroutines, GC cycles
	kindFailures = "failures" // failed entries per run by class
	kindGoodput  = "goodput"  // succeeded entries per second
	kindCPU      = "cpu"      // CPU per entry, client and service
	kindTimeline = "timeline" // calls in flight and completed over time
	kindLatency  = "latency"  // entry-latency distribution and percentiles
	kindGrid     = "grid"     // strategies × scenarios
	kindSweep    = "sweep"    // time and failures against width
	kindLimit    = "limit"    // an adaptive strategy's limit over time
)

// chartID joins a chart's kind and the parts that make its id unique on
// the page, leaving empty parts out: chartID("time", "ratio", "s2") is
// "time_ratio_s2". The chart's container has the id with "-" for "_"
// ("time-ratio-s2", [containerID]); go-echarts, which makes its id a
// script variable, has it with "_" ([echartsID]).
func chartID(kind string, parts ...string) string {
	id := kind
	for _, p := range parts {
		if p != "" {
			id += "_" + p
		}
	}
	return id
}

// echartsID is the id go-echarts gives chart id's element and, prefixed,
// its script variables: "chart_time_s2" inside the container "time-s2".
func echartsID(id string) string { return "chart_" + id }

// pageChart is one chart of a page, with the names of its series in order
// of first appearance (a name can cover several series, such as a mean line
// and its whiskers, which the legend toggles together).
type pageChart struct {
	id, kind, title string
	chart           snippetter
	series          []string
	colors          []string    // the colours its series are drawn in, for the browser test
	notes           []string    // lines put before the chart: why another chart is absent
	sweep           *sweepIntro // a sweep's text, before its first chart
}

// palette colours the strategies, in the order they first appear on a
// page; the mean, whiskers and ideal line of one strategy share its
// colour. It starts with go-echarts' default palette, and none of its
// colours is a failure class's, a repetition's or a grid band's, so every
// series of a page has its own. Past its end, colours are spread around
// the hue circle by the golden angle.
var palette = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc",
	"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#003f5c", "#bc5090"}

// paletteColor is the i-th strategy's colour.
func paletteColor(i int) string {
	if i < len(palette) {
		return palette[i]
	}
	h := math.Mod(float64(i-len(palette))*137.508+15, 360)
	return hslHex(h, 0.55, 0.45)
}

// hslHex converts a colour from HSL (hue in degrees) to "#rrggbb".
func hslHex(h, s, l float64) string {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round((r+m)*255)), int(math.Round((g+m)*255)), int(math.Round((b+m)*255)))
}

// symbols mark the strategies' points, in the same order as the colours,
// so that series which overlap (workerpool and semaphore often do) stay
// distinguishable. The old run of a comparison uses the hollow variant
// ("empty" + symbol).
var symbols = []string{"circle", "rect", "triangle", "diamond", "roundRect"}

// valueJS formats tooltip values with four significant digits.
const valueJS = `function (v) {
	if (Array.isArray(v)) { return v.map(function (x) { return typeof x === 'number' ? String(+x.toPrecision(4)) : x; }).join(' – '); }
	return typeof v === 'number' ? String(+v.toPrecision(4)) : v;
}`

// whiskerJS draws a min–max whisker: data items are [entries, min, max].
// go-echarts passes it through JSON, so it holds no double quote, backslash
// or line comment.
const whiskerJS = `function (params, api) {
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

// pageStrategy is a strategy's series name and colour on a page: all its
// cells, or, for a strategy measured at several widths at one size, the
// cells of one width.
type pageStrategy struct {
	name, label, color, symbol string
	conc                       int // 0: every width
}

// pageStrategies lists the strategies of runs in order of first appearance,
// labelled from all their cells (measured or not) in every run. A strategy
// with several widths at one size in some scenario of some run gets one
// entry per width, ascending, labelled like [Cell.Method].
func pageStrategies(runs ...*reports.Run) []pageStrategy {
	var names []string
	cells := map[string][]reports.Cell{}
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
	var out []pageStrategy
	for _, name := range names {
		if !split[name] {
			out = append(out, pageStrategy{name: name, label: strategyLabel(cells[name])})
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
			out = append(out, pageStrategy{name: name, conc: w, label: safe.Replace(fmt.Sprintf("%s(%d)", name, w))})
		}
	}
	for i := range out {
		out[i].color = paletteColor(i)
		out[i].symbol = symbols[i%len(symbols)]
	}
	return out
}

// strategyLabel names a strategy's series: its [Cell.Method] when every cell
// has the same concurrency, "<strategy>(n)" when the concurrency is always
// the number of entries (unbounded), and "<strategy>(varies)" otherwise.
// "<" and ">" are replaced, as the names end up inside <script> elements.
func strategyLabel(cells []reports.Cell) string {
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
	return safe.Replace(label)
}

// measuredCells returns the measured cells of s in run, entries
// ascending.
func measuredCells(run *reports.Run, s pageStrategy) []reports.Cell {
	var out []reports.Cell
	for _, c := range run.Cells {
		if c.Strategy == s.name && (s.conc == 0 || c.Concurrency == s.conc) && !c.Skipped {
			out = append(out, c)
		}
	}
	return out
}

// measuredSizes returns the entries of the run's measured cells, ascending.
func measuredSizes(run *reports.Run) []int {
	seen := map[int]bool{}
	var sizes []int
	for _, c := range run.Cells {
		if !c.Skipped && !seen[c.Entries] {
			seen[c.Entries] = true
			sizes = append(sizes, c.Entries)
		}
	}
	slices.Sort(sizes)
	return sizes
}

// sampleMean is the mean of the cell's per-run values of unit, or NaN.
func sampleMean(c reports.Cell, unit string) float64 {
	xs := c.Samples[unit]
	if len(xs) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// safe replaces "<" and ">", as names end up inside <script> elements.
var safe = strings.NewReplacer("<", "‹", ">", "›")

// cellTimeRange is the fastest and slowest sec/op over the cell's runs.
func cellTimeRange(c reports.Cell) (lo, hi float64, ok bool) {
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

// chartOpts are the options every chart but a grid shares: its size,
// title, legend (on the right, where the grid leaves 210 px), tooltip and
// plot area.
func chartOpts(id, title, subtitle, height string) []charts.GlobalOpts {
	return append(baseOpts(id, title, subtitle, height),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Orient: "vertical", Right: "10", Top: "70"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", ValueFormatter: opts.FuncOpts(valueJS)}),
		charts.WithGridOpts(opts.Grid{Top: "70", Bottom: "60", Left: "90", Right: "210"}),
	)
}

// baseOpts are the options of every chart: a fixed id (the same input
// gives the same page), its size, no animation, its title.
func baseOpts(id, title, subtitle, height string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: echartsID(id), Width: chartWidth, Height: height}),
		charts.WithAnimation(false),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center"}),
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
