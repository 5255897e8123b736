package adaptive_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/strategies/adaptive"
	"batchlab/strategies/strategytest"
)

// Two pathologies reported against Netflix's concurrency-limits, whose
// Gradient2 this strategy borrows, run for long enough to show a drift:
// tens of seconds of virtual time, far past the 20,000-entry runs of the
// other tests. strategies/failsafeadaptive runs the same two.

// TestSteadyTimeouts is Netflix/concurrency-limits#137: calls that time out
// at a steady rate while the RTTs of the others stay flat. Gradient2 there
// sees only those RTTs, all equal, and grows its limit to the maximum. Here
// a timeout is an overload signal, cut at most once per timeout (the
// NewReno rule: a hung call started before the last cut is ignored): after
// the first timeouts return, the limit must never sit at Max. Nor may it
// collapse within the run. It does drift down: each cut comes before BIC's
// half-way steps have climbed back to the last peak, so the peak ratchets
// ×0.997 per timeout (the package doc gives a longer run's figures), the
// cost of not telling steady timeouts from a service that hangs once full.
func TestSteadyTimeouts(t *testing.T) {
	const (
		limitMax = 2_000   // the most in flight; small so that the run is long
		n        = 200_000 // 20 s at limitMax with no timeouts
	)
	synctest.Test(t, func(t *testing.T) {
		var tr strategytest.LimitTrace
		task, hung := strategytest.SteadyTimeouts(delay, time.Second)
		s := adaptive.Strategy{Max: limitMax, OnLimit: tr.Start()}
		err := s.Run(t.Context(), n, task)
		took := tr.Since()
		require.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
		q := tr.Quarters(took)
		atMax := tr.ShareAtLeast(limitMax, took/4, took)
		t.Logf("took %v (%d hung of %d), peak limit %d, mean limit per quarter %.0f %.0f %.0f %.0f, at Max %.1f %% of the last three quarters",
			took, hung.Load(), n, tr.Peak(), q[0], q[1], q[2], q[3], 100*atMax)
		assert.InDelta(t, n/50, hung.Load(), n/200, "the fake hung %d calls, want about 2 %% of %d", hung.Load(), n)
		assert.Less(t, atMax, 0.01, "the limit sat at Max %.1f %% of the last three quarters, want under 1 %%: it must not grow to its maximum under steady timeouts", 100*atMax)
		for k := 1; k < 4; k++ {
			assert.Less(t, q[k], 0.95*limitMax, "quarter %d: mean limit %.0f, want below 95 %% of Max = %d", k+1, q[k], limitMax)
		}
		// Not collapsing: the last quarter keeps most of the second's limit,
		// and the run stays within 2× of a pool as wide as Max (the hung
		// calls hold 10 % of the slots: 2 % of the calls for 5 round trips).
		assert.Greater(t, q[3], 0.5*q[1], "mean limit fell from %.0f (quarter 2) to %.0f (quarter 4): the limit collapses under steady timeouts", q[1], q[3])
		floor := time.Duration(n/limitMax) * delay
		assert.Less(t, took, 2*floor, "took %v, want under 2× a %d-wide pool's %v", took, limitMax, floor)
	})
}

// TestModestOverload is the creep jhalterman reported on Netflix/
// concurrency-limits#134: under modest overload (a gradient near 0.8) the
// √limit headroom Gradient2 adds on each update outweighs the cut, and on
// a service that queues the limit climbs for ever. The fake queues past
// its capacity, so throughput never falls and only latency shows the
// queue. Over 80 s the mean limit must not creep upward from quarter to
// quarter, and must stay under 2 × capacity. It does not creep here
// because the no-load RTT is the least round trip seen, not a long-term
// average that the queue itself drags up.
func TestModestOverload(t *testing.T) {
	const n = 200_000 // 400 rounds of 500: 80 s
	synctest.Test(t, func(t *testing.T) {
		var tr strategytest.LimitTrace
		s := adaptive.Strategy{OnLimit: tr.Start()}
		err := s.Run(t.Context(), n, strategytest.Queueing(capacity, delay))
		took := tr.Since()
		require.NoError(t, err, "Run(ctx, %d) = %v, want <nil>", n, err)
		q := tr.Quarters(took)
		t.Logf("took %v, peak limit %d, mean limit per quarter %.0f %.0f %.0f %.0f", took, tr.Peak(), q[0], q[1], q[2], q[3])
		for k := 1; k < 4; k++ {
			assert.Less(t, q[k], 2.0*capacity, "quarter %d: mean limit %.0f, want under 2 × capacity = %d", k+1, q[k], 2*capacity)
		}
		assert.LessOrEqual(t, q[3], 1.1*q[1], "mean limit crept from %.0f (quarter 2) to %.0f (quarter 4), want no more than +10 %%", q[1], q[3])
		queue := time.Duration(n/capacity) * delay
		assert.LessOrEqual(t, took, queue*105/100, "took %v, want within 5 %% of the queue's own %v", took, queue)
	})
}
