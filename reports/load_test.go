package reports

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadQuick(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "quick.txt"))
	require.NoError(t, err, "LoadFile(quick.txt) should succeed")
	require.Len(t, run.Cells, 15, "5 strategies × 3 sizes")

	var order []string
	for _, c := range run.Cells {
		if len(order) == 0 || order[len(order)-1] != c.Strategy {
			order = append(order, c.Strategy)
		}
	}
	assert.Equal(t, []string{"sequential", "unbounded", "batches", "workerpool", "semaphore"}, order,
		"strategies should keep the order they first appear in")
	assert.Equal(t, "5246a8049a6a", run.Setting("commit"), "commit setting should be kept")
	assert.Equal(t, "http1", run.Setting("transport"), "transport setting should be kept")
	assert.Equal(t, "", run.Setting("nosuchkey"), "an absent setting should be empty")

	c := run.Cells[6]
	require.Equal(t, "batches", c.Strategy, "cell 6 should be batches")
	assert.Equal(t, "batches(250)", c.Method(), "Method should include the concurrency")
	assert.Equal(t, 1000, c.Entries, "first batches cell should have 1000 entries")
	assert.Equal(t, 2, c.Time.N, "two runs per cell")
	assert.InDelta(t, (0.029362406+0.027724592)/2, c.Time.Mean, 1e-12, "Mean sec/op")
	assert.True(t, math.IsNaN(c.Time.Error), "Error should be NA under 3 runs")
	assert.InDelta(t, (2.937528e+06+2.929376e+06)/2, c.AllocBytesPerOp, 1e-6, "mean B/op")
	assert.InDelta(t, 0.008, c.IdealSec, 1e-12, "mean ideal-sec/op")
	assert.InDelta(t, c.Time.Mean/0.008, c.RatioToIdeal(), 1e-9, "Ratio to ideal = Mean ÷ Ideal")
	assert.InDelta(t, (0.006735+0.006079)/2, c.P99Sec, 1e-12, "mean p99-sec")
	assert.InDelta(t, 0.0, c.FailedTotal, 0, "no failures")
	assert.InDelta(t, 2000.0, run.Cells[8].GCsPer1000Ops, 1e-9, "batches/20000 has 2 gc-cycles/op in both runs")
}

func TestLoadSkipped(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "skipped.txt"))
	require.NoError(t, err, "LoadFile(skipped.txt) should succeed")
	var skipped []Cell
	for _, c := range run.Cells {
		if c.Skipped {
			skipped = append(skipped, c)
		}
	}
	require.Len(t, skipped, 3, "three sequential cells are skipped")
	for i, want := range []struct {
		entries int
		pred    float64
	}{{1000, 200}, {10000, 2000}, {20000, 4000}} {
		assert.Equal(t, "sequential", skipped[i].Strategy, "skipped strategy")
		assert.Equal(t, 1, skipped[i].Concurrency, "skipped concurrency")
		assert.Equal(t, want.entries, skipped[i].Entries, "skipped entries, ascending")
		assert.InDelta(t, want.pred, skipped[i].PredictedSec, 0, "predicted-sec of skipped cell %d", i)
	}
	assert.Equal(t, 6, run.Cells[0].Time.N, "six runs per measured cell")
	assert.False(t, math.IsNaN(run.Cells[0].Time.Error), "Error is computed with 6 runs")
}

const header = "goos: linux\ncommit: abc\n\n"

