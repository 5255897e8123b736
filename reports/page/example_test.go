package page_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"batchlab/reports"
	"batchlab/reports/page"
)

func ExampleWriteHTML() {
	run, err := reports.LoadFile("../testdata/skipped.txt")
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := page.WriteHTML(&buf, run); err != nil {
		log.Fatal(err)
	}
	html := buf.String()
	fmt.Println("charts:", strings.Count(html, `<div class="item"`))
	fmt.Println("scripts loaded from elsewhere:", strings.Count(html, "<script src="))
	fmt.Println("ECharts inlined, page over 1 MB:", buf.Len() > 1_000_000)
	fmt.Println("skipped cells listed:", strings.Count(html, reports.PredictedMark+"</li>"))
	// Output:
	// charts: 9
	// scripts loaded from elsewhere: 0
	// ECharts inlined, page over 1 MB: true
	// skipped cells listed: 3
}

func ExampleWriteCompareHTML() {
	old, err := reports.LoadFile("../testdata/quick.txt")
	if err != nil {
		log.Fatal(err)
	}
	new, err := reports.LoadFile("../testdata/skipped.txt")
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := page.WriteCompareHTML(&buf, old, new); err != nil {
		log.Fatal(err)
	}
	html := buf.String()
	fmt.Println("charts:", strings.Count(html, `<div class="item"`))
	fmt.Println("scripts loaded from elsewhere:", strings.Count(html, "<script src="))
	fmt.Println("charts with batches(250) of both runs:", strings.Count(html, `{"name":"batches(250) (old)","type":"line"`),
		strings.Count(html, `{"name":"batches(250) (new)","type":"line"`))
	// Output:
	// charts: 5
	// scripts loaded from elsewhere: 0
	// charts with batches(250) of both runs: 5 5
}
