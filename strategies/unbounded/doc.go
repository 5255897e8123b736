// Package unbounded starts one goroutine per entry, all at once.
//
// Its wall time is the floor for any strategy, a single d (⌈n/n⌉ × d):
// 20,000 calls of 200 ms take 200 ms, if the service and the network really
// take 20,000 calls at once. Memory and goroutines grow with n (one goroutine
// and its closure per entry).
//
// It is a bad choice against any real third-party service: n simultaneous
// connections exhaust file descriptors and ephemeral ports, trip rate
// limits, and turn a slow service into a failing one. Use it to find where
// the service breaks, not in production.
package unbounded
