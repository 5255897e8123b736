package strategytest

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"batchlab/strategies"
)

// Elapsed runs s on n entries inside a testing/synctest bubble, each call
// taking delay (or until its ctx is done), and returns how long Run took in
// virtual time. The time is exact, so a test compares it with ==, and it
// costs no real time. Elapsed fails t if Run returns an error, runs an index
// other than exactly once, has more calls in flight than
// [strategies.Concurrency], or leaves a call or goroutine behind. It must
// not be called inside a bubble.
//
// [Run] already checks the ideal model with it; a strategy's own tests use
// it, or [ElapsedFunc], for the cases the model does not cover.
func Elapsed(t *testing.T, s strategies.Strategy, n int, delay time.Duration) time.Duration {
	t.Helper()
	return ElapsedFunc(t, s, n, func(int) time.Duration { return delay })
}

// ElapsedFunc is [Elapsed] with call i taking call(i): one slow call,
// stragglers, or whatever shows how the strategy differs from its
// neighbours.
func ElapsedFunc(t *testing.T, s strategies.Strategy, n int, call func(i int) time.Duration) time.Duration {
	t.Helper()
	var took time.Duration
	synctest.Test(t, func(t *testing.T) {
		r := newRecorder(n, func(ctx context.Context, i int) error { return sleep(ctx, call(i)) })
		start := time.Now()
		err := s.Run(r.mark(t.Context()), n, r.task)
		took = time.Since(start)
		assert.NoError(t, err, "%v: Run(ctx, %d) = %v, want <nil>", s, n, err)
		r.checkReturned(t, n)
		r.checkOnce(t, n)
		r.checkPeak(t, s, n)
	})
	return took
}

// model describes [strategies.Ideal] for s and n, as a failure message shows
// it: "⌈7/4⌉ × 200ms", or "max(⌈7/4⌉ × 200ms, 7 / 10 per s)" when s is paced.
func model(s strategies.Strategy, n int, d time.Duration) string {
	c := max(strategies.Concurrency(s, n), 1)
	m := fmt.Sprintf("⌈%d/%d⌉ × %v", n, c, d)
	if p, ok := s.(strategies.Paced); ok {
		m = fmt.Sprintf("max(%s, %d / %v per s)", m, n, p.StartRate())
	}
	return m
}
