package harness_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
	"batchlab/thirdparty"
)

// faultyTarget starts a server on 127.0.0.1 that answers /healthz (so
// Attach accepts it) and hands every /entries/{id} request to fault; other
// paths, such as /stats, answer 404, which the harness treats as a target
// without stats.
func faultyTarget(t *testing.T, fault func(w http.ResponseWriter, r *http.Request, id int)) *harness.Service {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /entries/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			http.Error(w, "bad id", http.StatusBadRequest)
			return
		}
		fault(w, r, id)
	})
	ts := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(ts.Close)
	require.True(t, strings.HasPrefix(ts.URL, "http://127.0.0.1:"), "server on loopback, got %s", ts.URL)
	svc, err := harness.Attach(context.Background(), ts.URL)
	require.NoError(t, err, "Attach(%s)", ts.URL)
	return svc
}

// hijack takes over the connection of a request, for faults below HTTP.
func hijack(t *testing.T, w http.ResponseWriter) net.Conn {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		panic(http.ErrAbortHandler)
	}
	return conn
}

func TestRunFaultsKeepBooks(t *testing.T) {
	const n = 50
	ok := func(w http.ResponseWriter) { _, _ = w.Write([]byte("ok\n")) }
	tests := []struct {
		name    string
		timeout time.Duration          // harness.Config.Timeout; 0 means the default
		retry   thirdparty.RetryPolicy // harness.Config.Retry; the zero value makes one attempt
		fault   func(t *testing.T) func(w http.ResponseWriter, r *http.Request, id int)
		// want is the exact outcome of each repetition of n entries.
		wantOK       int
		wantFailures map[harness.Class]int
		wantAttempts int // requests sent per repetition; 0 means n
	}{
		{
			name: "garbage instead of HTTP",
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					conn := hijack(t, w)
					_, _ = conn.Write([]byte("garbage\r\n\r\n"))
					_ = conn.Close()
				}
			},
			// net/http reports `malformed HTTP response "garbage"`: no
			// syscall error, no status, so the harness counts it as other.
			wantFailures: map[harness.Class]int{harness.ClassOther: n},
		},
		{
			name: "connection closed at once",
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					_ = hijack(t, w).Close()
				}
			},
			// The client reads EOF before any response byte.
			wantFailures: map[harness.Class]int{harness.ClassReset: n},
		},
		{
			name: "connection aborted by the handler",
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					panic(http.ErrAbortHandler) // the server closes without answering
				}
			},
			wantFailures: map[harness.Class]int{harness.ClassReset: n},
		},
		{
			name: "connection reset (RST)",
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					conn := hijack(t, w)
					if tc, ok := conn.(*net.TCPConn); ok {
						_ = tc.SetLinger(0) // Close sends RST, not FIN
					}
					_ = conn.Close()
				}
			},
			wantFailures: map[harness.Class]int{harness.ClassReset: n},
		},
		{
			name: "500 for every third id",
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					if id%3 == 0 {
						http.Error(w, "boom", http.StatusInternalServerError)
						return
					}
					ok(w)
				}
			},
			wantOK:       n - 17, // ids 0, 3, …, 48
			wantFailures: map[harness.Class]int{harness.Class5xx: 17},
		},
		{
			name:  "500 for every third id, retried in vain",
			retry: thirdparty.RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond},
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					if id%3 == 0 {
						http.Error(w, "boom", http.StatusInternalServerError)
						return
					}
					ok(w)
				}
			},
			wantOK:       n - 17,
			wantFailures: map[harness.Class]int{harness.Class5xx: 17},
			wantAttempts: n - 17 + 3*17,
		},
		{
			name:  "first try of every third id answers 503, retried",
			retry: thirdparty.RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond},
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				var mu sync.Mutex
				hits := make(map[int]int) // per id, over warm-up and repetitions
				return func(w http.ResponseWriter, r *http.Request, id int) {
					mu.Lock()
					hits[id]++
					first := hits[id]%2 == 1 // every entry call is one failed try, then one retry
					mu.Unlock()
					if id%3 == 0 && first {
						http.Error(w, "busy", http.StatusServiceUnavailable)
						return
					}
					ok(w)
				}
			},
			wantOK:       n,
			wantAttempts: n + 17,
		},
		{
			name:  "400 is never retried",
			retry: thirdparty.RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond},
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					if id%5 == 0 {
						http.Error(w, "bad", http.StatusBadRequest)
						return
					}
					ok(w)
				}
			},
			wantOK:       n - 10,
			wantFailures: map[harness.Class]int{harness.Class4xx: 10},
		},
		{
			name: "body far larger than expected",
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				big := []byte(strings.Repeat("x", 1<<20))
				return func(w http.ResponseWriter, r *http.Request, id int) {
					_, _ = w.Write(big) // fails once the client stops reading and closes
				}
			},
			// The client drains a bounded amount, counts the call a
			// success and drops the connection.
			wantOK: n,
		},
		{
			name:    "every tenth id hangs until the client's timeout",
			timeout: 200 * time.Millisecond,
			fault: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				return func(w http.ResponseWriter, r *http.Request, id int) {
					if id%10 == 0 {
						<-r.Context().Done() // the client gives up and closes
						return
					}
					ok(w)
				}
			},
			wantOK:       n - 5, // ids 0, 10, 20, 30, 40
			wantFailures: map[harness.Class]int{harness.ClassTimeout: 5},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := faultyTarget(t, tt.fault(t))
			p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 4}}},
				harness.Config{Sizes: []int{n}, Count: 2, Delay: time.Millisecond, Timeout: tt.timeout, Retry: tt.retry})
			require.NoError(t, err, "NewPlan")
			out := filepath.Join(t.TempDir(), "bench.txt")
			res, err := harness.Run(context.Background(), p, svc, harness.Options{Out: out})
			require.NoError(t, err, "Run: faults are outcomes, not run errors")
			assert.Equal(t, harness.StatusComplete, res.Status, "status")
			require.Len(t, res.Measurements, 2, "both repetitions measured")
			assertBooks(t, res.Measurements)
			for _, m := range res.Measurements {
				assert.Equal(t, tt.wantOK, m.Succeeded, "rep %d: succeeded", m.Rep)
				wantAttempts := tt.wantAttempts
				if wantAttempts == 0 {
					wantAttempts = n
				}
				assert.Equal(t, wantAttempts, m.Attempts, "rep %d: requests sent", m.Rep)
				for c := range harness.NumClasses {
					class := harness.Class(c)
					assert.Equal(t, tt.wantFailures[class], m.Failures[class], "rep %d: failures of class %s", m.Rep, class)
				}
			}
			status, results := readBench(t, out)
			assert.Equal(t, harness.StatusComplete, status, "status line in file")
			assert.Len(t, results, 2, "one line per repetition")
		})
	}
}
