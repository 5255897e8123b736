package harness_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"batchlab/benchfile"
	"batchlab/harness"
	"batchlab/strategies"
	"batchlab/thirdparty"
)

// childEnv makes the test binary act as the third-party service, so the
// process-boundary tests start a real child without building anything.
const childEnv = "BATCHLAB_HARNESS_TEST_SERVICE"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		serveChild()
		return
	}
	os.Exit(m.Run())
}

// serveChild is a minimal stand-in for `batchlab thirdparty`: it serves
// the -scenario of the command line StartChild builds and prints the line
// StartChild reads.
func serveChild() {
	spec := "steady"
	for i, a := range os.Args {
		if a == "-scenario" && i+1 < len(os.Args) {
			spec = os.Args[i+1]
		}
	}
	sc, err := thirdparty.ParseScenario(spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	svc, err := thirdparty.NewScenarioHandler(sc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%shttp://%s\n", thirdparty.ListenPrefix, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	srv := thirdparty.NewServer(svc, sc.MaxLatency())
	go func() { <-ctx.Done(); srv.Close() }()
	_ = srv.Serve(ln)
}

// childScenario is the spec of the steady service at delay.
func childScenario(delay time.Duration) string { return "steady,delay=" + delay.String() }

func startChild(t *testing.T, delay time.Duration) *harness.Service {
	t.Helper()
	t.Setenv(childEnv, "1")
	svc, err := harness.StartChild(context.Background(), os.Args[0], childScenario(delay), os.Stderr)
	require.NoError(t, err, "StartChild")
	t.Cleanup(svc.Stop)
	return svc
}

func target(t *testing.T, delay time.Duration) *harness.Service {
	t.Helper()
	ts := httptest.NewServer(thirdparty.NewHandler(delay))
	t.Cleanup(ts.Close)
	svc, err := harness.Attach(context.Background(), ts.URL)
	require.NoError(t, err, "Attach(%s)", ts.URL)
	return svc
}

// readBench parses a result file with benchfmt, as benchstat would.
func readBench(t *testing.T, path string) (status string, results []*benchfmt.Result) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err, "open %s", path)
	defer f.Close()
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			results = append(results, rec.Clone())
		case *benchfmt.SyntaxError:
			t.Fatalf("%s: %v", path, rec)
		}
	}
	require.NoError(t, r.Err(), "read %s", path)
	// The status as the file ends, even with no result line to carry it.
	bf, err := benchfile.ReadFile(path)
	require.NoError(t, err, "read %s", path)
	return bf.Setting(benchfile.KeyStatus), results
}

func assertBooks(t *testing.T, ms []harness.Measurement) {
	t.Helper()
	for _, m := range ms {
		assert.Equal(t, m.Entries, m.Succeeded+m.Failed(), "%s rep %d: succeeded + failed = n", m.Name(), m.Rep)
	}
}

