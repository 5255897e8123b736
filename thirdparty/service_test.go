package thirdparty

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve sends one request straight to the handler.
func serve(t *testing.T, s *Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestServiceEntry(t *testing.T) {
	s := NewHandler(0)
	w := serve(t, s, http.MethodGet, "/entries/42")

	assert.Equal(t, http.StatusOK, w.Code, "GET /entries/42 status")
	assert.Equal(t, entryBody, w.Body.String(), "GET /entries/42 body")
	assert.Equal(t, "0", w.Header().Get("Content-Length"), "Content-Length: 0 is set explicitly")
	assert.Contains(t, w.Header(), "Date", "Date is present as nil, which suppresses it")
	assert.Nil(t, w.Header()["Date"], "Date must be nil to be suppressed")
	assert.Nil(t, w.Header()["Content-Type"], "Content-Type must be nil to skip sniffing")
	assert.Equal(t, Stats{Served: 1, PeakInFlight: 1}, s.Stats(), "stats after one entry")
}

func TestServiceBadRequests(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		want   int
	}{
		{name: "letters", method: http.MethodGet, target: "/entries/abc", want: http.StatusBadRequest},
		{name: "negative", method: http.MethodGet, target: "/entries/-1", want: http.StatusBadRequest},
		{name: "plus sign", method: http.MethodGet, target: "/entries/+1", want: http.StatusBadRequest},
		{name: "empty", method: http.MethodGet, target: "/entries/", want: http.StatusBadRequest},
		{name: "fraction", method: http.MethodGet, target: "/entries/1.5", want: http.StatusBadRequest},
		{name: "huge", method: http.MethodGet, target: "/entries/99999999999999999999999", want: http.StatusBadRequest},
		{name: "nested", method: http.MethodGet, target: "/entries/1/2", want: http.StatusBadRequest},
		{name: "entry POST", method: http.MethodPost, target: "/entries/1", want: http.StatusMethodNotAllowed},
		{name: "stats POST", method: http.MethodPost, target: "/stats", want: http.StatusMethodNotAllowed},
		{name: "reset GET", method: http.MethodGet, target: "/stats/reset", want: http.StatusMethodNotAllowed},
		{name: "healthz DELETE", method: http.MethodDelete, target: "/healthz", want: http.StatusMethodNotAllowed},
		{name: "stats HEAD", method: http.MethodHead, target: "/stats", want: http.StatusMethodNotAllowed},
		{name: "unknown path", method: http.MethodGet, target: "/nope", want: http.StatusNotFound},
		{name: "entries without slash", method: http.MethodGet, target: "/entries", want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewHandler(0)
			w := serve(t, s, tt.method, tt.target)

			assert.Equal(t, tt.want, w.Code, "%s %s status", tt.method, tt.target)
			body := w.Body.String()
			assert.True(t, strings.HasPrefix(body, "thirdparty: "), "reason %q starts with the package name", body)
			assert.Equal(t, 1, strings.Count(body, "\n"), "reason %q is one line", body)
			assert.Equal(t, Stats{Errors: 1}, s.Stats(), "one error counted, nothing served")
			if tt.want == http.StatusMethodNotAllowed {
				assert.NotEmpty(t, w.Header().Get("Allow"), "405 names the allowed method")
			}
		})
	}
}

func TestServiceCancelled(t *testing.T) {
	s := NewHandler(DefaultDelay)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client has gone before the delay ends
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/entries/7", nil).WithContext(ctx))

	assert.Empty(t, w.Body.String(), "no answer for a client that went away")
	assert.Equal(t, Stats{PeakInFlight: 1, Cancelled: 1}, s.Stats(), "stats after a cancelled entry")
}

func TestServiceStatsAndReset(t *testing.T) {
	s := NewHandler(0)
	serve(t, s, http.MethodGet, "/entries/1")
	serve(t, s, http.MethodGet, "/entries/2")
	serve(t, s, http.MethodGet, "/entries/x")
	s.inFlight.Store(3) // as if three calls were being delayed
	s.peak.Store(10)

	w := serve(t, s, http.MethodGet, "/stats")
	require.Equal(t, http.StatusOK, w.Code, "GET /stats status")
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"), "GET /stats content type")
	var got Stats
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got), "GET /stats body is JSON")
	assert.Positive(t, got.CPUNanos, "GET /stats says the process's CPU")
	want := Stats{Served: 2, InFlight: 3, PeakInFlight: 10, Errors: 1, CPUNanos: got.CPUNanos}
	assert.Equal(t, want, got, "GET /stats")
	assert.Zero(t, s.Stats().CPUNanos, "in-process stats leave the CPU out: it is the caller's too")

	var raw map[string]int64
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &raw), "GET /stats body is a JSON object")
	for _, key := range []string{"served", "in_flight", "peak_in_flight", "errors", "cancelled", "cpu_ns"} {
		assert.Contains(t, raw, key, "GET /stats has key %q", key)
	}

	w = serve(t, s, http.MethodPost, "/stats/reset")
	require.Equal(t, http.StatusOK, w.Code, "POST /stats/reset status")
	got = Stats{}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got), "POST /stats/reset body is JSON")
	assert.GreaterOrEqual(t, got.CPUNanos, want.CPUNanos, "POST /stats/reset says the process's CPU, which only grows")
	want.CPUNanos = got.CPUNanos
	assert.Equal(t, want, got, "POST /stats/reset returns the stats before the reset")
	assert.Equal(t, int64(3), s.Stats().PeakInFlight, "after reset, peak = current in-flight")
}

