package harness

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"batchlab/benchfile"
	"batchlab/strategies"
	"batchlab/thirdparty"
)

// Run statuses, recorded in the result file's header.
const (
	StatusRunning     = benchfile.StatusRunning     // a checkpoint written while cells remain
	StatusComplete    = benchfile.StatusComplete    // every planned cell ran
	StatusInterrupted = benchfile.StatusInterrupted // ctx was cancelled (Ctrl-C, SIGTERM)
	StatusFailed      = benchfile.StatusFailed      // the service died or a strategy broke its contract
)

// A Measurement is one measured repetition of a cell.
type Measurement struct {
	Cell
	Rep            int           // 0-based repetition
	Wall           time.Duration // from Run's call to its return
	GCCycles       uint32        // client-side GC cycles completed during the run
	GCPause        time.Duration // total stop-the-world pause of those cycles
	AllocBytes     uint64        // bytes allocated by the client process (B/op)
	AllocObjects   uint64        // heap objects allocated (allocs/op)
	PeakHeap       uint64        // largest live-heap sample, bytes
	PeakGoroutines uint64        // largest goroutine-count sample
	Latency                      // entry latency percentiles
	Succeeded      int
	Failures       [NumClasses]int // failed entries by class; never-started ones count as cancelled (service-died if the child exited)
	Attempts       int             // requests sent, retries included (= calls without retries)
	ServicePeak    int64           // the service's peak in-flight requests (with HasServicePeak)
	HasServicePeak bool            // the service said its peak (a template target cannot)
	ClientPeak     int64           // the most calls the client had in flight at once, counted around each call
	ClientCPU      time.Duration   // user + system CPU of this process over Run
	ServiceCPU     time.Duration   // the service's own CPU over the repetition (with HasServiceCPU)
	HasServiceCPU  bool            // the service said its CPU before and after (a target may not)

	// Limits is the in-flight limit over the repetition of a strategy that
	// implements [strategies.Adaptive]: a point per change, at most one per
	// 10 ms slot, thinned (every other point kept, the slot doubled) each
	// time it reaches 2,000 points. It is nil for other strategies.
	Limits     []LimitPoint
	LimitMean  float64 // the limit's time-weighted mean from the run's start to its end (with Limits)
	LimitFinal int     // the limit when the run ended (with Limits)

	// Timeline is the calls in flight and completed over the repetition,
	// for the first repetition of each cell (nil for the others): at most
	// 2,000 points, sampled on a tick that doubles as it fills.
	Timeline []benchfile.TimelinePoint
	// CDF is points of the entry-latency distribution, for the repetitions
	// with a Timeline.
	CDF []benchfile.LatencyQuantile

	// Partial marks a repetition cut short: Run's ctx ended (Ctrl-C, a
	// dead service) before the strategy returned. Its accounting is whole
	// (the entries never started count as cancelled), but its time is not
	// a measurement: it is written as a partial record and left out of
	// [Results.Summaries], benchstat, the charts and the knee.
	Partial bool
}

// NumClasses is the number of failure classes.
const NumClasses = int(numClasses)

// Failed returns the number of failed entries.
func (m *Measurement) Failed() int {
	total := 0
	for _, f := range m.Failures {
		total += f
	}
	return total
}

// FailuresByClass lists the failed entries by class, "7291 cancelled,
// 3 timeout", or "" when none failed.
func (m *Measurement) FailuresByClass() string {
	var parts []string
	for c, n := range m.Failures {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, Class(c)))
		}
	}
	return strings.Join(parts, ", ")
}

// An Event tells a progress display what the runner is doing.
type Event struct {
	Kind  EventKind
	Cell  Cell
	Rep   int          // for Measured and Repetition: 0-based
	M     *Measurement // for Measured
	Done  int          // measured repetitions so far (of the plan)
	Total int          // measured repetitions planned (of the plan)

	// For EventBlock: the plan starting, its service, and its 0-based
	// index among the Blocks plans of the series.
	Plan          *Plan
	Service       *Service
	Block, Blocks int
}

