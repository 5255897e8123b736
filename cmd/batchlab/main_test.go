package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"batchlab/cmd/internal/servecmd"
	"batchlab/strategies/catalog"
)

// TestMain lets the test binary stand in for batchlab when the harness
// starts "<executable> thirdparty …" as its child service.
func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" { // the whole command, for tests of what it reads from stdin
		ctx, stop := signalContext()
		err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(exitCode(err, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "thirdparty" {
		ctx, stop := signalContext()
		err := servecmd.Run(ctx, os.Args[2:], os.Stdout, os.Stderr)
		stop()
		os.Exit(exitCode(err, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644), "make a file to use as -out")
	tests := []struct {
		name string
		args []string
		want string // a part of the one-line error
	}{
		{name: "no command", args: nil, want: "missing command"},
		{name: "unknown command", args: []string{"walk"}, want: `unknown command "walk"`},
		{name: "list with args", args: []string{"list", "x"}, want: "list takes no arguments"},
		{name: "unknown flag", args: []string{"run", "-bogus"}, want: "flag provided but not defined"},
		{name: "stray argument", args: []string{"run", "extra"}, want: "run takes no arguments"},
		{name: "unknown strategy", args: []string{"run", "-strategies", "magic"}, want: `unknown strategy "magic"`},
		{name: "empty strategy list", args: []string{"run", "-strategies", ""}, want: "-strategies is empty"},
		{name: "empty strategy name", args: []string{"run", "-strategies", "batches,,workerpool"}, want: "empty name"},
		{name: "strategy twice", args: []string{"run", "-strategies", "batches,batches"}, want: "twice"},
		{name: "zero size", args: []string{"run", "-sizes", "0"}, want: "entries must be in"},
		{name: "negative size", args: []string{"run", "-sizes", "-5"}, want: "entries must be in"},
		{name: "absurd size", args: []string{"run", "-sizes", "100000000000"}, want: "entries must be in"},
		{name: "size not a number", args: []string{"run", "-sizes", "1k"}, want: "not a whole number"},
		{name: "size twice", args: []string{"run", "-sizes", "10,10"}, want: "twice"},
		{name: "zero count", args: []string{"run", "-count", "0"}, want: "count must be > 0, got 0"},
		{name: "zero concurrency", args: []string{"run", "-concurrency", "0"}, want: "batches allows 0 calls in flight at 1000 entries: its width must be ≥ 1"},
		{name: "zero width", args: []string{"run", "-width", "0", "-strategies", "workerpool"}, want: "its width must be ≥ 1"},
		{name: "width and concurrency", args: []string{"run", "-width", "10", "-concurrency", "10"}, want: "-concurrency is the old name of -width: give one"},
		{name: "malformed delay", args: []string{"run", "-delay", "fast"}, want: "invalid value"},
		{name: "negative delay", args: []string{"run", "-delay", "-1s"}, want: "delay must be > 0, got -1s"},
		{name: "zero timeout", args: []string{"run", "-timeout", "0s"}, want: "timeout must be > 0, got 0s"},
		{name: "zero budget", args: []string{"run", "-budget", "0s"}, want: "budget must be > 0, got 0s"},
		{name: "unknown scenario", args: []string{"run", "-scenario", "chaos"}, want: "-scenario"},
		{name: "bad scenario value", args: []string{"run", "-scenario", "flaky,errors=2"}, want: "-scenario"},
		{name: "scenario with target", args: []string{"run", "-target", "http://127.0.0.1:1", "-scenario", "flaky"}, want: "a -target does what it does"},
		{name: "scenarios with target", args: []string{"run", "-target", "http://127.0.0.1:1", "-scenario", "steady,limited"}, want: "a -target does what it does"},
		{name: "scenario twice", args: []string{"run", "-scenario", "steady,limited,steady"}, want: "-scenario: thirdparty: bad scenario: the list names steady twice"},
		{name: "scenario twice after defaults", args: []string{"run", "-scenario", "limited,steady,limited,capacity=500"}, want: "the list names limited twice"},
		{name: "bad second scenario", args: []string{"run", "-scenario", "steady,chaos"}, want: `unknown preset "chaos"`},
		{name: "override before any scenario", args: []string{"run", "-scenario", "capacity=5,steady"}, want: "-scenario"},
		{name: "empty scenario part", args: []string{"run", "-scenario", "steady,,limited"}, want: "-scenario"},
		{name: "negative retries", args: []string{"run", "-retries", "-1"}, want: "retry attempts per entry must be in [0, 100], got -1"},
		{name: "too many retries", args: []string{"run", "-retries", "101"}, want: "retry attempts per entry must be in [0, 100], got 101"},
		{name: "unknown transport", args: []string{"run", "-transport", "spdy"}, want: `transport must be http1 or h2c, got "spdy"`},
		{name: "full and budget", args: []string{"run", "-full", "-budget", "10s"}, want: "give one or the other"},
		{name: "malformed target", args: []string{"run", "-target", "ftp://x"}, want: "scheme must be http"},
		{name: "unreachable target", args: []string{"run", "-target", "http://127.0.0.1:1"}, want: "not healthy"},
		{name: "unwritable out", args: []string{"run", "-delay", "1ms", "-sizes", "1", "-count", "1", "-out", filepath.Join(file, "sub")}, want: "-out"},
		{name: "service bad delay", args: []string{"thirdparty", "-delay", "-1s"}, want: "delay"},
		{name: "sweep stray argument", args: []string{"sweep", "extra"}, want: "sweep takes no arguments"},
		{name: "sweep unknown strategy", args: []string{"sweep", "-strategy", "magic"}, want: `unknown strategy "magic"`},
		{name: "sweep unbounded strategy", args: []string{"sweep", "-strategy", "unbounded"}, want: "-strategy unbounded has no width to sweep"},
		{name: "sweep sequential", args: []string{"sweep", "-strategy", "sequential"}, want: "has no width to sweep"},
		{name: "sweep adaptive", args: []string{"sweep", "-strategy", "adaptive"}, want: "has no width to sweep"},
		{name: "sweep widths descending", args: []string{"sweep", "-widths", "10,5,20"}, want: "the widths must be ascending, got 5 after 10"},
		{name: "sweep width twice", args: []string{"sweep", "-widths", "10,10,20"}, want: "the widths name 10 twice"},
		{name: "sweep width over entries", args: []string{"sweep", "-entries", "100", "-widths", "10,50,200"}, want: "width 200 is over the 100 entries"},
		{name: "sweep zero width", args: []string{"sweep", "-widths", "0,5,10"}, want: "a width must be ≥ 1"},
		{name: "sweep negative width", args: []string{"sweep", "-widths", "-5,5,10"}, want: "a width must be ≥ 1"},
		{name: "sweep width not a number", args: []string{"sweep", "-widths", "10,x,20"}, want: `"x" is not a whole number`},
		{name: "sweep empty widths", args: []string{"sweep", "-widths", ""}, want: `"" is not a whole number`},
		{name: "sweep two widths", args: []string{"sweep", "-widths", "10,20"}, want: "a sweep needs at least 3 widths, got 2"},
		{name: "sweep two entries", args: []string{"sweep", "-entries", "2"}, want: "a sweep needs at least 3 widths, got 2"},
		{name: "sweep zero entries", args: []string{"sweep", "-entries", "0"}, want: "-entries must be in"},
		{name: "sweep absurd entries", args: []string{"sweep", "-entries", "100000000000"}, want: "-entries must be in"},
		{name: "sweep zero tolerance", args: []string{"sweep", "-tolerance", "0"}, want: "tolerance must be a fraction in (0, 1), got 0 (0 %)"},
		{name: "sweep full tolerance", args: []string{"sweep", "-tolerance", "100"}, want: "tolerance must be a fraction in (0, 1), got 1 (100 %)"},
		{name: "sweep negative tolerance", args: []string{"sweep", "-tolerance", "-5"}, want: "tolerance must be a fraction in (0, 1)"},
		{name: "sweep NaN tolerance", args: []string{"sweep", "-tolerance", "NaN"}, want: "tolerance must be a fraction in (0, 1)"},
		{name: "sweep negative refine", args: []string{"sweep", "-refine", "-1"}, want: "refine must be in [0, 20], got -1"},
		{name: "sweep several scenarios", args: []string{"sweep", "-scenario", "steady,limited"}, want: "sweep takes one scenario, got 2"},
		{name: "sweep unknown scenario", args: []string{"sweep", "-scenario", "chaos"}, want: "-scenario"},
		{name: "sweep with unknown", args: []string{"sweep", "-with", "adaptive,magic"}, want: `-with: catalog: unknown strategy "magic"`},
		{name: "sweep with itself", args: []string{"sweep", "-strategy", "batches", "-with", "batches"}, want: "-with names batches, the strategy being swept"},
		{name: "sweep with twice", args: []string{"sweep", "-with", "adaptive,adaptive"}, want: `-with names "adaptive" twice`},
		{name: "sweep with empty name", args: []string{"sweep", "-with", "adaptive,,unbounded"}, want: "empty name"},
		{name: "sweep zero count", args: []string{"sweep", "-count", "0"}, want: "count must be > 0, got 0"},
		{name: "sweep scenario with target", args: []string{"sweep", "-target", "http://127.0.0.1:1", "-scenario", "limited"}, want: "a -target does what it does"},
		{name: "sweep unknown flag", args: []string{"sweep", "-sizes", "10"}, want: "flag provided but not defined"},
		{name: "sweep unreachable target", args: []string{"sweep", "-target", "http://127.0.0.1:1", "-entries", "100"}, want: "not healthy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			require.Error(t, err, "run(%q)", tt.args)
			var msg bytes.Buffer
			assert.Equal(t, 2, exitCode(err, &msg), "exit code of run(%q): %v", tt.args, err)
			line := msg.String()
			assert.Equal(t, 1, strings.Count(line, "\n"), "one line, got %q", line)
			assert.Contains(t, line, tt.want, "error line")
		})
	}
}

// lockedBuffer is safe for the child service's stderr copier and run's own
// progress lines to write at once, as an *os.File is.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRunEndToEnd(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	err := run(context.Background(), []string{"run", "-strategies", "sequential,workerpool", "-concurrency", "8",
		"-sizes", "16,64", "-count", "2", "-delay", "1ms", "-budget", "40ms", "-out", out}, &stdout, &stderr)
	require.NoError(t, err, "run: stderr=%s", stderr.String())
	data, err := os.ReadFile(filepath.Join(out, "bench.txt"))
	require.NoError(t, err, "bench.txt written")
	text := string(data)
	assert.Contains(t, text, "service: child", "the service ran as a child process")
	assert.Contains(t, text, "status: complete", "status")
	assert.Equal(t, 6, strings.Count(text, "\nBenchmarkProcess/"), "2 runs × (workerpool at 16 and 64, sequential at 16)")
	assert.Contains(t, text, "# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=64", "sequential at 64 (64 ms) is over the 40 ms budget")
	assert.Equal(t, 6, strings.Count(text, " service-cpu-sec/op "), "the child says its CPU for every repetition")
	assert.Contains(t, stdout.String(), "workerpool", "summary names the strategy")
	assert.Contains(t, stdout.String(), "cpu µs/entry", "summary shows the CPU per entry")
	assert.Contains(t, stdout.String(), "skipped sequential at 64 entries", "summary lists the skipped cell")
	assert.Contains(t, stdout.String(), filepath.Join(out, "bench.txt"), "summary gives the result path")
}

