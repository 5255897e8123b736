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

// reportCmd renders a run's bench.txt as table.md beside it: the seed's
// BenchmarkDotNet table, reproduced.
func reportCmd(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("batchlab report", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), "Usage: batchlab report [DIR]\n\nWrites DIR/table.md from DIR/bench.txt (default DIR: the newest run under results/).\n")
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	if fset.NArg() > 1 {
		return usagef("report takes one directory, got %q", fset.Args())
	}
	dir := fset.Arg(0)
	if dir == "" {
		var err error
		if dir, err = newestRun("results"); err != nil {
			return err
		}
	}
	run, err := reports.LoadFile(filepath.Join(dir, "bench.txt"))
	if errors.Is(err, fs.ErrNotExist) {
		return usagef("report: no bench.txt in %s", dir)
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteTable(&buf, run); err != nil {
		return err
	}
	out := filepath.Join(dir, "table.md")
	if err := harness.WriteAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "table: %s\n", out)
	return nil
}

// newestRun returns the directory under root whose bench.txt was written
// last.
func newestRun(root string) (string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return "", usagef("report: no runs: %v", err)
	}
	var best string
	var bestTime int64
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		fi, err := os.Stat(filepath.Join(root, e.Name(), "bench.txt"))
		if err != nil {
			continue
		}
		if t := fi.ModTime().UnixNano(); best == "" || t > bestTime {
			best, bestTime = filepath.Join(root, e.Name()), t
		}
	}
	if best == "" {
		return "", usagef("report: no run with a bench.txt under %s (make bench writes one)", root)
	}
	return best, nil
}
