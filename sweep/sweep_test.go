package sweep

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// limited is a fake service that takes capacity calls at once, each for
// delay, and refuses the others at once: a width up to capacity takes
// ⌈entries/width⌉ × delay and fails nothing; a wider one finishes in
// about 4 delays and fails the entries beyond capacity's share. Widths
// whose ideal is over budget are skipped, as the harness would.
type limited struct {
	capacity int
	delay    time.Duration
	budget   time.Duration
	measured []int // widths in the order measure saw them
}

func (l *limited) measure(_ context.Context, w int, entries int) Point {
	l.measured = append(l.measured, w)
	ideal := time.Duration((entries+w-1)/w) * l.delay
	switch {
	case l.budget > 0 && ideal > l.budget:
		return Point{Entries: entries, Skipped: true}
	case w <= l.capacity:
		return Point{Entries: entries, Mean: ideal}
	}
	failed := float64(entries) * (1 - float64(l.capacity)/float64(w))
	return Point{Entries: entries, Mean: 4 * l.delay, Failed: failed}
}

func (l *limited) at(entries int) func(context.Context, int) (Point, error) {
	return func(ctx context.Context, w int) (Point, error) { return l.measure(ctx, w, entries), nil }
}

// widths returns the widths of points.
func widths(points []Point) []int {
	out := make([]int, len(points))
	for i, p := range points {
		out[i] = p.Width
	}
	return out
}

// The seed's sweep (make sweep): workerpool on the limited service at
// 20,000 entries, capacity 500, 200 ms, 60 s budget: widths 1 to 50 are
// skipped, the knee is the capacity, and the refinement measures 350, 425,
// 462 under it and 750, 625, 562 over it, in that order.
func TestRunKneeAtCapacity(t *testing.T) {
	svc := &limited{capacity: 500, delay: 200 * time.Millisecond, budget: time.Minute}
	cfg := Config{Entries: 20000, Tolerance: DefaultTolerance, Refine: DefaultRefine}
	res, err := Run(context.Background(), cfg, svc.at(cfg.Entries))
	require.NoError(t, err, "Run")

	coarse := DefaultWidths(20000)
	assert.Equal(t, coarse, svc.measured[:len(coarse)], "the listed widths first, in order")
	assert.Equal(t, []int{350, 425, 462, 750, 625, 562}, svc.measured[len(coarse):], "below the knee, then above the best, by bisection")
	require.GreaterOrEqual(t, res.Knee, 0, "a knee")
	assert.Equal(t, 500, res.Points[res.Knee].Width, "the knee is the capacity")
	assert.Equal(t, res.Knee, res.Best, "the knee is the best: wider fails")
	assert.IsIncreasing(t, widths(res.Points), "points ascending by width")
	assert.Len(t, res.Points, len(coarse)+6, "every width measured or skipped is a point")
	for _, p := range res.Points {
		assert.Equal(t, p.Width <= 50, p.Skipped, "width %d skipped iff over the budget", p.Width)
	}
}

