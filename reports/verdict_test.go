package reports

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func verdictCell(strategy string, width int, mean, failedPerRun float64) Cell {
	return Cell{Scenario: "limited", Strategy: strategy, Concurrency: width, Entries: 1000,
		Time: Stats{N: 2, Mean: mean}, IdealSec: 0.8, FailedTotal: 2 * failedPerRun,
		Samples: map[string][]float64{"failed-429/op": {failedPerRun, failedPerRun}}}
}

func TestVerdictsEveryStrategyLostSome(t *testing.T) {
	run := &Run{Cells: []Cell{verdictCell("unbounded", 1000, 0.3, 900), verdictCell("workerpool", 250, 0.9, 10)}}
	vs := Verdicts(run)
	require.Len(t, vs, 1, "one verdict per scenario")
	assert.Contains(t, vs[0].Best, "use workerpool(250): the fastest that lost no more entries than any other, 10 entries per run", "names the one that lost fewest")
	require.Len(t, vs[0].Faster, 1, "unbounded was faster by losing more")
	assert.Contains(t, vs[0].Faster[0], "unbounded(1000) was faster", "and says so")
}

func TestVerdictsLargestSizeOnly(t *testing.T) {
	small := verdictCell("unbounded", 100, 0.01, 0)
	small.Entries = 100
	run := &Run{Cells: []Cell{small, verdictCell("workerpool", 250, 0.9, 0), verdictCell("unbounded", 1000, 0.3, 900)}}
	v := Verdicts(run)[0]
	assert.Equal(t, 1000, v.Entries, "the verdict compares the largest size")
	assert.Contains(t, v.Best, "use workerpool(250)", "the fastest that lost nothing at that size")
	assert.Contains(t, v.Best, "1.12× its ideal", "with its time against the ideal")
	require.Len(t, v.Faster, 1, "unbounded was faster by losing entries")
	assert.Contains(t, v.Faster[0], "lost 900 entries per run (90 %, 429)", "how many and of which class")
}

func TestVerdictsNothingMeasured(t *testing.T) {
	run := &Run{Cells: []Cell{{Scenario: "steady", Strategy: "sequential", Concurrency: 1, Entries: 1000, Skipped: true, PredictedSec: 200}}}
	assert.Equal(t, "nothing was measured", Verdicts(run)[0].Best, "a run of skipped cells says so")
}

func TestVerdictsSameLossesEverywhere(t *testing.T) {
	// Seeded faults fail the same entries whatever the strategy: the
	// fastest wins, as if none had failed.
	run := &Run{Cells: []Cell{verdictCell("workerpool", 250, 0.9, 100), verdictCell("unbounded", 1000, 0.3, 100.5)}}
	v := Verdicts(run)[0]
	assert.Contains(t, v.Best, "use unbounded(1000)", "within 0.1 % of the fewest losses, time decides")
	assert.Empty(t, v.Faster, "nothing was faster")
}
