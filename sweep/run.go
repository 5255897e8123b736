package sweep

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Config is what [Run] sweeps.
type Config struct {
	Entries   int     // entries per repetition, ≥ 1
	Widths    []int   // widths to measure first, strictly ascending in [1, Entries]; nil means DefaultWidths(Entries)
	Tolerance float64 // the knee's, a fraction in (0, 1), e.g. DefaultTolerance
	Refine    int     // widths to add on each side by bisection, in [0, MaxRefine]; 0 adds none
}

// widths returns c.Widths or its default.
func (c Config) widths() []int {
	if c.Widths == nil {
		return DefaultWidths(c.Entries)
	}
	return c.Widths
}

// Validate checks c; every error it returns starts with "sweep: ".
func (c Config) Validate() error {
	switch {
	case c.Entries < 1:
		return fmt.Errorf("sweep: entries must be ≥ 1, got %d", c.Entries)
	case !(c.Tolerance > 0 && c.Tolerance < 1): // also NaN
		return fmt.Errorf("sweep: tolerance must be a fraction in (0, 1), got %v (%v %%)", c.Tolerance, c.Tolerance*100)
	case c.Refine < 0 || c.Refine > MaxRefine:
		return fmt.Errorf("sweep: refine must be in [0, %d], got %d", MaxRefine, c.Refine)
	}
	return CheckWidths(c.widths(), c.Entries)
}

// ParseWidths parses a comma-separated list of widths, "10,20,50"; check
// it with [CheckWidths].
func ParseWidths(list string) ([]int, error) {
	var out []int
	for s := range strings.SplitSeq(list, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("sweep: widths: %q is not a whole number", strings.TrimSpace(s))
		}
		out = append(out, w)
	}
	return out, nil
}

// CheckWidths checks a list of widths to sweep at entries: at least
// [MinWidths], each in [1, entries], strictly ascending.
func CheckWidths(widths []int, entries int) error {
	for i, w := range widths {
		switch {
		case w < 1:
			return fmt.Errorf("sweep: a width must be ≥ 1, got %d", w)
		case w > entries:
			return fmt.Errorf("sweep: width %d is over the %d entries", w, entries)
		case i > 0 && w == widths[i-1]:
			return fmt.Errorf("sweep: the widths name %d twice", w)
		case i > 0 && w < widths[i-1]:
			return fmt.Errorf("sweep: the widths must be ascending, got %d after %d", w, widths[i-1])
		}
	}
	if len(widths) < MinWidths {
		return fmt.Errorf("sweep: a sweep needs at least %d widths, got %d (%v)", MinWidths, len(widths), widths)
	}
	return nil
}

// DefaultWidths returns the 1-2-5 series 1, 2, 5, 10, 20, 50, … up to
// entries, and entries itself when the series misses it; nil for entries
// under 1.
func DefaultWidths(entries int) []int {
	var out []int
	for decade := 1; decade <= entries; decade *= 10 {
		for _, m := range []int{1, 2, 5} {
			if w := m * decade; w <= entries {
				out = append(out, w)
			}
		}
		if decade > entries/10 {
			break // the next decade would pass entries (or overflow)
		}
	}
	if len(out) > 0 && out[len(out)-1] != entries {
		out = append(out, entries)
	}
	return out
}

// A Result is what a sweep measured.
type Result struct {
	Points     []Point // every width measured or skipped, ascending
	Best, Knee int     // indices into Points, -1 when there is none
}

// errStop ends a side of the refinement without an error.
var errStop = errors.New("sweep: side done")

// Run sweeps cfg.Widths with measure, then refines: up to cfg.Refine
// widths below the knee, then up to cfg.Refine above the best (see the
// package documentation). A side ends early at a width already measured
// and at a width measure reports skipped.
//
// measure measures one width; Run records its point under that width.
// Run stops at the first error, from measure or ctx's cause, and returns
// the points measured so far with it (a point measure returned with an
// error is not one of them). An invalid cfg measures nothing.
func Run(ctx context.Context, cfg Config, measure func(ctx context.Context, width int) (Point, error)) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{Best: -1, Knee: -1}, err
	}
	var points []Point
	result := func(err error) (Result, error) {
		return Result{Points: points, Best: Best(points), Knee: Knee(points, cfg.Tolerance)}, err
	}
	// add measures w and inserts its point in width order; errStop when w
	// was measured already or is skipped.
	add := func(w int) error {
		i, found := slices.BinarySearchFunc(points, w, func(p Point, w int) int { return p.Width - w })
		if found {
			return errStop
		}
		if err := context.Cause(ctx); err != nil {
			return err
		}
		p, err := measure(ctx, w)
		if err != nil {
			return err
		}
		p.Width = w
		points = slices.Insert(points, i, p)
		if p.Skipped {
			return errStop
		}
		return nil
	}
	for _, w := range cfg.widths() {
		if err := add(w); err != nil && !errors.Is(err, errStop) {
			return result(err)
		}
	}
	refine := func(s Side) error {
		for range cfg.Refine {
			w, ok := s.Next()
			if !ok {
				return nil
			}
			if err := add(w); err != nil {
				return err
			}
			s = s.After(points, cfg.Tolerance, w)
		}
		return nil
	}
	if s, ok := Below(points, cfg.Tolerance); ok {
		if err := refine(s); err != nil && !errors.Is(err, errStop) {
			return result(err)
		}
	}
	if s, ok := Above(points); ok {
		if err := refine(s); err != nil && !errors.Is(err, errStop) {
			return result(err)
		}
	}
	return result(nil)
}
