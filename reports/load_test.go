package reports

import (
	"math"
	"path/filepath"
	"strconv"
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

func TestLoadMalformed(t *testing.T) {
	good := "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 0.5 sec/op 100 B/op\n"
	tests := []struct {
		name  string
		input string
	}{
		{name: "empty file", input: ""},
		{name: "garbage", input: "\x00\x01 this is not a benchmark file\n{json: true}\n"},
		{name: "only config", input: header},
		{name: "bad value", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 abc sec/op\n"},
		{name: "bad iteration count", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 x 0.5 sec/op\n"},
		{name: "value without unit", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 0.5\n"},
		{name: "no sec/op", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 100 B/op\n"},
		{name: "no strategy", input: header + "BenchmarkProcess/concurrency=250/entries=1000 1 0.5 sec/op\n"},
		{name: "bad entries", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=many 1 0.5 sec/op\n"},
		{name: "no concurrency", input: header + "BenchmarkProcess/strategy=batches/entries=1000 1 0.5 sec/op\n"},
		{name: "zero concurrency", input: header + "BenchmarkProcess/strategy=batches/concurrency=0/entries=1000 1 0.5 sec/op\n"},
		{name: "zero entries", input: header + "BenchmarkProcess/strategy=batches/concurrency=1/entries=0 1 0.5 sec/op\n"},
		{name: "skipped without prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000\n"},
		{name: "skipped with bad prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=soon\n"},
		{name: "skipped with NaN prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=NaN\n"},
		{name: "skipped and measured", input: header + good + "# skipped BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 predicted-sec=1\n"},
		{name: "skipped and measured in one scenario", input: header + "scenario: limited\n" + good + "# skipped BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 predicted-sec=1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var run *Run
			var err error
			require.NotPanics(t, func() { run, err = Load(strings.NewReader(tt.input), tt.name) }, "Load(%q) should not panic", tt.name)
			assert.Error(t, err, "Load(%q) should return an error", tt.name)
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

// benchfmt's rules for configuration lines decide which scenario a comment
// belongs to: "scenario:" with no value deletes the key, and "key:value"
// without a space is not a configuration line at all.
func TestLoadScenarioConfigRules(t *testing.T) {
	const in = `scenario: flaky
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=1 predicted-sec=1
scenario:
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 2 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=2 predicted-sec=1
scenario:limited
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 3 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=3 predicted-sec=1
scenario:	tabbed
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 4 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=4 predicted-sec=1
`
	run, err := Load(strings.NewReader(in), "rules")
	require.NoError(t, err, "Load")
	byScenario := map[string][]string{}
	for _, c := range run.Cells {
		byScenario[c.Scenario] = append(byScenario[c.Scenario], c.Method()+"/"+strconv.Itoa(c.Entries))
	}
	assert.Equal(t, []string{"flaky", "steady", "tabbed"}, run.Scenarios(), "scenarios as benchfmt reads them")
	assert.Equal(t, map[string][]string{
		"flaky":  {"a(1)/1", "s(1)/1"},
		"steady": {"a(1)/1", "s(1)/2", "s(1)/3"},
		"tabbed": {"a(1)/1", "s(1)/4"},
	}, byScenario, "results and skipped lines agree on their scenario")
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

func TestLoadMalformedLimit(t *testing.T) {
	good := header + "BenchmarkProcess/strategy=adaptive/concurrency=9/entries=9 1 1 sec/op\n"
	const name = "BenchmarkProcess/strategy=adaptive/concurrency=9/entries=9"
	tests := []struct {
		name, line string
	}{
		{name: "no rep", line: "# limit " + name + " 0.000:1"},
		{name: "bad rep", line: "# limit " + name + " rep=x 0.000:1"},
		{name: "negative rep", line: "# limit " + name + " rep=-1 0.000:1"},
		{name: "no name", line: "# limit rep=0 0.000:1"},
		{name: "nothing", line: "# limit "},
		{name: "point without colon", line: "# limit " + name + " rep=0 0.000"},
		{name: "bad time", line: "# limit " + name + " rep=0 x:1"},
		{name: "NaN time", line: "# limit " + name + " rep=0 NaN:1"},
		{name: "negative time", line: "# limit " + name + " rep=0 -1:1"},
		{name: "bad limit", line: "# limit " + name + " rep=0 0.1:1.5"},
		{name: "negative limit", line: "# limit " + name + " rep=0 0.1:-3"},
		{name: "time goes back", line: "# limit " + name + " rep=0 0.5:1 0.4:2"},
		{name: "no measured cell", line: "# limit BenchmarkProcess/strategy=other/concurrency=9/entries=9 rep=0 0.000:1"},
		{name: "other scenario", line: "scenario: limited\n# limit " + name + " rep=0 0.000:1"},
		{name: "skipped cell", line: "# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=9 predicted-sec=1\n# limit BenchmarkProcess/strategy=s/concurrency=1/entries=9 rep=0 0.000:1"},
		{name: "repeated rep", line: "# limit " + name + " rep=0 0.000:1\n# limit " + name + " rep=0 0.000:2"},
		{name: "bad name keys", line: "# limit BenchmarkProcess/strategy=adaptive/entries=9 rep=0 0.000:1"},
		{name: "longer than benchfmt reads", line: "# limit " + name + " rep=0" + strings.Repeat(" 1.000:1", 9000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good + tt.line + "\n"
			run, err := Load(strings.NewReader(in), "bad.txt")
			require.Error(t, err, "Load with %q should fail", short(tt.line))
			assert.Nil(t, run, "no run on error")
			wantLine := strings.Count(good, "\n") + strings.Count(tt.line, "\n") + 1
			assert.Contains(t, err.Error(), "bad.txt:"+strconv.Itoa(wantLine)+":", "the error names file:line")
		})
	}
}
