package harness_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"batchlab/harness"
)

// parse reads data as benchstat does, failing on any syntax error, and
// returns its results.
func parse(t *testing.T, data []byte) []*benchfmt.Result {
	t.Helper()
	r := benchfmt.NewReader(bytes.NewReader(data), "bench.txt")
	var out []*benchfmt.Result
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			out = append(out, rec.Clone())
		case *benchfmt.SyntaxError:
			t.Fatalf("benchfmt: %v", rec)
		}
	}
	require.NoError(t, r.Err(), "benchfmt reads the file")
	return out
}

// adaptiveResults is a run with one adaptive repetition and one plain one.
func adaptiveResults() *harness.Results {
	cell := harness.Cell{Strategy: "adaptive", Entries: 20000, Concurrency: 20000, Ideal: 200 * time.Millisecond}
	m := harness.Measurement{Cell: cell, Rep: 0, Wall: time.Second, Succeeded: 20000, Attempts: 20000,
		Limits:    []harness.LimitPoint{{At: 0, Limit: 20}, {At: 12 * time.Millisecond, Limit: 21}, {At: 200 * time.Millisecond, Limit: 40}},
		LimitMean: 38.5, LimitFinal: 40}
	plain := harness.Measurement{Cell: harness.Cell{Strategy: "workerpool", Entries: 20000, Concurrency: 250, Ideal: 16 * time.Second},
		Wall: 16 * time.Second, Succeeded: 20000, Attempts: 20000}
	return &harness.Results{Header: []harness.KV{{Key: "commit", Value: "test"}}, Measurements: []harness.Measurement{m, plain}, Status: harness.StatusComplete}
}

func TestEncodeLimitLine(t *testing.T) {
	data, err := harness.Encode(adaptiveResults())
	require.NoError(t, err, "Encode")
	lines := strings.Split(string(data), "\n")
	i := 0
	for i < len(lines) && !strings.HasPrefix(lines[i], "BenchmarkProcess/strategy=adaptive/") {
		i++
	}
	require.Less(t, i+1, len(lines), "the adaptive result line and a line after it")
	assert.Contains(t, lines[i], " 38.5 limit-mean 40 limit-final", "the limit metrics end the adaptive result line")
	assert.Equal(t, "# limit BenchmarkProcess/strategy=adaptive/concurrency=20000/entries=20000 rep=0 0.000:20 0.012:21 0.200:40", lines[i+1],
		"the limit line follows its result line")
	assert.True(t, strings.HasPrefix(lines[i+2], "BenchmarkProcess/strategy=workerpool/"), "then the next result, got %q", lines[i+2])
	assert.NotContains(t, lines[i+2], "limit-", "no limit metrics for a strategy without a trace")
	assert.NotContains(t, lines[i], "ideal", "no ideal-sec/op or x-ideal where the limit adapts")
	assert.Contains(t, lines[i+2], " 16 ideal-sec/op 1 x-ideal ", "a fixed concurrency keeps its ideal and ratio")
	assert.Equal(t, 1, strings.Count(string(data), harness.LimitPrefix), "one limit line: the plain strategy has none")

	results := parse(t, data)
	require.Len(t, results, 2, "benchfmt reads the two result lines and skips the comment")
	v, ok := results[0].Value("limit-mean")
	assert.True(t, ok, "limit-mean read back")
	assert.Equal(t, 38.5, v, "limit-mean read back")
	v, ok = results[0].Value("limit-final")
	assert.True(t, ok, "limit-final read back")
	assert.Equal(t, 40.0, v, "limit-final read back")
	_, ok = results[1].Value("limit-mean")
	assert.False(t, ok, "no limit-mean for the plain strategy")
	for _, r := range results {
		assert.NotContains(t, r.Name.String(), "limit", "no result is made of the comment")
	}
}

// A trace of the largest size, with long times and wide limits, still
// fits the line length a benchfmt reader takes.
func TestEncodeLongestLimitLine(t *testing.T) {
	res := adaptiveResults()
	m := &res.Measurements[0]
	m.Limits = make([]harness.LimitPoint, 1999)
	for i := range m.Limits {
		m.Limits[i] = harness.LimitPoint{At: 86400*time.Second + time.Duration(i)*time.Second, Limit: 10_000_000 - i}
	}
	data, err := harness.Encode(res)
	require.NoError(t, err, "Encode")
	assert.Len(t, parse(t, data), 2, "a day-long run's 1,999-point trace still parses")
	line := regexp.MustCompile(`(?m)^# limit .*$`).Find(data)
	assert.Less(t, len(line), 64*1024, "the limit line fits bufio.Scanner's default token size")
}
