package sweep_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"batchlab/sweep"
)

// ExampleRun sweeps a fake service that serves 500 calls at once, 200 ms
// each, and refuses the others at once, at 20,000 entries: Run measures
// the listed widths, then bisects below the knee and above the best.
func ExampleRun() {
	const entries, capacity = 20000, 500
	measure := func(_ context.Context, w int) (sweep.Point, error) {
		p := sweep.Point{Entries: entries, Mean: time.Duration((entries+w-1)/w) * 200 * time.Millisecond}
		if w > capacity { // refused fast: quick, and failing
			p.Mean, p.Failed = 800*time.Millisecond, float64(entries*(w-capacity)/w)
		}
		fmt.Println("measure width", w)
		return p, nil
	}
	cfg := sweep.Config{Entries: entries, Widths: []int{100, 200, 1000, 2000}, Tolerance: sweep.DefaultTolerance, Refine: 2}
	res, err := sweep.Run(context.Background(), cfg, measure)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("knee:", res.Points[res.Knee].Width, "best:", res.Points[res.Best].Width, "points:", len(res.Points))
	// Output:
	// measure width 100
	// measure width 200
	// measure width 1000
	// measure width 2000
	// measure width 150
	// measure width 175
	// measure width 600
	// measure width 400
	// knee: 400 best: 400 points: 8
}

// ExampleKnee applies the knee rule to measured points: 1,000 is the
// fastest but fails entries, 500 is the best of the rest, and 200 is
// within 5 % of it.
func ExampleKnee() {
	ms := time.Millisecond
	points := []sweep.Point{
		{Width: 1, Entries: 1000, Skipped: true}, // over the budget
		{Width: 100, Entries: 1000, Mean: 2100 * ms},
		{Width: 200, Entries: 1000, Mean: 1040 * ms},
		{Width: 500, Entries: 1000, Mean: 1000 * ms},
		{Width: 1000, Entries: 1000, Mean: 300 * ms, Failed: 450},
	}
	fmt.Println("eligible:", sweep.Eligible(points))
	fmt.Println("best:", points[sweep.Best(points)].Width)
	fmt.Println("knee:", points[sweep.Knee(points, 0.05)].Width)
	// Output:
	// eligible: [false true true true false]
	// best: 500
	// knee: 200
}
