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
	fmt.Println("seed rows documented:", len(reports.Seed))
	// Output:
	// cells: 15 measured: 12 skipped: 3
	// runs per measured cell: 6 count setting: 6
	// seed rows documented: 3
}
