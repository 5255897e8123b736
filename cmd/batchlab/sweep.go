package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"batchlab/cmd/internal/progress"
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
	fs := newFlagSet("batchlab sweep", stderr,
		"Usage: batchlab sweep [flags]\n\nMeasures one bounded strategy at many widths at one size, and -with strategies as references,\n"+
			"into one bench.txt; finds the knee (the narrowest width within -tolerance of the best, among the widths that\n"+
			"fail no more than the least-failing one) and bisects around it (-refine). batchlab report DIR charts it.")
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
	if strings.TrimSpace(*with) != "" {
		if f.with, err = selectStrategies("with", *with); err != nil {
			return nil, err
		}
	}
	if slices.ContainsFunc(f.with, func(e catalog.Entry) bool { return e.Name == f.strategy.Name }) {
		return nil, usagef("-with names %s, the strategy being swept", f.strategy.Name)
	}
	if f.serviceSettings, err = shared.parse(set, stderr); err != nil {
		return nil, err
	}
	if len(f.scenarios) > 1 {
		return nil, usagef("sweep takes one scenario, got %d (batchlab run takes several)", len(f.scenarios))
	}
	return f, nil
}

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseSweepFlags(args, stderr)
	if err != nil {
		return err
	}
	s := &sweeper{f: f, cfg: f.planConfig(f.scenarios[0], []int{f.Entries}), prog: progress.New(stderr, ""),
		later: (len(f.Widths) + len(f.with)) * f.count}
	defer s.prog.Close()
	runs := 0 // refused before any service starts: a width or a reference over the memory budget, or all over -budget
	for _, w := range f.Widths {
		p, err := s.plan([]catalog.Entry{f.strategy}, w)
		if err != nil {
			return planError(err)
		}
		runs += p.Runs()
	}
	if len(f.with) > 0 {
		if _, err := s.plan(f.with, catalog.DefaultWidth); err != nil {
			return planError(err)
		}
	}
	if runs == 0 {
		return fmt.Errorf("nothing to measure: every width of %s is predicted over -budget %v (-full runs them)", f.strategy.Name, f.budget)
	}
	opts := harness.SessionOptions{Scenario: s.cfg.Scenario, Stderr: stderr, Progress: s.prog.Event,
		// The report finds the knee at the tolerance the sweep printed.
		Header: []harness.KV{{Key: reports.ToleranceKey, Value: strconv.FormatFloat(f.Tolerance, 'g', -1, 64)}}}
	var delay time.Duration
	if opts.Target, delay, err = openTarget(ctx, stderr, &f.serviceSettings, s.cfg.Delay, s.summary); err != nil {
		return err
	}
	s.cfg.Delay = delay // the probe's median, for a template target without -delay
	if opts.Out, err = harness.PrepareOut(f.out, time.Now()); err != nil {
		return usagef("-out: %v", err)
	}
	if s.session, err = harness.Open(ctx, opts); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "batchlab: sweep %s over %d widths at %d entries, scenario %s: service %s (%s), writing %s\n",
		f.strategy.Name, len(f.Widths), f.Entries, s.cfg.Scenario, s.session.Service().URL, s.session.Service().Mode, opts.Out)
	result, runErr := sweep.Run(ctx, f.Config, s.measure)
	if runErr == nil && len(f.with) > 0 { // the references, in the same block
		s.later = 0
		_, runErr = s.run(ctx, f.with, catalog.DefaultWidth)
	}
	res, runErr := s.session.Close(ctx, runErr)
	peakNote(stderr, res.Measurements)
	run, err := reports.LoadFile(opts.Out) // what the report reads: one knee for both
	if err == nil {
		fmt.Fprintf(stdout, "sweep of %s at %d entries, scenario %s, tolerance %g %%\n", f.strategy.Name, f.Entries, s.cfg.Scenario, f.Tolerance*100)
		_, err = reports.WriteSweepText(stdout, run, f.strategy.Name, f.Entries) // a missing knee is said below
	}
	if res.Status == harness.StatusInterrupted {
		fmt.Fprintln(stdout, "interrupted: this knee is among the widths that finished; the widths and references not reached could move it")
	}
	runErr = errors.Join(runErr, err)
	fmt.Fprintf(stdout, "\nresults: %s (%s)\nreport:  batchlab report %s\ncompare: go tool benchstat %s %s\n",
		opts.Out, res.Status, filepath.Dir(opts.Out), sweepBenchstatFlags, opts.Out)
	switch {
	case runErr != nil && res.Status == harness.StatusInterrupted:
		return fmt.Errorf("interrupted: partial results in %s", opts.Out)
	case runErr != nil:
		return runErr
	case result.Knee < 0:
		return fmt.Errorf("no knee: fewer than %d widths of %s were measured (the others are over the -budget)", sweep.MinWidths, f.strategy.Name)
	}
	return nil
}

