package harness

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

	"batchlab/thirdparty"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Class
	}{
		{name: "deadline", err: fmt.Errorf("get: %w", context.DeadlineExceeded), want: ClassTimeout},
		{name: "net timeout", err: &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, want: ClassTimeout},
		{name: "cancelled", err: context.Canceled, want: ClassCancelled},
		{name: "429", err: &thirdparty.StatusError{Code: 429}, want: Class429},
		{name: "503", err: &thirdparty.StatusError{Code: 503}, want: Class5xx},
		{name: "400", err: &thirdparty.StatusError{Code: 400}, want: Class4xx},
		{name: "reset", err: &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, want: ClassReset},
		{name: "eof", err: fmt.Errorf("get: %w", io.ErrUnexpectedEOF), want: ClassReset},
		{name: "refused", err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, want: ClassRefused},
		{name: "service died", err: fmt.Errorf("thirdparty: entry 3: %w: %w", ErrServiceDied, context.Canceled), want: ClassServiceDied},
		{name: "no local port", err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.EADDRNOTAVAIL)}, want: ClassPorts},
		{name: "fd limit", err: &net.OpError{Op: "dial", Err: os.NewSyscallError("socket", syscall.EMFILE)}, want: ClassFDLimit},
		{name: "other", err: errors.New("boom"), want: ClassOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want.String(), Classify(tt.err).String(), "Classify(%v)", tt.err)
		})
	}
}

// The recorder's per-call path must not allocate: it runs once per entry.
func TestRecorderAllocatesNothingPerCall(t *testing.T) {
	r := newRecorder()
	fail := errors.New("fail")
	task := r.wrap(func(_ context.Context, i int) error {
		if i%2 == 1 {
			return fail
		}
		return nil
	})
	ctx := context.Background()
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		_ = task(ctx, i)
		i++
	})
	assert.Zero(t, allocs, "allocations per wrapped call")
	assert.Equal(t, int64(i), r.calls.Load(), "every call counted")
	assert.Equal(t, r.calls.Load(), r.ok.Load()+r.failures[ClassOther].Load(), "every call ends once")
}

// In a synctest bubble time is virtual, so recorded latencies are exact.
func TestRecorderLatencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRecorder()
		task := r.wrap(func(_ context.Context, i int) error {
			time.Sleep(time.Duration(i+1) * time.Millisecond)
			return nil
		})
		for i := range 100 {
			require.NoError(t, task(context.Background(), i), "task(%d)", i)
		}
		l := r.latencies()
		assert.InDelta(t, 50*time.Millisecond, l.P50, float64(100*time.Microsecond), "p50 of 1..100 ms")
		assert.InDelta(t, 90*time.Millisecond, l.P90, float64(100*time.Microsecond), "p90 of 1..100 ms")
		assert.InDelta(t, 99*time.Millisecond, l.P99, float64(100*time.Microsecond), "p99 of 1..100 ms")
		assert.InDelta(t, 100*time.Millisecond, l.Max, float64(100*time.Microsecond), "max of 1..100 ms")

		r.reset()
		assert.Equal(t, Latency{}, r.latencies(), "reset empties the histograms")
	})
}
