package harness

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startedTrace returns a trace recording a repetition that starts now.
func startedTrace() *limitTrace {
	t := newLimitTrace()
	t.begin(time.Now())
	return t
}

func TestLimitTraceSlotOverwrite(t *testing.T) {
	tr := startedTrace()
	tr.add(0, 20)
	tr.add(3*time.Millisecond, 21)
	tr.add(9*time.Millisecond, 22) // same 10 ms slot: overwrites
	tr.add(12*time.Millisecond, 30)
	tr.add(19*time.Millisecond, 31) // the second slot again
	tr.add(25*time.Millisecond, 31) // no change: no point
	tr.add(31*time.Millisecond, 32)
	points, mean, final := tr.finish(40 * time.Millisecond)
	want := []LimitPoint{{0, 22}, {12 * time.Millisecond, 31}, {31 * time.Millisecond, 32}}
	assert.Equal(t, want, points, "one point per 10 ms slot, keeping the slot's first time and its last limit; none for an unchanged limit")
	assert.InDelta(t, (20*3+21*6+22*3+30*7+31*12+32*9)/40.0, mean, 1e-9, "the mean counts every change")
	assert.Equal(t, 32, final, "final limit")
}

func TestLimitTraceHalves(t *testing.T) {
	tr := startedTrace()
	base := &tr.points[:1][0] // the preallocated array
	const changes = 10_000
	for i := range changes {
		// One change per 10 ms slot, the limit equal to the slot number.
		tr.add(time.Duration(i)*traceSlot, i)
		require.Less(t, len(tr.points), traceMaxPoints, "after change %d the trace has %d points, want fewer than %d", i, len(tr.points), traceMaxPoints)
		if i == traceMaxPoints-1 {
			// The 2,000th point halved the trace: the first point and
			// every other one after it, ending with the latest.
			require.Len(t, tr.points, traceMaxPoints/2+1, "points right after the first halving")
			assert.Equal(t, LimitPoint{0, 0}, tr.points[0], "the first point survives halving")
			assert.Equal(t, LimitPoint{1 * traceSlot, 1}, tr.points[1], "then every other point")
			assert.Equal(t, LimitPoint{3 * traceSlot, 3}, tr.points[2], "then every other point")
			assert.Equal(t, i, tr.points[len(tr.points)-1].Limit, "the latest point survives halving")
			assert.Equal(t, 2*traceSlot, tr.slot, "the slot doubled")
		}
	}
	assert.Same(t, base, &tr.points[:1][0], "the trace never reallocated its points")
	assert.Equal(t, traceMaxPoints, cap(tr.points), "the trace's capacity is fixed")

	points, _, final := tr.finish(changes * traceSlot)
	assert.Equal(t, changes-1, final, "final limit")
	assert.Equal(t, changes-1, points[len(points)-1].Limit, "the trace ends at the final limit")
	assert.Equal(t, 0, points[0].Limit, "the trace starts at the initial limit")
	// 10,000 slots of 10 ms: halved at 2,000 (slot 20 ms), at 2,000 again
	// (40 ms) and once more (80 ms).
	assert.Equal(t, 8*traceSlot, tr.slot, "the slot after three halvings")
	for i := 1; i < len(points); i++ {
		assert.Greater(t, points[i].At, points[i-1].At, "points in time order (%d)", i)
	}
}

func TestLimitTraceAllocatesNothingPerChange(t *testing.T) {
	tr := startedTrace()
	i := 0
	allocs := testing.AllocsPerRun(5000, func() {
		tr.record(i)
		i++
	})
	assert.Zero(t, allocs, "allocations per limit change")
	assert.Positive(t, len(tr.points), "changes were recorded")
}

func TestLimitTraceMean(t *testing.T) {
	tests := []struct {
		name    string
		changes []LimitPoint
		end     time.Duration
		want    float64
	}{
		{name: "constant", changes: []LimitPoint{{0, 20}}, end: 5 * time.Second, want: 20},
		{name: "two levels", changes: []LimitPoint{{0, 20}, {time.Second, 40}}, end: 4 * time.Second, want: (20*1 + 40*3) / 4.0},
		{
			name: "changes within a slot count at their own time",
			// 10 for 4 ms, 1000 for 1 ms, then 10 for 995 ms: the slot's
			// point shows 10, the mean still sees the 1000.
			changes: []LimitPoint{{0, 10}, {4 * time.Millisecond, 1000}, {5 * time.Millisecond, 10}},
			end:     time.Second, want: (10*0.004 + 1000*0.001 + 10*0.995) / 1,
		},
		{name: "from the first change, not from zero", changes: []LimitPoint{{time.Second, 8}, {2 * time.Second, 16}}, end: 3 * time.Second, want: 12},
		{name: "ended at the first change", changes: []LimitPoint{{0, 7}}, end: 0, want: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := startedTrace()
			for _, c := range tt.changes {
				tr.add(c.At, c.Limit)
			}
			_, mean, final := tr.finish(tt.end)
			assert.InDelta(t, tt.want, mean, 1e-9, "time-weighted mean")
			assert.Equal(t, tt.changes[len(tt.changes)-1].Limit, final, "final limit")
		})
	}
}

// The mean is exact however much the trace was thinned.
func TestLimitTraceMeanSurvivesHalving(t *testing.T) {
	tr := startedTrace()
	// 5,000 slots alternating 100 and 300, 10 ms each: mean 200.
	for i := range 5000 {
		tr.add(time.Duration(i)*traceSlot, 100+200*(i%2))
	}
	_, mean, _ := tr.finish(5000 * traceSlot)
	assert.InDelta(t, 200, mean, 1e-6, "time-weighted mean after halvings")
}

// Through the callback a strategy calls, in virtual time: the trace is
// off until begin and after finish (the warm-up is not recorded).
func TestLimitTraceRecordVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tr := newLimitTrace()
		tr.record(99) // a warm-up: not recorded
		start := time.Now()
		tr.begin(start)
		tr.record(20)
		time.Sleep(12 * time.Millisecond)
		tr.record(21)
		time.Sleep(188 * time.Millisecond)
		tr.record(40)
		time.Sleep(800 * time.Millisecond)
		points, mean, final := tr.finish(time.Since(start))
		tr.record(5) // after the repetition: not recorded
		want := []LimitPoint{{0, 20}, {12 * time.Millisecond, 21}, {200 * time.Millisecond, 40}}
		assert.Equal(t, want, points, "points at virtual times")
		assert.InDelta(t, (20*0.012+21*0.188+40*0.8)/1, mean, 1e-9, "time-weighted mean")
		assert.Equal(t, 40, final, "final limit")
		assert.Len(t, tr.points, 3, "nothing recorded after finish")
	})
}

func TestLimitTraceEmpty(t *testing.T) {
	points, mean, final := startedTrace().finish(time.Second)
	assert.Nil(t, points, "no points without a change")
	assert.Zero(t, mean, "no mean without a change")
	assert.Zero(t, final, "no final limit without a change")
}
