package adaptive

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// limiter is one run's gate and limit. Every field is guarded by mu.
type limiter struct {
	s         Strategy // defaulted and valid
	n         int      // the run's entries
	mu        sync.Mutex
	cond      sync.Cond // signalled when a call returns or ctx ends
	limit     float64   // in [Min, Max]; int(limit) calls may be in flight
	inflight  int
	next      int  // the next index to start; indices start in order
	recover   int  // calls with indices below it started before the last cut
	slowStart bool // doubling per RTT until the first sign of trouble

	noLoad        time.Duration // least window mean RTT so far; 0 before one
	winN, winSize int           // samples in the current window, and its size
	winSum        time.Duration
}

// acquire waits until a call may start, records index i as started and
// reports true, or reports false once ctx is done, leaving l unchanged.
func (l *limiter) acquire(ctx context.Context, i int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inflight >= int(l.limit) && ctx.Err() == nil {
		l.cond.Wait()
	}
	if ctx.Err() != nil {
		return false
	}
	l.inflight++
	l.next = i + 1
	return true
}

// release records that call i returned err after rtt and adapts the limit.
func (l *limiter) release(i int, rtt time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.cond.Signal()
	l.inflight--
	// A call started before the last decrease saw the old limit, so it says
	// nothing about the new one (TCP NewReno's recovery point): at most one
	// decrease per round trip. A cancelled call says nothing at all.
	if i < l.recover || errors.Is(err, context.Canceled) {
		return
	}
	if overload(err) {
		l.decrease(l.limit * backoff) // AIMD
		return
	}
	limited := l.next < l.n // grow only a limit that holds entries back
	if l.slowStart && limited {
		l.set(l.limit + 1) // +1 per call returned: ×2 per round trip
	}
	if l.winN == 0 { // a window is about one round trip's calls
		l.winSize = max(minWindow, int(l.limit))
	}
	l.winN++
	l.winSum += rtt
	if l.winN < l.winSize {
		return
	}
	// Gradient2 on the window: short-term RTT against the no-load RTT.
	short := l.winSum / time.Duration(l.winN)
	l.winN, l.winSum = 0, 0
	if l.noLoad == 0 || short < l.noLoad {
		l.noLoad = short
	}
	gradient := max(0.5, min(1, l.s.Tolerance*float64(l.noLoad)/float64(short)))
	target := l.limit*gradient + math.Sqrt(l.limit)
	if gradient < 1 {
		l.slowStart = false // latency has risen: HyStart's exit
	}
	switch {
	case target < l.limit:
		l.decrease(target)
	case limited && !l.slowStart:
		l.set(l.limit + smoothing*(target-l.limit))
	}
}

// decrease ends slow start and lowers the limit to v at once, ignoring
// the samples of calls started before now.
func (l *limiter) decrease(v float64) {
	l.slowStart = false
	l.set(v)
	l.recover = l.next
	l.winN, l.winSum = 0, 0
}

// set changes the limit to v clamped to [Min, Max] and reports a change
// of its whole-number part to OnLimit.
func (l *limiter) set(v float64) {
	old := int(l.limit)
	l.limit = max(float64(l.s.Min), min(float64(l.s.Max), v))
	if int(l.limit) != old && l.s.OnLimit != nil {
		l.s.OnLimit(int(l.limit))
	}
}

// overload reports whether err says the service is past its capacity: an
// error with an Overloaded() bool method that returns true (a 429 or 503),
// or a timeout.
func overload(err error) bool {
	if err == nil {
		return false
	}
	var o interface{ Overloaded() bool }
	return (errors.As(err, &o) && o.Overloaded()) || errors.Is(err, context.DeadlineExceeded)
}
