package reports

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// synthCell describes one cell of a synthetic bench text: count runs with
// sec/op = sec × (1 + i/1000) for run i, and fixed other metrics.
type synthCell struct {
	strategy    string
	concurrency int
	entries     int
	sec         float64
	bytesEntry  float64 // 0: omit B/entry
	p99         float64
	failed      float64
}

// synthRun builds and loads a result file with count runs per cell.
func synthRun(t *testing.T, name, commit string, count int, cells ...synthCell) *Run {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "goos: linux\ncommit: %s\ndelay: 200ms\ncount: %d\n\n", commit, count)
	for _, c := range cells {
		for i := range count {
			jitter := 1 + float64(i)/1000
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=%s/concurrency=%d/entries=%d 1 %g sec/op %g B/op",
				c.strategy, c.concurrency, c.entries, c.sec*jitter, c.bytesEntry*float64(c.entries)*jitter)
			if c.bytesEntry != 0 {
				fmt.Fprintf(&b, " %g B/entry", c.bytesEntry*jitter)
			}
			fmt.Fprintf(&b, " %g p99-sec %g failed/op\n", c.p99*jitter, c.failed+float64(i%2))
		}
	}
	run, err := Load(strings.NewReader(b.String()), name)
	require.NoError(t, err, "loading synthetic run %s", name)
	return run
}

func loadTestdata(t *testing.T, name string) *Run {
	t.Helper()
	run, err := LoadFile(filepath.Join("testdata", name))
	require.NoError(t, err, "LoadFile(%s) should succeed", name)
	return run
}

func TestWriteComparisonGolden(t *testing.T) {
	c, err := Compare(loadTestdata(t, "quick.txt"), loadTestdata(t, "skipped.txt"))
	require.NoError(t, err, "Compare(quick, skipped) should succeed")
	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, c), "WriteComparison should succeed")

	golden := filepath.Join("testdata", "compare.quick-skipped.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644), "writing %s", golden)
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "golden %s should exist (run go test -update)", golden)
	assert.Equal(t, string(want), buf.String(), "WriteComparison(quick, skipped) should match %s", golden)
}

func TestCompareQuickSkipped(t *testing.T) {
	old, new := loadTestdata(t, "quick.txt"), loadTestdata(t, "skipped.txt")
	before := slices.Clone(old.Cells[0].Samples["sec/op"])
	c, err := Compare(old, new)
	require.NoError(t, err, "Compare should succeed")
	assert.Equal(t, before, old.Cells[0].Samples["sec/op"], "Compare must not reorder the run's samples")

	units := make([]string, len(c.Metrics))
	for i, m := range c.Metrics {
		units[i] = m.Unit
		assert.Len(t, m.Rows, 12, "%s: the 12 cells measured in both runs", m.Unit)
		for _, r := range m.Rows {
			// 2 runs against 6 cannot reach p ≤ 0.05 with the U test.
			assert.False(t, r.Significant(), "%s %s: n=2+6 cannot be significant", m.Unit, r.CellKey)
			assert.Equal(t, "~", r.Delta(), "%s %s", m.Unit, r.CellKey)
			assert.Equal(t, 2, r.Test.N1, "old sample size")
			assert.Equal(t, 6, r.Test.N2, "new sample size")
		}
	}
	assert.Equal(t, CompareMetrics(), units, "every metric is compared, B/entry present in both")
	assert.Len(t, c.Skipped, 3, "sequential is skipped in the new run")
	for _, s := range c.Skipped {
		assert.Equal(t, "sequential", s.Strategy)
		assert.True(t, s.InNew && !s.InOld, "%s skipped in new only", s.CellKey)
	}
	assert.Empty(t, c.OnlyOld, "no cell only in old")
	assert.Empty(t, c.OnlyNew, "no cell only in new")
	assert.Contains(t, c.SettingDiffs, SettingDiff{Key: "delay", Old: "2ms", New: "200ms"}, "the delay differs")
}

