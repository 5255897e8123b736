// Package errgrouplimit runs a goroutine per entry through a
// [golang.org/x/sync/errgroup.Group] whose SetLimit, set to the width, caps
// the goroutines, and so the calls, in flight.
//
// It is the idiom most Go code reaches for, kept to batchlab's contract: the
// group is a plain Group, not one from WithContext, and the calls' errors
// are never handed to it, so a failing call cancels nothing and stops no
// other call. Group.Go blocks while Width calls run and does not watch
// ctx, so Run checks ctx before each Go, and again in the new goroutine
// before the call starts. After a cancel, Run notices it only when a running
// call returns and frees a slot: with calls that return on ctx.Done (as the
// mock service's do) that is at once, but a call that ignores ctx holds Run
// until it returns.
//
// Its wall time is ⌈n/W⌉ × d for width W and a fixed call time d, the same
// as semaphore and window: 1,000 calls of 200 ms at width 250 take 800 ms;
// with varying call times it tends to sum(call times) / W.
//
// It is a bad choice when allocations per entry matter (each entry costs a
// goroutine and a closure; prefer workerpool), or when Run must react to a
// cancel while every call ignores ctx.
package errgrouplimit
