package thirdparty

import (
	"fmt"
	"slices"
	"strings"
)

// ParseScenarioList parses a comma-separated list of scenario specs: a
// part without '=' starts a scenario, a key=value part overrides the
// scenario before it, so "steady,limited,capacity=100,overloaded" is three
// scenarios, the second with capacity 100. Each overrides element (a
// key=value such as "delay=2ms") is added to every scenario after its own
// overrides. A list must start with a preset name. Each spec is parsed by [ParseScenario]; a scenario named twice
// (compared by [Scenario.String], so after its preset's values) is an
// error. Every error is one line and wraps [ErrScenario].
func ParseScenarioList(list string, overrides ...string) ([]Scenario, error) {
	var specs []string
	for part := range strings.SplitSeq(list, ",") {
		if len(specs) == 0 && strings.Contains(part, "=") {
			return nil, fmt.Errorf("%w %q: override %q before any preset name", ErrScenario, list, part)
		}
		if len(specs) > 0 && (strings.Contains(part, "=") || strings.TrimSpace(part) == "") {
			// An empty part stays with its scenario, whose parser says
			// what is wrong with it.
			specs[len(specs)-1] += "," + part
			continue
		}
		specs = append(specs, part)
	}
	out := make([]Scenario, 0, len(specs))
	for _, spec := range specs {
		sc, err := ParseScenario(strings.Join(append([]string{spec}, overrides...), ","))
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out, func(o Scenario) bool { return o.String() == sc.String() }) {
			return nil, fmt.Errorf("%w: the list names %s twice", ErrScenario, sc)
		}
		out = append(out, sc)
	}
	return out, nil
}
