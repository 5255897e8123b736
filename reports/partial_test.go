package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partialFile is a sweep of workerpool at 100, 200 and 400 on limited whose
// widest width was interrupted: its first repetition finished (the
// fastest time of all), its second was cut short.
const partialFile = `scenario: limited
status: interrupted
BenchmarkProcess/strategy=workerpool/concurrency=100/entries=1000 1 2.0 sec/op 0 failed/op 1000 succeeded/op
BenchmarkProcess/strategy=workerpool/concurrency=100/entries=1000 1 2.0 sec/op 0 failed/op 1000 succeeded/op
BenchmarkProcess/strategy=workerpool/concurrency=200/entries=1000 1 1.0 sec/op 0 failed/op 1000 succeeded/op
BenchmarkProcess/strategy=workerpool/concurrency=200/entries=1000 1 1.0 sec/op 0 failed/op 1000 succeeded/op
BenchmarkProcess/strategy=workerpool/concurrency=400/entries=1000 1 0.5 sec/op 0 failed/op 1000 succeeded/op
# partial BenchmarkProcess/strategy=workerpool/concurrency=400/entries=1000 rep=1 0.2 sec/op 300 succeeded/op 700 failed/op 700 failed-cancelled/op
`

func TestLoadPartial(t *testing.T) {
	run, err := Load(strings.NewReader(partialFile), "bench.txt")
	require.NoError(t, err, "Load")
	require.Len(t, run.Partials, 1, "one repetition cut short")
	p := run.Partials[0]
	assert.Equal(t, Partial{Scenario: "limited", Strategy: "workerpool", Concurrency: 400, Entries: 1000, Rep: 1, Sec: 0.2, Succeeded: 300,
		Failures: []ClassCount{{Class: "cancelled", Count: 700}}}, p, "its accounting")
	assert.Equal(t, "workerpool(400) at 1,000 entries, run 2: cut at 0.200 s, 300 succeeded, 700 cancelled", p.String(), "in words")
	c := run.Cells[2]
	require.Equal(t, 400, c.Concurrency, "the interrupted width's cell")
	assert.Equal(t, 1, c.Time.N, "only the finished repetition is in its figures")
	assert.InDelta(t, 0.5, c.Time.Mean, 1e-12, "the partial time is in no mean")
	assert.True(t, c.CutShort(run), "the cell knows it was cut short")
	assert.False(t, run.Cells[1].CutShort(run), "the others do not")

	sweeps := FindSweeps(run, 0.05)
	require.Len(t, sweeps, 0, "two widths left are no sweep: the interrupted one recommends nothing")

	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable")
	assert.Contains(t, buf.String(), "Cut short and left out of every figure above", "table.md names it")
	assert.Contains(t, buf.String(), "workerpool(400) at 1,000 entries, run 2: cut at 0.200 s", "with its figures")
}

func TestSweepTextLeavesInterruptedWidthOut(t *testing.T) {
	text := strings.Replace(partialFile, "status: interrupted\n",
		"status: interrupted\nBenchmarkProcess/strategy=workerpool/concurrency=50/entries=1000 1 4.0 sec/op 0 failed/op 1000 succeeded/op\n", 1)
	run, err := Load(strings.NewReader(text), "bench.txt")
	require.NoError(t, err, "Load")
	var buf bytes.Buffer
	_, err = WriteSweepText(&buf, run, "workerpool", 1000)
	require.NoError(t, err, "WriteSweepText")
	out := buf.String()
	assert.Contains(t, out, "knee: width 200", "the knee from the widths that finished, not the faster interrupted one: %s", out)
	assert.Regexp(t, `(?m)^\s+400\s+interrupted`, out, "the interrupted width is shown as such")
}

func TestLoadNothingMeasured(t *testing.T) {
	_, err := Load(strings.NewReader("count: 3\nstatus: interrupted\n"), "bench.txt")
	assert.EqualError(t, err, "bench.txt: nothing measured: the run's status is interrupted before its first repetition finished", "a run interrupted in its warm-up")
	_, err = Load(strings.NewReader(partialFile[strings.Index(partialFile, "# partial"):]), "bench.txt")
	assert.ErrorContains(t, err, "bench.txt: no benchmark results", "a file with no status says what it always said")
	_, err = Load(strings.NewReader("status: interrupted\n"+partialFile[strings.Index(partialFile, "# partial"):]), "bench.txt")
	assert.EqualError(t, err, "bench.txt: nothing measured: the run's status is interrupted, and its one repetition cut short is no measurement", "only a partial")
}
