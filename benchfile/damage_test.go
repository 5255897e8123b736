package benchfile_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

// damagedBlock is a whole file as the harness writes it: two repetitions
// of a 20,000-entry cell, the first with its timeline and latency records,
// then a repetition cut short.
func damagedBlock(t *testing.T) string {
	t.Helper()
	name := benchfile.Name{Strategy: "workerpool", Concurrency: 250, Entries: 20000}
	m := func(rep int) benchfile.Measurement {
		return benchfile.Measurement{Name: name, Rep: rep, Wall: 16 * time.Second, Ideal: 16 * time.Second, AllocBytes: 4e8,
			Succeeded: 19000, Failed: 1000, Attempts: 21000, Failures: []benchfile.ClassCount{{Class: benchfile.Class5xx, Count: 1000}}}
	}
	first := m(0)
	first.Timeline = []benchfile.TimelinePoint{{At: time.Second, InFlight: 250, Completed: 1250}}
	first.Latency = []benchfile.LatencyQuantile{{Quantile: 0.5, Latency: 200 * time.Millisecond}, {Quantile: 1, Latency: 400 * time.Millisecond}}
	cut := m(2)
	cut.Partial, cut.Wall, cut.Succeeded, cut.Failed = true, time.Second, 1250, 18750
	cut.Failures = []benchfile.ClassCount{{Class: benchfile.ClassCancelled, Count: 18750}}
	data, err := benchfile.Encode(&benchfile.Block{Config: []benchfile.Config{{Key: benchfile.KeyCommit, Value: "abc"}},
		Status: benchfile.StatusInterrupted, Measurements: []benchfile.Measurement{first, m(1), cut}})
	require.NoError(t, err, "Encode")
	return string(data)
}

// lineOf returns the 1-based line of text that starts with prefix.
func lineOf(t *testing.T, text, prefix string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	require.Failf(t, "no line", "no line starts with %q", prefix)
	return 0
}

// A file cut while it was written or copied ends in a line without its
// newline: read whole it would pass for a run (cut after succeeded/op) or
// a run with 0 succeeded and 0 failed (cut after B/op), and a record cut
// mid-field would fail the whole file. It is skipped, and said.
func TestReadCutLastLine(t *testing.T) {
	whole := damagedBlock(t)
	second := lineOf(t, whole, "BenchmarkProcess/") + 3 // the result line after the first's timeline and latency
	cutAfter := func(prefix, marker string) string {
		start := strings.Index(whole, prefix)
		require.GreaterOrEqual(t, start, 0, "prefix %q", prefix)
		end := strings.Index(whole[start:], marker)
		require.GreaterOrEqual(t, end, 0, "marker %q after %q", marker, prefix)
		return whole[:start+end+len(marker)]
	}
	tests := []struct {
		name       string
		in         string
		line       int
		results    int
		timelines  int
		partials   int
		latencyRec int
	}{
		{name: "after succeeded/op", in: cutAfter("BenchmarkProcess/", " succeeded/op"), line: second - 3, results: 0},
		{name: "after B/op", in: cutAfter("BenchmarkProcess/", " B/op"), line: second - 3, results: 0},
		{name: "second result after succeeded/op", in: whole[:strings.Index(whole, "# partial")] + "BenchmarkProcess/strategy=workerpool/concurrency=250/entries=20000 1 16 sec/op 19000 succeeded/op",
			line: second + 1, results: 2, timelines: 1, latencyRec: 1},
		{name: "mid timeline record", in: cutAfter("# timeline ", "rep=0 1.0"), line: second - 2, results: 1},
		{name: "mid latency record", in: cutAfter("# latency ", "rep=0 0."), line: second - 1, results: 1, timelines: 1},
		{name: "mid partial record", in: cutAfter("# partial ", "rep=2 1 sec/op 4"), line: second + 1, results: 2, timelines: 1, latencyRec: 1},
		{name: "mid partial record's name", in: cutAfter("# partial ", "Benchmark"), line: second + 1, results: 2, timelines: 1, latencyRec: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := benchfile.Read(strings.NewReader(tt.in), "bench.txt")
			require.NoError(t, err, "a cut last line is skipped, not an error")
			require.Len(t, f.Damaged, 1, "one damaged line: %v", f.Damaged)
			assert.Equal(t, benchfile.Damage{File: "bench.txt", Line: tt.line, Reason: "last line has no newline (cut short?)"}, f.Damaged[0], "which line, and why")
			assert.Equal(t, "bench.txt:"+strconv.Itoa(tt.line)+": last line has no newline (cut short?): skipped", f.Damaged[0].String(), "the warning")
			assert.Len(t, f.Results, tt.results, "the whole results are kept")
			assert.Len(t, f.Timelines, tt.timelines, "timeline records")
			assert.Len(t, f.Latencies, tt.latencyRec, "latency records")
			assert.Len(t, f.Partials, tt.partials, "partial records")
		})
	}
}

