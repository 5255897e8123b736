package page

import (
	"math"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"batchlab/reports"
)

// A band is one colour of a grid: the values up to upTo take it.
type band struct {
	upTo  float64
	color string
}

// The bands are light, so that the labels' dark text reads on every one.

// timeBands colour a grid's time against the scenario's pick: faster (by
// losing entries), as fast (within 5 %), then slower and slower.
var timeBands = []band{{0.95, "#74add1"}, {1.05, "#66bd63"}, {1.25, "#d9ef8b"}, {2, "#fee08b"}, {5, "#fdae61"}, {math.Inf(1), "#f46d43"}}

// failureBands colour a grid's failures by the share of entries lost.
var failureBands = []band{{0, "#e0e0e0"}, {0.001, "#fee6ce"}, {0.01, "#fdd0a2"}, {0.1, "#fdae6b"}, {0.5, "#fd8d3c"}, {math.Inf(1), "#f16913"}}

// gridTooltipJS shows a grid cell's name in its tooltip.
const gridTooltipJS = `function (p) { return p.name; }`

// A gridCell is one strategy in one scenario, at the scenario's largest
// size.
type gridCell struct {
	row, col int
	c        reports.Cell
	pick     float64 // the scenario's pick's mean time
}

// gridCharts draws, for a run with several scenarios, what the README's
// "which strategy when" table says: one row per strategy, one column per
// scenario at its largest size, coloured by time against the scenario's
// pick (the verdict's rule: the fastest that lost no more entries than the
// fewest any lost) and, when any cell failed, by the share of entries
// lost. It returns nothing for a run with one scenario.
func gridCharts(run *reports.Run, strategies []pageStrategy) []pageChart {
	scenarios := run.Scenarios()
	if len(scenarios) < 2 {
		return nil
	}
	var cells []gridCell
	used := make([]bool, len(strategies))
	failed := false
	for col, sc := range scenarios {
		largest := 0
		for _, c := range run.Cells {
			if c.Scenario == sc && !c.Skipped && c.Time.N > 0 {
				largest = max(largest, c.Entries)
			}
		}
		var at []gridCell
		fewest := math.Inf(1)
		for row, s := range strategies {
			for _, c := range measuredCells(run, s) {
				if c.Scenario == sc && c.Entries == largest && c.Time.N > 0 {
					at = append(at, gridCell{row: row, col: col, c: c})
					fewest = min(fewest, c.FailedPerRun())
				}
			}
		}
		pick := math.Inf(1)
		for _, g := range at {
			if g.c.FailedPerRun() <= fewest+0.001*float64(g.c.Entries) {
				pick = min(pick, g.c.Time.Mean)
			}
		}
		for _, g := range at {
			g.pick = pick
			used[g.row] = true
			failed = failed || g.c.FailedPerRun() > 0
			cells = append(cells, g)
		}
	}
	// Rows from the top in page order: a category axis counts from the
	// bottom.
	var rows []string
	rowOf := map[int]int{}
	for i := len(strategies) - 1; i >= 0; i-- {
		if used[i] {
			rowOf[i] = len(rows)
			rows = append(rows, strategies[i].label)
		}
	}
	cols := make([]string, len(scenarios))
	for i, sc := range scenarios {
		cols[i] = safe.Replace(sc)
	}

	timeChart := gridChart(chartID(kindGrid, "time"), "Time by strategy and scenario",
		"blue: faster than the scenario's pick only by losing entries; green: within 5 % of the pick; then ≤ 1.25×, ≤ 2×, ≤ 5×, red: slower",
		"time", rows, cols, timeBands, cells, rowOf, func(g gridCell) (float64, string) {
			r := g.c.Time.Mean / g.pick
			label := formatSeconds(g.c.Time.Mean) + " · " + formatTimes(r)
			if r == 1 {
				label = formatSeconds(g.c.Time.Mean) + " · the pick"
			}
			return r, label
		})
	if !failed {
		timeChart.notes = []string{"Failures: no entry failed in any cell of any scenario, so there is no failures grid."}
		return []pageChart{timeChart}
	}
	failChart := gridChart(chartID(kindGrid, "failures"), "Failed entries per run by strategy and scenario",
		"grey: none; then up to 0.1 %, 1 %, 10 %, 50 % of the entries, and more",
		"failures", rows, cols, failureBands, cells, rowOf, func(g gridCell) (float64, string) {
			f := g.c.FailedPerRun()
			share := f / float64(g.c.Entries)
			if f == 0 {
				return 0, "none"
			}
			label := reports.FormatCount(f) + " · " + formatPercent(share)
			if fc := g.c.FailuresByClass(); len(fc) > 0 {
				label += " " + fc[0].Class
			}
			return share, label
		})
	return []pageChart{timeChart, failChart}
}

// gridChart draws cells as a heatmap of rows × cols, each cell coloured by
// the band its value falls in and labelled.
func gridChart(id, title, subtitle, name string, rows, cols []string, bands []band, cells []gridCell, rowOf map[int]int,
	value func(gridCell) (float64, string)) pageChart {
	hm := charts.NewHeatMap()
	height := strconv.Itoa(110+36*len(rows)) + "px"
	hm.SetGlobalOptions(baseOpts(id, title, subtitle, height)...)
	pieces := make([]opts.Piece, len(bands))
	for i, b := range bands {
		// Cells carry their band's number, from 1: pieces with a bound of
		// 0 would lose it to omitempty.
		pieces[i] = opts.Piece{Min: float32(i + 1), Max: float32(i + 1), Color: b.color}
	}
	hm.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: opts.FuncOpts(gridTooltipJS)}),
		charts.WithGridOpts(opts.Grid{Top: "80", Bottom: "20", Left: "150", Right: "40"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: cols, Position: "top"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: rows}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "piecewise", Show: opts.Bool(false), Pieces: pieces}),
	)
	pc := pageChart{id: id, kind: kindGrid, title: title, chart: hm}
	var data []opts.HeatMapData
	for _, g := range cells {
		v, label := value(g)
		b := slices.IndexFunc(bands, func(b band) bool { return v <= b.upTo })
		if b < 0 || !finite(v) {
			continue
		}
		data = append(data, opts.HeatMapData{Name: label, Value: [3]int{g.col, rowOf[g.row], b + 1}})
		pc.colors = appendName(pc.colors, bands[b].color)
	}
	hm.AddSeries(name, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}",
		Color: "#111111"}))
	pc.series = []string{name}
	return pc
}

// formatTimes formats a ratio with three significant digits: "1.03×",
// "17.7×", "123×".
func formatTimes(r float64) string {
	prec := 2
	switch {
	case r >= 100:
		prec = 0
	case r >= 10:
		prec = 1
	}
	return formatNumber(r, prec) + "×"
}
