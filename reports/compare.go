package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"batchlab/benchfile"
)

// CompareConfidence is the confidence level of the ranges Compare reports,
// benchstat's default.
const CompareConfidence = 0.95

// ErrNoCommonCells is returned (wrapped) by Compare when no cell is
// measured in both runs, so there is nothing to compare.
var ErrNoCommonCells = errors.New("no common cells")

// CompareMetrics returns the metrics Compare compares, in order, as a new
// slice. For B/entry, Compare falls back to B/op when some common cell
// lacks B/entry in either run (result files from older commits).
func CompareMetrics() []string {
	return []string{benchfile.UnitSec, benchfile.UnitBytesEntry, benchfile.UnitP99, benchfile.UnitFailed}
}

// compareFallback maps a metric to the unit used when it is missing.
var compareFallback = map[string]string{benchfile.UnitBytesEntry: benchfile.UnitBytes}

// compareIgnoredSettings differ between any two runs and are not reported as
// differences.
var compareIgnoredSettings = []string{benchfile.KeyStarted, benchfile.KeyTarget, benchfile.KeyCommit}

// CellKey names a cell independently of a run: cells of two runs are matched
// by scenario, strategy, concurrency and entries (see [Compare]).
type CellKey struct {
	Scenario    string
	Strategy    string
	Concurrency int
	Entries     int
}

// Key returns the cell's key.
func (c Cell) Key() CellKey {
	return CellKey{Scenario: c.Scenario, Strategy: c.Strategy, Concurrency: c.Concurrency, Entries: c.Entries}
}

// String formats k as "<scenario>: <strategy>(<concurrency>)/entries=<n>".
func (k CellKey) String() string {
	return k.Scenario + ": " + k.label()
}

// label formats k without its scenario.
func (k CellKey) label() string {
	return fmt.Sprintf("%s(%d)/entries=%d", k.Strategy, k.Concurrency, k.Entries)
}

// SkippedCell is a cell present in both runs but skipped (predicted, not
// measured) in at least one, so it is not compared.
type SkippedCell struct {
	CellKey
	InOld, InNew bool // skipped in the old / new run
}

// SettingDiff is a configuration key whose value differs between the runs.
type SettingDiff struct {
	Key, Old, New string // Old or New is "" when the key is absent
}

// Comparison is the result of Compare: one table per metric, plus the cells
// that could not be compared.
type Comparison struct {
	Old, New *Run

	// Metrics holds one table per metric of CompareMetrics that at least
	// one common cell reports in both runs, in CompareMetrics order.
	Metrics []MetricComparison

	OnlyOld []CellKey     // cells only in the old run
	OnlyNew []CellKey     // cells only in the new run
	Skipped []SkippedCell // cells in both runs but skipped in one or both

	// SettingDiffs lists settings that differ between the runs (except
	// started, target and commit), in the old run's order.
	SettingDiffs []SettingDiff
}

// MetricComparison compares one metric over the cells measured in both runs.
type MetricComparison struct {
	Unit string // e.g. "sec/op"; "B/op" when B/entry fell back
	Rows []CellComparison
}

// CellComparison is one cell's comparison for one metric, computed as
// benchstat does: median and its 95 % confidence interval
// (benchmath.AssumeNothing.Summary), Mann-Whitney U test p-value
// (benchmath.AssumeNothing.Compare) against alpha 0.05.
type CellComparison struct {
	CellKey
	Method string // Cell.Method of the old run; "old→new" if the concurrency changed

	OldSample, NewSample *benchmath.Sample // sorted copies of the cell's values
	Old, New             benchmath.Summary
	Test                 benchmath.Comparison
}

// Significant reports whether the test rejects the hypothesis that the two
// samples come from the same distribution (P ≤ alpha, as benchstat).
func (c CellComparison) Significant() bool {
	return !(c.Test.P > c.Test.Alpha)
}

// DeltaPct returns (new median ÷ old median − 1) × 100, or NaN when the old
// median is zero and the new one is not. It does not consider significance.
func (c CellComparison) DeltaPct() float64 {
	if c.Old.Center == c.New.Center {
		return 0
	}
	if c.Old.Center == 0 {
		return math.NaN()
	}
	return (c.New.Center/c.Old.Center - 1) * 100
}

// Delta formats the change as benchstat does: "~" when not significant,
// otherwise a signed percentage ("+12.34%"), "0.00%", or "?" from zero.
func (c CellComparison) Delta() string {
	return c.Test.FormatDelta(c.Old.Center, c.New.Center)
}

