package harness_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
)

func TestPredictedMemoryGrowsWithCallsInFlight(t *testing.T) {
	narrow := harness.Cell{Strategy: "workerpool", Entries: 1_000_000, Concurrency: 250}
	wide := harness.Cell{Strategy: "unbounded", Entries: 1_000_000, Concurrency: 1_000_000}
	assert.Less(t, narrow.PredictedMemory(), uint64(256<<20), "250 in flight is small whatever n")
	assert.Equal(t, narrow.PredictedMemory(), harness.Cell{Strategy: "workerpool", Entries: 20_000, Concurrency: 250}.PredictedMemory(),
		"memory grows with concurrency, not with n")
	assert.Greater(t, wide.PredictedMemory(), uint64(4<<30), "a million calls in flight need gigabytes")
	small := harness.Cell{Entries: 10, Concurrency: 1000}
	assert.Equal(t, small.PredictedMemory(), harness.Cell{Entries: 10, Concurrency: 10}.PredictedMemory(), "no more in flight than entries")
}

func TestNewPlanRefusesOverMemory(t *testing.T) {
	cfg := harness.Config{Sizes: []int{10_000_000}, Count: 1, Delay: 20 * time.Millisecond, Memory: 8 << 30}
	_, err := harness.NewPlan([]harness.Subject{{Name: "unbounded", Strategy: fixed{W: 10_000_000}}}, cfg)
	require.ErrorIs(t, err, harness.ErrMemory, "ten million calls in flight are refused")
	require.ErrorIs(t, err, harness.ErrPlan, "as a bad plan")
	assert.Regexp(t, `^harness: unbounded at 10000000 entries is predicted to hold [0-9.]+ GiB \(10000000 calls in flight\), over the memory budget of 8\.0 GiB: invalid plan$`,
		err.Error(), "one line naming the prediction and the budget")

	_, err = harness.NewPlan([]harness.Subject{{Name: "workerpool", Strategy: fixed{W: 250}}}, cfg)
	assert.NoError(t, err, "the same n at width 250 fits")

	cfg.Sizes = []int{100_000}
	cfg.Budget = time.Millisecond // over the time budget: skipped, so never refused for memory
	_, err = harness.NewPlan([]harness.Subject{{Name: "sequential", Strategy: fixed{W: 1}}, {Name: "unbounded", Strategy: fixed{W: 100_000}}}, cfg)
	assert.NoError(t, err, "cells that will not run are not refused")
}

func TestNewPlanBoundsCount(t *testing.T) {
	_, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 4}}},
		harness.Config{Sizes: []int{10}, Count: harness.MaxCount + 1, Delay: time.Millisecond})
	assert.ErrorIs(t, err, harness.ErrPlan, "-count past its bound")
	assert.ErrorContains(t, err, "count must be at most 100", "says the bound")
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]uint64{"512": 512, "8GiB": 8 << 30, "8G": 8 << 30, "16 GiB": 16 << 30, "100MiB": 100 << 20, "1KB": 1 << 10, "2t": 2 << 40} {
		got, err := harness.ParseBytes(in)
		require.NoError(t, err, "ParseBytes(%q)", in)
		assert.Equal(t, want, got, "ParseBytes(%q)", in)
	}
	for _, bad := range []string{"", "GiB", "-1GiB", "8 PiB", "0", "1.5GiB", "8XB", "99999999999T"} {
		_, err := harness.ParseBytes(bad)
		assert.Error(t, err, "ParseBytes(%q)", bad)
	}
	assert.Equal(t, "1.5 GiB", harness.FormatBytes(3<<29), "FormatBytes")
	assert.Equal(t, "999 B", harness.FormatBytes(999), "FormatBytes")
}
