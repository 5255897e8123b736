package strategytest_test

import (
	"context"
	"errors"
	"sync"
	"time"

	"batchlab/strategies"
)

// pool is a small correct worker pool; its fields switch on one fault each.
type pool struct {
	workers       int
	ignoreCtx     bool                            // never check ctx
	afterCancel   time.Duration                   // linger this long once ctx is done
	result        func(ctx context.Context) error // what to return when cut short; nil means context.Cause
	allowNegative bool                            // treat n < 0 as 0
	warmUp        time.Duration                   // sleep before starting any call
}

func (p pool) Concurrency(n int) int { return max(0, min(n, p.workers)) }

func (p pool) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 && !p.allowNegative {
		return errors.Join(errors.New("pool: negative n"), strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil && !p.ignoreCtx {
		return err
	}
	time.Sleep(p.warmUp)
	var (
		mu   sync.Mutex
		next int
		wg   sync.WaitGroup
	)
	claim := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= n || (ctx.Err() != nil && !p.ignoreCtx) {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range p.Concurrency(n) {
		wg.Go(func() {
			for i, ok := claim(); ok; i, ok = claim() {
				_ = task(ctx, i)
			}
		})
	}
	wg.Wait()
	if next == max(n, 0) {
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

// dropRemainder runs full batches only, forgetting the last n % size.
type dropRemainder struct{ size int }

func (d dropRemainder) Concurrency(n int) int { return max(0, min(n, d.size)) }

func (d dropRemainder) Run(ctx context.Context, n int, task strategies.Task) error {
	if n < 0 {
		return strategies.ErrConfig
	}
	for lo := 0; lo+d.size <= n; lo += d.size {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		var wg sync.WaitGroup
		for i := lo; i < lo+d.size; i++ {
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