func TestRunWritesBenchstatFile(t *testing.T) {
	svc := target(t, 2*time.Millisecond)
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 10}}, {Name: "seq", Strategy: fixed{W: 1}}},
		harness.Config{Sizes: []int{20, 100}, Count: 2, Delay: 2 * time.Millisecond, Budget: 100 * time.Millisecond})
	require.NoError(t, err, "NewPlan")
	out := filepath.Join(t.TempDir(), "bench.txt")
	var events []harness.EventKind
	res, err := harness.Run(context.Background(), p, svc, harness.Options{
		Out: out, Header: []harness.KV{{Key: "commit", Value: "test"}},
		Progress: func(e harness.Event) { events = append(events, e.Kind) },
	})
	require.NoError(t, err, "Run")
	assert.Equal(t, harness.StatusComplete, res.Status, "status")
	require.Len(t, res.Measurements, 6, "pool at 20 and 100, seq at 20 (seq at 100 = 200 ms is over budget), 2 reps each")
	require.Len(t, res.Skipped, 1, "seq at 100 entries skipped")
	assert.Equal(t, 100, res.Skipped[0].Entries, "skipped cell")
	assertBooks(t, res.Measurements)
	for _, m := range res.Measurements {
		assert.Equal(t, m.Entries, m.Succeeded, "%s: every entry succeeds against a healthy service", m.Name())
		assert.GreaterOrEqual(t, m.Wall, m.Ideal, "%s: no run beats the ideal", m.Name())
		assert.Positive(t, m.AllocBytes, "%s: allocations measured", m.Name())
		assert.GreaterOrEqual(t, m.P50, 2*time.Millisecond, "%s: p50 includes the service delay", m.Name())
		assert.LessOrEqual(t, m.ServicePeak, int64(m.Concurrency), "%s: service never saw more than C in flight", m.Name())
		assert.Positive(t, m.ServicePeak, "%s: service peak read", m.Name())
		if m.Rep > 0 {
			assert.Nil(t, m.Timeline, "%s rep %d: only the first repetition has a timeline", m.Name(), m.Rep)
			continue
		}
		require.NotEmpty(t, m.Timeline, "%s: the first repetition has a timeline", m.Name())
		last := m.Timeline[len(m.Timeline)-1]
		assert.Equal(t, m.Wall, last.At, "%s: the timeline ends with the repetition", m.Name())
		assert.Equal(t, m.Entries, last.Completed, "%s: every call completed by the end", m.Name())
		for _, p := range m.Timeline {
			assert.LessOrEqual(t, p.InFlight, m.Concurrency, "%s: never more in flight than C", m.Name())
		}
	}
	raw, err := os.ReadFile(out)
	require.NoError(t, err, "read bench.txt")
	assert.Equal(t, 3, strings.Count(string(raw), "\n# timeline "), "a timeline record for each of the 3 measured cells")
	assert.Contains(t, events, harness.EventWarmup, "warm-up reported")
	assert.Contains(t, events, harness.EventSkipped, "skip reported")
	// A display names the repetition that is running, so each measured
	// repetition is announced before it ends.
	var starts, ends int
	for _, k := range events {
		switch k {
		case harness.EventRepetition:
			starts++
			assert.Equal(t, ends, starts-1, "a repetition starts only after the previous one ended")
		case harness.EventMeasured:
			ends++
			assert.Equal(t, starts, ends, "a repetition ends after it started")
		}
	}
	assert.Equal(t, 6, starts, "a start for each measured repetition")

	status, results := readBench(t, out)
	assert.Equal(t, harness.StatusComplete, status, "status line in file")
	require.Len(t, results, 6, "one line per repetition")
	assert.Equal(t, "Process/strategy=pool/concurrency=10/entries=20", results[0].Name.String(), "name")
	assert.Equal(t, "test", results[0].GetConfig("commit"), "extra header")
	assert.Equal(t, "target", results[0].GetConfig("service"), "service mode")
	for _, unit := range []string{"sec/op", "B/op", "allocs/op", "gc-cycles/op", "ideal-sec/op", "p50-sec", "p99-sec", "max-sec", "failed/op", "succeeded/op", "peak-inflight", "peak-goroutines"} {
		_, ok := results[0].Value(unit)
		assert.True(t, ok, "unit %s in result line", unit)
	}
	raw, err = os.ReadFile(out)
	require.NoError(t, err, "read file")
	assert.Contains(t, string(raw), "# skipped BenchmarkProcess/strategy=seq/concurrency=1/entries=100 predicted-sec=0.2", "skipped cell with prediction")
	assert.NotContains(t, string(raw), "ns/", "no unit contains ns")
}

// cancelAfter cancels ctx once the task has been called k times.
func cancelAfter(k int64, cancel context.CancelFunc, task strategies.Task) strategies.Task {
	var calls atomic.Int64
	return func(ctx context.Context, i int) error {
		if calls.Add(1) == k {
			cancel()
		}
		return task(ctx, i)
	}
}

type cancelling struct {
	fixed
	k      int64
	cancel context.CancelFunc
}

func (c cancelling) Run(ctx context.Context, n int, task strategies.Task) error {
	return c.fixed.Run(ctx, n, cancelAfter(c.k, c.cancel, task))
}

