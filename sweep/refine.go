package sweep

// A Side is one side of the refinement: a bisection of the gap between
// Anchor, the width the knee rule picked (the knee, or the best), and Far,
// the measured width at the other end of the gap. The zero Side has no gap.
type Side struct {
	Anchor, Far int
	best        bool // Anchor is the best width, not the knee
}

// Below returns the side under the knee of points: from the knee down to
// the widest measured width narrower than it. ok is false when there is
// no knee or no measured width under it.
func Below(points []Point, tolerance float64) (s Side, ok bool) {
	k := Knee(points, tolerance)
	if k < 0 {
		return Side{}, false
	}
	far := 0
	for _, p := range points {
		if !p.Skipped && p.Width < points[k].Width {
			far = max(far, p.Width)
		}
	}
	return Side{Anchor: points[k].Width, Far: far}, far > 0
}

// Above returns the side over the best of points: from the best up to the
// narrowest wider measured width that fails more entries than the best.
// ok is false when there is no best or no such width.
func Above(points []Point) (s Side, ok bool) {
	b := Best(points)
	if b < 0 {
		return Side{}, false
	}
	far := 0
	for _, p := range points {
		if !p.Skipped && p.Width > points[b].Width && p.Failed > points[b].Failed && (far == 0 || p.Width < far) {
			far = p.Width
		}
	}
	return Side{Anchor: points[b].Width, Far: far, best: true}, far > 0
}

// Next returns the width halfway between s's ends, or ok false when the
// gap is at most max(1, Anchor/20).
func (s Side) Next() (width int, ok bool) {
	if abs(s.Far-s.Anchor) <= max(1, s.Anchor/20) {
		return 0, false
	}
	return (s.Anchor + s.Far) / 2, true
}

// After returns s once width, between its ends, is measured and in points:
// width is the new anchor when the rule now picks it (the knee, or the
// best, as s's anchor was), else the new far end.
func (s Side) After(points []Point, tolerance float64, width int) Side {
	i := Knee(points, tolerance)
	if s.best {
		i = Best(points)
	}
	if i >= 0 && points[i].Width == width {
		s.Anchor = width
	} else {
		s.Far = width
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