func TestKneeAndBest(t *testing.T) {
	const n = 1000
	pt := func(w int, ms int, failed float64) Point {
		return Point{Width: w, Mean: time.Duration(ms) * time.Millisecond, Failed: failed, Entries: n}
	}
	skipped := func(w int) Point { return Point{Width: w, Entries: n, Skipped: true} }
	tests := []struct {
		name       string
		points     []Point
		tolerance  float64
		best, knee int // widths; 0 for none
		eligible   []int
	}{
		{name: "times fall to the capacity, then failures rise",
			points: []Point{pt(100, 2000, 0), pt(200, 1000, 0), pt(400, 500, 0), pt(800, 100, 600)}, tolerance: 0.05,
			best: 400, knee: 400, eligible: []int{100, 200, 400}},
		{name: "flat: the narrowest",
			points: []Point{pt(100, 1000, 0), pt(200, 1000, 0), pt(400, 1000, 0)}, tolerance: 0.05,
			best: 100, knee: 100, eligible: []int{100, 200, 400}},
		{name: "nearly flat: the best is widest, the knee narrowest within 5 %",
			points: []Point{pt(100, 1040, 0), pt(200, 1020, 0), pt(400, 1000, 0)}, tolerance: 0.05,
			best: 400, knee: 100, eligible: []int{100, 200, 400}},
		{name: "at the tolerance exactly: within",
			points: []Point{pt(100, 1100, 0), pt(200, 1050, 0), pt(400, 1000, 0)}, tolerance: 0.05,
			best: 400, knee: 200, eligible: []int{100, 200, 400}},
		{name: "zero tolerance: the knee is the best",
			points: []Point{pt(100, 1040, 0), pt(200, 1020, 0), pt(400, 1000, 0)}, tolerance: 0,
			best: 400, knee: 400, eligible: []int{100, 200, 400}},
		{name: "negative tolerance counts as 0",
			points: []Point{pt(100, 1040, 0), pt(200, 1020, 0), pt(400, 1000, 0)}, tolerance: -1,
			best: 400, knee: 400, eligible: []int{100, 200, 400}},
		{name: "a tie: the narrower is best",
			points: []Point{pt(100, 2000, 0), pt(200, 1000, 0), pt(400, 1000, 0)}, tolerance: 0.05,
			best: 200, knee: 200, eligible: []int{100, 200, 400}},
		{name: "every width fails all its entries: all eligible",
			points: []Point{pt(100, 300, n), pt(200, 200, n), pt(400, 100, n)}, tolerance: 0.05,
			best: 400, knee: 400, eligible: []int{100, 200, 400}},
		{name: "every width fails the same 10 %: all eligible",
			points: []Point{pt(100, 300, 100), pt(200, 200, 100), pt(400, 195, 100)}, tolerance: 0.05,
			best: 400, knee: 200, eligible: []int{100, 200, 400}},
		{name: "one entry in a thousand more is eligible, two are not",
			points: []Point{pt(100, 300, 0), pt(200, 200, 1), pt(400, 100, 2)}, tolerance: 0.05,
			best: 200, knee: 200, eligible: []int{100, 200}},
		{name: "skipped widths are no candidates and no measured widths",
			points: []Point{skipped(1), skipped(2), pt(100, 300, 0), pt(200, 200, 0), pt(400, 100, 0)}, tolerance: 0.05,
			best: 400, knee: 400, eligible: []int{100, 200, 400}},
		{name: "a skipped width with a time is still no candidate",
			points: []Point{{Width: 1, Mean: time.Millisecond, Entries: n, Skipped: true}, pt(100, 300, 0), pt(200, 200, 0), pt(400, 100, 0)}, tolerance: 0.05,
			best: 400, knee: 400, eligible: []int{100, 200, 400}},
		{name: "a width without a time is no candidate",
			points: []Point{pt(100, 300, 0), pt(200, 200, 0), pt(400, 0, 0)}, tolerance: 0.05,
			best: 200, knee: 200, eligible: []int{100, 200}},
		{name: "two measured widths are no sweep",
			points: []Point{skipped(1), pt(100, 300, 0), pt(200, 200, 0)}, tolerance: 0.05,
			eligible: []int{100, 200}},
		{name: "no width has a time",
			points: []Point{pt(100, 0, 0), pt(200, 0, 0), pt(400, 0, 0)}, tolerance: 0.05},
		{name: "any order: the same widths",
			points: []Point{pt(400, 500, 0), pt(100, 1020, 0), pt(800, 100, 600), pt(200, 510, 0)}, tolerance: 0.05,
			best: 400, knee: 200, eligible: []int{400, 100, 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			widthAt := func(i int) int {
				if i < 0 {
					return 0
				}
				return tt.points[i].Width
			}
			assert.Equal(t, tt.best, widthAt(Best(tt.points)), "Best")
			assert.Equal(t, tt.knee, widthAt(Knee(tt.points, tt.tolerance)), "Knee(%v)", tt.tolerance)
			var elig []int
			for i, ok := range Eligible(tt.points) {
				if ok {
					elig = append(elig, tt.points[i].Width)
				}
			}
			assert.Equal(t, tt.eligible, elig, "Eligible")
		})
	}
}

