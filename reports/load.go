package reports

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// Units read from each result. Missing optional units give NaN figures.
const (
	unitSec    = "sec/op"
	unitBytes  = "B/op"
	unitGC     = "gc-cycles/op"
	unitIdeal  = "ideal-sec/op"
	unitP99    = "p99-sec"
	unitFailed = "failed/op"
)

// skippedPrefix starts the comment line the harness writes for a cell it
// predicted would overrun its budget. benchfmt ignores these lines.
const skippedPrefix = "# skipped "

// Setting is one `key: value` configuration line of a result file.
type Setting struct {
	Key, Value string
}

// Run is one result file, grouped into cells by (strategy, entries).
type Run struct {
	Name     string    // the name given to Load, for messages
	Settings []Setting // configuration of the first result, in file order
	Cells    []Cell    // strategies in order of first appearance, entries ascending
}

// Setting returns the value of the configuration key, or "" if absent.
func (r *Run) Setting(key string) string {
	for _, s := range r.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// Cell is one (strategy, entries) pair: the runs measured for it, or the
// prediction the harness recorded when it skipped it.
type Cell struct {
	Strategy    string
	Concurrency int
	Entries     int

	// Skipped cells were not measured; PredictedSec is the harness's
	// predicted sec/op. The other figures are zero.
	Skipped      bool
	PredictedSec float64

	Time            Stats   // sec/op
	GCsPer1000Ops   float64 // mean gc-cycles/op × 1000
	AllocBytesPerOp float64 // mean B/op
	IdealSec        float64 // mean ideal-sec/op
	P99Sec          float64 // mean p99-sec (entry latency)
	FailedTotal     float64 // failed/op summed over all runs

	// Samples holds every metric of the cell's runs: unit (as benchfmt
	// reads it, e.g. "sec/op", "B/entry", "p50-sec") → one value per run
	// that reported it, in file order. Nil for skipped cells.
	Samples map[string][]float64

	secs, bytes, gcs, ideals, p99s, failed []float64
}

// Method returns the BenchmarkDotNet Method label, e.g. "batches(250)".
func (c Cell) Method() string {
	return fmt.Sprintf("%s(%d)", c.Strategy, c.Concurrency)
}

// A ClassCount is how many entries failed with one failure class, summed
// over a cell's runs.
type ClassCount struct {
	Class string // as in the unit failed-<class>/op: "5xx", "timeout", "service-died", …
	Count float64
}

// FailuresByClass returns the cell's failures by class, summed over its
// runs, largest first (ties by class name), from its failed-<class>/op
// metrics. It is empty for a cell without failures.
func (c Cell) FailuresByClass() []ClassCount {
	var out []ClassCount
	for unit, vals := range c.Samples {
		class, ok := strings.CutPrefix(unit, "failed-")
		if !ok {
			continue
		}
		class, ok = strings.CutSuffix(class, "/op")
		if !ok {
			continue
		}
		var sum float64
		for _, v := range vals {
			sum += v
		}
		if sum > 0 {
			out = append(out, ClassCount{Class: class, Count: sum})
		}
	}
	slices.SortFunc(out, func(a, b ClassCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Class, b.Class)
	})
	return out
}

// RatioToIdeal returns mean sec/op ÷ ideal sec/op, or NaN without an ideal.
func (c Cell) RatioToIdeal() float64 {
	if c.IdealSec == 0 || math.IsNaN(c.IdealSec) {
		return math.NaN()
	}
	return c.Time.Mean / c.IdealSec
}

// LoadFile reads the result file at path.
func LoadFile(path string) (*Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Load(f, path)
}

// Load reads a result file in Go benchmark format. name is used in messages.
// It returns an error for a syntax error, a result without sec/op or without
// /strategy, /concurrency and /entries name keys, a malformed skipped line, or
// a file with no results at all.
func Load(r io.Reader, name string) (*Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	l, err := newLoader()
	if err != nil {
		return nil, err
	}
	run := &Run{Name: name}

	// benchfmt ignores the "# skipped" comment lines, so read them from the
	// raw text first and add each one where it appears among the results,
	// which keeps strategies in the order they first appear in the file.
	skipped, err := skippedLines(data, name)
	if err != nil {
		return nil, err
	}
	addSkippedBefore := func(line int) error {
		for len(skipped) > 0 && skipped[0].line < line {
			s := skipped[0]
			skipped = skipped[1:]
			if err := l.addSkipped(s.text); err != nil {
				return fmt.Errorf("%s:%d: %w", name, s.line, err)
			}
		}
		return nil
	}

	br := benchfmt.NewReader(bytes.NewReader(data), name)
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			if run.Settings == nil {
				for _, c := range rec.Config {
					run.Settings = append(run.Settings, Setting{Key: c.Key, Value: string(c.Value)})
				}
			}
			_, line := rec.Pos()
			if err := addSkippedBefore(line); err != nil {
				return nil, err
			}
			if err := l.addResult(rec); err != nil {
				return nil, err
			}
		}
	}
	if err := br.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if err := addSkippedBefore(math.MaxInt); err != nil {
		return nil, err
	}

	if len(l.keys) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", name)
	}
	run.Cells = l.cells()
	return run, nil
}

// skippedLine is the text after "# skipped " on a 1-based line.
type skippedLine struct {
	line int
	text string
}

func skippedLines(data []byte, name string) ([]skippedLine, error) {
	var out []skippedLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), skippedPrefix); ok {
			out = append(out, skippedLine{line: line, text: rest})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
}

