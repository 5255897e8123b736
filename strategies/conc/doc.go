// Package conc runs the calls on sourcegraph/conc's pool (MIT licence),
// `pool.New().WithMaxGoroutines(W)`: Go blocks while W calls run, and Wait
// waits for them. Each Run makes its own pool.
//
// Its wall time is that of any pool, ⌈n/W⌉ × d for a fixed call time d.
// conc's pool hands each call to a worker over an unbuffered channel,
// starting workers up to W as the calls arrive, and catches a panic in a
// call to re-raise it from Wait (with the other calls finished), which no
// other strategy here does: a panicking task panics Run, on the caller's
// goroutine, instead of the process.
//
// Keeping the contract costs little: Go does not watch a context, so a
// cancel reaches a blocked Go once a running call returns (at once, since
// their ctx is done too), and each call checks ctx before it starts.
//
// It is a bad choice for the same reasons as workerpool: a W far above
// what the service takes.
package conc