// sweeper measures for sweep.Run, one width at a time, into the session's
// one block of bench.txt.
type sweeper struct {
	f       *sweepFlags
	cfg     harness.Config
	prog    *progress.Display
	session *harness.Session
	// The display's total: runs measured so far, and runs of the planned
	// widths and references not reached yet (a refined width adds its own).
	done, later int
}

// run measures strategies at width in the session. NewPlan marks a cell
// over the budget skipped: the one place that rule lives.
func (s *sweeper) run(ctx context.Context, strategies []catalog.Entry, width int) (*harness.Results, error) {
	plan, err := s.plan(strategies, width)
	if err != nil {
		return &harness.Results{}, err
	}
	s.prog.SetTotal(s.done + plan.Runs() + s.later)
	res, err := s.session.Run(ctx, plan)
	s.done += len(res.Measurements)
	return res, err
}

// summary is what the guard shows of the sweep at delay: every listed
// width and the references, and, as an upper bound, the refined widths.
func (s *sweeper) summary(delay time.Duration) (planSummary, error) {
	at := *s
	at.cfg.Delay = delay
	var plans []*harness.Plan
	for _, w := range s.f.Widths {
		p, err := at.plan([]catalog.Entry{s.f.strategy}, w)
		if err != nil {
			return planSummary{}, planError(err)
		}
		plans = append(plans, p)
	}
	if len(s.f.with) > 0 {
		p, err := at.plan(s.f.with, catalog.DefaultWidth)
		if err != nil {
			return planSummary{}, planError(err)
		}
		plans = append(plans, p)
	}
	ps := summarize(plans, s.f.Widths)
	if s.f.Refine > 0 { // each refined width: count runs and a warm-up, at most
		ps.requests += 2 * s.f.Refine * (s.f.count + 1) * s.f.Entries
		ps.upTo = true
	}
	return ps, nil
}

// plan returns the plan of strategies at width.
func (s *sweeper) plan(strategies []catalog.Entry, width int) (*harness.Plan, error) {
	var subjects []harness.Subject
	for _, e := range strategies {
		subjects = append(subjects, harness.Subject{Name: e.Name, Strategy: e.New(width)})
	}
	return harness.NewPlan(subjects, s.cfg)
}

// measure measures width w for sweep.Run: a point, skipped over the budget.
func (s *sweeper) measure(ctx context.Context, w int) (sweep.Point, error) {
	if slices.Contains(s.f.Widths, w) {
		s.later -= s.f.count
	} else {
		s.prog.Println(fmt.Sprintf("refine: width %d", w))
	}
	res, err := s.run(ctx, []catalog.Entry{s.f.strategy}, w)
	p := sweep.Point{Width: w, Entries: s.f.Entries, Skipped: len(res.Skipped) > 0}
	for _, sum := range res.Summaries() {
		p.Mean, p.Failed = sum.Mean, float64(sum.Failed)/float64(sum.Runs)
	}
	return p, err
}
