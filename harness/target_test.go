package harness_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
	"batchlab/harness"
	"batchlab/thirdparty"
)

// foreign is a service batchlab does not control: no /healthz, no /stats,
// 404 for ids ≥ 90, and it counts every request by path.
func foreign(t *testing.T) (*httptest.Server, *atomic.Int64, *atomic.Int64) {
	var calls, other atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/items/"))
		if err != nil {
			other.Add(1)
			w.WriteHeader(http.StatusNotFound)
			return
		}
		calls.Add(1)
		if id >= 90 {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &calls, &other
}

// A template target is called as its template says and never asked for
// /stats or /reset: its file has no service CPU or service peak, but the
// client's peak, never over the width.
func TestRunTemplateTarget(t *testing.T) {
	srv, calls, other := foreign(t)
	tm, err := thirdparty.ParseTemplate(srv.URL+"/items/{i}", thirdparty.TemplateOptions{Header: http.Header{"Authorization": {"Bearer s3cret"}}})
	require.NoError(t, err)
	svc, err := harness.AttachTemplate(context.Background(), tm)
	require.NoError(t, err, "no health path: nothing asked")
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 8}}}, harness.Config{Sizes: []int{100}, Count: 2, Delay: time.Millisecond})
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "bench.txt")
	res, err := harness.Run(context.Background(), p, svc, harness.Options{Out: out})
	require.NoError(t, err, "Run")
	assert.Equal(t, int64(p.Requests()), calls.Load(), "Requests counts every call: the measured entries and the warm-up")
	assert.Zero(t, other.Load(), "no request but the template's: no /stats, /reset or /healthz")
	for _, m := range res.Measurements {
		assert.Equal(t, 90, m.Succeeded, "succeeded")
		assert.Equal(t, 10, m.Failures[harness.Class4xx], "404s are 4xx")
		assert.False(t, m.HasServiceCPU || m.HasServicePeak, "the service says nothing")
		assert.Positive(t, m.ClientPeak, "the client counted its calls in flight")
		assert.LessOrEqual(t, m.ClientPeak, int64(8), "client peak within the width")
	}
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	text := string(data)
	assert.Contains(t, text, "\ntarget: "+srv.URL+"/items/{i}\n", "the template is the target")
	assert.Contains(t, text, "\nheaders: Authorization\n", "header names recorded")
	assert.NotContains(t, text, "s3cret", "never a header's value")
	assert.NotContains(t, text, benchfile.UnitServiceCPU, "no service CPU")
	assert.NotContains(t, text, " "+benchfile.UnitPeakInflight, "no service peak")
	assert.Contains(t, text, benchfile.UnitClientPeakInflight, "the client's peak")
}

// The mock reports its peak and the client counts its own: both recorded.
func TestRunMockRecordsBothPeaks(t *testing.T) {
	ts := httptest.NewServer(thirdparty.NewHandler(time.Millisecond))
	defer ts.Close()
	svc, err := harness.Attach(context.Background(), ts.URL)
	require.NoError(t, err)
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 5}}}, harness.Config{Sizes: []int{50}, Count: 1, Delay: time.Millisecond})
	require.NoError(t, err)
	res, err := harness.Run(context.Background(), p, svc, harness.Options{})
	require.NoError(t, err)
	m := res.Measurements[0]
	assert.True(t, m.HasServicePeak, "the mock says its peak")
	assert.LessOrEqual(t, m.ServicePeak, int64(5), "service peak within the width")
	assert.LessOrEqual(t, m.ClientPeak, int64(5), "client peak within the width")
	assert.Positive(t, m.ClientPeak, "client peak counted")
}

func TestAttachTemplateHealth(t *testing.T) {
	srv, _, _ := foreign(t)
	tm, err := thirdparty.ParseTemplate(srv.URL+"/items/{i}", thirdparty.TemplateOptions{Health: "/up"})
	require.NoError(t, err)
	_, err = harness.AttachTemplate(context.Background(), tm)
	assert.ErrorContains(t, err, "health check: thirdparty: GET "+srv.URL+"/up answered 404, want 2xx", "which URL answered what")
}

func TestProbe(t *testing.T) {
	srv, calls, _ := foreign(t)
	tm, err := thirdparty.ParseTemplate(srv.URL+"/items/{i}", thirdparty.TemplateOptions{})
	require.NoError(t, err)
	svc, err := harness.AttachTemplate(context.Background(), tm)
	require.NoError(t, err)
	d, err := svc.Probe(context.Background(), time.Second, "")
	require.NoError(t, err, "Probe")
	assert.Positive(t, d, "a median")
	assert.Equal(t, d, svc.ProbeMedian, "kept for the header")
	assert.Equal(t, int64(harness.ProbeCalls), calls.Load(), "ProbeCalls calls")

	dead, err := thirdparty.ParseTemplate("http://127.0.0.1:1/{i}", thirdparty.TemplateOptions{})
	require.NoError(t, err)
	svc, err = harness.AttachTemplate(context.Background(), dead)
	require.NoError(t, err)
	_, err = svc.Probe(context.Background(), time.Second, "")
	assert.ErrorContains(t, err, "none of 5 calls", "nothing answered")
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{"localhost": true, "127.0.0.1": true, "127.9.9.9": true, "::1": true,
		"192.0.2.1": false, "example.com": false, "": false, "0.0.0.0": false} {
		assert.Equal(t, want, harness.IsLoopback(host), "IsLoopback(%q)", host)
	}
}

// A MaxRate cap is a floor on the ideal: n / rate, and on the warm-up.
func TestMaxRateIdeal(t *testing.T) {
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 100}}},
		harness.Config{Sizes: []int{1000}, Count: 2, Delay: 10 * time.Millisecond, MaxRate: 500})
	require.NoError(t, err)
	assert.Equal(t, 2*time.Second, p.Cells[0].Ideal, "1,000 starts at 500/s")
	assert.Equal(t, 2*2*time.Second+200*time.Millisecond, p.Predicted(), "two runs and a warm-up of 100 at 500/s")
	assert.Equal(t, 2*1000+100, p.Requests(), "requests")
	_, err = harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 100}}}, harness.Config{MaxRate: -1})
	assert.ErrorContains(t, err, "max rate must be ≥ 0", "a negative rate")
}
