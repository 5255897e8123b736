package adaptive_test

import (
	"context"
	"fmt"
	"sync/atomic"

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
