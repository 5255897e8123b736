package harness_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
	"batchlab/harness"
)

// widthPlan is one plan of a sweep: the pool at width w, 20 entries, 2
// repetitions against a 1 ms service.
func widthPlan(t *testing.T, w int) *harness.Plan {
	t.Helper()
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: w}}},
		harness.Config{Sizes: []int{20}, Count: 2, Delay: time.Millisecond, Timeout: 10 * time.Second})
	require.NoError(t, err, "NewPlan width %d", w)
	return p
}

func TestSessionOneBlock(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bench.txt")
	s, err := harness.Open(context.Background(), harness.SessionOptions{Out: out, Target: target(t, time.Millisecond),
		Header: []harness.KV{{Key: benchfile.KeyKneeTolerance, Value: "0.05"}}})
	require.NoError(t, err, "Open")
	for _, w := range []int{2, 4} {
		res, err := s.Run(context.Background(), widthPlan(t, w))
		require.NoError(t, err, "Run width %d", w)
		assert.Len(t, res.Measurements, 2, "Run returns the plan's own measurements")
		f, err := benchfile.ReadFile(out)
		require.NoError(t, err, "the file after width %d loads", w)
		assert.Equal(t, benchfile.StatusRunning, f.Results[0].GetConfig(benchfile.KeyStatus), "checkpoints say running")
	}
	res, err := s.Close(context.Background(), nil)
	require.NoError(t, err, "Close")
	assert.Equal(t, harness.StatusComplete, res.Status, "a session that ended well is complete")
	require.Len(t, res.Measurements, 4, "the block holds every plan's measurements")
	for _, m := range res.Measurements {
		assert.Equal(t, m.Entries, m.Succeeded+m.Failed(), "%s: every entry ends once", m.Name())
	}

	raw, err := os.ReadFile(out)
	require.NoError(t, err, "read the file")
	assert.Equal(t, 1, strings.Count(string(raw), "\ngoos: ")+boolInt(strings.HasPrefix(string(raw), "goos: ")), "one block")
	assert.Contains(t, string(raw), "knee-tolerance: 0.05\n", "the extra header line")
	assert.Contains(t, string(raw), "status: complete\n", "the final status")
	sums := res.Summaries()
	require.Len(t, sums, 2, "one summary per width")
	assert.Equal(t, []int{2, 4}, []int{sums[0].Concurrency, sums[1].Concurrency}, "in the order measured")
	assert.Equal(t, 2, sums[0].Runs, "two repetitions each")
	assert.Equal(t, 40, sums[0].Succeeded+sums[0].Failed, "20 entries × 2 runs")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestSessionCloseStatus(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cancel bool
		err    error
		want   string
	}{
		{name: "complete", want: harness.StatusComplete},
		{name: "failed", err: errors.New("a width broke"), want: harness.StatusFailed},
		{name: "interrupted", cancel: true, err: context.Canceled, want: harness.StatusInterrupted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "bench.txt")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s, err := harness.Open(ctx, harness.SessionOptions{Out: out, Target: target(t, time.Millisecond)})
			require.NoError(t, err, "Open")
			_, err = s.Run(ctx, widthPlan(t, 4))
			require.NoError(t, err, "Run")
			if tt.cancel {
				cancel()
			}
			res, err := s.Close(ctx, tt.err)
			assert.ErrorIs(t, err, tt.err, "Close returns the caller's error")
			assert.Equal(t, tt.want, res.Status, "status")
			f, rerr := benchfile.ReadFile(out)
			require.NoError(t, rerr, "the file loads")
			assert.Equal(t, tt.want, f.Results[0].GetConfig(benchfile.KeyStatus), "the file says how it ended")
		})
	}
}

func TestSessionStartsAndStopsChild(t *testing.T) {
	t.Setenv(childEnv, "1") // the test binary serves as the child (TestMain)
	s, err := harness.Open(context.Background(), harness.SessionOptions{Exe: os.Args[0], Scenario: childScenario(time.Millisecond), Stderr: os.Stderr})
	require.NoError(t, err, "Open starts a child")
	svc := s.Service()
	assert.Equal(t, benchfile.ServiceChild, svc.Mode, "a child service")
	_, err = s.Run(context.Background(), widthPlan(t, 4))
	require.NoError(t, err, "Run")
	_, err = s.Close(context.Background(), nil)
	require.NoError(t, err, "Close")
	select {
	case <-svc.Done():
	case <-time.After(10 * time.Second): // a bound on a hang, not a measured time
		t.Fatal("Close left the child service running")
	}
}
