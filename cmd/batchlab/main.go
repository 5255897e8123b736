// Command batchlab measures fan-out strategies against a slow third-party
// service and writes the results in Go benchmark format: run, sweep, list,
// report, compare, thirdparty (the mock service) and version. Run
// `batchlab help` for the commands and `batchlab <command> -h` for a
// command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"batchlab/cmd/internal/cli"
	"batchlab/cmd/internal/servecmd"
	"batchlab/harness"
)

// stopGrace is how long a run may take to stop after Ctrl-C before it is
// cut off: its last checkpoint is already on disk (written atomically), and
// a run unwinding a million goroutines must not hold the terminal.
const stopGrace = time.Second

func main() {
	ctx, stop := signalContext()
	context.AfterFunc(ctx, func() {
		time.Sleep(stopGrace)
		fmt.Fprintf(os.Stderr, "batchlab: interrupted: still stopping after %v; exiting, the result file holds the last checkpoint\n", stopGrace)
		os.Exit(1)
	})
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// signalContext is the root context: Ctrl-C or SIGTERM cancels it, so a
// run stops, writes what finished and exits non-zero.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// errUsage marks errors in how batchlab was called; they exit 2. The
// thirdparty command's usage errors are the same error.
var errUsage = cli.ErrUsage

var usagef = cli.Usagef

// newFlagSet and parseFlags are cli's: a bad flag is one line, -h the
// whole usage, and flags may follow the positional arguments.
var newFlagSet, parseFlags = cli.NewFlagSet, cli.Parse

// exitCode prints err as one line and maps it to the exit status:
// 0 for success and -h, 2 for usage errors, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "batchlab: %v\n", err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

const usage = `batchlab measures how to fan out N calls to a slow third-party service.

Usage:
  batchlab run [flags]         measure strategies × sizes × repeats × scenarios (see batchlab run -h)
  batchlab sweep [flags]       measure one strategy at many widths and find the knee (see batchlab sweep -h)
  batchlab list                list the strategies and their default widths
  batchlab report [DIR]        write DIR/table.md and DIR/report.html (default: the newest run)
  batchlab compare OLD NEW     compare two runs as benchstat does (-html FILE for charts,
                               -fail-slower 5% and -fail-failed to exit 1 on a regression, for CI)
  batchlab thirdparty [flags]  serve the mock third-party service (see batchlab thirdparty -h)
  batchlab version             print the version and the commit batchlab was built from (also -version)
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("missing command (run, sweep, list, report, compare, thirdparty or version)")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		return runCmd(ctx, rest, stdout, stderr)
	case "sweep":
		return sweepCmd(ctx, rest, stdout, stderr)
	case "list":
		if len(rest) > 0 {
			return usagef("list takes no arguments, got %q", rest)
		}
		return listCmd(stdout)
	case "report":
		return reportCmd(rest, stdout, stderr)
	case "compare":
		return compareCmd(rest, stdout, stderr)
	case harness.ChildCommand: // the mock service, which run and sweep start as a child
		return servecmd.RunAs(ctx, "batchlab thirdparty", rest, stdout, stderr)
	case "version", "-version", "--version":
		if len(rest) > 0 {
			return usagef("version takes no arguments, got %q", rest)
		}
		return versionCmd(stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usagef("unknown command %q (want run, sweep, list, report, compare, thirdparty or version)", cmd)
	}
}
