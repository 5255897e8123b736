// Command thirdparty serves batchlab's mock third-party service, which
// answers each entry as its scenario says (by default the seed's fixed
// 200 ms). It prints "thirdparty: listening on http://HOST:PORT" once ready
// and stops on SIGINT or SIGTERM.
//
// Usage:
//
//	thirdparty [-addr 127.0.0.1:8080] [-listen-any] [-scenario steady] [-seed N] [-delay 200ms]
//
// It exits 0 after a clean shutdown or -h, 2 for bad flags, and 1 otherwise.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"batchlab/cmd/internal/servecmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := servecmd.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, servecmd.ErrUsage):
		fmt.Fprintf(os.Stderr, "thirdparty: %v\n", err)
		return 2
	default:
		fmt.Fprintf(os.Stderr, "thirdparty: %v\n", err)
		return 1
	}
}
