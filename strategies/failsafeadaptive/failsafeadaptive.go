package failsafeadaptive

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/failsafe-go/failsafe-go/adaptivelimiter"

	"batchlab/strategies"
)

// Defaults for the zero fields of [Strategy]: the same limits as
// batchlab's own strategies/adaptive, so the two start and may end alike.
// failsafe-go's own defaults are 1, 200 and 20; a max of 200 would cap a
// 20,000-entry fan-out at 200 in flight before the algorithm had a say.
const (
	DefaultInitial = strategies.DefaultInitial // the limit a run starts at
	DefaultMin     = strategies.DefaultMin     // the limit never goes below one call
	DefaultMax     = strategies.DefaultMax     // the seed's largest run, all at once
)

// retryWait is how long Run waits before asking again should the limiter
// ever refuse a permit without ctx being done. AcquirePermit in v0.9.8
// cannot (see the package doc); the wait is there so that a later version
// that does loses no entry and does not spin.
const retryWait = time.Millisecond

var (
	_ strategies.Strategy = Strategy{}
	_ strategies.Bounded  = Strategy{}
	_ strategies.Adaptive = Strategy{}
)

// Strategy admits each entry through a failsafe-go adaptive limiter (see
// the package doc), then runs it on a goroutine of its own. Every field is
// optional: the zero value is ready to use. A Strategy is safe for
// concurrent use: each Run builds its own limiter.
type Strategy struct {
	// Initial is the limit a run starts at; 0 means min(max(DefaultInitial,
	// Min), Max). It must lie in [Min, Max].
	Initial int
	// Min and Max bound the limit; 0 means [DefaultMin] and [DefaultMax].
	// They must satisfy 1 ≤ Min ≤ Max once defaulted.
	Min, Max int
	// OnLimit, if not nil, is called with the limit a run starts at and
	// then each time the limiter's whole-number limit changes. Calls are
	// serialised and in order: OnLimit runs on the goroutine whose call's
	// completion changed the limit, holding the run's lock, so it must
	// return quickly and must not block.
	OnLimit func(limit int)
}

// String returns "failsafe-adaptive(Initial,Min..Max)" with the defaults
// filled in, such as "failsafe-adaptive(20,1..20000)".
func (s Strategy) String() string {
	c := s.withDefaults()
	return "failsafe-adaptive(" + strconv.Itoa(c.Initial) + "," + strconv.Itoa(c.Min) + ".." + strconv.Itoa(c.Max) + ")"
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
	return s
}

// validate checks what failsafe-go's builder would otherwise panic on
// (WithLimits asserts min ≤ initial ≤ max), and the negatives that would
// wrap around as its uint arguments.
func (s Strategy) validate(n int) error {
	if err := s.limits().Check("failsafeadaptive"); err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("failsafeadaptive: n must be >= 0, got %d: %w", n, strategies.ErrConfig)
	}
	return nil
}

// Run acquires a permit from a new adaptive limiter for i = 0, 1, …, n-1,
// waiting while the limiter is full, and runs task(ctx, i) on a new
// goroutine holding it; the permit is recorded (or dropped, if ctx ended
// during the call) when the call returns, which is what the limiter learns
// from. Run waits for every call. Once ctx is done it starts no more calls,
// waits for the running ones and returns context.Cause(ctx). Invalid fields
// or n < 0 return an error wrapping [strategies.ErrConfig] before any call.
func (s Strategy) Run(ctx context.Context, n int, task strategies.Task) error {
	s = s.withDefaults()
	if err := s.validate(n); err != nil {
		return err
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	r := &run{onLimit: s.OnLimit, last: s.Initial}
	b := adaptivelimiter.NewBuilder[any]().WithLimits(uint(s.Min), uint(s.Max), uint(s.Initial))
	if s.OnLimit != nil {
		b = b.OnLimitChanged(r.changed)
		s.OnLimit(s.Initial)
	}
	limiter := b.Build()
	var wg sync.WaitGroup
	for i := range n {
		p, err := r.acquire(ctx, limiter)
		if err != nil {
			wg.Wait() // never return while a started call runs
			return err
		}
		wg.Go(func() {
			_ = task(ctx, i)
			r.complete(p, ctx.Err() != nil)
		})
	}
	wg.Wait()
	return nil
}

// run is one Run's state beside its limiter.
type run struct {
	// mu serialises every Record and Drop, and so every limit update and
	// OnLimitChanged call: failsafe-go calls the listener synchronously
	// from Record but with its own lock released, so two calls finishing
	// together could otherwise both update the limit from the same old
	// value and report out of order (adaptivelimiter.go, updateLimit). The
	// limiter already takes its own lock for all of Record, so this one
	// costs no extra serialisation.
	mu      sync.Mutex
	onLimit func(limit int)
	last    int // the limit last reported; guarded by mu
}

// acquire waits for a permit, ctx's end or, should the limiter refuse,
// retryWait before asking again. It returns context.Cause(ctx) once ctx is
// done, even if a permit came with it, which it then gives back.
func (r *run) acquire(ctx context.Context, limiter adaptivelimiter.AdaptiveLimiter[any]) (adaptivelimiter.Permit, error) {
	for {
		p, err := limiter.AcquirePermit(ctx)
		if ctx.Err() != nil {
			if err == nil {
				r.complete(p, true)
			}
			return nil, context.Cause(ctx)
		}
		if err == nil {
			return p, nil
		}
		// Unreachable in v0.9.8: AcquirePermit on a limiter built without
		// queueing waits on its semaphore and fails only with ctx.
		tm := time.NewTimer(retryWait)
		select {
		case <-tm.C:
		case <-ctx.Done():
			tm.Stop()
			return nil, context.Cause(ctx)
		}
	}
}

// complete gives p back: Drop for a call cut short by ctx, whose time says
// nothing about the service, Record for the rest, failed or not, as
// failsafe-go's own executor does.
func (r *run) complete(p adaptivelimiter.Permit, dropped bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if dropped {
		p.Drop()
	} else {
		p.Record()
	}
}

// changed is the limiter's OnLimitChanged listener. It runs inside
// complete, holding r.mu.
func (r *run) changed(e adaptivelimiter.LimitChangedEvent) {
	if l := int(e.NewLimit); l != r.last {
		r.last = l
		r.onLimit(l)
	}
}
