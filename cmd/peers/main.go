// Command peers runs hey and batchlab side by side against one mock
// service, at the same widths and entries, and prints for each width the
// time, the ratio to the ideal, the responses lost and the peak RSS of
// both, and batchlab's ratio to hey: batchlab's overhead measured against a
// load tool people already trust. `make peers` builds everything and runs it.
//
// Usage:
//
//	peers [-widths 250,1000,20000] [-entries 20000] [-delay 200ms] [-count 3]
//	      [-hey bin/hey] [-batchlab bin/batchlab] [-thirdparty bin/thirdparty]
//
// At each width W, hey runs as `hey -n N -c W` (W workers, each sending its
// share of the N requests one after another) and batchlab as its workerpool
// strategy at width W, which is the same shape. Both send to the same
// child service, one tool at a time, -count times each, interleaved; the
// table shows medians. hey's time is its "Total", batchlab's its sec/op
// (neither counts start-up); peak RSS is the kernel's maximum resident set
// of each process (batchlab's includes its warm-up and its harness).
//
// It exits 0 when every run finished, 2 for bad flags, and 1 otherwise.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"batchlab/cmd/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, cli.ErrUsage):
		fmt.Fprintf(os.Stderr, "peers: %v\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "peers: %v\n", err)
		os.Exit(1)
	}
}
