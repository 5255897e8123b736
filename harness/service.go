package harness

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"batchlab/benchfile"
	"batchlab/thirdparty"
)

// ErrServiceDied is the cause a run is cancelled with when the service
// process it started exits before the run ends.
var ErrServiceDied = errors.New("harness: the third-party service process exited")

// ChildCommand is the subcommand of the executable [StartChild] runs
// that serves the mock service: `batchlab thirdparty`.
const ChildCommand = "thirdparty"

// startTimeout bounds how long a child service may take to print its
// address and answer /healthz.
const startTimeout = 15 * time.Second

// A Service is the service a run talks to, seen from the harness: a child
// process it started with [StartChild] (the mock, serving a
// [thirdparty.Scenario]), a target given by URL to [Attach] (the mock,
// running elsewhere) or the user's own service, called as a
// [thirdparty.Template] says ([AttachTemplate]). It is a
// handle on that process or URL, not the HTTP handler that answers calls
// (that is package thirdparty's). Stop releases it; Done is closed when a
// child process exits (never for a target).
type Service struct {
	URL  string // base URL, e.g. http://127.0.0.1:41234; a Template's String
	Mode string // benchfile.ServiceChild or benchfile.ServiceTarget

	// Template is the user's own service's calls (see [AttachTemplate]); nil
	// for the mock.
	Template *thirdparty.Template
	// ProbeMedian is the median latency [Service.Probe] measured; 0 if it
	// did not run.
	ProbeMedian time.Duration

	cmd     *exec.Cmd
	done    chan struct{}
	waitErr error // set before done is closed
}

// Done returns a channel closed when the child process has exited.
// For a target it returns nil, which blocks forever in a select.
func (s *Service) Done() <-chan struct{} { return s.done }

// died reports whether a child service has exited; never for a target.
func (s *Service) died() bool {
	select {
	case <-s.done: // a nil channel (a target) is never ready
		return true
	default:
		return false
	}
}

// StartChild starts the mock service as a separate process, so the
// client's allocation figures are its own. It builds the child's whole
// command line, `exe thirdparty -scenario SPEC -addr 127.0.0.1:0` (exe ""
// means this process's own executable, for a program such as batchlab
// that serves the mock as its [ChildCommand] subcommand), so the child
// picks a free port itself, and reads the URL from the line it prints
// ([thirdparty.ListenPrefix]). It returns once /healthz answers. The
// child's stderr goes to stderr, from another goroutine unless stderr is
// an *os.File, so it must be safe for concurrent writes. The caller must
// call Stop.
func StartChild(ctx context.Context, exe, scenario string, stderr io.Writer) (*Service, error) {
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("harness: find own executable to start the service: %w", err)
		}
	}
	cmd := exec.Command(exe, ChildCommand, "-scenario", scenario, "-addr", "127.0.0.1:0")
	cmd.Stderr = stderr
	setDeathSignal(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("harness: start service: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("harness: start service: %w", err)
	}
	s := &Service{Mode: benchfile.ServiceChild, cmd: cmd, done: make(chan struct{})}
	lines := make(chan string, 1)
	go func() {
		// Keep draining stdout after the first line so the child never
		// blocks on a full pipe; Wait must come after the reads finish.
		defer func() {
			s.waitErr = cmd.Wait()
			close(s.done)
		}()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	var line string
	select {
	case line = <-lines:
	case <-s.done:
		// A child that printed a line and exited has both ready, and
		// select picks at random: its line says more than its exit.
		select {
		case line = <-lines:
		default:
			return nil, fmt.Errorf("harness: service exited before listening: %v", s.waitErr)
		}
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("harness: service did not start: %w", context.Cause(ctx))
	}
	url, ok := strings.CutPrefix(line, thirdparty.ListenPrefix)
	if !ok {
		s.Stop()
		return nil, fmt.Errorf("harness: service printed %q, want %q<url>", line, thirdparty.ListenPrefix)
	}
	s.URL = url
	if err := waitHealthy(ctx, s.URL, true); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Attach checks that a target service answers /healthz and returns it.
func Attach(ctx context.Context, url string) (*Service, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	// A target is up or it is not: ask once rather than poll, so a wrong
	// URL fails at once.
	if err := waitHealthy(ctx, url, false); err != nil {
		return nil, err
	}
	return &Service{URL: url, Mode: benchfile.ServiceTarget}, nil
}

// waitHealthy asks url's /healthz until it answers 200, or only once
// unless poll.
func waitHealthy(ctx context.Context, url string, poll bool) error {
	c, err := thirdparty.NewClient(url, thirdparty.ClientOptions{Concurrency: 1, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("harness: service URL: %w", err)
	}
	defer c.Close()
	for {
		err := c.Healthz(ctx)
		if err == nil {
			return nil
		}
		if !poll {
			return fmt.Errorf("harness: service at %s is not healthy: %w", url, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("harness: service at %s is not healthy: %w", url, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop asks a child service to shut down (SIGTERM), kills it if it has
// not exited within 5 s, and waits for it. It does nothing for a target.
func (s *Service) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}
