package catalog

import (
	"errors"
	"fmt"
	"strings"

	"batchlab/strategies"
	"batchlab/strategies/batches"
	"batchlab/strategies/semaphore"
	"batchlab/strategies/sequential"
	"batchlab/strategies/unbounded"
	"batchlab/strategies/workerpool"
)

// DefaultWidth is the width given to bounded strategies when the user names
// none: 250, what the seed's table implies.
const DefaultWidth = 250

// ErrUnknown is wrapped by the error [Lookup] returns for a name not in
// [All].
var ErrUnknown = errors.New("catalog: unknown strategy")

// An Entry describes one strategy and builds it. Entries come from [All]
// or [Lookup]; the zero Entry has no New and is not usable.
type Entry struct {
	Name    string // package name, e.g. "workerpool"
	Summary string // one line for `batchlab list`
	Bounded bool   // whether New uses width
	// New returns the strategy with its limit (batch size, workers or
	// weight) set to width; unbounded strategies ignore width. A width
	// below 1 builds a strategy whose Run returns an error wrapping
	// [strategies.ErrConfig].
	New func(width int) strategies.Strategy
}

// All returns every strategy, in the order reports list them: sequential,
// unbounded, batches, workerpool, semaphore. The slice is new on each call,
// so callers may reorder or filter it.
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
			Name:    "batches",
			Summary: "width calls, wait for all, repeat (the seed): ⌈n/width⌉ × d",
			Bounded: true,
			New:     func(w int) strategies.Strategy { return batches.Strategy{Size: w} },
		},
		{
			Name:    "workerpool",
			Summary: "width goroutines pulling indices from a counter: ⌈n/width⌉ × d",
			Bounded: true,
			New:     func(w int) strategies.Strategy { return workerpool.Strategy{Workers: w} },
		},
		{
			Name:    "semaphore",
			Summary: "a goroutine per entry behind a semaphore of width: ⌈n/width⌉ × d",
			Bounded: true,
			New:     func(w int) strategies.Strategy { return semaphore.Strategy{Weight: w} },
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
