package main

import (
	"fmt"
	"io"

	"batchlab/cmd/internal/cli"
	"batchlab/reports"
	"batchlab/reports/page"
)

// compareCmd prints the benchstat-style comparison of two runs and, with
// -html, writes both runs overlaid in the report's charts.
func compareCmd(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("batchlab compare", stderr,
		"Usage: batchlab compare [-html FILE] OLD NEW\n\n"+
			"OLD and NEW are run directories (or bench.txt files). Prints, per strategy and size,\n"+
			"the old and new medians with 95 % intervals, the change and its p-value, as benchstat does.")
	htmlOut := fset.String("html", "", "also write the two runs overlaid as charts to this `file` (e.g. compare.html)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 2 {
		return usagef("compare takes two runs, OLD and NEW, got %d", fset.NArg())
	}
	oldRun, err := loadRun(fset.Arg(0), stderr)
	if err != nil {
		return err
	}
	newRun, err := loadRun(fset.Arg(1), stderr)
	if err != nil {
		return err
	}
	cmp, err := reports.Compare(oldRun, newRun)
	if err != nil {
		return err
	}
	if err := reports.WriteComparison(stdout, cmp); err != nil {
		return err
	}
	if *htmlOut != "" {
		if err := page.WriteCompareFile(*htmlOut, oldRun, newRun); err != nil {
			return fmt.Errorf("compare: -html %s: %w", *htmlOut, cli.OSCause(err))
		}
		fmt.Fprintf(stdout, "\nwrote %s\n", *htmlOut)
	}
	return nil
}
