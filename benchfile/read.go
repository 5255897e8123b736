package benchfile

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"
)

// MaxLineBytes is the longest line benchfmt (and so benchstat) can read:
// it scans with bufio.Scanner's default buffer.
const MaxLineBytes = bufio.MaxScanTokenSize - 1

// A File is a result file as [Read] finds it: its result lines and its
// comment records, each in file order.
type File struct {
	Results []Result
	Skipped []Skipped
	Limits  []LimitTrace
	// Timelines are the timeline records, in file order.
	Timelines []Timeline
	// Latencies are the latency records, in file order.
	Latencies []LatencyDist
	// Partials are the repetitions cut short, in file order: not results.
	Partials []Partial
	// Config is the configuration in force at the end of the file: the
	// last block's header and status, even in a file with no result.
	Config []Config
	// Damaged are the lines Read skipped as damaged, by line: empty for a
	// whole file. Callers print them as warnings (see [Damage]).
	Damaged []Damage
}

// A Result is one result line: one measured repetition.
type Result struct {
	Name     Name
	Line     int      // 1-based line in the file
	Scenario string   // the scenario in force at Line
	Config   []Config // the configuration in force at Line, in file order
	Values   []Value  // in line order, as benchfmt reads them (ns/op becomes sec/op)
}

// A Value is one metric of a result line.
type Value struct {
	Unit  string
	Value float64
}

// GetConfig returns the value of configuration key in force at the
// result, or "" if none, as benchfmt.Result.GetConfig does.
func (r *Result) GetConfig(key string) string { return configValue(r.Config, key) }

// Setting returns the value of configuration key at the end of the file
// (the last block's, status included), or "" if none.
func (f *File) Setting(key string) string { return configValue(f.Config, key) }

// Value returns the first value of unit, and false if r has none.
func (r *Result) Value(unit string) (float64, bool) {
	for _, v := range r.Values {
		if v.Unit == unit {
			return v.Value, true
		}
	}
	return 0, false
}

// Duration returns the value of a unit in seconds (sec/op, p99-sec, …) as
// a Duration rounded to the nanosecond, and false if r has none or it is
// negative, NaN or too large.
func (r *Result) Duration(unit string) (time.Duration, bool) {
	v, ok := r.Value(unit)
	if !ok {
		return 0, false
	}
	return seconds(v)
}

