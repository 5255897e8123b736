package benchfile_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"batchlab/benchfile"
)

// sample is a block with a fixed-concurrency measurement, an adaptive one
// and a skipped cell.
func sample() *benchfile.Block {
	pool := benchfile.Name{Strategy: "workerpool", Concurrency: 250, Entries: 20000}
	adaptive := benchfile.Name{Strategy: "adaptive", Concurrency: 20000, Entries: 20000}
	return &benchfile.Block{
		Config: []benchfile.Config{{Key: benchfile.KeyCommit, Value: "abc"}, {Key: benchfile.KeyScenario, Value: "limited"}},
		Status: benchfile.StatusComplete,
		Measurements: []benchfile.Measurement{
			{Name: pool, Rep: 0, Wall: 16 * time.Second, AllocBytes: 40000, AllocObjects: 300, GCCycles: 2, GCPause: time.Millisecond,
				ClientCPU: 1500 * time.Millisecond, ServiceCPU: 250 * time.Millisecond, HasServiceCPU: true,
				Ideal: 16 * time.Second, P50: 201 * time.Millisecond, P90: 202 * time.Millisecond, P99: 205 * time.Millisecond, Max: 210 * time.Millisecond,
				Succeeded: 19990, Failed: 10, Attempts: 20000, ServicePeak: 250, HasServicePeak: true, ClientPeak: 251, PeakGoroutines: 260, PeakHeap: 1 << 20,
				Failures: []benchfile.ClassCount{{Class: benchfile.ClassTimeout, Count: 0}, {Class: benchfile.Class429, Count: 10}}},
			{Name: adaptive, Rep: 1, Wall: time.Second, Ideal: 200 * time.Millisecond, Succeeded: 20000, Attempts: 20000,
				Limits:    []benchfile.LimitPoint{{At: 0, Limit: 20}, {At: 12 * time.Millisecond, Limit: 21}, {At: 200 * time.Millisecond, Limit: 40}},
				LimitMean: 38.5, LimitFinal: 40},
		},
		Skipped: []benchfile.Skipped{{Name: benchfile.Name{Strategy: "sequential", Concurrency: 1, Entries: 20000}, Predicted: 4000 * time.Second}},
	}
}

func TestEncodeLines(t *testing.T) {
	data, err := benchfile.Encode(sample())
	require.NoError(t, err, "Encode")
	want := "commit: abc\nscenario: limited\nstatus: complete\n\n" +
		"BenchmarkProcess/strategy=workerpool/concurrency=250/entries=20000 1 16 sec/op 40000 B/op 300 allocs/op 2 B/entry 2 gc-cycles/op 0.001 gc-pause-sec/op " +
		"1.5 client-cpu-sec/op 0.25 service-cpu-sec/op " +
		"16 ideal-sec/op 1 x-ideal 1250 entries/sec 0.201 p50-sec 0.202 p90-sec 0.205 p99-sec 0.21 max-sec 19990 succeeded/op 10 failed/op 20000 attempts/op " +
		"10 failed-429/op 250 peak-inflight 251 client-peak-inflight 260 peak-goroutines 1.048576e+06 peak-heap-B\n" +
		"BenchmarkProcess/strategy=adaptive/concurrency=20000/entries=20000 1 1 sec/op 0 B/op 0 allocs/op 0 B/entry 0 gc-cycles/op 0 gc-pause-sec/op 0 client-cpu-sec/op " +
		"20000 entries/sec 0 p50-sec 0 p90-sec 0 p99-sec 0 max-sec 20000 succeeded/op 0 failed/op 20000 attempts/op 0 client-peak-inflight 0 peak-goroutines 0 peak-heap-B " +
		"38.5 limit-mean 40 limit-final\n" +
		"# limit BenchmarkProcess/strategy=adaptive/concurrency=20000/entries=20000 rep=1 0.000:20 0.012:21 0.200:40\n" +
		"# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=20000 predicted-sec=4000\n"
	assert.Equal(t, want, string(data), "the file, byte for byte: no ideal where the limit adapts, no service CPU or service peak where unknown, no zero class counts")

	// benchstat's reader takes the file and skips the records.
	r := benchfmt.NewReader(bytes.NewReader(data), "bench.txt")
	results := 0
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("benchfmt: %v", rec)
		case *benchfmt.Result:
			results++
		}
	}
	assert.Equal(t, 2, results, "benchfmt reads two results and skips the comment records")
}

func TestEncodeHeaderOnly(t *testing.T) {
	data, err := benchfile.Encode(&benchfile.Block{Config: []benchfile.Config{{Key: benchfile.KeyCommit, Value: "abc"}}, Status: benchfile.StatusRunning})
	require.NoError(t, err, "Encode")
	assert.Equal(t, "commit: abc\nstatus: running\n", string(data), "a block without results still says what ran and how it ended")
}