func TestCompareIdenticalRuns(t *testing.T) {
	run := loadTestdata(t, "skipped.txt")
	c, err := Compare(run, run)
	require.NoError(t, err, "Compare(run, run) should succeed")
	require.NotEmpty(t, c.Metrics, "metrics compared")
	for _, m := range c.Metrics {
		for _, r := range m.Rows {
			assert.Equal(t, "~", r.Delta(), "%s %s: identical samples", m.Unit, r.CellKey)
			assert.False(t, r.Significant(), "%s %s: identical samples", m.Unit, r.CellKey)
			assert.Equal(t, 0.0, r.DeltaPct(), "%s %s: same median", m.Unit, r.CellKey)
		}
	}
	assert.Empty(t, c.SettingDiffs, "no setting differs")
	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, c), "WriteComparison should succeed")
	assert.NotContains(t, buf.String(), "%  (p=", "no delta other than ~")
}

func TestCompareSignificant(t *testing.T) {
	old := synthRun(t, "old", "aaaa", 6,
		synthCell{strategy: "pool", concurrency: 100, entries: 1000, sec: 2.0, bytesEntry: 3000, p99: 0.21},
		synthCell{strategy: "pool", concurrency: 100, entries: 5000, sec: 10.0, bytesEntry: 3000, p99: 0.21})
	new := synthRun(t, "new", "bbbb", 6,
		synthCell{strategy: "pool", concurrency: 100, entries: 1000, sec: 1.0, bytesEntry: 4000, p99: 0.21},
		synthCell{strategy: "pool", concurrency: 100, entries: 5000, sec: 10.0, bytesEntry: 3000, p99: 0.21})
	c, err := Compare(old, new)
	require.NoError(t, err, "Compare should succeed")

	byUnit := map[string]MetricComparison{}
	for _, m := range c.Metrics {
		byUnit[m.Unit] = m
	}
	tests := []struct {
		unit        string
		entries     int
		significant bool
		sign        float64 // sign of the delta when significant
		delta       string
	}{
		{unit: "sec/op", entries: 1000, significant: true, sign: -1, delta: "-50.00%"},
		{unit: "B/entry", entries: 1000, significant: true, sign: +1, delta: "+33.33%"},
		{unit: "sec/op", entries: 5000, significant: false, delta: "~"},
		{unit: "p99-sec", entries: 1000, significant: false, delta: "~"},
		{unit: "failed/op", entries: 1000, significant: false, delta: "~"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.unit, tt.entries), func(t *testing.T) {
			m, ok := byUnit[tt.unit]
			require.True(t, ok, "metric %s compared", tt.unit)
			i := slices.IndexFunc(m.Rows, func(r CellComparison) bool { return r.Entries == tt.entries })
			require.GreaterOrEqual(t, i, 0, "row for entries=%d", tt.entries)
			r := m.Rows[i]
			assert.Equal(t, tt.significant, r.Significant(), "significance (p=%v)", r.Test.P)
			assert.Equal(t, tt.delta, r.Delta(), "formatted delta")
			if tt.significant {
				assert.Less(t, r.Test.P, 0.05, "p-value")
				assert.InDelta(t, 0.002, r.Test.P, 0.0005, "6 vs 6 fully separated: U test p = 2/924")
				assert.Equal(t, tt.sign, sign(r.DeltaPct()), "sign of delta %v", r.DeltaPct())
			}
		})
	}

	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, c), "WriteComparison should succeed")
	out := buf.String()
	for _, want := range []string{"old: old (commit aaaa)", "new: new (commit bbbb)", "-50.00%", "(p=0.002 n=6)", "+33.33%"} {
		assert.Contains(t, out, want, "comparison output")
	}
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func TestCompareOnlyInOneRun(t *testing.T) {
	old := synthRun(t, "old", "a", 6,
		synthCell{strategy: "pool", concurrency: 100, entries: 1000, sec: 1, bytesEntry: 3000, p99: 0.2},
		synthCell{strategy: "gone", concurrency: 1, entries: 1000, sec: 1, bytesEntry: 3000, p99: 0.2})
	new := synthRun(t, "new", "b", 6,
		synthCell{strategy: "pool", concurrency: 200, entries: 1000, sec: 1, bytesEntry: 3000, p99: 0.2},
		synthCell{strategy: "pool", concurrency: 200, entries: 2000, sec: 2, bytesEntry: 3000, p99: 0.2})
	c, err := Compare(old, new)
	require.NoError(t, err, "Compare should succeed with one common cell")
	assert.Equal(t, []CellKey{{Scenario: "steady", Strategy: "gone", Concurrency: 1, Entries: 1000}}, c.OnlyOld, "cells only in old")
	assert.Equal(t, []CellKey{{Scenario: "steady", Strategy: "pool", Concurrency: 200, Entries: 2000}}, c.OnlyNew, "cells only in new")
	assert.Equal(t, "pool(100)→pool(200)", c.Metrics[0].Rows[0].Method, "changed concurrency is shown")

	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, c), "WriteComparison should succeed")
	assert.Contains(t, buf.String(), "only in old:\n  gone(1)/entries=1000\n", "lists cells only in old")
	assert.Contains(t, buf.String(), "only in new:\n  pool(200)/entries=2000\n", "lists cells only in new")
}

