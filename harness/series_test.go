package harness_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
	"batchlab/harness"
	"batchlab/thirdparty"
)

// seriesPlans returns one plan per scenario label, each of one strategy
// at 20 entries and 2 repetitions against a 1 ms service; the strategy of
// the plan at index special is s instead of a plain pool.
func seriesPlans(t *testing.T, scenarios []string, special int, s harness.Subject) []*harness.Plan {
	t.Helper()
	plans := make([]*harness.Plan, len(scenarios))
	for i, sc := range scenarios {
		subject := harness.Subject{Name: "pool", Strategy: fixed{W: 4}}
		if i == special {
			subject = s
		}
		var err error
		plans[i], err = harness.NewPlan([]harness.Subject{subject},
			harness.Config{Sizes: []int{20}, Count: 2, Delay: time.Millisecond, Timeout: 10 * time.Second, Scenario: sc})
		require.NoError(t, err, "NewPlan %s", sc)
	}
	return plans
}

// blocks splits a result file into its blocks, each starting with its
// full header.
func blocks(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err, "read %s", path)
	return strings.Split(string(raw), "\ngoos: ")
}

func TestRunSeriesTarget(t *testing.T) {
	svc := target(t, time.Millisecond)
	out := filepath.Join(t.TempDir(), "bench.txt")
	plans := seriesPlans(t, []string{"steady", "limited"}, -1, harness.Subject{})
	var starts []harness.Event
	headers := 0
	s, err := harness.RunSeries(context.Background(), plans, harness.SeriesOptions{
		Out: out, Target: svc,
		Header: func() []harness.KV {
			headers++
			return []harness.KV{{Key: "commit", Value: fmt.Sprint("test", headers)}}
		},
		Progress: func(e harness.Event) {
			if e.Kind == harness.EventBlock {
				starts = append(starts, e)
			}
		},
	})
	require.NoError(t, err, "RunSeries")
	assert.Equal(t, harness.StatusComplete, s.Status, "the whole run's status")
	assert.Empty(t, s.NotRun, "every plan ran")
	require.Len(t, s.Blocks, 2, "one block per plan")
	require.Len(t, starts, 2, "an EventBlock per plan")
	for i, e := range starts {
		assert.Equal(t, i, e.Block, "EventBlock %d's index", i)
		assert.Equal(t, 2, e.Blocks, "EventBlock %d's count of plans", i)
		assert.Same(t, plans[i], e.Plan, "EventBlock %d's plan", i)
		assert.Same(t, svc, e.Service, "EventBlock %d's service is the target", i)
		assert.Equal(t, 2, e.Total, "EventBlock %d's planned runs", i)
	}
	bs := blocks(t, out)
	require.Len(t, bs, 2, "two blocks in one file")
	for i, want := range []string{"steady", "limited"} {
		assert.Contains(t, bs[i], "\nscenario: "+want+"\n", "block %d's scenario", i)
		assert.Contains(t, bs[i], fmt.Sprintf("\ncommit: test%d\n", i+1), "block %d's own header lines", i)
		assert.Contains(t, bs[i], "\nstatus: complete\n", "block %d's status", i)
		assert.Equal(t, 2, strings.Count(bs[i], "\nBenchmarkProcess/"), "block %d's 2 repetitions", i)
	}
}

func TestRunSeriesChildren(t *testing.T) {
	t.Setenv(childEnv, "1")
	out := filepath.Join(t.TempDir(), "bench.txt")
	plans := seriesPlans(t, []string{childScenario(time.Millisecond), childScenario(2 * time.Millisecond)}, -1, harness.Subject{})
	var services []*harness.Service
	s, err := harness.RunSeries(context.Background(), plans, harness.SeriesOptions{
		Out: out, Exe: os.Args[0], Stderr: os.Stderr,
		Progress: func(e harness.Event) {
			if e.Kind == harness.EventBlock {
				services = append(services, e.Service)
			}
		},
	})
	require.NoError(t, err, "RunSeries")
	assert.Equal(t, harness.StatusComplete, s.Status, "the whole run's status")
	require.Len(t, services, 2, "a service per plan")
	assert.NotEqual(t, services[0].URL, services[1].URL, "each plan has its own child")
	for i, svc := range services {
		assert.Equal(t, "child", svc.Mode, "plan %d's service", i)
		select {
		case <-svc.Done():
		default:
			t.Errorf("plan %d's child still runs after RunSeries returned", i)
		}
	}
	for i, b := range blocks(t, out) {
		assert.Contains(t, b, "\nservice: child\n", "block %d ran against a child", i)
		assert.Contains(t, b, "\ntarget: "+services[i].URL+"\n", "block %d names its own child", i)
		assert.Contains(t, b, "\nscenario: "+plans[i].Config.Scenario+"\n", "block %d's scenario", i)
	}
}

