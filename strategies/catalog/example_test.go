package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"batchlab/strategies"
	"batchlab/strategies/catalog"
)

func Example() {
	for _, e := range catalog.All() {
		s := e.New(catalog.DefaultWidth)
		fmt.Printf("%-13s %-21v bounded=%-5v limit at n=1000: %d\n",
			e.Name, s, e.Bounded, strategies.Concurrency(s, 1000))
	}
	// Output:
	// sequential    sequential            bounded=false limit at n=1000: 1
	// unbounded     unbounded             bounded=false limit at n=1000: 1000
	// batches       batches(250)          bounded=true  limit at n=1000: 250
	// workerpool    workerpool(250)       bounded=true  limit at n=1000: 250
	// semaphore     semaphore(250)        bounded=true  limit at n=1000: 250
	// window        window(250)           bounded=true  limit at n=1000: 250
	// errgrouplimit errgrouplimit(250)    bounded=true  limit at n=1000: 250
	// ratelimited   ratelimited(250)      bounded=true  limit at n=1000: 250
	// adaptive      adaptive(20,1..20000) bounded=false limit at n=1000: 1000
}

func ExampleLookup() {
	e, err := catalog.Lookup("workerpool")
	if err != nil {
		fmt.Println(err)
		return
	}
	var calls atomic.Int64
	err = e.New(50).Run(context.Background(), 120, func(context.Context, int) error {
		calls.Add(1)
		return nil
	})
	fmt.Println(e.Name, calls.Load(), err)

	_, err = catalog.Lookup("magic")
	fmt.Println(errors.Is(err, catalog.ErrUnknown), err)
	// Output:
	// workerpool 120 <nil>
	// true catalog: unknown strategy "magic" (have sequential, unbounded, batches, workerpool, semaphore, window, errgrouplimit, ratelimited, adaptive)
}
