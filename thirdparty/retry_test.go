package thirdparty

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// script returns a call that fails with errs[attempt] while there are errors
// left, then succeeds, and records each attempt number it was given.
func script(seen *[]int, errs ...error) func(ctx context.Context, i, attempt int) error {
	return func(ctx context.Context, i, attempt int) error {
		*seen = append(*seen, attempt)
		if attempt < len(errs) {
			return errs[attempt]
		}
		return nil
	}
}

// connErr is a connection error shaped as net/http returns it.
func connErr(errno syscall.Errno) error {
	return fmt.Errorf("thirdparty: entry 7: %w", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", errno)})
}

func TestRetryDo(t *testing.T) {
	e503 := &StatusError{Code: 503}
	tests := []struct {
		name         string
		policy       RetryPolicy
		errs         []error // the failures before success
		wantAttempts int
		wantErr      error // nil: success
	}{
		{name: "succeeds after 2 failures", policy: RetryPolicy{Attempts: 5}, errs: []error{e503, e503}, wantAttempts: 3},
		{name: "stops at Attempts", policy: RetryPolicy{Attempts: 3}, errs: []error{e503, e503, e503, e503}, wantAttempts: 3, wantErr: e503},
		{name: "never retries 400", policy: RetryPolicy{Attempts: 5}, errs: []error{&StatusError{Code: 400}}, wantAttempts: 1, wantErr: &StatusError{Code: 400}},
		{name: "never retries 404", policy: RetryPolicy{Attempts: 5}, errs: []error{&StatusError{Code: 404}}, wantAttempts: 1, wantErr: &StatusError{Code: 404}},
		{name: "retries 429", policy: RetryPolicy{Attempts: 5}, errs: []error{&StatusError{Code: 429}}, wantAttempts: 2},
		{name: "retries 500", policy: RetryPolicy{Attempts: 5}, errs: []error{&StatusError{Code: 500}}, wantAttempts: 2},
		{name: "retries 503", policy: RetryPolicy{Attempts: 5}, errs: []error{e503}, wantAttempts: 2},
		{name: "retries reset", policy: RetryPolicy{Attempts: 5}, errs: []error{connErr(syscall.ECONNRESET)}, wantAttempts: 2},
		{name: "retries refused", policy: RetryPolicy{Attempts: 5}, errs: []error{connErr(syscall.ECONNREFUSED)}, wantAttempts: 2},
		{name: "retries unexpected EOF", policy: RetryPolicy{Attempts: 5}, errs: []error{fmt.Errorf("thirdparty: entry 7: %w", io.ErrUnexpectedEOF)}, wantAttempts: 2},
		{name: "retries the client's timeout", policy: RetryPolicy{Attempts: 5}, errs: []error{fmt.Errorf("%w: %w", context.DeadlineExceeded, errors.New("net/http: timeout awaiting response headers"))}, wantAttempts: 2},
		{name: "mixed failures", policy: RetryPolicy{Attempts: 4}, errs: []error{&StatusError{Code: 429}, connErr(syscall.ECONNRESET), e503}, wantAttempts: 4},
		{name: "zero policy is one attempt", policy: RetryPolicy{}, errs: []error{e503}, wantAttempts: 1, wantErr: e503},
		{name: "one attempt is no retry", policy: RetryPolicy{Attempts: 1}, errs: []error{e503}, wantAttempts: 1, wantErr: e503},
		{name: "zero policy succeeds", policy: RetryPolicy{}, wantAttempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var seen []int
				got, err := tt.policy.Do(t.Context(), 7, script(&seen, tt.errs...))
				assert.Equal(t, tt.wantAttempts, got, "Do(ctx, 7) attempts = %d, want %d", got, tt.wantAttempts)
				if tt.wantErr == nil {
					assert.NoError(t, err, "Do(ctx, 7) after %d failures", len(tt.errs))
				} else {
					assert.Equal(t, tt.wantErr, err, "Do(ctx, 7) returns the last error")
				}
				want := make([]int, tt.wantAttempts)
				for k := range want {
					want[k] = k
				}
				assert.Equal(t, want, seen, "attempt numbers passed to call")
			})
		})
	}
}

