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
	"unicode/utf8"

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

// The reference run's table.md reads on GitHub without horizontal
// scrolling.
func TestWriteTableReferenceWidth(t *testing.T) {
	path := filepath.Join("..", "results", "reference", "bench.txt")
	run, err := LoadFile(path)
	require.NoError(t, err, "LoadFile(%s)", path)
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable")
	widest := 0
	for i, line := range strings.Split(buf.String(), "\n") {
		n := utf8.RuneCountInString(line)
		widest = max(widest, n)
		assert.LessOrEqual(t, n, MaxLineWidth, "line %d of the reference table.md is %d characters: %q", i+1, n, line)
	}
	assert.Greater(t, widest, 100, "the tables are there (widest line %d)", widest)
}

// seedBench is a run of batches(250) at the seed's 1,000 entries in one
// block per header, each header a scenario's settings.
func seedBench(headers ...string) string {
	var b strings.Builder
	for _, h := range headers {
		b.WriteString(h)
		for range 3 {
			b.WriteString("BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 0.82 sec/op 2900000 B/op 0.8 ideal-sec/op 1000 succeeded/op 0 failed/op\n")
		}
	}
	return b.String()
}

func TestTablesSeedOnlyUnderSteadyAt200ms(t *testing.T) {
	tests := []struct {
		name   string
		bench  string
		seeded []bool // per table
	}{
		{name: "no scenario line, 200ms", bench: seedBench("delay: 200ms\n"), seeded: []bool{true}},
		{name: "steady at 200ms", bench: seedBench("scenario: steady\ndelay: 200ms\n"), seeded: []bool{true}},
		{name: "steady with -delay 100ms", bench: seedBench("scenario: steady\ndelay: 100ms\n"), seeded: []bool{false}},
		{name: "no delay recorded", bench: seedBench(""), seeded: []bool{false}},
		{name: "steady with an override", bench: seedBench("scenario: steady,errors=0.01\ndelay: 200ms\n"), seeded: []bool{false}},
		{name: "steady, jittery and limited",
			bench:  seedBench("scenario: steady\ndelay: 200ms\n", "scenario: jittery\n", "scenario: limited\n"),
			seeded: []bool{true, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, err := Load(strings.NewReader(tt.bench), tt.name)
			require.NoError(t, err, "Load")
			tables := Tables(run)
			require.Len(t, tables, len(tt.seeded), "one table per scenario")
			for i, tbl := range tables {
				seeds, ratios := 0, 0
				for _, r := range tbl.Rows {
					switch r.Kind {
					case RowSeed:
						seeds++
					case RowSeedRatio:
						ratios++
					}
				}
				want := 0
				if tt.seeded[i] {
					want = 1
				}
				assert.Equal(t, want, seeds, "seed rows under %s", tbl.Scenario)
				assert.Equal(t, want, ratios, "ratio rows under %s", tbl.Scenario)
				if !tt.seeded[i] {
					assert.Contains(t, strings.Join(tbl.Notes, "\n"), "No `"+SeedMethod+"` rows", "%s says why it has no seed rows", tbl.Scenario)
				}
			}
			var buf bytes.Buffer
			require.NoError(t, WriteTable(&buf, run), "WriteTable")
			for _, sec := range strings.Split(buf.String(), "\n## ") {
				if !strings.HasPrefix(sec, "scenario: steady\n") && len(tables) > 1 {
					assert.NotContains(t, sec, "| "+SeedMethod, "no seed row outside steady")
				}
			}
		})
	}
}

