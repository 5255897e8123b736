package benchfile_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

func timelineBlock(points int) *benchfile.Block {
	name := benchfile.Name{Strategy: "batches", Concurrency: 250, Entries: 20000}
	tl := make([]benchfile.TimelinePoint, points)
	for i := range tl {
		tl[i] = benchfile.TimelinePoint{At: time.Duration(i) * 10 * time.Millisecond, InFlight: 20000, Completed: 20000 + i}
	}
	return &benchfile.Block{Status: benchfile.StatusComplete, Measurements: []benchfile.Measurement{
		{Name: name, Rep: 0, Wall: 16 * time.Second, Ideal: 16 * time.Second, Succeeded: 20000, Attempts: 20000, Timeline: tl},
		{Name: name, Rep: 1, Wall: 16 * time.Second, Ideal: 16 * time.Second, Succeeded: 20000, Attempts: 20000},
	}}
}

func TestTimelineRoundTrip(t *testing.T) {
	data, err := benchfile.Encode(timelineBlock(3))
	require.NoError(t, err, "Encode")
	assert.Contains(t, string(data), "\n# timeline BenchmarkProcess/strategy=batches/concurrency=250/entries=20000 rep=0 0.000:20000:20000 0.010:20000:20001 0.020:20000:20002\n",
		"the record follows its repetition's line")
	assert.Equal(t, 1, strings.Count(string(data), benchfile.PrefixTimeline), "only the repetition with a timeline has a record")
	f, err := benchfile.Read(bytes.NewReader(data), "t.txt")
	require.NoError(t, err, "Read")
	require.Len(t, f.Timelines, 1, "one timeline")
	assert.Equal(t, 0, f.Timelines[0].Rep, "its repetition")
	assert.Equal(t, benchfile.TimelinePoint{At: 20 * time.Millisecond, InFlight: 20000, Completed: 20002}, f.Timelines[0].Points[2], "points round-trip")
}

func TestTimelineLongestLine(t *testing.T) {
	data, err := benchfile.Encode(timelineBlock(2000)) // the harness keeps at most 2,000 points
	require.NoError(t, err, "Encode")
	for _, line := range strings.Split(string(data), "\n") {
		assert.Less(t, len(line), benchfile.MaxLineBytes, "every line fits benchfmt's scanner")
	}
	_, err = benchfile.Read(bytes.NewReader(data), "t.txt")
	assert.NoError(t, err, "and reads back")
}

func TestTimelineMalformed(t *testing.T) {
	head := "BenchmarkProcess/strategy=w/concurrency=1/entries=1 1 1 sec/op\n"
	for _, tt := range []struct{ name, line, want string }{
		{name: "no rep", line: "# timeline BenchmarkProcess/strategy=w/concurrency=1/entries=1 0.0:1:1", want: "has no rep="},
		{name: "two fields", line: "# timeline BenchmarkProcess/strategy=w/concurrency=1/entries=1 rep=0 0.0:1", want: "is not <sec>:<inflight>:<completed>"},
		{name: "negative", line: "# timeline BenchmarkProcess/strategy=w/concurrency=1/entries=1 rep=0 0.0:-1:1", want: "bad point"},
		{name: "time goes back", line: "# timeline BenchmarkProcess/strategy=w/concurrency=1/entries=1 rep=0 0.5:1:1 0.1:1:1", want: "time goes back"},
		{name: "no such cell", line: "# timeline BenchmarkProcess/strategy=x/concurrency=1/entries=1 rep=0 0.0:1:1", want: "which has no measured result"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := benchfile.Read(strings.NewReader(head+tt.line+"\n"), "t.txt")
			require.Error(t, err, "a malformed timeline is an error")
			assert.Contains(t, err.Error(), tt.want, "it says what is wrong")
			assert.Contains(t, err.Error(), "t.txt:2:", "with file:line")
		})
	}
}

func TestLatencyRoundTrip(t *testing.T) {
	b := timelineBlock(1)
	b.Measurements[0].Latency = []benchfile.LatencyQuantile{{Quantile: 0, Latency: 200 * time.Millisecond},
		{Quantile: 0.5, Latency: 203500 * time.Microsecond}, {Quantile: 1, Latency: 230 * time.Millisecond}}
	data, err := benchfile.Encode(b)
	require.NoError(t, err, "Encode")
	assert.Contains(t, string(data), " rep=0 0:0.200000 0.5:0.203500 1:0.230000\n", "quantile:seconds points")
	f, err := benchfile.Read(bytes.NewReader(data), "t.txt")
	require.NoError(t, err, "Read")
	require.Len(t, f.Latencies, 1, "one distribution")
	assert.Equal(t, b.Measurements[0].Latency, f.Latencies[0].Points, "points round-trip")

	head := "BenchmarkProcess/strategy=w/concurrency=1/entries=1 1 1 sec/op\n"
	for _, bad := range []string{"rep=0 1.5:0.1", "rep=0 0.5:0.2 0.4:0.3", "rep=0 0.5", "0:0.1"} {
		_, err := benchfile.Read(strings.NewReader(head+"# latency BenchmarkProcess/strategy=w/concurrency=1/entries=1 "+bad+"\n"), "t.txt")
		assert.ErrorContains(t, err, "t.txt:2:", "%q is an error at its line", bad)
	}
}
