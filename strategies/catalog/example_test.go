package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"batchlab/strategies"
	"batchlab/strategies/catalog"
)

// Each entry builds its strategy at a width, if it takes one;
// strategies.Concurrency reads the concurrency C the strategy allows.
func Example() {
	for _, name := range []string{"sequential", "workerpool", "unbounded"} {
		e, err := catalog.Lookup(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		s := e.New(catalog.DefaultWidth)
		fmt.Printf("%-10s %-15v takes a width: %-5v concurrency at n=1000: %d\n",
			e.Name, s, e.TakesWidth, strategies.Concurrency(s, 1000))
	}
	// Output:
	// sequential sequential      takes a width: false concurrency at n=1000: 1
	// workerpool workerpool(250) takes a width: true  concurrency at n=1000: 250
	// unbounded  unbounded       takes a width: false concurrency at n=1000: 1000
}

// All lists every strategy, so a caller can run them all on the same entries.
func ExampleAll() {
	const n = 100
	ranAll := true
	for _, e := range catalog.All() {
		var calls atomic.Int64
		err := e.New(catalog.DefaultWidth).Run(context.Background(), n, func(context.Context, int) error {
			calls.Add(1)
			return nil
		})
		ranAll = ranAll && err == nil && calls.Load() == n
	}
	fmt.Println("every strategy ran every entry:", ranAll)
	// Output:
	// every strategy ran every entry: true
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

	// The error goes on to list every valid name.
	_, err = catalog.Lookup("magic")
	msg, _, _ := strings.Cut(err.Error(), " (have ")
	fmt.Println(errors.Is(err, catalog.ErrUnknown), msg)
	// Output:
	// workerpool 120 <nil>
	// true catalog: unknown strategy "magic"
}

func ExampleSelect() {
	entries, err := catalog.Select([]string{"workerpool", "adaptive"})
	for _, e := range entries {
		fmt.Println(e.Name, e.TakesWidth)
	}
	fmt.Println(err)

	_, err = catalog.Select([]string{"workerpool", "magic"})
	fmt.Println(errors.Is(err, catalog.ErrUnknown))
	// Output:
	// workerpool true
	// adaptive false
	// <nil>
	// true
}
