package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"batchlab/benchfile"
	"batchlab/harness"
	"batchlab/strategies/catalog"
	"batchlab/thirdparty"
)

// runFlags are batchlab run's settings after parsing.
type runFlags struct {
	strategies  []catalog.Entry
	concurrency int
	sizes       []int
	serviceSettings
}

// serviceSettings are the settings batchlab run and sweep share: the
// service, the client, the repetitions and the budget.
type serviceSettings struct {
	count     int
	delay     time.Duration
	timeout   time.Duration
	target    string
	out       string
	budget    time.Duration
	full      bool
	transport thirdparty.Transport
	scenarios []thirdparty.Scenario // one block of bench.txt each, in order
	retries   int
}

// serviceFlags registers the shared flags on a flag set; parse reads them
// back once the set is parsed.
type serviceFlags struct {
	count               *int
	delay, timeout      *time.Duration
	target, out         *string
	budget              *time.Duration
	full                *bool
	transport, scenario *string
	seed                *uint64
	retries             *int
}

// addServiceFlags defines the shared flags on fs; count is -count's
// default and scenarioHelp -scenario's help text.
func addServiceFlags(fs *flag.FlagSet, count int, countHelp, scenarioHelp string) *serviceFlags {
	return &serviceFlags{
		count:     fs.Int("count", count, countHelp),
		delay:     fs.Duration("delay", thirdparty.DefaultDelay, "the service's delay per entry; a scenario's jitter and p99 scale with it (with -target: what the target does, for the ideal-time model)"),
		timeout:   fs.Duration("timeout", thirdparty.DefaultTimeout, "per-request timeout"),
		target:    fs.String("target", "", "URL of a running service (default: start one as a child process)"),
		out:       fs.String("out", "", "directory for bench.txt (default results/<UTC timestamp>)"),
		budget:    fs.Duration("budget", harness.DefaultBudget, "skip a cell whose predicted time per run is over this"),
		full:      fs.Bool("full", false, "run every cell, whatever its predicted time"),
		transport: fs.String("transport", string(thirdparty.TransportHTTP1), "protocol to the service: http1 or h2c (HTTP/2 over cleartext)"),
		scenario:  fs.String("scenario", "steady", scenarioHelp),
		seed:      fs.Uint64("seed", 0, "seed of the scenario's random draws (default: the scenario's own)"),
		retries:   fs.Int("retries", 0, "attempts per entry, the first included (0 or 1: no retry); 429, 5xx and broken connections are retried with backoff"),
	}
}

// parse checks the shared flags; set holds the names of the flags given.
func (sf *serviceFlags) parse(set map[string]bool) (serviceSettings, error) {
	f := serviceSettings{count: *sf.count, delay: *sf.delay, timeout: *sf.timeout, target: *sf.target, out: *sf.out,
		budget: *sf.budget, full: *sf.full, retries: *sf.retries}
	var terr error
	f.transport, terr = thirdparty.ParseTransport(*sf.transport)
	switch {
	case f.count < 1:
		return f, usagef("-count must be ≥ 1, got %d", f.count)
	case f.delay <= 0:
		return f, usagef("-delay must be > 0, got %v", f.delay)
	case f.timeout <= 0:
		return f, usagef("-timeout must be > 0, got %v", f.timeout)
	case f.retries < 0:
		return f, usagef("-retries must be ≥ 0, got %d", f.retries)
	case f.retries > 100:
		return f, usagef("-retries must be ≤ 100, got %d", f.retries)
	case f.budget <= 0:
		return f, usagef("-budget must be > 0, got %v", f.budget)
	case terr != nil:
		return f, usagef("-transport: %v", terr)
	case f.full && set["budget"]:
		return f, usagef("-full runs every cell, so -budget has no effect: give one or the other")
	case set["target"]:
		c, err := thirdparty.NewClient(f.target, thirdparty.ClientOptions{})
		if err != nil {
			return f, usagef("-target: %v", err)
		}
		c.Close()
	}
	if set["target"] && (set["scenario"] || set["seed"]) {
		return f, usagef("-scenario and -seed configure the child service; a -target does what it does")
	}
	var extra string
	if set["delay"] {
		extra += ",delay=" + f.delay.String()
	}
	if set["seed"] {
		extra += ",seed=" + strconv.FormatUint(*sf.seed, 10)
	}
	var err error
	f.scenarios, err = parseScenarios(*sf.scenario, extra)
	return f, err
}

// planConfig is the harness configuration for one scenario: the ideal-time
// model uses the child's delay, or -delay for a target.
func (f *serviceSettings) planConfig(sc thirdparty.Scenario, sizes []int) harness.Config {
	delay := f.delay
	if f.target == "" {
		delay = scenarioDelay(sc)
	}
	return harness.Config{
		Sizes: sizes, Count: f.count, Delay: delay, Budget: f.budget, Full: f.full, Timeout: f.timeout, Transport: f.transport,
		Scenario: sc.String(), Retry: thirdparty.RetryPolicy{Attempts: f.retries},
	}
}

// flagsSet returns the names of the flags given on the command line.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

