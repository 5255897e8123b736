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

func TestDefaultWidths(t *testing.T) {
	tests := []struct {
		name    string
		entries int
		want    []int
	}{
		{name: "one", entries: 1, want: []int{1}},
		{name: "in the series", entries: 20, want: []int{1, 2, 5, 10, 20}},
		{name: "entries added", entries: 30, want: []int{1, 2, 5, 10, 20, 30}},
		{name: "the seed's largest", entries: 20000, want: []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000}},
		{name: "just under a decade", entries: 999, want: []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 999}},
		{name: "the largest run", entries: 10_000_000, want: []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
			100000, 200000, 500000, 1000000, 2000000, 5000000, 10000000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, defaultWidths(tt.entries), "defaultWidths(%d)", tt.entries)
		})
	}
}

func TestSweepEndToEnd(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	// A service that takes 50 at once and answers 429 beyond: widths 100
	// and 200 fail, 10 and 20 take 400 and 200 ms, so the knee is 50
	// (80 ms), and both sides refine. At 20 ms a wave of 100 calls surely
	// reaches the service together; at 2 ms, under -race, it may not.
	err := run(context.Background(), []string{"sweep", "-strategy", "workerpool", "-scenario", "limited,capacity=50",
		"-delay", "20ms", "-entries", "200", "-widths", "10,20,50,100,200", "-count", "1", "-out", out}, &stdout, &stderr)
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
		assert.Equal(t, "limited,delay=20ms,capacity=50", r.GetConfig("scenario"), "%s: scenario", r.Name)
		assert.Equal(t, "complete", r.GetConfig("status"), "%s: one block, complete", r.Name)
		assert.Equal(t, "0.05", r.GetConfig(reports.ToleranceKey), "%s: the knee tolerance, for the report", r.Name)
	}
	for _, w := range []int{10, 20, 50, 100, 200} {
		assert.Equal(t, 1, widths[w], "width %d measured once (-count 1)", w)
	}
	assert.Greater(t, len(widths), 5, "refinement added widths: %v", widths)
	assert.LessOrEqual(t, len(widths), 5+2*3, "at most 3 refined widths on each side: %v", widths)
	for w, n := range widths {
		assert.Equal(t, 1, n, "width %d measured with the sweep's count", w)
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err, "read bench.txt")
	assert.Equal(t, 1, strings.Count(string(data), "status: "), "one block: the refined widths are appended to it")
	assert.Contains(t, string(data), "# limit BenchmarkProcess/strategy=adaptive/", "the adaptive reference's limit trace")

	text := stdout.String()
	assert.Contains(t, text, "sweep of workerpool at 200 entries, scenario limited,delay=20ms,capacity=50, tolerance 5 %", "the sweep's heading")
	m := regexp.MustCompile(`(?m)^knee: width (\d+) `).FindStringSubmatch(text)
	require.NotNil(t, m, "the knee is printed: %s", text)
	knee, _ := strconv.Atoi(m[1])
	assert.True(t, knee > 20 && knee <= 50, "the knee %d is over 20 (half as fast as 50) and at most 50 (wider fails)", knee)
	assert.Contains(t, text, "use workerpool at width ", "the recommendation")
	assert.Contains(t, text, "adaptive(200): ", "the adaptive reference against the best")
	assert.Contains(t, text, "unbounded(200): ", "the unbounded reference against the best")
	assert.Contains(t, text, "results: "+path+" (complete)", "where bench.txt is")
	assert.Contains(t, stderr.String(), "batchlab: refine below the knee", "refined below the knee")
	assert.Contains(t, stderr.String(), "batchlab: refine above the best", "refined above the best")

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
}