func TestRunInterruptedKeepsBooks(t *testing.T) {
	svc := target(t, 5*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The warm-up runs 4 calls; the measured run is cancelled at its 30th.
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: cancelling{fixed: fixed{W: 4}, k: 34, cancel: cancel}}},
		harness.Config{Sizes: []int{200}, Count: 3, Delay: 5 * time.Millisecond})
	require.NoError(t, err, "NewPlan")
	out := filepath.Join(t.TempDir(), "bench.txt")
	res, err := harness.Run(ctx, p, svc, harness.Options{Out: out})
	require.ErrorIs(t, err, context.Canceled, "Run after cancel")
	assert.Equal(t, harness.StatusInterrupted, res.Status, "status")
	require.Len(t, res.Measurements, 1, "the interrupted repetition is kept, the rest never start")
	assertBooks(t, res.Measurements)
	m := res.Measurements[0]
	assert.Positive(t, m.Failures[harness.ClassCancelled], "never-started entries count as cancelled")
	assert.True(t, m.Partial, "the repetition cut short is marked partial")
	assert.Empty(t, res.Summaries(), "a partial repetition is in no summary")
	status, results := readBench(t, out)
	assert.Equal(t, harness.StatusInterrupted, status, "file marked interrupted")
	assert.Empty(t, results, "no result line for a repetition cut short: benchstat would average it")
	f, err := benchfile.ReadFile(out)
	require.NoError(t, err, "read bench.txt")
	require.Len(t, f.Partials, 1, "a partial record instead")
	pr := f.Partials[0]
	succeeded, _ := pr.Count(benchfile.UnitSucceeded)
	failed, _ := pr.Count(benchfile.UnitFailed)
	cancelled, _ := pr.Count(benchfile.FailedUnit(benchfile.ClassCancelled))
	assert.Equal(t, int64(200), succeeded+failed, "the partial record's books: succeeded + failed = n")
	assert.Equal(t, int64(m.Failures[harness.ClassCancelled]), cancelled, "its cancelled entries")
	assert.Equal(t, harness.StatusInterrupted, f.Setting(benchfile.KeyStatus), "the file's last status")
}

// TestRunInterruptedInLastRepetition: an interrupt that leaves the loop no
// error of its own (the strategy returned, the last repetition was cut) is
// still an error: the command exits 1.
func TestRunInterruptedInLastRepetition(t *testing.T) {
	svc := target(t, 5*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: cancelling{fixed: fixed{W: 4}, k: 10, cancel: cancel}}},
		harness.Config{Sizes: []int{40}, Count: 1, Delay: 5 * time.Millisecond})
	require.NoError(t, err, "NewPlan")
	// The warm-up's 4 calls never reach k; the one measured repetition is
	// cancelled at its 10th call.
	res, err := harness.Run(ctx, p, svc, harness.Options{})
	require.ErrorIs(t, err, context.Canceled, "an interrupted run returns an error")
	assert.Equal(t, harness.StatusInterrupted, res.Status, "status")
	require.Len(t, res.Measurements, 1, "the one repetition")
	assert.True(t, res.Measurements[0].Partial, "cut short")
	assertBooks(t, res.Measurements)
}

// TestRunCheckpointsBeforeWarmup: a run killed during its warm-up leaves a
// file that says how far it got.
func TestRunCheckpointsBeforeWarmup(t *testing.T) {
	svc := target(t, time.Millisecond)
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 4}}},
		harness.Config{Sizes: []int{8}, Count: 1, Delay: time.Millisecond})
	require.NoError(t, err, "NewPlan")
	out := filepath.Join(t.TempDir(), "bench.txt")
	var atWarmup string
	_, err = harness.Run(context.Background(), p, svc, harness.Options{Out: out, Progress: func(e harness.Event) {
		if e.Kind == harness.EventWarmup {
			raw, err := os.ReadFile(out)
			require.NoError(t, err, "bench.txt exists when the warm-up starts")
			atWarmup = string(raw)
		}
	}})
	require.NoError(t, err, "Run")
	assert.Contains(t, atWarmup, "\nstatus: running\n", "the first checkpoint says the run is running")
	assert.Contains(t, atWarmup, "\ncount: 1\n", "and holds the settings")
}

// twice breaks the contract: it runs index 0 twice.
type twice struct{}

func (twice) Run(ctx context.Context, n int, task strategies.Task) error {
	for i := range n {
		_ = task(ctx, i)
	}
	return task(ctx, 0)
}

