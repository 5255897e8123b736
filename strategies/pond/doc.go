// Package pond submits a task per entry to a pool of W workers from
// github.com/alitto/pond/v2 (MIT licence), with pool.Go blocking while the
// pool is full.
//
// It measures what a popular worker-pool library costs against the
// hand-written workerpool. Kept to batchlab's contract, it uses pond this
// way:
//
//   - No queue (pond.WithQueueSize(0)): pond's default queue is unbounded,
//     so submitting all n up front would hold n closures, and any bounded
//     queue still grows with n, because pond's queue is a linked list of
//     buffers that are allocated as it fills, never reused, each up to half
//     as big again as the last (to 100 Ki slots, 1.6 MB). Without one, Go
//     blocks until a worker is free and each task gets a new worker
//     goroutine, so Run holds O(W): W goroutines and closures. A queue of W
//     would be about twice as fast with no-op calls at n = 20,000 (4.2 ms
//     against 9.2 ms, 1.3 allocs per entry against 2.0) by keeping workers
//     alive, at the price of that growing queue.
//   - Plain pool.Go, not a task group: a group keeps one resolution per
//     task until Wait (memory growing with n), and cancels its ctx when a
//     task returns an error, which would stop the other calls. The calls'
//     errors are dropped.
//   - pond.WithContext with a ctx of Run's own, so a Go blocked on a full
//     pool returns as soon as Run's ctx ends; a task accepted just before
//     the cancel checks ctx and skips its call. The calls get Run's ctx.
//   - No pool.StopAndWait: pond's Stop submits to its package-level default
//     pool, whose sync.WaitGroup then belongs to the first testing/synctest
//     bubble that stopped a pool, so a Stop in any other bubble is a fatal
//     error and the conformance suite could not run. Run waits on a
//     WaitGroup of its own for its tasks, then yields until
//     pool.RunningWorkers is 0, when every worker has left pond's loop and
//     is returning.
//
// Its wall time is ⌈n/W⌉ × d for W workers and a fixed call time d, the
// same as workerpool and semaphore: 1,000 calls of 200 ms with 250 workers
// take 800 ms. A worker is freed as soon as its call returns, so varying
// call times do not stall the others.
//
// It is a bad choice when allocations per entry matter (a closure and a
// goroutine each; prefer workerpool, which has none), or when the pool
// should outlive one run: pond's strength, a long-lived pool shared by many
// submitters, is what a run of batchlab does not need.
package pond
