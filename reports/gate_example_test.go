package reports_test

import (
	"fmt"
	"log"
	"strings"

	"batchlab/reports"
)

// ExampleGate fails a comparison, as `batchlab compare -fail-slower 5%
// -fail-failed` does, where the new run is twice as slow in one cell and
// fails more often in another; the third cell is 3 % slower, under the
// threshold.
func ExampleGate() {
	bench := func(slow, failed, slight float64) string {
		var b strings.Builder
		for i := range 6 {
			j := 1 + float64(i)/100
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=workerpool/concurrency=250/entries=1000 1 %g sec/op 0 failed/op\n", 0.8*slow*j)
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=unbounded/concurrency=1000/entries=1000 1 %g sec/op %g failed/op\n", 0.2*j, failed)
			fmt.Fprintf(&b, "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 %g sec/op 0 failed/op\n", 0.8*slight*j)
		}
		return b.String()
	}
	old, err := reports.Load(strings.NewReader(bench(1, 0, 1)), "old")
	if err != nil {
		log.Fatal(err)
	}
	new, err := reports.Load(strings.NewReader(bench(2, 3, 1.03)), "new")
	if err != nil {
		log.Fatal(err)
	}
	c, err := reports.Compare(old, new)
	if err != nil {
		log.Fatal(err)
	}
	res, err := reports.Gate{Slower: true, SlowerPct: 5, Failed: true}.Check(c)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res.Regressions {
		fmt.Println(r)
	}
	// Output:
	// steady: workerpool(250)/entries=1000 sec/op 820.0m → 1640.0m +100.00% p=0.002 n=6
	// steady: unbounded(1000)/entries=1000 failed/op 0.000 → 3.000 +∞% p=0.002 n=6
}
