package strategies

import (
	"context"
	"errors"
	"math"
	"time"
)

// A Task makes one call to the slow service; i is the entry's index in [0, n).
// It must be safe to call from many goroutines at once. Its error is the
// entry's outcome: it never stops a run.
type Task func(ctx context.Context, i int) error

// A Strategy decides how n calls are spread over goroutines.
type Strategy interface {
	// Run calls task at most once per index in [0, n), exactly once unless
	// ctx ends first, and returns only after every started call has
	// returned. A failing task never stops the others.
	//
	// Run returns nil when every index was started, an error wrapping
	// [ErrConfig] (before any task runs) when the strategy's settings or n
	// are invalid, or context.Cause(ctx) when ctx ended before every index
	// was started. Once ctx is done it starts no new task.
	Run(ctx context.Context, n int, task Task) error
}

// A Bounded is a [Strategy] that bounds how many tasks it runs at once. The
// harness uses its concurrency for the ideal-time model and to size the
// HTTP connection pool; a Strategy that is not Bounded may run all n at
// once.
type Bounded interface {
	Strategy
	// Concurrency returns the most tasks the strategy will have in flight
	// for a run of n entries: 1 for sequential, min(n, W) for a pool of W
	// workers. It is never below 1 for n ≥ 1.
	Concurrency(n int) int
}

// An Adaptive is a [Strategy] whose in-flight limit changes while it runs,
// such as one that backs off on 429s. The harness uses it to record the
// limit over time for the report.
type Adaptive interface {
	Strategy
	// WithLimitFunc returns a copy of the strategy that calls f with the
	// limit each run starts at and then each time that limit changes. Calls
	// are serialised and in order; f must return quickly and not block.
	WithLimitFunc(f func(limit int)) Strategy
}

// A Paced is a [Strategy] that starts its calls no faster than a fixed
// rate, such as one behind a token bucket, so n calls take at least n over
// that rate whatever its concurrency.
type Paced interface {
	Strategy
	// StartRate returns the most calls the strategy starts per second,
	// on average over a run; +Inf means no pace.
	StartRate() float64
}

// ErrConfig is wrapped by every error a strategy returns for invalid
// settings (a batch size of 0, fewer than one worker) or a negative n.
var ErrConfig = errors.New("invalid strategy configuration")

// Concurrency returns s's concurrency C for n entries when s is [Bounded],
// and n (no bound) otherwise.
func Concurrency(s Strategy, n int) int {
	if b, ok := s.(Bounded); ok {
		return b.Concurrency(n)
	}
	return n
}

// Ideal returns the ideal-time model's floor for n calls of d each under s:
// ⌈n/C⌉ × d for C = [Concurrency](s, n) (taken as 1 if below), and at least
// n/r when s is [Paced] at a positive rate r. It assumes a paced strategy's
// burst starts no more than r × d calls at once, as a bucket refilled
// within one call does. It is 0 for n ≤ 0.
func Ideal(s Strategy, n int, d time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	c := max(Concurrency(s, n), 1)
	ideal := time.Duration((n+c-1)/c) * d
	if p, ok := s.(Paced); ok {
		if r := p.StartRate(); r > 0 && !math.IsInf(r, 1) {
			ideal = max(ideal, time.Duration(float64(n)/r*float64(time.Second)))
		}
	}
	return ideal
}
