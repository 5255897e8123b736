package reports

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sweepPt is one width of a hand-written sweep: its sec/op per run and its
// failed entries per run, all of one class.
type sweepPt struct {
	conc   int
	secs   []float64
	failed float64
	class  string
}

// sweepText writes a result file with strategy at each width of pts, at
// entries, in scenario ("" for no scenario line), plus extra lines.
func sweepText(scenario, strategy string, entries int, pts []sweepPt, extra ...string) string {
	var b strings.Builder
	if scenario != "" {
		fmt.Fprintf(&b, "scenario: %s\n", scenario)
	}
	for _, p := range pts {
		for _, sec := range p.secs {
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=%s/concurrency=%d/entries=%d 1 %g sec/op %g failed/op", strategy, p.conc, entries, sec, p.failed)
			if p.failed > 0 {
				fmt.Fprintf(&b, " %g failed-%s/op", p.failed, p.class)
			}
			b.WriteString("\n")
		}
	}
	for _, e := range extra {
		b.WriteString(e + "\n")
	}
	return b.String()
}

func one(sec float64) []float64 { return []float64{sec, sec} }

func TestFindSweepsKnee(t *testing.T) {
	tests := []struct {
		name            string
		entries         int
		tolerance       float64
		pts             []sweepPt
		best, knee      int // widths; 0 for none
		recommendation  string
		eligibleWidths  []int
		failedFracWidth int // a width whose FailedFrac is checked
		failedFrac      float64
	}{
		{
			name: "knee below best", entries: 1000, tolerance: 0.05,
			pts:  []sweepPt{{conc: 100, secs: one(10)}, {conc: 200, secs: one(5.1)}, {conc: 400, secs: one(5.0)}, {conc: 800, secs: one(4.95)}},
			best: 800, knee: 200, eligibleWidths: []int{100, 200, 400, 800},
			recommendation: "use pool at width 200: 5.10 s; wider gains under 5 %, narrower adds time (100: 10.0 s)",
		},
		{
			name: "best is the knee, widest width", entries: 1000, tolerance: 0.05,
			pts:  []sweepPt{{conc: 100, secs: one(8)}, {conc: 200, secs: one(4)}, {conc: 400, secs: one(2)}},
			best: 400, knee: 400, eligibleWidths: []int{100, 200, 400},
			recommendation: "use pool at width 400: 2.00 s; narrower adds time (200: 4.00 s)",
		},
		{
			name: "best is the knee, narrowest width", entries: 1000, tolerance: 0.05,
			pts:  []sweepPt{{conc: 100, secs: one(1)}, {conc: 200, secs: one(1.2)}, {conc: 400, secs: one(1.5)}},
			best: 100, knee: 100, eligibleWidths: []int{100, 200, 400},
			recommendation: "use pool at width 100: 1.00 s; wider gains nothing (200: 1.20 s)",
		},
		{
			name: "failures make wide widths ineligible", entries: 20000, tolerance: 0.05,
			pts: []sweepPt{{conc: 200, secs: one(20.1)}, {conc: 500, secs: one(8.1)},
				{conc: 1000, secs: one(4.3), failed: 9850, class: "429"}, {conc: 2000, secs: one(2.2), failed: 15000, class: "429"}},
			best: 500, knee: 500, eligibleWidths: []int{200, 500},
			recommendation:  "use workerpool at width 500: 8.10 s; wider adds 429s (1000: 9,850 failed per run), narrower adds time (200: 20.1 s)",
			failedFracWidth: 1000, failedFrac: 9850.0 / 20000,
		},
		{
			name: "flaky: every width fails 10 %, all eligible", entries: 1000, tolerance: 0.05,
			pts: []sweepPt{{conc: 100, secs: one(2.0), failed: 100, class: "5xx"}, {conc: 250, secs: one(0.8), failed: 100, class: "5xx"},
				{conc: 500, secs: one(0.4), failed: 100, class: "5xx"}},
			best: 500, knee: 500, eligibleWidths: []int{100, 250, 500},
			recommendation:  "use pool at width 500: 400 ms, 100 failed per run (5xx); narrower adds time (250: 800 ms)",
			failedFracWidth: 250, failedFrac: 0.1,
		},
		{
			name: "0.1 % more failures is still eligible, more is not", entries: 1000, tolerance: 0.05,
			pts: []sweepPt{{conc: 100, secs: one(2.0)}, {conc: 200, secs: one(1.0), failed: 1, class: "timeout"},
				{conc: 400, secs: one(0.5), failed: 2, class: "timeout"}},
			best: 200, knee: 200, eligibleWidths: []int{100, 200},
			recommendation: "use pool at width 200: 1.00 s, 1 failed per run (timeout); wider adds timeouts (400: 2 failed per run), narrower adds time (100: 2.00 s)",
		},
		{
			name: "tie for best: the narrower wins", entries: 1000, tolerance: 0.05,
			pts:  []sweepPt{{conc: 100, secs: one(3)}, {conc: 200, secs: one(2)}, {conc: 400, secs: one(2)}},
			best: 200, knee: 200, eligibleWidths: []int{100, 200, 400},
			recommendation: "use pool at width 200: 2.00 s; wider gains nothing (400: 2.00 s), narrower adds time (100: 3.00 s)",
		},
		{
			name: "all equal, zero tolerance", entries: 1000, tolerance: 0,
			pts:  []sweepPt{{conc: 100, secs: one(2)}, {conc: 200, secs: one(2)}, {conc: 400, secs: one(2)}},
			best: 100, knee: 100, eligibleWidths: []int{100, 200, 400},
			recommendation: "use pool at width 100: 2.00 s; wider gains nothing (200: 2.00 s)",
		},
		{
			name: "zero tolerance: knee is best", entries: 1000, tolerance: 0,
			pts:  []sweepPt{{conc: 100, secs: one(10)}, {conc: 200, secs: one(5.1)}, {conc: 400, secs: one(5.0)}, {conc: 800, secs: one(6)}},
			best: 400, knee: 400, eligibleWidths: []int{100, 200, 400, 800},
			recommendation: "use pool at width 400: 5.00 s; wider gains nothing (800: 6.00 s), narrower adds time (200: 5.10 s)",
		},
		{
			name: "negative tolerance counts as zero", entries: 1000, tolerance: -1,
			pts:  []sweepPt{{conc: 100, secs: one(10)}, {conc: 200, secs: one(5.1)}, {conc: 400, secs: one(5.0)}},
			best: 400, knee: 400, eligibleWidths: []int{100, 200, 400},
			recommendation: "use pool at width 400: 5.00 s; narrower adds time (200: 5.10 s)",
		},
		{
			name: "wide tolerance: knee far below best", entries: 1000, tolerance: 0.5,
			pts:  []sweepPt{{conc: 100, secs: one(2.9)}, {conc: 200, secs: one(2.4)}, {conc: 400, secs: one(2.0)}, {conc: 800, secs: one(1.7)}},
			best: 800, knee: 200, eligibleWidths: []int{100, 200, 400, 800},
			recommendation: "use pool at width 200: 2.40 s; wider gains under 50 %, narrower adds time (100: 2.90 s)",
		},
		{
			name: "the narrowest fails most", entries: 1000, tolerance: 0.05,
			pts: []sweepPt{{conc: 1, secs: one(200), failed: 500, class: "timeout"}, {conc: 100, secs: one(2)},
				{conc: 200, secs: one(1), failed: 300, class: "reset"}},
			best: 100, knee: 100, eligibleWidths: []int{100},
			recommendation: "use pool at width 100: 2.00 s; wider adds resets (200: 300 failed per run), narrower adds time (1: 200 s)",
		},
		{
			name: "a width without a time is not a candidate", entries: 1000, tolerance: 0.05,
			pts:  []sweepPt{{conc: 100, secs: one(2)}, {conc: 200, secs: one(1)}, {conc: 400, secs: []float64{math.NaN(), math.NaN()}}},
			best: 200, knee: 200, eligibleWidths: []int{100, 200},
			recommendation: "use pool at width 200: 1.00 s; wider has no measured time (400), narrower adds time (100: 2.00 s)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strategy := "pool"
			if tt.entries == 20000 {
				strategy = "workerpool"
			}
			run, err := Load(strings.NewReader(sweepText("limited", strategy, tt.entries, tt.pts)), tt.name)
			require.NoError(t, err, "Load")
			sweeps := FindSweeps(run, tt.tolerance)
			require.Len(t, sweeps, 1, "one sweep")
			s := sweeps[0]
			assert.Equal(t, "limited", s.Scenario, "scenario")
			assert.Equal(t, strategy, s.Strategy, "strategy")
			assert.Equal(t, tt.entries, s.Entries, "entries")
			require.Len(t, s.Points, len(tt.pts), "one point per width")
			for i, p := range s.Points {
				assert.Equal(t, tt.pts[i].conc, p.Concurrency, "points ascending")
				assert.Equal(t, 2, p.Runs, "two runs per width")
				assert.InDelta(t, tt.pts[i].failed, p.Failed, 1e-9, "mean failed per run at %d", p.Concurrency)
				if p.Concurrency == tt.failedFracWidth {
					assert.InDelta(t, tt.failedFrac, p.FailedFrac, 1e-12, "FailedFrac at %d", p.Concurrency)
				}
			}
			widthAt := func(i int) int {
				if i < 0 {
					return 0
				}
				return s.Points[i].Concurrency
			}
			assert.Equal(t, tt.best, widthAt(s.Best), "Best")
			assert.Equal(t, tt.knee, widthAt(s.Knee), "Knee")
			var elig []int
			for i, ok := range s.eligible() {
				if ok {
					elig = append(elig, s.Points[i].Concurrency)
				}
			}
			assert.Equal(t, tt.eligibleWidths, elig, "eligible widths")
			assert.Equal(t, tt.recommendation, s.Recommendation(), "Recommendation")
		})
	}
}

