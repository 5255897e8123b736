package harness

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"batchlab/benchfile"
	"batchlab/strategies"
	"batchlab/thirdparty"
)

// A Class groups failures by cause, so reports count timeouts, 429s and
// resets rather than raw error strings.
type Class int

// The failure classes, in the order they are reported.
const (
	ClassTimeout     Class = iota // the per-request timeout fired
	ClassCancelled                // the run was stopped, or the entry never started
	Class429                      // the service said "too many requests"
	Class5xx                      // the service answered 5xx
	Class4xx                      // any other non-200 answer
	ClassReset                    // the connection broke mid-request
	ClassRefused                  // nothing listened at the target
	ClassFDLimit                  // the process ran out of file descriptors
	ClassPorts                    // no local port was free to connect from
	ClassServiceDied              // the child service exited: the entry was cut off or never sent
	ClassOther                    // anything else
	numClasses
)

// classNames are the classes' names, spelled by the result file's owner.
var classNames = [numClasses]string{benchfile.ClassTimeout, benchfile.ClassCancelled, benchfile.Class429, benchfile.Class5xx,
	benchfile.Class4xx, benchfile.ClassReset, benchfile.ClassRefused, benchfile.ClassFDLimit, benchfile.ClassPorts,
	benchfile.ClassServiceDied, benchfile.ClassOther}

// String returns the class's name as used in metric units (failed-<name>/op).
func (c Class) String() string {
	if c < 0 || c >= numClasses {
		return "unknown"
	}
	return classNames[c]
}

// Classify maps a task's error to its [Class]. It never returns a class
// for a nil error; callers count those as successes.
func Classify(err error) Class {
	// errors.AsType, unlike errors.As, does not allocate: this runs for
	// every failed entry.
	se, isStatus := errors.AsType[*thirdparty.StatusError](err)
	switch {
	case errors.Is(err, ErrServiceDied):
		return ClassServiceDied
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	case errors.Is(err, context.Canceled):
		return ClassCancelled
	case isStatus:
		switch {
		case se.Code == 429:
			return Class429
		case se.Code >= 500:
			return Class5xx
		}
		return Class4xx
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return ClassFDLimit
	case errors.Is(err, syscall.EADDRNOTAVAIL), errors.Is(err, syscall.EADDRINUSE):
		return ClassPorts
	case errors.Is(err, syscall.ECONNREFUSED):
		return ClassRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ClassReset
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return ClassTimeout
	}
	return ClassOther
}

// Histogram bounds: 1 µs to 10 min at 3 significant digits covers every
// latency a run can see (the per-request timeout is far below 10 min).
const (
	histMin    = 1
	histMax    = int64(10 * time.Minute / time.Microsecond)
	histDigits = 3
	numShards  = 16
)

// shard is one lock-protected histogram; hdrhistogram is not safe for
// concurrent use, so calls spread over numShards of them by index and the
// measuring never becomes the contended part.
type shard struct {
	mu sync.Mutex
	h  *hdrhistogram.Histogram
	_  [40]byte // keep neighbouring shards' locks off one cache line
}

// recorder wraps a task to time each call and count its outcome. It keeps
// nothing per entry: a fixed set of histograms and counters, allocated once
// and reset between repetitions.
type recorder struct {
	shards   [numShards]shard
	merged   *hdrhistogram.Histogram
	calls    atomic.Int64
	attempts atomic.Int64 // requests sent, retries included
	ok       atomic.Int64
	failures [numClasses]atomic.Int64
	// inFlight and peak are the calls in the wrapper now and at most: the
	// client's own count, for any service.
	inFlight atomic.Int64
	peak     atomic.Int64
}

func newRecorder() *recorder {
	r := &recorder{merged: hdrhistogram.New(histMin, histMax, histDigits)}
	for i := range r.shards {
		r.shards[i].h = hdrhistogram.New(histMin, histMax, histDigits)
	}
	return r
}

func (r *recorder) reset() {
	for i := range r.shards {
		r.shards[i].h.Reset()
	}
	r.merged.Reset()
	r.calls.Store(0)
	r.attempts.Store(0)
	r.ok.Store(0)
	r.inFlight.Store(0)
	r.peak.Store(0)
	for i := range r.failures {
		r.failures[i].Store(0)
	}
}

// wrap returns the measured task handed to the strategy. It is built once
// per repetition; the per-call path allocates nothing of its own.
func (r *recorder) wrap(call strategies.Task) strategies.Task {
	return func(ctx context.Context, i int) error {
		r.calls.Add(1)
		r.raisePeak(r.inFlight.Add(1))
		start := time.Now()
		err := call(ctx, i)
		us := time.Since(start).Microseconds()
		r.inFlight.Add(-1)
		s := &r.shards[uint(i)%numShards]
		s.mu.Lock()
		_ = s.h.RecordValue(max(us, histMin)) // values above histMax are clamped by the timeout; drop is harmless
		s.mu.Unlock()
		if err == nil {
			r.ok.Add(1)
		} else {
			r.failures[Classify(err)].Add(1)
		}
		return err
	}
}

// raisePeak makes peak at least n. The load comes first so that, once the
// peak is reached, a call costs one read and no write to the shared line.
func (r *recorder) raisePeak(n int64) {
	for {
		p := r.peak.Load()
		if n <= p || r.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

// progress returns the calls started and not yet finished, and the calls
// finished, from the counters alone: the sampler reads it on its tick.
func (r *recorder) progress() (inFlight, completed int) {
	done := r.ok.Load()
	for i := range r.failures {
		done += r.failures[i].Load()
	}
	return int(r.calls.Load() - done), int(done)
}

// latencies merges the shards and returns the entry-latency summary.
func (r *recorder) latencies() Latency {
	for i := range r.shards {
		r.merged.Merge(r.shards[i].h)
	}
	if r.merged.TotalCount() == 0 {
		return Latency{}
	}
	at := func(q float64) time.Duration {
		return time.Duration(r.merged.ValueAtQuantile(q)) * time.Microsecond
	}
	return Latency{
		P50: at(50), P90: at(90), P99: at(99),
		Max: time.Duration(r.merged.Max()) * time.Microsecond,
	}
}

// cdfQuantiles are the points of a repetition's latency distribution the
// result file keeps: enough to draw its shape, tails included.
var cdfQuantiles = [...]float64{0, 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5, 99.9, 100}

// cdf returns the merged histogram's latency at each of cdfQuantiles; call
// it after latencies, which merges the shards. Nil when nothing was timed.
func (r *recorder) cdf() []benchfile.LatencyQuantile {
	if r.merged.TotalCount() == 0 {
		return nil
	}
	out := make([]benchfile.LatencyQuantile, len(cdfQuantiles))
	for i, q := range cdfQuantiles {
		v := r.merged.ValueAtQuantile(q)
		if q == 0 {
			v = r.merged.Min()
		}
		out[i] = benchfile.LatencyQuantile{Quantile: q / 100, Latency: time.Duration(v) * time.Microsecond}
	}
	return out
}

// Latency summarises the time of single calls in one repetition.
type Latency struct {
	P50, P90, P99, Max time.Duration
}
