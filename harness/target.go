package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"time"

	"golang.org/x/time/rate"

	"batchlab/benchfile"
	"batchlab/strategies"
	"batchlab/thirdparty"
)

// ProbeCalls is how many sequential calls [Service.Probe] makes, to entries
// 0 to ProbeCalls-1.
const ProbeCalls = 5

// AttachTemplate returns the user's own service, called as t says. It sends
// nothing unless t has a health path, which must then answer 2xx: the error
// says which URL answered what. Such a service has no /stats or /reset, so
// its runs record no service CPU and no service peak.
func AttachTemplate(ctx context.Context, t *thirdparty.Template) (*Service, error) {
	s := &Service{URL: t.String(), Mode: benchfile.ServiceTarget, Template: t}
	if t.Health() == "" {
		return s, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := thirdparty.NewTemplateClient(t, thirdparty.ClientOptions{Concurrency: 1, Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("harness: %w", err)
	}
	defer c.Close()
	if err := c.Healthz(ctx); err != nil {
		return nil, fmt.Errorf("harness: health check: %w", err)
	}
	return s, nil
}

// newClient returns a client for s: the mock's routes, or s.Template's.
func (s *Service) newClient(opts thirdparty.ClientOptions) (*thirdparty.Client, error) {
	if s.Template != nil {
		return thirdparty.NewTemplateClient(s.Template, opts)
	}
	return thirdparty.NewClient(s.URL, opts)
}

// Probe makes [ProbeCalls] sequential calls to entries 0, 1, … and returns
// the median latency of those the service answered (any status: a 404
// still took a round trip), which it also keeps as s.ProbeMedian for the
// result file's header. It is an estimate of the delay for the ideal-time
// model, for a target whose delay the user did not give. It fails when no
// call got an answer.
func (s *Service) Probe(ctx context.Context, timeout time.Duration, transport thirdparty.Transport) (time.Duration, error) {
	c, err := s.newClient(thirdparty.ClientOptions{Concurrency: 1, Timeout: timeout, Transport: transport})
	if err != nil {
		return 0, fmt.Errorf("harness: %w", err)
	}
	defer c.Close()
	var times []time.Duration
	var first error
	for i := range ProbeCalls {
		start := time.Now()
		err := c.Call(ctx, i)
		took := time.Since(start)
		if _, answered := errors.AsType[*thirdparty.StatusError](err); err == nil || answered {
			times = append(times, took)
		} else if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			return 0, fmt.Errorf("harness: probe: %w", context.Cause(ctx))
		}
	}
	if len(times) == 0 {
		return 0, fmt.Errorf("harness: probe: none of %d calls to %s got an answer: %w", ProbeCalls, s.URL, first)
	}
	slices.Sort(times)
	s.ProbeMedian = max(times[len(times)/2], time.Microsecond)
	return s.ProbeMedian, nil
}

// IsLoopback reports whether host (a URL's host, without its port) is this
// machine: "localhost", 127.0.0.0/8 or ::1. It resolves no name: any other
// name counts as another machine.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Requests returns how many calls the plan sends, retries aside: every
// measured repetition's entries and each strategy's warm-up wave (see
// [Run]). With Retry.Attempts > 1 each may take up to that many requests.
func (p *Plan) Requests() int {
	total := 0
	for si := range p.Subjects {
		widest, largest := 0, 0
		for _, c := range p.Cells[si*len(p.Config.Sizes) : (si+1)*len(p.Config.Sizes)] {
			if !c.Skipped {
				total += c.Entries * p.Config.Count
				widest, largest = max(widest, c.Concurrency), max(largest, c.Entries)
			}
		}
		total += min(widest, largest)
	}
	return total
}

// newLimiter returns the limiter that caps a run's call starts at r a
// second, or nil for no cap (r = 0). Its burst of 1 spaces the starts
// evenly, as the ideal-time model's N / r assumes.
func newLimiter(r float64) *rate.Limiter {
	if r <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(r), 1)
}

// paced returns task behind lim: each call waits for its start. The wait
// is outside the recorder's wrapper, so it is not latency; an entry whose
// wait ctx ended never started, and counts as cancelled like any other.
func paced(lim *rate.Limiter, task strategies.Task) strategies.Task {
	if lim == nil {
		return task
	}
	return func(ctx context.Context, i int) error {
		if err := lim.Wait(ctx); err != nil {
			if cause := context.Cause(ctx); cause != nil {
				return cause
			}
			return err // ctx's deadline comes before the start: it never started either
		}
		return task(ctx, i)
	}
}
