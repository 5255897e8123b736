package reports

import (
	"fmt"
	"html/template"
	"strings"
)

// htmlSkipped lists the run's skipped cells with their predicted time, and
// with their scenario when withScenario.
func htmlSkipped(run *Run, suffix string, withScenario bool) []string {
	var out []string
	for _, c := range run.Cells {
		if !c.Skipped {
			continue
		}
		t := formatScaled(c.PredictedSec, bestScale(timeScales, []float64{c.PredictedSec}), 1)
		where := ""
		if withScenario {
			where = " in " + c.Scenario
		}
		out = append(out, fmt.Sprintf("%s%s at %s entries%s: %s %s", c.Method(), suffix, formatNumber(float64(c.Entries), 0), where, t, PredictedMark))
	}
	return out
}

// htmlChartNotes explains the charts of [WriteHTML], pcs.
func htmlChartNotes(run *Run, pcs []pageChart) []string {
	notes := []string{
		"One series per strategy, named like the table's Method. Skipped cells are not drawn; they are listed under the charts.",
		"Mean time: whiskers span the fastest and the slowest run of each cell; the dashed line is the strategy's ideal time from the result file (ideal-sec/op: the delay alone at that concurrency, e.g. ⌈n/250⌉ × delay for batches(250)), so strategies with the same ideal share one dashed line.",
		"Logarithmic axes are marked \"log scale\". Click a legend entry to hide or show its series.",
	}
	for _, s := range htmlStrategies(run) {
		if strings.HasSuffix(s.label, "(n)") {
			notes = append(notes, s.name+"(n): the concurrency is the number of entries, so the table's Method differs per size.")
		}
	}
	sweeps, limits := false, false
	for _, pc := range pcs {
		sweeps = sweeps || strings.Contains(pc.id, "sweep")
		limits = limits || strings.Contains(pc.id, "_limit")
	}
	if sweeps {
		notes = append(notes, "Sweeps: a strategy measured at three or more widths in one scenario at one size. Its charts show mean time and failed entries against the width; the dashed vertical line marks the knee, the recommended width; dashed horizontal lines are the other strategies measured in the same scenario at the same size.")
	}
	if limits {
		notes = append(notes, "Limit over time: the concurrency limit an adaptive strategy had in force during each repetition, from the result file's # limit lines.")
	}
	return notes
}

// htmlCompareNotes explains the charts of [WriteCompareHTML].
func htmlCompareNotes() []string {
	return []string{
		"Each strategy has one colour; the new run is drawn solid with filled markers, the old run dotted with hollow markers.",
		"Mean time: whiskers span the fastest and the slowest run of each cell. Skipped cells are not drawn; they are listed under the charts.",
		"Logarithmic axes are marked \"log scale\". Click a legend entry to hide or show its series.",
	}
}

// htmlIntro is the part of the page before the charts.
type htmlIntro struct {
	Verdicts    []Verdict      // what each scenario says, first on the page; nil on a comparison
	Deltas      []htmlDeltaRow // a comparison's changes, first on its page
	Nav         []htmlLink     // links to the scenarios' sections; nil for one scenario
	Title       string
	Sources     []string
	Settings    []htmlSetting
	Compare     bool
	CompareRows []htmlCompareSetting
	Notes       []string
}

// htmlLink is a link to a section of the page.
type htmlLink struct {
	ID, Text string
}

// htmlOutro is the part of the page after the charts.
type htmlOutro struct {
	Pending template.HTML // sections that had no chart to go before
	Skipped []string
	Tables  []htmlScenarioTable // none: no table
	Notes   [][]htmlSpan        // the tables' notes
}

// htmlScenarioTable is the table of one scenario; Name is empty for a run
// with one scenario.
type htmlScenarioTable struct {
	Name  string
	Table *htmlTable
}

// htmlTable is the markdown table of [WriteTable], parsed.
type htmlTable struct {
	Header []htmlCell
	Rows   []htmlRow
	Notes  [][]htmlSpan
}

type htmlRow struct {
	Class string // "seed", "ratio", "predicted" or ""
	Cells []htmlCell
}

type htmlCell struct {
	Text  string
	Right bool
}

// htmlSpan is a run of note text, Code for a `code span`.
type htmlSpan struct {
	Text string
	Code bool
}

