package strategytest_test

import (
	"context"
	"errors"
	"sync"
	"time"

	"batchlab/strategies"
)

// pool is a small correct worker pool; its fields switch on one fault each,
// for every n, or only from n = from when from > 0: a strategy can keep the
// contract at the n a suite tries and break it past them.
type pool struct {
	workers       int
	from          int                             // the faults apply only from this n; 0 means always
	extra         int                             // start this many workers beyond the declared ones
	ignoreCtx     bool                            // never check ctx
	lateStarts    bool                            // check ctx when Run begins, never before a start
	detach        bool                            // hand the calls context.WithoutCancel(ctx)
	afterCancel   time.Duration                   // linger this long once ctx is done
	result        func(ctx context.Context) error // what to return when cut short; nil means context.Cause
	allowNegative bool                            // treat n < 0 as 0
	warmUp        time.Duration                   // sleep before starting any call
	giveUpAt      float64                         // start no more, and return nil, once this share of 100+ ended calls failed
	failRun       bool                            // return an error when any call failed
	dropLast      bool                            // never run the last index
	again         bool                            // run index 0 a second time at the end
}

// errSomeFailed is what a pool with failRun returns.
var errSomeFailed = errors.New("pool: some calls failed")

func (p pool) Concurrency(n int) int { return max(0, min(n, p.workers)) }

func (p pool) Run(ctx context.Context, n int, task strategies.Task) error {
	if p.from > 0 && n < p.from {
		p = pool{workers: p.workers} // correct below from
	}
	if n < 0 && !p.allowNegative {
		return errors.Join(errors.New("pool: negative n"), strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil && !p.ignoreCtx {
		return err
	}
	time.Sleep(p.warmUp)
	callCtx := ctx
	if p.detach {
		callCtx = context.WithoutCancel(ctx)
	}
	last := max(n, 0)
	if p.dropLast && last > 0 {
		last--
	}
	var (
		mu             sync.Mutex
		next           int
		ended, failed  int
		gaveUp, anyErr bool
		wg             sync.WaitGroup
	)
	claim := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if p.giveUpAt > 0 && ended >= 100 && float64(failed) >= p.giveUpAt*float64(ended) {
			gaveUp = true
		}
		if next >= last || gaveUp || (ctx.Err() != nil && !p.ignoreCtx && !p.lateStarts) {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range p.Concurrency(n) + p.extra {
		wg.Go(func() {
			for i, ok := claim(); ok; i, ok = claim() {
				err := task(callCtx, i)
				mu.Lock()
				ended++
				if err != nil {
					failed++
					anyErr = true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if p.again && n > 0 {
		_ = task(callCtx, 0)
	}
	if p.failRun && anyErr {
		return errSomeFailed
	}
	if next == last || gaveUp {
		return nil
	}
	time.Sleep(p.afterCancel)
	if p.result != nil {
		return p.result(ctx)
	}
	return context.Cause(ctx)
}

// fastPace declares a pace of 10 starts a second but keeps none.
type fastPace struct{ pool }

func (fastPace) StartRate() float64 { return 10 }

// dropRemainder runs full batches only, forgetting the last n % size, from
// n = from.
type dropRemainder struct{ size, from int }

func (d dropRemainder) Concurrency(n int) int { return max(0, min(n, d.size)) }

func (d dropRemainder) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	for lo := 0; lo < n; lo += d.size {
		hi := min(lo+d.size, n)
		if hi-lo < d.size && n >= d.from {
			break
		}
		if err := context.Cause(ctx); err != nil {
			return err
		}
		var wg sync.WaitGroup
		for i := lo; i < hi; i++ {
			wg.Go(func() { _ = task(ctx, i) })
		}
		wg.Wait()
	}
	return nil
}

// twice runs sequentially but calls index 0 a second time at the end.
type twice struct{}

func (twice) Concurrency(n int) int { return max(0, min(n, 1)) }

func (twice) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	for i := range n {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		_ = task(ctx, i)
	}
	if n > 0 {
		_ = task(ctx, 0)
	}
	return nil
}

// overLimit declares a limit of 2 but starts every call at once.
type overLimit struct{}

func (overLimit) Concurrency(n int) int { return max(0, min(n, 2)) }

func (overLimit) Run(ctx context.Context, n int, task strategies.Task) error {
	return all(ctx, n, task)
}

// leak is correct but leaves a goroutine blocked for ever on each run.
type leak struct{}

func (leak) Run(ctx context.Context, n int, task strategies.Task) error {
	never := make(chan struct{})
	go func() { <-never }()
	return all(ctx, n, task)
}

// noWait starts every call and returns without waiting for them.
type noWait struct{}

func (noWait) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	for i := range n {
		go func() { _ = task(ctx, i) }()
	}
	return nil
}

// stopOnError runs sequentially and gives up at the first failed call.
type stopOnError struct{}

func (stopOnError) Concurrency(n int) int { return max(0, min(n, 1)) }

func (stopOnError) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	for i := range n {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if err := task(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

// all is a correct unbounded run: a goroutine per entry.
func all(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for i := range n {
		if ctx.Err() != nil {
			wg.Wait()
			return context.Cause(ctx)
		}
		wg.Go(func() { _ = task(ctx, i) })
	}
	wg.Wait()
	return nil
}

// doubleRelease is a window of 4 slots that hands a failed call's slot back
// twice, so every failure lets one more call in.
type doubleRelease struct{}

func (doubleRelease) Concurrency(n int) int { return max(0, min(n, 4)) }

func (doubleRelease) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	var (
		mu   sync.Mutex
		free = 4
		wg   sync.WaitGroup
	)
	cond := sync.NewCond(&mu)
	for i := range n {
		mu.Lock()
		for free == 0 {
			cond.Wait()
		}
		free--
		mu.Unlock()
		if ctx.Err() != nil {
			wg.Wait()
			return context.Cause(ctx)
		}
		wg.Go(func() {
			back := 1
			if task(ctx, i) != nil {
				back = 2
			}
			mu.Lock()
			free += back
			cond.Signal()
			mu.Unlock()
		})
	}
	wg.Wait()
	return nil
}
