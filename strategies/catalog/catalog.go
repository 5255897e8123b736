package catalog

import (
	"errors"
	"fmt"
	"strings"

	"batchlab/strategies"
	"batchlab/strategies/adaptive"
	"batchlab/strategies/ants"
	"batchlab/strategies/batches"
	"batchlab/strategies/conc"
	"batchlab/strategies/errgrouplimit"
	"batchlab/strategies/failsafeadaptive"
	"batchlab/strategies/failsafebulkhead"
	"batchlab/strategies/pond"
	"batchlab/strategies/ratelimited"
	"batchlab/strategies/semaphore"
	"batchlab/strategies/sequential"
	"batchlab/strategies/unbounded"
	"batchlab/strategies/window"
	"batchlab/strategies/workerpool"
)

// DefaultWidth is the width given to the strategies that take one when the
// user names none: 250, what the seed's table implies.
const DefaultWidth = 250

// ErrUnknown is wrapped by the error [Lookup] returns for a name not in
// [All].
var ErrUnknown = errors.New("catalog: unknown strategy")

// An Entry describes one strategy and builds it. Entries come from [All]
// or [Lookup]; the zero Entry has no New and is not usable.
type Entry struct {
	Name    string // package name, e.g. "workerpool"; a hyphen stands for none in it: failsafe-bulkhead is package failsafebulkhead
	Summary string // one line for `batchlab list`
	// TakesWidth says whether New uses its width. Sequential is
	// [strategies.Bounded] (at 1) but takes no width; nor do unbounded and
	// adaptive.
	TakesWidth bool
	// New returns the strategy with its width (batch size, workers or
	// weight) set to width; entries that take no width ignore it. A width
	// below 1 builds a strategy whose Run returns an error wrapping
	// [strategies.ErrConfig].
	New func(width int) strategies.Strategy
}

// All returns every strategy, in the order reports list them: the order of
// the list below. The slice is new on each call, so callers may reorder or
// filter it.
func All() []Entry {
	return []Entry{
		{
			Name:    "sequential",
			Summary: "one call at a time: n × d",
			New:     func(int) strategies.Strategy { return sequential.Strategy{} },
		},
		{
			Name:    "unbounded",
			Summary: "a goroutine per entry, all at once: d, if the service survives",
			New:     func(int) strategies.Strategy { return unbounded.Strategy{} },
		},
		{
			Name:       "batches",
			Summary:    "width calls, wait for all, repeat (the seed): ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return batches.Strategy{Size: w} },
		},
		{
			Name:       "workerpool",
			Summary:    "width goroutines pulling indices from a counter: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return workerpool.Strategy{Workers: w} },
		},
		{
			Name:       "semaphore",
			Summary:    "a goroutine per entry behind a semaphore of width: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return semaphore.Strategy{Weight: w} },
		},
		{
			Name:       "window",
			Summary:    "a sliding window: a goroutine per entry, width in flight, the next starts as one ends: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return window.Strategy{Size: w} },
		},
		{
			Name:       "errgrouplimit",
			Summary:    "errgroup.Group with SetLimit(width); errors cancel nothing: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return errgrouplimit.Strategy{Width: w} },
		},
		{
			Name:       "ratelimited",
			Summary:    "width workers, each start paced by a 2,000/s token bucket: max(⌈n/width⌉ × d, n / 2,000/s)",
			TakesWidth: true,
			New: func(w int) strategies.Strategy {
				return ratelimited.Strategy{Workers: w, Rate: ratelimited.DefaultRate, Burst: ratelimited.DefaultBurst}
			},
		},
		{
			Name:    "adaptive",
			Summary: "a goroutine per entry behind a limit it finds itself (AIMD on 429s and timeouts, Gradient2 on latency); no width",
			New:     func(int) strategies.Strategy { return adaptive.Strategy{} },
		},
		// Real libraries, wrapped to keep the contract (each package doc
		// says what that cost).
		{
			Name:       "ants",
			Summary:    "panjf2000/ants/v2: a pool of width workers, submit waits for one: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return ants.Strategy{Workers: w} },
		},
		{
			Name:       "pond",
			Summary:    "alitto/pond/v2: a pool of width workers, no queue (submit waits for a worker): ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return pond.Strategy{Workers: w} },
		},
		{
			Name:       "conc",
			Summary:    "sourcegraph/conc: pool.New().WithMaxGoroutines(width), Go waits for a goroutine: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return conc.Strategy{Width: w} },
		},
		{
			Name:       "failsafe-bulkhead",
			Summary:    "failsafe-go's bulkhead of width: calls wait for a permit, none rejected: ⌈n/width⌉ × d",
			TakesWidth: true,
			New:        func(w int) strategies.Strategy { return failsafebulkhead.Strategy{Width: w} },
		},
		{
			Name:    "failsafe-adaptive",
			Summary: "failsafe-go's adaptive limiter (Vegas-style, on latency), limits 1..20,000 from 20, calls wait for a permit; no width",
			New:     func(int) strategies.Strategy { return failsafeadaptive.Strategy{} },
		},
	}
}

// Lookup returns the entry of All named name. An unknown name returns an
// error wrapping [ErrUnknown] that lists the valid names.
func Lookup(name string) (Entry, error) {
	all := All()
	names := make([]string, len(all))
	for i, e := range all {
		if e.Name == name {
			return e, nil
		}
		names[i] = e.Name
	}
	return Entry{}, fmt.Errorf("%w %q (have %s)", ErrUnknown, name, strings.Join(names, ", "))
}

// Select returns the entries of All with the given names, in that order,
// or the error of [Lookup] for the first name not in All.
func Select(names []string) ([]Entry, error) {
	out := make([]Entry, 0, len(names))
	for _, name := range names {
		e, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
