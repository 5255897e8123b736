package strategies_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"batchlab/strategies"
	"batchlab/strategies/ratelimited"
	"batchlab/strategies/unbounded"
	"batchlab/strategies/workerpool"
)

// A Task is any call per entry; a Strategy decides how the calls are
// spread. Concurrency reads the concurrency C a strategy allows, and Ideal
// the ideal-time model's floor ⌈n/C⌉ × delay.
func Example() {
	var calls atomic.Int64
	task := func(ctx context.Context, i int) error {
		calls.Add(1) // a real task calls the slow service for entry i
		return nil
	}
	for _, s := range []strategies.Strategy{workerpool.Strategy{Workers: 250}, unbounded.Strategy{}} {
		calls.Store(0)
		err := s.Run(context.Background(), 1000, task)
		fmt.Printf("%v: err=%v calls=%d concurrency=%d ideal at 200ms=%v\n",
			s, err, calls.Load(), strategies.Concurrency(s, 1000), strategies.Ideal(s, 1000, 200*time.Millisecond))
	}
	// Output:
	// workerpool(250): err=<nil> calls=1000 concurrency=250 ideal at 200ms=800ms
	// unbounded: err=<nil> calls=1000 concurrency=1000 ideal at 200ms=200ms
}

// A strategy that paces its starts is a Paced one: its ideal time includes
// n / StartRate, however wide it is.
func ExamplePaced() {
	var s strategies.Strategy = ratelimited.Strategy{Workers: 250, Rate: 2000, Burst: 1}
	if p, ok := s.(strategies.Paced); ok {
		fmt.Println("starts per second:", p.StartRate())
	}
	fmt.Println("ideal for 1000 calls of 2ms:", strategies.Ideal(s, 1000, 2*time.Millisecond))
	fmt.Println("ideal for 1000 calls of 200ms:", strategies.Ideal(s, 1000, 200*time.Millisecond))
	// Output:
	// starts per second: 2000
	// ideal for 1000 calls of 2ms: 500ms
	// ideal for 1000 calls of 200ms: 800ms
}

// The bounds every adaptive strategy shares: zero fields take the
// defaults, and Check names what is wrong.
func ExampleLimits() {
	fmt.Println(strategies.Limits{}.WithDefaults())
	fmt.Println(strategies.Limits{Max: 10}.WithDefaults())
	fmt.Println(strategies.Limits{Initial: 5, Min: 8, Max: 10}.Check("mine"))
	// Output:
	// {20 1 20000}
	// {10 1 10}
	// mine: Initial must be in [8, 10], got 5: invalid strategy configuration
}
