package reports

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestWriteTableGolden(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		golden string
	}{
		{name: "quick run, 2 runs per cell", input: "quick.txt", golden: "quick.table.md"},
		{name: "6 runs per cell with skipped cells", input: "skipped.txt", golden: "skipped.table.md"},
		{name: "a width sweep on the limited scenario", input: "sweep.txt", golden: "sweep.table.md"},
		{name: "three scenarios with limit traces", input: "scenarios.txt", golden: "scenarios.table.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, err := LoadFile(filepath.Join("testdata", tt.input))
			require.NoError(t, err, "LoadFile(%s) should succeed", tt.input)
			var buf bytes.Buffer
			require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")

			golden := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644), "writing %s", golden)
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "golden %s should exist (run go test -update)", golden)
			assert.Equal(t, string(want), buf.String(), "WriteTable(%s) should match %s", tt.input, golden)
		})
	}
}

func TestWriteTableContents(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "skipped.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")
	out := buf.String()

	tests := []struct {
		name string
		want string
	}{
		{name: "header", want: "| Method "},
		{name: "title", want: "# batchlab results: scenario steady\n"},
		{name: "settings as a list", want: "\n- cpu: AMD EPYC\n- go: go1.26.8\n"},
		{name: "skipped cell marked predicted", want: "200,000.0 ms " + PredictedMark},
		{name: "one-generation note", want: "Go's collector has one generation"},
		{name: "KB note", want: "1 KB = 1024 B"},
		{name: "seed source named", want: SeedSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, out, tt.want, "table should contain %q", tt.want)
		})
	}

	var header []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| Method") {
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				header = append(header, strings.TrimSpace(c))
			}
			break
		}
	}
	var main []string
	for _, c := range baseColumns() {
		if !c.Detail {
			main = append(main, c.Name)
		}
	}
	assert.Equal(t, main, header, "the first table's header should list the columns most read")
	assert.Regexp(t, `\nDetails [^\n]*\n\n\| Method +\| NumEntries \| +Ideal \| +GCs/1000 ops \|\n`, out, "the details table repeats Method and NumEntries")
}

func TestWriteTableSeedRows(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "skipped.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")
	out := buf.String()
	for _, want := range []string{"893.5 ms", "9,662.7 ms", "18,542.4 ms", "20.03 MB", "200.81 MB", "409.16 MB", SeedMethod, SeedRatioMethod} {
		assert.Contains(t, out, want, "table should show the seed's documented %q beside batches", want)
	}
	assert.Equal(t, 6, bytes.Count(buf.Bytes(), []byte("| "+SeedMethod)), "one seed row per documented NumEntries, in both tables")
	assert.Equal(t, 3, bytes.Count(buf.Bytes(), []byte("| "+SeedRatioMethod)), "the ratio rows only in the first table")
}

type failWriter struct{ after int }

var errFail = errors.New("write failed")

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errFail
	}
	f.after--
	return len(p), nil
}

func TestWriteTableReturnsWriteError(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "quick.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	for _, after := range []int{0, 1, 5} {
		err := WriteTable(&failWriter{after: after}, run)
		assert.ErrorIs(t, err, errFail, "WriteTable with a writer failing after %d writes should return its error", after)
	}
}

func TestWriteTableScenarios(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "scenarios.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")
	out := buf.String()

	var headings []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "## ") {
			headings = append(headings, line)
		}
	}
	assert.Equal(t, []string{"## scenario: steady", "## scenario: limited", "## scenario: flaky"}, headings, "one section per scenario, in file order")
	assert.Equal(t, 6, strings.Count(out, "| Method "), "two tables per scenario")
	assert.Contains(t, out, "Scenarios: steady, limited, flaky.", "the scenarios are listed first")
	assert.NotContains(t, out, "scenario steady", "the scenario is not among the run-wide settings")
	assert.Equal(t, 1, strings.Count(out, "- Mean: arithmetic mean"), "the notes once, at the end")

	_, limited, found := strings.Cut(out, "## scenario: limited")
	require.True(t, found, "limited section")
	limited, _, _ = strings.Cut(limited, "## scenario: flaky")
	assert.Regexp(t, `\| unbounded\(5000\) +\| +5000 \|[^\n]*\| +9,000 \|\n`, limited, "the limited section holds limited's failures")
	assert.Regexp(t, `\| unbounded\(5000\) +\| +5000 \|[^\n]*\| 429 9,000 +\| +- \|\n`, limited, "and splits them by class")
	assert.Regexp(t, `\| adaptive\(5000\) +\|[^\n]*\| +452\.5 \|\n`, limited, "Mean limit: the mean of the runs' limit-mean")
	assert.NotContains(t, limited, "Sweeps:", "no sweep in limited")

	_, flaky, _ := strings.Cut(out, "## scenario: flaky")
	assert.NotContains(t, flaky, "| "+LimitColumn, "no limit column where no cell reports limit-mean")
	assert.Contains(t, flaky, "* workerpool at 1,000 entries: use workerpool at width 500: 415 ms, 103 failed per run (5xx); narrower adds time (250: 825 ms).",
		"the flaky sweep's recommendation")
}

// A batches sweep gets the seed's rows once per size, after the seed's own
// width of 250.
func TestWriteTableSeedRowsInSweep(t *testing.T) {
	var b strings.Builder
	b.WriteString("delay: 200ms\n")
	for _, w := range []int{100, 250, 500} {
		for _, n := range []int{1000, 10000} {
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=batches/concurrency=%d/entries=%d 1 %g sec/op 1000 B/op\n", w, n, float64(n)/float64(w)*0.2)
		}
	}
	run, err := Load(strings.NewReader(b.String()), "batches sweep")
	require.NoError(t, err, "Load")
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable")
	out := buf.String()
	assert.Equal(t, 4, strings.Count(out, "| "+SeedMethod), "one seed row per documented size, in both tables")
	assert.Regexp(t, `\| batches\(250\) +\| +1000 \|[^\n]*\n\| `+regexp.QuoteMeta(SeedMethod)+` +\| +1000 \|`, out, "after batches(250)")
	assert.Regexp(t, `\| batches\(250\) +\| +10000 \|[^\n]*\n\| `+regexp.QuoteMeta(SeedMethod)+` +\| +10000 \|`, out, "after batches(250)")
	assert.Contains(t, out, "* batches at 1,000 entries: use batches at width 500", "a sweep per size")
	assert.Contains(t, out, "* batches at 10,000 entries: use batches at width 500", "a sweep per size")
}
