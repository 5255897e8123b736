package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

// gateCell is one workerpool(250) cell at 1,000 entries of a synthetic run:
// repetition i takes sec × (1 + i/100) and has failed[i] failures (none
// when failed is shorter; no failed/op at all when it is nil and noFailed).
type gateCell struct {
	reps     int
	sec      float64
	failed   []float64
	noFailed bool
}

func gateRun(t *testing.T, name string, c gateCell) *Run {
	t.Helper()
	var b strings.Builder
	for i := range c.reps {
		fmt.Fprintf(&b, "BenchmarkProcess/strategy=workerpool/concurrency=250/entries=1000 1 %g sec/op", c.sec*(1+float64(i)/100))
		if !c.noFailed {
			f := 0.0
			if i < len(c.failed) {
				f = c.failed[i]
			}
			fmt.Fprintf(&b, " %g failed/op", f)
		}
		b.WriteString("\n")
	}
	run, err := Load(strings.NewReader(b.String()), name)
	require.NoError(t, err, "loading synthetic run %s", name)
	return run
}

func TestGateCheck(t *testing.T) {
	slower5 := Gate{Slower: true, SlowerPct: 5}
	failed := Gate{Failed: true}
	tests := []struct {
		name           string
		gate           Gate
		old, new       gateCell
		wantUnits      []string // units of the regressions, in order
		wantUntestable int
	}{
		{name: "twice as slow", gate: slower5, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 2}, wantUnits: []string{benchfile.UnitSec}},
		{name: "same values", gate: slower5, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 1}},
		{name: "3 % slower, threshold 5 %", gate: slower5, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 1.03}},
		{name: "3 % slower, threshold 2 %", gate: Gate{Slower: true, SlowerPct: 2}, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 1.03}, wantUnits: []string{benchfile.UnitSec}},
		{name: "3 % slower, threshold 0", gate: Gate{Slower: true}, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 1.03}, wantUnits: []string{benchfile.UnitSec}},
		{name: "twice as fast", gate: slower5, old: gateCell{reps: 6, sec: 2}, new: gateCell{reps: 6, sec: 1}},
		{name: "twice as slow, 3 repetitions: not significant", gate: slower5, old: gateCell{reps: 3, sec: 1}, new: gateCell{reps: 3, sec: 2}, wantUntestable: 1},
		{name: "twice as slow, 4 repetitions", gate: slower5, old: gateCell{reps: 4, sec: 1}, new: gateCell{reps: 4, sec: 2}, wantUnits: []string{benchfile.UnitSec}},
		{name: "same values, 2 repetitions: untestable", gate: slower5, old: gateCell{reps: 2, sec: 1}, new: gateCell{reps: 2, sec: 1}, wantUntestable: 1},
		{name: "twice as slow, failures not checked", gate: failed, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 2}},
		{name: "failures grew", gate: failed, old: gateCell{reps: 6, sec: 1, failed: []float64{1, 1, 1, 1, 1, 1}}, new: gateCell{reps: 6, sec: 1, failed: []float64{2, 2, 2, 2, 2, 2}}, wantUnits: []string{benchfile.UnitFailed}},
		{name: "first failure, median still 0", gate: failed, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 1, failed: []float64{0, 0, 3}}, wantUnits: []string{benchfile.UnitFailed}},
		{name: "failures grew in 2 repetitions", gate: failed, old: gateCell{reps: 2, sec: 1, failed: []float64{1, 1}}, new: gateCell{reps: 2, sec: 1, failed: []float64{5, 5}}, wantUnits: []string{benchfile.UnitFailed}},
		{name: "same failures", gate: failed, old: gateCell{reps: 6, sec: 1, failed: []float64{4, 4, 5, 5, 6, 6}}, new: gateCell{reps: 6, sec: 1, failed: []float64{4, 4, 5, 5, 6, 6}}},
		{name: "fewer failures", gate: failed, old: gateCell{reps: 6, sec: 1, failed: []float64{4, 4, 4, 4, 4, 4}}, new: gateCell{reps: 6, sec: 1, failed: []float64{1}}},
		{name: "slower and failing", gate: Gate{Slower: true, SlowerPct: 5, Failed: true}, old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 2, failed: []float64{1, 1, 1, 1, 1, 1}}, wantUnits: []string{benchfile.UnitSec, benchfile.UnitFailed}},
		{name: "zero gate checks nothing", old: gateCell{reps: 6, sec: 1}, new: gateCell{reps: 6, sec: 2, failed: []float64{1, 1, 1, 1, 1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Compare(gateRun(t, "old", tt.old), gateRun(t, "new", tt.new))
			require.NoError(t, err, "Compare")
			res, err := tt.gate.Check(c)
			require.NoError(t, err, "Check")
			var units []string
			for _, r := range res.Regressions {
				units = append(units, r.Unit)
				assert.Equal(t, "workerpool", r.Strategy, "the regression names its cell")
			}
			assert.Equal(t, tt.wantUnits, units, "%+v.Check: the units of the regressions", tt.gate)
			assert.Len(t, res.Untestable, tt.wantUntestable, "%+v.Check: cells whose time check cannot fail", tt.gate)
		})
	}
}

// A check whose metric is in neither run fails rather than passing.
func TestGateCheckMissingMetric(t *testing.T) {
	c, err := Compare(gateRun(t, "old", gateCell{reps: 6, sec: 1, noFailed: true}), gateRun(t, "new", gateCell{reps: 6, sec: 1, noFailed: true}))
	require.NoError(t, err, "Compare")
	_, err = Gate{Slower: true, Failed: true}.Check(c)
	assert.ErrorIs(t, err, ErrGateMetric, "-fail-failed without failed/op in the runs")
	assert.ErrorContains(t, err, "no cell reports failed/op in both runs", "the error names the metric")
}

func TestRegressionString(t *testing.T) {
	c, err := Compare(gateRun(t, "old", gateCell{reps: 6, sec: 1}), gateRun(t, "new", gateCell{reps: 6, sec: 2}))
	require.NoError(t, err, "Compare")
	res, err := Gate{Slower: true, SlowerPct: 5}.Check(c)
	require.NoError(t, err, "Check")
	require.Len(t, res.Regressions, 1, "twice as slow is one regression")
	assert.Equal(t, "steady: workerpool(250)/entries=1000 sec/op 1.025 → 2.050 +100.00% p=0.002 n=6", res.Regressions[0].String(), "one line")
}
