package harness

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"batchlab/benchfile"
	"batchlab/thirdparty"
)

// header builds the result file's `key: value` lines: the machine, the
// commit of the code that runs, the start time, extra, the service and every
// setting a reader needs to reproduce the run.
func header(p *Plan, svc *Service, extra []KV) []KV {
	cfg := p.Config
	h := []KV{
		{benchfile.KeyGOOS, runtime.GOOS},
		{benchfile.KeyGOARCH, runtime.GOARCH},
		{benchfile.KeyCPU, cpuModel()},
		{benchfile.KeyGo, runtime.Version()},
		{benchfile.KeyGOMAXPROCS, strconv.Itoa(runtime.GOMAXPROCS(0))},
		{benchfile.KeyNumCPU, strconv.Itoa(runtime.NumCPU())},
		{benchfile.KeyCommit, Commit()},
		{benchfile.KeyStarted, time.Now().UTC().Format(time.RFC3339)},
	}
	for _, kv := range extra { // an extra line with a key of these replaces it
		if i := slices.IndexFunc(h, func(o KV) bool { return o.Key == kv.Key }); i >= 0 {
			h[i] = kv
		} else {
			h = append(h, kv)
		}
	}
	h = append(h,
		KV{benchfile.KeyService, svc.Mode},
		KV{benchfile.KeyTarget, svc.URL},
		KV{benchfile.KeyTransport, string(cfg.Transport)},
		KV{benchfile.KeyScenario, cfg.Scenario},
		KV{benchfile.KeyRetries, retryString(cfg.Retry)},
		KV{benchfile.KeyDelay, cfg.Delay.String()},
		KV{benchfile.KeyTimeout, cfg.Timeout.String()},
		KV{benchfile.KeyCount, strconv.Itoa(cfg.Count)},
		KV{benchfile.KeyBudget, cfg.Budget.String()},
		KV{benchfile.KeyFull, strconv.FormatBool(cfg.Full)},
	)
	if svc.ProbeMedian > 0 {
		h = append(h, KV{benchfile.KeyProbeMedian, svc.ProbeMedian.String()})
	}
	if cfg.MaxRate > 0 {
		h = append(h, KV{benchfile.KeyMaxRate, strconv.FormatFloat(cfg.MaxRate, 'g', -1, 64) + "/s"})
	}
	if t := svc.Template; t != nil {
		h = append(h, templateHeader(t)...)
	}
	return h
}

// templateHeader describes a template target's calls: never a header's
// value or the body's text, which may hold credentials.
func templateHeader(t *thirdparty.Template) []KV {
	h := []KV{{benchfile.KeyMethod, t.Method()}, {benchfile.KeyOK, t.OK().String()}}
	if names := t.HeaderNames(); len(names) > 0 {
		h = append(h, KV{benchfile.KeyHeaders, strings.Join(names, ", ")})
	}
	if n := t.BodyLen(); n > 0 {
		h = append(h, KV{benchfile.KeyBody, strconv.Itoa(n) + " bytes"})
	}
	if p := t.Health(); p != "" {
		h = append(h, KV{benchfile.KeyHealth, p})
	}
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

// Encode writes res in Go benchmark format with [benchfile.Encode]: the
// header and status as `key: value` lines, one line per measured
// repetition (each followed by its limit record when it has a limit trace),
// then one skipped record per skipped cell with its prediction.
func Encode(res *Results) ([]byte, error) {
	return benchfile.Encode(block(res))
}

// block converts res to the file's types. It runs once per checkpoint,
// never per entry.
func block(res *Results) *benchfile.Block {
	b := &benchfile.Block{
		Config:       make([]benchfile.Config, len(res.Header)),
		Status:       res.Status,
		Measurements: make([]benchfile.Measurement, len(res.Measurements)),
		Skipped:      make([]benchfile.Skipped, len(res.Skipped)),
	}
	for i, kv := range res.Header {
		b.Config[i] = benchfile.Config{Key: kv.Key, Value: kv.Value}
	}
	for i := range res.Measurements {
		b.Measurements[i] = measurement(&res.Measurements[i])
	}
	for i, c := range res.Skipped {
		b.Skipped[i] = benchfile.Skipped{Name: c.name(), Predicted: c.Ideal}
	}
	return b
}

// measurement converts m to the file's measurement.
func measurement(m *Measurement) benchfile.Measurement {
	failures := make([]benchfile.ClassCount, 0, NumClasses)
	for c, f := range m.Failures {
		failures = append(failures, benchfile.ClassCount{Class: Class(c).String(), Count: f})
	}
	return benchfile.Measurement{
		Name: m.name(), Rep: m.Rep,
		Wall: m.Wall, AllocBytes: m.AllocBytes, AllocObjects: m.AllocObjects,
		GCCycles: m.GCCycles, GCPause: m.GCPause, Ideal: m.Ideal,
		P50: m.P50, P90: m.P90, P99: m.P99, Max: m.Max,
		Succeeded: m.Succeeded, Failed: m.Failed(), Attempts: m.Attempts, Failures: failures,
		ClientCPU: m.ClientCPU, ServiceCPU: m.ServiceCPU, HasServiceCPU: m.HasServiceCPU,
		ServicePeak: m.ServicePeak, HasServicePeak: m.HasServicePeak, ClientPeak: m.ClientPeak, PeakGoroutines: m.PeakGoroutines, PeakHeap: m.PeakHeap,
		Limits: limits(m.Limits), LimitMean: m.LimitMean, LimitFinal: m.LimitFinal, Timeline: m.Timeline, Latency: m.CDF,
		Partial: m.Partial,
	}
}

// limits converts a limit trace (at most 2,000 points) to the file's type.
func limits(trace []LimitPoint) []benchfile.LimitPoint {
	if len(trace) == 0 {
		return nil
	}
	out := make([]benchfile.LimitPoint, len(trace))
	for i, p := range trace {
		out[i] = benchfile.LimitPoint{At: p.At, Limit: p.Limit}
	}
	return out
}

// LimitPrefix starts the limit record that follows the result line of a
// repetition with a limit trace ([Measurement.Limits]); see
// [benchfile.RecordLimit] for its grammar.
const LimitPrefix = benchfile.PrefixLimit

// AppendBlock returns a new slice holding prev, a blank line when prev is
// not empty, and res encoded as one block by [Encode], with
// [benchfile.AppendBlock]. prev is not modified.
func AppendBlock(prev []byte, res *Results) ([]byte, error) {
	out, err := benchfile.AppendBlock(prev, block(res))
	if err != nil {
		return nil, fmt.Errorf("harness: encode results: %w", err)
	}
	return out, nil
}

// WriteFile writes res to path atomically with [benchfile.WriteAtomic].
func WriteFile(path string, res *Results) error {
	data, err := Encode(res)
	if err != nil {
		return fmt.Errorf("harness: encode results: %w", err)
	}
	return benchfile.WriteAtomic(path, data)
}
