package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"batchlab/harness"
	"batchlab/reports"
)

// reportCmd renders a run's bench.txt: table.md (the seed's table,
// reproduced) and report.html (charts, offline) beside it, or CSV or JSON
// on stdout for scripts.
func reportCmd(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("batchlab report", flag.ContinueOnError)
	fset.SetOutput(stderr)
	format := fset.String("format", "files", "files (table.md and report.html beside bench.txt), csv or json (to stdout)")
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), "Usage: batchlab report [-format files|csv|json] [DIR]\n\n"+
			"Renders DIR/bench.txt (default DIR: the newest run under results/).\n\nFlags:\n")
		fset.PrintDefaults()
	}
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 1 {
		return usagef("report takes one directory, got %q", fset.Args())
	}
	if *format != "files" && *format != "csv" && *format != "json" {
		return usagef("report: -format must be files, csv or json, got %q", *format)
	}
	dir := fset.Arg(0)
	if dir == "" {
		var err error
		if dir, err = harness.NewestRun(harness.ResultsDir); err != nil {
			return usagef("report: %v (make bench writes one)", err)
		}
	}
	run, err := loadRun(dir)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return reports.WriteCSV(stdout, run)
	case "json":
		return reports.WriteJSON(stdout, run)
	}
	for _, f := range []struct {
		name   string
		render func(io.Writer, *reports.Run) error
	}{
		{"table.md", reports.WriteTable},
		{"report.html", reports.WriteHTML},
	} {
		var buf bytes.Buffer
		if err := f.render(&buf, run); err != nil {
			return err
		}
		out := filepath.Join(dir, f.name)
		if err := harness.WriteAtomic(out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", out)
	}
	return nil
}

// loadRun reads dir/bench.txt, or dir itself when it names a file.
func loadRun(dir string) (*reports.Run, error) {
	path := dir
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		path = filepath.Join(dir, "bench.txt")
	}
	run, err := reports.LoadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("no result file at %s", path)
	}
	return run, err
}
