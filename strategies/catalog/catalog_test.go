package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/strategies"
	"batchlab/strategies/batches"
	"batchlab/strategies/catalog"
	"batchlab/strategies/errgrouplimit"
	"batchlab/strategies/ratelimited"
	"batchlab/strategies/semaphore"
	"batchlab/strategies/window"
	"batchlab/strategies/workerpool"
)

// TestDefaultWidth keeps the catalog's default and the packages' defaults
// from drifting apart, so `batchlab run` and the examples agree.
func TestDefaultWidth(t *testing.T) {
	assert.Equal(t, batches.DefaultSize, catalog.DefaultWidth, "batches.DefaultSize")
	assert.Equal(t, workerpool.DefaultWorkers, catalog.DefaultWidth, "workerpool.DefaultWorkers")
	assert.Equal(t, semaphore.DefaultWeight, catalog.DefaultWidth, "semaphore.DefaultWeight")
	assert.Equal(t, window.DefaultSize, catalog.DefaultWidth, "window.DefaultSize")
	assert.Equal(t, errgrouplimit.DefaultLimit, catalog.DefaultWidth, "errgrouplimit.DefaultLimit")
	assert.Equal(t, ratelimited.DefaultWorkers, catalog.DefaultWidth, "ratelimited.DefaultWorkers")
}

func TestAllOrder(t *testing.T) {
	var names []string
	for _, e := range catalog.All() {
		names = append(names, e.Name)
	}
	want := []string{"sequential", "unbounded", "batches", "workerpool", "semaphore", "window", "errgrouplimit", "ratelimited", "adaptive"}
	assert.Equal(t, want, names, "All() names, in order")
}

func TestAllFresh(t *testing.T) {
	a := catalog.All()
	require.NotEmpty(t, a, "All() should list strategies")
	a[0] = catalog.Entry{Name: "changed"}
	b := catalog.All()
	assert.Equal(t, "sequential", b[0].Name, "changing one All() result must not change the next")
}

// TestNew runs every entry's strategy once at the default width: it must
// run each index once, declare the limit the entry's Bounded implies, and
// show its width in its name.
func TestNew(t *testing.T) {
	const n = 1000
	for _, e := range catalog.All() {
		t.Run(e.Name, func(t *testing.T) {
			require.NotEmpty(t, e.Summary, "%s has no summary", e.Name)
			require.NotNil(t, e.New, "%s has no New", e.Name)
			s := e.New(catalog.DefaultWidth)
			require.NotNil(t, s, "%s: New(%d) = nil", e.Name, catalog.DefaultWidth)

			seen := make([]atomic.Int32, n)
			err := s.Run(t.Context(), n, func(_ context.Context, i int) error {
				seen[i].Add(1)
				return nil
			})
			assert.NoError(t, err, "%v: Run(ctx, %d) = %v, want <nil>", s, n, err)
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					assert.Failf(t, "index not run exactly once", "%v: Run(ctx, %d): index %d ran %d times, want 1", s, n, i, got)
					break
				}
			}

			c := strategies.Concurrency(s, n)
			name := fmt.Sprint(s)
			if e.Bounded {
				assert.Equal(t, catalog.DefaultWidth, c, "%v: Concurrency(%d) = %d, want the width %d", s, n, c, catalog.DefaultWidth)
				assert.Equal(t, fmt.Sprintf("%s(%d)", e.Name, catalog.DefaultWidth), name, "String() of a bounded strategy")
			} else {
				// Unbounded entries have no width; adaptive adds its own settings.
				assert.True(t, strings.HasPrefix(name, e.Name), "String() of an unbounded entry starts with its name, got %q", name)
			}
		})
	}
}

func TestNewInvalidWidth(t *testing.T) {
	for _, e := range catalog.All() {
		if !e.Bounded {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			err := e.New(0).Run(t.Context(), 1, func(context.Context, int) error { return nil })
			assert.ErrorIs(t, err, strategies.ErrConfig, "%s: New(0).Run(ctx, 1) = %v, want an error wrapping strategies.ErrConfig", e.Name, err)
		})
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name    string
		lookup  string
		wantErr error
	}{
		{name: "known", lookup: "workerpool"},
		{name: "first", lookup: "sequential"},
		{name: "unknown", lookup: "magic", wantErr: catalog.ErrUnknown},
		{name: "empty", lookup: "", wantErr: catalog.ErrUnknown},
		{name: "case matters", lookup: "WorkerPool", wantErr: catalog.ErrUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := catalog.Lookup(tt.lookup)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr, "Lookup(%q) = %v, want an error wrapping %v", tt.lookup, err, tt.wantErr)
				return
			}
			assert.NoError(t, err, "Lookup(%q) = %v, want <nil>", tt.lookup, err)
			assert.Equal(t, tt.lookup, e.Name, "Lookup(%q).Name", tt.lookup)
		})
	}
}

func TestLookupMessage(t *testing.T) {
	_, err := catalog.Lookup("x")
	want := `catalog: unknown strategy "x" (have sequential, unbounded, batches, workerpool, semaphore, window, errgrouplimit, ratelimited, adaptive)`
	assert.EqualError(t, err, want, "Lookup(%q) error message should list the valid names", "x")
}
