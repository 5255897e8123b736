package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"batchlab/benchfile"
	"batchlab/sweep"
)

// DefaultTolerance is the knee tolerance [WriteTable] and the HTML page use
// when the run does not record one: a width within 5 % of the best time is
// as good as the best.
const DefaultTolerance = 0.05

// ToleranceKey is the configuration key under which `batchlab sweep`
// records its knee tolerance, as a fraction ("0.05"), so that the report
// finds the knee the sweep printed.
const ToleranceKey = benchfile.KeyKneeTolerance

// KneeTolerance returns the knee tolerance the run recorded under
// [ToleranceKey], or [DefaultTolerance] when it recorded none or one
// outside (0, 1).
func (r *Run) KneeTolerance() float64 {
	v, err := strconv.ParseFloat(r.Setting(ToleranceKey), 64)
	if err != nil || !(v > 0 && v < 1) {
		return DefaultTolerance
	}
	return v
}

// MinSweepWidths is the fewest measured widths that make a sweep.
const MinSweepWidths = sweep.MinWidths

// A SweepPoint is one width of a sweep.
type SweepPoint struct {
	Concurrency int
	Time        Stats        // sec/op across runs (existing Stats type)
	Failed      float64      // mean failed entries per run
	FailedFrac  float64      // Failed / Entries
	Failures    []ClassCount // summed over runs, largest first
	Runs        int
}

// A Sweep is one strategy measured at three or more widths, in one
// scenario, at one size.
type Sweep struct {
	Scenario, Strategy string
	Entries            int
	Tolerance          float64      // e.g. 0.05
	Points             []SweepPoint // measured widths, ascending
	Best, Knee         int          // indices into Points; -1 when there is none
	Others             []Cell       // other strategies measured in the same scenario at the same size (e.g. adaptive, unbounded): reference lines
}

// FindSweeps returns every sweep in run: each (scenario, strategy, entries)
// with at least three measured concurrencies. tolerance is a fraction (0.05 = 5 %).
//
// Sweeps come in the run's order: scenario, strategy, then entries
// ascending. Each sweep's Best and Knee follow the knee rule of package
// [sweep] (see the package documentation); a negative or NaN tolerance
// counts as 0. Others holds the
// measured cells of the same scenario and size whose strategy is not itself
// swept there, in the run's order. It only reads run.
func FindSweeps(run *Run, tolerance float64) []Sweep {
	if math.IsNaN(tolerance) || tolerance < 0 {
		tolerance = 0
	}
	type group struct {
		scenario, strategy string
		entries            int
	}
	var order []group
	cells := map[group][]Cell{}
	scenarioIndex, strategyIndex := map[string]int{}, map[string]int{}
	for _, c := range run.Cells {
		if c.Skipped || c.CutShort(run) {
			continue // a width that was interrupted recommends nothing
		}
		if _, ok := scenarioIndex[c.Scenario]; !ok {
			scenarioIndex[c.Scenario] = len(scenarioIndex)
		}
		if _, ok := strategyIndex[c.Strategy]; !ok {
			strategyIndex[c.Strategy] = len(strategyIndex)
		}
		g := group{c.Scenario, c.Strategy, c.Entries}
		if _, ok := cells[g]; !ok {
			order = append(order, g)
		}
		cells[g] = append(cells[g], c)
	}
	slices.SortStableFunc(order, func(a, b group) int {
		return cmp.Or(cmp.Compare(scenarioIndex[a.scenario], scenarioIndex[b.scenario]),
			cmp.Compare(strategyIndex[a.strategy], strategyIndex[b.strategy]),
			cmp.Compare(a.entries, b.entries))
	})
	swept := map[group]bool{}
	for _, g := range order {
		swept[g] = len(cells[g]) >= MinSweepWidths
	}

	var out []Sweep
	for _, g := range order {
		if !swept[g] {
			continue
		}
		s := Sweep{Scenario: g.scenario, Strategy: g.strategy, Entries: g.entries, Tolerance: tolerance}
		for _, c := range cells[g] {
			s.Points = append(s.Points, sweepPoint(c))
		}
		slices.SortStableFunc(s.Points, func(a, b SweepPoint) int { return cmp.Compare(a.Concurrency, b.Concurrency) })
		for _, c := range run.Cells {
			o := group{c.Scenario, c.Strategy, c.Entries}
			if !c.Skipped && o.scenario == g.scenario && o.entries == g.entries && o.strategy != g.strategy && !swept[o] {
				s.Others = append(s.Others, c)
			}
		}
		pts := s.points()
		s.Best, s.Knee = sweep.Best(pts), sweep.Knee(pts, tolerance)
		out = append(out, s)
	}
	return out
}

// sweepPoint summarises a measured cell as a point of a sweep.
func sweepPoint(c Cell) SweepPoint {
	p := SweepPoint{Concurrency: c.Concurrency, Time: c.Time, Runs: c.Time.N,
		Failed: c.FailedPerRun(), Failures: c.FailuresByClass()}
	p.FailedFrac = p.Failed / float64(c.Entries)
	return p
}

// points returns s's points for the knee rule of package sweep: a point
// without a finite time has none (the zero Mean).
func (s Sweep) points() []sweep.Point {
	out := make([]sweep.Point, len(s.Points))
	for i, p := range s.Points {
		out[i] = sweep.Point{Width: p.Concurrency, Failed: p.Failed, Entries: s.Entries}
		if finite(p.Time.Mean) {
			out[i].Mean = time.Duration(math.Round(p.Time.Mean * float64(time.Second)))
		}
	}
	return out
}

// eligible reports which of s's points are knee candidates.
func (s Sweep) eligible() []bool { return sweep.Eligible(s.points()) }

