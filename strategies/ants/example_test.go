package ants_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"batchlab/strategies/ants"
)

func Example() {
	s := ants.Strategy{Workers: 3}
	var calls atomic.Int64
	err := s.Run(context.Background(), 10, func(ctx context.Context, i int) error {
		calls.Add(1)
		return nil
	})
	fmt.Println(s, "ran", calls.Load(), "calls, at most", s.Concurrency(10), "at once; err:", err)
	// Output:
	// ants(3) ran 10 calls, at most 3 at once; err: <nil>
}
