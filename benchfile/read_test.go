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

const header = "goos: linux\ncommit: abc\n\n"

func TestReadMalformed(t *testing.T) {
	good := "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 0.5 sec/op 100 B/op\n"
	tests := []struct {
		name  string
		input string
	}{
		{name: "bad value", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 abc sec/op\n"},
		{name: "bad iteration count", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 x 0.5 sec/op\n"},
		{name: "value without unit", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 0.5\n"},
		{name: "no sec/op", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 100 B/op\n"},
		{name: "no strategy", input: header + "BenchmarkProcess/concurrency=250/entries=1000 1 0.5 sec/op\n"},
		{name: "bad entries", input: header + "BenchmarkProcess/strategy=batches/concurrency=250/entries=many 1 0.5 sec/op\n"},
		{name: "no concurrency", input: header + "BenchmarkProcess/strategy=batches/entries=1000 1 0.5 sec/op\n"},
		{name: "zero concurrency", input: header + "BenchmarkProcess/strategy=batches/concurrency=0/entries=1000 1 0.5 sec/op\n"},
		{name: "zero entries", input: header + "BenchmarkProcess/strategy=batches/concurrency=1/entries=0 1 0.5 sec/op\n"},
		{name: "skipped without prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000\n"},
		{name: "skipped with bad prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=soon\n"},
		{name: "skipped with NaN prediction", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=NaN\n"},
		{name: "skipped with a prediction too long for a Duration", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=1000 predicted-sec=1e300\n"},
		{name: "skipped with a bad name", input: header + good + "# skipped BenchmarkProcess/strategy=sequential/entries=1000 predicted-sec=1\n"},
		{name: "skipped and measured", input: header + good + "# skipped BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 predicted-sec=1\n"},
		{name: "skipped and measured in one scenario", input: header + "scenario: limited\n" + good + "# skipped BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 predicted-sec=1\n"},
		{name: "skipped before measured", input: header + "# skipped BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 predicted-sec=1\n" + good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f *benchfile.File
			var err error
			require.NotPanics(t, func() { f, err = benchfile.Read(strings.NewReader(tt.input), "bad.txt") }, "Read(%q) should not panic", tt.name)
			require.Error(t, err, "Read(%q) should return an error", tt.name)
			assert.Nil(t, f, "Read(%q) should return no file on error", tt.name)
			assert.Regexp(t, `bad\.txt:\d+: `, err.Error(), "the error names file:line")
		})
	}
}

func TestReadMalformedLimit(t *testing.T) {
	good := header + "BenchmarkProcess/strategy=adaptive/concurrency=9/entries=9 1 1 sec/op\n"
	const name = "BenchmarkProcess/strategy=adaptive/concurrency=9/entries=9"
	tests := []struct {
		name, line string
	}{
		{name: "no rep", line: "# limit " + name + " 0.000:1"},
		{name: "bad rep", line: "# limit " + name + " rep=x 0.000:1"},
		{name: "negative rep", line: "# limit " + name + " rep=-1 0.000:1"},
		{name: "no name", line: "# limit rep=0 0.000:1"},
		{name: "nothing", line: "# limit "},
		{name: "point without colon", line: "# limit " + name + " rep=0 0.000"},
		{name: "bad time", line: "# limit " + name + " rep=0 x:1"},
		{name: "NaN time", line: "# limit " + name + " rep=0 NaN:1"},
		{name: "negative time", line: "# limit " + name + " rep=0 -1:1"},
		{name: "bad limit", line: "# limit " + name + " rep=0 0.1:1.5"},
		{name: "negative limit", line: "# limit " + name + " rep=0 0.1:-3"},
		{name: "time goes back", line: "# limit " + name + " rep=0 0.5:1 0.4:2"},
		{name: "no measured cell", line: "# limit BenchmarkProcess/strategy=other/concurrency=9/entries=9 rep=0 0.000:1"},
		{name: "other scenario", line: "scenario: limited\n# limit " + name + " rep=0 0.000:1"},
		{name: "skipped cell", line: "# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=9 predicted-sec=1\n# limit BenchmarkProcess/strategy=s/concurrency=1/entries=9 rep=0 0.000:1"},
		{name: "repeated rep", line: "# limit " + name + " rep=0 0.000:1\n# limit " + name + " rep=0 0.000:2"},
		{name: "bad name keys", line: "# limit BenchmarkProcess/strategy=adaptive/entries=9 rep=0 0.000:1"},
		{name: "longer than benchfmt reads", line: "# limit " + name + " rep=0" + strings.Repeat(" 1.000:1", 9000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good + tt.line + "\n"
			f, err := benchfile.Read(strings.NewReader(in), "bad.txt")
			require.Error(t, err, "Read with limit line %q should fail", tt.name)
			assert.Nil(t, f, "no file on error")
			wantLine := strings.Count(good, "\n") + strings.Count(tt.line, "\n") + 1
			assert.Contains(t, err.Error(), "bad.txt:"+strconv.Itoa(wantLine)+":", "the error names file:line")
		})
	}
}

// benchfmt's rules for configuration lines decide which scenario a record
// belongs to: "scenario:" with no value deletes the key, and "key:value"
// without a space is not a configuration line at all.
func TestReadScenarioConfigRules(t *testing.T) {
	const in = `scenario: flaky
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=1 predicted-sec=1
scenario:
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 2 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=2 predicted-sec=1
scenario:limited
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 3 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=3 predicted-sec=1
scenario:	tabbed
BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 4 sec/op
# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=4 predicted-sec=1
`
	f, err := benchfile.Read(strings.NewReader(in), "rules")
	require.NoError(t, err, "Read")
	var results, skipped []string
	for _, r := range f.Results {
		results = append(results, r.Scenario)
	}
	for _, s := range f.Skipped {
		skipped = append(skipped, s.Scenario+"/"+strconv.Itoa(s.Name.Entries))
	}
	assert.Equal(t, []string{"flaky", "steady", "steady", "tabbed"}, results, "results' scenarios as benchfmt reads them")
	assert.Equal(t, []string{"flaky/1", "steady/2", "steady/3", "tabbed/4"}, skipped, "skipped records agree with results on their scenario")
	assert.Equal(t, []benchfile.Config{{Key: "scenario", Value: "tabbed"}}, f.Skipped[3].Config, "a record keeps the configuration in force")
}

func TestReadRecords(t *testing.T) {
	const in = `scenario: limited

BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 2 sec/op 40.5 limit-mean 50 limit-final 3 failed-429/op
# limit BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 rep=1 0.000:20 0.012:21 0.012:30 1.5:50
# skipped BenchmarkProcess/strategy=seq/concurrency=1/entries=100 predicted-sec=20.5
BenchmarkProcess/strategy=pool/concurrency=10/entries=100 1 2000000 ns/op
`
	f, err := benchfile.Read(strings.NewReader(in), "records")
	require.NoError(t, err, "Read with every record kind")
	require.Len(t, f.Results, 2, "two result lines")
	r := f.Results[0]
	assert.Equal(t, benchfile.Name{Strategy: "adaptive", Concurrency: 100, Entries: 100}, r.Name, "name keys")
	assert.Equal(t, 3, r.Line, "1-based line")
	assert.Equal(t, "limited", r.Scenario, "scenario in force")
	wall, ok := r.Duration(benchfile.UnitSec)
	assert.True(t, ok && wall == 2*time.Second, "sec/op as a Duration: %v", wall)
	n, ok := r.Count(benchfile.FailedUnit(benchfile.Class429))
	assert.True(t, ok && n == 3, "failed-429/op as a count: %d", n)
	_, ok = r.Count(benchfile.UnitLimitMean)
	assert.False(t, ok, "40.5 is not a count")
	d, ok := f.Results[1].Duration(benchfile.UnitSec)
	assert.True(t, ok && d == 2*time.Millisecond, "ns/op read as sec/op: %v", d)

	require.Len(t, f.Limits, 1, "one limit record")
	assert.Equal(t, []benchfile.LimitPoint{{At: 0, Limit: 20}, {At: 12 * time.Millisecond, Limit: 21}, {At: 12 * time.Millisecond, Limit: 30}, {At: 1500 * time.Millisecond, Limit: 50}},
		f.Limits[0].Points, "equal times are allowed")
	assert.Equal(t, 1, f.Limits[0].Rep, "rep")
	require.Len(t, f.Skipped, 1, "one skipped record")
	assert.Equal(t, 20500*time.Millisecond, f.Skipped[0].Predicted, "predicted-sec as a Duration")
	assert.Equal(t, 5, f.Skipped[0].Line, "skipped line")

	// A limit record may come before its result.
	before := "# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0 0.000:1\nBenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\n"
	f, err = benchfile.Read(strings.NewReader(before), "before")
	require.NoError(t, err, "a limit record before its result")
	assert.Len(t, f.Limits, 1, "trace read")
}

func TestReadEmpty(t *testing.T) {
	for _, in := range []string{"", header} {
		f, err := benchfile.Read(strings.NewReader(in), "empty")
		require.NoError(t, err, "a file without results is not malformed: %q", in)
		assert.Empty(t, f.Results, "no results in %q", in)
	}
	_, err := benchfile.ReadFile(filepath.Join(t.TempDir(), "nope.txt"))
	assert.ErrorIs(t, err, os.ErrNotExist, "ReadFile of a missing file")
}

// Every committed result file keeps loading.
func TestReadCommittedResults(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "results", "*", "bench.txt"))
	require.NoError(t, err, "glob")
	require.NotEmpty(t, paths, "the repository has committed results")
	for _, p := range paths {
		f, err := benchfile.ReadFile(p)
		require.NoError(t, err, "ReadFile(%s)", p)
		assert.NotEmpty(t, f.Results, "%s has results", p)
	}
}
