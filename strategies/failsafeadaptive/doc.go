// Package failsafeadaptive admits each entry through failsafe-go's
// adaptive concurrency limiter (github.com/failsafe-go/failsafe-go
// v0.9.8, package adaptivelimiter; MIT licence), then runs it on a
// goroutine of its own: the library's answer to what strategies/adaptive
// does with its own algorithm.
//
// # The library's algorithm
//
// failsafe-go describes its limiter as adjusting the limit from execution
// time trends; the v0.9.8 source does not name it, but its update is TCP
// Vegas's as Netflix concurrency-limits' VegasLimit has it, modified. A
// window of recent calls closes at the first call to return once it holds
// 50 calls and max(1 s, twice its fastest call), capped at 30 s, has passed
// since the last; its p90 latency, median-filtered and smoothed, is then
// set against a baseline, a moving average of those (age 10):
//
//	queue = ⌈limit × (1 − baseline/recent)⌉
//	queue > 6·⌊log₁₀ limit⌋  →  limit − ⌊log₁₀ limit⌋
//	queue < 3·⌊log₁₀ limit⌋  →  limit + ⌊log₁₀ limit⌋
//
// (⌊log₁₀⌋ counted as 1 below 100). The modifications: while the limiter
// is full it also cuts when throughput stops rising with in-flight calls,
// or latency rises with them (correlations over the last 50 windows); and
// the limit is capped at 5 × the window's most calls in flight, so it
// cannot run far ahead of what is used. The limiter reads nothing but
// latency: it is a result-agnostic policy, and a call's error, a 429 or a
// 500, is a call like any other.
//
// # How it is configured here, and why
//
// Limits 1..20,000 starting at 20, as strategies/adaptive's defaults
// (failsafe's own are 1..200 from 20, and a max of 200 would cap a
// 20,000-entry fan-out before the algorithm had a say). Everything else is
// the library's default: windows, quantile, baseline age, correlation
// window and max limit factor are its algorithm, and tuning them for our
// test service would be testing our tuning.
//
// Over-limit entries wait; none is ever refused. failsafe-go's limiter
// fails fast only in its executor (failsafe.With(limiter)...): with
// queueing off, that calls AcquirePermitWithMaxWait(ctx, 0), which returns
// ErrExceeded when the limiter is full; with WithQueueing on it rejects at
// random once the queue passes a multiple of the limit. Neither is used
// here. Run calls the limiter's permit API directly: AcquirePermit(ctx) on
// a limiter built without queueing waits on its FIFO semaphore and fails
// only when ctx ends. There is only ever one waiter, Run's feeding loop,
// so queueing would have nothing to queue. Should a later version refuse
// a permit anyway, Run waits 1 ms and asks again, so no entry is lost.
//
// Admission comes first: the feeding loop acquires the permit, then starts
// the entry's goroutine, so goroutines and memory grow with the limit, not
// with n, as in strategies/adaptive. The executor would need a goroutine
// per entry waiting inside it.
//
// What the limiter is told: the permit's clock starts when it is acquired,
// just before the goroutine starts, and Record stops it when the call
// returns, failed or not, as failsafe's executor does; a call that returns
// after Run's ctx is done is dropped (Drop), as the executor does for a
// cancelled execution, since its time says nothing about the service.
//
// The limit is reported through the builder's OnLimitChanged listener,
// which failsafe calls synchronously from Record, but with its own lock
// released: two calls returning together could then both update the limit
// from the same value and report out of order. Run serialises Record and
// Drop under a lock of its own, which also serialises the listener; the
// limiter holds its lock for all of Record anyway, so this costs nothing.
// Concurrency(n) is min(n, Max), an upper bound, as strategies/adaptive's.
// The limiter starts no goroutine or timer of its own on this path
// (AcquirePermitWithMaxWait would start a timer; it is not used), so
// nothing outlives Run.
//
// # When it is a bad choice
//
// For a fan-out of short-lived runs, nearly always: it is a server-side
// limiter for steady traffic, and its additive increase moves the limit by
// ⌊log₁₀ limit⌋ (1 below 100) at most once a second. On a 200 ms service
// with no capacity limit, 20,000 calls take about 77 s of virtual time
// (the limit climbs from 20 to 84), where strategies/adaptive's slow start
// takes 1.2 s and unbounded 200 ms.
//
// On a service that answers overload with a fast 429 it is worse than no
// limiter at the margin: a 429 looks like a fast call, so the limit
// settles just above the capacity and every slot freed beyond it goes to a
// 429 (13,500 of 20,000 entries in TestServices at a capacity of 50).
// Where the service queues instead, latency is what it reads, and it backs
// off (58 down to 32 at a capacity of 50).
//
// The two pathologies strategies/adaptive is tested on (pathology_test.go,
// virtual time, 200,000 entries of 200 ms): with 2 % of the calls timing
// out after 1 s and no capacity limit, the limit keeps climbing as on a
// healthy service, the timeouts adding under 10 % to the latency it reads
// (mean limit per quarter 47, 107, 208, 315 over 4 min 17 s; in a 12.5 min
// run it passes 1,000 and would reach any Max in time: the growth
// Netflix/concurrency-limits#137 reports, if slow). Just past the capacity
// of a service that queues (from a limit of 600 at 500), it does not creep
// upward (#134) but drifts below the capacity: 586, 553, 519, 486.
//
// Every check of strategies/strategytest passes (with Inexact, as for any
// adaptive strategy).
package failsafeadaptive
