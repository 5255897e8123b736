package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

// mainEnv makes the test binary run the whole batchlab command, with its
// own stdin (not a terminal under exec).
const mainEnv = "BATCHLAB_TEST_MAIN"

// runTarget runs batchlab with args into a fresh -out and returns the
// result file's text and its results.
func runTarget(t *testing.T, args ...string) (text string, f *benchfile.File, stdout, stderr string) {
	t.Helper()
	out := t.TempDir()
	var so bytes.Buffer
	var se lockedBuffer
	err := run(context.Background(), append(args, "-out", out), &so, &se)
	require.NoError(t, err, "run %q: stderr=%s", args, se.String())
	data, err := os.ReadFile(filepath.Join(out, "bench.txt"))
	require.NoError(t, err, "bench.txt written")
	f, err = benchfile.ReadFile(filepath.Join(out, "bench.txt"))
	require.NoError(t, err, "bench.txt reads back")
	return string(data), f, so.String(), se.String()
}

// count returns the sum of unit over the results.
func count(t *testing.T, f *benchfile.File, unit string) int64 {
	var total int64
	for _, r := range f.Results {
		n, ok := r.Count(unit)
		require.True(t, ok, "%s has %s", r.Name, unit)
		total += n
	}
	return total
}

// A static file server holding 900 of 1,000 templated paths: 900
// succeeded, 100 failed as 4xx, and the client's peak within the width.
func TestTargetFileServer(t *testing.T) {
	dir := t.TempDir()
	for i := range 900 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, strconv.Itoa(i)+".txt"), []byte("entry\n"), 0o644))
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	text, f, _, stderr := runTarget(t, "run", "-target", srv.URL+"/{i}.txt", "-strategies", "workerpool", "-width", "16", "-sizes", "1000", "-count", "1")
	require.Len(t, f.Results, 1, "one repetition")
	assert.Equal(t, int64(900), count(t, f, benchfile.UnitSucceeded), "succeeded")
	assert.Equal(t, int64(100), count(t, f, benchfile.UnitFailed), "failed")
	assert.Equal(t, int64(100), count(t, f, benchfile.FailedUnit(benchfile.Class4xx)), "the 404s are 4xx")
	peak := count(t, f, benchfile.UnitClientPeakInflight)
	assert.Positive(t, peak, "client peak recorded")
	assert.LessOrEqual(t, peak, int64(16), "client peak within the width")
	_, ok := f.Results[0].Value(benchfile.UnitPeakInflight)
	assert.False(t, ok, "no service peak from a file server")
	assert.Contains(t, text, "\nprobe-median: ", "no -delay: the probe's median is recorded")
	assert.Contains(t, stderr, "batchlab: probe: median", "the probe is said")
}

// A service with no /healthz or /stats, 404 for some ids and slow for
// others; an echoing one shows the body's {i} and the header's value
// arrived, and the value is in no output.
func TestTargetForeignService(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{} // path → body and header seen
	var other atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/v1/items/"))
		if err != nil {
			other.Add(1)
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got[r.URL.Path] = string(body) + "|" + r.Header.Get("Authorization")
		mu.Unlock()
		switch {
		case id%10 == 3:
			http.NotFound(w, r)
		case id%10 == 7:
			time.Sleep(5 * time.Millisecond)
		}
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	t.Setenv("I14_TEST_TOKEN", "tok-9f8e7d")
	text, f, stdout, stderr := runTarget(t, "run", "-target", srv.URL+"/v1/items/{i}", "-method", "POST", "-body", `{"id":{i}}`,
		"-header", "Authorization: Bearer ${I14_TEST_TOKEN}", "-header", "X-Trace: t1", "-strategies", "semaphore", "-width", "5",
		"-sizes", "100", "-count", "2", "-delay", "1ms")
	assert.Equal(t, int64(180), count(t, f, benchfile.UnitSucceeded), "9 of 10 ids succeed, twice")
	assert.Equal(t, int64(20), count(t, f, benchfile.FailedUnit(benchfile.Class4xx)), "1 of 10 is 404")
	assert.Zero(t, other.Load(), "no /healthz, /stats or /stats/reset asked")
	mu.Lock()
	assert.Equal(t, `{"id":42}|Bearer tok-9f8e7d`, got["/v1/items/42"], "the body's {i} expanded, the header's value arrived")
	mu.Unlock()
	for name, s := range map[string]string{"bench.txt": text, "stdout": stdout, "stderr": stderr} {
		assert.NotContains(t, s, "tok-9f8e7d", "%s never holds a header's value", name)
	}
	assert.Contains(t, text, "\nheaders: Authorization, X-Trace\n", "header names recorded")
	assert.Contains(t, text, "\nmethod: POST\n", "method recorded")
	assert.NotContains(t, text, "probe-median", "-delay given: no probe")
	assert.NotContains(t, text, benchfile.UnitServiceCPU, "no service CPU")
}

// A template without {i} runs, warned: every entry hits one URL.
func TestTargetWithoutIndexWarns(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/same" {
			hits.Add(1)
		}
	}))
	defer srv.Close()
	_, f, _, stderr := runTarget(t, "run", "-target", srv.URL+"/same", "-strategies", "workerpool", "-width", "4", "-sizes", "20", "-count", "1", "-delay", "1ms")
	assert.Equal(t, int64(20), count(t, f, benchfile.UnitSucceeded), "succeeded")
	assert.Equal(t, int64(24), hits.Load(), "20 entries and a warm-up of 4, all one URL")
	assert.Contains(t, stderr, "has no {i}: every entry calls the same URL", "warned")
}

