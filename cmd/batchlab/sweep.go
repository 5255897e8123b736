package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"batchlab/harness"
	"batchlab/reports"
	"batchlab/strategies/catalog"
)

// Defaults of batchlab sweep.
const (
	sweepCount     = 3 // runs per width: a sweep measures many widths
	sweepEntries   = 20000
	sweepTolerance = 5.0 // percent: a width within 5 % of the best time is as good
	sweepRefine    = 3   // extra widths on each side of the knee
)

// sweepBenchstatFlags show a sweep as benchstat tables of time and
// failures: one row per strategy and width, widths in numeric order. (One
// column per width would be 15 to 25 columns wide.)
const sweepBenchstatFlags = "-row /strategy,/concurrency@num -ignore /entries -filter '.unit:(sec/op OR failed/op)'"

// sweepFlags are batchlab sweep's settings after parsing.
type sweepFlags struct {
	strategy  catalog.Entry
	entries   int
	widths    []int
	tolerance float64 // percent, in (0, 100)
	with      []catalog.Entry
	refine    int
	serviceSettings
}

func parseSweepFlags(args []string, stderr io.Writer) (*sweepFlags, error) {
	fs := flag.NewFlagSet("batchlab sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		strat   = fs.String("strategy", "workerpool", "the bounded strategy whose width is swept (see batchlab list)")
		entries = fs.Int("entries", sweepEntries, "entries per run")
		widths  = fs.String("widths", "", "comma-separated widths, ascending (default 1, 2, 5, 10, 20, 50, … up to -entries, and -entries itself)")
		tol     = fs.Float64("tolerance", sweepTolerance, "percent: the knee is the narrowest width whose mean time is within this of the best width's")
		with    = fs.String("with", "adaptive,unbounded", `strategies measured in the same run as references ("" for none); a bounded one at width `+strconv.Itoa(catalog.DefaultWidth))
		refine  = fs.Int("refine", sweepRefine, "after the listed widths, measure up to this many more on each side of the knee, by bisection (0: none)")
		shared  = addServiceFlags(fs, sweepCount, "measured repetitions per width (benchstat needs ≥ 6 for a confidence interval)",
			"what the child service does: one preset (see batchlab list), optionally with key=value overrides, e.g. limited,capacity=200")
	)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: batchlab sweep [flags]\n\n"+
			"Measures one bounded strategy at many widths at one size, with -with strategies as references, and\n"+
			"finds the knee: the narrowest width within -tolerance of the best, among the widths that fail no more\n"+
			"than the least-failing one (widths over -budget are skipped and recorded, as in batchlab run).\n"+
			"Then it bisects, up to -refine widths on each side: between the widest width under the knee and the\n"+
			"knee, and between the best and the narrowest wider width that fails more. Everything goes into one\n"+
			"bench.txt (Process/strategy=<name>/concurrency=<width>/entries=<n>); it prints the widths, the knee,\n"+
			"a recommendation and the references against the best. batchlab report DIR charts it.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("sweep takes no arguments, got %q", fs.Args())
	}
	set := flagsSet(fs)

	f := &sweepFlags{entries: *entries, tolerance: *tol, refine: *refine}
	var err error
	if f.strategy, err = catalog.Lookup(*strat); err != nil {
		return nil, usagef("-strategy: %v", err)
	}
	if !f.strategy.TakesWidth {
		return nil, usagef("-strategy %s has no width to sweep (want a bounded one: %s)", f.strategy.Name, strings.Join(boundedNames(), ", "))
	}
	switch {
	case f.entries < 1 || f.entries > harness.MaxEntries:
		return nil, usagef("-entries must be in [1, %d], got %d", harness.MaxEntries, f.entries)
	case !(f.tolerance > 0 && f.tolerance < 100): // also NaN
		return nil, usagef("-tolerance is a percentage in (0, 100), got %v", f.tolerance)
	case f.refine < 0:
		return nil, usagef("-refine must be ≥ 0, got %d", f.refine)
	case f.refine > 20:
		return nil, usagef("-refine must be ≤ 20, got %d (each side halves the gap per step)", f.refine)
	}
	if set["widths"] {
		f.widths, err = parseWidths(*widths, f.entries)
	} else {
		f.widths = defaultWidths(f.entries)
	}
	if err != nil {
		return nil, err
	}
	if len(f.widths) < reports.MinSweepWidths {
		return nil, usagef("a sweep needs at least %d widths, got %d (%v)", reports.MinSweepWidths, len(f.widths), f.widths)
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

// boundedNames lists the catalog's strategies that have a width.
func boundedNames() []string {
	var out []string
	for _, e := range catalog.All() {
		if e.TakesWidth {
			out = append(out, e.Name)
		}
	}
	return out
}

// defaultWidths returns the 1-2-5 series 1, 2, 5, 10, 20, 50, … up to
// entries, and entries itself when the series misses it.
func defaultWidths(entries int) []int {
	var out []int
	for decade := 1; decade <= entries; decade *= 10 {
		for _, m := range []int{1, 2, 5} {
			if w := m * decade; w <= entries {
				out = append(out, w)
			}
		}
		if decade > entries/10 {
			break // the next decade would pass entries (or overflow)
		}
	}
	if out[len(out)-1] != entries {
		out = append(out, entries)
	}
	return out
}

// parseWidths parses -widths: whole numbers in [1, entries], strictly
// ascending.
func parseWidths(list string, entries int) ([]int, error) {
	var out []int
	for s := range strings.SplitSeq(list, ",") {
		s = strings.TrimSpace(s)
		w, err := strconv.Atoi(s)
		if err != nil {
			return nil, usagef("-widths: %q is not a whole number", s)
		}
		switch {
		case w < 1:
			return nil, usagef("-widths: a width must be ≥ 1, got %d", w)
		case w > entries:
			return nil, usagef("-widths: width %d is over -entries %d", w, entries)
		case len(out) > 0 && w == out[len(out)-1]:
			return nil, usagef("-widths names %d twice", w)
		case len(out) > 0 && w < out[len(out)-1]:
			return nil, usagef("-widths must be ascending, got %d after %d", w, out[len(out)-1])
		}
		out = append(out, w)
	}
	return out, nil
}

// parseWith parses -with: catalog names, none twice, not the swept one.
func parseWith(list, swept string) ([]catalog.Entry, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	var out []catalog.Entry
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, usagef("-with %q has an empty name", list)
		}
		e, err := catalog.Lookup(name)
		if err != nil {
			return nil, usagef("-with: %v", err)
		}
		if e.Name == swept {
			return nil, usagef("-with names %s, the strategy being swept", name)
		}
		if slices.ContainsFunc(out, func(o catalog.Entry) bool { return o.Name == e.Name }) {
			return nil, usagef("-with names %q twice", name)
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
	var subjects []harness.Subject
	for _, w := range f.widths {
		subjects = append(subjects, harness.Subject{Name: f.strategy.Name, Strategy: f.strategy.New(w)})
	}
	for _, e := range f.with {
		subjects = append(subjects, harness.Subject{Name: e.Name, Strategy: e.New(catalog.DefaultWidth)})
	}
	plan, err := harness.NewPlan(subjects, f.planConfig(f.scenarios[0], []int{f.entries}))
	if err != nil {
		return usagef("%v", err)
	}

	var svc *harness.Service
	if f.target != "" {
		if svc, err = harness.Attach(ctx, f.target); err != nil {
			return usagef("-target: %v", err)
		}
	}
	out, err := prepareOut(f.out, time.Now())
	if err != nil {
		return err
	}
	if svc == nil {
		if svc, err = startChild(ctx, plan.Config.Scenario, stderr); err != nil {
			return err
		}
		defer svc.Stop()
	}
	fmt.Fprintf(stderr, "batchlab: sweep %s over %d widths at %d entries, scenario %s: service %s (%s), %d runs planned, writing %s\n",
		f.strategy.Name, len(f.widths), f.entries, plan.Config.Scenario, svc.URL, svc.Mode, plan.Runs(), out)

	s := &sweeper{f: f, cfg: plan.Config, svc: svc, out: out, stderr: stderr,
		// The report finds the knee at the tolerance the sweep printed.
		header: runHeader(harness.KV{Key: reports.ToleranceKey, Value: strconv.FormatFloat(f.tolerance/100, 'g', -1, 64)})}
	prog := newProgress(stderr, plan.Runs())
	res, runErr := harness.Run(ctx, plan, svc, harness.Options{Out: out, Header: s.header, Progress: prog.event})
	prog.finish()
	s.res = res
	if runErr == nil {
		runErr = s.refine(ctx)
	}

	run, loadErr := reports.LoadFile(out)
	switch {
	case loadErr != nil && s.res.Status == harness.StatusInterrupted:
		return fmt.Errorf("interrupted: partial results in %s", out)
	case loadErr != nil && runErr != nil:
		return runErr // the first error says what went wrong
	case loadErr != nil:
		return fmt.Errorf("read back %s: %w", out, loadErr)
	}
	found := s.printSweep(stdout, run)
	fmt.Fprintf(stdout, "\nresults: %s (%s)\nreport:  batchlab report %s\ncompare: go tool benchstat %s %s\n",
		out, s.res.Status, filepath.Dir(out), sweepBenchstatFlags, out)
	switch {
	case runErr != nil && s.res.Status == harness.StatusInterrupted:
		return fmt.Errorf("interrupted: partial results in %s", out)
	case runErr != nil:
		return runErr
	case !found:
		return fmt.Errorf("no knee: fewer than %d widths of %s were measured (the others are over the -budget)", reports.MinSweepWidths, f.strategy.Name)
	}
	return nil
}

// sweeper refines a sweep: it measures one more width at a time with the
// same settings, appends it to the results and rewrites bench.txt, which
// stays one block.
type sweeper struct {
	f      *sweepFlags
	cfg    harness.Config // the coarse plan's, defaults filled in
	svc    *harness.Service
	out    string
	stderr io.Writer
	header []harness.KV
	res    *harness.Results // every measurement so far
}

// find loads bench.txt as it now is and returns the swept strategy's
// sweep; ok is false when fewer than reports.MinSweepWidths widths were
// measured. reports.FindSweeps owns the knee rule.
func (s *sweeper) find() (sw reports.Sweep, ok bool, err error) {
	run, err := reports.LoadFile(s.out)
	if err != nil {
		return sw, false, err
	}
	return s.sweepOf(run)
}

func (s *sweeper) sweepOf(run *reports.Run) (reports.Sweep, bool, error) {
	for _, sw := range reports.FindSweeps(run, s.f.tolerance/100) {
		if sw.Strategy == s.f.strategy.Name && sw.Entries == s.f.entries {
			return sw, true, nil
		}
	}
	return reports.Sweep{}, false, nil
}

// tried reports whether width w was measured or skipped already.
func (s *sweeper) tried(w int) bool {
	is := func(c harness.Cell) bool { return c.Strategy == s.f.strategy.Name && c.Concurrency == w }
	return slices.ContainsFunc(s.res.Measurements, func(m harness.Measurement) bool { return is(m.Cell) }) ||
		slices.ContainsFunc(s.res.Skipped, is)
}

// refine bisects towards the knee from below and towards the first
// failing width above the best, at most s.f.refine widths on each side,
// re-reading the knee and the best from FindSweeps after every width.
func (s *sweeper) refine(ctx context.Context) error {
	if s.f.refine == 0 {
		return nil
	}
	sw, ok, err := s.find()
	if err != nil || !ok {
		return err
	}
	// (a) Below the knee: low is the widest measured width under it.
	if sw.Knee > 0 {
		knee, low := sw.Points[sw.Knee].Concurrency, sw.Points[sw.Knee-1].Concurrency
		for step := 0; step < s.f.refine && knee-low > max(1, knee/20); step++ {
			m := (low + knee) / 2
			if measured, err := s.measure(ctx, m, fmt.Sprintf("below the knee %d", knee)); err != nil || !measured {
				if err != nil {
					return err
				}
				break
			}
			if sw, ok, err = s.find(); err != nil {
				return err
			}
			if ok && sw.Knee >= 0 && sw.Points[sw.Knee].Concurrency == m {
				knee = m
			} else {
				low = m
			}
		}
	}
	// (b) Above the best: up is the narrowest measured width over it that
	// fails more entries per run than the best.
	if sw, ok, err = s.find(); err != nil || !ok || sw.Best < 0 {
		return err
	}
	best, up := sw.Points[sw.Best], 0
	for _, p := range sw.Points[sw.Best+1:] {
		if p.Failed > best.Failed {
			up = p.Concurrency
			break
		}
	}
	if up == 0 {
		return nil
	}
	b := best.Concurrency
	for step := 0; step < s.f.refine && up-b > max(1, b/20); step++ {
		m := (b + up) / 2
		if measured, err := s.measure(ctx, m, fmt.Sprintf("above the best %d", b)); err != nil || !measured {
			if err != nil {
				return err
			}
			break
		}
		if sw, ok, err = s.find(); err != nil {
			return err
		}
		if ok && sw.Best >= 0 && sw.Points[sw.Best].Concurrency == m {
			b = m
		} else {
			up = m
		}
	}
	return nil
}

// measure runs width w with the sweep's count and appends it to the
// results and bench.txt. It measures nothing and reports false when w was
// tried already or its predicted time is over the budget; it returns the
// run's error when the width did not complete (Ctrl-C, a dead service).
func (s *sweeper) measure(ctx context.Context, w int, why string) (bool, error) {
	if s.tried(w) {
		return false, nil
	}
	if ideal := harness.Ideal(s.f.entries, w, s.cfg.Delay); !s.cfg.Full && ideal > s.cfg.Budget {
		fmt.Fprintf(s.stderr, "batchlab: refine %s: width %d not measured: predicted ≥ %v, over the budget\n", why, w, ideal)
		return false, nil
	}
	plan, err := harness.NewPlan([]harness.Subject{{Name: s.f.strategy.Name, Strategy: s.f.strategy.New(w)}}, s.cfg)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(s.stderr, "batchlab: refine %s: width %d\n", why, w)
	prog := newProgress(s.stderr, plan.Runs())
	res, err := harness.Run(ctx, plan, s.svc, harness.Options{Header: s.header, Progress: prog.event})
	prog.finish()
	s.res.Measurements = append(s.res.Measurements, res.Measurements...)
	s.res.Skipped = append(s.res.Skipped, res.Skipped...)
	s.res.Status = res.Status
	if werr := harness.WriteFile(s.out, s.res); werr != nil {
		s.res.Status = harness.StatusFailed
		return true, errors.Join(err, werr)
	}
	return true, err
}

// printSweep prints the swept strategy's widths (time, failures, main
// failure class, the knee and best marked), the recommendation and the
// -with strategies against the best width. It reports whether run holds
// a sweep.
func (s *sweeper) printSweep(w io.Writer, run *reports.Run) bool {
	sw, ok, _ := s.sweepOf(run)
	fmt.Fprintf(w, "sweep of %s at %d entries, scenario %s, tolerance %g %%\n", s.f.strategy.Name, s.f.entries, s.cfg.Scenario, s.f.tolerance)
	mark := func(width int) string {
		var m []string
		if ok && sw.Knee >= 0 && sw.Points[sw.Knee].Concurrency == width {
			m = append(m, "knee")
		}
		if ok && sw.Best >= 0 && sw.Points[sw.Best].Concurrency == width {
			m = append(m, "best")
		}
		return strings.Join(m, ", ")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "width\tmean\tfailed/run\tmain failure\t\t")
	var cells []reports.Cell
	for _, c := range run.Cells {
		if c.Strategy == s.f.strategy.Name && c.Entries == s.f.entries {
			cells = append(cells, c)
		}
	}
	// Refined widths come last in the file; the table is by width.
	slices.SortStableFunc(cells, func(a, b reports.Cell) int { return a.Concurrency - b.Concurrency })
	for _, c := range cells {
		if c.Skipped {
			fmt.Fprintf(tw, "%d\tskipped\t-\t-\tpredicted ≥ %v\t\n", c.Concurrency, time.Duration(c.PredictedSec*float64(time.Second)))
			continue
		}
		class := "-"
		if fc := c.FailuresByClass(); len(fc) > 0 {
			class = fc[0].Class
		}
		fmt.Fprintf(tw, "%d\t%.3fs\t%s\t%s\t%s\t\n", c.Concurrency, c.Time.Mean, formatCount(c.FailedPerRun()), class, mark(c.Concurrency))
	}
	tw.Flush()
	if !ok {
		fmt.Fprintf(w, "no knee: a sweep needs %d measured widths\n", reports.MinSweepWidths)
		return false
	}
	if sw.Knee >= 0 {
		k := sw.Points[sw.Knee]
		fmt.Fprintf(w, "knee: width %d (%.3fs", k.Concurrency, k.Time.Mean)
		if sw.Best >= 0 && sw.Best != sw.Knee {
			b := sw.Points[sw.Best]
			fmt.Fprintf(w, "; best: width %d, %.3fs", b.Concurrency, b.Time.Mean)
		}
		fmt.Fprintln(w, ")")
	}
	fmt.Fprintln(w, sw.Recommendation())
	for _, line := range sw.ReferenceLines() {
		fmt.Fprintln(w, "  "+line)
	}
	return true
}

// formatCount formats a mean count of failed entries per run as a whole
// number with thousands separators, as the recommendation line does.
func formatCount(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	digits := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 && digits[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
