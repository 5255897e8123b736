// Package strategies defines the contract every fan-out strategy in batchlab
// satisfies: a [Strategy] only schedules calls to a [Task]; it measures nothing.
//
// The harness wraps the task to time each call and count its outcome, so a
// strategy stays a few lines of scheduling code. Concrete strategies live in
// sub-packages (sequential, unbounded, batches, workerpool, semaphore, …),
// are listed once in strategies/catalog, and prove they keep the contract by
// calling strategies/strategytest.Run from their own tests.
//
// # Glossary
//
// One word per concept, in code, flags, help text, the README and reports:
//
//   - entry: one item to process; a run processes n entries, i in [0, n).
//   - task: the call for one entry, a [Task].
//   - strategy: how the n tasks are spread over goroutines, a [Strategy].
//   - width: the knob a user sets on a bounded strategy (batch size,
//     workers, weight); catalog builds each strategy from one.
//   - concurrency C: the most calls in flight a strategy allows for n
//     entries (1 for sequential, n for unbounded, min(n, width) for a
//     pool), what [Bounded] reports; the ideal-time model uses it.
//   - limit: what an adaptive strategy changes while it runs, what
//     [Adaptive] reports; never a width.
//   - scenario: what the mock service does (latency shape, capacity,
//     faults).
//   - cell: one (scenario, strategy, width, n); repetition: one measured run
//     of a cell.
//
// # The ideal-time model
//
// For concurrency C and calls of a fixed d, no run is faster than
// ⌈n/C⌉ × d; a [Paced] strategy, which starts at most r calls a second,
// takes at least n/r too. [Ideal] returns the larger. Adaptive strategies
// follow no such model: their ideal is only a floor.
package strategies