// -health must answer 2xx; the error says which URL answered what.
func TestTargetHealth(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"run", "-target", srv.URL + "/{i}", "-health", "/ready", "-delay", "1ms", "-out", t.TempDir()}, &stdout, &stderr)
	var msg bytes.Buffer
	assert.Equal(t, 2, exitCode(err, &msg), "exit code: %v", err)
	assert.Contains(t, msg.String(), "GET "+srv.URL+"/ready answered 404, want 2xx", "which URL answered what")
}

// -max-rate caps the client's call starts: each repetition's n starts
// take at least (n-1)/rate, which no slowness can make shorter, and the
// ideal follows the cap.
func TestTargetMaxRate(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	text, f, _, _ := runTarget(t, "run", "-target", srv.URL+"/{i}", "-strategies", "unbounded", "-sizes", "30", "-count", "2",
		"-delay", "1ms", "-max-rate", "200/s")
	assert.Contains(t, text, "\nmax-rate: 200/s\n", "the cap is recorded")
	assert.Equal(t, int64(30*2+30), hits.Load(), "every call counted once: two runs and the warm-up")
	for _, r := range f.Results {
		wall, _ := r.Duration(benchfile.UnitSec)
		ideal, _ := r.Duration(benchfile.UnitIdeal)
		assert.GreaterOrEqual(t, wall, 29*time.Second/200, "30 starts at 200/s take at least 145 ms")
		assert.Equal(t, 150*time.Millisecond, ideal, "the ideal is n / rate")
	}
}

// Bad uses of the target flags: one line each, exit 2, nothing sent.
func TestTargetBadFlags(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	tmpl := srv.URL + "/{i}"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "header without colon", args: []string{"-target", tmpl, "-header", "Authorization Bearer zz-secret"}, want: `-header: thirdparty: header "Authorization"… has no colon`},
		{name: "ok out of range", args: []string{"-target", tmpl, "-ok", "999"}, want: "-ok: thirdparty: statuses \"999\": 999 is not an HTTP status (100 to 599)"},
		{name: "missing body file", args: []string{"-target", tmpl, "-body-file", "/nonexistent/body.json"}, want: "-body-file /nonexistent/body.json: no such file or directory"},
		{name: "body and body file", args: []string{"-target", tmpl, "-body", "x", "-body-file", "f"}, want: "-body and -body-file both give the request body"},
		{name: "unset variable", args: []string{"-target", tmpl, "-header", "Authorization: Bearer $I14_SURELY_UNSET"}, want: "-header: thirdparty: header Authorization names $I14_SURELY_UNSET, which is not set"},
		{name: "method on the mock", args: []string{"-target", srv.URL, "-method", "POST"}, want: "-method needs a -target template"},
		{name: "header without target", args: []string{"-header", "X: y"}, want: "-header needs a -target template"},
		{name: "bad rate", args: []string{"-target", tmpl, "-max-rate", "fast"}, want: `"fast" is not a rate such as 100/s`},
		{name: "index in host", args: []string{"-target", "http://{i}.example/x"}, want: "may stand in the path or query, not the host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, cmd := range []string{"run", "sweep"} {
				var stdout, stderr bytes.Buffer
				err := run(context.Background(), append([]string{cmd}, tt.args...), &stdout, &stderr)
				var msg bytes.Buffer
				assert.Equal(t, 2, exitCode(err, &msg), "%s exit code: %v", cmd, err)
				assert.Equal(t, 1, strings.Count(msg.String(), "\n"), "%s: one line, got %q", cmd, msg.String())
				assert.Contains(t, msg.String(), tt.want, "%s: the line", cmd)
				assert.NotContains(t, msg.String(), "zz-secret", "%s: no header value", cmd)
			}
		})
	}
	assert.Zero(t, hits.Load(), "nothing sent")
}

// A target on another machine is refused, with the plan printed, when
// stdin is not a terminal and -yes is not given: before anything is
// dialled (192.0.2.1 is TEST-NET-1, never routed).
func TestTargetGuard(t *testing.T) {
	for _, args := range [][]string{
		{"run", "-target", "http://192.0.2.1/items/{i}", "-strategies", "workerpool", "-width", "50", "-sizes", "1000", "-count", "2"},
		{"run", "-target", "http://192.0.2.1:8080", "-strategies", "workerpool", "-sizes", "100", "-count", "1", "-delay", "1ms"},
		{"sweep", "-target", "http://192.0.2.1/{i}", "-entries", "100", "-widths", "1,10,100", "-with", "", "-count", "1"},
	} {
		t.Run(args[0]+" "+args[2], func(t *testing.T) {
			cmd := exec.Command(os.Args[0], append(args, "-out", t.TempDir())...)
			cmd.Env = append(os.Environ(), mainEnv+"=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			err := cmd.Run()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "batchlab exits non-zero: %s", stderr.String())
			assert.Equal(t, 2, exit.ExitCode(), "exit 2: %s", stderr.String())
			assert.Less(t, time.Since(start), 4*time.Second, "refused at once, no dial timed out")
			text := stderr.String()
			assert.Contains(t, text, "192.0.2.1 is not this machine: the plan sends", "the plan")
			assert.Contains(t, text, "predicted ≥", "the predicted duration")
			assert.Contains(t, text, "stdin is not a terminal: pass -yes", "the way on")
			assert.NotContains(t, text, "not healthy", "nothing was asked of the target")
		})
	}
	// The request count: 2 × 1,000 measured, a warm-up of 50 and 5 probe calls.
	cmd := exec.Command(os.Args[0], "run", "-target", "http://192.0.2.1/items/{i}", "-strategies", "workerpool", "-width", "50", "-sizes", "1000", "-count", "2", "-out", t.TempDir())
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	out, _ := cmd.CombinedOutput()
	assert.Contains(t, string(out), "sends 2055 requests (measured runs, warm-ups and 5 calls before the run)", "every request counted")
}
