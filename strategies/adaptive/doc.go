// Package adaptive starts a goroutine per entry behind an in-flight limit
// that it adapts while it runs, so it needs no width: it finds the
// service's capacity from what the calls tell it.
//
// The limit follows two published algorithms. Overload (an error whose
// Overloaded() bool method reports true, as a 429 or 503 does, or
// context.DeadlineExceeded, a timeout) cuts it ×0.9, as in AIMD (Netflix
// concurrency-limits' AIMDLimit, Envoy's adaptive concurrency filter, TCP's
// congestion window). Latency moves it as in Gradient2 (Netflix
// concurrency-limits): each window of about one round trip's calls (the
// limit's worth, at least 20) gives a short-term RTT, the window's mean, set
// against the no-load RTT, the least window mean so far; then
//
//	gradient = clamp(Tolerance × noLoad / short, 0.5, 1)
//	target   = limit × gradient + √limit
//
// A target below the limit replaces it at once, as in Envoy's gradient
// controller; a higher one is approached by 0.2 of the gap per window, as
// in Gradient2. After any cut, calls started before it are ignored, as TCP
// NewReno does, so a burst of 429s or one slow window cuts once per round
// trip. A run starts in slow start, adding one to the limit per call
// returned (doubling it per round trip) until the first overload or window
// with a gradient below 1. The limit grows only while entries wait for it.
// Other failures (500s, connection resets) are the service's bugs, not
// overload: they count as latency samples and never cut the limit; calls
// ending with context.Canceled are ignored. On a service that queues beyond
// C in flight the limit settles near Tolerance × C + √limit (625 for C =
// 500), where the RTT is Tolerance × no-load.
//
// Measuring is the harness's job everywhere else; this strategy also times
// each call (time.Now before and after) because its algorithm needs it.
//
// Its wall time for n calls of a fixed d with no capacity limit is about
// log₂(n/Initial) round trips of slow start: 20,000 calls of 200 ms take
// 2 s from the default Initial of 20, where unbounded takes 200 ms. On a
// service that takes C at once it approaches ⌈n/C⌉ × d plus the slow start
// and the sawtooth below C, with a few 429s where unbounded gets n − C.
// Memory grows with the limit, not n, apart from a goroutine per entry.
//
// It is a bad choice for short runs (slow start dominates), for services
// whose latency varies by far more than Tolerance for reasons other than
// load (the gradient mistakes it for queueing and keeps the limit low),
// and when the no-load latency rises for good during a run: the no-load
// RTT is never probed again, so the limit stays lower than it could be.
package adaptive