func TestCompareNoCommonCells(t *testing.T) {
	old := synthRun(t, "old", "a", 3, synthCell{strategy: "pool", concurrency: 1, entries: 1000, sec: 1})
	new := synthRun(t, "new", "b", 3, synthCell{strategy: "batches", concurrency: 1, entries: 1000, sec: 1})
	_, err := Compare(old, new)
	require.Error(t, err, "no common cells is an error")
	assert.True(t, errors.Is(err, ErrNoCommonCells), "error %q should wrap ErrNoCommonCells", err)
	assert.Contains(t, err.Error(), "compare old with new", "error names the runs")

	_, err = Compare(nil, new)
	assert.Error(t, err, "nil run")

	// Common only among skipped cells: still nothing to compare.
	skipped := loadTestdata(t, "skipped.txt")
	seqOnly := synthRun(t, "seq", "c", 3, synthCell{strategy: "sequential", concurrency: 1, entries: 1000, sec: 1})
	_, err = Compare(seqOnly, skipped)
	assert.ErrorIs(t, err, ErrNoCommonCells, "a cell skipped in one run is not comparable")
}

func TestCompareBytesFallback(t *testing.T) {
	old := synthRun(t, "old", "a", 6, synthCell{strategy: "pool", concurrency: 1, entries: 1000, sec: 1, bytesEntry: 0})
	new := synthRun(t, "new", "b", 6, synthCell{strategy: "pool", concurrency: 1, entries: 1000, sec: 1, bytesEntry: 3000})
	c, err := Compare(old, new)
	require.NoError(t, err, "Compare should succeed")
	var units []string
	for _, m := range c.Metrics {
		units = append(units, m.Unit)
	}
	assert.Equal(t, []string{"sec/op", "B/op", "p99-sec", "failed/op"}, units, "B/entry falls back to B/op when a run lacks it")
}

func TestWriteComparisonReturnsWriteError(t *testing.T) {
	c, err := Compare(loadTestdata(t, "quick.txt"), loadTestdata(t, "skipped.txt"))
	require.NoError(t, err, "Compare should succeed")
	for _, after := range []int{0, 1, 3, 10} {
		err := WriteComparison(&failWriter{after: after}, c)
		assert.ErrorIs(t, err, errFail, "WriteComparison with a writer failing after %d writes should return its error", after)
	}
}

