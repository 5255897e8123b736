package harness

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

// A rate cap spaces every call start by 1/rate whatever the concurrency,
// exactly, in virtual time; a cancelled wait starts nothing.
func TestPacedCapsStarts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var starts atomic.Int64
		task := paced(newLimiter(100), func(ctx context.Context, i int) error {
			starts.Add(1)
			time.Sleep(time.Second) // slow calls: concurrency is not what limits
			return nil
		})
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Go(func() { _ = task(context.Background(), i) })
		}
		time.Sleep(245 * time.Millisecond)
		synctest.Wait()
		assert.Equal(t, int64(25), starts.Load(), "starts after 245 ms at 100/s: one at once, then one per 10 ms")
		wg.Wait()
		assert.Equal(t, int64(50), starts.Load(), "every call started")
		assert.Equal(t, 490*time.Millisecond+time.Second, time.Since(start), "the last start at 490 ms, then its call")

		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		before := starts.Load()
		err := task(ctx, 0)
		assert.ErrorIs(t, err, context.Canceled, "a cancelled wait")
		assert.Equal(t, before, starts.Load(), "nothing started")
	})
	assert.Nil(t, newLimiter(0), "0 is no cap")
}

// The client's peak in flight is the most calls inside the wrapper at
// once, from many goroutines.
func TestRecorderPeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder()
		task := rec.wrap(func(ctx context.Context, i int) error {
			time.Sleep(time.Duration(i%3+1) * time.Millisecond)
			return nil
		})
		var wg sync.WaitGroup
		for i := range 7 {
			wg.Go(func() { _ = task(context.Background(), i) })
		}
		wg.Wait()
		assert.Equal(t, int64(7), rec.peak.Load(), "seven at once")
		assert.Zero(t, rec.inFlight.Load(), "none left in flight")
		rec.reset()
		assert.Zero(t, rec.peak.Load(), "reset")
	})
}
