package page

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/go-echarts/go-echarts/v2/render"

	"batchlab/reports"
)

// echartsJS is ECharts' dist/echarts.min.js, inlined in every page.
//
//go:embed assets/echarts.min.js
var echartsJS string

// echartsNotice is ECharts' NOTICE file, which Apache-2.0 asks to keep with
// the redistributed script; the script itself starts with its licence header.
//
//go:embed assets/NOTICE-echarts
var echartsNotice string

// echartsVersion and echartsSize describe assets/echarts.min.js: the npm
// package echarts at the version go-echarts v2.6.7 targets.
const (
	echartsVersion = "5.4.3"
	echartsSize    = 1024740
)

//go:embed page.tmpl
var pageTemplate string

//go:embed page.css
var pageCSS string

// pageTemplates renders the whole page; html/template escapes every value
// but the go-echarts snippets and the inlined ECharts, which are trusted.
var pageTemplates = template.Must(template.New("page").Funcs(template.FuncMap{
	"count": func(n int) string { return formatNumber(float64(n), 0) },
}).Parse(pageTemplate))

// pageData is what the template renders.
type pageData struct {
	Title, Heading string
	Sources        []string
	Verdicts       []reports.Verdict // a report's, first on the page; nil on a comparison
	Compare        bool
	Deltas         []deltaRow // a comparison's changes, first on its page
	Grid           []chartBlock
	Sections       []section
	Settings       []setting
	CompareRows    []compareSetting
	Notes          []string      // how to read the charts
	Skipped        []string      // the skipped cells, with their predictions
	Legend         [][]span      // how to read the tables
	Head           template.HTML // the style sheet and ECharts, set by render

	gridCharts []pageChart
}

// A section is one scenario's part of a page: its table, then its charts.
type section struct {
	ID, Title string
	Diff      string // the settings of this scenario's block that differ from the first's
	Empty     string // said instead of charts when the scenario has none
	Table     *tableView
	Blocks    []pageChart
	Tail      []string     // lines after the last chart: why a chart is absent
	Views     []chartBlock // Blocks rendered, set by writePage
}

// A chartBlock is one chart as the template places it: the lines and the
// sweep text that go before it, and its go-echarts snippet inside a
// container whose id begins with the chart's kind.
type chartBlock struct {
	Notes           []string
	Sweep           *sweepIntro
	ID, Title       string
	Element, Script template.HTML
}

// snippetter is what every go-echarts chart is: RenderSnippet gives its
// element and its script, which the page's own template places.
type snippetter interface {
	RenderSnippet() render.ChartSnippet
}

// blocks renders pcs' snippets.
func blocks(pcs []pageChart) ([]chartBlock, error) {
	out := make([]chartBlock, 0, len(pcs))
	for _, pc := range pcs {
		sn := pc.chart.RenderSnippet()
		if err := checkSnippet(pc.id, sn.Element, sn.Script); err != nil {
			return nil, err
		}
		out = append(out, chartBlock{
			Notes: pc.notes, Sweep: pc.sweep, ID: containerID(pc.id), Title: pc.title,
			// go-echarts escapes the options it writes into the script.
			Element: template.HTML(sn.Element), Script: template.HTML(sn.Script),
		})
	}
	return out, nil
}

// containerID is the id of the element around chart id: the kind first,
// then the rest, joined by "-".
func containerID(id string) string { return strings.ReplaceAll(id, "_", "-") }

// writePage renders d's charts and writes the page.
func writePage(w io.Writer, d *pageData) error {
	// The tests check that the script holds no "</script".
	if len(echartsJS) != echartsSize {
		return fmt.Errorf("page: embedded echarts.min.js is %d bytes, want %d", len(echartsJS), echartsSize)
	}
	var err error
	if d.Grid, err = blocks(d.gridCharts); err != nil {
		return err
	}
	for i := range d.Sections {
		if d.Sections[i].Views, err = blocks(d.Sections[i].Blocks); err != nil {
			return err
		}
	}
	d.Head = template.HTML("<style>" + pageCSS + "</style>\n<script>/*\n" + echartsNotice + "*/\n" + echartsJS + "</script>")
	var buf bytes.Buffer
	if err := pageTemplates.Execute(&buf, d); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}
