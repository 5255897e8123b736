package harness

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"batchlab/thirdparty"
)

// header builds the result file's `key: value` lines: the machine, the
// service and every setting a reader needs to reproduce the run.
func header(p *Plan, svc *Service, extra []KV) []KV {
	cfg := p.Config
	h := []KV{
		{"goos", runtime.GOOS},
		{"goarch", runtime.GOARCH},
		{"cpu", cpuModel()},
		{"go", runtime.Version()},
		{"gomaxprocs", strconv.Itoa(runtime.GOMAXPROCS(0))},
		{"numcpu", strconv.Itoa(runtime.NumCPU())},
	}
	h = append(h, extra...)
	h = append(h,
		KV{"service", svc.Mode},
		KV{"target", svc.URL},
		KV{"transport", string(cfg.Transport)},
		KV{"scenario", cfg.Scenario},
		KV{"retries", retryString(cfg.Retry)},
		KV{"delay", cfg.Delay.String()},
		KV{"timeout", cfg.Timeout.String()},
		KV{"count", strconv.Itoa(cfg.Count)},
		KV{"budget", cfg.Budget.String()},
		KV{"full", strconv.FormatBool(cfg.Full)},
	)
	return h
}

// retryString describes a retry policy for the header.
func retryString(p thirdparty.RetryPolicy) string {
	if p.Attempts <= 1 {
		return "off"
	}
	return fmt.Sprintf("attempts=%d,base=%v,max=%v", p.Attempts, p.Base, p.Max)
}

// cpuModel returns the processor's model name on Linux, as `go test`
// prints it, or "unknown".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// Encode writes res in Go benchmark format, which benchstat reads: the
// header and status as `key: value` lines, one line per measured
// repetition (each followed by its `# limit` line when it has a limit
// trace, see [LimitPrefix]), then one comment line per skipped cell with
// its prediction (benchstat ignores comments).
func Encode(res *Results) ([]byte, error) {
	var buf bytes.Buffer
	cfgs := make([]benchfmt.Config, 0, len(res.Header)+1)
	for _, kv := range res.Header {
		cfgs = append(cfgs, benchfmt.Config{Key: kv.Key, Value: []byte(kv.Value), File: true})
	}
	cfgs = append(cfgs, benchfmt.Config{Key: "status", Value: []byte(res.Status), File: true})
	if len(res.Measurements) == 0 {
		// The writer emits the header with the first result; with none,
		// the file still says what was planned and how it ended.
		for _, kv := range cfgs {
			fmt.Fprintf(&buf, "%s: %s\n", kv.Key, kv.Value)
		}
	}
	w := benchfmt.NewWriter(&buf)
	for i := range res.Measurements {
		m := &res.Measurements[i]
		r := &benchfmt.Result{Config: cfgs, Name: benchfmt.Name(m.Name()), Iters: 1, Values: values(m)}
		if err := w.Write(r); err != nil {
			return nil, err
		}
		if len(m.Limits) > 0 {
			buf.Write(appendLimitLine(nil, m))
		}
	}
	for _, c := range res.Skipped {
		fmt.Fprintf(&buf, "# skipped Benchmark%s predicted-sec=%g\n", c.Name(), c.Ideal.Seconds())
	}
	return buf.Bytes(), nil
}

