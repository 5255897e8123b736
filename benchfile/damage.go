package benchfile

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
)

// A Damage is a line [Read] skipped because it cannot be a whole record: a
// last line without its newline (the file was cut while it was written or
// copied), or a result whose counts do not add up to its entries. Read
// keeps the rest of the file; callers print each Damage as a warning.
type Damage struct {
	File   string // the name given to Read
	Line   int    // 1-based line in the file
	Reason string // what is wrong with it, e.g. "last line has no newline (cut short?)"
}

// String returns the warning for d: "bench.txt:57: <reason>: skipped".
func (d Damage) String() string {
	return fmt.Sprintf("%s:%d: %s: skipped", d.File, d.Line, d.Reason)
}

// reasonCut is the Reason of a last line without a newline.
const reasonCut = "last line has no newline (cut short?)"

// cutUnterminated returns data without a last line that has no newline,
// and that line's number (0 when there is none or it is blank). The writer
// ends every line, the header's included, with a newline, so such a line
// was cut short: read whole, a result cut after succeeded/op would pass for
// a run with no failure, and a record cut mid-field would fail the file.
func cutUnterminated(data []byte) ([]byte, int) {
	if len(data) == 0 || data[len(data)-1] == '\n' {
		return data, 0
	}
	start := bytes.LastIndexByte(data, '\n') + 1
	if len(bytes.TrimSpace(data[start:])) == 0 {
		return data, 0
	}
	return data[:start], bytes.Count(data[:start], []byte{'\n'}) + 1
}

// countsDamage returns why r's accounting is damaged, or "" if it is whole.
// counted says the file's results carry succeeded/op, as the harness has
// written on every result line since its first version: then every result
// must carry succeeded/op and failed/op, whole and not negative, and their
// sum must be its entries (every entry ends exactly once). That catches a
// line cut short and then ended by a later append (cut after B/op it has
// neither). A file without succeeded/op anywhere (another tool's, or one
// written by hand) is taken as it is.
func countsDamage(r *Result, counted bool) string {
	if !counted {
		return ""
	}
	succeeded, okS := r.Value(UnitSucceeded)
	failed, okF := r.Value(UnitFailed)
	switch {
	case !okS && !okF:
		return fmt.Sprintf("result has no %s or %s, which the file's other results have (cut short?)", UnitSucceeded, UnitFailed)
	case !okS:
		return fmt.Sprintf("result has %s but no %s (cut short?)", UnitFailed, UnitSucceeded)
	case !okF:
		return fmt.Sprintf("result has %s but no %s (cut short?)", UnitSucceeded, UnitFailed)
	}
	s, okS := r.Count(UnitSucceeded)
	f, okF := r.Count(UnitFailed)
	if !okS || !okF || s < 0 || f < 0 {
		return fmt.Sprintf("succeeded %g and failed %g are not counts", succeeded, failed)
	}
	if s+f != int64(r.Name.Entries) {
		return fmt.Sprintf("succeeded %d + failed %d ≠ entries %d", s, f, r.Name.Entries)
	}
	return ""
}

// hasUnit reports whether any of results carries unit.
func hasUnit(results []Result, unit string) bool {
	return slices.ContainsFunc(results, func(r Result) bool {
		_, ok := r.Value(unit)
		return ok
	})
}

// afterDamaged tells whether a record belongs to a result Read skipped:
// limit, timeline and latency records follow their result line, so a
// record whose cell's nearest result line above it was skipped is that
// repetition's, and goes with it.
type afterDamaged struct {
	lines map[cellKey][]resultLine // per cell, in line order
}

type cellKey struct {
	scenario string
	name     Name
}

type resultLine struct {
	line    int
	damaged bool
}

func (a *afterDamaged) add(scenario string, name Name, line int, damaged bool) {
	if a.lines == nil {
		a.lines = map[cellKey][]resultLine{}
	}
	k := cellKey{scenario, name}
	a.lines[k] = append(a.lines[k], resultLine{line, damaged})
}

// of returns the line of the skipped result that the record at line of
// (scenario, name) belongs to, or 0: the cell's result line nearest above
// it or, for a record above all of them (a limit record may come first),
// the one below it.
func (a *afterDamaged) of(scenario string, name Name, line int) int {
	lines := a.lines[cellKey{scenario, name}]
	if len(lines) == 0 {
		return 0
	}
	i, _ := slices.BinarySearchFunc(lines, line, func(r resultLine, l int) int { return cmp.Compare(r.line, l) })
	if i > 0 {
		i--
	}
	if !lines[i].damaged {
		return 0
	}
	return lines[i].line
}

// dropAfterDamaged removes from records those that belong to a skipped
// result, adding a Damage for each.
func dropAfterDamaged[T any](records []T, a *afterDamaged, kind, name string, damage *[]Damage, key func(*T) (string, Name, int)) []T {
	return slices.DeleteFunc(records, func(r T) bool {
		scenario, n, line := key(&r)
		res := a.of(scenario, n, line)
		if res == 0 {
			return false
		}
		*damage = append(*damage, Damage{File: name, Line: line, Reason: fmt.Sprintf("%s record of the result at line %d", kind, res)})
		return true
	})
}
