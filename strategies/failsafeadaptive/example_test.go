package failsafeadaptive_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"batchlab/strategies"
	"batchlab/strategies/failsafeadaptive"
)

func Example() {
	var calls atomic.Int64
	s := failsafeadaptive.Strategy{}
	err := s.Run(context.Background(), 1000, func(ctx context.Context, i int) error {
		calls.Add(1) // a real task calls the slow service for entry i
		return nil
	})
	fmt.Println(s, "ran", calls.Load(), "calls, at most", s.Concurrency(1000), "at once; err:", err)
	// Output:
	// failsafe-adaptive(20,1..20000) ran 1000 calls, at most 1000 at once; err: <nil>
}

// A caller that knows only the strategies contract finds the limit through
// the optional strategies.Adaptive interface, as the harness does to chart
// it.
func ExampleStrategy_WithLimitFunc() {
	var s strategies.Strategy = failsafeadaptive.Strategy{Initial: 8}
	var limits []int
	if a, ok := s.(strategies.Adaptive); ok {
		s = a.WithLimitFunc(func(limit int) {
			limits = append(limits, limit) // calls are serialised: no lock needed
		})
	}
	_ = s.Run(context.Background(), 100, func(context.Context, int) error { return nil })
	// How many changes follow depends on timing: the limiter may update
	// once its first 50 calls are in, then once a second at most.
	fmt.Println("started at", limits[0])
	// Output:
	// started at 8
}
