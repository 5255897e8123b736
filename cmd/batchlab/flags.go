package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"batchlab/harness"
	"batchlab/strategies/catalog"
	"batchlab/thirdparty"
)

// serviceSettings are the settings batchlab run and sweep share: the
// service, the client, the repetitions and the budget.
type serviceSettings struct {
	count, retries         int
	delay, timeout, budget time.Duration
	target, out, transport string
	full                   bool
	memory                 uint64                // -memory; 0 means harness.DefaultMemory
	scenarios              []thirdparty.Scenario // one block of bench.txt each, in order
	targetSettings
}

// serviceFlags are the shared flags as registered; parse checks them.
type serviceFlags struct {
	serviceSettings
	scenario string
	seed     uint64
	tf       *targetFlags
}

// addServiceFlags defines the shared flags on fs; count is -count's
// default and scenarioHelp -scenario's help text.
func addServiceFlags(fs *flag.FlagSet, count int, countHelp, scenarioHelp string) *serviceFlags {
	sf := &serviceFlags{}
	fs.IntVar(&sf.count, "count", count, countHelp)
	fs.DurationVar(&sf.delay, "delay", thirdparty.DefaultDelay, "the service's delay per entry; a scenario's jitter and p99 scale with it (with -target: what the target does, for the ideal-time model; "+
		"for a template target without -delay, the median of a probe of 5 sequential calls before the run, an estimate)")
	fs.DurationVar(&sf.timeout, "timeout", thirdparty.DefaultTimeout, "per-request timeout")
	fs.StringVar(&sf.target, "target", "", "a running service (default: start the mock as a child process): the mock's base URL, "+
		"or a template for your own service such as 'http://127.0.0.1:8080/v1/items/{i}', {i} the entry's index, which needs no /healthz or /stats; "+
		"before sending to another machine batchlab prints the plan and asks (-yes)")
	fs.StringVar(&sf.out, "out", "", "directory for bench.txt (default results/<UTC timestamp>)")
	fs.DurationVar(&sf.budget, "budget", harness.DefaultBudget, "skip a cell whose predicted time per run is over this")
	fs.BoolVar(&sf.full, "full", false, "run every cell, whatever its predicted time")
	fs.StringVar(&sf.transport, "transport", string(thirdparty.TransportHTTP1), "protocol to the service: http1 or h2c (HTTP/2 over cleartext)")
	fs.StringVar(&sf.scenario, "scenario", thirdparty.DefaultPreset, scenarioHelp)
	fs.Uint64Var(&sf.seed, "seed", 0, "seed of the scenario's random draws (default: the scenario's own)")
	fs.IntVar(&sf.retries, "retries", 0, fmt.Sprintf("attempts per entry, the first included (0 or 1: no retry; at most %d); "+
		"429, 5xx and broken connections are retried with backoff", harness.MaxAttempts))
	fs.Func("memory", "refuse a cell predicted to hold more than this, client and child service together, e.g. 16GiB (default: half the available memory)",
		func(s string) (err error) { sf.memory, err = harness.ParseBytes(s); return err })
	sf.tf = addTargetFlags(fs)
	return sf
}

// parse checks the shared flags; set holds the names of the flags given.
// Each setting is checked by harness.Config.Validate, as NewPlan checks
// it, and the -target URL by harness.Attach; parse checks how flags
// combine and parses the scenario list.
func (sf *serviceFlags) parse(set map[string]bool, stderr io.Writer) (serviceSettings, error) {
	f := sf.serviceSettings
	if err := f.planConfig(thirdparty.Scenario{}, nil).Validate(); err != nil {
		return f, usagef("%v", err)
	}
	switch {
	case f.full && set["budget"]:
		return f, usagef("-full runs every cell, so -budget has no effect: give one or the other")
	case set["target"] && (set["scenario"] || set["seed"]):
		return f, usagef("-scenario and -seed configure the child service; a -target does what it does")
	}
	var overrides []string
	if set["delay"] {
		overrides = append(overrides, "delay="+f.delay.String())
	}
	if set["seed"] {
		overrides = append(overrides, "seed="+strconv.FormatUint(sf.seed, 10))
	}
	var err error
	if f.scenarios, err = thirdparty.ParseScenarioList(sf.scenario, overrides...); err != nil {
		return f, usagef("-scenario: %v", err)
	}
	f.targetSettings, err = sf.tf.parseTarget(f.target, set, stderr)
	return f, err
}

// planConfig is the harness configuration for one scenario: the ideal-time
// model uses the child's delay (the scenario's fixed delay, median or
// mean), or -delay for a target.
func (f *serviceSettings) planConfig(sc thirdparty.Scenario, sizes []int) harness.Config {
	delay := f.delay
	if f.target == "" && sc.Latency.Delay != 0 {
		delay = sc.Latency.Delay
	}
	return harness.Config{Sizes: sizes, Count: f.count, Delay: delay, Budget: f.budget, Full: f.full, Timeout: f.timeout,
		Transport: thirdparty.Transport(f.transport), Scenario: sc.String(), Retry: thirdparty.RetryPolicy{Attempts: f.retries}, Memory: f.memory,
		MaxRate: f.maxRate}
}

// flagsSet returns the names of the flags given on the command line.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// splitList splits a comma-separated list of -name into its trimmed
// parts, none empty and none twice.
func splitList(name, list string) ([]string, error) {
	var out []string
	for part := range strings.SplitSeq(list, ",") {
		switch part = strings.TrimSpace(part); {
		case part == "":
			return nil, usagef("-%s %q has an empty name", name, list)
		case slices.Contains(out, part):
			return nil, usagef("-%s names %q twice", name, part)
		}
		out = append(out, part)
	}
	return out, nil
}

// selectStrategies parses a -name list of catalog names, none twice.
func selectStrategies(name, list string) ([]catalog.Entry, error) {
	names, err := splitList(name, list)
	if err != nil {
		return nil, err
	}
	entries, err := catalog.Select(names)
	if err != nil {
		return nil, usagef("-%s: %v", name, err)
	}
	return entries, nil
}
