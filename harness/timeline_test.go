package harness

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimelineThinsAndStaysBounded(t *testing.T) {
	tl := newTimeline()
	tl.begin()
	// A repetition of 100 s sampled every 5 ms: 20,000 ticks.
	for i := range 20000 {
		tl.add(time.Duration(i)*5*time.Millisecond, i%250, i)
	}
	points := tl.finish(100*time.Second, 0, 20000)
	require.LessOrEqual(t, len(points), timelineMaxPoints+1, "at most the bound, plus the end")
	assert.Greater(t, len(points), timelineMaxPoints/4, "thinning keeps most of the bound")
	for i := 1; i < len(points); i++ {
		require.GreaterOrEqual(t, points[i].At, points[i-1].At, "point %d in time order", i)
	}
	assert.Equal(t, time.Duration(0), points[0].At, "the first point is the start")
	last := points[len(points)-1]
	assert.Equal(t, 100*time.Second, last.At, "the last point is the end")
	assert.Equal(t, 20000, last.Completed, "and holds every call")
}

func TestTimelineEndsAtTheWallTime(t *testing.T) {
	tl := newTimeline()
	tl.begin()
	tl.add(0, 0, 0)
	tl.add(10*time.Millisecond, 5, 0)
	tl.add(25*time.Millisecond, 0, 10) // the sampler's last read, after Run returned at 21 ms
	points := tl.finish(21*time.Millisecond, 0, 10)
	require.Len(t, points, 3, "the late sample is dropped for the end point")
	assert.Equal(t, 21*time.Millisecond, points[2].At, "the timeline ends at the wall time, never after it")
}

func TestTimelineTick(t *testing.T) {
	tl := newTimeline()
	tl.begin()
	for _, ms := range []int{0, 5, 10, 15, 20, 25} {
		tl.add(time.Duration(ms)*time.Millisecond, 1, ms)
	}
	var at []time.Duration
	for _, p := range tl.points {
		at = append(at, p.At)
	}
	assert.Equal(t, []time.Duration{0, 10 * time.Millisecond, 20 * time.Millisecond}, at, "one point per 10 ms while there is room")
}

func TestTimelineAllocatesNothingPerTick(t *testing.T) {
	tl := newTimeline()
	tl.begin()
	i := 0
	allocs := testing.AllocsPerRun(10000, func() {
		tl.add(time.Duration(i)*10*time.Millisecond, 1, i)
		i++
	})
	assert.Zero(t, allocs, "adding a point, thinning included, allocates nothing")
}