func TestList(t *testing.T) {
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"list"}, &stdout, &stdout), "list")
	for _, e := range catalog.All() {
		assert.Contains(t, stdout.String(), e.Name+" ", "list shows %s", e.Name)
	}
	for _, name := range []string{"batches(250)", "workerpool(250)", "semaphore(250)"} {
		assert.Contains(t, stdout.String(), name, "list shows %s at the default width", name)
	}
}

// runDir lays out a run directory holding a copy of a real result file
// from reports/testdata.
func runDir(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	in, err := os.ReadFile(filepath.Join("..", "..", "reports", "testdata", name))
	require.NoError(t, err, "read a real result file")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench.txt"), in, 0o644), "lay out a run directory")
	return dir
}

func TestReport(t *testing.T) {
	dir := runDir(t, "skipped.txt")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"report", dir}, &stdout, &stderr), "report: %s", stderr.String())
	table, err := os.ReadFile(filepath.Join(dir, "table.md"))
	require.NoError(t, err, "table.md written")
	assert.Contains(t, string(table), "| batches(250)", "the batches rows")
	assert.Contains(t, string(table), "seed (.NET, documented)", "the seed's figures beside batches")
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err, "report.html written")
	assert.Contains(t, string(page), "batches(250)", "the page names the strategies")
	assert.Contains(t, stdout.String(), "table.md", "report says where the table went")
	assert.Contains(t, stdout.String(), "report.html", "report says where the page went")

	for _, format := range []string{"csv", "json"} {
		stdout.Reset()
		require.NoError(t, run(context.Background(), []string{"report", "-format", format, dir}, &stdout, &stderr), "report -format %s", format)
		assert.Contains(t, stdout.String(), "workerpool", "-format %s names the strategies", format)
	}

	// Without a directory it picks the newest run under results/.
	t.Chdir(filepath.Dir(dir))
	require.NoError(t, os.MkdirAll("results", 0o755), "make results/")
	require.NoError(t, os.Rename(dir, filepath.Join("results", "run1")), "move the run under results/")
	stdout.Reset()
	require.NoError(t, run(context.Background(), []string{"report"}, &stdout, &stderr), "report with no DIR")
	assert.Contains(t, stdout.String(), filepath.Join("results", "run1", "table.md"), "newest run chosen")

	for _, args := range [][]string{{"report", t.TempDir()}, {"report", "a", "b"}, {"report", "-format", "xml", "results/run1"}} {
		err := run(context.Background(), args, &stdout, &stderr)
		assert.Equal(t, 2, exitCode(err, io.Discard), "report %q exits 2: %v", args, err)
	}
}

