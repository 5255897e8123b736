package thirdparty

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewScenarioHandler(t *testing.T) {
	svc, err := NewScenarioHandler(Scenario{})
	require.NoError(t, err, "NewScenarioHandler(zero)")
	assert.Equal(t, mustPreset(t, "steady").Latency, svc.Scenario().Latency, "the zero Scenario serves a fixed 200 ms")

	_, err = NewScenarioHandler(Scenario{ErrorRate: 0.7, HangRate: 0.7})
	assert.ErrorIs(t, err, ErrScenario, "rates summing to 1.4 are refused")
	_, err = NewScenarioHandler(Scenario{Overflow: OverflowReject})
	assert.ErrorIs(t, err, ErrScenario, "an overflow without a capacity is refused")
	_, err = NewScenarioHandler(Scenario{Latency: LatencyDist{Kind: "pareto"}})
	assert.ErrorIs(t, err, ErrScenario, "an unknown latency kind is refused")

	svc, err = NewScenarioHandler(Scenario{Capacity: 3, Rate: 2})
	require.NoError(t, err, "capacity and rate with default overflow and burst")
	assert.Equal(t, OverflowQueue, svc.Scenario().Overflow, "Overflow \"\" means queue")
	assert.Equal(t, 1, svc.Scenario().Burst, "Burst 0 means 1")

	assert.Equal(t, time.Duration(0), NewHandler(0).Scenario().Latency.Delay, "NewHandler(0) answers at once")
	assert.Panics(t, func() { NewHandler(2 * time.Hour) }, "NewHandler over an hour panics")
}

func TestServiceAttemptQuery(t *testing.T) {
	tests := []struct {
		name   string
		target string
		want   int
	}{
		{name: "no query", target: "/entries/1", want: http.StatusOK},
		{name: "attempt 0", target: "/entries/1?attempt=0", want: http.StatusOK},
		{name: "attempt 3", target: "/entries/1?attempt=3", want: http.StatusOK},
		{name: "negative", target: "/entries/1?attempt=-1", want: http.StatusBadRequest},
		{name: "letters", target: "/entries/1?attempt=x", want: http.StatusBadRequest},
		{name: "empty value", target: "/entries/1?attempt=", want: http.StatusBadRequest},
		{name: "too big", target: "/entries/1?attempt=2147483648", want: http.StatusBadRequest},
		{name: "other key", target: "/entries/1?try=1", want: http.StatusBadRequest},
		{name: "extra key", target: "/entries/1?attempt=1&x=2", want: http.StatusBadRequest},
		{name: "bare question mark", target: "/entries/1?", want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewHandler(0)
			w := serve(t, s, http.MethodGet, tt.target)
			assert.Equal(t, tt.want, w.Code, "GET %s status", tt.target)
		})
	}
}

func TestServiceBodyTooLarge(t *testing.T) {
	s := NewHandler(0)
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/entries/1", strings.NewReader(strings.Repeat("x", 2<<10)))
	s.ServeHTTP(w, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code, "a 2 KiB body is refused")
	assert.Equal(t, Stats{Errors: 1}, s.Stats(), "the 413 is counted as an error")

	w = httptest.NewRecorder()
	r = httptest.NewRequest(http.MethodGet, "/entries/1", strings.NewReader("small"))
	s.ServeHTTP(w, r)
	assert.Equal(t, http.StatusOK, w.Code, "a small body is ignored")
}

func TestServiceInjectedFaultsDirect(t *testing.T) {
	svc, err := NewScenarioHandler(parse(t, "steady,delay=0,errors=1"))
	require.NoError(t, err, "NewScenarioHandler")
	w := serve(t, svc, http.MethodGet, "/entries/1")
	assert.Equal(t, http.StatusInternalServerError, w.Code, "errors=1 answers 500")
	assert.Equal(t, Stats{Errors: 1, Failed: 1, PeakInFlight: 1}, svc.Stats(), "stats after an injected 500")

	svc, err = NewScenarioHandler(parse(t, "steady,delay=0,reset=1"))
	require.NoError(t, err, "NewScenarioHandler")
	assert.PanicsWithError(t, http.ErrAbortHandler.Error(), func() { serve(t, svc, http.MethodGet, "/entries/1") },
		"reset=1 aborts the handler with http.ErrAbortHandler")
	assert.Equal(t, Stats{Reset: 1, PeakInFlight: 1}, svc.Stats(), "stats after a reset: nothing left in flight")
}

