package ratelimited

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/time/rate"

	"batchlab/strategies"
)

const (
	// DefaultWorkers matches the seed's 250 concurrent calls.
	DefaultWorkers = 250
	// DefaultRate, in call starts per second, holds a 200 ms service to at
	// most Rate × 200 ms = 400 calls in flight at any width, and does not
	// bind at the default 250 workers, which start at most 1,250 calls a
	// second against 200 ms calls.
	DefaultRate = 2000.0
	// DefaultBurst of 1 paces every start, the first ones too: no spike of
	// Workers calls at t = 0, at the cost of a ramp of (Workers-1)/Rate
	// (124.5 ms at the defaults) before the last worker's first call.
	DefaultBurst = 1
)

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
	_ strategies.Paced    = Strategy{}
)

// Strategy runs calls on a pool of Workers goroutines that each take a token
// from one shared token bucket before every call. The zero value is invalid
// (Run returns an error wrapping [strategies.ErrConfig]); use
// Strategy{Workers: DefaultWorkers, Rate: DefaultRate, Burst: DefaultBurst}.
// It is safe for concurrent use: each Run has its own pool and bucket.
type Strategy struct {
	// Workers is the number of goroutines and so the most calls in flight;
	// it must be at least 1.
	Workers int
	// Rate is how many calls may start per second, on average; it must be
	// above 0. +Inf puts no limit on the pace.
	Rate float64
	// Burst is the bucket's size: how many calls may start at once after a
	// lull. It must be at least 1.
	Burst int
}

// String returns "ratelimited(Workers)", such as "ratelimited(250)", when
// Rate and Burst are the defaults, and "ratelimited(Workers, Rate/s, burst
// Burst)" otherwise.
func (s Strategy) String() string {
	w := strconv.Itoa(s.Workers)
	if s.Rate == DefaultRate && s.Burst == DefaultBurst {
		return "ratelimited(" + w + ")"
	}
	return "ratelimited(" + w + ", " + strconv.FormatFloat(s.Rate, 'g', -1, 64) + "/s, burst " + strconv.Itoa(s.Burst) + ")"
}

// Concurrency returns min(n, Workers); the rate may keep fewer in flight.
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.Workers)) }

// StartRate returns Rate, the most calls Run starts per second on average,
// so that the ideal-time model ([strategies.Ideal]) includes the pace.
func (s Strategy) StartRate() float64 { return s.Rate }

// Run starts min(n, Workers) goroutines that each claim the next index,
// wait for a token with the limiter's Wait(ctx), and call task(ctx, i),
// until every index is claimed, and waits for them. Once ctx is done no
// worker claims another index or starts a call; Run waits for the running
// calls and returns context.Cause(ctx) if any index was not started. A
// token due after ctx's deadline counts as the deadline reached. Invalid
// fields or n < 0 return an error wrapping [strategies.ErrConfig] before
// any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	switch {
	case s.Workers < 1:
		return fmt.Errorf("ratelimited: Workers must be > 0, got %d: %w", s.Workers, strategies.ErrConfig)
	case !(s.Rate > 0): // NaN too
		return fmt.Errorf("ratelimited: Rate must be > 0, got %v: %w", s.Rate, strategies.ErrConfig)
	case s.Burst < 1:
		return fmt.Errorf("ratelimited: Burst must be > 0, got %d: %w", s.Burst, strategies.ErrConfig)
	case n < 0:
		return fmt.Errorf("ratelimited: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	limit := rate.Limit(s.Rate)
	if math.IsInf(s.Rate, 1) {
		limit = rate.Inf
	}
	lim := rate.NewLimiter(limit, s.Burst)
	// next is the next unclaimed index; missed records a claimed index that
	// was never called because ctx ended during its wait. Every index below
	// min(next, n) is called unless missed is set.
	var next atomic.Int64
	var missed atomic.Bool
	work := func() {
		for ctx.Err() == nil {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			// Wait fails only when ctx is done or its deadline comes before
			// the token; then i cannot start before ctx ends. A Wait that
			// returns as ctx ends leaves ctx.Err set, checked here too.
			if err := lim.Wait(ctx); err != nil || ctx.Err() != nil {
				<-ctx.Done()
				missed.Store(true)
				return
			}
			_ = task(ctx, i) // a failed call never stops the worker
		}
	}
	var wg sync.WaitGroup
	for range s.Concurrency(n) {
		wg.Go(work)
	}
	wg.Wait()
	if missed.Load() || next.Load() < int64(n) {
		return context.Cause(ctx)
	}
	return nil
}