func TestRoundTrip(t *testing.T) {
	first, err := benchfile.AppendBlock(nil, sample())
	require.NoError(t, err, "AppendBlock")
	second := sample()
	second.Config[1].Value = "steady"
	second.Status = benchfile.StatusInterrupted
	data, err := benchfile.AppendBlock(first, second)
	require.NoError(t, err, "AppendBlock")
	assert.Equal(t, "\ncommit:", string(data[len(first):len(first)+8]), "one blank line between blocks")

	f, err := benchfile.Read(bytes.NewReader(data), "roundtrip")
	require.NoError(t, err, "Read what Encode wrote")
	require.Len(t, f.Results, 4, "two results per block")
	require.Len(t, f.Limits, 2, "one limit record per block")
	require.Len(t, f.Skipped, 2, "one skipped record per block")
	for i, want := range []string{"limited", "limited", "steady", "steady"} {
		assert.Equal(t, want, f.Results[i].Scenario, "result %d's scenario", i)
	}
	in := sample().Measurements
	for i, r := range f.Results[:2] {
		assert.Equal(t, in[i].Name, r.Name, "name %d", i)
		wall, _ := r.Duration(benchfile.UnitSec)
		assert.Equal(t, in[i].Wall, wall, "wall %d", i)
		p99, _ := r.Duration(benchfile.UnitP99)
		assert.Equal(t, in[i].P99, p99, "p99 %d", i)
		clientCPU, _ := r.Duration(benchfile.UnitClientCPU)
		assert.Equal(t, in[i].ClientCPU, clientCPU, "client CPU %d", i)
		succeeded, _ := r.Count(benchfile.UnitSucceeded)
		assert.Equal(t, int64(in[i].Succeeded), succeeded, "succeeded %d", i)
	}
	_, ok := f.Results[1].Value(benchfile.UnitIdeal)
	assert.False(t, ok, "no ideal for the adaptive measurement")
	serviceCPU, ok := f.Results[0].Duration(benchfile.UnitServiceCPU)
	assert.True(t, ok, "service CPU where the service said it")
	assert.Equal(t, in[0].ServiceCPU, serviceCPU, "service CPU")
	_, ok = f.Results[1].Value(benchfile.UnitServiceCPU)
	assert.False(t, ok, "no service CPU where the service did not say it")
	var classes []string
	for _, v := range f.Results[0].Values {
		if c, ok := benchfile.ClassOfUnit(v.Unit); ok {
			classes = append(classes, c)
		}
	}
	assert.Equal(t, []string{benchfile.Class429}, classes, "the failure classes that failed")
	assert.Equal(t, in[1].Limits, f.Limits[0].Points, "the limit trace")
	assert.Equal(t, 1, f.Limits[0].Rep, "the limit trace's rep")
	assert.Equal(t, 4000*time.Second, f.Skipped[1].Predicted, "the prediction")
	assert.Equal(t, "steady", f.Skipped[1].Scenario, "the second block's skipped cell")
	assert.Equal(t, benchfile.StatusInterrupted, configValue(f.Results[3].Config, benchfile.KeyStatus), "each block keeps its status")
}

func configValue(config []benchfile.Config, key string) string {
	for _, c := range config {
		if c.Key == key {
			return c.Value
		}
	}
	return ""
}

// A trace of the largest size the harness keeps, with long times and wide
// limits, still fits the line length a benchfmt reader takes.
func TestEncodeLongestLimitLine(t *testing.T) {
	b := sample()
	m := &b.Measurements[1]
	m.Limits = make([]benchfile.LimitPoint, 1999)
	for i := range m.Limits {
		m.Limits[i] = benchfile.LimitPoint{At: 86400*time.Second + time.Duration(i)*time.Second, Limit: 10_000_000 - i}
	}
	data, err := benchfile.Encode(b)
	require.NoError(t, err, "Encode")
	f, err := benchfile.Read(bytes.NewReader(data), "long")
	require.NoError(t, err, "a day-long run's 1,999-point trace still reads")
	assert.Len(t, f.Limits[0].Points, 1999, "every point read back")
	line := regexp.MustCompile(`(?m)^# limit .*$`).Find(data)
	assert.Less(t, len(line), benchfile.MaxLineBytes, "the limit line fits bufio.Scanner's default token size")
}

func TestParseName(t *testing.T) {
	n := benchfile.Name{Strategy: "batches", Concurrency: 250, Entries: 1000}
	got, err := benchfile.ParseName(n.String())
	require.NoError(t, err, "ParseName(%s)", n)
	assert.Equal(t, n, got, "String and ParseName round trip")
	got, err = benchfile.ParseName("Process/entries=7/concurrency=3/strategy=x-8")
	require.NoError(t, err, "keys in any order, a GOMAXPROCS suffix")
	assert.Equal(t, benchfile.Name{Strategy: "x", Concurrency: 3, Entries: 7}, got, "the suffix is not part of the strategy")
	for _, bad := range []string{"Process", "Process/strategy=a/concurrency=1", "Process/strategy=a/concurrency=x/entries=1", "Process/concurrency=1/entries=1"} {
		_, err := benchfile.ParseName(bad)
		assert.Error(t, err, "ParseName(%q)", bad)
	}
}

func TestClasses(t *testing.T) {
	classes := benchfile.Classes()
	require.Len(t, classes, 11, "eleven failure classes")
	for _, c := range classes {
		got, ok := benchfile.ClassOfUnit(benchfile.FailedUnit(c))
		assert.True(t, ok && got == c, "FailedUnit(%q) parses back", c)
		assert.False(t, strings.ContainsAny(c, " /"), "class %q fits a unit", c)
	}
	classes[0] = "changed"
	assert.Equal(t, benchfile.ClassTimeout, benchfile.Classes()[0], "Classes returns a new slice")
	_, ok := benchfile.ClassOfUnit(benchfile.UnitFailed)
	assert.False(t, ok, "failed/op is no class")
}
