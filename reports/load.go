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
	"unicode"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// Units read from each result. Missing optional units give NaN figures.
const (
	unitSec        = "sec/op"
	unitBytes      = "B/op"
	unitGC         = "gc-cycles/op"
	unitIdeal      = "ideal-sec/op"
	unitP99        = "p99-sec"
	unitFailed     = "failed/op"
	unitLimitMean  = "limit-mean"
	unitLimitFinal = "limit-final"
)

// DefaultScenario is the scenario of results that follow no `scenario:`
// configuration line, as in files written before scenarios existed.
const DefaultScenario = "steady"

// scenarioKey is the configuration key that names a block's scenario.
const scenarioKey = "scenario"

// skippedPrefix starts the comment line the harness writes for a cell it
// predicted would overrun its budget. benchfmt ignores these lines.
const skippedPrefix = "# skipped "

// limitPrefix starts the comment line the harness writes after each
// measured repetition of a strategy whose concurrency limit adapts:
//
//	# limit BenchmarkProcess/strategy=…/concurrency=…/entries=… rep=<n> <sec>:<limit> <sec>:<limit> …
//
// benchfmt ignores these lines too.
const limitPrefix = "# limit "

// maxLineBytes is the longest line benchfmt (and so benchstat) can read: it
// scans with bufio.Scanner's default buffer.
const maxLineBytes = bufio.MaxScanTokenSize - 1

// Setting is one `key: value` configuration line of a result file.
type Setting struct {
	Key, Value string
}

// Run is one result file, grouped into cells by (scenario, strategy,
// concurrency, entries). A Run is not modified by any function of this
// package, so concurrent readers are safe.
type Run struct {
	Name     string    // the name given to Load, for messages
	Settings []Setting // configuration of the first result, in file order

	// Cells are ordered by scenario (order of first appearance), then
	// strategy (order of first appearance in the file), then concurrency
	// ascending, then entries ascending.
	Cells []Cell

	// scenarioSettings holds the configuration in force at the first line
	// of each scenario; nil for a Run built by hand.
	scenarioSettings map[string][]Setting
}

// Setting returns the value of the configuration key, or "" if absent.
func (r *Run) Setting(key string) string {
	return settingOf(r.Settings, key)
}

