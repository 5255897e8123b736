// Package servecmd is the body of the thirdparty command: it parses flags
// and serves the mock third-party service ([thirdparty.Handler]) until its
// context ends. It is a package, not main, so tests can run it in-process.
package servecmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"

	"batchlab/cmd/internal/cli"
	"batchlab/thirdparty"
)

// ErrUsage is wrapped by every error caused by bad flags or arguments; the
// command exits 2 for it. It is [cli.ErrUsage], as batchlab's own.
var ErrUsage = cli.ErrUsage

// shutdownGrace is how long in-flight requests get to finish once the
// context ends, before their connections are closed.
const shutdownGrace = 5 * time.Second

// Run parses args (without the program name), listens, prints one line
// [thirdparty.ListenPrefix] + "http://HOST:PORT" to stdout once the
// listener is open (the harness reads it through the same constant), prints the scenario
// served as "thirdparty: scenario SPEC" to stderr, and serves until ctx is
// done. It then shuts the server down, giving requests in flight 5 s to
// finish before closing their connections, and returns nil after a clean
// shutdown.
//
// The flags are -addr, -scenario (a [thirdparty.ParseScenario] spec,
// default "steady"), -seed (if given, replaces the scenario's seed),
// -delay (if given, a delay= override of the scenario: the fixed delay, the
// centre, mean or median, which scales the preset's whole latency shape;
// an error if the spec gives delay= too) and -listen-any. Without -listen-any, an
// -addr whose host is not loopback (127.0.0.0/8, ::1 or localhost; an empty
// host means every interface) is refused.
//
// Bad flags or arguments return an error wrapping [ErrUsage] (a bad flag
// as one line, see [cli.Parse]); -h prints the usage to stderr and returns
// [flag.ErrHelp].
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return RunAs(ctx, "thirdparty", args, stdout, stderr)
}

// RunAs is [Run] for the command as the user typed it ("batchlab
// thirdparty"), which its usage and flag errors name.
func RunAs(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free port); loopback unless -listen-any")
	spec := fs.String("scenario", thirdparty.DefaultPreset, "the service's behaviour: a preset, optionally with key=value overrides, e.g. flaky,errors=0.05")
	seed := fs.Uint64("seed", 0, "if given, replaces the scenario's random `seed`")
	delay := fs.Duration("delay", thirdparty.DefaultDelay, "if given, the scenario's delay (fixed delay, centre, mean or median; >= 0); the preset's jitter and p99 scale with it")
	listenAny := fs.Bool("listen-any", false, "allow an -addr that is not loopback")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s [-addr host:port] [-listen-any] [-scenario spec] [-seed n] [-delay duration]\n\n"+
			"Serves the mock third-party service: GET /entries/{id} answers as the scenario says;\n"+
			"GET /stats, POST /stats/reset and GET (or HEAD) /healthz report on it.\n\nScenario presets:\n", name)
		for _, p := range thirdparty.Presets() {
			fmt.Fprintf(fs.Output(), "  %-11s %s\n", p.Name, p.Summary)
		}
		fmt.Fprintf(fs.Output(), "Override keys: latency, delay, jitter, p99, capacity, overflow, rate, burst,\n"+
			"errors, hang, reset, seed (see the thirdparty package docs).\n\n")
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("unexpected arguments %q", fs.Args())
	}
	if *delay < 0 {
		return cli.Usagef("-delay must be >= 0, got %v", *delay)
	}
	if err := checkAddr(*addr, *listenAny); err != nil {
		return cli.Usagef("%w", err)
	}
	full := *spec
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "delay" { // as a delay= override, so the whole latency shape scales
			full += ",delay=" + delay.String()
		}
	})
	sc, err := thirdparty.ParseScenario(full)
	if err != nil {
		return cli.Usagef("-scenario: %w", err)
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			sc.Seed = *seed
		}
	})
	svc, err := thirdparty.NewScenarioHandler(sc)
	if err != nil { // cannot happen: ParseScenario returns valid scenarios
		return cli.Usagef("-scenario %s: %w", full, err)
	}
	sc = svc.Scenario()

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	srv := thirdparty.NewServer(svc, sc.MaxLatency())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(thirdparty.Listener(ln)) }()

	// The harness reads this line to learn the port, so it is printed only
	// once the listener is open (connections queue until Serve accepts).
	if _, err := fmt.Fprintf(stdout, "%shttp://%s\n", thirdparty.ListenPrefix, ln.Addr()); err != nil {
		_ = srv.Close()
		<-served
		return err
	}
	// stderr is informational: a failed write there is not worth stopping for.
	_, _ = fmt.Fprintf(stderr, "thirdparty: scenario %s\n", sc)
	if f, ok := stdout.(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			_ = srv.Close()
			<-served
			return err
		}
	}

	select {
	case err := <-served: // Serve failed before any shutdown
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(sctx)
	if err != nil {
		// The grace ran out: drop the requests still in flight.
		_ = srv.Close()
		err = fmt.Errorf("shutdown: %w", err)
	}
	<-served // Serve has returned http.ErrServerClosed
	return err
}

// checkAddr checks that addr is host:port and, unless listenAny, that its host is
// loopback: "localhost" or an IP in 127.0.0.0/8 or ::1.
func checkAddr(addr string, listenAny bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if listenAny {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Unmap().IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q is not a loopback address (127.0.0.0/8, ::1, localhost): pass -listen-any to listen there", addr)
}
