package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"batchlab/cmd/internal/cli"
	"batchlab/harness"
	"batchlab/thirdparty"
)

// targetSettings are how batchlab reaches a -target: the mock's base URL,
// or the user's own service as a template, with the guard's consent.
type targetSettings struct {
	template   *thirdparty.Template // nil for no target or the mock's base URL
	maxRate    float64              // -max-rate, calls a second; 0 for no cap
	yes        bool                 // -yes: send to another machine without asking
	delayGiven bool                 // -delay was given: no probe
}

// targetFlags are the template flags as registered; parseTarget checks them.
type targetFlags struct {
	method, body, bodyFile, ok, health string
	headers                            []string
	maxRate                            float64
	yes                                bool
}

// templateOnly are the flags that describe a template's calls.
var templateOnly = []string{"method", "header", "body", "body-file", "ok", "health"}

// addTargetFlags defines the flags of a template target and the guard.
func addTargetFlags(fs *flag.FlagSet) *targetFlags {
	tf := &targetFlags{}
	fs.StringVar(&tf.method, "method", http.MethodGet, "with a -target template: the request method")
	fs.Func("header", "with a -target template: a header 'Name: value' sent with every call, repeatable; $VAR or ${VAR} in the value "+
		"is that environment variable (an unset one is an error); values are never written or printed, only names",
		func(s string) error { tf.headers = append(tf.headers, s); return nil })
	fs.StringVar(&tf.body, "body", "", "with a -target template: the request body, {i} replaced by the entry's index")
	fs.StringVar(&tf.bodyFile, "body-file", "", "with a -target template: a file holding the request body, {i} replaced by the entry's index")
	fs.StringVar(&tf.ok, "ok", thirdparty.DefaultOK, "with a -target template: the statuses that count as success, codes and ranges such as 200-299,304; "+
		"any other fails by class (429, 5xx, 4xx)")
	fs.StringVar(&tf.health, "health", "", "with a -target template: a path that must answer 2xx to GET before the run (default: none asked)")
	fs.Func("max-rate", "cap the whole client's call starts at N a second, N/s or N, whatever the strategy (0: no cap); the ideal time is then at least entries / N",
		func(s string) error {
			r, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "/s"), 64)
			if err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
				return fmt.Errorf("%q is not a rate such as 100/s", s)
			}
			tf.maxRate = r
			return nil
		})
	fs.BoolVar(&tf.yes, "yes", false, "send to a -target on another machine (not loopback) without asking; needed when stdin is not a terminal")
	return tf
}

// parseTarget checks the target flags against target. A template with no
// {i} runs, warned on stderr: every entry calls the same URL.
func (tf *targetFlags) parseTarget(target string, set map[string]bool, stderr io.Writer) (targetSettings, error) {
	ts := targetSettings{maxRate: tf.maxRate, yes: tf.yes, delayGiven: set["delay"]}
	if target == "" || !thirdparty.IsTemplate(target) {
		for _, name := range templateOnly {
			if set[name] {
				return ts, usagef("-%s needs a -target template such as http://127.0.0.1:8080/v1/items/{i} (a bare base URL is batchlab's mock)", name)
			}
		}
		if target != "" { // a malformed URL is said before the guard, which needs its host
			c, err := thirdparty.NewClient(target, thirdparty.ClientOptions{Concurrency: 1})
			if err != nil {
				return ts, usagef("-target: harness: service URL: %v", err)
			}
			c.Close()
		}
		return ts, nil
	}
	opts := thirdparty.TemplateOptions{Method: tf.method, Body: tf.body, Health: tf.health, Header: http.Header{}}
	var err error
	if opts.OK, err = thirdparty.ParseStatuses(tf.ok); err != nil {
		return ts, usagef("-ok: %v", err)
	}
	for _, line := range tf.headers {
		name, value, err := thirdparty.ParseHeader(line, os.LookupEnv)
		if err != nil {
			return ts, usagef("-header: %v", err)
		}
		opts.Header.Add(name, value)
	}
	switch {
	case set["body"] && set["body-file"]:
		return ts, usagef("-body and -body-file both give the request body: give one")
	case set["body-file"]:
		data, err := os.ReadFile(tf.bodyFile)
		if err != nil {
			return ts, usagef("-body-file %s: %v", tf.bodyFile, cli.OSCause(err))
		}
		opts.Body = string(data)
	}
	if ts.template, err = thirdparty.ParseTemplate(target, opts); err != nil {
		return ts, usagef("-target: %v", err)
	}
	if !ts.template.PerEntry() {
		fmt.Fprintf(stderr, "batchlab: -target %s has no %s: every entry calls the same URL\n", ts.template, thirdparty.Placeholder)
	}
	return ts, nil
}

// host returns the host a -target names, without its port.
func (ts *targetSettings) host(target string) string {
	if ts.template != nil {
		return ts.template.Host()
	}
	return hostOf(target)
}