// Warnings returns the sample, summary and test warnings, deduplicated.
func (c CellComparison) Warnings() []string {
	var out []string
	for _, ws := range [][]error{c.OldSample.Warnings, c.NewSample.Warnings, c.Old.Warnings, c.New.Warnings, c.Test.Warnings} {
		for _, w := range ws {
			if s := w.Error(); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Compare compares every cell measured in both runs on CompareMetrics.
//
// Cells are matched by (scenario, strategy, concurrency, entries), so two
// runs of a concurrency sweep compare width by width. Two exceptions keep
// ordinary comparisons working: when each run has a single scenario and
// they differ, cells are matched across the two scenarios (the scenario
// then shows among SettingDiffs); and a strategy measured at one width per
// size in both runs is matched even when the width changed, with a Method
// of "old→new". Cells in only one run are listed in OnlyOld / OnlyNew,
// cells skipped in either run in Skipped. It returns an error wrapping
// ErrNoCommonCells when no cell is measured in both runs.
func Compare(old, new *Run) (*Comparison, error) {
	if old == nil || new == nil {
		return nil, errors.New("compare: nil run")
	}
	c := &Comparison{Old: old, New: new, SettingDiffs: settingDiffs(old, new)}

	// The scenario an old cell is looked for under in the new run.
	mapScenario := func(s string) string { return s }
	if oldSc, newSc := old.Scenarios(), new.Scenarios(); len(oldSc) == 1 && len(newSc) == 1 && oldSc[0] != newSc[0] {
		mapScenario = func(string) string { return newSc[0] }
	}
	type group struct {
		scenario, strategy string
		entries            int
	}
	newByKey := make(map[CellKey]int, len(new.Cells))
	newByGroup := make(map[group][]int)
	for i, nc := range new.Cells {
		newByKey[nc.Key()] = i
		g := group{nc.Scenario, nc.Strategy, nc.Entries}
		newByGroup[g] = append(newByGroup[g], i)
	}
	oldByGroup := make(map[group][]int)
	for i, oc := range old.Cells {
		g := group{mapScenario(oc.Scenario), oc.Strategy, oc.Entries}
		oldByGroup[g] = append(oldByGroup[g], i)
	}

	// match[i] is the new cell matched with old cell i, or -1.
	match := make([]int, len(old.Cells))
	newMatched := make([]bool, len(new.Cells))
	for i, oc := range old.Cells {
		k := oc.Key()
		k.Scenario = mapScenario(k.Scenario)
		match[i] = -1
		if j, ok := newByKey[k]; ok {
			match[i], newMatched[j] = j, true
		}
	}
	// A strategy at one width per size on each side: the width changed.
	for i, oc := range old.Cells {
		g := group{mapScenario(oc.Scenario), oc.Strategy, oc.Entries}
		if match[i] >= 0 || len(oldByGroup[g]) != 1 || len(newByGroup[g]) != 1 {
			continue
		}
		if j := newByGroup[g][0]; !newMatched[j] {
			match[i], newMatched[j] = j, true
		}
	}

	type pair struct{ old, new *Cell }
	var pairs []pair
	for i := range old.Cells {
		oc := &old.Cells[i]
		if match[i] < 0 {
			c.OnlyOld = append(c.OnlyOld, oc.Key())
			continue
		}
		nc := &new.Cells[match[i]]
		if oc.Skipped || nc.Skipped {
			c.Skipped = append(c.Skipped, SkippedCell{CellKey: oc.Key(), InOld: oc.Skipped, InNew: nc.Skipped})
			continue
		}
		pairs = append(pairs, pair{oc, nc})
	}
	for j, nc := range new.Cells {
		if !newMatched[j] {
			c.OnlyNew = append(c.OnlyNew, nc.Key())
		}
	}
	if len(pairs) == 0 {
		return nil, fmt.Errorf("compare %s with %s: %w: %d cells only in old, %d only in new, %d skipped in one or both",
			old.Name, new.Name, ErrNoCommonCells, len(c.OnlyOld), len(c.OnlyNew), len(c.Skipped))
	}

	for _, metric := range CompareMetrics() {
		unit := metric
		if fb, ok := compareFallback[metric]; ok {
			for _, p := range pairs {
				if len(p.old.Samples[metric]) == 0 || len(p.new.Samples[metric]) == 0 {
					unit = fb
					break
				}
			}
		}
		m := MetricComparison{Unit: unit}
		for _, p := range pairs {
			ov, nv := p.old.Samples[unit], p.new.Samples[unit]
			if len(ov) == 0 || len(nv) == 0 {
				continue
			}
			// NewSample sorts its argument: give it copies.
			os := benchmath.NewSample(slices.Clone(ov), &benchmath.DefaultThresholds)
			ns := benchmath.NewSample(slices.Clone(nv), &benchmath.DefaultThresholds)
			method := p.old.Method()
			if p.new.Concurrency != p.old.Concurrency {
				method += "→" + p.new.Method()
			}
			m.Rows = append(m.Rows, CellComparison{
				CellKey:   p.old.Key(),
				Method:    method,
				OldSample: os,
				NewSample: ns,
				Old:       benchmath.AssumeNothing.Summary(os, CompareConfidence),
				New:       benchmath.AssumeNothing.Summary(ns, CompareConfidence),
				Test:      benchmath.AssumeNothing.Compare(os, ns),
			})
		}
		if len(m.Rows) > 0 {
			c.Metrics = append(c.Metrics, m)
		}
	}
	return c, nil
}

// settingDiffs lists the settings whose values differ, old keys first.
func settingDiffs(old, new *Run) []SettingDiff {
	var out []SettingDiff
	seen := map[string]bool{}
	add := func(key string) {
		if seen[key] || slices.Contains(compareIgnoredSettings, key) {
			return
		}
		seen[key] = true
		if o, n := old.Setting(key), new.Setting(key); o != n {
			out = append(out, SettingDiff{Key: key, Old: o, New: n})
		}
	}
	for _, s := range old.Settings {
		add(s.Key)
	}
	for _, s := range new.Settings {
		add(s.Key)
	}
	return out
}

// compareLabel names a run in the header: its name and commit.
func compareLabel(r *Run) string {
	if commit := r.Setting(benchfile.KeyCommit); commit != "" {
		return fmt.Sprintf("%s (commit %s)", r.Name, commit)
	}
	return r.Name
}

// WriteComparison writes c as plain text: a header naming the two runs, the
// settings that differ, one aligned table per metric in benchstat's notation
// (median ± 95 % CI as a percentage, delta or "~", p-value and sample
// sizes), the cells that were not compared, and the statistical warnings.
// When either run has more than one scenario, each row starts with its
// scenario. It returns the first write error.
func WriteComparison(w io.Writer, c *Comparison) error {
	ew := &errWriter{w: w}
	multi := len(c.Old.Scenarios()) > 1 || len(c.New.Scenarios()) > 1
	label := func(k CellKey) string {
		if multi {
			return k.String()
		}
		return k.label()
	}
	ew.printf("old: %s\n", compareLabel(c.Old))
	ew.printf("new: %s\n", compareLabel(c.New))
	if len(c.SettingDiffs) > 0 {
		parts := make([]string, len(c.SettingDiffs))
		for i, d := range c.SettingDiffs {
			parts[i] = fmt.Sprintf("%s %s → %s", d.Key, cmpOrNone(d.Old), cmpOrNone(d.New))
		}
		ew.printf("settings that differ: %s\n", strings.Join(parts, ", "))
	}
	ew.printf("medians ± %g %% confidence interval; delta with Mann-Whitney U p-value, \"~\" when p > %g (as benchstat)\n",
		CompareConfidence*100, benchmath.DefaultThresholds.CompareAlpha)

	var warnings []string
	for _, m := range c.Metrics {
		ew.printf("\n")
		var buf bytes.Buffer
		tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
		if multi {
			fmt.Fprintf(tw, "scenario\t")
		}
		fmt.Fprintf(tw, "%s\tentries\told\t\tnew\t\tdelta\t\n", m.Unit)
		cls := benchunit.ClassOf(m.Unit)
		for _, r := range m.Rows {
			sc := benchunit.CommonScale([]float64{r.Old.Center, r.New.Center}, cls)
			note := ""
			for _, wn := range r.Warnings() {
				i := slices.Index(warnings, wn)
				if i < 0 {
					warnings = append(warnings, wn)
					i = len(warnings) - 1
				}
				note += "[" + strconv.Itoa(i+1) + "]"
			}
			if multi {
				fmt.Fprintf(tw, "%s\t", r.Scenario)
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t± %s\t%s\t± %s\t%s\t(%s)%s\t\n", r.Method, r.Entries,
				sc.Format(r.Old.Center), r.Old.PctRangeString(),
				sc.Format(r.New.Center), r.New.PctRangeString(),
				r.Delta(), r.Test.String(), cmpPadNote(note))
		}
		tw.Flush() // writes to buf cannot fail
		// Each line ends with a cell terminator; drop its padding.
		for _, line := range strings.SplitAfter(buf.String(), "\n") {
			if line != "" {
				ew.printf("%s\n", strings.TrimRight(line, " \n"))
			}
		}
	}

	if len(c.Skipped) > 0 {
		ew.printf("\nnot compared (skipped, predicted only):\n")
		for _, s := range c.Skipped {
			where := "in old"
			switch {
			case s.InOld && s.InNew:
				where = "in both"
			case s.InNew:
				where = "in new"
			}
			ew.printf("  %s: skipped %s\n", label(s.CellKey), where)
		}
	}
	for _, only := range []struct {
		label string
		keys  []CellKey
	}{{"only in old", c.OnlyOld}, {"only in new", c.OnlyNew}} {
		if len(only.keys) == 0 {
			continue
		}
		ew.printf("\n%s:\n", only.label)
		for _, k := range only.keys {
			ew.printf("  %s\n", label(k))
		}
	}
	if len(warnings) > 0 {
		ew.printf("\nwarnings:\n")
		for i, wn := range warnings {
			ew.printf("  [%d] %s\n", i+1, wn)
		}
	}
	return ew.err
}

func cmpPadNote(note string) string {
	if note == "" {
		return ""
	}
	return " " + note
}

func cmpOrNone(s string) string {
	if s == "" {
		return none
	}
	return s
}
