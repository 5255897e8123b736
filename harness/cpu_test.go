package harness_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
	"batchlab/harness"
	"batchlab/thirdparty"
)

// runCPU runs a pool of 8 over 200 entries twice against svc and returns
// the measurements and the file's results.
func runCPU(t *testing.T, svc *harness.Service, delay time.Duration) ([]harness.Measurement, []benchfile.Result) {
	t.Helper()
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 8}}},
		harness.Config{Sizes: []int{200}, Count: 2, Delay: delay})
	require.NoError(t, err, "NewPlan")
	out := filepath.Join(t.TempDir(), "bench.txt")
	res, err := harness.Run(context.Background(), p, svc, harness.Options{Out: out})
	require.NoError(t, err, "Run")
	require.Len(t, res.Measurements, 2, "two repetitions")
	f, err := benchfile.ReadFile(out)
	require.NoError(t, err, "read bench.txt")
	require.Len(t, f.Results, 2, "a result line per repetition")
	return res.Measurements, f.Results
}

func TestRunMeasuresCPU(t *testing.T) {
	// A real child: its CPU is its own, apart from the client's.
	ms, results := runCPU(t, startChild(t, time.Millisecond), time.Millisecond)
	for i, m := range ms {
		assert.Positive(t, m.ClientCPU, "rep %d: the client's CPU over Run", i)
		assert.True(t, m.HasServiceCPU, "rep %d: the child says its CPU", i)
		assert.Positive(t, m.ServiceCPU, "rep %d: the child served 200 entries, which costs CPU", i)
		client, ok := results[i].Duration(benchfile.UnitClientCPU)
		assert.True(t, ok, "rep %d: client-cpu-sec/op in the file", i)
		assert.InDelta(t, m.ClientCPU.Seconds(), client.Seconds(), 1e-9, "rep %d: client CPU as measured", i)
		service, ok := results[i].Duration(benchfile.UnitServiceCPU)
		assert.True(t, ok, "rep %d: service-cpu-sec/op in the file", i)
		assert.InDelta(t, m.ServiceCPU.Seconds(), service.Seconds(), 1e-9, "rep %d: service CPU as measured", i)
	}
}

// noCPU answers /stats and /stats/reset without cpu_ns, as a target that
// keeps stats but cannot say its CPU.
type noCPU struct{ http.Handler }

func (h noCPU) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/stats" && r.URL.Path != "/stats/reset" {
		h.Handler.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	h.Handler.ServeHTTP(rec, r)
	var st thirdparty.Stats
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	st.CPUNanos = 0 // omitted from the JSON
	_ = json.NewEncoder(w).Encode(st)
}

func TestRunServiceCPUAbsentWhenUnknown(t *testing.T) {
	ts := httptest.NewServer(noCPU{thirdparty.NewHandler(time.Millisecond)})
	t.Cleanup(ts.Close)
	svc, err := harness.Attach(context.Background(), ts.URL)
	require.NoError(t, err, "Attach")
	ms, results := runCPU(t, svc, time.Millisecond)
	for i, m := range ms {
		assert.Positive(t, m.ServicePeak, "rep %d: the stats were read", i)
		assert.False(t, m.HasServiceCPU, "rep %d: no service CPU from stats without cpu_ns", i)
		assert.Positive(t, m.ClientCPU, "rep %d: the client's CPU all the same", i)
		_, ok := results[i].Value(benchfile.UnitServiceCPU)
		assert.False(t, ok, "rep %d: no service-cpu-sec/op in the file", i)
	}
}

func TestSummariesMeanCPU(t *testing.T) {
	c := harness.Cell{Strategy: "pool", Entries: 1000, Concurrency: 8}
	res := &harness.Results{Measurements: []harness.Measurement{
		{Cell: c, Wall: time.Second, ClientCPU: 40 * time.Millisecond, ServiceCPU: 20 * time.Millisecond, HasServiceCPU: true},
		{Cell: c, Rep: 1, Wall: time.Second, ClientCPU: 60 * time.Millisecond},
		{Cell: c, Rep: 2, Wall: time.Second, ClientCPU: time.Second, ServiceCPU: time.Second, HasServiceCPU: true, Partial: true},
	}}
	sums := res.Summaries()
	require.Len(t, sums, 1, "one cell")
	assert.Equal(t, 50*time.Millisecond, sums[0].ClientCPU, "client CPU: the mean of the finished runs")
	assert.Equal(t, 20*time.Millisecond, sums[0].ServiceCPU, "service CPU: the mean of the runs that had it")
	assert.Equal(t, 70*time.Microsecond, sums[0].CPUPerEntry(), "(client + service) ÷ entries")
}