// Each column has one unit across the tables of a run, and each cell is in
// its column's unit.
func TestTablesOneUnitPerColumn(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "scenarios.txt"))
	require.NoError(t, err, "LoadFile")
	tables := Tables(run)
	require.Len(t, tables, 3, "one table per scenario")
	units := map[string]string{}
	for _, tbl := range tables {
		assert.Equal(t, "scenario: "+tbl.Scenario, tbl.Title, "a run with several scenarios titles its tables")
		for i, c := range tbl.Columns {
			if u, ok := units[c.Key]; ok {
				assert.Equal(t, u, c.Unit, "column %s has one unit across the scenarios", c.Name)
			}
			units[c.Key] = c.Unit
			if c.Unit == "" {
				continue
			}
			for _, r := range tbl.Rows {
				if v := r.Cells[i]; v != none && v != na && r.Kind != RowSeedRatio {
					assert.Regexp(t, `^[\d,.]+ `+regexp.QuoteMeta(c.Unit)+`( |$)`, v, "%s of %s in %s", c.Name, r.Method, c.Unit)
				}
			}
		}
		mean, ok := tbl.Cell(tbl.Rows[0], ColMean)
		assert.True(t, ok, "every table has a Mean")
		assert.NotEmpty(t, mean, "Mean of the first row")
		_, ok = tbl.Cell(tbl.Rows[0], "no such column")
		assert.False(t, ok, "Cell reports a missing column")
	}
	assert.Equal(t, "flaky", tables[2].Scenario, "file order")
	require.NotEmpty(t, tables[2].Sweeps, "flaky has a sweep")
	assert.Equal(t, kneeRule(run.ForScenario("flaky").KneeTolerance()), tables[2].KneeRule, "the knee rule beside the sweeps")
	assert.Empty(t, tables[0].KneeRule, "no rule without a sweep")
	last := tables[1].Rows[len(tables[1].Rows)-1]
	assert.Equal(t, RowSkipped, last.Kind, "the skipped cell is a row of its own kind")
	assert.Contains(t, last.Cells[2], PredictedMark, "with its prediction")
}

// A StdDev much smaller than its Mean gets its own unit and the digits that
// show it, not "0.00 s" beside "2.3 s".
func TestTablesPrecisionSeparatesValues(t *testing.T) {
	var b strings.Builder
	b.WriteString("scenario: jittery\ndelay: 200ms\n")
	for _, sec := range []float64{2.301, 2.305, 2.309} {
		fmt.Fprintf(&b, "BenchmarkProcess/strategy=workerpool/concurrency=250/entries=1000 1 %g sec/op 2.3 ideal-sec/op\n", sec)
	}
	for _, sec := range []float64{2.352, 2.356, 2.361} {
		fmt.Fprintf(&b, "BenchmarkProcess/strategy=semaphore/concurrency=250/entries=1000 1 %g sec/op 2.3 ideal-sec/op\n", sec)
	}
	run, err := Load(strings.NewReader(b.String()), "jittery")
	require.NoError(t, err, "Load")
	tbl := Tables(run)[0]
	get := func(r Row, key string) string {
		v, ok := tbl.Cell(r, key)
		require.True(t, ok, "column %s", key)
		return v
	}
	assert.Equal(t, "2.305 s", get(tbl.Rows[0], ColMean), "Mean shows four significant digits")
	assert.Equal(t, "2.356 s", get(tbl.Rows[1], ColMean), "so the strategies differ")
	assert.Equal(t, "4.00 ms", get(tbl.Rows[0], ColStdDev), "StdDev in its own unit")
	assert.Equal(t, "4.51 ms", get(tbl.Rows[1], ColStdDev), "StdDev in its own unit")
	assert.Regexp(t, `^[\d,.]+ ms$`, get(tbl.Rows[0], ColError), "Error in ms too")
}

func TestTablesFewRunsNote(t *testing.T) {
	for _, tt := range []struct {
		file string
		want string // "" for no note
	}{
		{file: "quick.txt", want: "With 2 runs per cell, Error is NA"},
		{file: "sweep.txt", want: "With 3 runs per cell, the 99.9 % interval is wide: Error = t × StdDev ÷ √n, with Student's t at n − 1 = 2 degrees of freedom, 31.6"},
		{file: "skipped.txt"},
	} {
		run, err := LoadFile(filepath.Join("testdata", tt.file))
		require.NoError(t, err, "LoadFile(%s)", tt.file)
		notes := strings.Join(Tables(run)[0].Notes, "\n")
		if tt.want == "" {
			assert.NotContains(t, notes, "99.9 %", "%s: %d runs need no warning", tt.file, FewRuns)
			continue
		}
		assert.Contains(t, notes, tt.want, "%s says why its interval is wide", tt.file)
	}
	assert.Contains(t, fewRunsNote(1), "With 1 run per cell, Error is NA", "one run")
}