// A planSummary is what the guard shows of a plan before anything is sent.
type planSummary struct {
	requests  int           // calls of the measured runs and warm-ups, retries aside
	predicted time.Duration // the plan's floor, at the delay assumed
	widths    string
	upTo      bool // refined widths may add to requests (a sweep)
}

// openTarget reaches the -target, if any: the guard first (nothing is sent
// to another machine before it), then /healthz (the mock) or the health
// path (a template), then, for a template with no -delay, the probe. It
// returns the service and the delay the plans must use (delay, or the
// probe's median). summary gives the plan at a delay; after a probe, a
// plan that would send more than the guard showed is refused.
func openTarget(ctx context.Context, stderr io.Writer, f *serviceSettings, delay time.Duration,
	summary func(time.Duration) (planSummary, error)) (*harness.Service, time.Duration, error) {
	target, ts, retries := f.target, f.targetSettings, f.retries
	if target == "" {
		return nil, delay, nil
	}
	probe := ts.template != nil && !ts.delayGiven
	extra := 0 // the calls before the run: the probe's and a health check's
	if probe {
		extra += harness.ProbeCalls
	}
	if ts.template != nil && ts.template.Health() != "" {
		extra++
	}
	before, err := summary(delay)
	if err != nil {
		return nil, delay, err
	}
	host := ts.host(target)
	guarded := !harness.IsLoopback(host)
	if guarded {
		if err := guard(stderr, host, before, extra, retries, delay, probe, ts.yes); err != nil {
			return nil, delay, err
		}
	}
	var svc *harness.Service
	if ts.template != nil {
		svc, err = harness.AttachTemplate(ctx, ts.template)
	} else {
		svc, err = harness.Attach(ctx, target)
	}
	if err != nil {
		return nil, delay, usagef("-target: %v", err)
	}
	if !probe {
		return svc, delay, nil
	}
	d, err := svc.Probe(ctx, f.timeout, thirdparty.Transport(f.transport))
	if err != nil {
		return nil, delay, usagef("-target: %v (-delay skips the probe)", err)
	}
	fmt.Fprintf(stderr, "batchlab: probe: median %v over %d sequential calls: the ideal time uses it (an estimate; -delay sets it)\n", d, harness.ProbeCalls)
	if guarded {
		after, err := summary(d)
		if err != nil {
			return nil, d, err
		}
		if after.requests > before.requests {
			return nil, d, usagef("the probe's median %v is under the %v assumed: more cells fit the budget and the plan now sends %d requests, not %d; "+
				"pass -delay %v to see and approve that plan", d, delay, after.requests, before.requests, d)
		}
	}
	return svc, d, nil
}

// guard prints the plan for a host that is not this machine and asks for
// consent: -yes, or y on a terminal. Nothing has been sent when it refuses.
func guard(stderr io.Writer, host string, p planSummary, extra, retries int, delay time.Duration, probe, yes bool) error {
	total := p.requests + extra
	upTo := ""
	if p.upTo || retries > 1 {
		upTo = "up to "
	}
	fmt.Fprintf(stderr, "batchlab: %s is not this machine: the plan sends %s%d requests (measured runs, warm-ups and %d calls before the run)", host, upTo, total, extra)
	if retries > 1 {
		fmt.Fprintf(stderr, ", each retried up to %d attempts", retries)
	}
	fmt.Fprintf(stderr, "\nbatchlab:   widths %s; predicted ≥ %v at %v per call", p.widths, p.predicted.Truncate(time.Millisecond), delay)
	if probe {
		fmt.Fprint(stderr, " (assumed: the probe measures it first; -delay sets it)")
	}
	fmt.Fprintln(stderr)
	if yes {
		return nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return usagef("-target %s is not this machine and stdin is not a terminal: pass -yes to send %s%d requests", host, upTo, total)
	}
	fmt.Fprintf(stderr, "send %s%d requests to %s? [y/N] ", upTo, total, host)
	answer, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return usagef("not sent: %s was not confirmed (-yes confirms)", host)
	}
	return nil
}

// hostOf returns the host of a URL without its port, or "" if it does not
// parse (Attach then says why).
func hostOf(target string) string {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return ""
	}
	return req.URL.Hostname()
}

// peakNote says in one line when the client's and the service's peak in
// flight differ by more than a few calls in some repetition: the calls
// queued between them (connections, a proxy) or the service counts others.
func peakNote(stderr io.Writer, ms []harness.Measurement) {
	worst, at := int64(0), -1
	for i, m := range ms {
		if !m.HasServicePeak {
			continue
		}
		if d := m.ClientPeak - m.ServicePeak; max(d, -d) > max(2, m.ClientPeak/50) && max(d, -d) > worst {
			worst, at = max(d, -d), i
		}
	}
	if at >= 0 {
		m := ms[at]
		fmt.Fprintf(stderr, "batchlab: peak in flight: the client had %d calls at once, the service saw %d (%s(%d) n=%d run %d): "+
			"calls waited between them, or the service counts others\n", m.ClientPeak, m.ServicePeak, m.Strategy, m.Concurrency, m.Entries, m.Rep+1)
	}
}
