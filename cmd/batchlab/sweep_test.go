package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/reports"
)

// A tiny real sweep: only its structure and accounting are checked, never
// which width is the knee (that is package sweep's, tested without a clock).
func TestSweepAccounting(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	err := run(context.Background(), []string{"sweep", "-strategy", "workerpool", "-scenario", "limited,capacity=50",
		"-delay", "2ms", "-entries", "200", "-widths", "10,20,50,100,200", "-count", "1", "-refine", "1", "-out", out}, &stdout, &stderr)
	require.NoError(t, err, "sweep: stdout=%s stderr=%s", stdout.String(), stderr.String())
	path := filepath.Join(out, "bench.txt")
	results := readResults(t, path)

	widths := map[int]int{}
	for _, r := range results {
		var strategy string
		var conc, entries int
		_, err := fmt.Sscanf(strings.ReplaceAll(r.Name.String(), "/", " "), "Process strategy=%s concurrency=%d entries=%d", &strategy, &conc, &entries)
		require.NoError(t, err, "result name %s", r.Name)
		assert.Equal(t, 200, entries, "%s: entries", r.Name)
		ok, _ := r.Value("succeeded/op")
		failed, _ := r.Value("failed/op")
		assert.Equal(t, 200.0, ok+failed, "%s: every entry ends once as succeeded or failed", r.Name)
		if strategy == "workerpool" {
			widths[conc]++
		}
		assert.Equal(t, "limited,delay=2ms,capacity=50", r.GetConfig("scenario"), "%s: scenario", r.Name)
		assert.Equal(t, "complete", r.GetConfig("status"), "%s: one block, complete", r.Name)
		assert.Equal(t, "0.05", r.GetConfig(reports.ToleranceKey), "%s: the knee tolerance, for the report", r.Name)
	}
	for _, w := range []int{10, 20, 50, 100, 200} {
		assert.Equal(t, 1, widths[w], "width %d measured once (-count 1)", w)
	}
	assert.LessOrEqual(t, len(widths), 5+2, "at most one refined width on each side: %v", widths)
	for w, n := range widths {
		assert.Equal(t, 1, n, "width %d measured with the sweep's count", w)
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err, "read bench.txt")
	assert.Equal(t, 1, strings.Count(string(data), "status: "), "one block: every width and the references")

	text := stdout.String()
	assert.Contains(t, text, "sweep of workerpool at 200 entries, scenario limited,delay=2ms,capacity=50, tolerance 5 %", "the sweep's heading")
	m := regexp.MustCompile(`(?m)^knee: width (\d+) `).FindStringSubmatch(text)
	require.NotNil(t, m, "the knee is printed: %s", text)
	knee, _ := strconv.Atoi(m[1])
	report, err := reports.LoadFile(path)
	require.NoError(t, err, "bench.txt loads")
	sweeps := reports.FindSweeps(report, report.KneeTolerance())
	require.Len(t, sweeps, 1, "the report finds the sweep")
	require.GreaterOrEqual(t, sweeps[0].Knee, 0, "the report finds a knee")
	assert.Equal(t, sweeps[0].Points[sweeps[0].Knee].Concurrency, knee, "the knee printed is the report's")
	assert.Contains(t, text, "use workerpool at width ", "the recommendation")
	assert.Contains(t, text, "adaptive(200): ", "the adaptive reference against the best")
	assert.Contains(t, text, "unbounded(200): ", "the unbounded reference against the best")
	assert.Contains(t, text, "results: "+path+" (complete)", "where bench.txt is")

	stdout.Reset()
	require.NoError(t, run(context.Background(), []string{"report", out}, &stdout, &stderr), "report renders the sweep")
	for _, name := range []string{"table.md", "report.html"} {
		fi, err := os.Stat(filepath.Join(out, name))
		require.NoError(t, err, "%s written", name)
		assert.Positive(t, fi.Size(), "%s not empty", name)
	}
}

// Widths over the budget are skipped and recorded, and are no knee.
func TestSweepSkipsOverBudget(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	// Width 1 and 2 at 2 ms: 400 and 200 ms, over a 150 ms budget.
	err := run(context.Background(), []string{"sweep", "-delay", "2ms", "-entries", "200", "-widths", "1,2,20,50,100,200",
		"-count", "1", "-budget", "150ms", "-refine", "0", "-with", "", "-out", out}, &stdout, &stderr)
	require.NoError(t, err, "sweep: stderr=%s", stderr.String())
	data, err := os.ReadFile(filepath.Join(out, "bench.txt"))
	require.NoError(t, err, "read bench.txt")
	assert.Contains(t, string(data), "# skipped BenchmarkProcess/strategy=workerpool/concurrency=1/entries=200 predicted-sec=0.4", "width 1 skipped")
	assert.Contains(t, string(data), "# skipped BenchmarkProcess/strategy=workerpool/concurrency=2/entries=200 predicted-sec=0.2", "width 2 skipped")
	assert.Equal(t, 4, strings.Count(string(data), "\nBenchmarkProcess/"), "the 4 widths within the budget, no refinement, no references")
	assert.Contains(t, stdout.String(), "predicted ≥ 400ms", "the table lists the skipped widths")
	assert.Contains(t, stdout.String(), "knee: width ", "a knee among the measured widths")
	assert.NotContains(t, stdout.String(), "adaptive(", "no references with -with \"\"")
}

// cancelOn is a stderr that cancels the run, as Ctrl-C would, when a
// line containing mark is written.
type cancelOn struct {
	lockedBuffer
	mark   string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.mark) {
		c.cancel()
	}
	return c.lockedBuffer.Write(p)
}

// Ctrl-C during the refinement keeps what was measured, marked
// interrupted, and exits 1.
func TestSweepInterrupted(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout bytes.Buffer
	stderr := &cancelOn{mark: "batchlab: refine", cancel: cancel}
	err := run(ctx, []string{"sweep", "-scenario", "limited,capacity=50", "-delay", "20ms", "-entries", "200",
		"-widths", "10,20,50,100,200", "-count", "1", "-with", "", "-out", out}, &stdout, stderr)
	require.Error(t, err, "an interrupted sweep fails")
	assert.Equal(t, 1, exitCode(err, io.Discard), "exit status: %v", err)
	assert.Contains(t, err.Error(), "interrupted", "the error says so")
	path := filepath.Join(out, "bench.txt")
	results := readResults(t, path)
	assert.GreaterOrEqual(t, len(results), 5, "the coarse widths are kept")
	for _, r := range results {
		assert.Equal(t, "interrupted", r.GetConfig("status"), "%s: the file is marked interrupted", r.Name)
	}
	assert.Contains(t, stdout.String(), "results: "+path+" (interrupted)", "the summary says so")
	assert.Contains(t, stdout.String(), "interrupted: this knee is among the widths that finished", "the knee says it saw only part of the sweep")
}