// Count returns the value of a counting unit (succeeded/op,
// failed-<class>/op, B/op, …) as an integer, and false if r has none or it
// is not a whole number that fits an int64.
func (r *Result) Count(unit string) (int64, bool) {
	v, ok := r.Value(unit)
	if !ok || v != math.Trunc(v) || math.Abs(v) >= math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// ReadFile reads the result file at path with [Read].
func ReadFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("benchfile: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a result file in Go benchmark format; name is used in
// messages. It keeps the configuration in force at each line as benchfmt
// does, so every result and record knows its scenario.
//
// It returns an error, naming file:line, for a syntax error, a line longer
// than benchfmt can read, a result without sec/op, a name without
// /strategy=, /concurrency= and /entries= (at least 1), a malformed comment
// record, a cell both measured and skipped in one scenario, a limit record
// for a cell not measured in its scenario, or a second limit record for one
// repetition. A file with no results at all is not an error.
//
// A damaged line is no error: Read skips it, keeps the rest and lists it
// in [File.Damaged]. Damaged are a last line without its newline (whatever
// it holds), and, in a file whose results carry succeeded/op, a result or
// partial record without succeeded/op and failed/op or whose sum is not
// its entries, with the limit, timeline and latency records that follow
// that result.
func Read(r io.Reader, name string) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("benchfile: reading %s: %w", name, err)
	}
	data, cutLine := cutUnterminated(data)
	// benchfmt skips comment lines, so read them from the raw text.
	f, err := scanComments(data, name)
	if err != nil {
		return nil, err
	}
	if cutLine > 0 {
		f.Damaged = append(f.Damaged, Damage{File: name, Line: cutLine, Reason: reasonCut})
	}
	results, err := readResults(data, name)
	if err != nil {
		return nil, err
	}
	measured := map[cellKey]bool{}
	counted := hasUnit(results, UnitSucceeded) || slices.ContainsFunc(f.Partials, func(p Partial) bool {
		_, ok := p.Value(UnitSucceeded)
		return ok
	})
	var after afterDamaged
	for _, res := range results {
		reason := countsDamage(&res, counted)
		after.add(res.Scenario, res.Name, res.Line, reason != "")
		if reason != "" {
			f.Damaged = append(f.Damaged, Damage{File: name, Line: res.Line, Reason: reason})
			continue
		}
		measured[cellKey{res.Scenario, res.Name}] = true
		f.Results = append(f.Results, res)
	}
	f.Partials = slices.DeleteFunc(f.Partials, func(p Partial) bool {
		reason := countsDamage(&p.Result, counted)
		if reason != "" {
			f.Damaged = append(f.Damaged, Damage{File: name, Line: p.Line, Reason: "partial record: " + reason})
		}
		return reason != ""
	})
	f.Limits = dropAfterDamaged(f.Limits, &after, RecordLimit, name, &f.Damaged, func(t *LimitTrace) (string, Name, int) { return t.Scenario, t.Name, t.Line })
	f.Timelines = dropAfterDamaged(f.Timelines, &after, RecordTimeline, name, &f.Damaged, func(t *Timeline) (string, Name, int) { return t.Scenario, t.Name, t.Line })
	f.Latencies = dropAfterDamaged(f.Latencies, &after, RecordLatency, name, &f.Damaged, func(d *LatencyDist) (string, Name, int) { return d.Scenario, d.Name, d.Line })
	slices.SortFunc(f.Damaged, func(a, b Damage) int { return cmp.Compare(a.Line, b.Line) })
	for _, s := range f.Skipped {
		if measured[cellKey{s.Scenario, s.Name}] {
			return nil, lineError(name, s.Line, fmt.Errorf("Benchmark%s: both measured and skipped", s.Name))
		}
	}
	for _, t := range f.Timelines {
		if !measured[cellKey{t.Scenario, t.Name}] {
			return nil, lineError(name, t.Line, fmt.Errorf("timeline line for Benchmark%s in scenario %s, which has no measured result", t.Name, t.Scenario))
		}
	}
	for _, d := range f.Latencies {
		if !measured[cellKey{d.Scenario, d.Name}] {
			return nil, lineError(name, d.Line, fmt.Errorf("latency line for Benchmark%s in scenario %s, which has no measured result", d.Name, d.Scenario))
		}
	}
	reps := map[cellKey]map[int]bool{}
	for _, t := range f.Limits {
		id := cellKey{t.Scenario, t.Name}
		if !measured[id] {
			return nil, lineError(name, t.Line, fmt.Errorf("limit line for Benchmark%s in scenario %s, which has no measured result", t.Name, t.Scenario))
		}
		if reps[id] == nil {
			reps[id] = map[int]bool{}
		}
		if reps[id][t.Rep] {
			return nil, lineError(name, t.Line, fmt.Errorf("second limit line for Benchmark%s rep=%d in scenario %s", t.Name, t.Rep, t.Scenario))
		}
		reps[id][t.Rep] = true
	}
	return f, nil
}

// readResults reads the result lines with benchfmt, checking each has a
// valid name and sec/op.
func readResults(data []byte, name string) ([]Result, error) {
	var out []Result
	br := benchfmt.NewReader(bytes.NewReader(data), name)
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, fmt.Errorf("benchfile: %w", rec)
		case *benchfmt.Result:
			_, line := rec.Pos()
			res := Result{Line: line, Config: make([]Config, 0, len(rec.Config)), Values: make([]Value, 0, len(rec.Values))}
			for _, c := range rec.Config {
				res.Config = append(res.Config, Config{Key: c.Key, Value: string(c.Value)})
			}
			res.Scenario = ScenarioOf(rec.GetConfig(KeyScenario))
			for _, v := range rec.Values {
				res.Values = append(res.Values, Value{Unit: v.Unit, Value: v.Value})
			}
			var err error
			if res.Name, err = ParseName(string(rec.Name)); err != nil {
				return nil, lineError(name, line, err)
			}
			if _, ok := res.Value(UnitSec); !ok {
				return nil, lineError(name, line, fmt.Errorf("%s: result has no %s", rec.Name, UnitSec))
			}
			out = append(out, res)
		}
	}
	if err := br.Err(); err != nil {
		return nil, fmt.Errorf("benchfile: reading %s: %w", name, err)
	}
	return out, nil
}

