package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"batchlab/harness"
	"batchlab/reports"
	"batchlab/strategies/catalog"
	"batchlab/sweep"
)

// sweepBenchstatFlags show a sweep as benchstat tables of time and
// failures: one row per strategy and width, widths in numeric order.
const sweepBenchstatFlags = "-row /strategy,/concurrency@num -ignore /entries -filter '.unit:(sec/op OR failed/op)'"

// sweepFlags are batchlab sweep's settings after parsing.
type sweepFlags struct {
	sweep.Config // Tolerance a fraction, as -tolerance/100
	strategy     catalog.Entry
	with         []catalog.Entry
	serviceSettings
}

func parseSweepFlags(args []string, stderr io.Writer) (*sweepFlags, error) {
	fs := flag.NewFlagSet("batchlab sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		strat   = fs.String("strategy", "workerpool", "the bounded strategy whose width is swept (see batchlab list)")
		entries = fs.Int("entries", 20000, "entries per run")
		widths  = fs.String("widths", "", "comma-separated widths, ascending (default 1, 2, 5, 10, 20, 50, … up to -entries, and -entries itself)")
		tol     = fs.Float64("tolerance", sweep.DefaultTolerance*100, "percent: the knee is the narrowest width whose mean time is within this of the best width's")
		with    = fs.String("with", "adaptive,unbounded", `strategies measured in the same run as references ("" for none); a bounded one at width `+strconv.Itoa(catalog.DefaultWidth))
		refine  = fs.Int("refine", sweep.DefaultRefine, "after the listed widths, measure up to this many more on each side of the knee, by bisection (0: none)")
		shared  = addServiceFlags(fs, 3, "measured repetitions per width (benchstat needs ≥ 6 for a confidence interval)",
			"what the child service does: one preset (see batchlab list), optionally with key=value overrides, e.g. limited,capacity=200")
	)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: batchlab sweep [flags]\n\nMeasures one bounded strategy at many widths at one size, and -with strategies as references,\n"+
			"into one bench.txt; finds the knee (the narrowest width within -tolerance of the best, among the widths that\n"+
			"fail no more than the least-failing one) and bisects around it (-refine). batchlab report DIR charts it.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("sweep takes no arguments, got %q", fs.Args())
	}
	set := flagsSet(fs)
	f := &sweepFlags{Config: sweep.Config{Entries: *entries, Widths: sweep.DefaultWidths(*entries), Tolerance: *tol / 100, Refine: *refine}}
	var err error
	switch f.strategy, err = catalog.Lookup(*strat); {
	case err != nil:
		return nil, usagef("-strategy: %v", err)
	case !f.strategy.TakesWidth:
		return nil, usagef("-strategy %s has no width to sweep (see batchlab list)", f.strategy.Name)
	case f.Entries < 1 || f.Entries > harness.MaxEntries:
		return nil, usagef("-entries must be in [1, %d], got %d", harness.MaxEntries, f.Entries)
	case set["widths"]:
		f.Widths, err = sweep.ParseWidths(*widths)
	}
	if err == nil {
		err = f.Validate()
	}
	if err != nil {
		return nil, usagef("%v", err)
	}
	if f.with, err = parseWith(*with, f.strategy.Name); err != nil {
		return nil, err
	}
	if f.serviceSettings, err = shared.parse(set); err != nil {
		return nil, err
	}
	if len(f.scenarios) > 1 {
		return nil, usagef("sweep takes one scenario, got %d (batchlab run takes several)", len(f.scenarios))
	}
	return f, nil
}

