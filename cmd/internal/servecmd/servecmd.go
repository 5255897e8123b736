// Package servecmd is the body of the thirdparty command: it parses flags
// and serves the mock third-party service ([thirdparty.Service]) until its
// context ends. It is a package, not main, so tests can run it in-process.
package servecmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"batchlab/thirdparty"
)

// ErrUsage is wrapped by every error caused by bad flags or arguments; the
// command exits 2 for it.
var ErrUsage = errors.New("usage")

// shutdownGrace is how long in-flight requests get to finish once the
// context ends, before their connections are closed.
const shutdownGrace = 5 * time.Second

// Run parses args (without the program name), listens, prints one line
// "thirdparty: listening on http://HOST:PORT" to stdout once the listener is
// open, and serves until ctx is done. It then shuts the server down,
// giving requests in flight 5 s to finish before closing their
// connections, and returns nil after a clean shutdown.
//
// Bad flags or arguments return an error wrapping [ErrUsage]; -h prints the
// usage to stderr and returns [flag.ErrHelp].
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("thirdparty", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free port)")
	delay := fs.Duration("delay", thirdparty.DefaultDelay, "how long each GET /entries/{id} takes (>= 0)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: thirdparty [-addr host:port] [-delay duration]\n\n"+
			"Serves the mock third-party service: GET /entries/{id} answers after -delay;\n"+
			"GET /stats, POST /stats/reset and GET /healthz report on it.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return flag.ErrHelp
		}
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", ErrUsage, fs.Args())
	}
	if *delay < 0 {
		return fmt.Errorf("%w: -delay must be >= 0, got %v", ErrUsage, *delay)
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	srv := thirdparty.NewServer(thirdparty.NewService(*delay), *delay)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// The harness reads this line to learn the port, so it is printed only
	// once the listener is open (connections queue until Serve accepts).
	if _, err := fmt.Fprintf(stdout, "thirdparty: listening on http://%s\n", ln.Addr()); err != nil {
		_ = srv.Close()
		<-served
		return err
	}
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