// In a file whose results carry succeeded/op, a result that misses a count
// or whose counts do not sum to its entries is skipped, with the records
// of its repetition; a whole file reports nothing.
func TestReadCountsDamaged(t *testing.T) {
	whole := damagedBlock(t)
	f, err := benchfile.Read(strings.NewReader(whole), "bench.txt")
	require.NoError(t, err, "Read")
	assert.Empty(t, f.Damaged, "a whole file has no damage")
	require.Len(t, f.Results, 2, "two results")
	require.Len(t, f.Partials, 1, "one partial")

	first := lineOf(t, whole, "BenchmarkProcess/")
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.Replace(s, old, new, 1) }
	}
	tests := []struct {
		name    string
		damage  func(string) string
		line    int
		reason  string
		damaged int // lines skipped
		results int
	}{
		{name: "counts do not sum", damage: replace("19000 succeeded/op", "18000 succeeded/op"), line: first,
			reason: "succeeded 18000 + failed 1000 ≠ entries 20000", damaged: 3, results: 1},
		{name: "cut after B/op, then ended by an append", damage: cutLineAfter(first, " B/op"), line: first,
			reason: "result has no succeeded/op or failed/op, which the file's other results have (cut short?)", damaged: 3, results: 1},
		{name: "cut after succeeded/op, then ended by an append", damage: cutLineAfter(first, " succeeded/op"), line: first,
			reason: "result has succeeded/op but no failed/op (cut short?)", damaged: 3, results: 1},
		{name: "not whole", damage: replace("19000 succeeded/op", "19000.5 succeeded/op"), line: first,
			reason: "succeeded 19000.5 and failed 1000 are not counts", damaged: 3, results: 1},
		{name: "partial record", damage: replace("1250 succeeded/op", "1200 succeeded/op"), line: first + 4,
			reason: "partial record: succeeded 1200 + failed 18750 ≠ entries 20000", damaged: 1, results: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := benchfile.Read(strings.NewReader(tt.damage(whole)), "bench.txt")
			require.NoError(t, err, "a damaged result is skipped, not an error")
			require.Len(t, f.Damaged, tt.damaged, "damaged lines: %v", f.Damaged)
			assert.Equal(t, benchfile.Damage{File: "bench.txt", Line: tt.line, Reason: tt.reason}, f.Damaged[0], "which line, and why")
			assert.Len(t, f.Results, tt.results, "results kept")
			if tt.damaged == 3 {
				assert.Empty(t, f.Timelines, "the skipped result's timeline goes with it")
				assert.Empty(t, f.Latencies, "and its latency record")
				want := "bench.txt:" + strconv.Itoa(tt.line+1) + ": timeline record of the result at line " + strconv.Itoa(tt.line) + ": skipped"
				assert.Equal(t, want, f.Damaged[1].String(), "the record is named")
			}
		})
	}
}

// cutLineAfter returns a function that cuts line n just after marker, as a
// write cut short would, and keeps the lines after it, as an append that
// ends the cut line with a newline would.
func cutLineAfter(n int, marker string) func(string) string {
	return func(s string) string {
		lines := strings.Split(s, "\n")
		l := lines[n-1]
		lines[n-1] = l[:strings.Index(l, marker)+len(marker)]
		return strings.Join(lines, "\n")
	}
}

// Files without succeeded/op (another tool's, or written by hand) are
// taken as they are, and a blank unterminated tail is no damage.
func TestReadNotDamaged(t *testing.T) {
	for _, in := range []string{
		"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 100 B/op\n",
		"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 3 failed/op 3 failed-429/op\n",
		"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\n  ",
		"",
	} {
		f, err := benchfile.Read(strings.NewReader(in), "bench.txt")
		require.NoError(t, err, "Read(%q)", in)
		assert.Empty(t, f.Damaged, "Read(%q) finds no damage", in)
	}
	paths, err := filepath.Glob(filepath.Join("..", "results", "*", "bench.txt"))
	require.NoError(t, err, "glob")
	more, err := filepath.Glob(filepath.Join("..", "reports", "testdata", "*.txt"))
	require.NoError(t, err, "glob")
	for _, p := range append(paths, more...) {
		data, err := os.ReadFile(p)
		require.NoError(t, err, "read %s", p)
		f, err := benchfile.Read(strings.NewReader(string(data)), p)
		if err == nil {
			assert.Empty(t, f.Damaged, "%s is whole", p)
		}
	}
}