func settingOf(settings []Setting, key string) string {
	for _, s := range settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// Scenarios returns the scenarios of the run's cells in order of first
// appearance. A file without `scenario:` lines has one, [DefaultScenario].
func (r *Run) Scenarios() []string {
	var out []string
	for _, c := range r.Cells {
		if !slices.Contains(out, c.Scenario) {
			out = append(out, c.Scenario)
		}
	}
	return out
}

// ScenarioSettings returns the configuration in force at the first result
// (or skipped line) of scenario, in file order: each block of a
// multi-scenario file has its own settings (scenario, status, started, …).
// It returns [Run.Settings] for a scenario it does not know.
func (r *Run) ScenarioSettings(scenario string) []Setting {
	if s, ok := r.scenarioSettings[scenario]; ok {
		return s
	}
	return r.Settings
}

// ForScenario returns a Run holding only the cells of scenario, in order,
// with that scenario's settings as its Settings. The cells share their
// slices and maps with r.
func (r *Run) ForScenario(scenario string) *Run {
	out := &Run{Name: r.Name, Settings: r.ScenarioSettings(scenario)}
	for _, c := range r.Cells {
		if c.Scenario == scenario {
			out.Cells = append(out.Cells, c)
		}
	}
	if s, ok := r.scenarioSettings[scenario]; ok {
		out.scenarioSettings = map[string][]Setting{scenario: s}
	}
	return out
}

// Cell is one (scenario, strategy, concurrency, entries) group: the runs
// measured for it, or the prediction the harness recorded when it skipped
// it.
type Cell struct {
	Scenario    string // the `scenario:` setting in force, or DefaultScenario
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
	// reads it, e.g. "sec/op", "B/entry", "p50-sec", "limit-mean") → one
	// value per run that reported it, in file order. Nil for skipped cells.
	Samples map[string][]float64

	// LimitTraces are the `# limit` lines of the cell's repetitions, by
	// Rep ascending: how an adaptive strategy's concurrency limit moved
	// during each run. Nil for strategies whose limit does not adapt.
	LimitTraces []LimitTrace

	secs, bytes, gcs, ideals, p99s, failed []float64
}

// A LimitTrace is the concurrency limit of one repetition over time.
type LimitTrace struct {
	Rep    int          // the repetition, from 0, as the harness counts them
	Points []LimitPoint // Sec non-decreasing
}

// A LimitPoint is the limit in force from Sec seconds after the repetition
// started until the next point's Sec (or the end of the repetition).
type LimitPoint struct {
	Sec   float64
	Limit int
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

// failureClass returns the class of a failed-<class>/op unit.
func failureClass(unit string) (string, bool) {
	class, ok := strings.CutPrefix(unit, "failed-")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(class, "/op")
}

// FailuresByClass returns the cell's failures by class, summed over its
// runs, largest first (ties by class name), from its failed-<class>/op
// metrics. It is empty for a cell without failures.
func (c Cell) FailuresByClass() []ClassCount {
	var out []ClassCount
	for unit, vals := range c.Samples {
		class, ok := failureClass(unit)
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

// FailedPerRun returns the mean failed entries per measured run: failed/op
// summed over the runs ÷ the runs, or the failed-<class>/op metrics summed
// when the file has no failed/op. It is 0 for a file that records no
// failures and NaN for a skipped cell.
func (c Cell) FailedPerRun() float64 {
	if c.Skipped || c.Time.N == 0 {
		return math.NaN()
	}
	total := c.FailedTotal
	if math.IsNaN(total) {
		total = 0
		for _, cc := range c.FailuresByClass() {
			total += cc.Count
		}
	}
	return total / float64(c.Time.N)
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
//
// A file may hold several blocks, each starting with its own `key: value`
// configuration lines; a block's `scenario:` line names the scenario of the
// results, `# skipped` and `# limit` lines below it, up to the next
// `scenario:` line. Results before any `scenario:` line belong to
// [DefaultScenario].
//
// It returns an error for a syntax error, a result without sec/op or
// without /strategy, /concurrency and /entries name keys (concurrency and
// entries at least 1), a cell both measured and skipped, a malformed
// skipped or limit line (with its file:line), a limit line for a cell with
// no measured result or repeating a repetition, a line longer than benchfmt
// can read, or a file with no results at all.
func Load(r io.Reader, name string) (*Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	l, err := newLoader()
	if err != nil {
		return nil, err
	}
	run := &Run{Name: name, scenarioSettings: map[string][]Setting{}}

	// benchfmt ignores the comment lines, so read them from the raw text
	// first and add each skipped line where it appears among the results,
	// which keeps scenarios and strategies in the order they first appear
	// in the file. Limit lines attach to measured cells, after all results.
	comments, err := scanComments(data, name)
	if err != nil {
		return nil, err
	}
	skipped := comments.skipped
	addSkippedBefore := func(line int) error {
		for len(skipped) > 0 && skipped[0].line < line {
			s := skipped[0]
			skipped = skipped[1:]
			if _, ok := run.scenarioSettings[s.scenario]; !ok {
				run.scenarioSettings[s.scenario] = s.settings
			}
			if err := l.addSkipped(s.scenario, s.text); err != nil {
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
			scenario := scenarioOf(rec.GetConfig(scenarioKey))
			if _, seen := run.scenarioSettings[scenario]; run.Settings == nil || !seen {
				settings := make([]Setting, 0, len(rec.Config))
				for _, c := range rec.Config {
					settings = append(settings, Setting{Key: c.Key, Value: string(c.Value)})
				}
				if run.Settings == nil {
					run.Settings = settings
				}
				if !seen {
					run.scenarioSettings[scenario] = settings
				}
			}
			_, line := rec.Pos()
			if err := addSkippedBefore(line); err != nil {
				return nil, err
			}
			if err := l.addResult(scenario, rec); err != nil {
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
	for _, lim := range comments.limits {
		if err := l.addLimit(lim.scenario, lim.text); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, lim.line, err)
		}
	}
	run.Cells = l.cells()
	return run, nil
}

// scenarioOf maps an absent `scenario:` setting to DefaultScenario.
func scenarioOf(v string) string {
	if v == "" {
		return DefaultScenario
	}
	return v
}

// commentLine is the text after a comment prefix on a 1-based line, with the
// scenario in force there.
type commentLine struct {
	line     int
	text     string
	scenario string
	settings []Setting // the configuration in force (skipped lines only)
}

type comments struct {
	skipped, limits []commentLine
}

// scanComments finds the skipped and limit lines, and the scenario each
// belongs to, tracking configuration lines as benchfmt does.
func scanComments(data []byte, name string) (comments, error) {
	var out comments
	var config []Setting
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		raw := sc.Bytes()
		if len(raw) > maxLineBytes {
			return comments{}, fmt.Errorf("%s:%d: line of %d bytes: benchfmt and benchstat read lines of at most %d", name, line, len(raw), maxLineBytes)
		}
		if key, val, ok := parseConfigLine(raw); ok {
			config = setConfig(config, key, val)
			continue
		}
		// A prefix alone (its trailing space trimmed) is a malformed line.
		text := strings.TrimSpace(string(raw)) + " "
		if rest, ok := strings.CutPrefix(text, skippedPrefix); ok {
			out.skipped = append(out.skipped, commentLine{line: line, text: rest,
				scenario: scenarioOf(settingOf(config, scenarioKey)), settings: slices.Clone(config)})
		} else if rest, ok := strings.CutPrefix(text, limitPrefix); ok {
			out.limits = append(out.limits, commentLine{line: line, text: rest,
				scenario: scenarioOf(settingOf(config, scenarioKey))})
		}
	}
	if err := sc.Err(); err != nil {
		return comments{}, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
}

// setConfig sets or, for an empty value, deletes key, as benchfmt.Reader
// does for a configuration line.
func setConfig(config []Setting, key, val string) []Setting {
	i := slices.IndexFunc(config, func(s Setting) bool { return s.Key == key })
	switch {
	case val == "" && i >= 0:
		return slices.Delete(config, i, i+1)
	case val == "":
		return config
	case i >= 0:
		config[i].Value = val
		return config
	}
	return append(config, Setting{Key: key, Value: val})
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

// cellKey identifies a cell within a run.
type cellKey struct {
	scenario, strategy   string
	concurrency, entries int
}

// loader groups results by (scenario, strategy, concurrency, entries); the
// name keys are read with a benchproc projection.
type loader struct {
	proj                           *benchproc.Projection
	strategy, concurrency, entries *benchproc.Field

	keys          []cellKey
	byKey         map[cellKey]*Cell
	scenarioOrder map[string]int
	strategyOrder map[string]int
	measured      map[cellKey]bool
	reps          map[cellKey]map[int]bool
}

func newLoader() (*loader, error) {
	var pp benchproc.ProjectionParser
	proj, err := pp.Parse("/strategy,/concurrency,/entries", nil)
	if err != nil {
		return nil, err
	}
	f := proj.Fields()
	return &loader{
		proj:          proj,
		strategy:      f[0],
		concurrency:   f[1],
		entries:       f[2],
		byKey:         make(map[cellKey]*Cell),
		scenarioOrder: make(map[string]int),
		strategyOrder: make(map[string]int),
		measured:      make(map[cellKey]bool),
		reps:          make(map[cellKey]map[int]bool),
	}, nil
}

// key reads the cell key of res in scenario from its name.
func (l *loader) key(scenario string, res *benchfmt.Result) (cellKey, error) {
	pk := l.proj.Project(res)
	strategy := pk.Get(l.strategy)
	if strategy == "" {
		return cellKey{}, fmt.Errorf("%s: name has no /strategy= part", res.Name)
	}
	entries, err := strconv.Atoi(pk.Get(l.entries))
	if err != nil || entries < 1 {
		return cellKey{}, fmt.Errorf("%s: bad /entries= part %q", res.Name, pk.Get(l.entries))
	}
	conc, err := strconv.Atoi(pk.Get(l.concurrency))
	if err != nil || conc < 1 {
		return cellKey{}, fmt.Errorf("%s: bad or missing /concurrency= part", res.Name)
	}
	return cellKey{scenario: scenario, strategy: strategy, concurrency: conc, entries: entries}, nil
}

// cell returns the cell for res in scenario, creating it on first sight.
func (l *loader) cell(scenario string, res *benchfmt.Result) (cellKey, *Cell, error) {
	key, err := l.key(scenario, res)
	if err != nil {
		return key, nil, err
	}
	c, ok := l.byKey[key]
	if !ok {
		c = &Cell{Scenario: scenario, Strategy: key.strategy, Entries: key.entries, Concurrency: key.concurrency}
		l.byKey[key] = c
		l.keys = append(l.keys, key)
		if _, ok := l.scenarioOrder[scenario]; !ok {
			l.scenarioOrder[scenario] = len(l.scenarioOrder)
		}
		if _, ok := l.strategyOrder[key.strategy]; !ok {
			l.strategyOrder[key.strategy] = len(l.strategyOrder)
		}
	}
	return key, c, nil
}

func (l *loader) addResult(scenario string, res *benchfmt.Result) error {
	key, c, err := l.cell(scenario, res)
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
	l.measured[key] = true
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
func (l *loader) addSkipped(scenario, rest string) error {
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
	key, c, err := l.cell(scenario, res)
	if err != nil {
		return err
	}
	if l.measured[key] {
		return errors.New(fields[0] + ": both measured and skipped")
	}
	c.Skipped = true
	c.PredictedSec = pred
	return nil
}

// addLimit parses the rest of a limit line, "BenchmarkProcess/… rep=<n>
// <sec>:<limit> …", and adds the trace to its measured cell.
func (l *loader) addLimit(scenario, rest string) error {
	fields := strings.Fields(rest)
	if len(fields) < 2 || !strings.HasPrefix(fields[0], "Benchmark") {
		return fmt.Errorf("malformed limit line %q", short(rest))
	}
	repText, ok := strings.CutPrefix(fields[1], "rep=")
	if !ok {
		return fmt.Errorf("limit line %q has no rep=", short(rest))
	}
	rep, err := strconv.Atoi(repText)
	if err != nil || rep < 0 {
		return fmt.Errorf("limit line %q: bad rep %q", short(rest), repText)
	}
	trace := LimitTrace{Rep: rep, Points: make([]LimitPoint, 0, len(fields)-2)}
	for _, f := range fields[2:] {
		secText, limitText, ok := strings.Cut(f, ":")
		if !ok {
			return fmt.Errorf("limit line %q: point %q is not <sec>:<limit>", short(rest), f)
		}
		sec, err := strconv.ParseFloat(secText, 64)
		if err != nil || sec < 0 || math.IsNaN(sec) || math.IsInf(sec, 0) {
			return fmt.Errorf("limit line %q: bad time in point %q", short(rest), f)
		}
		limit, err := strconv.Atoi(limitText)
		if err != nil || limit < 0 {
			return fmt.Errorf("limit line %q: bad limit in point %q", short(rest), f)
		}
		if n := len(trace.Points); n > 0 && sec < trace.Points[n-1].Sec {
			return fmt.Errorf("limit line %q: time goes back at point %q", short(rest), f)
		}
		trace.Points = append(trace.Points, LimitPoint{Sec: sec, Limit: limit})
	}
	res := &benchfmt.Result{Name: benchfmt.Name(strings.TrimPrefix(fields[0], "Benchmark"))}
	key, err := l.key(scenario, res)
	if err != nil {
		return err
	}
	c, ok := l.byKey[key]
	if !ok || !l.measured[key] {
		return fmt.Errorf("limit line for %s in scenario %s, which has no measured result", fields[0], scenario)
	}
	if l.reps[key] == nil {
		l.reps[key] = map[int]bool{}
	}
	if l.reps[key][rep] {
		return fmt.Errorf("second limit line for %s rep=%d in scenario %s", fields[0], rep, scenario)
	}
	l.reps[key][rep] = true
	c.LimitTraces = append(c.LimitTraces, trace)
	return nil
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

// cells sorts the keys (scenarios, then strategies, in order of first
// appearance; concurrency and entries numerically) and computes each
// cell's figures.
func (l *loader) cells() []Cell {
	keys := slices.Clone(l.keys)
	slices.SortStableFunc(keys, func(a, b cellKey) int {
		return cmp.Or(
			cmp.Compare(l.scenarioOrder[a.scenario], l.scenarioOrder[b.scenario]),
			cmp.Compare(l.strategyOrder[a.strategy], l.strategyOrder[b.strategy]),
			cmp.Compare(a.concurrency, b.concurrency),
			cmp.Compare(a.entries, b.entries))
	})
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
		slices.SortFunc(c.LimitTraces, func(a, b LimitTrace) int { return cmp.Compare(a.Rep, b.Rep) })
		c.secs, c.bytes, c.gcs, c.ideals, c.p99s, c.failed = nil, nil, nil, nil, nil, nil
		out = append(out, c)
	}
	return out
}
