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
		{name: "mixed concurrency in a cell", input: header + good + "BenchmarkProcess/strategy=batches/concurrency=9/entries=1000 1 0.5 sec/op\n"},
		{name: "skipped without prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000\n"},
		{name: "skipped with bad prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=soon\n"},
		{name: "skipped with NaN prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=NaN\n"},
		{name: "skipped and measured", input: header + good + "# skipped BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 predicted-sec=1\n"},
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
