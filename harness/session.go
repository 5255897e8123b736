package harness

import (
	"context"
	"errors"
	"io"
	"time"
)

// SessionOptions are the settings of a [Session].
type SessionOptions struct {
	// Out is the result file, rewritten atomically after every plan the
	// session runs. "" writes nothing.
	Out string
	// Target is the service to measure. nil starts a child service with
	// [StartChild](ctx, Exe, Scenario, Stderr), which Close stops.
	Target   *Service
	Scenario string    // the child's scenario spec (without Target)
	Exe      string    // the child's executable; "" means this process's own
	Stderr   io.Writer // the child's stderr (see StartChild)
	// Header holds extra `key: value` lines for the block (commit …).
	Header []KV
	// Progress, if set, is called for every event of every plan.
	Progress func(Event)
}

// A Session measures plans one after another against one service into one
// block of one result file, as batchlab sweep measures one width at a
// time, choosing the next from what it measured. Open starts it; Close
// ends it. A Session is not safe for concurrent use.
type Session struct {
	svc   *Service
	owned bool // svc is a child this session started
	opts  SessionOptions
	res   Results
}

// Open returns a session against opts.Target, or against a child service
// it starts.
func Open(ctx context.Context, opts SessionOptions) (*Session, error) {
	s := &Session{svc: opts.Target, opts: opts, res: Results{Status: StatusRunning}}
	if s.svc == nil {
		svc, err := StartChild(ctx, opts.Exe, opts.Scenario, opts.Stderr)
		if err != nil {
			return nil, err
		}
		s.svc, s.owned = svc, true
	}
	return s, nil
}

// Service returns the service the session measures.
func (s *Session) Service() *Service { return s.svc }

// Run measures p with [Run], adds its measurements and skipped cells to the
// session's block (the header is the last plan's) and rewrites the file,
// its status still running. It returns p's own results and error.
func (s *Session) Run(ctx context.Context, p *Plan) (*Results, error) {
	res, err := Run(ctx, p, s.svc, Options{Header: s.opts.Header, Progress: s.opts.Progress})
	s.res.Header = res.Header
	s.res.Measurements = append(s.res.Measurements, res.Measurements...)
	s.res.Skipped = append(s.res.Skipped, res.Skipped...)
	return res, errors.Join(err, s.write())
}

// Close sets the block's status from how the session ended — interrupted
// when ctx was cancelled, failed when err (what stopped the caller) is not
// nil, complete otherwise —, writes the file a last time, stops a child
// service and returns the whole block. It returns err joined with any
// write error.
func (s *Session) Close(ctx context.Context, err error) (*Results, error) {
	s.res.Status = status(ctx, err != nil)
	if s.owned {
		defer s.svc.Stop()
	}
	return &s.res, errors.Join(err, s.write())
}

func (s *Session) write() error {
	if s.opts.Out == "" {
		return nil
	}
	return WriteFile(s.opts.Out, &s.res)
}

// status is how a run ended: interrupted when ctx was cancelled, failed
// when something did not run, complete otherwise.
func status(ctx context.Context, failed bool) string {
	switch {
	case ctx.Err() != nil:
		return StatusInterrupted
	case failed:
		return StatusFailed
	}
	return StatusComplete
}

// A Summary is one cell's measured repetitions added up, for a terminal
// summary or a sweep's point.
type Summary struct {
	Cell
	Runs          int
	Mean          time.Duration // mean wall time
	BytesPerEntry float64       // mean bytes allocated per entry
	Succeeded     int           // over all runs
	Failed        int           // over all runs
	ClientCPU     time.Duration // mean client CPU per run
	ServiceCPU    time.Duration // mean service CPU over the runs that had it; 0 if none did
}

// CPUPerEntry returns the mean client plus service CPU per entry: what an
// entry cost in CPU, wherever it was spent.
func (s *Summary) CPUPerEntry() time.Duration {
	return (s.ClientCPU + s.ServiceCPU) / time.Duration(s.Entries)
}

// Finished returns how many repetitions of r finished: its measurements
// less the ones cut short.
func (r *Results) Finished() int {
	n := 0
	for i := range r.Measurements {
		if !r.Measurements[i].Partial {
			n++
		}
	}
	return n
}

// Summaries returns one Summary per measured cell of r, in the order the
// cells were first measured.
func (r *Results) Summaries() []Summary {
	var out []Summary
	index := map[Cell]int{}
	var wall []time.Duration
	serviceRuns := map[int]int{} // by summary, the runs with a service CPU
	for _, m := range r.Measurements {
		if m.Partial { // cut short: its time is no measurement
			continue
		}
		i, ok := index[m.Cell]
		if !ok {
			i = len(out)
			index[m.Cell] = i
			out = append(out, Summary{Cell: m.Cell})
			wall = append(wall, 0)
		}
		s := &out[i]
		s.Runs++
		wall[i] += m.Wall
		s.ClientCPU += m.ClientCPU
		if m.HasServiceCPU {
			s.ServiceCPU += m.ServiceCPU
			serviceRuns[i]++
		}
		s.BytesPerEntry += float64(m.AllocBytes)
		s.Succeeded += m.Succeeded
		s.Failed += m.Failed()
	}
	for i := range out {
		s := &out[i]
		s.Mean = wall[i] / time.Duration(s.Runs)
		s.ClientCPU /= time.Duration(s.Runs)
		if k := serviceRuns[i]; k > 0 {
			s.ServiceCPU /= time.Duration(k)
		}
		s.BytesPerEntry /= float64(s.Runs * s.Entries)
	}
	return out
}