func TestRetryBackoffBounds(t *testing.T) {
	// In virtual time the elapsed time is exactly the sum of the waits, so
	// the bounds are exact: each wait is in [0, min(Max, Base·2^k)].
	synctest.Test(t, func(t *testing.T) {
		p := RetryPolicy{Attempts: 6, Base: 100 * time.Millisecond, Max: 250 * time.Millisecond}
		var at []time.Duration
		start := time.Now()
		n, err := p.Do(t.Context(), 0, func(context.Context, int, int) error {
			at = append(at, time.Since(start))
			return &StatusError{Code: 503}
		})
		assert.Equal(t, 6, n, "attempts when every one fails")
		assert.Equal(t, &StatusError{Code: 503}, err, "last error")
		require.Len(t, at, 6, "calls")
		ceils := []time.Duration{100, 200, 250, 250, 250}
		for k, ceil := range ceils {
			wait := at[k+1] - at[k]
			assert.GreaterOrEqual(t, wait, time.Duration(0), "wait %d", k)
			assert.LessOrEqual(t, wait, ceil*time.Millisecond, "wait %d is at most min(Max, Base·2^%d)", k, k)
		}
		assert.Equal(t, at[5], time.Since(start), "no wait after the last attempt")
	})
}

func TestRetryBackoffNeverOverflows(t *testing.T) {
	p := RetryPolicy{Base: time.Second, Max: time.Hour}
	for k := range 200 {
		d := p.backoff(k)
		assert.GreaterOrEqual(t, d, time.Duration(0), "backoff(%d) >= 0", k)
		assert.LessOrEqual(t, d, min(time.Hour, time.Second<<min(k, 20)), "backoff(%d) <= min(Max, Base·2^k)", k)
	}
	def := RetryPolicy{}
	for range 100 {
		assert.LessOrEqual(t, def.backoff(0), DefaultRetryBase, "zero policy's first backoff is at most DefaultRetryBase")
		assert.LessOrEqual(t, def.backoff(30), DefaultRetryMax, "zero policy's backoff is at most DefaultRetryMax")
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter time.Duration
		policy     RetryPolicy
		wantMin    time.Duration
		wantMax    time.Duration
	}{
		// max(1 s, jitter ≤ 10 ms) is exactly 1 s.
		{name: "Retry-After longer than backoff", retryAfter: time.Second, policy: RetryPolicy{Attempts: 2, Base: 10 * time.Millisecond, Max: 10 * time.Millisecond}, wantMin: time.Second, wantMax: time.Second},
		// Retry-After is not capped by Max.
		{name: "Retry-After beyond Max", retryAfter: 5 * time.Second, policy: RetryPolicy{Attempts: 2, Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}, wantMin: 5 * time.Second, wantMax: 5 * time.Second},
		// max(1 s, jitter ≤ 3 s) is in [1 s, 3 s].
		{name: "backoff longer than Retry-After", retryAfter: time.Second, policy: RetryPolicy{Attempts: 2, Base: 3 * time.Second, Max: 3 * time.Second}, wantMin: time.Second, wantMax: 3 * time.Second},
		{name: "no Retry-After", policy: RetryPolicy{Attempts: 2, Base: 40 * time.Millisecond, Max: 40 * time.Millisecond}, wantMin: 0, wantMax: 40 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var seen []int
				start := time.Now()
				n, err := tt.policy.Do(t.Context(), 1, script(&seen, &StatusError{Code: 429, RetryAfter: tt.retryAfter}))
				elapsed := time.Since(start)
				require.NoError(t, err, "Do after one 429")
				assert.Equal(t, 2, n, "attempts")
				assert.GreaterOrEqual(t, elapsed, tt.wantMin, "waited at least Retry-After")
				assert.LessOrEqual(t, elapsed, tt.wantMax, "waited at most max(Retry-After, backoff ceiling)")
			})
		})
	}
}

func TestRetryCancelDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stop := errors.New("service died")
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(time.Second, func() { cancel(stop) })
		p := RetryPolicy{Attempts: 5}
		var seen []int
		start := time.Now()
		// Retry-After 1 h: the wait is at least an hour unless ctx ends.
		n, err := p.Do(ctx, 3, script(&seen, &StatusError{Code: 503, RetryAfter: time.Hour}))
		assert.Equal(t, time.Second, time.Since(start), "Do returns as soon as ctx ends")
		assert.Equal(t, 1, n, "attempts")
		assert.ErrorIs(t, err, context.Canceled, "ctx's error")
		assert.ErrorIs(t, err, stop, "ctx's cause")
		// synctest.Test fails if the backoff left a goroutine blocked.
	})
}

