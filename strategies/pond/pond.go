package pond

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/alitto/pond/v2"

	"batchlab/strategies"
)

// DefaultWorkers matches the seed's 250 concurrent calls.
const DefaultWorkers = 250

// queueSize is the pool's queue: none, so Go blocks while Workers tasks run
// and each accepted task starts a worker at once. pond's queue is a linked
// list of buffers that are never reused and grow to 100 Ki slots, so any
// queue makes the memory Run holds grow with n (see the package doc).
const queueSize = 0

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
)

// Strategy submits a task per entry to a pond pool of Workers goroutines.
// The zero value is invalid (Run returns an error wrapping
// [strategies.ErrConfig]); use Strategy{Workers: DefaultWorkers}. It is
// safe for concurrent use: each Run has its own pool.
type Strategy struct {
	// Workers is the pool's maximum concurrency and so the most calls in
	// flight; it must be at least 1 (pond's "no limit" of 0 is refused).
	Workers int
}

// String returns "pond(Workers)", such as "pond(250)".
func (s Strategy) String() string { return "pond(" + strconv.Itoa(s.Workers) + ")" }

// Concurrency returns min(n, Workers).
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Workers)) }

// Run creates a pool of Workers with no queue, bound to ctx, calls pool.Go
// for i = 0, 1, …, n-1, each task calling task(ctx, i), and waits for every
// task and pool goroutine to end, so none outlives Run. Go blocks while
// Workers tasks run and returns an error once ctx is done; Run then submits
// no more, and a task accepted just before finds ctx done and skips its
// call. Run returns context.Cause(ctx) if any index was not called. Workers < 1 or n < 0
// returns an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.Workers < 1 {
		return fmt.Errorf("pond: Workers must be > 0, got %d: %w", s.Workers, strategies.ErrConfig)
	}
	if n < 0 {
		return fmt.Errorf("pond: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	// WithContext makes a blocked Go return when ctx ends. pond derives
	// the pool's ctx from it and cancels that only in Stop, which Run does
	// not call, so Run gives it a ctx of its own to cancel; the calls get
	// ctx itself.
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pool := pond.NewPool(s.Workers, pond.WithContext(pctx), pond.WithQueueSize(queueSize))
	// started counts the calls made, so Run can tell whether every index
	// was called; wg counts the tasks accepted and not yet returned.
	var started atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		// Plain Go, not a group: a group keeps a resolution per task
		// (memory growing with n) and cancels its ctx on the first error.
		err := pool.Go(func() {
			defer wg.Done()
			if ctx.Err() != nil {
				return // accepted before the cancel; start nothing after it
			}
			started.Add(1)
			_ = task(ctx, i) // a failed call never stops the run
		})
		if err != nil { // pond.ErrPoolStopped or ctx's error: ctx is done
			wg.Done()
			break
		}
	}
	// Not pool.StopAndWait: pond's Stop runs on its package-level default
	// pool, whose WaitGroup then belongs to the first synctest bubble to
	// call it, so a second bubble's Stop is a fatal error. Run waits for
	// its own tasks, then for each worker to leave pond's loop, a few
	// instructions from exiting.
	wg.Wait()
	for pool.RunningWorkers() > 0 {
		runtime.Gosched()
	}
	if started.Load() < int64(n) {
		return context.Cause(ctx)
	}
	return nil
}