// parseWith parses -with: catalog names, none twice, not the swept one.
func parseWith(list, swept string) ([]catalog.Entry, error) {
	var out []catalog.Entry
	for name := range strings.SplitSeq(list, ",") {
		e, err := catalog.Lookup(strings.TrimSpace(name))
		switch {
		case strings.TrimSpace(list) == "":
			return nil, nil
		case strings.TrimSpace(name) == "":
			return nil, usagef("-with %q has an empty name", list)
		case err != nil:
			return nil, usagef("-with: %v", err)
		case e.Name == swept:
			return nil, usagef("-with names %s, the strategy being swept", e.Name)
		case slices.ContainsFunc(out, func(o catalog.Entry) bool { return o.Name == e.Name }):
			return nil, usagef("-with names %q twice", e.Name)
		}
		out = append(out, e)
	}
	return out, nil
}

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseSweepFlags(args, stderr)
	if err != nil {
		return err
	}
	s := &sweeper{f: f, stderr: stderr, cfg: f.planConfig(f.scenarios[0], []int{f.Entries}),
		// The report finds the knee at the tolerance the sweep printed.
		header: runHeader(harness.KV{Key: reports.ToleranceKey, Value: strconv.FormatFloat(f.Tolerance, 'g', -1, 64)})}
	if f.target != "" {
		if s.svc, err = harness.Attach(ctx, f.target); err != nil {
			return usagef("-target: %v", err)
		}
	}
	if s.out, err = prepareOut(f.out, time.Now()); err != nil {
		return err
	}
	if s.svc == nil {
		if s.svc, err = startChild(ctx, s.cfg.Scenario, stderr); err != nil {
			return err
		}
		defer s.svc.Stop()
	}
	fmt.Fprintf(stderr, "batchlab: sweep %s over %d widths at %d entries, scenario %s: service %s (%s), writing %s\n",
		f.strategy.Name, len(f.Widths), f.Entries, s.cfg.Scenario, s.svc.URL, s.svc.Mode, s.out)
	result, runErr := sweep.Run(ctx, f.Config, s.measure)
	if runErr == nil && len(f.with) > 0 { // the references, in the same block
		_, runErr = s.run(ctx, f.with, catalog.DefaultWidth)
	}
	switch s.res.Status = harness.StatusComplete; {
	case ctx.Err() != nil:
		s.res.Status = harness.StatusInterrupted
	case runErr != nil:
		s.res.Status = harness.StatusFailed
	}
	runErr = errors.Join(runErr, harness.WriteFile(s.out, &s.res))
	if run, err := reports.LoadFile(s.out); err == nil {
		s.print(stdout, run)
	}
	fmt.Fprintf(stdout, "\nresults: %s (%s)\nreport:  batchlab report %s\ncompare: go tool benchstat %s %s\n",
		s.out, s.res.Status, filepath.Dir(s.out), sweepBenchstatFlags, s.out)
	switch {
	case runErr != nil && s.res.Status == harness.StatusInterrupted:
		return fmt.Errorf("interrupted: partial results in %s", s.out)
	case runErr != nil:
		return runErr
	case result.Knee < 0:
		return fmt.Errorf("no knee: fewer than %d widths of %s were measured (the others are over the -budget)", sweep.MinWidths, f.strategy.Name)
	}
	return nil
}

// sweeper measures for sweep.Run, one width at a time, into one block of
// bench.txt that it rewrites after each.
type sweeper struct {
	f      *sweepFlags
	cfg    harness.Config
	svc    *harness.Service
	out    string
	stderr io.Writer
	header []harness.KV
	res    harness.Results // every measurement so far
}

// run measures strategies at width into s.res and rewrites bench.txt,
// marked running: sweepCmd writes the final status.
func (s *sweeper) run(ctx context.Context, strategies []catalog.Entry, width int) (*harness.Results, error) {
	var subjects []harness.Subject
	for _, e := range strategies {
		subjects = append(subjects, harness.Subject{Name: e.Name, Strategy: e.New(width)})
	}
	plan, err := harness.NewPlan(subjects, s.cfg) // its cells' Skipped is the budget rule
	if err != nil {
		return &harness.Results{}, err
	}
	prog := newProgress(s.stderr, plan.Runs())
	res, err := harness.Run(ctx, plan, s.svc, harness.Options{Header: s.header, Progress: prog.event})
	prog.finish()
	s.res.Header, s.res.Status = res.Header, harness.StatusRunning
	s.res.Measurements = append(s.res.Measurements, res.Measurements...)
	s.res.Skipped = append(s.res.Skipped, res.Skipped...)
	return res, errors.Join(err, harness.WriteFile(s.out, &s.res))
}

