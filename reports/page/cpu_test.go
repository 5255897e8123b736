package page

import (
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

// The CPU chart stacks each cell's client and service CPU per entry, in
// µs, from the means of the runs; a file without CPU records has none.
func TestCPUChart(t *testing.T) {
	run := loadHTMLTestdata(t, "cpu.txt")
	pc, ok := cpuChart(run, "")
	require.True(t, ok, "a run with CPU records has a CPU chart")
	assert.Equal(t, "cpu", pc.id, "its id begins with its kind")
	assert.Equal(t, []string{"client", "service"}, pc.series, "client and service stacked")
	bar := pc.chart.(*charts.Bar)
	require.Len(t, bar.MultiSeries, 2)
	measured := 0
	for _, c := range run.Cells {
		if c.Skipped || c.Time.N == 0 {
			continue
		}
		for j, unit := range []string{benchfile.UnitClientCPU, benchfile.UnitServiceCPU} {
			want := sig5(sampleMean(c, unit) * 1e6 / float64(c.Entries))
			got := bar.MultiSeries[j].Data.([]opts.BarData)[measured].Value
			assert.Equal(t, want, got, "%s: %s per entry in µs", c.Method(), unit)
			assert.Greater(t, want, 1.0, "%s: a call costs more than a µs of CPU", c.Method())
		}
		measured++
	}
	assert.Positive(t, measured, "cells were measured")

	_, ok = cpuChart(loadHTMLTestdata(t, "timeline.txt"), "")
	assert.False(t, ok, "an older file has no CPU chart")
}
