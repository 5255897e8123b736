package unbounded_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"batchlab/strategies"
	"batchlab/strategies/unbounded"
)

func Example() {
	s := unbounded.Strategy{}
	var calls atomic.Int64
	err := s.Run(context.Background(), 10, func(ctx context.Context, i int) error {
		calls.Add(1)
		return nil
	})
	fmt.Println(s, "ran", calls.Load(), "calls, at most", strategies.Concurrency(s, 10), "at once; err:", err)
	// Output:
	// unbounded ran 10 calls, at most 10 at once; err: <nil>
}