func TestRunRejectsContractBreach(t *testing.T) {
	svc := target(t, time.Millisecond)
	p, err := harness.NewPlan([]harness.Subject{{Name: "twice", Strategy: twice{}}}, harness.Config{Sizes: []int{5}, Count: 1, Delay: time.Millisecond})
	require.NoError(t, err, "NewPlan")
	res, err := harness.Run(context.Background(), p, svc, harness.Options{})
	require.Error(t, err, "Run with a strategy that calls an index twice")
	assert.Contains(t, err.Error(), "broke its contract", "error names the breach")
	assert.Equal(t, harness.StatusFailed, res.Status, "status")
}

func TestStartChild(t *testing.T) {
	svc := startChild(t, time.Millisecond)
	assert.Equal(t, "child", svc.Mode, "mode")
	assert.True(t, strings.HasPrefix(svc.URL, "http://127.0.0.1:"), "child listens on loopback, got %s", svc.URL)
	resp, err := http.Get(svc.URL + "/healthz")
	require.NoError(t, err, "healthz")
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "healthz status")
	svc.Stop()
	select {
	case <-svc.Done():
	default:
		t.Fatal("Stop returned before the child exited")
	}
}

func TestStartChildBadCommand(t *testing.T) {
	_, err := harness.StartChild(context.Background(), filepath.Join(t.TempDir(), "missing"), "steady", os.Stderr)
	assert.Error(t, err, "StartChild with a missing binary")
	// echo prints its arguments: the command line StartChild built.
	_, err = harness.StartChild(context.Background(), "/bin/echo", "steady", os.Stderr)
	assert.ErrorContains(t, err, `printed "thirdparty -scenario steady -addr 127.0.0.1:0"`, "the whole command line")
	assert.ErrorContains(t, err, thirdparty.ListenPrefix, "a child that prints something else is rejected")
}

// killer kills the child service once k calls have started.
type killer struct {
	fixed
	k   int64
	svc *harness.Service
}

func (s killer) Run(ctx context.Context, n int, task strategies.Task) error {
	var calls atomic.Int64
	return s.fixed.Run(ctx, n, func(ctx context.Context, i int) error {
		if calls.Add(1) == s.k {
			s.svc.Kill()
			<-s.svc.Done() // the service is gone before any later call
			<-ctx.Done()   // and the harness has noticed: the rest are cut off
		}
		return task(ctx, i)
	})
}

func TestRunServiceDies(t *testing.T) {
	svc := startChild(t, 20*time.Millisecond)
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: killer{fixed: fixed{W: 8}, k: 50, svc: svc}}},
		harness.Config{Sizes: []int{400}, Count: 3, Delay: 20 * time.Millisecond, Timeout: 10 * time.Second})
	require.NoError(t, err, "NewPlan")
	out := filepath.Join(t.TempDir(), "bench.txt")
	res, err := harness.Run(context.Background(), p, svc, harness.Options{Out: out})
	require.ErrorIs(t, err, harness.ErrServiceDied, "Run after the service died")
	assert.ErrorContains(t, err, "(0 of 3 runs finished)", "the repetition cut short is no finished run")
	assert.Zero(t, res.Finished(), "Finished")
	last := res.Measurements[len(res.Measurements)-1]
	assert.True(t, last.Partial, "the repetition the service died in is partial")
	assert.Positive(t, last.Failures[harness.ClassServiceDied], "entries cut off by the dead service say so")
	assert.Equal(t, harness.StatusFailed, res.Status, "status")
	assertBooks(t, res.Measurements)
	status, _ := readBench(t, out)
	assert.Equal(t, harness.StatusFailed, status, "file marked failed")
	raw, _ := os.ReadFile(out)
	assert.True(t, bytes.HasSuffix(raw, []byte("\n")), "file complete")
}

// stepping is a test adaptive strategy: a pool of width W that reports
// the limit W when it starts and W + (calls finished) after each call.
type stepping struct {
	fixed
	onLimit func(int)
}

func (s stepping) WithLimitFunc(f func(int)) strategies.Strategy { s.onLimit = f; return s }

