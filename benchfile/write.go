package benchfile

import (
	"bytes"
	"fmt"
	"time"

	"golang.org/x/perf/benchfmt"
)

// Config is one `key: value` configuration line.
type Config struct {
	Key, Value string
}

// A Block is what one run writes: its header, how it ended, its measured
// repetitions and its skipped cells. A file holds one block or several
// (see [AppendBlock]).
type Block struct {
	Config       []Config // the header, in order; Encode adds the status key after it
	Status       string   // one of the Status constants
	Measurements []Measurement
	Skipped      []Skipped
}

// A Measurement is one measured repetition of a cell, in the units the
// harness measures. [Encode] writes it as one result line, in base units.
//
// A measurement with a limit trace (an adaptive strategy) gets no
// ideal-sec/op and no x-ideal: the ideal ⌈n/C⌉ × delay assumes a fixed
// concurrency C, and an adaptive strategy's limit is not one, so no ideal
// model applies and no ratio to it is shown.
//
// A measurement without HasServiceCPU gets no service-cpu-sec/op, and one
// without HasServicePeak no peak-inflight: a zero would read as a service
// that spent nothing or served nothing at once.
type Measurement struct {
	Name Name
	Rep  int // the repetition, from 0

	Wall           time.Duration // the repetition's wall time
	AllocBytes     uint64        // bytes the client allocated
	AllocObjects   uint64        // heap objects the client allocated
	GCCycles       uint32        // client-side GC cycles
	GCPause        time.Duration // their total stop-the-world pause
	ClientCPU      time.Duration // the client process's user + system CPU
	ServiceCPU     time.Duration // the service's own CPU (ignored without HasServiceCPU)
	HasServiceCPU  bool          // the service said its CPU; a target may not
	Ideal          time.Duration // the ideal time for the cell (ignored with Limits)
	P50, P90, P99  time.Duration // entry latency percentiles
	Max            time.Duration // the slowest entry
	Succeeded      int           // entries that succeeded
	Failed         int           // entries that failed, all classes
	Attempts       int           // requests sent, retries included
	Failures       []ClassCount  // failed entries by class, in order; zero counts are not written
	ServicePeak    int64         // the service's peak in-flight requests (ignored without HasServicePeak)
	HasServicePeak bool          // the service said its peak; a template target cannot
	ClientPeak     int64         // the most calls the client had in flight at once
	PeakGoroutines uint64        // the client's peak goroutine count
	PeakHeap       uint64        // the client's peak live heap, bytes

	// Limits is the limit trace of a strategy whose limit adapts, nil for
	// others; with it, the line carries limit-mean and limit-final and is
	// followed by a limit record (see [RecordLimit]).
	Limits     []LimitPoint
	LimitMean  float64 // the limit's time-weighted mean
	LimitFinal int     // the limit when the repetition ended

	// Timeline is the calls over the repetition, for the first of each
	// cell; nil for others. With it, a timeline record follows the line
	// (see [RecordTimeline]).
	Timeline []TimelinePoint
	// Latency is points of the repetition's entry-latency distribution, for
	// the first of each cell; with it, a latency record follows.
	Latency []LatencyQuantile

	// Partial marks a repetition cut short: Encode writes it as a partial
	// record (see [RecordPartial]), not a result line, and without its
	// limit, timeline and latency records.
	Partial bool
}

// A ClassCount is how many entries failed with one failure class.
type ClassCount struct {
	Class string // one of the Class constants
	Count int
}

// Encode writes b in Go benchmark format, which benchstat reads: the
// configuration and status as `key: value` lines, one result line per
// measurement (each followed by its limit record when it has a limit
// trace) or a partial record for one cut short, then one skipped record
// per skipped cell.
func Encode(b *Block) ([]byte, error) {
	var buf bytes.Buffer
	cfgs := make([]benchfmt.Config, 0, len(b.Config)+1)
	for _, kv := range b.Config {
		cfgs = append(cfgs, benchfmt.Config{Key: kv.Key, Value: []byte(kv.Value), File: true})
	}
	cfgs = append(cfgs, benchfmt.Config{Key: KeyStatus, Value: []byte(b.Status), File: true})
	full := 0
	for i := range b.Measurements {
		if !b.Measurements[i].Partial {
			full++
		}
	}
	if full == 0 {
		// The writer emits the header with the first result; with none,
		// the file still says what was planned and how it ended.
		for _, kv := range cfgs {
			fmt.Fprintf(&buf, "%s: %s\n", kv.Key, kv.Value)
		}
	}
	w := benchfmt.NewWriter(&buf)
	for i := range b.Measurements {
		m := &b.Measurements[i]
		if m.Partial {
			buf.Write(appendPartial(nil, m))
			continue
		}
		r := &benchfmt.Result{Config: cfgs, Name: benchfmt.Name(m.Name.String()), Iters: 1, Values: values(m)}
		if err := w.Write(r); err != nil {
			return nil, fmt.Errorf("benchfile: %w", err)
		}
		if len(m.Limits) > 0 {
			buf.Write(appendLimit(nil, m.Name, m.Rep, m.Limits))
		}
		if len(m.Timeline) > 0 {
			buf.Write(appendTimeline(nil, m.Name, m.Rep, m.Timeline))
		}
		if len(m.Latency) > 0 {
			buf.Write(appendLatency(nil, m.Name, m.Rep, m.Latency))
		}
	}
	for i := range b.Skipped {
		buf.Write(appendSkipped(nil, &b.Skipped[i]))
	}
	return buf.Bytes(), nil
}

