package thirdparty

import (
	"context"
	"net"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pipeListener is an in-memory net.Listener: Dial hands one end of a
// net.Pipe to Accept. Unlike real sockets, pipes block durably inside a
// synctest bubble, so virtual time can advance past the service's delay.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

func (l *pipeListener) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// startBubble serves svc over a pipe listener and returns a client dialling
// it; call it inside synctest.Test. The returned stop shuts both down so no
// goroutine outlives the bubble.
func startBubble(t *testing.T, svc *Handler, opts ClientOptions) (c *Client, stop func()) {
	t.Helper()
	l := newPipeListener()
	srv := NewServer(svc, DefaultDelay)
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(l)
	}()
	c, err := NewClient("http://thirdparty.test", opts)
	require.NoError(t, err, "NewClient")
	c.tr.DialContext = l.DialContext
	return c, func() {
		c.Close()
		_ = srv.Close()
		<-served
	}
}

func TestPeakInFlightVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 100
		svc := NewHandler(DefaultDelay)
		c, stop := startBubble(t, svc, ClientOptions{Concurrency: n})
		defer stop()
		ctx := t.Context()

		start := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { errs[i] = c.Call(ctx, i) })
		}
		wg.Wait()
		elapsed := time.Since(start)

		for i, err := range errs {
			assert.NoError(t, err, "Call(ctx, %d)", i)
		}
		assert.Equal(t, DefaultDelay, elapsed, "%d concurrent calls take exactly one delay of virtual time", n)
		assert.Equal(t, Stats{Served: n, PeakInFlight: n}, svc.Stats(), "stats after %d concurrent calls", n)

		before, err := c.ResetPeak(ctx)
		require.NoError(t, err, "ResetPeak")
		assert.Equal(t, int64(n), before.PeakInFlight, "ResetPeak returns the peak before the reset")
		assert.Zero(t, svc.Stats().PeakInFlight, "peak after reset with nothing in flight")
	})
}

func TestConnCapVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// 10 calls through 4 connections: ⌈10/4⌉ = 3 delays.
		const n, conc = 10, 4
		svc := NewHandler(DefaultDelay)
		c, stop := startBubble(t, svc, ClientOptions{Concurrency: conc})
		defer stop()
		ctx := t.Context()

		start := time.Now()
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { assert.NoError(t, c.Call(ctx, i), "Call(ctx, %d)", i) })
		}
		wg.Wait()

		assert.Equal(t, 3*DefaultDelay, time.Since(start), "%d calls over %d connections", n, conc)
		assert.Equal(t, int64(conc), svc.Stats().PeakInFlight, "peak in flight is capped by the connections")
	})
}

func TestTimeoutVirtualTime(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration // client's own timeout
		ctxWait time.Duration // caller's deadline, 0 for none
		want    time.Duration
	}{
		{name: "client timeout", timeout: 50 * time.Millisecond, want: 50 * time.Millisecond},
		{name: "ctx deadline", timeout: time.Hour, ctxWait: 80 * time.Millisecond, want: 80 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				svc := NewHandler(DefaultDelay)
				c, stop := startBubble(t, svc, ClientOptions{Timeout: tt.timeout})
				defer stop()
				ctx := t.Context()
				if tt.ctxWait > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.ctxWait)
					defer cancel()
				}

				start := time.Now()
				err := c.Call(ctx, 1)
				elapsed := time.Since(start)
				synctest.Wait() // let the handler notice the client has gone

				assert.ErrorIs(t, err, context.DeadlineExceeded, "Call = %v, want context.DeadlineExceeded", err)
				assert.Equal(t, tt.want, elapsed, "Call gives up after exactly the timeout")
				assert.Equal(t, Stats{PeakInFlight: 1, Cancelled: 1}, svc.Stats(), "the service counts the call as cancelled")
			})
		})
	}
}

var _ net.Listener = (*pipeListener)(nil)