func TestCompare(t *testing.T) {
	oldDir, newDir := runDir(t, "quick.txt"), runDir(t, "skipped.txt")
	out := filepath.Join(t.TempDir(), "compare.html")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"compare", "-html", out, oldDir, newDir}, &stdout, &stderr), "compare: %s", stderr.String())
	assert.Contains(t, stdout.String(), "batches", "the comparison lists the strategies")
	page, err := os.ReadFile(out)
	require.NoError(t, err, "compare.html written")
	assert.Contains(t, string(page), "batches(250)", "the overlay names the strategies")

	for _, args := range [][]string{{"compare", oldDir}, {"compare", oldDir, t.TempDir()}} {
		err := run(context.Background(), args, &stdout, &stderr)
		assert.Equal(t, 2, exitCode(err, io.Discard), "compare %q exits 2: %v", args, err)
	}
}

// readResults parses a bench.txt as benchstat does.
func readResults(t *testing.T, path string) []*benchfmt.Result {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err, "open %s", path)
	defer f.Close()
	r := benchfmt.NewReader(f, path)
	var out []*benchfmt.Result
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			out = append(out, rec.Clone())
		case *benchfmt.SyntaxError:
			t.Fatalf("%s: %v", path, rec)
		}
	}
	require.NoError(t, r.Err(), "read %s", path)
	return out
}

