package benchfile_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"batchlab/benchfile"
)

func TestPartialRoundTrip(t *testing.T) {
	name := benchfile.Name{Strategy: "workerpool", Concurrency: 250, Entries: 20000}
	b := &benchfile.Block{
		Config: []benchfile.Config{{Key: benchfile.KeyScenario, Value: "steady"}},
		Status: benchfile.StatusInterrupted,
		Measurements: []benchfile.Measurement{
			{Name: name, Rep: 0, Wall: 16 * time.Second, Ideal: 16 * time.Second, Succeeded: 20000, Attempts: 20000},
			{Name: name, Rep: 1, Wall: 685 * time.Millisecond, Ideal: 16 * time.Second, Succeeded: 750, Failed: 19250, Attempts: 1000,
				Failures: []benchfile.ClassCount{{Class: benchfile.ClassCancelled, Count: 19250}}, Partial: true,
				Timeline: []benchfile.TimelinePoint{{At: time.Millisecond, InFlight: 250}}},
		},
	}
	data, err := benchfile.Encode(b)
	require.NoError(t, err, "Encode")
	text := string(data)
	assert.Equal(t, 1, strings.Count(text, "\nBenchmarkProcess/"), "one result line: the repetition that finished")
	assert.Contains(t, text, "\n# partial BenchmarkProcess/strategy=workerpool/concurrency=250/entries=20000 rep=1 0.685 sec/op ", "the cut one as a partial record")
	assert.NotContains(t, text, "# timeline", "no trace records for a repetition cut short")

	br := benchfmt.NewReader(bytes.NewReader(data), "bench.txt")
	results := 0
	for br.Scan() {
		if _, ok := br.Result().(*benchfmt.Result); ok {
			results++
		}
	}
	assert.Equal(t, 1, results, "benchstat reads one result and skips the partial record")

	f, err := benchfile.Read(bytes.NewReader(data), "bench.txt")
	require.NoError(t, err, "Read")
	require.Len(t, f.Results, 1, "results")
	require.Len(t, f.Partials, 1, "partials")
	p := f.Partials[0]
	assert.Equal(t, name, p.Name, "name")
	assert.Equal(t, 1, p.Rep, "rep")
	assert.Equal(t, "steady", p.Scenario, "scenario in force")
	sec, _ := p.Duration(benchfile.UnitSec)
	assert.Equal(t, 685*time.Millisecond, sec, "its time")
	ok, _ := p.Count(benchfile.UnitSucceeded)
	cancelled, _ := p.Count(benchfile.FailedUnit(benchfile.ClassCancelled))
	assert.Equal(t, int64(20000), ok+cancelled, "its whole accounting")
	assert.Equal(t, benchfile.StatusInterrupted, f.Setting(benchfile.KeyStatus), "the file's status")
}

func TestPartialOnlyHasHeader(t *testing.T) {
	name := benchfile.Name{Strategy: "workerpool", Concurrency: 250, Entries: 20000}
	data, err := benchfile.Encode(&benchfile.Block{Config: []benchfile.Config{{Key: benchfile.KeyCount, Value: "3"}}, Status: benchfile.StatusInterrupted,
		Measurements: []benchfile.Measurement{{Name: name, Wall: time.Second, Succeeded: 10, Failed: 19990, Partial: true}}})
	require.NoError(t, err, "Encode")
	assert.True(t, strings.HasPrefix(string(data), "count: 3\nstatus: interrupted\n"), "the header, though no result line carries it: %q", data)
	f, err := benchfile.Read(bytes.NewReader(data), "bench.txt")
	require.NoError(t, err, "Read")
	assert.Empty(t, f.Results, "no results")
	assert.Len(t, f.Partials, 1, "one partial")
	assert.Equal(t, "3", f.Setting(benchfile.KeyCount), "settings readable")
}

func TestReadMalformedPartial(t *testing.T) {
	for _, line := range []string{
		"# partial BenchmarkProcess/strategy=w/concurrency=2/entries=4 rep=0 1 sec/op 3",
		"# partial BenchmarkProcess/strategy=w/concurrency=2/entries=4 rep=0 x sec/op",
		"# partial BenchmarkProcess/strategy=w/concurrency=2/entries=4 rep=0 4 succeeded/op",
		"# partial BenchmarkProcess/strategy=w/concurrency=2/entries=4 1 sec/op",
	} {
		_, err := benchfile.Read(strings.NewReader(line+"\n"), "bench.txt")
		assert.ErrorContains(t, err, "bench.txt:1:", "%q is rejected with its line", line)
	}
}
