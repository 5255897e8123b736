package thirdparty

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMaxLatency(t *testing.T) {
	tests := []struct {
		spec string
		want time.Duration
	}{
		{spec: "steady", want: 200 * time.Millisecond},
		{spec: "steady,latency=uniform,jitter=20ms", want: 220 * time.Millisecond},
		{spec: "steady,latency=normal,jitter=10ms", want: 260 * time.Millisecond},
		{spec: "jittery", want: 8 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := ParseScenario(tt.spec)
			require.NoError(t, err, "ParseScenario(%q)", tt.spec)
			assert.Equal(t, tt.want, s.MaxLatency(), "ParseScenario(%q).MaxLatency()", tt.spec)
		})
	}
}

func TestDecideDeterministic(t *testing.T) {
	for _, spec := range []string{"jittery", "steady,latency=uniform,jitter=50ms,errors=0.2,hang=0.1,reset=0.1", "steady,latency=normal,jitter=30ms"} {
		t.Run(spec, func(t *testing.T) {
			s := parse(t, spec)
			same := parse(t, spec)
			attemptsDiffer, seedsDiffer := 0, 0
			other := s
			other.Seed++
			for id := range uint64(1000) {
				o1, d1 := s.decide(id, 0)
				o2, d2 := same.decide(id, 0)
				assert.Equal(t, o1, o2, "decide(%d, 0) outcome is the same every time", id)
				assert.Equal(t, d1, d2, "decide(%d, 0) latency is the same every time", id)
				if _, d3 := s.decide(id, 1); d3 != d1 {
					attemptsDiffer++
				}
				if _, d4 := other.decide(id, 0); d4 != d1 {
					seedsDiffer++
				}
			}
			assert.Greater(t, attemptsDiffer, 900, "attempt 1 draws afresh for most of 1000 ids")
			assert.Greater(t, seedsDiffer, 900, "another seed draws afresh for most of 1000 ids")
		})
	}

	// Outcomes differ between attempts too.
	s := parse(t, "flaky,errors=0.5")
	differ := 0
	for id := range uint64(100) {
		o0, _ := s.decide(id, 0)
		o1, _ := s.decide(id, 1)
		if o0 != o1 {
			differ++
		}
	}
	assert.Greater(t, differ, 20, "with 50 %% errors, attempts 0 and 1 differ in outcome for some of 100 ids")
}

func TestDecideFractions(t *testing.T) {
	const n = 10000
	tests := []struct {
		spec             string
		fail, hang, rset float64
	}{
		{spec: "flaky", fail: 0.10},
		{spec: "flaky,seed=99", fail: 0.10},
		{spec: "steady,errors=0.05,hang=0.02,reset=0.03", fail: 0.05, hang: 0.02, rset: 0.03},
		{spec: "steady,errors=1", fail: 1},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s := parse(t, tt.spec)
			var counts [4]int
			for id := range uint64(n) {
				o, _ := s.decide(id, 0)
				counts[o]++
			}
			frac := func(o outcome) float64 { return float64(counts[o]) / n }
			assert.InDelta(t, tt.fail, frac(outcomeFail), 0.02, "500 fraction of %s over %d ids", tt.spec, n)
			assert.InDelta(t, tt.hang, frac(outcomeHang), 0.02, "hang fraction of %s over %d ids", tt.spec, n)
			assert.InDelta(t, tt.rset, frac(outcomeReset), 0.02, "reset fraction of %s over %d ids", tt.spec, n)
		})
	}
}

// quantile returns the q-quantile of sorted (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(math.Ceil(q*float64(len(sorted))))-1]
}

func TestDecideLatencyDistributions(t *testing.T) {
	const n = 10000
	draws := func(s Scenario) []time.Duration {
		ds := make([]time.Duration, n)
		for id := range uint64(n) {
			_, ds[id] = s.decide(id, 0)
		}
		slices.Sort(ds)
		return ds
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

	t.Run("lognormal", func(t *testing.T) {
		ds := draws(parse(t, "jittery"))
		assert.InEpsilon(t, 200.0, ms(quantile(ds, 0.5)), 0.05, "jittery's median is 200 ms ± 5 %%")
		assert.InEpsilon(t, 800.0, ms(quantile(ds, 0.99)), 0.10, "jittery's p99 is 800 ms ± 10 %%")
		assert.Greater(t, ms(ds[n-1]), 1000.0, "jittery has a heavy tail past 1 s")
	})
	t.Run("lognormal other p99", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=lognormal,delay=50ms,p99=2s,seed=5"))
		assert.InEpsilon(t, 50.0, ms(quantile(ds, 0.5)), 0.05, "median 50 ms ± 5 %%")
		assert.InEpsilon(t, 2000.0, ms(quantile(ds, 0.99)), 0.10, "p99 2 s ± 10 %%")
	})
	t.Run("uniform", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=uniform,jitter=50ms"))
		assert.GreaterOrEqual(t, ds[0], 150*time.Millisecond, "uniform minimum ≥ delay − jitter")
		assert.LessOrEqual(t, ds[n-1], 250*time.Millisecond, "uniform maximum ≤ delay + jitter")
		assert.InDelta(t, 155.0, ms(quantile(ds, 0.05)), 2, "uniform 5th percentile")
		assert.InDelta(t, 200.0, ms(quantile(ds, 0.5)), 2, "uniform median")
	})
	t.Run("normal", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=normal,jitter=20ms"))
		var sum float64
		for _, d := range ds {
			sum += ms(d)
		}
		mean := sum / n
		var sq float64
		for _, d := range ds {
			sq += (ms(d) - mean) * (ms(d) - mean)
		}
		assert.InDelta(t, 200.0, mean, 1, "normal mean")
		assert.InEpsilon(t, 20.0, math.Sqrt(sq/(n-1)), 0.05, "normal standard deviation")
	})
	t.Run("normal clamped at 0", func(t *testing.T) {
		ds := draws(parse(t, "steady,latency=normal,delay=10ms,jitter=20ms"))
		assert.Equal(t, time.Duration(0), ds[0], "normal draws below 0 are clamped to 0")
		assert.LessOrEqual(t, ds[n-1], 130*time.Millisecond, "normal draws are clamped to delay + 6 jitter")
	})
	t.Run("fixed", func(t *testing.T) {
		ds := draws(parse(t, "steady,delay=70ms,seed=3"))
		assert.Equal(t, 70*time.Millisecond, ds[0], "fixed minimum")
		assert.Equal(t, 70*time.Millisecond, ds[n-1], "fixed maximum")
	})
}

// A scaled jittery draws the same shape: each entry's latency is the
// preset's divided by the factor (to within rounding), so the tail scales
// with the median and the seeded draws stay the same draws.
func TestDecideScaledShape(t *testing.T) {
	full := parse(t, "jittery")
	tenth := parse(t, "jittery,delay=20ms")
	for id := range uint64(1000) {
		o1, d1 := full.decide(id, 0)
		o2, d2 := tenth.decide(id, 0)
		assert.Equal(t, o1, o2, "entry %d: the outcome does not depend on the delay", id)
		assert.InDelta(t, float64(d1), float64(10*d2), 10, "entry %d: %v at delay=20ms is a tenth of %v", id, d2, d1)
		assert.LessOrEqual(t, d2, tenth.MaxLatency(), "entry %d: clamped to MaxLatency", id)
	}
}
