package page

import (
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The in-flight timeline switches to a log axis when the strategies' peaks
// span a factor of ten (unbounded's 500 beside a pool's 50), so the narrow
// strategies' lines are not flattened to the floor, and draws 0 at 1, which
// a log axis can show.
func TestTimelineInFlightAxis(t *testing.T) {
	run := loadHTMLTestdata(t, "timeline.txt")
	for _, tt := range []struct {
		name    string
		only    []string // strategies kept
		wantLog bool
	}{
		{name: "peaks 500 and 50", only: nil, wantLog: true},
		{name: "peaks within a factor of ten", only: []string{"batches", "workerpool"}, wantLog: false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := run.ForScenario(run.Scenarios()[0])
			if tt.only != nil {
				kept := r.Cells[:0:0]
				for _, c := range r.Cells {
					for _, s := range tt.only {
						if c.Strategy == s {
							kept = append(kept, c)
						}
					}
				}
				r.Cells = kept
			}
			pcs, ok := timelineCharts(r, "", pageStrategies(r))
			require.True(t, ok, "the run has timelines")
			line := pcs[0].chart.(*charts.Line)
			require.NotEmpty(t, line.YAxisList, "the in-flight chart has a y axis")
			y := line.YAxisList[0]
			if !tt.wantLog {
				assert.Equal(t, "value", y.Type, "a linear axis")
				return
			}
			assert.Equal(t, "log", y.Type, "a log axis")
			assert.Contains(t, y.Name, "log scale", "the axis says so")
			for _, s := range line.MultiSeries {
				for _, d := range s.Data.([]opts.LineData) {
					assert.GreaterOrEqual(t, d.Value.([]float64)[1], 1.0, "%s: no value a log axis cannot draw", s.Name)
				}
			}
		})
	}
}