func parseRunFlags(args []string, stderr io.Writer) (*runFlags, error) {
	fs := flag.NewFlagSet("batchlab run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		strats = fs.String("strategies", "", "comma-separated strategies to run (default all; see batchlab list)")
		conc   = fs.Int("concurrency", catalog.DefaultWidth, "width of every bounded strategy: batch size, workers, semaphore weight")
		sizes  = fs.String("sizes", "1000,10000,20000", "comma-separated entry counts")
		shared = addServiceFlags(fs, harness.DefaultCount, "measured repetitions per strategy and size (benchstat needs ≥ 6 for a confidence interval)",
			"what the child service does: a preset (see batchlab list), optionally with key=value overrides, e.g. flaky,errors=0.05; "+
				"several run one after another into one bench.txt, e.g. steady,limited,capacity=100,overloaded")
	)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: batchlab run [flags]\n\nMeasures strategies × sizes × repeats against the third-party service and writes bench.txt.\n"+
			"With several scenarios (-scenario steady,limited,overloaded) it runs the whole plan once per scenario,\n"+
			"each against its own child service, into one bench.txt holding one block per scenario.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("run takes no arguments, got %q", fs.Args())
	}
	set := flagsSet(fs)

	f := &runFlags{concurrency: *conc}
	var err error
	if f.strategies, err = parseStrategies(*strats, set["strategies"]); err != nil {
		return nil, err
	}
	if f.sizes, err = parseSizes(*sizes); err != nil {
		return nil, err
	}
	switch {
	case f.concurrency < 1:
		return nil, usagef("-concurrency must be ≥ 1, got %d", f.concurrency)
	case f.concurrency > harness.MaxEntries:
		return nil, usagef("-concurrency must be ≤ %d, got %d", harness.MaxEntries, f.concurrency)
	}
	if f.serviceSettings, err = shared.parse(set); err != nil {
		return nil, err
	}
	return f, nil
}

// parseScenarios parses a -scenario list: a part without '=' starts a
// scenario, a key=value part overrides the one before it, so
// "steady,limited,capacity=100" is two scenarios. extra (",delay=…",
// ",seed=…") is added to each. A scenario named twice is an error.
func parseScenarios(list, extra string) ([]thirdparty.Scenario, error) {
	var specs []string
	for part := range strings.SplitSeq(list, ",") {
		if len(specs) > 0 && (strings.Contains(part, "=") || strings.TrimSpace(part) == "") {
			// An empty part stays with its scenario, whose parser says
			// what is wrong with it.
			specs[len(specs)-1] += "," + part
			continue
		}
		specs = append(specs, part)
	}
	var out []thirdparty.Scenario
	for _, spec := range specs {
		sc, err := thirdparty.ParseScenario(spec + extra)
		if err != nil {
			return nil, usagef("-scenario: %v", err)
		}
		if slices.ContainsFunc(out, func(o thirdparty.Scenario) bool { return o.String() == sc.String() }) {
			return nil, usagef("-scenario names %s twice", sc)
		}
		out = append(out, sc)
	}
	return out, nil
}

func parseStrategies(list string, set bool) ([]catalog.Entry, error) {
	if !set {
		return catalog.All(), nil
	}
	if strings.TrimSpace(list) == "" {
		return nil, usagef("-strategies is empty (see batchlab list)")
	}
	var out []catalog.Entry
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, usagef("-strategies %q has an empty name", list)
		}
		e, err := catalog.Lookup(name)
		if err != nil {
			return nil, usagef("-strategies: %v", err)
		}
		if slices.ContainsFunc(out, func(o catalog.Entry) bool { return o.Name == e.Name }) {
			return nil, usagef("-strategies names %q twice", name)
		}
		out = append(out, e)
	}
	return out, nil
}

func parseSizes(list string) ([]int, error) {
	var out []int
	for s := range strings.SplitSeq(list, ",") {
		s = strings.TrimSpace(s)
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, usagef("-sizes: %q is not a whole number", s)
		}
		if n < 1 || n > harness.MaxEntries {
			return nil, usagef("-sizes: entries must be in [1, %d], got %d", harness.MaxEntries, n)
		}
		if slices.Contains(out, n) {
			return nil, usagef("-sizes names %d twice", n)
		}
		out = append(out, n)
	}
	return out, nil
}