func TestSides(t *testing.T) {
	const n = 1000
	pt := func(w int, ms int, failed float64) Point {
		return Point{Width: w, Mean: time.Duration(ms) * time.Millisecond, Failed: failed, Entries: n}
	}
	points := []Point{{Width: 10, Entries: n, Skipped: true}, pt(100, 1000, 0), pt(200, 500, 0), pt(400, 400, 0), pt(800, 390, 0), pt(1000, 100, 900)}

	below, ok := Below(points, 0.05)
	require.True(t, ok, "a side below the knee")
	assert.Equal(t, Side{Anchor: 400, Far: 200}, below, "from the knee to the widest measured width under it")
	w, ok := below.Next()
	assert.True(t, ok, "a gap of 200 is wider than 400/20")
	assert.Equal(t, 300, w, "halfway")

	above, ok := Above(points)
	require.True(t, ok, "a side above the best")
	assert.Equal(t, 800, above.Anchor, "from the best")
	assert.Equal(t, 1000, above.Far, "to the narrowest wider width that fails more")

	// Measured 900 fails too: it is the new far end; 850 is as fast as
	// the best: it is the new best, hence the anchor.
	points = append(points, pt(900, 100, 800))
	above = above.After(points, 0.05, 900)
	assert.Equal(t, 900, above.Far, "a failing width moves the far end")
	points = append(points, pt(850, 380, 0))
	above = above.After(points, 0.05, 850)
	assert.Equal(t, 850, above.Anchor, "a new best moves the anchor")
	w, ok = above.Next()
	assert.True(t, ok, "a gap of 50 is over 850/20")
	assert.Equal(t, 875, w, "halfway to the far end")
	_, ok = Side{Anchor: 850, Far: 880}.Next()
	assert.False(t, ok, "a gap of 30 is at most 850/20")

	_, ok = Below([]Point{pt(100, 100, 0), pt(200, 200, 0), pt(400, 300, 0)}, 0.05)
	assert.False(t, ok, "no side below a knee that is the narrowest width")
	_, ok = Below([]Point{{Width: 50, Entries: n, Skipped: true}, pt(100, 100, 0), pt(200, 200, 0), pt(400, 300, 0)}, 0.05)
	assert.False(t, ok, "a skipped width is no end of a side")
	_, ok = Above([]Point{pt(100, 300, 0), pt(200, 200, 0), pt(400, 100, 0)})
	assert.False(t, ok, "no side above a best that nothing wider fails more than")
	_, ok = Side{Anchor: 20, Far: 19}.Next()
	assert.False(t, ok, "a gap of 1 is never split")
}

func TestRunRefineBounded(t *testing.T) {
	for _, refine := range []int{0, 1, 2, 5} {
		svc := &limited{capacity: 500, delay: 200 * time.Millisecond}
		cfg := Config{Entries: 20000, Widths: []int{100, 200, 1000, 2000}, Tolerance: DefaultTolerance, Refine: refine}
		res, err := Run(context.Background(), cfg, svc.at(cfg.Entries))
		require.NoError(t, err, "Run with Refine %d", refine)
		extra := svc.measured[len(cfg.Widths):]
		assert.LessOrEqual(t, len(extra), 2*refine, "Refine %d: at most %d refined widths: %v", refine, 2*refine, extra)
		assert.Len(t, res.Points, len(svc.measured), "Refine %d: a point per measured width", refine)
		switch refine {
		case 0:
			assert.Empty(t, extra, "Refine 0 refines nothing")
		case 1:
			assert.Equal(t, []int{150, 600}, extra, "one below the knee 200, one above the best 200")
		case 5:
			// Below: 150, 175, 187, 193 (then the gap to 200 is 7 ≤ 10); above:
			// 600, 400, 500 (the capacity: the best), 550, 525.
			assert.Equal(t, []int{150, 175, 187, 193, 600, 400, 500, 550, 525}, extra, "Refine 5, each side until its gap is ≤ 5 %")
			assert.Equal(t, 500, res.Points[res.Knee].Width, "the refinement found the capacity")
		}
	}
}

