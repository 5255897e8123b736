package benchfile

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// namePrefix starts every benchmark line and every comment record's name.
const namePrefix = "Benchmark"

// nameBase is the base of every benchmark name the harness writes.
const nameBase = "Process"

// Name keys of a benchmark name, as benchstat's -col /strategy reads them.
const (
	NameStrategy    = "strategy"
	NameConcurrency = "concurrency"
	NameEntries     = "entries"
)

// A Name identifies a cell within a scenario: the benchmark name
// Process/strategy=<s>/concurrency=<C>/entries=<n>, so benchstat can slice
// by /strategy, /concurrency and /entries. The zero value is not a valid
// name: [ParseName] requires a strategy, and concurrency and entries of at
// least 1.
type Name struct {
	Strategy    string
	Concurrency int // the most calls in flight the strategy allows for Entries
	Entries     int
}

// String returns the benchmark name without its "Benchmark" prefix, as
// benchfmt holds it.
func (n Name) String() string {
	return nameBase + "/" + NameStrategy + "=" + n.Strategy + "/" + NameConcurrency + "=" + strconv.Itoa(n.Concurrency) +
		"/" + NameEntries + "=" + strconv.Itoa(n.Entries)
}

// ParseName reads the name keys of a benchmark name (without its
// "Benchmark" prefix) as benchstat's projections do: the first
// /strategy=, /concurrency= and /entries= parts, in any order, after any
// base name. It returns an error for a missing strategy or a concurrency or
// entries that is not an integer of at least 1.
func ParseName(s string) (Name, error) {
	_, parts := benchfmt.Name(s).Parts()
	part := func(key string) string {
		prefix := "/" + key + "="
		for _, p := range parts {
			if rest, ok := strings.CutPrefix(string(p), prefix); ok {
				return rest
			}
		}
		return ""
	}
	n := Name{Strategy: part(NameStrategy)}
	if n.Strategy == "" {
		return Name{}, fmt.Errorf("%s: name has no /%s= part", s, NameStrategy)
	}
	var err error
	if n.Entries, err = strconv.Atoi(part(NameEntries)); err != nil || n.Entries < 1 {
		return Name{}, fmt.Errorf("%s: bad /%s= part %q", s, NameEntries, part(NameEntries))
	}
	if n.Concurrency, err = strconv.Atoi(part(NameConcurrency)); err != nil || n.Concurrency < 1 {
		return Name{}, fmt.Errorf("%s: bad or missing /%s= part", s, NameConcurrency)
	}
	return n, nil
}