// The format's malformed lines are benchfile's tests (TestReadMalformed);
// here, Load's own error (no results) and that benchfile's errors reach the
// caller with their file:line.
func TestLoadMalformed(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{name: "empty file", input: "", want: "empty file: no benchmark results"},
		{name: "garbage", input: "\x00\x01 this is not a benchmark file\n{json: true}\n", want: "garbage: no benchmark results"},
		{name: "only config", input: header, want: "only config: no benchmark results"},
		{name: "only skipped", input: header + "# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=1 predicted-sec=1\n", want: "no benchmark results"},
		{name: "no sec/op", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 100 B/op\n", want: "no sec/op:4: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var run *Run
			var err error
			require.NotPanics(t, func() { run, err = Load(strings.NewReader(tt.input), tt.name) }, "Load(%q) should not panic", tt.name)
			require.Error(t, err, "Load(%q) should return an error", tt.name)
			assert.Contains(t, err.Error(), tt.want, "Load(%q)'s error", tt.name)
			assert.Nil(t, run, "Load(%q) should return no run on error", tt.name)
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile(filepath.Join(t.TempDir(), "nope.txt"))
	assert.Error(t, err, "LoadFile of a missing file should return an error")
}

func TestLoadNsPerOp(t *testing.T) {
	in := header + "BenchmarkProcess/strategy=pool/concurrency=4/entries=10 1 2000000 ns/op\n"
	run, err := Load(strings.NewReader(in), "ns")
	require.NoError(t, err, "Load with ns/op should succeed")
	require.Len(t, run.Cells, 1, "one cell")
	assert.InDelta(t, 0.002, run.Cells[0].Time.Mean, 1e-12, "ns/op should be read as seconds")
	assert.True(t, math.IsNaN(run.Cells[0].IdealSec), "absent ideal-sec/op should be NaN")
	assert.True(t, math.IsNaN(run.Cells[0].RatioToIdeal()), "no ideal, no ratio")
}

// A sweep writes one strategy at several widths, and a multi-scenario run
// writes one block per scenario: cells are keyed by (scenario, strategy,
// concurrency, entries).
func TestLoadScenariosAndWidths(t *testing.T) {
	const in = `goos: linux
commit: abc
status: complete

BenchmarkProcess/strategy=pool/concurrency=200/entries=100 1 2 sec/op
BenchmarkProcess/strategy=pool/concurrency=100/entries=100 1 4 sec/op
BenchmarkProcess/strategy=unbounded/concurrency=100/entries=100 1 1 sec/op
BenchmarkProcess/strategy=pool/concurrency=100/entries=50 1 3 sec/op
# skipped BenchmarkProcess/strategy=seq/concurrency=1/entries=100 predicted-sec=20
scenario: limited
status: failed

BenchmarkProcess/strategy=unbounded/concurrency=100/entries=100 1 0.5 sec/op 90 failed/op 90 failed-429/op
BenchmarkProcess/strategy=pool/concurrency=100/entries=100 1 4.5 sec/op
BenchmarkProcess/strategy=pool/concurrency=100/entries=100 1 4.7 sec/op
# skipped BenchmarkProcess/strategy=seq/concurrency=1/entries=100 predicted-sec=21
scenario: steady

BenchmarkProcess/strategy=pool/concurrency=300/entries=100 1 1.9 sec/op
`
	run, err := Load(strings.NewReader(in), "sweep")
	require.NoError(t, err, "Load should accept several widths and scenarios")

	type id struct {
		scenario, method string
		entries, runs    int
		skipped          bool
	}
	var got []id
	for _, c := range run.Cells {
		got = append(got, id{c.Scenario, c.Method(), c.Entries, c.Time.N, c.Skipped})
	}
	assert.Equal(t, []id{
		{"steady", "pool(100)", 50, 1, false},
		{"steady", "pool(100)", 100, 1, false},
		{"steady", "pool(200)", 100, 1, false},
		{"steady", "pool(300)", 100, 1, false},
		{"steady", "unbounded(100)", 100, 1, false},
		{"steady", "seq(1)", 100, 0, true},
		{"limited", "pool(100)", 100, 2, false},
		{"limited", "unbounded(100)", 100, 1, false},
		{"limited", "seq(1)", 100, 0, true},
	}, got, "scenarios, then strategies in order of first appearance, then concurrency and entries ascending")

	assert.Equal(t, []string{"steady", "limited"}, run.Scenarios(), "scenarios in order of first appearance")
	assert.Equal(t, "complete", run.Setting("status"), "Run.Settings is the first block's configuration")
	assert.Equal(t, "", run.Setting("scenario"), "the first block has no scenario line")
	assert.Equal(t, "failed", settingOf(run.ScenarioSettings("limited"), "status"), "each scenario keeps its own settings")
	assert.Equal(t, "limited", settingOf(run.ScenarioSettings("limited"), "scenario"), "the scenario setting of the block")
	assert.Equal(t, run.Settings, run.ScenarioSettings("nosuch"), "an unknown scenario falls back to the run's settings")
	assert.InDelta(t, 21.0, run.Cells[8].PredictedSec, 0, "a skipped line belongs to the scenario above it")

	limited := run.ForScenario("limited")
	require.Len(t, limited.Cells, 3, "ForScenario keeps that scenario's cells")
	assert.Equal(t, []string{"limited"}, limited.Scenarios(), "ForScenario has one scenario")
	assert.Equal(t, "failed", limited.Setting("status"), "ForScenario's settings are the scenario's")
	assert.InDelta(t, 90.0, limited.Cells[1].FailedPerRun(), 0, "failed per run")
	assert.InDelta(t, 0.0, limited.Cells[0].FailedPerRun(), 0, "no failed/op: none failed")
	assert.True(t, math.IsNaN(limited.Cells[2].FailedPerRun()), "skipped: undefined")
}

func TestLoadLimitTraces(t *testing.T) {
	const in = `scenario: limited

BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 2 sec/op 40.5 limit-mean 50 limit-final
# limit BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 rep=1 0.000:20 0.012:21 0.012:30 1.5:50
BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 2 sec/op 41.5 limit-mean 52 limit-final
# limit BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 rep=0 0.000:20 2:52
BenchmarkProcess/strategy=pool/concurrency=10/entries=100 1 2 sec/op
scenario: steady
BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 1 sec/op
`
	run, err := Load(strings.NewReader(in), "limits")
	require.NoError(t, err, "Load with limit lines")
	c := run.Cells[0]
	require.Equal(t, "adaptive", c.Strategy, "first cell")
	require.Len(t, c.LimitTraces, 2, "two repetitions traced")
	assert.Equal(t, LimitTrace{Rep: 0, Points: []LimitPoint{{0, 20}, {2, 52}}}, c.LimitTraces[0], "traces sorted by rep")
	assert.Equal(t, LimitTrace{Rep: 1, Points: []LimitPoint{{0, 20}, {0.012, 21}, {0.012, 30}, {1.5, 50}}}, c.LimitTraces[1],
		"equal times are allowed")
	assert.Equal(t, []float64{40.5, 41.5}, c.Samples["limit-mean"], "limit-mean is a metric like any other")
	assert.Nil(t, run.Cells[1].LimitTraces, "pool has no trace")
	assert.Equal(t, "steady", run.Cells[2].Scenario, "steady adaptive")
	assert.Nil(t, run.Cells[2].LimitTraces, "the limited scenario's traces stay with it")

	// Limit lines may also come after all the results.
	atEnd := "BenchmarkProcess/strategy=adaptive/concurrency=9/entries=9 1 1 sec/op\n# limit BenchmarkProcess/strategy=adaptive/concurrency=9/entries=9 rep=0 0.000:1\n"
	run, err = Load(strings.NewReader(atEnd), "at end")
	require.NoError(t, err, "a limit line after its result")
	assert.Len(t, run.Cells[0].LimitTraces, 1, "trace attached")
}

// No ideal model applies where the limit adapts: no ratio, even in files
// that recorded an ideal for it (written before the harness stopped).
func TestRatioToIdealAdaptive(t *testing.T) {
	const in = `BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 2 sec/op 0.2 ideal-sec/op 40.5 limit-mean 50 limit-final
BenchmarkProcess/strategy=traced/concurrency=100/entries=100 1 2 sec/op 0.2 ideal-sec/op
# limit BenchmarkProcess/strategy=traced/concurrency=100/entries=100 rep=0 0.000:20
BenchmarkProcess/strategy=pool/concurrency=10/entries=100 1 2 sec/op 2 ideal-sec/op
`
	run, err := Load(strings.NewReader(in), "adaptive")
	require.NoError(t, err, "Load")
	require.Len(t, run.Cells, 3, "three cells")
	for _, c := range run.Cells[:2] {
		assert.True(t, c.Adaptive(), "%s adapts its limit", c.Strategy)
		assert.True(t, math.IsNaN(c.RatioToIdeal()), "%s: no ratio where no model applies", c.Strategy)
		assert.InDelta(t, 0.2, c.IdealSec, 0, "%s: the recorded ideal is still read", c.Strategy)
	}
	assert.False(t, run.Cells[2].Adaptive(), "pool has a fixed concurrency")
	assert.InDelta(t, 1.0, run.Cells[2].RatioToIdeal(), 0, "pool's ratio to ideal")
}
