package strategytest

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"batchlab/strategies"
)

// Benchmark runs s with a no-op task for n = 1,000 and 20,000, in
// sub-benchmarks named n=<n>, and reports allocs/entry beside allocs/op:
// the contract wants memory to grow with concurrency, not with n, so that
// figure should fall as n grows.
func Benchmark(b *testing.B, s strategies.Strategy) {
	task := func(context.Context, int) error { return nil }
	for _, n := range []int{1000, 20000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				if err := s.Run(b.Context(), n, task); err != nil {
					b.Fatalf("Run(ctx, %d) = %v, want <nil>", n, err)
				}
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/float64(n), "allocs/entry")
		})
	}
}
