package page

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/reports"
)

// The page lays out the table model that table.md renders: the same
// columns, rows and figures.
func TestTableView(t *testing.T) {
	run := loadHTMLTestdata(t, "skipped.txt")
	tables := reports.Tables(run)
	require.Len(t, tables, 1, "one scenario, one table")
	v := newTableView(tables[0], "table-1")
	require.Len(t, v.Header, len(tables[0].Columns), "one header per column")
	for i, c := range tables[0].Columns {
		assert.Equal(t, c.Name, v.Header[i].Name, "header %d", i)
		assert.Equal(t, c.Numeric, strings.Contains(v.Header[i].Class, "r"), "%s: figures right-aligned", c.Name)
		assert.Equal(t, c.Detail, strings.Contains(v.Header[i].Class, "detail"), "%s: details greyed", c.Name)
	}
	require.Len(t, v.Rows, len(tables[0].Rows), "one row per row of the model")
	seeds := 0
	for i, r := range v.Rows {
		assert.Equal(t, string(tables[0].Rows[i].Kind), r.Class, "row %d is classed by its kind", i)
		require.Len(t, r.Cells, len(v.Header), "row %d has every column", i)
		for j, c := range r.Cells {
			assert.Equal(t, tables[0].Rows[i].Cells[j], c.Text, "row %d, column %d: the model's text", i, j)
		}
		if r.Class == string(reports.RowSeed) {
			seeds++
		}
	}
	assert.Equal(t, len(reports.Seed()), seeds, "one seed row per documented size")
	assert.Equal(t, []span{{Text: "a "}, {Text: "code", Code: true}, {Text: " span"}}, codeSpans("a `code` span"), "backquotes make code spans")
}

// No two series of a page share a colour: the strategies' palette (and
// the colours past its end) never meets a failure class's, a repetition's
// or a grid band's, and each strategy keeps one colour.
func TestColoursDistinct(t *testing.T) {
	others := map[string]string{ineligibleColor: "ineligible ring", otherClassColor: "other class"}
	for class, c := range classColors {
		others[c] = "class " + class
	}
	for _, c := range repColors {
		others[c] = "repetition"
	}
	for _, b := range append(slices.Clone(timeBands), failureBands...) {
		others[b.color] = "grid band"
	}
	seen := map[string]int{}
	for i := range 60 {
		c := paletteColor(i)
		assert.Regexp(t, `^#[0-9a-f]{6}$`, c, "colour %d is #rrggbb", i)
		if j, ok := seen[c]; ok {
			t.Errorf("strategies %d and %d share colour %s", j, i, c)
		}
		seen[c] = i
		assert.NotContains(t, others, c, "strategy %d's colour %s is taken by a %s", i, c, others[c])
	}
	strategies := pageStrategies(loadHTMLTestdata(t, "sweep.txt"))
	for i, s := range strategies {
		assert.Equal(t, paletteColor(i), s.color, "%s: the %d-th colour", s.label, i)
		assert.Equal(t, s.color, colorOf(strategies, s.name, s.conc), "%s keeps its colour in every chart", s.label)
	}
}
