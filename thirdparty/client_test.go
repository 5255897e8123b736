package thirdparty

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTestClient starts h on a real 127.0.0.1 server and returns a client for
// it; both are closed when the test ends.
func newTestClient(t *testing.T, h http.Handler, opts ClientOptions) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, opts)
	require.NoError(t, err, "NewClient(%q)", srv.URL)
	t.Cleanup(c.Close)
	return c
}

// arrivals wraps h to report each request's path once it has arrived.
func arrivals(h http.Handler) (http.Handler, <-chan string) {
	ch := make(chan string, 16)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch <- r.URL.Path
		h.ServeHTTP(w, r)
	}), ch
}

func TestClientCall(t *testing.T) {
	for _, delay := range []time.Duration{0, 2 * time.Millisecond} {
		t.Run("delay="+delay.String(), func(t *testing.T) {
			svc := NewHandler(delay)
			c := newTestClient(t, svc, ClientOptions{})
			ctx := t.Context()

			require.NoError(t, c.Healthz(ctx), "Healthz")
			for i := range 5 {
				assert.NoError(t, c.Call(ctx, i), "Call(ctx, %d)", i)
			}
			st, err := c.Stats(ctx)
			require.NoError(t, err, "Stats")
			assert.Equal(t, int64(5), st.Served, "served after 5 calls")
			assert.Positive(t, st.CPUNanos, "Client.Stats carries the service's CPU")
			want := svc.Stats()
			want.CPUNanos = st.CPUNanos // only the HTTP answer reads the process's CPU
			assert.Equal(t, want, st, "Client.Stats matches Handler.Stats")

			before, err := c.ResetPeak(ctx)
			require.NoError(t, err, "ResetPeak")
			assert.Equal(t, int64(1), before.PeakInFlight, "peak of sequential calls")
			assert.Equal(t, int64(0), svc.Stats().PeakInFlight, "peak after reset with nothing in flight")
		})
	}
}

func TestClientStatusError(t *testing.T) {
	c := newTestClient(t, NewHandler(0), ClientOptions{})

	err := c.Call(t.Context(), -1) // the service rejects negative ids with 400
	var se *StatusError
	require.ErrorAs(t, err, &se, "Call(ctx, -1) = %v, want a *StatusError", err)
	assert.Equal(t, http.StatusBadRequest, se.Code, "status code")
	assert.Zero(t, se.RetryAfter, "no Retry-After")
	assert.EqualError(t, se, "thirdparty: status 400", "StatusError message")
}

func TestClientRetryAfter(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newTestClient(t, h, ClientOptions{})

	var se *StatusError
	require.ErrorAs(t, c.Call(t.Context(), 1), &se, "a 429 is a *StatusError")
	assert.Equal(t, StatusError{Code: http.StatusTooManyRequests, RetryAfter: 3 * time.Second}, *se, "429 with Retry-After")
}

func TestClientCancel(t *testing.T) {
	h, arrived := arrivals(NewHandler(time.Hour))
	c := newTestClient(t, h, ClientOptions{})
	ctx, cancel := context.WithCancel(t.Context())

	errc := make(chan error, 1)
	go func() { errc <- c.Call(ctx, 1) }()
	<-arrived // the request is at the service, waiting out its delay
	cancel()
	err := <-errc
	assert.ErrorIs(t, err, context.Canceled, "Call after cancel = %v, want context.Canceled", err)
}

func TestClientAlreadyCancelled(t *testing.T) {
	svc := NewHandler(0)
	c := newTestClient(t, svc, ClientOptions{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	err := c.Call(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled, "Call with a cancelled ctx = %v, want context.Canceled", err)
	assert.Zero(t, svc.Stats().Served, "nothing served")
}

func TestClientTimeout(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration // the client's own timeout
		ctxWait time.Duration // the caller's deadline, 0 for none
	}{
		{name: "client timeout", timeout: 10 * time.Millisecond},
		{name: "ctx deadline", timeout: time.Hour, ctxWait: 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, NewHandler(time.Hour), ClientOptions{Timeout: tt.timeout})
			ctx := t.Context()
			if tt.ctxWait > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxWait)
				defer cancel()
			}
			err := c.Call(ctx, 1)
			assert.ErrorIs(t, err, context.DeadlineExceeded, "Call = %v, want context.DeadlineExceeded", err)
		})
	}
}

func TestClientRefused(t *testing.T) {
	srv := httptest.NewServer(NewHandler(0))
	url := srv.URL
	srv.Close() // nothing listens on the port any more
	c, err := NewClient(url, ClientOptions{})
	require.NoError(t, err, "NewClient(%q)", url)
	defer c.Close()

	err = c.Call(t.Context(), 1)
	require.Error(t, err, "Call to a closed server")
	assert.ErrorIs(t, err, syscall.ECONNREFUSED, "Call to a closed server = %v, want ECONNREFUSED", err)
}

