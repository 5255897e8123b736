package page_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"batchlab/reports"
	"batchlab/reports/page"
)

// LoadPath takes a run's directory or its bench.txt; WriteFiles renders
// table.md and report.html beside it, as `batchlab report DIR` does.
func ExampleWriteFiles() {
	dir, err := os.MkdirTemp("", "run")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	data, err := os.ReadFile("../testdata/quick.txt")
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, reports.ResultFile), data, 0o644)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	run, err := reports.LoadPath(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	wrote, err := page.WriteFiles(dir, run)
	for _, path := range wrote {
		fmt.Println(filepath.Base(path))
	}
	fmt.Println(err)
	// Output:
	// table.md
	// report.html
	// <nil>
}

// WriteCompareFile writes compare.html, as `batchlab compare -html FILE
// OLD NEW` does.
func ExampleWriteCompareFile() {
	dir, err := os.MkdirTemp("", "compare")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	old, err := reports.LoadFile("../testdata/quick.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	new, err := reports.LoadFile("../testdata/skipped.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	path := filepath.Join(dir, "compare.html")
	fmt.Println(page.WriteCompareFile(path, old, new))
	html, err := os.ReadFile(path)
	fmt.Println(err, strings.Contains(string(html), `<table id="delta">`))
	// Output:
	// <nil>
	// <nil> true
}
