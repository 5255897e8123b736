package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timelineLines returns testdata/timeline.txt as lines, without the last
// newline: line n of the file is lines[n-1].
func timelineLines(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "timeline.txt"))
	require.NoError(t, err, "read testdata")
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// upTo returns lines 1..n-1 whole and line n cut just after marker, with no
// final newline: the file as a write cut short leaves it.
func upTo(lines []string, n int, marker string) string {
	l := lines[n-1]
	return strings.Join(lines[:n-1], "\n") + "\n" + l[:strings.Index(l, marker)+len(marker)]
}

// A damaged line reaches the Run, for report and compare to print, and is
// in no cell.
func TestLoadDamaged(t *testing.T) {
	lines := timelineLines(t)
	whole := strings.Join(lines, "\n") + "\n"
	run, err := Load(strings.NewReader(whole), "bench.txt")
	require.NoError(t, err, "Load")
	assert.Empty(t, run.Damaged, "a whole file has no damage")

	cellRuns := func(run *Run, strategy string) int {
		for _, c := range run.Cells {
			if c.Strategy == strategy && c.Scenario == "steady,delay=20ms" {
				return c.Time.N
			}
		}
		return 0
	}
	tests := []struct {
		name     string
		in       string
		warnings []string
		strategy string // the cell that lost a run
		runs     int    // its runs left
	}{
		{name: "cut after succeeded/op", in: upTo(lines, 24, " succeeded/op"),
			warnings: []string{"bench.txt:24: last line has no newline (cut short?): skipped"}, strategy: "unbounded", runs: 1},
		{name: "cut after B/op", in: upTo(lines, 28, " B/op"),
			warnings: []string{"bench.txt:28: last line has no newline (cut short?): skipped"}, strategy: "batches", runs: 1},
		{name: "cut mid timeline record", in: upTo(lines, 30, "0.011:"),
			warnings: []string{"bench.txt:30: last line has no newline (cut short?): skipped"}, strategy: "workerpool", runs: 1},
		{name: "counts do not sum", in: strings.Replace(whole, " 500 succeeded/op", " 499 succeeded/op", 1),
			warnings: []string{
				"bench.txt:21: succeeded 499 + failed 0 ≠ entries 500: skipped",
				"bench.txt:22: timeline record of the result at line 21: skipped",
				"bench.txt:23: latency record of the result at line 21: skipped",
			}, strategy: "unbounded", runs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, err := Load(strings.NewReader(tt.in), "bench.txt")
			require.NoError(t, err, "a damaged line is skipped, not an error")
			var got []string
			for _, d := range run.Damaged {
				got = append(got, d.String())
			}
			assert.Equal(t, tt.warnings, got, "the warnings name the line")
			assert.Equal(t, tt.runs, cellRuns(run, tt.strategy), "the damaged run is in no cell")
			require.NoError(t, WriteTable(&strings.Builder{}, run), "the table renders without it")
		})
	}
}

// A file whose only result is damaged has nothing to show, and the error
// says which line was skipped and why.
func TestLoadOnlyDamaged(t *testing.T) {
	lines := timelineLines(t)
	_, err := Load(strings.NewReader(upTo(lines, 21, " B/op")), "bench.txt")
	require.Error(t, err, "nothing measured")
	assert.Contains(t, err.Error(), "skipped as damaged: bench.txt:21: last line has no newline (cut short?)", "the error names the damaged line")
}

// Every file the repository keeps loads without a warning.
func TestLoadWholeFilesNoDamage(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	require.NoError(t, err, "glob")
	results, err := filepath.Glob(filepath.Join("..", "results", "*", ResultFile))
	require.NoError(t, err, "glob")
	for _, p := range append(paths, results...) {
		run, err := LoadPath(p)
		if err != nil {
			continue // compare.quick-skipped.txt is no result file
		}
		assert.Empty(t, run.Damaged, "%s is whole", p)
	}
}