// values lists a measurement's metrics in base units.
func values(m *Measurement) []benchfmt.Value {
	n := float64(m.Name.Entries)
	adaptive := len(m.Limits) > 0
	v := make([]benchfmt.Value, 0, 24)
	v = append(v,
		benchfmt.Value{Value: m.Wall.Seconds(), Unit: UnitSec},
		benchfmt.Value{Value: float64(m.AllocBytes), Unit: UnitBytes},
		benchfmt.Value{Value: float64(m.AllocObjects), Unit: UnitAllocs},
		benchfmt.Value{Value: float64(m.AllocBytes) / n, Unit: UnitBytesEntry},
		benchfmt.Value{Value: float64(m.GCCycles), Unit: UnitGCCycles},
		benchfmt.Value{Value: m.GCPause.Seconds(), Unit: UnitGCPause},
		benchfmt.Value{Value: m.ClientCPU.Seconds(), Unit: UnitClientCPU},
	)
	if m.HasServiceCPU {
		v = append(v, benchfmt.Value{Value: m.ServiceCPU.Seconds(), Unit: UnitServiceCPU})
	}
	if !adaptive {
		v = append(v,
			benchfmt.Value{Value: m.Ideal.Seconds(), Unit: UnitIdeal},
			benchfmt.Value{Value: m.Wall.Seconds() / m.Ideal.Seconds(), Unit: UnitXIdeal},
		)
	}
	v = append(v,
		benchfmt.Value{Value: n / m.Wall.Seconds(), Unit: UnitRate},
		benchfmt.Value{Value: m.P50.Seconds(), Unit: UnitP50},
		benchfmt.Value{Value: m.P90.Seconds(), Unit: UnitP90},
		benchfmt.Value{Value: m.P99.Seconds(), Unit: UnitP99},
		benchfmt.Value{Value: m.Max.Seconds(), Unit: UnitMax},
		benchfmt.Value{Value: float64(m.Succeeded), Unit: UnitSucceeded},
		benchfmt.Value{Value: float64(m.Failed), Unit: UnitFailed},
		benchfmt.Value{Value: float64(m.Attempts), Unit: UnitAttempts},
	)
	for _, f := range m.Failures {
		if f.Count > 0 {
			v = append(v, benchfmt.Value{Value: float64(f.Count), Unit: FailedUnit(f.Class)})
		}
	}
	if m.HasServicePeak {
		v = append(v, benchfmt.Value{Value: float64(m.ServicePeak), Unit: UnitPeakInflight})
	}
	v = append(v,
		benchfmt.Value{Value: float64(m.ClientPeak), Unit: UnitClientPeakInflight},
		benchfmt.Value{Value: float64(m.PeakGoroutines), Unit: UnitPeakGoroutines},
		benchfmt.Value{Value: float64(m.PeakHeap), Unit: UnitPeakHeap},
	)
	if adaptive {
		v = append(v,
			benchfmt.Value{Value: m.LimitMean, Unit: UnitLimitMean},
			benchfmt.Value{Value: float64(m.LimitFinal), Unit: UnitLimitFinal},
		)
	}
	return v
}

// AppendBlock returns a new slice holding prev, a blank line when prev is
// not empty, and b encoded by [Encode]. Each block starts with its
// complete `key: value` header, status included, so a file of several
// blocks (one per scenario, say) reads as one benchmark file in which every
// block's results carry their own settings. prev is not modified.
func AppendBlock(prev []byte, b *Block) ([]byte, error) {
	block, err := Encode(b)
	if err != nil {
		return nil, err
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
