package harness_test

import (
	"fmt"

	"batchlab/harness"
)

// The memory model refuses a plan before it starts: a cell's prediction
// against a budget that -memory parses.
func ExampleCell_PredictedMemory() {
	budget, err := harness.ParseBytes("16GiB")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []harness.Cell{
		{Strategy: "workerpool", Concurrency: 250, Entries: 10_000_000},
		{Strategy: "unbounded", Concurrency: 10_000_000, Entries: 10_000_000},
	} {
		// Memory grows with the calls in flight, not with the entries.
		fmt.Printf("%s(%d) at %d entries fits %s: %v\n", c.Strategy, c.Concurrency, c.Entries, harness.FormatBytes(budget), c.PredictedMemory() <= budget)
	}
	fmt.Println(harness.FormatBytes(harness.Cell{Strategy: "workerpool", Concurrency: 250, Entries: 20_000}.PredictedMemory()))
	// Output:
	// workerpool(250) at 10000000 entries fits 16.0 GiB: true
	// unbounded(10000000) at 10000000 entries fits 16.0 GiB: false
	// 45.2 MiB
}