func (s stepping) Run(ctx context.Context, n int, task strategies.Task) error {
	if s.onLimit == nil {
		return s.fixed.Run(ctx, n, task)
	}
	var mu sync.Mutex
	done := 0
	s.onLimit(s.W)
	return s.fixed.Run(ctx, n, func(ctx context.Context, i int) error {
		err := task(ctx, i)
		mu.Lock() // the contract: limit calls are serialised
		done++
		s.onLimit(s.W + done)
		mu.Unlock()
		return err
	})
}

var _ strategies.Adaptive = stepping{}

// limitLine is the format of a `# limit` line.
var limitLine = regexp.MustCompile(`^# limit (BenchmarkProcess/\S+) rep=(\d+)((?: \d+\.\d{3}:\d+)+)$`)

func TestRunRecordsLimit(t *testing.T) {
	svc := target(t, 2*time.Millisecond)
	p, err := harness.NewPlan([]harness.Subject{{Name: "adapt", Strategy: stepping{fixed: fixed{W: 10}}}, {Name: "pool", Strategy: fixed{W: 10}}},
		harness.Config{Sizes: []int{100}, Count: 2, Delay: 2 * time.Millisecond})
	require.NoError(t, err, "NewPlan")
	out := filepath.Join(t.TempDir(), "bench.txt")
	res, err := harness.Run(context.Background(), p, svc, harness.Options{Out: out})
	require.NoError(t, err, "Run")
	require.Len(t, res.Measurements, 4, "2 strategies × 2 reps")
	for _, m := range res.Measurements[:2] {
		require.NotEmpty(t, m.Limits, "%s rep %d: limit trace", m.Name(), m.Rep)
		assert.Equal(t, 110, m.LimitFinal, "%s rep %d: final limit W + n", m.Name(), m.Rep)
		assert.Equal(t, 110, m.Limits[len(m.Limits)-1].Limit, "%s rep %d: the trace ends at the final limit", m.Name(), m.Rep)
		// Structure only, never the clock: every point lies within the
		// repetition, in time order, and stepping only raises its limit,
		// from W (the first slot may already hold a raised one).
		assert.GreaterOrEqual(t, m.Limits[0].Limit, 10, "%s rep %d: the trace starts at the starting limit W or above", m.Name(), m.Rep)
		for i, p := range m.Limits {
			assert.True(t, p.At >= 0 && p.At <= m.Wall, "%s rep %d: point %d at %v within the repetition (%v)", m.Name(), m.Rep, i, p.At, m.Wall)
			if i > 0 {
				assert.GreaterOrEqual(t, p.At, m.Limits[i-1].At, "%s rep %d: point %d in time order", m.Name(), m.Rep, i)
				assert.Greater(t, p.Limit, m.Limits[i-1].Limit, "%s rep %d: point %d a raise", m.Name(), m.Rep, i)
			}
		}
		assert.True(t, m.LimitMean >= 10 && m.LimitMean <= 110, "%s rep %d: mean %v within [W, W+n]", m.Name(), m.Rep, m.LimitMean)
	}
	for _, m := range res.Measurements[2:] {
		assert.Nil(t, m.Limits, "%s: no trace for a strategy that is not adaptive", m.Name())
	}

	raw, err := os.ReadFile(out)
	require.NoError(t, err, "read file")
	lines := strings.Split(string(raw), "\n")
	var traces int
	for i, line := range lines {
		if !strings.HasPrefix(line, harness.LimitPrefix) {
			continue
		}
		traces++
		mm := limitLine.FindStringSubmatch(line)
		require.NotNil(t, mm, "limit line format: %q", line)
		prev := lines[i-1]
		assert.True(t, strings.HasPrefix(prev, mm[1]+" "), "a limit line follows its own result line: %q after %q", mm[1], prev)
		assert.Equal(t, strconv.Itoa(traces-1), mm[2], "rep number")
		last := -1.0
		for pt := range strings.FieldsSeq(mm[3]) {
			sec, _, _ := strings.Cut(pt, ":")
			at, err := strconv.ParseFloat(sec, 64)
			require.NoError(t, err, "time of %q", pt)
			assert.GreaterOrEqual(t, at, last, "times non-decreasing in %q", line)
			last = at
		}
	}
	assert.Equal(t, 2, traces, "one limit line per measured adaptive repetition, none for the warm-up")
	_, results := readBench(t, out)
	require.Len(t, results, 4, "benchfmt reads every result and skips the limit lines")
	_, ok := results[0].Value("limit-final")
	assert.True(t, ok, "limit-final on the adaptive result")
	_, ok = results[3].Value("limit-final")
	assert.False(t, ok, "no limit-final on the plain result")
}