func TestRetryNeverWhenCtxDone(t *testing.T) {
	t.Run("cancelled before the first attempt", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var seen []int
		n, err := RetryPolicy{Attempts: 5}.Do(ctx, 0, script(&seen))
		assert.Equal(t, 0, n, "no attempt once ctx is done")
		assert.ErrorIs(t, err, context.Canceled, "ctx's error")
		assert.Empty(t, seen, "call never made")
	})
	t.Run("cancelled during a call", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		n, err := RetryPolicy{Attempts: 5}.Do(ctx, 0, func(context.Context, int, int) error {
			cancel()
			return &StatusError{Code: 503} // retryable, but ctx is done
		})
		assert.Equal(t, 1, n, "no retry once ctx is done")
		assert.Equal(t, &StatusError{Code: 503}, err, "the call's own error")
	})
	t.Run("ctx deadline during a call", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel()
			n, err := RetryPolicy{Attempts: 5}.Do(ctx, 0, func(ctx context.Context, _, _ int) error {
				<-ctx.Done()
				return fmt.Errorf("thirdparty: entry 0: %w", ctx.Err())
			})
			assert.Equal(t, 1, n, "ctx's own deadline is not retried")
			assert.ErrorIs(t, err, context.DeadlineExceeded, "the call's error")
		})
	})
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "nil", err: nil, want: false},
		{name: "400", err: &StatusError{Code: 400}, want: false},
		{name: "404", err: &StatusError{Code: 404}, want: false},
		{name: "408", err: &StatusError{Code: 408}, want: false},
		{name: "429", err: &StatusError{Code: 429, RetryAfter: time.Second}, want: true},
		{name: "500", err: &StatusError{Code: 500}, want: true},
		{name: "501", err: &StatusError{Code: 501}, want: false},
		{name: "502", err: &StatusError{Code: 502}, want: true},
		{name: "503", err: &StatusError{Code: 503}, want: true},
		{name: "504", err: &StatusError{Code: 504}, want: true},
		{name: "wrapped 503", err: fmt.Errorf("entry 1: %w", &StatusError{Code: 503}), want: true},
		{name: "reset", err: connErr(syscall.ECONNRESET), want: true},
		{name: "refused", err: connErr(syscall.ECONNREFUSED), want: true},
		{name: "aborted", err: connErr(syscall.ECONNABORTED), want: true},
		{name: "broken pipe", err: connErr(syscall.EPIPE), want: true},
		{name: "EOF", err: fmt.Errorf("thirdparty: entry 1: %w", io.EOF), want: true},
		{name: "unexpected EOF", err: io.ErrUnexpectedEOF, want: true},
		{name: "client timeout", err: fmt.Errorf("%w: %w", context.DeadlineExceeded, errors.New("timeout awaiting response headers")), want: true},
		{name: "net timeout", err: &net.OpError{Op: "dial", Err: timeoutErr{}}, want: true},
		{name: "cancelled", err: fmt.Errorf("thirdparty: entry 1: %w", context.Canceled), want: false},
		{name: "too many open files", err: connErr(syscall.EMFILE), want: false},
		{name: "malformed response", err: errors.New(`net/http: malformed HTTP response "garbage"`), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Retryable(tt.err), "Retryable(%v) = %v, want %v", tt.err, !tt.want, tt.want)
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestRetryPolicyValidate(t *testing.T) {
	tests := []struct {
		name    string
		policy  RetryPolicy
		wantErr string // "" means valid
	}{
		{name: "zero", policy: RetryPolicy{}},
		{name: "typical", policy: RetryPolicy{Attempts: 3, Base: 100 * time.Millisecond, Max: time.Second}},
		{name: "equal base and max", policy: RetryPolicy{Attempts: 3, Base: time.Second, Max: time.Second}},
		{name: "negative attempts", policy: RetryPolicy{Attempts: -1}, wantErr: "Attempts must be >= 0, got -1"},
		{name: "negative base", policy: RetryPolicy{Base: -time.Millisecond}, wantErr: "Base must be >= 0"},
		{name: "negative max", policy: RetryPolicy{Max: -time.Second}, wantErr: "Max must be >= 0"},
		{name: "max below base", policy: RetryPolicy{Base: time.Second, Max: time.Millisecond}, wantErr: "must be >= Base"},
		{name: "base above default max", policy: RetryPolicy{Base: time.Minute}, wantErr: "must be >= Base"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err, "Validate(%+v)", tt.policy)
				return
			}
			require.Error(t, err, "Validate(%+v)", tt.policy)
			assert.Contains(t, err.Error(), tt.wantErr, "Validate(%+v) message", tt.policy)
			assert.Contains(t, err.Error(), "thirdparty: ", "message starts with the package name")
		})
	}
}
