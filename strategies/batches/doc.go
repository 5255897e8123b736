// Package batches starts a fixed-size batch of calls, waits for the whole
// batch, then starts the next: the seed's .NET approach.
//
// Its wall time is ⌈n/B⌉ × d for batch size B and call time d: 1,000 calls
// of 200 ms in batches of 250 take 800 ms, 20,000 take 16 s. The last batch
// holds the remainder n mod B, which is never dropped. Memory grows with B,
// not n, apart from one goroutine and closure per entry.
//
// It is a bad choice when call times vary: each batch waits for its slowest
// call while the other B-1 slots sit idle, so one 2 s outlier costs every
// slot 2 s. A worker pool or a semaphore keeps the slots busy instead.
package batches