func TestRunStopsAtError(t *testing.T) {
	svc := &limited{capacity: 50, delay: time.Second}
	dead := errors.New("service died")
	var calls []int
	res, err := Run(context.Background(), Config{Entries: 1000, Widths: []int{10, 20, 50, 100}, Tolerance: 0.05, Refine: 3},
		func(ctx context.Context, w int) (Point, error) {
			calls = append(calls, w)
			if w == 50 {
				return Point{Entries: 1000, Mean: time.Second}, dead
			}
			return svc.measure(ctx, w, 1000), nil
		})
	assert.ErrorIs(t, err, dead, "Run returns measure's error")
	assert.Equal(t, []int{10, 20, 50}, calls, "nothing measured after the error")
	assert.Equal(t, []int{10, 20}, widths(res.Points), "the points so far, without the failed one")
	assert.Equal(t, -1, res.Knee, "two widths are no sweep")

	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("interrupted")
	calls = nil
	res, err = Run(ctx, Config{Entries: 1000, Widths: []int{10, 20, 50, 100}, Tolerance: 0.05, Refine: 3},
		func(ctx context.Context, w int) (Point, error) {
			calls = append(calls, w)
			if w == 100 {
				cancel(stop) // as Ctrl-C during the last listed width, after it finished
			}
			return svc.measure(ctx, w, 1000), nil
		})
	assert.ErrorIs(t, err, stop, "Run returns ctx's cause")
	assert.Equal(t, []int{10, 20, 50, 100}, calls, "no refinement after the cancel")
	assert.Equal(t, []int{10, 20, 50, 100}, widths(res.Points), "every width measured before the cancel")
	require.GreaterOrEqual(t, res.Knee, 0, "a knee among them")
	assert.Equal(t, 50, res.Points[res.Knee].Width, "the knee so far")
}

