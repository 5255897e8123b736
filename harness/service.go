package harness

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
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

// listenPrefix is the line the service prints once it listens; the harness
// reads the URL from it, so the service can pick its own free port and no
// port is ever raced for.
const listenPrefix = "thirdparty: listening on "

// startTimeout bounds how long a child service may take to print its
// address and answer /healthz.
const startTimeout = 15 * time.Second

// A Service is the third-party service a run talks to: a child process the
// harness started, or a target given by URL. Stop releases it; Done is
// closed when a child process exits (never for a target).
type Service struct {
	URL  string // base URL, e.g. http://127.0.0.1:41234
	Mode string // benchfile.ServiceChild or benchfile.ServiceTarget

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

// StartService starts the service as a separate process, so the client's
// allocation figures are its own: argv is the command with its settings
// (for batchlab, its own executable with the "thirdparty" subcommand,
// -scenario and -seed), to which StartService adds -addr 127.0.0.1:0 so the
// child picks a free port itself. The child's stderr goes to stderr, from
// another goroutine unless stderr is an *os.File, so it must be safe for
// concurrent writes.
// The caller must call Stop.
func StartService(ctx context.Context, argv []string, stderr io.Writer) (*Service, error) {
	if len(argv) == 0 {
		return nil, errors.New("harness: no service command")
	}
	args := append(argv[1:len(argv):len(argv)], "-addr", "127.0.0.1:0")
	cmd := exec.Command(argv[0], args...)
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
	select {
	case line := <-lines:
		url, ok := strings.CutPrefix(line, listenPrefix)
		if !ok {
			s.Stop()
			return nil, fmt.Errorf("harness: service printed %q, want %q<url>", line, listenPrefix)
		}
		s.URL = url
	case <-s.done:
		return nil, fmt.Errorf("harness: service exited before listening: %v", s.waitErr)
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("harness: service did not start: %w", context.Cause(ctx))
	}
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
