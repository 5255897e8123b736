// Package window runs a sliding window of calls: it keeps up to Size calls
// in flight and starts the next index as soon as any running call returns,
// the fix for the straggler barrier of fixed batches.
//
// Each entry gets its own goroutine, admitted by a buffered channel of Size
// tokens: Run sends a token before it starts call i, and the call takes its
// token back when it returns. It schedules exactly like the other two
// "slot is reused at once" strategies and differs only in the mechanism:
// workerpool keeps Size long-lived goroutines pulling indices from a
// counter, semaphore gates a goroutine per entry with
// golang.org/x/sync/semaphore, and window does the same gating with a plain
// channel.
//
// For a fixed call time d its wall time is ⌈n/B⌉ × d for B = Size, the same
// as batches, workerpool and semaphore: 1,000 calls of 200 ms with a window
// of 250 take 800 ms. With varying call times it tends to
// sum(call times) / B (bounded below by the longest chain of calls a slot
// must run one after another), where batches pay the sum over batches of
// each batch's slowest call. For example, 8 calls in a window of 4, where
// calls 0 and 4 take 400 ms and the rest 100 ms, take 500 ms; batches of 4
// take 800 ms.
//
// It is a bad choice when allocations per entry matter (each entry costs a
// goroutine and a closure; prefer workerpool), or when B is far above what
// the service can take, so calls queue at the service instead of here.
package window
