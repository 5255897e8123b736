package benchfile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Comment records are lines benchmark readers skip as comments:
//
//	# <kind> Benchmark<name> <field> <field> …
//
// with single spaces. Each kind has a Record and a Prefix constant, an
// append function for the writer, a parse function for [Read] and a slice
// in [File]; scanComments dispatches on the prefix. Adding a record means
// adding those and one case there, in this package only.
const (
	// RecordSkipped follows the results of a block, one per cell the
	// harness predicted would overrun its budget:
	//
	//	# skipped Benchmark<name> predicted-sec=<seconds>
	RecordSkipped = "skipped"

	// RecordLimit follows the result line of a repetition of a strategy
	// whose limit adapts:
	//
	//	# limit Benchmark<name> rep=<rep> <sec>:<limit> <sec>:<limit> …
	//
	// times in seconds since the repetition started (3 decimals,
	// non-decreasing), whole-number limits.
	RecordLimit = "limit"
)

// Fields of the comment records.
const (
	fieldPredicted = "predicted-sec="
	fieldRep       = "rep="
)

// The start of each comment record's line.
const (
	PrefixSkipped = "# " + RecordSkipped + " "
	PrefixLimit   = "# " + RecordLimit + " "
)

// Skipped is a cell that was not measured: the harness predicted it would
// overrun its budget.
type Skipped struct {
	Name      Name
	Predicted time.Duration // the predicted time of one repetition

	// Set by Read, ignored by Encode.
	Line     int      // 1-based line in the file
	Scenario string   // the scenario in force at Line
	Config   []Config // the configuration in force at Line, in file order
}

// A LimitPoint is the limit in force from At (since the repetition
// started) until the next point's At, or the end of the repetition.
type LimitPoint struct {
	At    time.Duration
	Limit int
}

// A LimitTrace is how an adaptive strategy's limit moved during one
// repetition of a cell.
type LimitTrace struct {
	Name   Name
	Rep    int          // the repetition, from 0
	Points []LimitPoint // At non-decreasing

	// Set by Read.
	Line     int    // 1-based line in the file
	Scenario string // the scenario in force at Line
}

// appendSkipped appends s's record, newline included, to b.
func appendSkipped(b []byte, s *Skipped) []byte {
	b = append(b, PrefixSkipped...)
	b = append(b, namePrefix...)
	b = append(b, s.Name.String()...)
	b = append(b, ' ')
	b = append(b, fieldPredicted...)
	b = fmt.Appendf(b, "%g", s.Predicted.Seconds())
	return append(b, '\n')
}

// appendRepHead appends the start every per-repetition record shares,
// `<prefix>Benchmark<name> rep=<rep>`, to b.
func appendRepHead(b []byte, prefix string, name Name, rep int) []byte {
	b = append(b, prefix...)
	b = append(b, namePrefix...)
	b = append(b, name.String()...)
	b = append(b, ' ')
	b = append(b, fieldRep...)
	return strconv.AppendInt(b, int64(rep), 10)
}

// parseRepHead parses the start of a per-repetition record of kind: its
// name and rep, and the fields that follow them.
func parseRepHead(kind, rest string) (name Name, rep int, points []string, err error) {
	fields := strings.Fields(rest)
	if len(fields) < 2 || !strings.HasPrefix(fields[0], namePrefix) {
		return Name{}, 0, nil, fmt.Errorf("malformed %s line %q", kind, short(rest))
	}
	repText, ok := strings.CutPrefix(fields[1], fieldRep)
	if !ok {
		return Name{}, 0, nil, fmt.Errorf("%s line %q has no %s", kind, short(rest), fieldRep)
	}
	if rep, err = strconv.Atoi(repText); err != nil || rep < 0 {
		return Name{}, 0, nil, fmt.Errorf("%s line %q: bad rep %q", kind, short(rest), repText)
	}
	if name, err = recordName(fields[0]); err != nil {
		return Name{}, 0, nil, err
	}
	return name, rep, fields[2:], nil
}

// appendLimit appends the limit record of repetition rep of name, newline
// included, to b.
func appendLimit(b []byte, name Name, rep int, points []LimitPoint) []byte {
	b = appendRepHead(b, PrefixLimit, name, rep)
	for _, p := range points {
		b = append(b, ' ')
		b = strconv.AppendFloat(b, p.At.Seconds(), 'f', 3, 64)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.Limit), 10)
	}
	return append(b, '\n')
}

// recordName parses the Benchmark<name> field of a record.
func recordName(field string) (Name, error) {
	s, ok := strings.CutPrefix(field, namePrefix)
	if !ok {
		return Name{}, fmt.Errorf("%q is not a benchmark name", short(field))
	}
	return ParseName(s)
}

// parseSkipped parses the rest of a skipped record, after its prefix.
func parseSkipped(rest string) (Skipped, error) {
	rest = strings.TrimSpace(rest)
	fields := strings.Fields(rest)
	if len(fields) != 2 || !strings.HasPrefix(fields[0], namePrefix) {
		return Skipped{}, fmt.Errorf("malformed skipped line %q", short(rest))
	}
	val, ok := strings.CutPrefix(fields[1], fieldPredicted)
	if !ok {
		return Skipped{}, fmt.Errorf("skipped line %q has no %s", short(rest), fieldPredicted)
	}
	pred, ok := parseSeconds(val)
	if !ok {
		return Skipped{}, fmt.Errorf("skipped line %q: bad predicted-sec %q", short(rest), val)
	}
	name, err := recordName(fields[0])
	if err != nil {
		return Skipped{}, err
	}
	return Skipped{Name: name, Predicted: pred}, nil
}

// parseLimit parses the rest of a limit record, after its prefix.
func parseLimit(rest string) (LimitTrace, error) {
	rest = strings.TrimSpace(rest)
	name, rep, fields, err := parseRepHead(RecordLimit, rest)
	if err != nil {
		return LimitTrace{}, err
	}
	trace := LimitTrace{Name: name, Rep: rep, Points: make([]LimitPoint, 0, len(fields))}
	for _, f := range fields {
		secText, limitText, ok := strings.Cut(f, ":")
		if !ok {
			return LimitTrace{}, fmt.Errorf("limit line %q: point %q is not <sec>:<limit>", short(rest), f)
		}
		at, ok := parseSeconds(secText)
		if !ok {
			return LimitTrace{}, fmt.Errorf("limit line %q: bad time in point %q", short(rest), f)
		}
		limit, err := strconv.Atoi(limitText)
		if err != nil || limit < 0 {
			return LimitTrace{}, fmt.Errorf("limit line %q: bad limit in point %q", short(rest), f)
		}
		if n := len(trace.Points); n > 0 && at < trace.Points[n-1].At {
			return LimitTrace{}, fmt.Errorf("limit line %q: time goes back at point %q", short(rest), f)
		}
		trace.Points = append(trace.Points, LimitPoint{At: at, Limit: limit})
	}
	return trace, nil
}

// parseSeconds reads a non-negative, finite number of seconds that fits a
// time.Duration, rounded to the nanosecond.
func parseSeconds(s string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return seconds(f)
}

// seconds converts f seconds to a Duration, rounded to the nanosecond;
// false for NaN, a negative f, or one too large for a Duration.
func seconds(f float64) (time.Duration, bool) {
	ns := f * float64(time.Second)
	if math.IsNaN(ns) || ns < 0 || ns >= float64(math.MaxInt64) {
		return 0, false
	}
	return time.Duration(math.Round(ns)), true
}

// short cuts a long line for an error message.
func short(s string) string {
	const n = 120
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
