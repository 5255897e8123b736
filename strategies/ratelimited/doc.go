// Package ratelimited runs a worker pool paced by a token bucket: Workers
// goroutines each claim the next index and wait on one shared
// golang.org/x/time/rate Limiter (Rate tokens a second, Burst deep) before
// every call.
//
// The pool caps the calls in flight at Workers; the bucket caps how fast
// they start, at Rate a second on average with up to Burst at once, so the
// service sees at most Rate × d + Burst calls of time d in flight whatever
// the width: about 400 for a 200 ms service at the default 2,000 a second.
//
// Its wall time for n calls of a fixed time d, with W = min(n, Workers),
// r = Rate and B = Burst, is exactly (as TestElapsed checks):
//
//   - worker-bound, W/r ≤ d (the bucket refills within one call, as at the
//     defaults): ⌈n/W⌉ × d + max(0, m−B+1)/r, where m = n−1−(⌈n/W⌉−1)×W
//     is the last call's place in its round. The first round ramps up, one
//     start every 1/r after the first B, and every later round repeats that
//     ramp: at the defaults 1,000 calls of 200 ms take 800 ms + 249/2000 s =
//     924.5 ms, and with B ≥ W it is the worker pool's ⌈n/W⌉ × d;
//   - rate-bound, (W−B+1)/r ≥ d (workers wait for tokens, not for calls):
//     max(0, n−B)/r + d, one start every 1/r after the first B.
//
// In between, the time is at least both ⌈n/W⌉ × d and (n−B)/r + d. The
// harness's ideal, [strategies.Ideal] through StartRate, is the floor
// max(⌈n/W⌉ × d, n/r), which leaves out the ramp.
//
// It is a bad choice when the service's limit is on calls in flight rather
// than on their rate (a worker pool of the right width is simpler and has no
// ramp), when call times vary so much that no one rate is both safe and
// fast, or when Rate is far above what Workers can start, where it only adds
// the ramp to a plain worker pool.
package ratelimited
