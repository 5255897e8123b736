package page

import (
	"fmt"
	"strings"

	"batchlab/reports"
)

// skippedCells lists the run's skipped cells with their predicted time, and
// with their scenario when withScenario.
func skippedCells(run *reports.Run, suffix string, withScenario bool) []string {
	var out []string
	for _, c := range run.Cells {
		if !c.Skipped {
			continue
		}
		where := ""
		if withScenario {
			where = " in " + c.Scenario
		}
		out = append(out, fmt.Sprintf("%s%s at %s entries%s: %s %s", c.Method(), suffix, formatNumber(float64(c.Entries), 0), where,
			formatSeconds(c.PredictedSec), reports.PredictedMark))
	}
	return out
}

// chartNotes explains the charts of [WriteHTML], in sections.
func chartNotes(run *reports.Run, sections []section) []string {
	notes := []string{
		"One colour per strategy on the whole page, named like the table's Method; a strategy keeps its colour in every chart. Skipped cells are not drawn; they are listed at the end.",
		"Runs with several sizes draw each figure against entries; runs with one size (scenarios, sweeps) draw one bar per strategy.",
		"Mean time: whiskers span the fastest and the slowest run of each cell; the dashed line is the strategy's ideal time from the result file (ideal-sec/op: the delay alone at that concurrency, e.g. ⌈n/250⌉ × delay for batches(250)), so strategies with the same ideal share one dashed line. Adaptive strategies have no ideal: no model applies to a limit that moves.",
		"Failures: failed entries per run by class (429, 5xx, timeout, …); a strategy that finished sooner by being refused shows here, not in the time chart. Goodput counts only the entries that succeeded.",
		"Logarithmic axes are marked \"log scale\" and used only when the values span a factor of ten. Click a legend entry to hide or show its series.",
	}
	for _, s := range pageStrategies(run) {
		if strings.HasSuffix(s.label, "(n)") {
			notes = append(notes, s.name+"(n): the concurrency is the number of entries, so the table's Method differs per size.")
		}
	}
	kinds := map[string]bool{}
	for _, sec := range sections {
		for _, pc := range sec.Blocks {
			kinds[pc.kind] = true
		}
	}
	if len(run.Scenarios()) > 1 {
		notes = append(notes, "Strategies × scenarios: each scenario at its largest size. Time is coloured against the scenario's verdict (the fastest strategy that lost no more entries than the fewest any lost), blue where a strategy was faster only by losing entries; failures are coloured by the share of entries lost.")
	}
	if kinds[kindTimeline] {
		notes = append(notes, "Timeline: calls in flight and entries completed over the first repetition of each cell, sampled on a fixed tick: batches climb in steps, a pool holds a flat line, an adaptive limit ramps, unbounded spikes.")
	}
	if kinds[kindLatency] {
		notes = append(notes, "Latency: the distribution is the share of entries that took at most each latency in the first repetition (from the HDR histogram); the percentile bars are means over the runs.")
	}
	if kinds[kindSweep] {
		notes = append(notes, "Sweeps: a strategy measured at three or more widths in one scenario at one size. Its charts show mean time and failed entries against the width; the dashed vertical line marks the knee, the recommended width; dashed horizontal lines are the other strategies measured in the same scenario at the same size.")
	}
	if kinds[kindLimit] {
		notes = append(notes, "Limit over time: the concurrency limit an adaptive strategy had in force during each repetition, from the result file's # limit lines.")
	}
	return notes
}

// compareNotes explains the charts of [WriteCompareHTML].
func compareNotes() []string {
	return []string{
		"Each strategy has one colour; the new run is drawn solid with filled markers, the old run dotted with hollow markers.",
		"Mean time: whiskers span the fastest and the slowest run of each cell. Skipped cells are not drawn; they are listed at the end.",
		"Logarithmic axes are marked \"log scale\". Click a legend entry to hide or show its series.",
	}
}

// tableView is a [reports.Table] as the page shows it.
type tableView struct {
	ID     string
	Header []headView
	Rows   []rowView
	Notes  [][]span
}

type headView struct {
	Name, Class string
}

type rowView struct {
	Class string // the row's [reports.RowKind]
	Cells []cellView
}

type cellView struct {
	Text, Class string
}

// columnClass is the CSS class of a column's cells: "r" for figures,
// right-aligned, and "detail" for the columns table.md moves to its
// second table.
func columnClass(c reports.Column) string {
	var cls []string
	if c.Numeric {
		cls = append(cls, "r")
	}
	if c.Detail {
		cls = append(cls, "detail")
	}
	return strings.Join(cls, " ")
}

// span is a run of markdown text, Code for a `code span`.
type span struct {
	Text string
	Code bool
}

// newTableView lays t out for the page under id: every column, the
// details ones (which table.md moves to a second table) greyed, the rows
// classed by kind.
func newTableView(t reports.Table, id string) *tableView {
	v := &tableView{ID: id}
	for _, c := range t.Columns {
		v.Header = append(v.Header, headView{Name: c.Name, Class: columnClass(c)})
	}
	for _, r := range t.Rows {
		rv := rowView{Class: string(r.Kind)}
		for i, text := range r.Cells {
			var c reports.Column
			if i < len(t.Columns) {
				c = t.Columns[i]
			}
			rv.Cells = append(rv.Cells, cellView{Text: text, Class: columnClass(c)})
		}
		v.Rows = append(v.Rows, rv)
	}
	for _, n := range t.Notes {
		v.Notes = append(v.Notes, codeSpans(n))
	}
	return v
}

// legendItems splits the table model's legend into spans.
func legendItems(legend []string) [][]span {
	out := make([][]span, len(legend))
	for i, l := range legend {
		out[i] = codeSpans(l)
	}
	return out
}

// codeSpans splits markdown text at backquotes.
func codeSpans(s string) []span {
	var out []span
	for i, part := range strings.Split(s, "`") {
		if part != "" {
			out = append(out, span{Text: part, Code: i%2 == 1})
		}
	}
	return out
}