// values lists a measurement's metrics. Units are base units (sec, B) and
// never contain "ns": benchstat renames ns only for non-zero values and
// would split one metric into two tables.
func values(m *Measurement) []benchfmt.Value {
	n := float64(m.Entries)
	v := []benchfmt.Value{
		{Value: m.Wall.Seconds(), Unit: "sec/op"},
		{Value: float64(m.AllocBytes), Unit: "B/op"},
		{Value: float64(m.AllocObjects), Unit: "allocs/op"},
		{Value: float64(m.AllocBytes) / n, Unit: "B/entry"},
		{Value: float64(m.GCCycles), Unit: "gc-cycles/op"},
		{Value: m.GCPause.Seconds(), Unit: "gc-pause-sec/op"},
		{Value: m.Ideal.Seconds(), Unit: "ideal-sec/op"},
		{Value: m.Wall.Seconds() / m.Ideal.Seconds(), Unit: "x-ideal"},
		{Value: n / m.Wall.Seconds(), Unit: "entries/sec"},
		{Value: m.P50.Seconds(), Unit: "p50-sec"},
		{Value: m.P90.Seconds(), Unit: "p90-sec"},
		{Value: m.P99.Seconds(), Unit: "p99-sec"},
		{Value: m.Max.Seconds(), Unit: "max-sec"},
		{Value: float64(m.Succeeded), Unit: "succeeded/op"},
		{Value: float64(m.Failed()), Unit: "failed/op"},
		{Value: float64(m.Attempts), Unit: "attempts/op"},
	}
	for c, f := range m.Failures {
		if f > 0 {
			v = append(v, benchfmt.Value{Value: float64(f), Unit: "failed-" + Class(c).String() + "/op"})
		}
	}
	v = append(v,
		benchfmt.Value{Value: float64(m.ServicePeak), Unit: "peak-inflight"},
		benchfmt.Value{Value: float64(m.PeakGoroutines), Unit: "peak-goroutines"},
		benchfmt.Value{Value: float64(m.PeakHeap), Unit: "peak-heap-B"},
	)
	if len(m.Limits) > 0 {
		v = append(v,
			benchfmt.Value{Value: m.LimitMean, Unit: "limit-mean"},
			benchfmt.Value{Value: float64(m.LimitFinal), Unit: "limit-final"},
		)
	}
	return v
}

// LimitPrefix starts the comment line that follows the result line of a
// repetition with a limit trace ([Measurement.Limits]):
//
//	# limit Benchmark<name> rep=<rep> <sec>:<limit> <sec>:<limit> …
//
// with single spaces, times in seconds since the repetition started (3
// decimals, non-decreasing) and whole-number limits. Benchmark readers
// skip it as a comment; package reports parses it.
const LimitPrefix = "# limit "

// appendLimitLine appends m's limit trace line, newline included, to b.
func appendLimitLine(b []byte, m *Measurement) []byte {
	b = append(b, LimitPrefix...)
	b = append(b, "Benchmark"...)
	b = append(b, m.Name()...)
	b = append(b, " rep="...)
	b = strconv.AppendInt(b, int64(m.Rep), 10)
	for _, p := range m.Limits {
		b = append(b, ' ')
		b = strconv.AppendFloat(b, p.At.Seconds(), 'f', 3, 64)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.Limit), 10)
	}
	return append(b, '\n')
}

// AppendBlock returns a new slice holding prev, a blank line when prev is
// not empty, and res encoded as one block by [Encode]. Each block starts
// with its complete `key: value` header, status included, so a file of
// several blocks (one per scenario, say) reads as one benchmark file in
// which every block's results carry their own settings. prev is not
// modified.
func AppendBlock(prev []byte, res *Results) ([]byte, error) {
	block, err := Encode(res)
	if err != nil {
		return nil, fmt.Errorf("harness: encode results: %w", err)
	}
	out := make([]byte, 0, len(prev)+2+len(block))
	out = append(out, prev...)
	if len(prev) > 0 {
		if prev[len(prev)-1] != '\n' {
			out = append(out, '\n')
		}
		out = append(out, '\n')
	}
	return append(out, block...), nil
}

// WriteFile writes res to path atomically with [WriteAtomic].
func WriteFile(path string, res *Results) error {
	data, err := Encode(res)
	if err != nil {
		return fmt.Errorf("harness: encode results: %w", err)
	}
	return WriteAtomic(path, data)
}

// WriteAtomic writes data to path atomically: a temporary file in the same
// directory, synced, then renamed over path. A crash leaves the previous
// file or the new one, never a truncated one.
func WriteAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("harness: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("harness: %w", err)
	}
	defer os.Remove(f.Name()) // a no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("harness: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("harness: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("harness: write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("harness: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("harness: %w", err)
	}
	return nil
}
