package strategytest

import (
	"context"
	"sync/atomic"
	"time"

	"batchlab/strategies"
)

// This file holds the fake services and the limit trace behind the
// adaptive strategies' pathology tests: two ways Netflix's
// concurrency-limits were reported to fail, run on every adaptive strategy
// alike so their results can be set side by side. They need virtual time
// (testing/synctest): the runs last minutes.

// SteadyTimeouts returns a fake service on which a steady 2 % of the
// entries hang until timeout and then fail with context.DeadlineExceeded,
// as a client's timeout would, and the rest take delay; it has no capacity
// limit (Netflix/concurrency-limits#137). hung counts the hung calls. The
// hung entries are spread by a multiplicative hash, so they do not line up
// with a strategy's rounds.
func SteadyTimeouts(delay, timeout time.Duration) (task strategies.Task, hung *atomic.Int64) {
	hung = new(atomic.Int64)
	return func(ctx context.Context, i int) error {
		if uint32(i)*2654435761%100 >= 2 {
			return sleep(ctx, delay)
		}
		hung.Add(1)
		if err := sleep(ctx, timeout); err != nil {
			return err
		}
		return context.DeadlineExceeded
	}, hung
}

// Queueing returns a fake service that serves capacity calls at once, each
// taking delay, and queues the rest in arrival order: its throughput never
// falls, so only latency shows the queue (the modest overload of
// Netflix/concurrency-limits#134). A call whose ctx ends while queued
// leaves the queue with ctx's cause.
func Queueing(capacity int, delay time.Duration) strategies.Task {
	// A channel's blocked senders are served in the order they blocked.
	slots := make(chan struct{}, capacity)
	return func(ctx context.Context, _ int) error {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		defer func() { <-slots }()
		return sleep(ctx, delay)
	}
}

// LimitTrace records an adaptive strategy's limit over time through its
// limit func ([strategies.Adaptive]). Start it just before Run; the
// strategies serialise their limit calls and end them before Run returns,
// so a LimitTrace needs no lock.
type LimitTrace struct {
	start time.Time
	at    []time.Duration
	limit []int
}

// Start begins the trace now and returns the func to pass to WithLimitFunc.
func (tr *LimitTrace) Start() func(limit int) {
	tr.start, tr.at, tr.limit = time.Now(), nil, nil
	return func(l int) {
		tr.at = append(tr.at, time.Since(tr.start))
		tr.limit = append(tr.limit, l)
	}
}

// Since returns the time since Start.
func (tr *LimitTrace) Since() time.Duration { return time.Since(tr.start) }

// Peak returns the highest limit reported.
func (tr *LimitTrace) Peak() int {
	p := 0
	for _, l := range tr.limit {
		p = max(p, l)
	}
	return p
}

// Mean returns the time-weighted mean limit over [from, to).
func (tr *LimitTrace) Mean(from, to time.Duration) float64 {
	var sum float64
	tr.each(from, to, func(l int, d time.Duration) { sum += float64(l) * float64(d) })
	return sum / float64(to-from)
}

// Quarters returns the mean limit over each quarter of [0, took).
func (tr *LimitTrace) Quarters(took time.Duration) [4]float64 {
	var q [4]float64
	for k := range q {
		q[k] = tr.Mean(took*time.Duration(k)/4, took*time.Duration(k+1)/4)
	}
	return q
}

// ShareAtLeast returns the share of [from, to) the limit spent at v or
// above.
func (tr *LimitTrace) ShareAtLeast(v int, from, to time.Duration) float64 {
	var at time.Duration
	tr.each(from, to, func(l int, d time.Duration) {
		if l >= v {
			at += d
		}
	})
	return float64(at) / float64(to-from)
}

// each calls f with each limit and how long it held within [from, to).
func (tr *LimitTrace) each(from, to time.Duration, f func(limit int, d time.Duration)) {
	for k := range tr.limit {
		end := to
		if k+1 < len(tr.limit) {
			end = min(to, tr.at[k+1])
		}
		if begin := max(from, tr.at[k]); end > begin {
			f(tr.limit[k], end-begin)
		}
	}
}
