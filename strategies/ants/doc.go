// Package ants runs the calls on a pool of W workers from
// github.com/panjf2000/ants/v2 (MIT licence), the most used goroutine pool
// in Go: each Run makes its own pool of min(n, W), submits the n calls
// one by one (Submit blocks while every worker is busy) and releases the
// pool before it returns.
//
// Its wall time is that of any pool, ⌈n/W⌉ × d for a fixed call time d.
// What ants adds is its bookkeeping: a worker stack under a lock, a
// sync.Cond for blocked submitters, and two goroutines of its own per pool
// (one refreshing a coarse clock every 500 ms, one purging idle workers
// every second).
//
// Keeping the contract costs a little: ants' Submit does not watch a
// context, so a cancel reaches a blocked Submit only once a running call
// returns (they return at once, since their ctx is done too), and each
// submitted call checks ctx before it starts; and Run waits in
// ReleaseContext for the workers and the pool's own goroutines to exit, so
// none is left behind. The closure submitted per call is one allocation
// per entry that workerpool does not make.
//
// It is a bad choice for the same reasons as workerpool (a W far above
// what the service takes), and a pool kept across runs would be the way to
// use it well: here each Run pays for a new one, as every strategy does.
package ants
