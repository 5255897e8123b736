// Package sequential runs one call at a time, in index order.
//
// It is the baseline every other strategy is compared with. Its wall time is
// n × d for n calls of d each (concurrency 1): 20,000 calls of 200 ms take
// 4,000 s. It holds no goroutine and allocates nothing per entry.
//
// It is a bad choice whenever the service can take more than one call at a
// time, which is almost always; use it to measure the service itself or
// when the service forbids concurrent calls.
package sequential
