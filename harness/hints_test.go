package harness_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
)

func TestHints(t *testing.T) {
	res := &harness.Results{Measurements: []harness.Measurement{{}, {}}}
	res.Measurements[0].Failures[harness.ClassFDLimit] = 3
	res.Measurements[1].Failures[harness.ClassPorts] = 2
	hints := res.Hints()
	require.Len(t, hints, 2, "one hint per limit hit: %q", hints)
	assert.Contains(t, hints[0], `3 calls failed with "too many open files"`, "the open-file limit is named")
	assert.Contains(t, hints[0], "narrower width", "and what to do")
	assert.Contains(t, hints[1], "2 calls found no free local port", "the port range is named")

	none := &harness.Results{Measurements: []harness.Measurement{{}}}
	assert.Empty(t, none.Hints(), "no hint without such failures")
}
