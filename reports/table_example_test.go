package reports_test

import (
	"fmt"
	"log"

	"batchlab/reports"
)

// ExampleTables renders the table model itself, as the HTML page does:
// each column has one unit across every scenario, and the seed's rows stand
// only where the seed's service ran.
func ExampleTables() {
	run, err := reports.LoadFile("testdata/skipped.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range reports.Tables(run) {
		fmt.Println("scenario:", t.Scenario, "runs per cell:", t.MinRuns)
		for _, c := range t.Columns {
			if c.Unit != "" && !c.Detail {
				fmt.Printf("%s in %s\n", c.Name, c.Unit)
			}
		}
		for _, r := range t.Rows {
			if r.Kind == reports.RowSeed {
				mean, _ := t.Cell(r, reports.ColMean)
				fmt.Println(r.Method, r.Entries, mean)
			}
		}
	}
	// Output:
	// scenario: steady runs per cell: 6
	// Mean in ms
	// Error in ms
	// StdDev in ms
	// Allocated in MB
	// p99 in ms
	// seed (.NET, documented) 1000 893.5 ms
	// seed (.NET, documented) 10000 9,662.7 ms
	// seed (.NET, documented) 20000 18,542.4 ms
}
