package reports_test

import (
	"fmt"
	"log"
	"strings"

	"batchlab/reports"
)

// ExampleCompare compares the quick run (2 runs per cell, 2 ms delay) with
// the 6-run one (200 ms delay). With only 2 runs on one side the U test
// cannot reach p ≤ 0.05, so every delta is "~", as benchstat would print.
func ExampleCompare() {
	old, err := reports.LoadFile("testdata/quick.txt")
	if err != nil {
		log.Fatal(err)
	}
	new, err := reports.LoadFile("testdata/skipped.txt")
	if err != nil {
		log.Fatal(err)
	}
	c, err := reports.Compare(old, new)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range c.Metrics {
		significant := 0
		for _, r := range m.Rows {
			if r.Significant() {
				significant++
			}
		}
		fmt.Printf("%s: %d cells compared, %d significant\n", m.Unit, len(m.Rows), significant)
	}
	fmt.Println("skipped in one run:", len(c.Skipped), "only in old:", len(c.OnlyOld), "only in new:", len(c.OnlyNew))
	// Output:
	// sec/op: 12 cells compared, 0 significant
	// B/entry: 12 cells compared, 0 significant
	// p99-sec: 12 cells compared, 0 significant
	// failed/op: 12 cells compared, 0 significant
	// skipped in one run: 3 only in old: 0 only in new: 0
}

// ExampleCompare_significant compares two small synthetic runs of 6 runs
// each, where the new one is twice as fast. Only sec/op is compared: the
// other metrics are absent from both files.
func ExampleCompare_significant() {
	bench := func(sec float64) string {
		var b strings.Builder
		b.WriteString("commit: abc\n\n")
		for i := range 6 {
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=pool/concurrency=100/entries=1000 1 %g sec/op\n", sec*(1+float64(i)/100))
		}
		return b.String()
	}
	old, err := reports.Load(strings.NewReader(bench(2.0)), "old")
	if err != nil {
		log.Fatal(err)
	}
	new, err := reports.Load(strings.NewReader(bench(1.0)), "new")
	if err != nil {
		log.Fatal(err)
	}
	c, err := reports.Compare(old, new)
	if err != nil {
		log.Fatal(err)
	}
	r := c.Metrics[0].Rows[0]
	fmt.Println(c.Metrics[0].Unit, r.Method, r.Entries)
	fmt.Println("significant:", r.Significant(), "delta:", r.Delta(), "test:", r.Test)
	// Output:
	// sec/op pool(100) 1000
	// significant: true delta: -50.00% test: p=0.002 n=6
}