// Two runs in one file, as batchlab run -scenario a,b writes it: each
// block has its own complete header and status, and every checkpoint of
// the second keeps the first.
func TestRunPreviousBlocks(t *testing.T) {
	svc := target(t, 2*time.Millisecond)
	out := filepath.Join(t.TempDir(), "bench.txt")
	header := []harness.KV{{Key: "commit", Value: "test"}}
	first, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 10}}},
		harness.Config{Sizes: []int{20, 40}, Count: 2, Delay: 2 * time.Millisecond, Scenario: "steady"})
	require.NoError(t, err, "NewPlan steady")
	res1, err := harness.Run(context.Background(), first, svc, harness.Options{Out: out, Header: header})
	require.NoError(t, err, "Run steady")
	prev, err := harness.AppendBlock(nil, res1)
	require.NoError(t, err, "AppendBlock")
	alone, err := os.ReadFile(out)
	require.NoError(t, err, "read file")
	assert.Equal(t, string(alone), string(prev), "AppendBlock(nil, res) is the file Run wrote")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// cancelling counts calls per Run: the warm-up (4 calls) and the runs
	// of 20 never reach 30, so the second cell's first repetition is
	// cancelled, after the first cell was checkpointed.
	second, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: cancelling{fixed: fixed{W: 4}, k: 30, cancel: cancel}}},
		harness.Config{Sizes: []int{20, 40}, Count: 2, Delay: 2 * time.Millisecond, Scenario: "limited"})
	require.NoError(t, err, "NewPlan limited")
	var checkpoints []string
	res2, err := harness.Run(ctx, second, svc, harness.Options{Out: out, Header: header, Previous: prev,
		Progress: func(e harness.Event) {
			if e.Kind == harness.EventMeasured && e.Rep == 0 && e.Cell.Entries == 40 {
				// The first cell's checkpoint is on disk by now.
				raw, err := os.ReadFile(out)
				require.NoError(t, err, "read checkpoint")
				checkpoints = append(checkpoints, string(raw))
			}
		}})
	require.ErrorIs(t, err, context.Canceled, "second run cancelled")
	assert.Equal(t, harness.StatusInterrupted, res2.Status, "second run's status")
	require.Len(t, checkpoints, 1, "one checkpoint read")
	assert.True(t, strings.HasPrefix(checkpoints[0], string(prev)+"\n"), "the checkpoint keeps the first block, then a blank line")
	assert.Contains(t, checkpoints[0][len(prev):], "status: running", "the second block's checkpoint status")

	raw, err := os.ReadFile(out)
	require.NoError(t, err, "read file")
	text := string(raw)
	require.True(t, strings.HasPrefix(text, string(prev)+"\n"), "the final file keeps the first block")
	block2 := text[len(prev)+1:]
	for _, key := range []string{"goarch:", "commit: test", "target:", "scenario: limited", "count: 2", "status: interrupted"} {
		assert.Contains(t, block2, "\n"+key, "the second block's header has %q", key)
	}
	assert.True(t, strings.HasPrefix(block2, "goos: "), "the second block starts with its full header")
	assert.Contains(t, string(prev), "status: complete", "the first block's status")

	_, results := readBench(t, out)
	require.Len(t, res2.Measurements, 3, "the second block: 2 repetitions and the one cut short")
	require.True(t, res2.Measurements[2].Partial, "the last one cut short")
	require.Len(t, results, 4+2, "every result of both blocks, and no line for the one cut short")
	for i, r := range results {
		want, status := "steady", harness.StatusComplete
		if i >= 4 {
			want, status = "limited", harness.StatusInterrupted
		}
		assert.Equal(t, want, r.GetConfig("scenario"), "result %d's scenario", i)
		assert.Equal(t, status, r.GetConfig("status"), "result %d's status", i)
	}
}
