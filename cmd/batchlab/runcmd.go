package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"batchlab/cmd/internal/progress"
	"batchlab/harness"
	"batchlab/strategies/catalog"
)

// runFlags are batchlab run's settings after parsing.
type runFlags struct {
	strategies []catalog.Entry
	widths     []int // each bounded strategy runs once per width
	sizes      []int
	serviceSettings
}

func parseRunFlags(args []string, stderr io.Writer) (*runFlags, error) {
	fs := newFlagSet("batchlab run", stderr,
		"Usage: batchlab run [flags]\n\nMeasures strategies × sizes × repeats against the third-party service and writes bench.txt.\n"+
			"With several scenarios (-scenario steady,limited,overloaded) it runs the whole plan once per scenario,\n"+
			"each against its own child service, into one bench.txt holding one block per scenario.")
	f := &runFlags{}
	strats := fs.String("strategies", "", "comma-separated strategies to run (default all; see batchlab list)")
	sizes := fs.String("sizes", "1000,10000,20000", "comma-separated entry counts")
	defWidth := strconv.Itoa(catalog.DefaultWidth)
	width := fs.String("width", defWidth, "the width of every bounded strategy (batch size, workers, semaphore weight), or comma-separated "+
		"widths, each run in turn; its concurrency C, the most calls in flight, at n entries is min(n, width)")
	oldWidth := fs.String("concurrency", defWidth, "the old name of -width, kept for scripts (bench.txt's concurrency= key is C)")
	shared := addServiceFlags(fs, harness.DefaultCount, "measured repetitions per strategy and size (benchstat needs ≥ 6 for a confidence interval)",
		"what the child service does: a preset (see batchlab list), optionally with key=value overrides, e.g. flaky,errors=0.05; "+
			"several run one after another into one bench.txt, e.g. steady,limited,capacity=100,overloaded")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	set := flagsSet(fs)
	switch {
	case fs.NArg() > 0:
		return nil, usagef("run takes no arguments, got %q", fs.Args())
	case set["width"] && set["concurrency"]:
		return nil, usagef("-concurrency is the old name of -width: give one")
	case set["strategies"] && strings.TrimSpace(*strats) == "":
		return nil, usagef("-strategies is empty (see batchlab list)")
	}
	var err error
	if f.strategies = catalog.All(); set["strategies"] {
		if f.strategies, err = selectStrategies("strategies", *strats); err != nil {
			return nil, err
		}
	}
	if f.sizes, err = parseInts("sizes", *sizes); err != nil {
		return nil, err
	}
	widthName := "width"
	if set["concurrency"] {
		widthName, width = "concurrency", oldWidth
	}
	if f.widths, err = parseInts(widthName, *width); err != nil {
		return nil, err
	}
	if f.serviceSettings, err = shared.parse(set, stderr); err != nil {
		return nil, err
	}
	noteCapped(stderr, f, set)
	return f, nil
}

// parseInts parses the -name list of whole numbers, none twice.
func parseInts(name, list string) ([]int, error) {
	parts, err := splitList(name, list)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		if out[i], err = strconv.Atoi(p); err != nil {
			return nil, usagef("-%s: %q is not a whole number", name, p)
		}
	}
	return out, nil
}

// noteCapped says once that a -width (-concurrency) over every size is cut
// to each size, which a bounded strategy does silently: C = min(n, width).
func noteCapped(stderr io.Writer, f *runFlags, set map[string]bool) {
	name, largest := "width", slices.Max(f.sizes)
	if set["concurrency"] {
		name = "concurrency"
	}
	if w := slices.Max(f.widths); set[name] && w > largest && slices.ContainsFunc(f.strategies, func(e catalog.Entry) bool { return e.TakesWidth }) {
		fmt.Fprintf(stderr, "batchlab: -%s %d is more than every size (the largest is %d): the width is capped at each size\n", name, w, largest)
	}
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseRunFlags(args, stderr)
	if err != nil {
		return err
	}
	var subjects []harness.Subject
	for _, e := range f.strategies {
		for i, w := range f.widths {
			if i > 0 && !e.TakesWidth {
				break // a strategy that takes no width runs once
			}
			subjects = append(subjects, harness.Subject{Name: e.Name, Strategy: e.New(w)})
		}
	}
	plans, total, err := f.plans(subjects, f.delay)
	if err != nil {
		return err
	}
	target, delay, err := openTarget(ctx, stderr, &f.serviceSettings, f.delay, func(d time.Duration) (planSummary, error) {
		ps, _, err := f.plans(subjects, d)
		return summarize(ps, f.widths), err
	})
	if err != nil {
		return err
	}
	if delay != f.delay { // the probe's median: the ideal and the budget use it
		f.delay = delay
		if plans, total, err = f.plans(subjects, delay); err != nil {
			return err
		}
	}
	out, err := harness.PrepareOut(f.out, time.Now())
	if err != nil {
		return usagef("-out: %v", err)
	}
	prog := progress.New(stderr, out)
	prog.SetTotal(total)
	series, runErr := harness.RunSeries(ctx, plans, harness.SeriesOptions{Out: out, Target: target, Stderr: stderr, Progress: prog.Event})
	prog.Close()
	if len(series.Blocks) == 0 && runErr != nil {
		return runErr // no service started: nothing measured, nothing written
	}
	printSeries(stdout, plans, series, out)
	for _, b := range series.Blocks {
		peakNote(stderr, b.Measurements)
	}
	if runErr != nil && series.Status == harness.StatusInterrupted {
		return fmt.Errorf("interrupted: partial results in %s", out)
	}
	return runErr
}

// plans lays out the run's plans, one per scenario, at delay (a target's),
// and counts their measured runs; it refuses a plan with none to run.
func (f *runFlags) plans(subjects []harness.Subject, delay time.Duration) ([]*harness.Plan, int, error) {
	settings := f.serviceSettings
	settings.delay = delay
	plans := make([]*harness.Plan, len(f.scenarios))
	total := 0
	for i, sc := range f.scenarios {
		var err error
		if plans[i], err = harness.NewPlan(subjects, settings.planConfig(sc, f.sizes)); err != nil {
			return nil, 0, planError(err)
		}
		total += plans[i].Runs()
	}
	if total == 0 { // before any service starts or any file is written
		return nil, 0, fmt.Errorf("nothing to measure: every cell is predicted over -budget %v (-full runs them)", f.budget)
	}
	return plans, total, nil
}

// summarize is what the guard shows of plans.
func summarize(plans []*harness.Plan, widths []int) planSummary {
	var ps planSummary
	for _, p := range plans {
		ps.requests += p.Requests()
		ps.predicted += p.Predicted()
	}
	ws := make([]string, len(widths))
	for i, w := range widths {
		ws[i] = strconv.Itoa(w)
	}
	ps.widths = strings.Join(ws, ",")
	return ps
}

// planError is a usage error for a plan NewPlan refused, naming the flag
// that overrides a refusal for memory.
func planError(err error) error {
	if errors.Is(err, harness.ErrMemory) {
		return usagef("%v; -memory raises it", err)
	}
	return usagef("%v", err)
}