func TestFindSweepsNone(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{name: "two widths", text: sweepText("", "pool", 1000, []sweepPt{{conc: 100, secs: one(2)}, {conc: 200, secs: one(1)}})},
		{name: "one width", text: sweepText("", "pool", 1000, []sweepPt{{conc: 100, secs: one(2)}})},
		{name: "three widths, one skipped", text: sweepText("", "pool", 1000, []sweepPt{{conc: 100, secs: one(2)}, {conc: 200, secs: one(1)}},
			"# skipped BenchmarkProcess/strategy=pool/concurrency=1/entries=1000 predicted-sec=200")},
		{name: "three widths at three sizes", text: "BenchmarkProcess/strategy=pool/concurrency=1/entries=10 1 1 sec/op\n" +
			"BenchmarkProcess/strategy=pool/concurrency=2/entries=20 1 1 sec/op\n" +
			"BenchmarkProcess/strategy=pool/concurrency=3/entries=30 1 1 sec/op\n"},
		{name: "three widths in three scenarios", text: sweepText("a", "pool", 1000, []sweepPt{{conc: 100, secs: one(2)}}) +
			sweepText("b", "pool", 1000, []sweepPt{{conc: 200, secs: one(2)}}) + sweepText("c", "pool", 1000, []sweepPt{{conc: 400, secs: one(2)}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, err := Load(strings.NewReader(tt.text), tt.name)
			require.NoError(t, err, "Load")
			assert.Empty(t, FindSweeps(run, DefaultTolerance), "no sweep")
		})
	}
}

