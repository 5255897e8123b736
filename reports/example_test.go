package reports_test

import (
	"fmt"
	"log"

	"batchlab/reports"
)

func ExampleLoadFile() {
	run, err := reports.LoadFile("testdata/skipped.txt")
	if err != nil {
		log.Fatal(err)
	}
	measured, skipped := 0, 0
	for _, c := range run.Cells {
		if c.Skipped {
			skipped++
		} else {
			measured++
		}
	}
	fmt.Println("cells:", len(run.Cells), "measured:", measured, "skipped:", skipped)
	fmt.Println("runs per measured cell:", run.Cells[0].Time.N, "count setting:", run.Setting("count"))
	fmt.Println("seed rows documented:", len(reports.Seed()))
	// Output:
	// cells: 15 measured: 12 skipped: 3
	// runs per measured cell: 6 count setting: 6
	// seed rows documented: 3
}

// ExampleRun_Scenarios reads a run with one block per scenario: the
// adaptive strategy's limit traces and the skipped cells belong to the
// scenario of their block.
func ExampleRun_Scenarios() {
	run, err := reports.LoadFile("testdata/scenarios.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, sc := range run.Scenarios() {
		sub := run.ForScenario(sc)
		traces, skipped := 0, 0
		for _, c := range sub.Cells {
			traces += len(c.LimitTraces)
			if c.Skipped {
				skipped++
			}
		}
		fmt.Printf("%s: %d cells, %d skipped, %d limit traces, status %s\n", sc, len(sub.Cells), skipped, traces, sub.Setting("status"))
	}
	// Output:
	// steady: 7 cells, 1 skipped, 4 limit traces, status complete
	// limited: 7 cells, 1 skipped, 4 limit traces, status complete
	// flaky: 4 cells, 0 skipped, 0 limit traces, status complete
}

// ExampleCell_Adaptive shows the rule for the ratio to ideal: none where
// the strategy's limit adapts, since the ideal assumes a fixed concurrency.
func ExampleCell_Adaptive() {
	run, err := reports.LoadFile("testdata/scenarios.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range run.ForScenario("steady").Cells[1:4] {
		fmt.Printf("%s/%d adaptive=%t ratio=%.2f\n", c.Method(), c.Entries, c.Adaptive(), c.RatioToIdeal())
	}
	// Output:
	// workerpool(250)/5000 adaptive=false ratio=1.01
	// adaptive(1000)/1000 adaptive=true ratio=NaN
	// adaptive(5000)/5000 adaptive=true ratio=NaN
}
