package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"batchlab/benchfile"
)

// A Partial is a repetition cut short (Ctrl-C, a dead service), from its
// `# partial` record: its accounting is whole, but its time is no
// measurement, so it is in no mean, chart or knee; tables and pages name it.
type Partial struct {
	Scenario    string
	Strategy    string
	Concurrency int
	Entries     int
	Rep         int     // the repetition, from 0
	Sec         float64 // how long it ran before it was cut
	Succeeded   int
	Failures    []ClassCount // by class, largest first
}

// partialOf converts a record.
func partialOf(p *benchfile.Partial) Partial {
	out := Partial{Scenario: p.Scenario, Strategy: p.Name.Strategy, Concurrency: p.Name.Concurrency, Entries: p.Name.Entries, Rep: p.Rep}
	out.Sec, _ = p.Value(benchfile.UnitSec)
	if n, ok := p.Count(benchfile.UnitSucceeded); ok {
		out.Succeeded = int(n)
	}
	for _, v := range p.Values {
		if class, ok := benchfile.ClassOfUnit(v.Unit); ok && v.Value > 0 {
			out.Failures = append(out.Failures, ClassCount{Class: class, Count: v.Value})
		}
	}
	slices.SortFunc(out.Failures, func(a, b ClassCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Class, b.Class))
	})
	return out
}

// String describes p in a sentence's words:
// "workerpool(250) at 20,000 entries, run 3: cut at 0.685 s, 12,000 succeeded, 8,000 cancelled".
func (p Partial) String() string {
	s := fmt.Sprintf("%s(%d) at %s entries, run %d: cut at %s s, %s succeeded", p.Strategy, p.Concurrency,
		formatNumber(float64(p.Entries), 0), p.Rep+1, formatNumber(p.Sec, 3), formatNumber(float64(p.Succeeded), 0))
	for _, f := range p.Failures {
		s += ", " + formatNumber(f.Count, 0) + " " + f.Class
	}
	return s
}

// CutShort reports whether one of c's repetitions in run was cut short:
// its other repetitions are measurements, but a sweep takes no knee or
// recommendation from an interrupted width.
func (c Cell) CutShort(run *Run) bool {
	for _, p := range run.Partials {
		if p.Scenario == c.Scenario && p.Strategy == c.Strategy && p.Concurrency == c.Concurrency && p.Entries == c.Entries {
			return true
		}
	}
	return false
}

// partialNote is the table note naming a block's partial repetitions.
func partialNote(ps []Partial) string {
	words := make([]string, len(ps))
	for i, p := range ps {
		words[i] = p.String()
	}
	return "Cut short and left out of every figure above (the run was interrupted or its service died): " + strings.Join(words, "; ") + "."
}

// nothingMeasured is Load's error for a file with no result line: what
// the file says of how its run ended.
func nothingMeasured(name string, f *benchfile.File) error {
	status := f.Setting(benchfile.KeyStatus)
	if status == "" {
		return fmt.Errorf("%s: no benchmark results%s", name, damagedClause(f.Damaged))
	}
	s := fmt.Sprintf("%s: nothing measured: the run's status is %s", name, status)
	if n := len(f.Partials); n == 1 {
		s += ", and its one repetition cut short is no measurement"
	} else if n > 1 {
		s += fmt.Sprintf(", and its %d repetitions cut short are no measurements", n)
	} else if status != benchfile.StatusComplete {
		s += " before its first repetition finished"
	}
	return fmt.Errorf("%s%s", s, damagedClause(f.Damaged))
}

// damagedClause names the lines skipped as damaged, for an error that
// would otherwise hide why a file has nothing to show: "; skipped as
// damaged: bench.txt:3: …".
func damagedClause(damaged []benchfile.Damage) string {
	if len(damaged) == 0 {
		return ""
	}
	parts := make([]string, len(damaged))
	for i, d := range damaged {
		parts[i] = fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Reason)
	}
	return "; skipped as damaged: " + strings.Join(parts, "; ")
}