// EventKind says what an [Event] reports.
type EventKind int

// The event kinds.
const (
	EventWarmup     EventKind = iota // a strategy's warm-up run is starting
	EventMeasured                    // a repetition finished
	EventSkipped                     // a cell is over budget and will not run
	EventBlock                       // RunSeries: a plan starts, its service up
	EventRepetition                  // a measured repetition is starting
)

// Options are the optional parts of a [Run].
type Options struct {
	// Out is the result file. It is rewritten atomically after every
	// repetition, so a crash leaves the previous complete checkpoint. ""
	// writes nothing.
	Out string
	// Header holds extra `key: value` lines for the result file, beside the
	// machine, the commit, the start time and the settings.
	Header []KV
	// Progress, if set, is called from Run's goroutine for every event.
	Progress func(Event)
	// Previous holds earlier result blocks that every write of Out keeps
	// ahead of this run's block, such as the runs of other scenarios in
	// the same file: what [AppendBlock] returned for them. nil writes this
	// run's block alone. Run does not modify it.
	Previous []byte
}

// A KV is one `key: value` header line of a result file.
type KV struct{ Key, Value string }

// Results is what a run produced: its settings, its measurements and the
// cells it skipped. It is complete only when Status is StatusComplete.
type Results struct {
	Header       []KV
	Measurements []Measurement
	Skipped      []Cell
	Status       string
}

// Run measures every cell of p against svc, strategy by strategy, after one
// warm-up run per strategy that opens its connections (as BenchmarkDotNet
// warms up). It returns the results so far with a non-nil error when ctx
// ends (StatusInterrupted), when a child service exits (StatusFailed,
// wrapping ErrServiceDied), or when a strategy breaks its contract.
func Run(ctx context.Context, p *Plan, svc *Service, opts Options) (*Results, error) {
	res := &Results{Header: header(p, svc, opts.Header), Status: StatusRunning}
	for _, c := range p.Cells {
		if c.Skipped {
			res.Skipped = append(res.Skipped, c)
			emit(opts, Event{Kind: EventSkipped, Cell: c, Total: p.Runs()})
		}
	}
	if opts.Out != "" {
		// The first checkpoint, before the warm-up: a run killed before
		// its first repetition ends still leaves a file that says so.
		if err := writeOut(opts, res); err != nil {
			return res, err
		}
	}
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if done := svc.Done(); done != nil {
		// A dead child fails the rest of the run at once rather than
		// letting every remaining entry wait for its timeout.
		go func() {
			select {
			case <-done:
				cancel(ErrServiceDied)
			case <-ctx.Done():
			}
		}()
	}
	r := runner{plan: p, svc: svc, opts: opts, res: res, rec: newRecorder(), smp: newSampler(), trace: newLimitTrace(), tl: newTimeline(), total: p.Runs(),
		lim: newLimiter(p.Config.MaxRate)}
	err := r.run(ctx)
	switch {
	case parent.Err() != nil:
		// Ctrl-C from a terminal reaches the child too, so this comes
		// before the check for a dead service. An interrupt during the
		// last repetition leaves no error from the loop: the run still
		// says it was interrupted.
		res.Status = StatusInterrupted
		if err == nil {
			err = context.Cause(parent)
		}
	case svc.died() || errors.Is(context.Cause(ctx), ErrServiceDied):
		// Checked even when every cell finished: the last entries may have
		// failed against a dead service before the watcher saw it go.
		res.Status = StatusFailed
		err = fmt.Errorf("%w (%d of %d runs finished)", ErrServiceDied, res.Finished(), r.total)
	case err == nil:
		res.Status = StatusComplete
	default:
		res.Status = StatusFailed
	}
	if opts.Out != "" {
		if werr := writeOut(opts, res); werr != nil {
			return res, errors.Join(err, werr)
		}
	}
	return res, err
}

// writeOut rewrites opts.Out atomically with opts.Previous and res's block.
func writeOut(opts Options, res *Results) error {
	data, err := AppendBlock(opts.Previous, res)
	if err != nil {
		return err
	}
	return benchfile.WriteAtomic(opts.Out, data)
}

