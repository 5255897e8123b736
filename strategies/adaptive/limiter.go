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
	next      int     // the next index to start; indices start in order
	recover   int     // calls with indices below it started before the last cut
	slowStart bool    // growing ×4 per round trip until the first sign of trouble
	lastMax   float64 // the limit at the last overload signal; 0 before one
	probe     float64 // the next step past lastMax: 1, 2, 4, …

	noLoad time.Duration // least round-trip window mean so far; 0 before one
	check  window        // the last checkWindow calls started since the last cut
	trip   window        // about one round trip of calls: max(checkWindow, limit)
}

// window accumulates latency samples.
type window struct {
	n, size int
	sum     time.Duration
}

// add records rtt and reports the window's mean and true once it is full,
// emptying it.
func (w *window) add(rtt time.Duration) (time.Duration, bool) {
	w.n++
	w.sum += rtt
	if w.n < w.size {
		return 0, false
	}
	mean := w.sum / time.Duration(w.n)
	w.n, w.sum = 0, 0
	return mean, true
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

// release records that call i returned err after rtt and adapts the
// limit.
func (l *limiter) release(i int, rtt time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.cond.Signal()
	l.inflight--
	if errors.Is(err, context.Canceled) {
		return // a cancelled call says nothing about the service
	}
	// A call started before the last decrease saw the old limit, so its
	// overload or latency says nothing about the new one (TCP NewReno's
	// recovery point): at most one decrease per round trip. Its success
	// still counts towards growth.
	old := i < l.recover
	if overload(err) {
		if old {
			return
		}
		l.lastMax = l.limit
		if l.slowStart {
			// Slow start may have run far past the capacity in the tens of
			// milliseconds the first refusal took to return, refused calls
			// freeing their slots for more: halve, as TCP does on a loss
			// in slow start, rather than cut ×0.9 a round of refusals at
			// a time.
			l.decrease(l.limit / 2)
		} else {
			l.decrease(l.limit * backoff) // AIMD
		}
		return
	}
	limited := l.next < l.n // grow only a limit that holds entries back
	if l.slowStart && limited {
		l.set(l.limit + slowStartGain)
	}
	if l.trip.n == 0 {
		l.trip.size = max(checkWindow, int(l.limit))
	}
	tripMean, tripDone := l.trip.add(rtt)
	if tripDone && (l.noLoad == 0 || tripMean < l.noLoad) {
		// Only round-trip windows set the no-load RTT: the least of many
		// short windows would sit in the low tail of a jittery service's
		// latency and read its ordinary spread as load.
		l.noLoad = tripMean
	}
	if checkMean, ok := l.checked(old, rtt); ok {
		// Every checkWindow calls, not once per round trip: a queue that
		// slow start overfilled is found within a few dozen milliseconds.
		if target, g := l.target(checkMean); g < 1 {
			l.slowStart = false // latency has risen: HyStart's exit
			if target < l.limit {
				l.decrease(target)
				return
			}
		}
	}
	if !tripDone || !limited || l.slowStart {
		return
	}
	// Once per round trip, as BIC does: below where the last overload
	// struck, a binary search, half the way back; around that point +1, so
	// the limit spends its time near the capacity rather than climbing
	// back to it; past it, a probe of 1, 2, 4, … per round trip, up to
	// Gradient2's headroom (√limit at no-load latency), in case the
	// capacity has grown.
	target, _ := l.target(tripMean)
	if target <= l.limit {
		return
	}
	switch gap := l.lastMax - l.limit; {
	case gap > 2:
		l.set(l.limit + gap/2)
	case gap > -1:
		l.set(l.limit + 1)
	default:
		l.set(l.limit + min(l.probe, target-l.limit))
		l.probe *= 2
	}
}

// checked adds the latency of a call started since the last decrease to
// the check window and returns the window's mean and true when it is full
// and a no-load RTT is known.
func (l *limiter) checked(old bool, rtt time.Duration) (time.Duration, bool) {
	if old {
		return 0, false
	}
	mean, full := l.check.add(rtt)
	return mean, full && l.noLoad > 0
}

// target is Gradient2's new limit for a window whose mean RTT is short,
// and the gradient behind it.
func (l *limiter) target(short time.Duration) (float64, float64) {
	g := max(0.5, min(1, l.s.Tolerance*float64(l.noLoad)/float64(short)))
	return l.limit*g + math.Sqrt(l.limit), g
}

// decrease ends slow start and lowers the limit to v at once, ignoring
// the samples of calls started before now.
func (l *limiter) decrease(v float64) {
	l.slowStart = false
	l.set(v)
	l.recover = l.next
	l.probe = 1
	l.check.n, l.check.sum = 0, 0
	l.trip.n, l.trip.sum = 0, 0
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
