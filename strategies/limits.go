package strategies

import "fmt"

// The default limits of the adaptive strategies: every adaptive strategy in
// the catalog starts and bounds its limit alike, so that two of them differ
// in their algorithm alone.
const (
	DefaultInitial = 20     // the limit a run starts at (Netflix concurrency-limits' default)
	DefaultMin     = 1      // the limit never goes below one call
	DefaultMax     = 20_000 // the seed's largest run, all at once
)

// Limits are an adaptive strategy's bounds: the limit a run starts at and
// the range it moves in. A zero field means its default.
type Limits struct {
	Initial, Min, Max int
}

// WithDefaults returns l with its zero fields filled in: Min [DefaultMin],
// Max [DefaultMax], and Initial [DefaultInitial] moved into [Min, Max].
func (l Limits) WithDefaults() Limits {
	if l.Min == 0 {
		l.Min = DefaultMin
	}
	if l.Max == 0 {
		l.Max = DefaultMax
	}
	if l.Initial == 0 {
		l.Initial = min(max(DefaultInitial, l.Min), l.Max)
	}
	return l
}

// Check returns an error wrapping [ErrConfig], prefixed with name, unless
// 1 ≤ Min ≤ Max and Initial lies in [Min, Max]. Call it on defaulted
// limits.
func (l Limits) Check(name string) error {
	switch {
	case l.Min < 1 || l.Max < l.Min:
		return fmt.Errorf("%s: want 1 <= Min <= Max, got Min %d, Max %d: %w", name, l.Min, l.Max, ErrConfig)
	case l.Initial < l.Min || l.Initial > l.Max:
		return fmt.Errorf("%s: Initial must be in [%d, %d], got %d: %w", name, l.Min, l.Max, l.Initial, ErrConfig)
	}
	return nil
}