func TestRunSkippedRefinement(t *testing.T) {
	// A refined width over the budget (a service whose time does not fall
	// with width could do this) ends its side; it is recorded, and the
	// other side still runs.
	var calls []int
	res, err := Run(context.Background(), Config{Entries: 100, Widths: []int{10, 50, 100}, Tolerance: 0.05, Refine: 3},
		func(_ context.Context, w int) (Point, error) {
			calls = append(calls, w)
			switch {
			case w == 75:
				return Point{Entries: 100, Skipped: true}, nil
			case w > 50:
				return Point{Entries: 100, Mean: time.Millisecond, Failed: 50}, nil
			}
			return Point{Entries: 100, Mean: time.Duration(1000/w) * time.Millisecond}, nil
		})
	require.NoError(t, err, "Run")
	// The best is 50 (20 ms), the knee too: below it 30, 40, 45; 100
	// fails, so above the best 75, which is skipped.
	assert.Equal(t, []int{10, 50, 100, 30, 40, 45, 75}, calls, "the side above ends at the skipped width")
	assert.Equal(t, []int{10, 30, 40, 45, 50, 75, 100}, widths(res.Points), "the skipped width is a point")
	assert.True(t, res.Points[5].Skipped, "marked skipped")
	require.GreaterOrEqual(t, res.Knee, 0, "a knee")
	assert.Equal(t, 50, res.Points[res.Knee].Width, "the skipped width is no knee")
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // "" for valid
	}{
		{name: "defaults", cfg: Config{Entries: 20000, Tolerance: 0.05, Refine: 3}},
		{name: "listed", cfg: Config{Entries: 100, Widths: []int{1, 50, 100}, Tolerance: 0.5}},
		{name: "no entries", cfg: Config{Tolerance: 0.05}, want: "sweep: entries must be ≥ 1, got 0"},
		{name: "two default widths", cfg: Config{Entries: 2, Tolerance: 0.05}, want: "sweep: a sweep needs at least 3 widths, got 2 ([1 2])"},
		{name: "empty widths", cfg: Config{Entries: 100, Widths: []int{}, Tolerance: 0.05}, want: "sweep: a sweep needs at least 3 widths, got 0 ([])"},
		{name: "descending", cfg: Config{Entries: 100, Widths: []int{10, 5, 20}, Tolerance: 0.05}, want: "sweep: the widths must be ascending, got 5 after 10"},
		{name: "twice", cfg: Config{Entries: 100, Widths: []int{10, 10, 20}, Tolerance: 0.05}, want: "sweep: the widths name 10 twice"},
		{name: "over entries", cfg: Config{Entries: 100, Widths: []int{10, 50, 200}, Tolerance: 0.05}, want: "sweep: width 200 is over the 100 entries"},
		{name: "zero width", cfg: Config{Entries: 100, Widths: []int{0, 5, 10}, Tolerance: 0.05}, want: "sweep: a width must be ≥ 1, got 0"},
		{name: "zero tolerance", cfg: Config{Entries: 100}, want: "sweep: tolerance must be a fraction in (0, 1), got 0 (0 %)"},
		{name: "whole tolerance", cfg: Config{Entries: 100, Tolerance: 1}, want: "sweep: tolerance must be a fraction in (0, 1), got 1 (100 %)"},
		{name: "negative refine", cfg: Config{Entries: 100, Tolerance: 0.05, Refine: -1}, want: "sweep: refine must be in [0, 20], got -1"},
		{name: "too much refine", cfg: Config{Entries: 100, Tolerance: 0.05, Refine: 21}, want: "sweep: refine must be in [0, 20], got 21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.want == "" {
				assert.NoError(t, err, "Validate(%+v)", tt.cfg)
				return
			}
			assert.EqualError(t, err, tt.want, "Validate(%+v)", tt.cfg)
			res, runErr := Run(context.Background(), tt.cfg, func(context.Context, int) (Point, error) {
				t.Fatal("measure called for an invalid config")
				return Point{}, nil
			})
			assert.EqualError(t, runErr, tt.want, "Run checks its config")
			assert.Equal(t, Result{Best: -1, Knee: -1}, res, "no points, no knee")
		})
	}
}

func TestParseWidths(t *testing.T) {
	got, err := ParseWidths("10, 20,50")
	require.NoError(t, err, "ParseWidths")
	assert.Equal(t, []int{10, 20, 50}, got, "the widths, spaces trimmed")
	for _, list := range []string{"", "10,x", "10,,20", "1.5"} {
		_, err := ParseWidths(list)
		assert.ErrorContains(t, err, "is not a whole number", "ParseWidths(%q)", list)
	}
}

func TestDefaultWidths(t *testing.T) {
	tests := []struct {
		name    string
		entries int
		want    []int
	}{
		{name: "none", entries: 0, want: nil},
		{name: "one", entries: 1, want: []int{1}},
		{name: "in the series", entries: 20, want: []int{1, 2, 5, 10, 20}},
		{name: "entries added", entries: 30, want: []int{1, 2, 5, 10, 20, 30}},
		{name: "the seed's largest", entries: 20000, want: []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000}},
		{name: "just under a decade", entries: 999, want: []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 999}},
		{name: "the largest run", entries: 10_000_000, want: []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
			100000, 200000, 500000, 1000000, 2000000, 5000000, 10000000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DefaultWidths(tt.entries), "DefaultWidths(%d)", tt.entries)
		})
	}
}
