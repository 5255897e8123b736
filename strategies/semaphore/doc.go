// Package semaphore starts a goroutine per entry, but only after acquiring
// one unit of a weighted semaphore (golang.org/x/sync/semaphore) of Weight
// units, released when the call returns.
//
// Its wall time is ⌈n/W⌉ × d for weight W and a fixed call time d, the same
// as a worker pool: 1,000 calls of 200 ms at weight 250 take 800 ms. A slot
// is reused as soon as its call returns, so varying call times do not stall
// the others as they do with batches. At most W goroutines exist at once,
// but each entry costs a new goroutine and closure, and a wait in Acquire
// allocates, so allocations grow with n.
//
// It is a bad choice when allocations per entry matter (prefer workerpool)
// or when calls have different costs that a single unit per call does not
// capture.
package semaphore