// measure measures width w for sweep.Run: a point, skipped over the budget.
func (s *sweeper) measure(ctx context.Context, w int) (sweep.Point, error) {
	if !slices.Contains(s.f.Widths, w) {
		fmt.Fprintf(s.stderr, "batchlab: refine: width %d\n", w)
	}
	res, err := s.run(ctx, []catalog.Entry{s.f.strategy}, w)
	p := sweep.Point{Width: w, Entries: s.f.Entries, Skipped: len(res.Skipped) > 0}
	var wall time.Duration
	for _, m := range res.Measurements {
		wall, p.Failed = wall+m.Wall, p.Failed+float64(m.Failed())
	}
	if n := len(res.Measurements); n > 0 {
		p.Mean, p.Failed = wall/time.Duration(n), p.Failed/float64(n)
	}
	return p, err
}

// print writes the swept widths from run (time, failures, main failure
// class, knee and best marked), the knee, the recommendation and the -with
// strategies against the best: what the report shows.
func (s *sweeper) print(w io.Writer, run *reports.Run) {
	fmt.Fprintf(w, "sweep of %s at %d entries, scenario %s, tolerance %g %%\n", s.f.strategy.Name, s.f.Entries, s.cfg.Scenario, s.f.Tolerance*100)
	var sw *reports.Sweep
	marks := map[int][]string{}
	for _, c := range reports.FindSweeps(run, run.KneeTolerance()) {
		if c.Strategy == s.f.strategy.Name && c.Entries == s.f.Entries && c.Knee >= 0 {
			sw = &c
			marks[c.Points[c.Knee].Concurrency] = append(marks[c.Points[c.Knee].Concurrency], "knee")
			marks[c.Points[c.Best].Concurrency] = append(marks[c.Points[c.Best].Concurrency], "best")
		}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "width\tmean\tfailed/run\tmain failure\t\t")
	cells := slices.DeleteFunc(slices.Clone(run.Cells), func(c reports.Cell) bool { return c.Strategy != s.f.strategy.Name || c.Entries != s.f.Entries })
	slices.SortStableFunc(cells, func(a, b reports.Cell) int { return a.Concurrency - b.Concurrency }) // refined widths come last in the file
	for _, c := range cells {
		class := "-"
		if fc := c.FailuresByClass(); len(fc) > 0 {
			class = fc[0].Class
		}
		if c.Skipped {
			fmt.Fprintf(tw, "%d\tskipped\t-\t-\tpredicted ≥ %v\t\n", c.Concurrency, time.Duration(c.PredictedSec*float64(time.Second)))
		} else {
			fmt.Fprintf(tw, "%d\t%.3fs\t%s\t%s\t%s\t\n", c.Concurrency, c.Time.Mean, reports.FormatCount(c.FailedPerRun()), class, strings.Join(marks[c.Concurrency], ", "))
		}
	}
	tw.Flush()
	if sw == nil {
		return // sweepCmd says why there is no knee
	}
	k, b, best := sw.Points[sw.Knee], sw.Points[sw.Best], ""
	if sw.Best != sw.Knee {
		best = fmt.Sprintf("; best: width %d, %.3fs", b.Concurrency, b.Time.Mean)
	}
	fmt.Fprintf(w, "knee: width %d (%.3fs%s)\n%s\n", k.Concurrency, k.Time.Mean, best, sw.Recommendation())
	for _, line := range sw.ReferenceLines() {
		fmt.Fprintln(w, "  "+line)
	}
}