// The second of three plans is cancelled in its first measured
// repetition: the first block is complete, the second interrupted, the
// third never starts, and the whole run is interrupted.
func TestRunSeriesInterrupted(t *testing.T) {
	svc := target(t, time.Millisecond)
	out := filepath.Join(t.TempDir(), "bench.txt")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// cancelling counts calls per Run: the warm-up's 4 never reach 10, so
	// the first measured repetition is cancelled at its 10th call.
	plans := seriesPlans(t, []string{"steady", "limited", "overloaded"}, 1,
		harness.Subject{Name: "pool", Strategy: cancelling{fixed: fixed{W: 4}, k: 10, cancel: cancel}})
	s, err := harness.RunSeries(ctx, plans, harness.SeriesOptions{Out: out, Target: svc})
	require.ErrorIs(t, err, context.Canceled, "RunSeries after cancel")
	assert.Equal(t, harness.StatusInterrupted, s.Status, "the whole run's status")
	require.Len(t, s.Blocks, 2, "the completed block and the interrupted one")
	assert.Equal(t, harness.StatusComplete, s.Blocks[0].Status, "the first block's status")
	assert.Equal(t, harness.StatusInterrupted, s.Blocks[1].Status, "the second block's status")
	assert.Equal(t, plans[2:], s.NotRun, "the third plan never started")
	bs := blocks(t, out)
	require.Len(t, bs, 2, "no block for the plan never started")
	assert.Contains(t, bs[0], "\nstatus: complete\n", "the first block in the file")
	assert.Contains(t, bs[1], "\nstatus: interrupted\n", "the second block in the file")
	assert.Equal(t, 1, strings.Count(bs[1], "\n"+benchfile.PrefixPartial+"BenchmarkProcess/"), "the interrupted block keeps its repetition, as a partial record")
}

// A child that dies fails its block and the whole run, and the plans
// after it are not run.
func TestRunSeriesServiceDies(t *testing.T) {
	t.Setenv(childEnv, "1")
	out := filepath.Join(t.TempDir(), "bench.txt")
	plans := seriesPlans(t, []string{childScenario(time.Millisecond), childScenario(time.Millisecond) + ",seed=2"}, -1, harness.Subject{})
	s, err := harness.RunSeries(context.Background(), plans, harness.SeriesOptions{
		Out: out, Exe: os.Args[0], Stderr: os.Stderr,
		Progress: func(e harness.Event) {
			if e.Kind == harness.EventBlock && e.Block == 0 {
				e.Service.Kill()
				<-e.Service.Done() // dead before the plan's first call
			}
		},
	})
	require.ErrorIs(t, err, harness.ErrServiceDied, "RunSeries after the child died")
	assert.Equal(t, harness.StatusFailed, s.Status, "the whole run's status")
	require.Len(t, s.Blocks, 1, "the failed block")
	assert.Equal(t, harness.StatusFailed, s.Blocks[0].Status, "the block's status")
	assert.Equal(t, plans[1:], s.NotRun, "the second plan is not run")
	bs := blocks(t, out)
	require.Len(t, bs, 1, "one block in the file")
	assert.Contains(t, bs[0], "\nstatus: failed\n", "the block is marked failed")
}

func TestRunSeriesNothingRuns(t *testing.T) {
	plans := seriesPlans(t, []string{"steady", "limited"}, -1, harness.Subject{})
	t.Run("child does not start", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "bench.txt")
		s, err := harness.RunSeries(context.Background(), plans, harness.SeriesOptions{Out: out, Exe: filepath.Join(t.TempDir(), "missing")})
		require.Error(t, err, "RunSeries with a missing executable")
		assert.Equal(t, harness.StatusFailed, s.Status, "the whole run's status")
		assert.Empty(t, s.Blocks, "no block")
		assert.Equal(t, plans, s.NotRun, "no plan ran")
		assert.NoFileExists(t, out, "nothing written")
	})
	t.Run("cancelled before the first", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		s, err := harness.RunSeries(ctx, plans, harness.SeriesOptions{Target: target(t, time.Millisecond)})
		require.ErrorIs(t, err, context.Canceled, "RunSeries with a cancelled ctx")
		assert.Equal(t, harness.StatusInterrupted, s.Status, "the whole run's status")
		assert.Equal(t, plans, s.NotRun, "no plan ran")
	})
}

// RunSeries runs one plan per scenario into one file; here against one
// target (batchlab starts a child service per scenario instead).
func ExampleRunSeries() {
	ts := httptest.NewServer(thirdparty.NewHandler(time.Millisecond))
	defer ts.Close()
	svc, err := harness.Attach(context.Background(), ts.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	var plans []*harness.Plan
	for _, scenario := range []string{"steady", "limited"} {
		p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 10}}},
			harness.Config{Sizes: []int{50}, Count: 1, Delay: time.Millisecond, Scenario: scenario})
		if err != nil {
			fmt.Println(err)
			return
		}
		plans = append(plans, p)
	}
	s, err := harness.RunSeries(context.Background(), plans, harness.SeriesOptions{Target: svc})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, res := range s.Blocks {
		fmt.Printf("%s: %d runs, %s\n", plans[i].Config.Scenario, len(res.Measurements), res.Status)
	}
	fmt.Println("series:", s.Status)
	// Output:
	// steady: 1 runs, complete
	// limited: 1 runs, complete
	// series: complete
}