// loader groups results by the projection /strategy,/entries@num.
type loader struct {
	group        *benchproc.Projection
	strategy     *benchproc.Field
	entries      *benchproc.Field
	concurrency  *benchproc.Field
	concProj     *benchproc.Projection
	keys         []benchproc.Key
	byKey        map[benchproc.Key]*Cell
	measuredKeys map[benchproc.Key]bool
}

func newLoader() (*loader, error) {
	var pp benchproc.ProjectionParser
	group, err := pp.Parse("/strategy,/entries@num", nil)
	if err != nil {
		return nil, err
	}
	conc, err := pp.Parse("/concurrency", nil)
	if err != nil {
		return nil, err
	}
	f := group.Fields()
	return &loader{
		group:        group,
		strategy:     f[0],
		entries:      f[1],
		concurrency:  conc.Fields()[0],
		concProj:     conc,
		byKey:        make(map[benchproc.Key]*Cell),
		measuredKeys: make(map[benchproc.Key]bool),
	}, nil
}

// cell returns the cell for res, creating it on first sight.
func (l *loader) cell(res *benchfmt.Result) (benchproc.Key, *Cell, error) {
	key := l.group.Project(res)
	strategy := key.Get(l.strategy)
	if strategy == "" {
		return key, nil, fmt.Errorf("%s: name has no /strategy= part", res.Name)
	}
	entries, err := strconv.Atoi(key.Get(l.entries))
	if err != nil || entries < 1 {
		return key, nil, fmt.Errorf("%s: bad /entries= part %q", res.Name, key.Get(l.entries))
	}
	conc, err := strconv.Atoi(l.concProj.Project(res).Get(l.concurrency))
	if err != nil || conc < 1 {
		return key, nil, fmt.Errorf("%s: bad or missing /concurrency= part", res.Name)
	}
	c, ok := l.byKey[key]
	if !ok {
		c = &Cell{Strategy: strategy, Entries: entries, Concurrency: conc}
		l.byKey[key] = c
		l.keys = append(l.keys, key)
	} else if c.Concurrency != conc {
		return key, nil, fmt.Errorf("%s: concurrency %d differs from %d in the same cell", res.Name, conc, c.Concurrency)
	}
	return key, c, nil
}

func (l *loader) addResult(res *benchfmt.Result) error {
	key, c, err := l.cell(res)
	if err != nil {
		return err
	}
	if c.Skipped {
		return fmt.Errorf("%s: both measured and skipped", res.Name)
	}
	sec, ok := res.Value(unitSec)
	if !ok {
		return fmt.Errorf("%s: result has no %s", res.Name, unitSec)
	}
	l.measuredKeys[key] = true
	if c.Samples == nil {
		c.Samples = make(map[string][]float64, len(res.Values))
	}
	for _, v := range res.Values {
		c.Samples[v.Unit] = append(c.Samples[v.Unit], v.Value)
	}
	c.secs = append(c.secs, sec)
	appendValue := func(dst *[]float64, unit string) {
		if v, ok := res.Value(unit); ok {
			*dst = append(*dst, v)
		}
	}
	appendValue(&c.bytes, unitBytes)
	appendValue(&c.gcs, unitGC)
	appendValue(&c.ideals, unitIdeal)
	appendValue(&c.p99s, unitP99)
	appendValue(&c.failed, unitFailed)
	return nil
}

// addSkipped parses the rest of a skipped line:
// "BenchmarkProcess/strategy=…/concurrency=…/entries=… predicted-sec=<float>".
func (l *loader) addSkipped(rest string) error {
	fields := strings.Fields(rest)
	if len(fields) != 2 || !strings.HasPrefix(fields[0], "Benchmark") {
		return fmt.Errorf("malformed skipped line %q", rest)
	}
	val, ok := strings.CutPrefix(fields[1], "predicted-sec=")
	if !ok {
		return fmt.Errorf("skipped line %q has no predicted-sec=", rest)
	}
	pred, err := strconv.ParseFloat(val, 64)
	if err != nil || pred < 0 || math.IsNaN(pred) || math.IsInf(pred, 0) {
		return fmt.Errorf("skipped line %q: bad predicted-sec %q", rest, val)
	}
	res := &benchfmt.Result{Name: benchfmt.Name(strings.TrimPrefix(fields[0], "Benchmark"))}
	key, c, err := l.cell(res)
	if err != nil {
		return err
	}
	if l.measuredKeys[key] {
		return errors.New(fields[0] + ": both measured and skipped")
	}
	c.Skipped = true
	c.PredictedSec = pred
	return nil
}

// cells sorts the keys (strategies in order of first appearance, entries
// numerically) and computes each cell's figures.
func (l *loader) cells() []Cell {
	keys := append([]benchproc.Key(nil), l.keys...)
	benchproc.SortKeys(keys)
	out := make([]Cell, 0, len(keys))
	for _, k := range keys {
		c := *l.byKey[k]
		if !c.Skipped {
			c.Time = Summarize(c.secs)
			c.AllocBytesPerOp = mean(c.bytes)
			c.GCsPer1000Ops = mean(c.gcs) * 1000
			c.IdealSec = mean(c.ideals)
			c.P99Sec = mean(c.p99s)
			c.FailedTotal = math.NaN()
			if len(c.failed) > 0 {
				c.FailedTotal = 0
				for _, f := range c.failed {
					c.FailedTotal += f
				}
			}
		}
		c.secs, c.bytes, c.gcs, c.ideals, c.p99s, c.failed = nil, nil, nil, nil, nil, nil
		out = append(out, c)
	}
	return out
}
