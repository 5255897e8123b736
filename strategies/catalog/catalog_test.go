package catalog_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/strategies"
	"batchlab/strategies/ants"
	"batchlab/strategies/batches"
	"batchlab/strategies/catalog"
	"batchlab/strategies/conc"
	"batchlab/strategies/errgrouplimit"
	"batchlab/strategies/failsafebulkhead"
	"batchlab/strategies/pond"
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
	assert.Equal(t, errgrouplimit.DefaultWidth, catalog.DefaultWidth, "errgrouplimit.DefaultWidth")
	assert.Equal(t, ratelimited.DefaultWorkers, catalog.DefaultWidth, "ratelimited.DefaultWorkers")
	assert.Equal(t, ants.DefaultWorkers, catalog.DefaultWidth, "ants.DefaultWorkers")
	assert.Equal(t, conc.DefaultWidth, catalog.DefaultWidth, "conc.DefaultWidth")
	assert.Equal(t, pond.DefaultWorkers, catalog.DefaultWidth, "pond.DefaultWorkers")
	assert.Equal(t, failsafebulkhead.DefaultWidth, catalog.DefaultWidth, "failsafebulkhead.DefaultWidth")
}

// TestAllNames checks what every entry's name must be, whatever the list
// holds: unique, and its strategy's package name, as bench.txt and
// `batchlab run -strategies` spell it; a hyphen in the name stands for
// nothing in the package name (failsafe-bulkhead is failsafebulkhead), since
// Go's cannot hold one.
func TestAllNames(t *testing.T) {
	all := catalog.All()
	require.NotEmpty(t, all, "All() should list strategies")
	seen := map[string]bool{}
	for _, e := range all {
		assert.False(t, seen[e.Name], "All() lists %q twice", e.Name)
		seen[e.Name] = true
		require.NotNil(t, e.New, "%s has no New", e.Name)
		pkg := reflect.TypeOf(e.New(catalog.DefaultWidth)).PkgPath()
		assert.Equal(t, "batchlab/strategies/"+strings.ReplaceAll(e.Name, "-", ""), pkg, "entry %q builds a strategy of package %s, want the package it is named after", e.Name, pkg)
	}
}

func TestAllFresh(t *testing.T) {
	a := catalog.All()
	require.NotEmpty(t, a, "All() should list strategies")
	first := a[0].Name
	a[0] = catalog.Entry{Name: "changed"}
	b := catalog.All()
	assert.Equal(t, first, b[0].Name, "changing one All() result must not change the next")
}

// TestNew runs every entry's strategy once at the default width: it must
// run each index once, declare the concurrency its TakesWidth implies, and
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
			if e.TakesWidth {
				assert.Equal(t, catalog.DefaultWidth, c, "%v: Concurrency(%d) = %d, want the width %d", s, n, c, catalog.DefaultWidth)
				assert.Equal(t, fmt.Sprintf("%s(%d)", e.Name, catalog.DefaultWidth), name, "String() of a strategy with a width")
			} else {
				// Entries without a width show none; adaptive adds its own settings.
				assert.True(t, strings.HasPrefix(name, e.Name), "String() of an entry without a width starts with its name, got %q", name)
			}
		})
	}
}

func TestNewInvalidWidth(t *testing.T) {
	for _, e := range catalog.All() {
		if !e.TakesWidth {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			err := e.New(0).Run(t.Context(), 1, func(context.Context, int) error { return nil })
			assert.ErrorIs(t, err, strategies.ErrConfig, "%s: New(0).Run(ctx, 1) = %v, want an error wrapping strategies.ErrConfig", e.Name, err)
		})
	}
}

func TestLookup(t *testing.T) {
	for _, want := range catalog.All() {
		t.Run(want.Name, func(t *testing.T) {
			e, err := catalog.Lookup(want.Name)
			assert.NoError(t, err, "Lookup(%q) = %v, want <nil>", want.Name, err)
			assert.Equal(t, want.Name, e.Name, "Lookup(%q).Name", want.Name)
			assert.Equal(t, want.Summary, e.Summary, "Lookup(%q).Summary", want.Name)
		})
	}
	for _, name := range []string{"magic", "", "WorkerPool"} {
		t.Run(fmt.Sprintf("unknown %q", name), func(t *testing.T) {
			_, err := catalog.Lookup(name)
			assert.ErrorIs(t, err, catalog.ErrUnknown, "Lookup(%q) = %v, want an error wrapping catalog.ErrUnknown", name, err)
		})
	}
}

func TestLookupMessage(t *testing.T) {
	var names []string
	for _, e := range catalog.All() {
		names = append(names, e.Name)
	}
	_, err := catalog.Lookup("x")
	want := `catalog: unknown strategy "x" (have ` + strings.Join(names, ", ") + ")"
	assert.EqualError(t, err, want, "Lookup(%q) error message should list the valid names, in All's order", "x")
}
