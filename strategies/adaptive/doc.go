// Package adaptive starts a goroutine per entry behind an in-flight limit
// that it adapts while it runs, so it needs no width: it finds the
// service's capacity from what the calls tell it.
//
// The limit is built from published algorithms:
//
//   - Slow start (TCP): from Initial, the limit grows by 3 per call
//     returned, ×4 per round trip, until the first sign of trouble.
//   - Overload, AIMD (Netflix concurrency-limits' AIMDLimit, TCP): an error
//     whose Overloaded() bool method reports true (a 429 or 503) or
//     context.DeadlineExceeded (a timeout) cuts the limit ×0.9, or halves
//     it in slow start, as TCP does on a loss there: the first refusal
//     takes tens of milliseconds to return, and slow start runs on.
//   - Latency, Gradient2 (Netflix concurrency-limits): every 100 calls,
//     their mean RTT (short) is set against the no-load RTT, the least mean
//     of a round trip's calls (max(100, limit) of them) seen so far, as in
//     the formulas below. A gradient below 1 ends slow start; a target
//     below the limit replaces it at once, as in Envoy's gradient
//     controller.
//   - Growth, BIC (binary increase congestion control): once per round
//     trip, below the limit at the last overload the limit goes half the way
//     back to it, then +1 per round trip around it, so it spends its time
//     near the capacity; past it, 1, 2, 4, … per round trip up to √limit.
//
// Gradient2's formulas:
//
//	gradient = clamp(Tolerance × noLoad / short, 0.5, 1)
//	target   = limit × gradient + √limit
//
// After any cut, the overloads and latencies of calls started before it are
// ignored, as TCP NewReno does, so a burst of 429s or one slow window cuts
// once per round trip. The limit grows only while entries wait for it.
// Other failures (500s, connection resets) are the service's bugs, not
// overload: they never cut the limit; calls ending with context.Canceled
// are ignored. On a service that queues beyond C in flight the limit
// settles near Tolerance × C (750 for C = 500), where the RTT is Tolerance
// × no-load; the no-load RTT is a round trip's mean, not a short window's,
// so a jittery service's ordinary spread does not read as load.
//
// Measuring is the harness's job everywhere else; this strategy also times
// each call (time.Now before and after) because its algorithm needs it.
//
// Its wall time for n calls of a fixed d with no capacity limit is
// slow start's ⌈log₄(3n/Initial + 1)⌉ round trips: 20,000 calls of 200 ms
// take 6 × 200 ms = 1.2 s from the default Initial of 20, where unbounded
// takes 200 ms. On a service that takes C at once it approaches ⌈n/C⌉ × d
// plus the slow start and the few per cent the sawtooth below C costs,
// with a few hundred 429s where unbounded gets n − C. Memory grows with
// the limit, not n, apart from a goroutine per entry.
//
// It is a bad choice for short runs (slow start dominates), for services
// whose latency rises by more than Tolerance for reasons other than load
// (the gradient mistakes it for queueing and keeps the limit low), and
// when the no-load latency rises for good during a run: the no-load RTT is
// never probed again, so the limit stays lower than it could be.
//
// Two pathologies reported against Netflix's concurrency-limits are its
// tests (pathology_test.go, virtual time, 200,000 entries of 200 ms, Max
// 2,000). Steady timeouts (their #137: 2 % of the calls hang until a 1 s
// timeout, no capacity limit): Gradient2 alone sees flat RTTs and grows to
// Max; here each timeout is an overload signal, so after the first ones
// return the limit is never at Max (mean per quarter 1,651, 1,827, 1,744,
// 1,665). But it drifts down: each cut comes before BIC's half-way steps
// have climbed back to the last peak, so the peak ratchets about ×0.997
// per timeout; in a 1,000,000-entry run (3 min 24 s) the quarters were
// 1,596, 1,178, 856 and 622. It cannot tell timeouts that are steady from
// those of a service that hangs once full, and it takes the safe reading.
// Modest overload (their #134: a service that queues past 500 in flight):
// the limit does not creep upward, 892, 745, 742, 744 per quarter over
// 80 s, because the no-load RTT is the least round trip seen, not an
// average the queue itself drags up.
package adaptive
