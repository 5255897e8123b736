package benchfile_test

import (
	"bytes"
	"fmt"
	"time"

	"batchlab/benchfile"
)

// A repetition cut short is a partial record, not a result line: benchstat
// and the means skip it, and its books still sum to the entries.
func ExampleRecordPartial() {
	name := benchfile.Name{Strategy: "workerpool", Concurrency: 2, Entries: 4}
	data, err := benchfile.Encode(&benchfile.Block{
		Status: benchfile.StatusInterrupted,
		Measurements: []benchfile.Measurement{{Name: name, Wall: 300 * time.Millisecond, Ideal: 400 * time.Millisecond, Succeeded: 1, Failed: 3, Attempts: 2,
			Failures: []benchfile.ClassCount{{Class: benchfile.ClassCancelled, Count: 3}}, Partial: true}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := benchfile.Read(bytes.NewReader(data), "bench.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	if len(f.Partials) == 0 {
		fmt.Println("no partial record:", f.Damaged)
		return
	}
	p := f.Partials[0]
	ok, _ := p.Value(benchfile.UnitSucceeded)
	failed, _ := p.Value(benchfile.UnitFailed)
	fmt.Println(len(f.Results), "results,", len(f.Partials), "partial: rep", p.Rep, "succeeded", ok, "failed", failed)
	// Output:
	// 0 results, 1 partial: rep 0 succeeded 1 failed 3
}