// Sweeps are found per scenario and size; Others holds the strategies of
// the same scenario and size that are not swept there.
func TestFindSweepsOthers(t *testing.T) {
	pts := []sweepPt{{conc: 100, secs: one(4)}, {conc: 200, secs: one(2)}, {conc: 400, secs: one(1)}}
	text := sweepText("limited", "pool", 1000, pts,
		"BenchmarkProcess/strategy=adaptive/concurrency=1000/entries=1000 1 1.1 sec/op 20 failed/op 20 failed-429/op",
		"BenchmarkProcess/strategy=adaptive/concurrency=1000/entries=1000 1 1.1 sec/op 10 failed/op 10 failed-429/op",
		"BenchmarkProcess/strategy=unbounded/concurrency=2000/entries=2000 1 0.5 sec/op",
		"BenchmarkProcess/strategy=window/concurrency=100/entries=1000 1 4.2 sec/op",
		"BenchmarkProcess/strategy=window/concurrency=200/entries=1000 1 2.2 sec/op",
		"# skipped BenchmarkProcess/strategy=seq/concurrency=1/entries=1000 predicted-sec=200",
	) + sweepText("steady", "pool", 1000, pts, "BenchmarkProcess/strategy=adaptive/concurrency=1000/entries=1000 1 3 sec/op") +
		sweepText("steady", "batches", 1000, pts)
	run, err := Load(strings.NewReader(text), "others")
	require.NoError(t, err, "Load")
	sweeps := FindSweeps(run, DefaultTolerance)
	require.Len(t, sweeps, 3, "limited/pool, steady/pool and steady/batches")

	type id struct{ scenario, strategy string }
	var ids []id
	for _, s := range sweeps {
		ids = append(ids, id{s.Scenario, s.Strategy})
	}
	assert.Equal(t, []id{{"limited", "pool"}, {"steady", "pool"}, {"steady", "batches"}}, ids, "in the run's order")

	var others []string
	for _, c := range sweeps[0].Others {
		others = append(others, c.Method())
	}
	assert.Equal(t, []string{"adaptive(1000)", "window(100)", "window(200)"}, others,
		"same scenario and size, measured, not swept; unbounded at 2000 and the skipped seq are not references")
	assert.Equal(t, []string{
		"adaptive(1000): 1.10 s (+10.0 % vs width 400), 15 failed per run (429)",
		"window(100): 4.20 s (+320.0 % vs width 400), no failures",
		"window(200): 2.20 s (+120.0 % vs width 400), no failures",
	}, sweeps[0].ReferenceLines(), "reference lines against the best width")

	var steadyOthers []string
	for _, c := range sweeps[1].Others {
		steadyOthers = append(steadyOthers, c.Method())
	}
	assert.Equal(t, []string{"adaptive(1000)"}, steadyOthers, "batches is swept too, so it is no reference line of pool")
	assert.InDelta(t, 3.0, sweeps[1].Others[0].Time.Mean, 0, "the steady adaptive, not the limited one")
}

