package thirdparty

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"
)

// Defaults for [RetryPolicy]'s zero fields.
const (
	// DefaultRetryBase is the first backoff when [RetryPolicy].Base is 0.
	DefaultRetryBase = 50 * time.Millisecond

	// DefaultRetryMax caps one backoff when [RetryPolicy].Max is 0.
	DefaultRetryMax = 2 * time.Second
)

// RetryPolicy retries retryable failures (see [Retryable]) with exponential
// backoff and full jitter, honouring a [StatusError]'s RetryAfter. It wraps
// the call for one entry, so it works with any strategy: the strategy sees
// one task call per entry, however many attempts it took.
//
// The zero value makes one attempt and never retries. A RetryPolicy is a
// plain value, safe for concurrent use; it keeps no state between calls.
type RetryPolicy struct {
	// Attempts is the most attempts per entry, including the first. 0 or 1
	// means no retry; negative is invalid.
	Attempts int
	// Base is the first backoff's upper bound; the k-th retry waits a random
	// time in [0, min(Max, Base·2^k)]. 0 means [DefaultRetryBase]; negative
	// is invalid.
	Base time.Duration
	// Max caps one backoff. 0 means [DefaultRetryMax]; negative, or less
	// than Base, is invalid. A Retry-After from the service may ask for a
	// longer wait than Max, and is honoured (ctx still bounds it).
	Max time.Duration
}

// Validate returns an error if a field is negative or Max (after defaults)
// is less than Base (after defaults).
func (p RetryPolicy) Validate() error {
	switch {
	case p.Attempts < 0:
		return fmt.Errorf("thirdparty: retry Attempts must be >= 0, got %d", p.Attempts)
	case p.Base < 0:
		return fmt.Errorf("thirdparty: retry Base must be >= 0, got %v", p.Base)
	case p.Max < 0:
		return fmt.Errorf("thirdparty: retry Max must be >= 0, got %v", p.Max)
	}
	if base, maxWait := p.base(), p.maxBackoff(); maxWait < base {
		return fmt.Errorf("thirdparty: retry Max (%v) must be >= Base (%v)", maxWait, base)
	}
	return nil
}

func (p RetryPolicy) base() time.Duration {
	if p.Base <= 0 {
		return DefaultRetryBase
	}
	return p.Base
}

func (p RetryPolicy) maxBackoff() time.Duration {
	if p.Max <= 0 {
		return DefaultRetryMax
	}
	return p.Max
}

// Do calls call(ctx, i, attempt) for attempt = 0, 1, … until it succeeds,
// fails with an error [Retryable] rejects, Attempts are used up, or ctx
// ends. It returns how many attempts it made and the last error (nil on
// success).
//
// Between attempts it waits a random backoff in [0, min(Max, Base·2^k)]
// before retry k+1 (full jitter), or the failure's [StatusError].RetryAfter
// if that is longer. It blocks only in call and in that wait, which ends
// early when ctx does. It never retries once ctx is done: if ctx ends
// during a call, that call's error is returned; if it ends during a wait,
// or before the first attempt (then attempts is 0), the error matches both
// ctx.Err() and context.Cause(ctx) with [errors.Is].
//
// Do does not validate p: call [RetryPolicy.Validate] first. Negative
// fields act as zero.
func (p RetryPolicy) Do(ctx context.Context, i int, call func(ctx context.Context, i, attempt int) error) (attempts int, err error) {
	most := max(p.Attempts, 1)
	for attempt := 0; ; attempt++ {
		if ctx.Err() != nil {
			return attempt, ctxErr(ctx)
		}
		err = call(ctx, i, attempt)
		attempts = attempt + 1
		if err == nil || attempts >= most || ctx.Err() != nil || !Retryable(err) {
			return attempts, err
		}
		wait := p.backoff(attempt)
		if se, ok := errors.AsType[*StatusError](err); ok {
			wait = max(wait, se.RetryAfter)
		}
		if wait <= 0 {
			continue
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return attempts, ctxErr(ctx)
		case <-t.C:
		}
	}
}

// backoff returns the wait before retry k+1 (k = 0 after the first
// attempt): uniform in [0, min(Max, Base·2^k)].
func (p RetryPolicy) backoff(k int) time.Duration {
	ceil, maxWait := p.base(), p.maxBackoff()
	// Doubling stops at Max, so the shift never overflows.
	for ; k > 0 && ceil < maxWait; k-- {
		ceil *= 2
	}
	ceil = min(ceil, maxWait)
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// ctxErr returns ctx's error, wrapping its cause too when the cause is a
// different error (such as the harness's "service died"), so errors.Is
// matches both.
func ctxErr(ctx context.Context) error {
	err, cause := ctx.Err(), context.Cause(ctx)
	if cause == nil || cause == err {
		return err
	}
	return fmt.Errorf("%w: %w", cause, err)
}

// Retryable reports whether a call that failed with err may succeed if
// made again. It is true for
//
//   - a [*StatusError] with 429, 500, 502, 503 or 504. 500 is included
//     because this service's 500s are transient by construction (the
//     "flaky" scenario answers a random share of requests with 500), and a
//     real API's 500 on an idempotent GET is usually worth one more try;
//   - connection failures: ECONNRESET, ECONNREFUSED, ECONNABORTED, EPIPE,
//     and io.EOF or io.ErrUnexpectedEOF from a connection that broke before
//     the answer was read; over h2c, a stream the server reset, which
//     [Client] errors match ECONNRESET for;
//   - timeouts: [context.DeadlineExceeded] (which [Client] errors match for
//     its own per-request timeout too) and any [net.Error] whose Timeout is
//     true. A request that hung may be answered on another try. When the
//     deadline is the caller's ctx, [RetryPolicy.Do] still stops, because it
//     checks ctx before every retry.
//
// It is false for nil, [context.Canceled], any other status (400 and the
// other 4xx above all: the same request would fail the same way), running
// out of file descriptors (EMFILE, ENFILE: a local limit that retrying
// only worsens), and anything else, such as a malformed response.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if se, ok := errors.AsType[*StatusError](err); ok {
		switch se.Code {
		case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	switch {
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return false
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return true
	}
	return false
}