// lineError prefixes err with the package and file:line.
func lineError(name string, line int, err error) error {
	return fmt.Errorf("benchfile: %s:%d: %w", name, line, err)
}

// scanComments reads the comment records and the scenario and
// configuration in force at each, tracking configuration lines as
// benchfmt does.
func scanComments(data []byte, name string) (*File, error) {
	f := &File{}
	var config []Config
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		raw := sc.Bytes()
		if len(raw) > MaxLineBytes {
			return nil, lineError(name, line, fmt.Errorf("line of %d bytes: benchfmt and benchstat read lines of at most %d", len(raw), MaxLineBytes))
		}
		if key, val, ok := parseConfigLine(raw); ok {
			config = setConfig(config, key, val)
			continue
		}
		// A prefix alone (its trailing space trimmed) is a malformed line.
		text := strings.TrimSpace(string(raw)) + " "
		scenario := ScenarioOf(configValue(config, KeyScenario))
		if rest, ok := strings.CutPrefix(text, PrefixSkipped); ok {
			s, err := parseSkipped(rest)
			if err != nil {
				return nil, lineError(name, line, err)
			}
			s.Line, s.Scenario, s.Config = line, scenario, slices.Clone(config)
			f.Skipped = append(f.Skipped, s)
		} else if rest, ok := strings.CutPrefix(text, PrefixLimit); ok {
			t, err := parseLimit(rest)
			if err != nil {
				return nil, lineError(name, line, err)
			}
			t.Line, t.Scenario = line, scenario
			f.Limits = append(f.Limits, t)
		} else if rest, ok := strings.CutPrefix(text, PrefixTimeline); ok {
			t, err := parseTimeline(rest)
			if err != nil {
				return nil, lineError(name, line, err)
			}
			t.Line, t.Scenario = line, scenario
			f.Timelines = append(f.Timelines, t)
		} else if rest, ok := strings.CutPrefix(text, PrefixPartial); ok {
			p, err := parsePartial(rest)
			if err != nil {
				return nil, lineError(name, line, err)
			}
			p.Line, p.Scenario, p.Config = line, scenario, slices.Clone(config)
			f.Partials = append(f.Partials, p)
		} else if rest, ok := strings.CutPrefix(text, PrefixLatency); ok {
			d, err := parseLatency(rest)
			if err != nil {
				return nil, lineError(name, line, err)
			}
			d.Line, d.Scenario = line, scenario
			f.Latencies = append(f.Latencies, d)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("benchfile: reading %s: %w", name, err)
	}
	f.Config = config
	return f, nil
}

// configValue returns the value of key in config, or "".
func configValue(config []Config, key string) string {
	for _, c := range config {
		if c.Key == key {
			return c.Value
		}
	}
	return ""
}

// setConfig sets or, for an empty value, deletes key, as benchfmt.Reader
// does for a configuration line.
func setConfig(config []Config, key, val string) []Config {
	i := slices.IndexFunc(config, func(c Config) bool { return c.Key == key })
	switch {
	case val == "" && i >= 0:
		return slices.Delete(config, i, i+1)
	case val == "":
		return config
	case i >= 0:
		config[i].Value = val
		return config
	}
	return append(config, Config{Key: key, Value: val})
}

// parseConfigLine reports whether line is a `key: value` configuration line
// by the rules of golang.org/x/perf/benchfmt (its parseKeyValueLine): the
// key starts with a lower-case letter and holds no space or upper-case
// letter; the value, which may be empty, follows the colon after one or
// more spaces or tabs.
func parseConfigLine(line []byte) (key, val string, ok bool) {
	var k, v []byte
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		if i == 0 && !unicode.IsLower(r) {
			return "", "", false
		}
		if unicode.IsSpace(r) || unicode.IsUpper(r) {
			return "", "", false
		}
		if i > 0 && r == ':' {
			k, v = line[:i], line[i+1:]
			break
		}
		i += n
	}
	if len(k) == 0 {
		return "", "", false
	}
	if len(v) == 0 {
		return string(k), "", true
	}
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
		ok = true
	}
	return string(k), string(v), ok
}
