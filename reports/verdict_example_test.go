package reports_test

import (
	"fmt"
	"log"

	"batchlab/reports"
)

// On a rate-limited service the fastest run is the one that was refused:
// the verdict names the fastest strategy that lost nothing, and says what
// the faster ones lost.
func ExampleVerdicts() {
	run, err := reports.LoadFile("testdata/scenarios.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range reports.Verdicts(run) {
		if v.Scenario != "limited" {
			continue
		}
		fmt.Printf("%s at %d entries: %s\n", v.Scenario, v.Entries, v.Best)
		for _, f := range v.Faster {
			fmt.Println("  " + f)
		}
	}
	// Output:
	// limited at 5000 entries: use workerpool(250): the fastest that lost no entry, 4.05 s (1.01× its ideal), peak heap 30 MiB
	//   unbounded(5000) was faster, 399 ms, but lost 4,500 entries per run (90 %, 429)
	//   adaptive(5000) was faster, 2.63 s, but lost 125 entries per run (2.5 %, 429)
}
