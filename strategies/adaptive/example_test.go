package adaptive_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"batchlab/strategies"
	"batchlab/strategies/adaptive"
)

func Example() {
	var calls, changes atomic.Int64
	s := adaptive.Strategy{OnLimit: func(int) { changes.Add(1) }}
	err := s.Run(context.Background(), 1000, func(ctx context.Context, i int) error {
		calls.Add(1) // a real task calls the slow service for entry i
		return nil
	})
	fmt.Println(s, "ran", calls.Load(), "calls, at most", s.Concurrency(1000), "at once; err:", err)
	fmt.Println("limit reported:", changes.Load() > 0)
	// Output:
	// adaptive(20,1..20000) ran 1000 calls, at most 1000 at once; err: <nil>
	// limit reported: true
}

// A caller that knows only the strategies contract finds the limit through
// the optional strategies.Adaptive interface, as the harness does to chart
// it.
func ExampleStrategy_WithLimitFunc() {
	var s strategies.Strategy = adaptive.Strategy{}
	var first, changes int
	if a, ok := s.(strategies.Adaptive); ok {
		s = a.WithLimitFunc(func(limit int) {
			if changes == 0 {
				first = limit
			}
			changes++ // calls are serialised: no lock needed
		})
	}
	_ = s.Run(context.Background(), 100, func(context.Context, int) error { return nil })
	fmt.Println("started at", first, "then changed", changes > 1)
	// Output:
	// started at 20 then changed true
}