// Several scenarios make one file of blocks, each with its own header.
func TestRunScenarios(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	err := run(context.Background(), []string{"run", "-strategies", "workerpool,adaptive", "-concurrency", "8",
		"-sizes", "32", "-count", "1", "-delay", "1ms", "-scenario", "steady,limited,capacity=4", "-out", out}, &stdout, &stderr)
	require.NoError(t, err, "run: stderr=%s", stderr.String())
	path := filepath.Join(out, "bench.txt")
	data, err := os.ReadFile(path)
	require.NoError(t, err, "bench.txt written")
	text := string(data)
	blocks := strings.Split(text, "\ngoos: ")
	require.Len(t, blocks, 2, "two blocks, each starting with the full header")
	for i, want := range []string{"scenario: steady,delay=1ms", "scenario: limited,delay=1ms,capacity=4"} {
		assert.Contains(t, blocks[i], "\n"+want+"\n", "block %d's scenario", i)
		assert.Contains(t, blocks[i], "\nstatus: complete\n", "block %d's status", i)
		assert.Contains(t, blocks[i], "\nservice: child\n", "block %d ran against a child", i)
		assert.Equal(t, 1, strings.Count(blocks[i], "\n# limit BenchmarkProcess/strategy=adaptive/"), "block %d's adaptive limit trace", i)
	}
	results := readResults(t, path)
	require.Len(t, results, 4, "2 strategies × 2 scenarios")
	for i, r := range results {
		want := []string{"steady,delay=1ms", "limited,delay=1ms,capacity=4"}[i/2]
		assert.Equal(t, want, r.GetConfig("scenario"), "result %d (%s) read with its block's scenario", i, r.Name)
	}
	assert.Contains(t, stdout.String(), "scenario steady,delay=1ms (complete)", "summary per scenario")
	assert.Contains(t, stdout.String(), "scenario limited,delay=1ms,capacity=4 (complete)", "summary per scenario")
	assert.Contains(t, stdout.String(), "results: "+path+" (complete)", "overall status")
	assert.Contains(t, stdout.String(), "-table scenario", "the benchstat line for scenarios")
	assert.Contains(t, stderr.String(), "scenario limited,delay=1ms,capacity=4 (2 of 2): service http://127.0.0.1:", "each scenario's own child service")
}

