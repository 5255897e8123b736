package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"batchlab/harness"
	"batchlab/reports"
	"batchlab/reports/page"
)

// reportCmd renders a run's bench.txt: table.md (the seed's table,
// reproduced) and report.html (charts, offline) beside it, or CSV or JSON
// on stdout for scripts.
func reportCmd(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("batchlab report", stderr,
		"Usage: batchlab report [-format files|csv|json] [DIR]\n\n"+
			"Renders DIR/bench.txt (default DIR: the newest run under results/).")
	format := fset.String("format", "files", "files (table.md and report.html beside bench.txt), csv or json (to stdout)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 1 {
		return usagef("report takes one directory, got %q", fset.Args())
	}
	if *format != "files" && *format != "csv" && *format != "json" {
		return usagef("report: -format must be files, csv or json, got %q", *format)
	}
	dir, err := fset.Arg(0), error(nil)
	if dir == "" {
		if dir, err = harness.NewestRun(harness.ResultsDir); err != nil {
			return usagef("report: %v (make bench writes one)", err)
		}
	}
	run, err := loadRun(dir, stderr)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return reports.WriteCSV(stdout, run)
	case "json":
		return reports.WriteJSON(stdout, run)
	}
	wrote, err := page.WriteFiles(filepath.Dir(run.Name), run) // beside bench.txt, also when DIR names it
	for _, path := range wrote {
		fmt.Fprintf(stdout, "wrote %s\n", path)
	}
	return err
}

// loadRun reads dir/bench.txt, or dir itself when it names a file, and
// warns on stderr of each line it skipped as damaged.
func loadRun(dir string, stderr io.Writer) (*reports.Run, error) {
	run, err := reports.LoadPath(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("no result file at %s", dir)
	}
	if err != nil {
		return nil, err // it names the damaged lines of a file with nothing left
	}
	for _, d := range run.Damaged {
		fmt.Fprintf(stderr, "batchlab: warning: %s\n", d)
	}
	return run, nil
}