func TestClientBasePath(t *testing.T) {
	c := newTestClient(t, http.StripPrefix("/api", NewHandler(0)), ClientOptions{})
	// Rebuild the client with a path prefix and a trailing slash.
	c2, err := NewClient("http://"+c.host+"/api/", ClientOptions{})
	require.NoError(t, err, "NewClient with a path prefix")
	defer c2.Close()

	assert.NoError(t, c2.Call(t.Context(), 3), "Call through the /api prefix")
	assert.NoError(t, c2.Healthz(t.Context()), "Healthz through the /api prefix")
}

func TestNewClientErrors(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		opts    ClientOptions
	}{
		{name: "empty", baseURL: ""},
		{name: "no scheme", baseURL: "127.0.0.1:8080"},
		{name: "ftp", baseURL: "ftp://127.0.0.1:8080"},
		{name: "no host", baseURL: "http:///entries"},
		{name: "unparsable", baseURL: "http://[::1"},
		{name: "query", baseURL: "http://127.0.0.1:8080/?x=1"},
		{name: "fragment", baseURL: "http://127.0.0.1:8080/#top"},
		{name: "user info", baseURL: "http://u:p@127.0.0.1:8080"},
		{name: "negative concurrency", baseURL: "http://127.0.0.1:8080", opts: ClientOptions{Concurrency: -1}},
		{name: "negative timeout", baseURL: "http://127.0.0.1:8080", opts: ClientOptions{Timeout: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.baseURL, tt.opts)
			assert.Nil(t, c, "NewClient(%q, %+v) returns no client", tt.baseURL, tt.opts)
			if assert.Error(t, err, "NewClient(%q, %+v)", tt.baseURL, tt.opts) {
				assert.Regexp(t, "^thirdparty: ", err.Error(), "error names the package")
			}
		})
	}
}

func TestClientConnLimits(t *testing.T) {
	// The cap depends on this machine's limit; connCap's own test pins the
	// derivation. Here: NewClient applies it.
	limit := connCap(OpenFileLimit())
	tests := []struct {
		name        string
		concurrency int
		wantMax     int
		wantIdle    int
	}{
		{name: "default", concurrency: 0, wantMax: DefaultConcurrency, wantIdle: DefaultConcurrency},
		{name: "small", concurrency: 10, wantMax: 10, wantIdle: 10},
		{name: "at cap", concurrency: limit, wantMax: limit, wantIdle: limit},
		{name: "above cap", concurrency: limit + 1, wantMax: limit, wantIdle: limit + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient("http://127.0.0.1:8080", ClientOptions{Concurrency: tt.concurrency})
			require.NoError(t, err, "NewClient")
			defer c.Close()

			assert.Equal(t, tt.wantMax, c.MaxConnsPerHost(), "MaxConnsPerHost with Concurrency %d", tt.concurrency)
			assert.Equal(t, tt.wantIdle, c.tr.MaxIdleConnsPerHost, "MaxIdleConnsPerHost with Concurrency %d", tt.concurrency)
			assert.GreaterOrEqual(t, c.tr.MaxIdleConns, c.tr.MaxIdleConnsPerHost, "MaxIdleConns ≥ MaxIdleConnsPerHost")
			assert.True(t, c.tr.DisableCompression, "DisableCompression")
			assert.False(t, c.tr.ForceAttemptHTTP2, "ForceAttemptHTTP2")
			assert.Equal(t, DefaultTimeout, c.tr.ResponseHeaderTimeout, "default timeout")
		})
	}
}

func TestClassify(t *testing.T) {
	base := errors.New("broken pipe")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	assert.ErrorIs(t, classify(ctx, base), context.Canceled, "a ctx that ended is named as the cause")
	assert.ErrorIs(t, classify(ctx, base), base, "the transport error is kept")
	assert.Same(t, base, classify(context.Background(), base), "other errors pass through unchanged")
}

