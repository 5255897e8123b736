package benchfile

import (
	"fmt"
	"strconv"
	"strings"
)

// RecordPartial is a repetition cut short (Ctrl-C, a dead service): its
// whole accounting, in the units of a result line, behind a comment prefix
// so that benchstat, means, charts and the knee leave it out:
//
//	# partial Benchmark<name> rep=<rep> <value> <unit> <value> <unit> …
//
// Its succeeded/op and failed/op still sum to the entries: the entries
// never started are failed-cancelled/op (or failed-service-died/op).
const RecordPartial = "partial"

// PrefixPartial starts a partial record's line.
const PrefixPartial = "# " + RecordPartial + " "

// A Partial is a repetition cut short, as [Read] finds its record: a
// [Result] (its Line, Scenario, Config and Values) that is no result line.
type Partial struct {
	Result
	Rep int // the repetition, from 0
}

// appendPartial appends m's partial record, newline included, to b.
func appendPartial(b []byte, m *Measurement) []byte {
	b = appendRepHead(b, PrefixPartial, m.Name, m.Rep)
	for _, v := range values(m) {
		b = append(b, ' ')
		b = strconv.AppendFloat(b, v.Value, 'g', -1, 64)
		b = append(b, ' ')
		b = append(b, v.Unit...)
	}
	return append(b, '\n')
}

// parsePartial parses the rest of a partial record, after its prefix.
func parsePartial(rest string) (Partial, error) {
	rest = strings.TrimSpace(rest)
	name, rep, fields, err := parseRepHead(RecordPartial, rest)
	if err != nil {
		return Partial{}, err
	}
	if len(fields)%2 != 0 {
		return Partial{}, fmt.Errorf("partial line %q: a value without its unit", short(rest))
	}
	p := Partial{Result: Result{Name: name, Values: make([]Value, 0, len(fields)/2)}, Rep: rep}
	for i := 0; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return Partial{}, fmt.Errorf("partial line %q: bad value %q", short(rest), fields[i])
		}
		p.Values = append(p.Values, Value{Unit: fields[i+1], Value: v})
	}
	if _, ok := p.Value(UnitSec); !ok {
		return Partial{}, fmt.Errorf("partial line %q has no %s", short(rest), UnitSec)
	}
	return p, nil
}
