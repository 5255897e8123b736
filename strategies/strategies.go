// Package strategies defines the contract every fan-out strategy in batchlab
// satisfies: a [Strategy] only schedules calls to a [Task]; it measures nothing.
//
// The harness wraps the task to time each call and count its outcome, so a
// strategy stays a few lines of scheduling code. Concrete strategies live in
// sub-packages (sequential, unbounded, batches, workerpool, semaphore, …),
// are listed once in strategies/catalog, and prove they keep the contract by
// calling strategies/strategytest.Run from their own tests.
package strategies

import (
	"context"
	"errors"
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

// A Limiter is a [Strategy] that bounds how many tasks it runs at once.
// The harness uses the limit for the ideal-time model ⌈n/C⌉ × delay and to
// size the HTTP connection pool.
type Limiter interface {
	// Concurrency returns the most tasks the strategy will have in flight
	// for a run of n entries: 1 for sequential, n for unbounded, min(n, W)
	// for a pool of W workers. It is never below 1 for n ≥ 1.
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

// ErrConfig is wrapped by every error a strategy returns for invalid
// settings (a batch size of 0, fewer than one worker) or a negative n.
var ErrConfig = errors.New("invalid strategy configuration")

// Concurrency returns s's in-flight limit for n entries when s is a
// [Limiter], and n (no limit) otherwise.
func Concurrency(s Strategy, n int) int {
	if l, ok := s.(Limiter); ok {
		return l.Concurrency(n)
	}
	return n
}