// startScenario is startBubble for a scenario spec.
func startScenario(t *testing.T, spec string, opts ClientOptions) (*Handler, *Client, func()) {
	t.Helper()
	svc, err := NewScenarioHandler(parse(t, spec))
	require.NoError(t, err, "NewScenarioHandler(%q)", spec)
	c, stop := startBubble(t, svc, opts)
	return svc, c, stop
}

// callAll makes n concurrent calls and returns each one's error and
// virtual duration.
func callAll(ctx context.Context, c *Client, n int) ([]error, []time.Duration) {
	errs := make([]error, n)
	took := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			start := time.Now()
			errs[i] = c.Call(ctx, i)
			took[i] = time.Since(start)
		})
	}
	wg.Wait()
	return errs, took
}

func TestScenarioLatencyVirtualTime(t *testing.T) {
	tests := []struct {
		name string
		spec string
	}{
		{name: "fixed", spec: "steady,delay=50ms"},
		{name: "uniform", spec: "steady,latency=uniform,jitter=100ms,seed=4"},
		{name: "lognormal", spec: "jittery,seed=11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				svc, c, stop := startScenario(t, tt.spec, ClientOptions{})
				defer stop()
				for i := range 5 {
					for attempt := range 2 {
						start := time.Now()
						err := c.CallAttempt(t.Context(), i, attempt)
						took := time.Since(start)
						require.NoError(t, err, "CallAttempt(ctx, %d, %d)", i, attempt)
						_, want := svc.sc.decide(uint64(i), uint64(attempt))
						assert.Equal(t, want, took, "CallAttempt(ctx, %d, %d) takes exactly the drawn latency", i, attempt)
					}
				}
				assert.Equal(t, int64(10), svc.Stats().Served, "all 10 calls served")
			})
		})
	}
}

func TestScenarioCapacityRejectVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const k, n = 3, 5
		svc, c, stop := startScenario(t, "limited,capacity=3", ClientOptions{Concurrency: n})
		defer stop()

		errs, took := callAll(t.Context(), c, n)
		ok, rejected := 0, 0
		for i, err := range errs {
			var se *StatusError
			switch {
			case err == nil:
				ok++
				assert.Equal(t, DefaultDelay, took[i], "call %d within capacity takes the delay", i)
			case errors.As(err, &se):
				rejected++
				assert.Equal(t, http.StatusTooManyRequests, se.Code, "call %d beyond capacity gets 429", i)
				assert.Equal(t, time.Second, se.RetryAfter, "call %d gets Retry-After: 1", i)
				assert.Zero(t, took[i], "call %d is rejected at once", i)
			default:
				t.Errorf("call %d: unexpected error %v", i, err)
			}
		}
		assert.Equal(t, k, ok, "%d calls within capacity succeed", k)
		assert.Equal(t, n-k, rejected, "%d calls beyond capacity are rejected", n-k)
		assert.Equal(t, Stats{Served: k, PeakInFlight: k, Errors: n - k, Rejected: n - k}, svc.Stats(), "stats after reject")
	})
}

func TestScenarioCapacityQueueVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const k = 2
		svc, c, stop := startScenario(t, "overloaded,capacity=2", ClientOptions{Concurrency: k + 1})
		defer stop()

		errs, took := callAll(t.Context(), c, k+1)
		for i, err := range errs {
			assert.NoError(t, err, "Call(ctx, %d) in queue mode", i)
		}
		slices.Sort(took)
		assert.Equal(t, []time.Duration{DefaultDelay, DefaultDelay, 2 * DefaultDelay}, took,
			"the (K+1)th call waits exactly one more delay")
		assert.Equal(t, Stats{Served: k + 1, PeakInFlight: k}, svc.Stats(), "peak in flight is the capacity")
	})
}

func TestScenarioQueueLeftByClientVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "overloaded,capacity=1", ClientOptions{Concurrency: 2})
		defer stop()
		ctx := t.Context()

		var wg sync.WaitGroup
		wg.Go(func() { assert.NoError(t, c.Call(ctx, 0), "the call holding the slot succeeds") })
		synctest.Wait() // call 0 holds the only slot
		qctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		err := c.Call(qctx, 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a queued call whose ctx ends gives up")
		wg.Wait()
		synctest.Wait()
		assert.Equal(t, Stats{Served: 1, PeakInFlight: 1, Cancelled: 1}, svc.Stats(), "the queued call left the queue")
	})
}

func TestScenarioRateLimitVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "steady,delay=0,rate=1,burst=2", ClientOptions{})
		defer stop()
		ctx := t.Context()

		assert.NoError(t, c.Call(ctx, 0), "first call uses the burst")
		assert.NoError(t, c.Call(ctx, 1), "second call uses the burst")
		err := c.Call(ctx, 2)
		var se *StatusError
		require.ErrorAs(t, err, &se, "third call at once = %v, want a *StatusError", err)
		assert.Equal(t, http.StatusTooManyRequests, se.Code, "the rate limit answers 429")
		assert.Equal(t, time.Second, se.RetryAfter, "Retry-After is the second until the next token")

		time.Sleep(time.Second)
		assert.NoError(t, c.Call(ctx, 2), "after Retry-After the call succeeds")
		assert.Equal(t, Stats{Served: 3, PeakInFlight: 1, Errors: 1, Rejected: 1}, svc.Stats(), "stats after the rate limit")
	})

	synctest.Test(t, func(t *testing.T) {
		_, c, stop := startScenario(t, "steady,delay=0,rate=0.25", ClientOptions{})
		defer stop()
		assert.NoError(t, c.Call(t.Context(), 0), "first call uses the burst of 1")
		var se *StatusError
		require.ErrorAs(t, c.Call(t.Context(), 1), &se, "second call is limited")
		assert.Equal(t, 4*time.Second, se.RetryAfter, "at 0.25/s the next token is 4 s away")
	})
}

func TestScenarioHangVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "steady,hang=1", ClientOptions{})
		defer stop()
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()

		start := time.Now()
		err := c.Call(ctx, 1)
		took := time.Since(start)
		synctest.Wait() // let the handler see the client has gone

		assert.ErrorIs(t, err, context.DeadlineExceeded, "a hung call ends with the client's ctx")
		assert.Equal(t, 3*time.Second, took, "a hung call returns exactly when the client's ctx ends")
		assert.Equal(t, Stats{Hung: 1, PeakInFlight: 1}, svc.Stats(), "stats after a hang")
	})

	synctest.Test(t, func(t *testing.T) {
		// Without a ctx deadline, the client's own Timeout ends it.
		_, c, stop := startScenario(t, "steady,hang=1", ClientOptions{Timeout: 10 * time.Second})
		defer stop()
		start := time.Now()
		err := c.Call(t.Context(), 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a hung call ends with the client's timeout")
		assert.Equal(t, 10*time.Second, time.Since(start), "a hung call returns exactly at the client's timeout")
	})
}

func TestScenarioErrorsVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "flaky,errors=1", ClientOptions{})
		defer stop()
		start := time.Now()
		err := c.Call(t.Context(), 1)
		var se *StatusError
		require.ErrorAs(t, err, &se, "Call = %v, want a *StatusError", err)
		assert.Equal(t, http.StatusInternalServerError, se.Code, "errors=1 answers 500")
		assert.Equal(t, DefaultDelay, time.Since(start), "the 500 comes after the delay")
		assert.Equal(t, Stats{Errors: 1, Failed: 1, PeakInFlight: 1}, svc.Stats(), "stats after a 500")
	})
}

func TestScenarioResetVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc, c, stop := startScenario(t, "steady,reset=1", ClientOptions{})
		defer stop()
		err := c.Call(t.Context(), 1)
		require.Error(t, err, "a reset call fails")
		assert.True(t, errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF),
			"Call = %v, want ECONNRESET, io.ErrUnexpectedEOF or io.EOF", err)
		synctest.Wait()
		st := svc.Stats()
		assert.GreaterOrEqual(t, st.Reset, int64(1), "the service counts the reset")
		assert.Zero(t, st.Served, "nothing served")
		assert.Zero(t, st.InFlight, "nothing left in flight")
	})
}
