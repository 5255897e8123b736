// Package workerpool runs a fixed pool of W goroutines, each taking the next
// unclaimed index as soon as its previous call returns.
//
// Its wall time is ⌈n/W⌉ × d for W workers and a fixed call time d: 1,000
// calls of 200 ms with 250 workers take 800 ms, 20,000 take 16 s. Unlike
// batches, a slow call holds up only its own worker, so with varying call
// times it approaches the ideal (sum of call times) / W. Memory grows with W,
// not n: indices come from one atomic counter, with no channel of indices
// and no allocation per entry.
//
// It is a bad choice when W is far above what the service can take (calls
// queue at the service instead) or when n is tiny and W goroutines cost more
// than the calls.
package workerpool