// cancelOnSecondBlock is run's stderr: it cancels the run when the second
// scenario's first repetition is reported, as Ctrl-C would.
// The child services' stderr is copied from other goroutines, so the
// state is guarded too.
type cancelOnSecondBlock struct {
	lockedBuffer
	cancel context.CancelFunc
	mu     sync.Mutex
	second bool
}

func (c *cancelOnSecondBlock) Write(p []byte) (int, error) {
	s := string(p)
	c.mu.Lock()
	if strings.Contains(s, "(2 of 3): service") {
		c.second = true
	}
	if c.second && strings.Contains(s, "batchlab: [4/9]") { // the count runs across scenarios
		c.cancel()
	}
	c.mu.Unlock()
	return c.lockedBuffer.Write(p)
}

func TestRunScenariosInterrupted(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout bytes.Buffer
	stderr := &cancelOnSecondBlock{cancel: cancel}
	err := run(ctx, []string{"run", "-strategies", "workerpool", "-concurrency", "8",
		"-sizes", "32", "-count", "3", "-delay", "1ms", "-scenario", "steady,limited,overloaded", "-out", out}, &stdout, stderr)
	require.Error(t, err, "an interrupted run fails")
	assert.Equal(t, 1, exitCode(err, io.Discard), "exit status of an interrupted run")
	assert.Contains(t, err.Error(), "interrupted", "the error says so")
	path := filepath.Join(out, "bench.txt")
	data, err := os.ReadFile(path)
	require.NoError(t, err, "bench.txt written")
	blocks := strings.Split(string(data), "\ngoos: ")
	require.Len(t, blocks, 2, "the finished block and the interrupted one; none for the scenario never started")
	assert.Contains(t, blocks[0], "\nstatus: complete\n", "the first block completed")
	assert.Equal(t, 3, strings.Count(blocks[0], "\nBenchmarkProcess/"), "the first block's 3 runs")
	assert.Contains(t, blocks[1], "\nscenario: limited,delay=1ms\n", "the second block's scenario")
	assert.Contains(t, blocks[1], "\nstatus: interrupted\n", "the current block is marked interrupted")
	assert.Equal(t, 1, strings.Count(blocks[1], "\nBenchmarkProcess/"), "the interrupted block keeps the run that finished")
	assert.Len(t, readResults(t, path), 4, "the file still parses")
	assert.Contains(t, stdout.String(), "not run: scenario overloaded,delay=1ms", "the summary names the scenario not run")
	assert.Contains(t, stdout.String(), "results: "+path+" (interrupted)", "overall status")
}