func emit(opts Options, e Event) {
	if opts.Progress != nil {
		opts.Progress(e)
	}
}

type runner struct {
	plan  *Plan
	svc   *Service
	opts  Options
	res   *Results
	rec   *recorder
	smp   *sampler
	tl    *timeline // the first repetition of each cell records one
	trace *limitTrace
	total int
	lim   *rate.Limiter // caps every call start of the run, warm-ups included; nil for none
}

func (r *runner) run(ctx context.Context) error {
	cfg := r.plan.Config
	for si, s := range r.plan.Subjects {
		cells := r.plan.Cells[si*len(cfg.Sizes) : (si+1)*len(cfg.Sizes)]
		if err := r.runSubject(ctx, s, cells); err != nil {
			return err
		}
	}
	return nil
}

// runSubject measures one strategy's cells with one client, so its
// connections are reused across sizes and repetitions: repeated 20,000-wide
// fan-outs then never run out of local ports.
func (r *runner) runSubject(ctx context.Context, s Subject, cells []Cell) error {
	widest, largest := 0, 0
	for _, c := range cells {
		if !c.Skipped {
			widest, largest = max(widest, c.Concurrency), max(largest, c.Entries)
		}
	}
	if widest == 0 {
		return nil
	}
	client, err := r.svc.newClient(thirdparty.ClientOptions{Concurrency: widest, Timeout: r.plan.Config.Timeout, Transport: r.plan.Config.Transport})
	if err != nil {
		return fmt.Errorf("harness: %w", err)
	}
	defer client.Close()

	// An adaptive strategy reports its limit to the trace; the trace
	// records only while a measured repetition runs.
	var trace *limitTrace
	if a, ok := s.Strategy.(strategies.Adaptive); ok {
		trace = r.trace
		s.Strategy = a.WithLimitFunc(trace.record)
	}

	// One wave at the widest width opens the connections the measured
	// runs will reuse; its outcome is not recorded.
	warm := Cell{Strategy: s.Name, Entries: min(widest, largest), Concurrency: widest}
	emit(r.opts, Event{Kind: EventWarmup, Cell: warm, Done: len(r.res.Measurements), Total: r.total})
	if _, err := r.measure(ctx, s, warm, client, nil, nil); err != nil {
		return err
	}
	for _, c := range cells {
		if c.Skipped {
			continue
		}
		for rep := range r.plan.Config.Count {
			if err := context.Cause(ctx); err != nil {
				return err
			}
			emit(r.opts, Event{Kind: EventRepetition, Cell: c, Rep: rep, Done: len(r.res.Measurements), Total: r.total})
			var tl *timeline
			if rep == 0 {
				tl = r.tl
			}
			m, err := r.measure(ctx, s, c, client, trace, tl)
			m.Rep = rep
			r.res.Measurements = append(r.res.Measurements, m)
			emit(r.opts, Event{Kind: EventMeasured, Cell: c, Rep: rep, M: &m, Done: len(r.res.Measurements), Total: r.total})
			if err != nil {
				return err
			}
			if r.opts.Out != "" {
				if err := writeOut(r.opts, r.res); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// measure runs one repetition and settles its books: every entry ends
// exactly once as succeeded or failed, entries the strategy never started
// (because ctx ended) count as cancelled. A non-nil tl records the calls
// over time (the first repetition of each cell). A non-nil trace records the
// limit of an adaptive strategy whose callback feeds it.
func (r *runner) measure(ctx context.Context, s Subject, c Cell, client *thirdparty.Client, trace *limitTrace, tl *timeline) (Measurement, error) {
	m := Measurement{Cell: c}
	r.rec.reset()
	// Best effort: a target may not keep stats (a template target has none
	// and is not asked). The answer's CPU starts the service's CPU window.
	mock := r.svc.Template == nil
	var reset thirdparty.Stats
	resetErr := thirdparty.ErrNoStats
	if mock {
		reset, resetErr = client.ResetPeak(ctx)
	}
	call := client.Call
	if policy := r.plan.Config.Retry; policy.Attempts > 1 {
		// The decorator sits inside the recorder's wrapper: an entry's
		// latency and outcome are those of all its attempts together.
		attempt := client.CallAttempt
		call = func(ctx context.Context, i int) error {
			n, err := policy.Do(ctx, i, attempt)
			r.rec.attempts.Add(int64(n))
			return err
		}
	}
	task := paced(r.lim, r.rec.wrap(call))

	runtime.GC() // start each repetition from a clean heap, as testing does
	before := readMem()
	cpuBefore, cpuOK := thirdparty.ProcessCPU() // after the GC and readMem: neither is the strategy's
	start := time.Now()                         // the repetition's clock, and its timeline's
	r.smp.start(tl, r.rec, start)
	if trace != nil {
		trace.begin(start)
	}
	runErr := s.Strategy.Run(ctx, c.Entries, task)
	m.Wall = time.Since(start)
	if cpuAfter, ok := thirdparty.ProcessCPU(); ok && cpuOK {
		m.ClientCPU = cpuAfter - cpuBefore
	}
	m.Partial = ctx.Err() != nil
	m.PeakHeap, m.PeakGoroutines = r.smp.finish()
	after := readMem()
	if trace != nil {
		// After readMem: the copy of the points is the harness's, not the
		// strategy's, allocation.
		m.Limits, m.LimitMean, m.LimitFinal = trace.finish(m.Wall)
	}
	if tl != nil {
		// After readMem too: the copy is the harness's allocation.
		inFlight, completed := r.rec.progress()
		m.Timeline = tl.finish(m.Wall, inFlight, completed)
	}

	m.GCCycles = after.gcCycles - before.gcCycles
	m.GCPause = after.pauseTotal - before.pauseTotal
	m.AllocBytes = after.bytes - before.bytes
	m.AllocObjects = after.objects - before.objects
	m.Latency = r.rec.latencies()
	if tl != nil {
		m.CDF = r.rec.cdf()
	}
	// Asked even after a cancel (the peak is part of the partial result),
	// but briefly, so a hung target cannot hold up the exit.
	if mock {
		statsCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		if st, err := client.Stats(statsCtx); err == nil {
			m.ServicePeak, m.HasServicePeak = st.PeakInFlight, true
			if resetErr == nil && reset.CPUNanos > 0 && st.CPUNanos > 0 {
				m.ServiceCPU = time.Duration(st.CPUNanos - reset.CPUNanos)
				m.HasServiceCPU = true
			}
		}
		cancel()
	}
	m.ClientPeak = r.rec.peak.Load()

	calls := int(r.rec.calls.Load())
	m.Attempts = calls
	if r.plan.Config.Retry.Attempts > 1 {
		m.Attempts = int(r.rec.attempts.Load())
	}
	m.Succeeded = int(r.rec.ok.Load())
	for i := range m.Failures {
		m.Failures[i] = int(r.rec.failures[i].Load())
	}
	switch {
	case runErr != nil && errors.Is(runErr, strategies.ErrConfig):
		return m, fmt.Errorf("harness: %s: %w", s.Name, runErr)
	case calls > c.Entries:
		return m, fmt.Errorf("harness: %s broke its contract: %d calls for %d entries", s.Name, calls, c.Entries)
	case m.Succeeded+m.Failed() != calls:
		return m, fmt.Errorf("harness: %s broke its contract: it returned with %d of %d calls unfinished", s.Name, calls-m.Succeeded-m.Failed(), calls)
	}
	notStarted := ClassCancelled
	if errors.Is(context.Cause(ctx), ErrServiceDied) {
		notStarted = ClassServiceDied
	}
	m.Failures[notStarted] += c.Entries - calls
	// A cancel that came as the last entry finished cut nothing short.
	m.Partial = m.Partial && m.Failures[ClassCancelled]+m.Failures[ClassServiceDied] > 0
	if runErr != nil && ctx.Err() == nil {
		return m, fmt.Errorf("harness: %s: %w", s.Name, runErr)
	}
	return m, nil
}
