package adaptive

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"batchlab/strategies"
)

// Defaults for the zero fields of [Strategy], and the algorithm's fixed
// constants. The initial limit, tolerance and backoff are Netflix
// concurrency-limits' defaults (Gradient2Limit and AIMDLimit).
const (
	DefaultInitial   = strategies.DefaultInitial // the limit a run starts at
	DefaultMin       = strategies.DefaultMin     // the limit never goes below one call
	DefaultMax       = strategies.DefaultMax     // the seed's largest run, all at once
	DefaultTolerance = 1.5                       // short RTT may be 50 % above no-load before the limit shrinks

	backoff     = 0.9 // AIMD's multiplicative decrease on an overload signal
	checkWindow = 100 // latency samples behind one gradient check
	// slowStartGain is the limit's growth per call returned in slow start:
	// ×4 per round trip, twice TCP's doubling. At 200 ms a round trip, 20
	// to 20,000 then takes 5 round trips instead of 10, and the overshoot
	// costs little: a 429 reports it within a millisecond, and a queue
	// shows in the next 100 calls' latency.
	slowStartGain = 3
)

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
	_ strategies.Adaptive = Strategy{}
)

// Strategy starts a goroutine per entry, admitted while fewer calls are in
// flight than a limit it adapts from each call's latency and outcome (see
// the package doc). Every field is optional: the zero value is ready to
// use. A Strategy is safe for concurrent use: each Run has its own limit.
type Strategy struct {
	// Initial is the limit a run starts at; 0 means min(max(DefaultInitial,
	// Min), Max). It must lie in [Min, Max].
	Initial int
	// Min and Max bound the limit; 0 means [DefaultMin] and [DefaultMax].
	// They must satisfy 1 ≤ Min ≤ Max once defaulted.
	Min, Max int
	// Tolerance is how far, as a factor, the recent round-trip time may
	// exceed the no-load one before the limit shrinks; 0 means
	// [DefaultTolerance]. It must be at least 1.
	Tolerance float64
	// OnLimit, if not nil, is called with the limit a run starts at and
	// then each time the whole-number limit changes. Calls are serialised
	// and in order: OnLimit runs on the goroutine that changed the limit,
	// holding the run's lock, so it must return quickly and must not block.
	OnLimit func(limit int)
}

// String returns "adaptive(Initial,Min..Max)" with the defaults filled in,
// such as "adaptive(20,1..20000)".
func (s Strategy) String() string {
	c := s.withDefaults()
	return "adaptive(" + strconv.Itoa(c.Initial) + "," + strconv.Itoa(c.Min) + ".." + strconv.Itoa(c.Max) + ")"
}

// WithLimitFunc returns a copy of s whose OnLimit is f.
func (s Strategy) WithLimitFunc(f func(limit int)) strategies.Strategy {
	s.OnLimit = f
	return s
}

// Concurrency returns min(n, Max): an upper bound, the most calls a run
// may ever have in flight, not what it will reach.
func (s Strategy) Concurrency(n int) int { return max(0, min(n, s.withDefaults().Max)) }

// limits returns s's bounds, checked and defaulted by the rule every
// adaptive strategy shares.
func (s Strategy) limits() strategies.Limits {
	return strategies.Limits{Initial: s.Initial, Min: s.Min, Max: s.Max}
}

func (s Strategy) withDefaults() Strategy {
	l := s.limits().WithDefaults()
	s.Initial, s.Min, s.Max = l.Initial, l.Min, l.Max
	if s.Tolerance == 0 {
		s.Tolerance = DefaultTolerance
	}
	return s
}

func (s Strategy) validate(n int) error {
	if err := s.limits().Check("adaptive"); err != nil {
		return err
	}
	switch {
	case !(s.Tolerance >= 1) || math.IsInf(s.Tolerance, 1):
		return fmt.Errorf("adaptive: Tolerance must be >= 1, got %v: %w", s.Tolerance, strategies.ErrConfig)
	case n < 0:
		return fmt.Errorf("adaptive: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	return nil
}

// Run starts task(ctx, i) on a new goroutine for i = 0, 1, …, n-1, each
// once fewer calls are in flight than the current limit, and waits for
// every call. It times each call to adapt the limit. Once ctx is done it
// starts no more calls, waits for the running ones and returns
// context.Cause(ctx). Invalid fields or n < 0 return an error wrapping
// [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	s = s.withDefaults()
	if err := s.validate(n); err != nil {
		return err
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	l := &limiter{s: s, n: n, limit: float64(s.Initial), slowStart: true, probe: 1}
	l.check.size = checkWindow
	l.cond.L = &l.mu
	if s.OnLimit != nil {
		s.OnLimit(s.Initial)
	}
	// Wake the admission loop when ctx ends. The broadcast takes mu, so it
	// cannot fall between the loop's ctx check and its Wait.
	stop := context.AfterFunc(ctx, func() { l.mu.Lock(); l.cond.Broadcast(); l.mu.Unlock() })
	defer stop()
	var wg sync.WaitGroup
	for i := range n {
		if !l.acquire(ctx, i) {
			wg.Wait() // never return while a started call runs
			return context.Cause(ctx)
		}
		wg.Go(func() {
			start := time.Now()
			err := task(ctx, i)
			l.release(i, time.Since(start), err)
		})
	}
	wg.Wait()
	return nil
}
