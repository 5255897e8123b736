package strategies_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"batchlab/strategies"
	"batchlab/strategies/unbounded"
	"batchlab/strategies/workerpool"
)

// A Task is any call per entry; a Strategy decides how the calls are
// spread. Concurrency reads a strategy's in-flight limit, for the
// ideal-time model ⌈n/C⌉ × delay.
func Example() {
	var calls atomic.Int64
	task := func(ctx context.Context, i int) error {
		calls.Add(1) // a real task calls the slow service for entry i
		return nil
	}
	for _, s := range []strategies.Strategy{workerpool.Strategy{Workers: 250}, unbounded.Strategy{}} {
		calls.Store(0)
		err := s.Run(context.Background(), 1000, task)
		fmt.Printf("%v: err=%v calls=%d concurrency=%d\n", s, err, calls.Load(), strategies.Concurrency(s, 1000))
	}
	// Output:
	// workerpool(250): err=<nil> calls=1000 concurrency=250
	// unbounded: err=<nil> calls=1000 concurrency=1000
}