// parseMarkdownTable reads the pipe table and the notes ("- " lines after
// it) that [WriteTable] writes; the title and settings lines are skipped, as
// the page shows the settings itself.
func parseMarkdownTable(md string) *htmlTable {
	t := &htmlTable{}
	var lines [][]string
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "|"):
			var cells []string
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				cells = append(cells, strings.TrimSpace(c))
			}
			lines = append(lines, cells)
		case strings.HasPrefix(line, "- ") && len(lines) > 0:
			t.Notes = append(t.Notes, codeSpans(strings.TrimPrefix(line, "- ")))
		}
	}
	if len(lines) < 2 {
		return t
	}
	right := make([]bool, len(lines[1]))
	for i, sep := range lines[1] {
		right[i] = strings.HasSuffix(sep, ":") && !strings.HasPrefix(sep, ":")
	}
	row := func(cells []string) []htmlCell {
		out := make([]htmlCell, len(cells))
		for i, c := range cells {
			out[i] = htmlCell{Text: c, Right: i < len(right) && right[i]}
		}
		return out
	}
	t.Header = row(lines[0])
	for _, cells := range lines[2:] {
		r := htmlRow{Cells: row(cells)}
		switch {
		case len(cells) > 0 && cells[0] == SeedMethod:
			r.Class = "seed"
		case len(cells) > 0 && cells[0] == SeedRatioMethod:
			r.Class = "ratio"
		case len(cells) > 2 && strings.HasSuffix(cells[2], PredictedMark):
			r.Class = "predicted"
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// codeSpans splits markdown text at backquotes.
func codeSpans(s string) []htmlSpan {
	var out []htmlSpan
	for i, part := range strings.Split(s, "`") {
		if part != "" {
			out = append(out, htmlSpan{Text: part, Code: i%2 == 1})
		}
	}
	return out
}

const htmlCSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 1240px; margin: 0 auto; padding: 0 16px 48px; line-height: 1.4; }
h1 { font-size: 1.6em; margin: 24px 0 4px; }
h2 { font-size: 1.25em; margin: 32px 0 8px; }
.sources { color: #555; margin: 0 0 12px; }
table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 3px 6px; white-space: nowrap; text-align: left; }
th { background: #f5f5f5; }
td.r, th.r { text-align: right; }
table.settings th { font-weight: 600; }
tr.secondary th, tr.secondary td { color: #666; }
tr.diff td { background: #fff6d6; }
tr.seed td { color: #555; font-style: italic; background: #fafafa; }
tr.ratio td { color: #555; background: #fafafa; }
tr.predicted td { color: #888; }
.scroll { overflow-x: auto; }
ul.notes { font-size: 13px; color: #444; padding-left: 20px; }
code { background: #f2f2f2; padding: 0 3px; border-radius: 3px; }
.container { margin-top: 28px; }
nav.scenarios { margin: 8px 0 0; font-size: 15px; }
h2.scenario { border-top: 2px solid #ccc; padding-top: 16px; margin-top: 40px; }
p.diff { color: #555; font-size: 13px; }
section.sweep { margin: 24px 0 0; }
section.sweep h3 { margin: 0 0 6px; }
p.recommendation { font-size: 16px; font-weight: 600; margin: 4px 0; }
section#verdict { border: 1px solid #ccc; border-radius: 6px; padding: 4px 16px 12px; margin: 12px 0 20px; background: #fafafa; }
section#verdict h3 { margin: 12px 0 4px; }
p.best { font-size: 16px; font-weight: 600; margin: 4px 0; }
ul.faster { margin: 4px 0; color: #8a1c1c; }
table#delta { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
table#delta th, table#delta td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; }
table#delta .r { text-align: right; }
table#delta tr.diff td { font-weight: 600; }
details.settings > summary { font-size: 18px; font-weight: 600; cursor: pointer; margin: 16px 0 8px; }
p.rule { font-size: 13px; color: #444; margin: 4px 0; }
ul.references { font-size: 13px; margin: 4px 0; }
`

// htmlTemplates renders the page's own sections; html/template escapes
// every value.
var htmlTemplates = template.Must(template.New("page").Parse(`
{{- define "intro" -}}
<header>
<h1>{{.Title}}</h1>
{{range .Sources}}<p class="sources">{{.}}</p>
{{end -}}
{{with .Verdicts}}<section id="verdict">
<h2>Verdict</h2>
{{- range .}}
<h3>{{.Scenario}}, {{.Entries}} entries</h3>
<p class="best">{{.Best}}.</p>
{{- with .Faster}}
<ul class="faster">
{{- range .}}
<li>{{.}}.</li>
{{- end}}
</ul>
{{- end}}
{{- range .Sweeps}}
<p class="recommendation">{{.}}.</p>
{{- end}}
{{- end}}
</section>
{{end -}}
{{if .Compare}}<section id="delta-section">
<h2>What changed</h2>
{{- if .Deltas}}
<p class="note">Medians ± their 95 % interval; the change with its Mann-Whitney U p-value, "~" when p &gt; 0.05, as benchstat computes them; n is old+new runs.</p>
<table id="delta">
<tr><th>metric</th><th>scenario</th><th>cell</th><th class="r">entries</th><th class="r">old</th><th class="r">new</th><th class="r">change</th><th class="r">p-value</th><th class="r">n</th></tr>
{{- range .Deltas}}
<tr{{if .Significant}} class="diff"{{end}}><td>{{.Unit}}</td><td>{{.Scenario}}</td><td>{{.Method}}</td><td class="r">{{.Entries}}</td><td class="r">{{.Old}}</td><td class="r">{{.New}}</td><td class="r">{{.Delta}}</td><td class="r">{{.P}}</td><td class="r">{{.N}}</td></tr>
{{- end}}
</table>
{{- else}}
<p>The two runs have no cell in common to compare.</p>
{{- end}}
</section>
{{end -}}
{{with .Nav}}<nav class="scenarios">Scenarios:{{range $i, $l := .}}{{if $i}} ·{{end}} <a href="#{{$l.ID}}">{{$l.Text}}</a>{{end}}</nav>
{{end -}}
<details class="settings">
<summary>Settings</summary>
<table class="settings">
{{- if .Compare}}
<tr><th>setting</th><th>old</th><th>new</th></tr>
{{- range .CompareRows}}
<tr class="{{if not .Primary}}secondary{{end}}{{if .Diff}} diff{{end}}"><th>{{.Key}}</th><td>{{.Old}}</td><td>{{.New}}</td></tr>
{{- end}}
{{- else}}
{{- range .Settings}}
<tr{{if not .Primary}} class="secondary"{{end}}><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{- end}}
{{- end}}
</table>
</details>
<h2>Charts</h2>
<ul class="notes">
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
</header>
{{end}}
{{- define "heading" -}}
<h2 class="scenario" id="{{.ID}}">{{.Text}}</h2>
{{- with .Diff}}
<p class="diff">Settings of this block that differ from the first: {{.}}.</p>
{{- end}}
{{end}}
{{- define "sweep" -}}
<section class="sweep">
<h3>{{.Title}}</h3>
<p class="recommendation">{{.Recommendation}}.</p>
<p class="rule">{{.Rule}}</p>
{{- with .References}}
<ul class="references">
{{- range .}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
{{- define "outro" -}}
{{with .Pending}}{{.}}{{end -}}
<section>
<h2>Skipped cells</h2>
{{- if .Skipped}}
<ul>
{{- range .Skipped}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- else}}
<p>None: every cell was measured.</p>
{{- end}}
</section>
{{- with .Tables}}
<section>
<h2>Table</h2>
{{- range .}}
{{- if .Name}}
<h3>scenario: {{.Name}}</h3>
{{- end}}
{{- with .Table}}
<div class="scroll">
<table class="results">
<tr>{{range .Header}}<th{{if .Right}} class="r"{{end}}>{{.Text}}</th>{{end}}</tr>
{{- range .Rows}}
<tr{{with .Class}} class="{{.}}"{{end}}>{{range .Cells}}<td{{if .Right}} class="r"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</table>
</div>
{{- end}}
{{- end}}
<ul class="notes">
{{- range $.Notes}}
<li>{{range .}}{{if .Code}}<code>{{.Text}}</code>{{else}}{{.Text}}{{end}}{{end}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{end}}
`))