// Recommendation is one line a user can act on, e.g.
// "use workerpool at width 500: 8.10 s; wider adds 429s (1000: 9,850 failed per run), narrower adds time (200: 20.1 s)".
//
// It recommends the knee. A width is eligible when it fails at most 0.1 %
// of the entries more than the least-failing width (on a rate-limited
// service a wider pool "finishes" sooner only by failing entries fast);
// the best width is the eligible one with the least mean time, and the
// knee the narrowest eligible width whose mean time is within the
// tolerance of the best. When the knee itself fails entries, the line says
// how many per run. The "wider" clause names the next wider measured
// width: if it is not eligible, its dominant failure class and its failed
// entries per run; if it is no faster, "wider gains nothing" and its time;
// otherwise "wider gains under <tolerance>". The
// "narrower adds time" clause names the next narrower measured width and
// its time. Each clause is left out when there is no such width.
func (s Sweep) Recommendation() string {
	if s.Knee < 0 || s.Knee >= len(s.Points) {
		return fmt.Sprintf("no width of %s at %s entries has a measured time", s.Strategy, formatNumber(float64(s.Entries), 0))
	}
	ok := s.eligible()
	k := s.Points[s.Knee]
	var b strings.Builder
	fmt.Fprintf(&b, "use %s at width %d: %s", s.Strategy, k.Concurrency, formatSeconds(k.Time.Mean))
	if k.Failed > 0 {
		fmt.Fprintf(&b, ", %s", failedPerRun(k.Failed, k.Failures))
	}
	var clauses []string
	if s.Knee+1 < len(s.Points) {
		w := s.Points[s.Knee+1]
		switch {
		case !ok[s.Knee+1] && w.Failed > k.Failed:
			clauses = append(clauses, fmt.Sprintf("wider adds %s (%d: %s failed per run)",
				failurePlural(w.Failures), w.Concurrency, formatNumber(w.Failed, 0)))
		case !ok[s.Knee+1]:
			clauses = append(clauses, fmt.Sprintf("wider has no measured time (%d)", w.Concurrency))
		case w.Time.Mean >= k.Time.Mean:
			clauses = append(clauses, fmt.Sprintf("wider gains nothing (%d: %s)", w.Concurrency, formatSeconds(w.Time.Mean)))
		case w.Time.Mean >= k.Time.Mean*(1-s.Tolerance):
			clauses = append(clauses, "wider gains under "+formatPercent(s.Tolerance*100))
		default: // not reached with the knee rule; kept for hand-built sweeps
			clauses = append(clauses, fmt.Sprintf("wider gains %s (%d: %s)",
				formatPercent((1-w.Time.Mean/k.Time.Mean)*100), w.Concurrency, formatSeconds(w.Time.Mean)))
		}
	}
	if s.Knee > 0 {
		n := s.Points[s.Knee-1]
		clauses = append(clauses, fmt.Sprintf("narrower adds time (%d: %s)", n.Concurrency, formatSeconds(n.Time.Mean)))
	}
	if len(clauses) > 0 {
		b.WriteString("; " + strings.Join(clauses, ", "))
	}
	return b.String()
}

// ReferenceLines states each of s.Others against the best width, one line
// per cell, e.g. "adaptive(20000): 8.61 s (+6.3 % vs width 500), 206 failed
// per run (429)" or "unbounded(20000): 630 ms (-92.2 % vs width 500), no
// failures". Without a best width the comparison is left out.
func (s Sweep) ReferenceLines() []string {
	var out []string
	for _, c := range s.Others {
		line := c.Method() + ": " + formatSeconds(c.Time.Mean)
		if s.Best >= 0 && s.Best < len(s.Points) {
			best := s.Points[s.Best]
			line += fmt.Sprintf(" (%s vs width %d)", formatSignedPercent((c.Time.Mean/best.Time.Mean-1)*100), best.Concurrency)
		}
		if f := c.FailedPerRun(); f > 0 {
			line += ", " + failedPerRun(f, c.FailuresByClass())
		} else {
			line += ", no failures"
		}
		out = append(out, line)
	}
	return out
}

// failedPerRun formats "206 failed per run (429)", with the classes
// largest first.
func failedPerRun(failed float64, classes []ClassCount) string {
	s := formatNumber(failed, 0) + " failed per run"
	if len(classes) > 0 {
		names := make([]string, len(classes))
		for i, cc := range classes {
			names[i] = cc.Class
		}
		s += " (" + strings.Join(names, ", ") + ")"
	}
	return s
}

// failurePlural names the dominant failure class as a plural noun: "429s",
// "timeouts", "5xx".
func failurePlural(classes []ClassCount) string {
	if len(classes) == 0 {
		return "failures"
	}
	switch c := classes[0].Class; c {
	case benchfile.ClassTimeout, benchfile.ClassReset:
		return c + "s"
	case benchfile.ClassOther:
		return "other failures"
	default:
		if _, err := strconv.Atoi(c); err == nil {
			return c + "s"
		}
		return c
	}
}

// formatSeconds formats a time in the unit that keeps it at least 1, with
// three significant digits: "8.10 s", "20.1 s", "630 ms".
func formatSeconds(v float64) string {
	if !finite(v) {
		return na
	}
	s := bestScale(timeScales, []float64{v})
	x := math.Abs(v / s.factor)
	prec := 0
	if x > 0 {
		prec = max(0, 2-int(math.Floor(math.Log10(x))))
	}
	return formatScaled(v, s, prec)
}

// formatPercent formats a percentage with at most one decimal: "5 %", "2.5 %".
func formatPercent(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " %"
}

// formatSignedPercent formats a change with one decimal and its sign:
// "+6.3 %", "-92.2 %".
func formatSignedPercent(v float64) string {
	if !finite(v) {
		return na
	}
	return fmt.Sprintf("%+.1f %%", v)
}