// Two runs of a sweep compare width by width: the concurrency is part of
// the cell key, and a width in one run only is listed as such.
func TestCompareSweepWidthByWidth(t *testing.T) {
	widths := func(ws ...int) []synthCell {
		var out []synthCell
		for _, w := range ws {
			out = append(out, synthCell{strategy: "pool", concurrency: w, entries: 1000, sec: 100 / float64(w)})
		}
		return out
	}
	old := synthRun(t, "old", "a", 6, widths(100, 200, 400)...)
	new := synthRun(t, "new", "b", 6, append(widths(100, 200, 800), synthCell{strategy: "pool", concurrency: 200, entries: 2000, sec: 1})...)
	c, err := Compare(old, new)
	require.NoError(t, err, "Compare should succeed")
	var methods []string
	for _, r := range c.Metrics[0].Rows {
		methods = append(methods, r.Method)
		assert.Equal(t, 0.0, r.DeltaPct(), "%s: same width, same time", r.Method)
	}
	assert.Equal(t, []string{"pool(100)", "pool(200)"}, methods, "the widths measured in both runs, never old→new across widths")
	assert.Equal(t, []CellKey{{Scenario: "steady", Strategy: "pool", Concurrency: 400, Entries: 1000}}, c.OnlyOld, "width 400 only in old")
	assert.Equal(t, []CellKey{{Scenario: "steady", Strategy: "pool", Concurrency: 200, Entries: 2000}, {Scenario: "steady", Strategy: "pool", Concurrency: 800, Entries: 1000}},
		c.OnlyNew, "the new size and width 800 only in new, in the run's order")
}

// Cells of different scenarios never meet, and WriteComparison names the
// scenario of each row.
func TestCompareScenarios(t *testing.T) {
	run := loadTestdata(t, "scenarios.txt")
	c, err := Compare(run, run)
	require.NoError(t, err, "Compare(run, run)")
	measured := 0
	for _, cell := range run.Cells {
		if !cell.Skipped {
			measured++
		}
	}
	require.Len(t, c.Metrics[0].Rows, measured, "every measured cell compared once")
	seen := map[CellKey]bool{}
	for _, r := range c.Metrics[0].Rows {
		assert.False(t, seen[r.CellKey], "%s compared twice", r.CellKey)
		seen[r.CellKey] = true
		assert.Equal(t, r.OldSample.Values, r.NewSample.Values, "%s: matched with itself, not with another scenario", r.CellKey)
	}
	assert.Len(t, c.Skipped, 2, "the skipped sequential cell of steady and of limited")

	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, c), "WriteComparison")
	out := buf.String()
	assert.Contains(t, out, "\nscenario  sec/op ", "a scenario column when the runs have several scenarios")
	assert.Regexp(t, `\nlimited\s+adaptive\(5000\)\s+5000\s`, out, "rows start with their scenario")
	assert.Contains(t, out, "  limited: sequential(1)/entries=5000: skipped in both\n", "not-compared cells name their scenario")

	// A single-scenario run against the multi-scenario one: its scenario
	// matches by name only.
	steady := run.ForScenario("steady")
	c, err = Compare(steady, run)
	require.NoError(t, err, "Compare(steady, all)")
	for _, r := range c.Metrics[0].Rows {
		assert.Equal(t, "steady", r.Scenario, "only steady cells are compared")
	}
	assert.NotEmpty(t, c.OnlyNew, "the other scenarios' cells are only in new")
	for _, k := range c.OnlyNew {
		assert.NotEqual(t, "steady", k.Scenario, "%s: steady cells are matched", k)
	}
}

// Two single-scenario runs of different scenarios compare cell by cell, as
// two runs with any other differing setting do.
func TestCompareAcrossSingleScenarios(t *testing.T) {
	run := loadTestdata(t, "scenarios.txt")
	steady, limited := run.ForScenario("steady"), run.ForScenario("limited")
	c, err := Compare(steady, limited)
	require.NoError(t, err, "Compare(steady, limited)")
	assert.Contains(t, c.SettingDiffs, SettingDiff{Key: "scenario", Old: "steady", New: "limited"}, "the scenario differs")
	assert.Len(t, c.Metrics[0].Rows, 6, "workerpool, adaptive and unbounded at two sizes")
	assert.Empty(t, c.OnlyOld, "every steady cell has a limited counterpart")
	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, c), "WriteComparison")
	assert.NotContains(t, buf.String(), "\nscenario ", "no scenario column for single-scenario runs")
}
