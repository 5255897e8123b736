package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"batchlab/benchfile"
	"batchlab/cmd/internal/cli"
	"batchlab/reports"
	"batchlab/reports/page"
)

// errGate is wrapped by the error of a compare whose -fail-slower or
// -fail-failed found a cell that regressed: it exits 1 like any other
// failure, and tests tell it from a run that could not be read.
var errGate = errors.New("gate failed")

const compareUsage = `Usage: batchlab compare [-html FILE] [-fail-slower PCT] [-fail-failed] OLD NEW

OLD and NEW are run directories (or bench.txt files). Prints, per strategy and size,
the old and new medians with 95 % intervals, the change and its p-value, as benchstat does.

As a gate (CI): -fail-slower 5% exits 1 when a cell's sec/op median grew by more than 5 %
and the change is significant (p ≤ 0.05, the p the table prints). Run -count 6: with too
few repetitions no p gets that low (3 on each side: 0.1 at best), and compare warns.
-fail-failed exits 1 when a cell's failed/op median grew, or when it failed in no old
repetition and in some new one: failures are exact counts, not noisy timings, so no
significance is asked for. The comparison is printed first, then each regressed cell on
stderr, one line each. Exit status: 1 when a cell regressed (or a run cannot be read),
2 for bad usage.`

// compareCmd prints the benchstat-style comparison of two runs and, with
// -html, writes both runs overlaid in the report's charts; with a gate
// flag it then fails when a cell regressed.
func compareCmd(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("batchlab compare", stderr, compareUsage)
	htmlOut := fset.String("html", "", "also write the two runs overlaid as charts to this `file` (e.g. compare.html)")
	var slower percentFlag
	fset.Var(&slower, "fail-slower", "exit 1 when a cell's time grew by more than this `percentage` (5% or 5, 0.5%), significantly")
	failFailed := fset.Bool("fail-failed", false, "exit 1 when a cell's failures (failed/op median) grew")
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
	gate := reports.Gate{Slower: slower.set, SlowerPct: slower.pct, Failed: *failFailed}
	return checkGate(gate, slower.String(), cmp, stderr)
}

// checkGate lists on stderr the cells of cmp that fail gate, and returns
// an error wrapping errGate when there are any. A cell the time check
// cannot fail (too few repetitions) is a warning, once: the gate then
// passes, as the comparison prints "~" for it.
func checkGate(gate reports.Gate, slower string, cmp *reports.Comparison, stderr io.Writer) error {
	res, err := gate.Check(cmp)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if n := len(res.Untestable); n > 0 {
		r := res.Untestable[0]
		fmt.Fprintf(stderr, "batchlab: warning: -fail-slower cannot fail %d of the cells, too few repetitions for p ≤ %g (%s has n=%d+%d; run -count 6)\n",
			n, r.Test.Alpha, r.CellKey, r.Test.N1, r.Test.N2)
	}
	for _, r := range res.Regressions {
		over := "-fail-failed"
		if r.Unit != benchfile.UnitFailed {
			over = "-fail-slower " + slower
		}
		fmt.Fprintf(stderr, "batchlab: regressed: %s (%s)\n", r, over)
	}
	if n := len(res.Regressions); n > 0 {
		word := "regressions"
		if n == 1 {
			word = "regression"
		}
		return fmt.Errorf("compare: %w: %d %s, listed above", errGate, n, word)
	}
	return nil
}

// percentFlag is -fail-slower: a percentage ≥ 0, "5%", "5" or "0.5%".
type percentFlag struct {
	set bool
	pct float64
}

func (p *percentFlag) String() string {
	if p == nil || !p.set {
		return ""
	}
	return strconv.FormatFloat(p.pct, 'f', -1, 64) + "%"
}

func (p *percentFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%")), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return errors.New("want a percentage ≥ 0 such as 5% or 0.5%")
	}
	p.set, p.pct = true, v
	return nil
}