func TestRecommendationWithoutKnee(t *testing.T) {
	s := Sweep{Strategy: "pool", Entries: 1000, Best: -1, Knee: -1,
		Points: []SweepPoint{{Concurrency: 1, Time: Stats{Mean: math.NaN()}}},
		Others: []Cell{{Strategy: "adaptive", Concurrency: 9, Entries: 1000, Time: Stats{N: 1, Mean: 2}, FailedTotal: 0}}}
	assert.Equal(t, "no width of pool at 1,000 entries has a measured time", s.Recommendation(), "no knee")
	assert.Equal(t, []string{"adaptive(9): 2.00 s, no failures"}, s.ReferenceLines(), "no comparison without a best width")
}

func TestFormatSeconds(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{8.1, "8.10 s"}, {20.15, "20.1 s"}, {0.63, "630 ms"}, {200, "200 s"}, {4000, "4,000 s"}, {0.0123, "12.3 ms"}, {math.NaN(), "NA"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, formatSeconds(tt.v), "formatSeconds(%v)", tt.v)
	}
}

// TestKneeTolerance checks that the report finds the knee at the tolerance
// the sweep recorded, so it agrees with what the sweep printed.
func TestKneeTolerance(t *testing.T) {
	data, err := os.ReadFile("testdata/sweep.txt")
	require.NoError(t, err)
	for _, tt := range []struct {
		header string
		want   float64
	}{
		{"", DefaultTolerance},
		{"knee-tolerance: 0.5\n", 0.5},
		{"knee-tolerance: 0\n", DefaultTolerance},
		{"knee-tolerance: 1.5\n", DefaultTolerance},
		{"knee-tolerance: many\n", DefaultTolerance},
	} {
		run, err := Load(strings.NewReader(tt.header+string(data)), "sweep.txt")
		require.NoError(t, err, "header %q", tt.header)
		assert.Equal(t, tt.want, run.KneeTolerance(), "header %q", tt.header)
		var table bytes.Buffer
		require.NoError(t, WriteTable(&table, run))
		assert.Contains(t, strings.Join(strings.Fields(table.String()), " "), kneeRule(tt.want), "table.md states the rule at the recorded tolerance (header %q)", tt.header)
	}
}

func TestFormatCount(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999.4, "999"},
		{999.6, "1,000"},
		{18333.3, "18,333"},
		{1234567, "1,234,567"},
		{-1234.4, "-1,234"},
		{math.NaN(), "-"},
		{math.Inf(1), "-"},
	} {
		assert.Equal(t, tt.want, FormatCount(tt.v), "FormatCount(%v)", tt.v)
	}
}