func TestServiceHealthz(t *testing.T) {
	s := NewHandler(DefaultDelay)
	w := serve(t, s, http.MethodGet, "/healthz")

	assert.Equal(t, http.StatusOK, w.Code, "GET /healthz status")
	assert.Equal(t, "ok\n", w.Body.String(), "GET /healthz body")
	assert.Equal(t, Stats{}, s.Stats(), "healthz counts nothing")
}

// HEAD /healthz is a health check too: monitors and load balancers send it.
func TestServiceHealthzHead(t *testing.T) {
	s := NewHandler(DefaultDelay)
	w := serve(t, s, http.MethodHead, "/healthz")
	assert.Equal(t, http.StatusOK, w.Code, "HEAD /healthz status")
	assert.Equal(t, Stats{}, s.Stats(), "healthz counts nothing")

	w = serve(t, s, http.MethodDelete, "/healthz")
	assert.Equal(t, "GET, HEAD", w.Header().Get("Allow"), "405 names both methods")
}

// A chunked body has no Content-Length to refuse it by: it is read, and
// past the limit answered 413, not 200 and then a reset.
func TestServiceChunkedBody(t *testing.T) {
	for _, tt := range []struct {
		size int
		want int
	}{{maxBodyBytes, http.StatusOK}, {maxBodyBytes + 1, http.StatusRequestEntityTooLarge}} {
		s := NewHandler(0)
		r := httptest.NewRequest(http.MethodGet, "/healthz", strings.NewReader(strings.Repeat("x", tt.size)))
		r.ContentLength = -1 // as net/http gives a chunked body
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		assert.Equal(t, tt.want, w.Code, "a chunked body of %d bytes", tt.size)
	}

	svc, sent := NewHandler(0), make(chan []string, 1)
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent <- r.TransferEncoding
		svc.ServeHTTP(w, r)
	}), 0)
	srv.Start()
	defer srv.Close()
	body := io.MultiReader(strings.NewReader(strings.Repeat("x", 4*maxBodyBytes))) // no length: sent chunked
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/stats/reset", body)
	require.NoError(t, err, "NewRequest")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "the answer arrives, no reset")
	resp.Body.Close()
	assert.Equal(t, []string{"chunked"}, <-sent, "the body went chunked")
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "a chunked body over the limit")
}

// A request line shorter than the h2c preface gets its 400 at once: the
// server no longer waits the 5 s header timeout for bytes it looks for.
// Virtual time over pipes makes "at once" exact.
func TestShortRequestLineVirtualTime(t *testing.T) {
	for _, head := range []string{"X\r\n\r\n", "GET /\r\n\r\n", "GET /\r\n", "\r\n", "GET / HTTP/1.1\r\n\r\n"} {
		t.Run(strconv.Quote(head), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := newPipeListener()
				srv := NewServer(NewHandler(0), 0)
				go func() { _ = srv.Serve(Listener(l)) }()
				defer srv.Close()
				c, err := l.DialContext(t.Context(), "", "")
				require.NoError(t, err, "dial")
				defer c.Close()

				start := time.Now()
				_, err = io.WriteString(c, head)
				require.NoError(t, err, "write %q", head)
				line, err := bufio.NewReader(c).ReadString('\n')
				require.NoError(t, err, "read the answer to %q", head)
				assert.True(t, strings.HasPrefix(line, "HTTP/1.1 400 Bad Request"), "the answer to %q: %q", head, line)
				assert.Zero(t, time.Since(start), "%q is answered at once", head)
			})
		})
	}
}

// The same on a real socket, with a deadline well inside the 5 s header
// timeout; and a valid request and h2c still go through the listener.
func TestListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "listen")
	srv := NewServer(NewHandler(0), 0)
	go func() { _ = srv.Serve(Listener(ln)) }()
	defer srv.Close()

	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err, "dial")
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(4*time.Second)), "deadline")
	_, err = io.WriteString(c, "X\r\n\r\n")
	require.NoError(t, err, "write")
	answer, err := io.ReadAll(c)
	require.NoError(t, err, "the 400 arrives before the 5 s header timeout")
	assert.True(t, strings.HasPrefix(string(answer), "HTTP/1.1 400 Bad Request\r\n"), "answer %q", answer)

	for _, transport := range []Transport{TransportHTTP1, TransportH2C} {
		client, err := NewClient("http://"+ln.Addr().String(), ClientOptions{Transport: transport})
		require.NoError(t, err, "NewClient %s", transport)
		assert.NoError(t, client.Call(t.Context(), 1), "a call over %s", transport)
		client.Close()
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{name: "zero", id: "0", want: true},
		{name: "leading zeros", id: "007", want: true},
		{name: "max int64", id: "9223372036854775807", want: true},
		{name: "over int64", id: "9223372036854775808", want: false},
		{name: "empty", id: "", want: false},
		{name: "space", id: " 1", want: false},
		{name: "hex", id: "0x1", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, validID(tt.id), "validID(%q)", tt.id)
		})
	}
}

func TestNewServer(t *testing.T) {
	srv := NewServer(NewHandler(DefaultDelay), DefaultDelay)
	assert.NotNil(t, srv.Handler, "handler is set")
	assert.Greater(t, srv.WriteTimeout, DefaultDelay, "a response may take longer than the delay")
	assert.Equal(t, 16<<10, srv.MaxHeaderBytes, "MaxHeaderBytes")
	assert.NotZero(t, srv.ReadHeaderTimeout, "ReadHeaderTimeout is set")
	assert.NotZero(t, srv.IdleTimeout, "IdleTimeout is set")
}

func TestNewHandlerNegativeDelayPanics(t *testing.T) {
	assert.Panics(t, func() { NewHandler(-1) }, "NewHandler(-1) panics")
}