// prepareOut makes the output directory and proves it writable before
// any measuring, so a bad -out fails in a second, not after an hour.
func prepareOut(dir string, now time.Time) (string, error) {
	if dir == "" {
		dir = filepath.Join("results", now.UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", usagef("-out: %v", err)
	}
	probe, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return "", usagef("-out: %s is not writable: %v", dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return filepath.Join(dir, "bench.txt"), nil
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseRunFlags(args, stderr)
	if err != nil {
		return err
	}
	subjects := make([]harness.Subject, len(f.strategies))
	for i, e := range f.strategies {
		subjects[i] = harness.Subject{Name: e.Name, Strategy: e.New(f.concurrency)}
	}
	plans := make([]*harness.Plan, len(f.scenarios))
	for i, sc := range f.scenarios {
		if plans[i], err = harness.NewPlan(subjects, f.planConfig(sc, f.sizes)); err != nil {
			return usagef("%v", err)
		}
	}

	var target *harness.Service
	if f.target != "" {
		if target, err = harness.Attach(ctx, f.target); err != nil {
			return usagef("-target: %v", err)
		}
	}
	out, err := prepareOut(f.out, time.Now())
	if err != nil {
		return err
	}
	blocks, runErr := runBlocks(ctx, plans, target, out, stderr)
	if len(blocks) == 0 && runErr != nil {
		return runErr // no service started: nothing measured, nothing written
	}
	multi := len(plans) > 1
	status := harness.StatusComplete
	for i, res := range blocks {
		if multi {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "scenario %s (%s)\n", plans[i].Config.Scenario, res.Status)
		}
		printSummary(stdout, res)
		if res.Status != harness.StatusComplete {
			status = res.Status
		}
	}
	if len(blocks) < len(plans) {
		var rest []string
		for _, p := range plans[len(blocks):] {
			rest = append(rest, p.Config.Scenario)
		}
		fmt.Fprintf(stdout, "not run: scenario %s\n", strings.Join(rest, ", "))
		if status == harness.StatusComplete {
			status = harness.StatusFailed
		}
	}
	if ctx.Err() != nil {
		status = harness.StatusInterrupted
	}
	fmt.Fprintf(stdout, "\nresults: %s (%s)\n", out, status)
	if multi {
		fmt.Fprintf(stdout, "compare: go tool benchstat %s %s\n", scenarioBenchstatFlags, out)
	} else {
		fmt.Fprintf(stdout, "compare: go tool benchstat -col /strategy %s\n", out)
	}
	if runErr != nil {
		if status == harness.StatusInterrupted {
			return fmt.Errorf("interrupted: partial results in %s", out)
		}
		return runErr
	}
	return nil
}

// scenarioBenchstatFlags show a file of several scenarios as one table
// per scenario: the blocks' start times and child service addresses
// differ and would split the tables further.
const scenarioBenchstatFlags = "-table scenario -col /strategy -row /entries -ignore started,target,/concurrency"

// runBlocks runs each plan in turn, each against target or, without one,
// its own child service started with the plan's scenario (stopped before
// the next starts), and writes all their blocks to out. It stops at the
// first plan that does not complete, and returns the results of the plans
// it ran.
func runBlocks(ctx context.Context, plans []*harness.Plan, target *harness.Service, out string, stderr io.Writer) ([]*harness.Results, error) {
	var (
		blocks []*harness.Results
		prev   []byte
	)
	for i, plan := range plans {
		if err := context.Cause(ctx); err != nil {
			return blocks, err
		}
		label := ""
		if len(plans) > 1 {
			label = fmt.Sprintf("scenario %s (%d of %d): ", plan.Config.Scenario, i+1, len(plans))
		}
		res, err := runBlock(ctx, plan, target, out, prev, stderr, label)
		if res != nil {
			blocks = append(blocks, res)
		}
		if err != nil {
			return blocks, err
		}
		if prev, err = harness.AppendBlock(prev, res); err != nil {
			return blocks, err
		}
	}
	return blocks, nil
}

// startChild starts this executable's mock service with scenario as a
// child process; the caller stops it.
func startChild(ctx context.Context, scenario string, stderr io.Writer) (*harness.Service, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable to start the service: %w", err)
	}
	return harness.StartService(ctx, []string{exe, "thirdparty", "-scenario", scenario}, stderr)
}

// runHeader is the header lines every result file gets from the command:
// the commit and the start time, then extra.
func runHeader(extra ...harness.KV) []harness.KV {
	return append([]harness.KV{{Key: benchfile.KeyCommit, Value: commit()}, {Key: benchfile.KeyStarted, Value: time.Now().UTC().Format(time.RFC3339)}}, extra...)
}

// runBlock runs one plan into out after the blocks in prev. It starts a
// child service when target is nil and stops it before returning.
func runBlock(ctx context.Context, plan *harness.Plan, target *harness.Service, out string, prev []byte, stderr io.Writer, label string) (*harness.Results, error) {
	svc := target
	if svc == nil {
		var err error
		if svc, err = startChild(ctx, plan.Config.Scenario, stderr); err != nil {
			return nil, err
		}
		defer svc.Stop()
	}
	fmt.Fprintf(stderr, "batchlab: %sservice %s (%s), %d runs planned, writing %s\n", label, svc.URL, svc.Mode, plan.Runs(), out)
	prog := newProgress(stderr, plan.Runs())
	res, err := harness.Run(ctx, plan, svc, harness.Options{
		Out:      out,
		Header:   runHeader(),
		Progress: prog.event,
		Previous: prev,
	})
	prog.finish()
	return res, err
}

// scenarioDelay is the delay of the ideal-time model for a scenario: its
// fixed delay, or its median or mean when latency varies.
func scenarioDelay(sc thirdparty.Scenario) time.Duration {
	if sc.Latency.Kind == "" && sc.Latency.Delay == 0 {
		return thirdparty.DefaultDelay // the zero scenario is the seed's service
	}
	return sc.Latency.Delay
}