// The service built by NewServer speaks both protocols on one port, and the
// client speaks the one it is told to.
func TestClientTransport(t *testing.T) {
	for _, tt := range []struct {
		name      string
		transport Transport
		wantMajor int
	}{
		{name: "default is HTTP/1.1", transport: "", wantMajor: 1},
		{name: "http1", transport: TransportHTTP1, wantMajor: 1},
		{name: "h2c", transport: TransportH2C, wantMajor: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var major atomic.Int32
			svc := NewHandler(0)
			ts := httptest.NewUnstartedServer(nil)
			ts.Config = NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				major.Store(int32(r.ProtoMajor))
				svc.ServeHTTP(w, r)
			}), 0)
			ts.Start()
			t.Cleanup(ts.Close)
			c, err := NewClient(ts.URL, ClientOptions{Transport: tt.transport})
			require.NoError(t, err, "NewClient with transport %q", tt.transport)
			t.Cleanup(c.Close)
			for i := range 3 {
				require.NoError(t, c.Call(context.Background(), i), "Call(%d) over %q", i, tt.transport)
			}
			assert.Equal(t, int32(tt.wantMajor), major.Load(), "protocol major version the service saw")
			assert.Equal(t, int64(3), svc.Stats().Served, "served")
		})
	}
	_, err := NewClient("http://127.0.0.1:1", ClientOptions{Transport: "spdy"})
	assert.ErrorContains(t, err, "transport must be http1 or h2c", "unknown transport rejected")
}

func TestStatusErrorOverloaded(t *testing.T) {
	var o interface{ Overloaded() bool }
	for code, want := range map[int]bool{429: true, 503: true, 500: false, 400: false} {
		err := fmt.Errorf("call: %w", &StatusError{Code: code})
		require.True(t, errors.As(err, &o), "a wrapped StatusError exposes Overloaded")
		assert.Equal(t, want, o.Overloaded(), "Overloaded() for %d", code)
	}
}

// Over h2c the service's reset arrives as an HTTP/2 stream error, not a
// broken connection: it must still match ECONNRESET (the reset class) and
// be retried, as over HTTP/1.1, so that no entry is lost to it.
func TestClientResetOverTransports(t *testing.T) {
	const n = 500
	for _, transport := range []Transport{TransportHTTP1, TransportH2C} {
		t.Run(string(transport), func(t *testing.T) {
			svc, err := NewScenarioHandler(parse(t, "steady,delay=0,reset=0.05,seed=7"))
			require.NoError(t, err, "NewScenarioHandler")
			ts := httptest.NewUnstartedServer(nil)
			ts.Config = NewServer(svc, 0)
			ts.Start()
			t.Cleanup(ts.Close)
			c, err := NewClient(ts.URL, ClientOptions{Transport: transport, Concurrency: 50})
			require.NoError(t, err, "NewClient")
			t.Cleanup(c.Close)

			// Without retries: every failure is a reset, classed as one.
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { errs[i] = c.Call(t.Context(), i) })
			}
			wg.Wait()
			failed := 0
			for i, err := range errs {
				if err == nil {
					continue
				}
				failed++
				assert.True(t, classedReset(err), "entry %d over %s: %v is a reset", i, transport, err)
				assert.True(t, Retryable(err), "entry %d over %s: %v is retryable", i, transport, err)
			}
			assert.Positive(t, failed, "reset=0.05 resets some of %d calls", n)
			// HTTP/1.1's transport retries some on a new connection itself.
			assert.GreaterOrEqual(t, svc.Stats().Reset, int64(failed), "each failure is one the service reset")

			// With retries none is lost: the seed decides each attempt, and
			// no entry is reset 4 times in a row.
			p := RetryPolicy{Attempts: 4, Base: time.Microsecond, Max: time.Microsecond}
			for i := range n {
				wg.Go(func() { _, errs[i] = p.Do(t.Context(), i, c.CallAttempt) })
			}
			wg.Wait()
			for i, err := range errs {
				assert.NoError(t, err, "entry %d over %s with %d attempts", i, transport, p.Attempts)
			}
		})
	}
}

// classedReset mirrors the reset case of harness.Classify, which this
// package cannot import (the harness imports it).
func classedReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// A call the client cancels over h2c also resets its stream (CANCEL), but
// it is the client's doing: it stays cancelled, never a reset to retry.
func TestClientCancelOverH2CIsNoReset(t *testing.T) {
	h, arrived := arrivals(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // answers only once the client gives up
	}))
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = NewServer(h, 0) // h2c as well as HTTP/1.1
	ts.Start()
	t.Cleanup(ts.Close)
	c, err := NewClient(ts.URL, ClientOptions{Transport: TransportH2C})
	require.NoError(t, err, "NewClient")
	t.Cleanup(c.Close)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- c.Call(ctx, 1) }()
	<-arrived
	cancel()
	err = <-done
	require.ErrorIs(t, err, context.Canceled, "the client's own cancel")
	assert.NotErrorIs(t, err, syscall.ECONNRESET, "is not the server's reset")
	assert.False(t, Retryable(err), "and is not retried")
}
