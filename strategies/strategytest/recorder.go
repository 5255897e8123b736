package strategytest

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
)

// ctxKey marks the ctx given to Run, so a call can tell whether it got that
// ctx (or one derived from it) as the contract requires.
type ctxKey struct{}

// A recorder provides the task given to a strategy and counts, with atomics
// only, what the strategy did with it: calls per index, calls in flight and
// their peak. Locks here could serialise the strategy or hide its races.
type recorder struct {
	work    func(ctx context.Context, i int) error // runs after counting; nil returns nil
	ctx     context.Context                        // the ctx given to Run, once marked
	counts  []atomic.Int32                         // calls per index in [0, n)
	calls   atomic.Int64                           // calls with an index in [0, n)
	outside atomic.Int64                           // calls with an index outside [0, n)
	foreign atomic.Int64                           // calls whose ctx is not from Run
	late    atomic.Int64                           // calls started with Run's ctx or theirs already done
	running atomic.Int64                           // calls in flight
	peak    atomic.Int64                           // most calls in flight at once
}

func newRecorder(n int, work func(ctx context.Context, i int) error) *recorder {
	return &recorder{work: work, counts: make([]atomic.Int32, max(n, 0))}
}

// mark returns the ctx to pass to Run: ctx tagged so task can check it got
// it back.
func (r *recorder) mark(ctx context.Context) context.Context {
	r.ctx = context.WithValue(ctx, ctxKey{}, r)
	return r.ctx
}

func (r *recorder) task(ctx context.Context, i int) error {
	if ctx.Value(ctxKey{}) != r {
		r.foreign.Add(1)
	}
	// Run's ctx too: a call handed a ctx that is never cancelled
	// (context.WithoutCancel) would hide a start after the cancel.
	if ctx.Err() != nil || (r.ctx != nil && r.ctx.Err() != nil) {
		r.late.Add(1)
	}
	if i < 0 || i >= len(r.counts) {
		r.outside.Add(1)
		return nil
	}
	r.counts[i].Add(1)
	r.calls.Add(1)
	now := r.running.Add(1)
	defer r.running.Add(-1)
	for p := r.peak.Load(); now > p && !r.peak.CompareAndSwap(p, now); p = r.peak.Load() {
	}
	if r.work == nil {
		return nil
	}
	return r.work(ctx, i)
}

// total returns every call made, in range or not.
func (r *recorder) total() int64 { return r.calls.Load() + r.outside.Load() }

// checkReturned checks what must hold whenever Run has returned: no call
// still running, none with a bad index, each given Run's ctx.
func (r *recorder) checkReturned(t *testing.T, n int) {
	t.Helper()
	assert.Zero(t, r.running.Load(), "Run(ctx, %d) returned with %d calls still running, want 0", n, r.running.Load())
	assert.Zero(t, r.outside.Load(), "Run(ctx, %d) made %d calls with an index outside [0, %d), want 0", n, r.outside.Load(), n)
	assert.Zero(t, r.foreign.Load(), "Run(ctx, %d) made %d calls with a ctx not derived from Run's, want 0", n, r.foreign.Load())
}

// checkPeak checks that the calls in flight never exceeded the declared
// Concurrency(s, n). It holds on any clock, so every run checks it: a
// strategy may exceed its limit only at some n, or only when calls fail.
func (r *recorder) checkPeak(t *testing.T, s strategies.Strategy, n int) {
	t.Helper()
	c, peak := strategies.Concurrency(s, n), int(r.peak.Load())
	assert.LessOrEqual(t, peak, c, "Run(ctx, %d) had %d calls in flight, want at most Concurrency(%d) = %d", n, peak, n, c)
}

// checkOnce reports the first index not called exactly once.
func (r *recorder) checkOnce(t *testing.T, n int) {
	t.Helper()
	for i := range r.counts {
		if c := r.counts[i].Load(); c != 1 {
			assert.Failf(t, "index not run exactly once", "Run(ctx, %d): index %d ran %d times, want 1", n, i, c)
			return
		}
	}
}

// checkCancelled checks a run whose ctx was cancelled with errStop partway:
// no index ran twice, and Run's error matches how many were started.
func (r *recorder) checkCancelled(t *testing.T, n int, err error) {
	t.Helper()
	started := 0
	for i := range r.counts {
		switch c := r.counts[i].Load(); {
		case c == 1:
			started++
		case c > 1:
			assert.Failf(t, "index run twice", "Run(ctx, %d): index %d ran %d times, want at most 1", n, i, c)
			return
		}
	}
	if started == n {
		assert.NoError(t, err, "Run(ctx, %d) = %v, want <nil>: every index was started", n, err)
		return
	}
	assert.ErrorIs(t, err, context.Canceled, "Run(ctx, %d) = %v, want an error wrapping context.Canceled (%d of %d started)", n, err, started, n)
	assert.ErrorIs(t, err, errStop, "Run(ctx, %d) = %v, want context.Cause(ctx) = %v", n, err, errStop)
}
