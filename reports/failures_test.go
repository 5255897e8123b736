package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/reports"
)

// Failures are reported by class, not only as a total, so a reader can
// tell a flaky service from rate limiting or a dead child.
func TestFailuresByClass(t *testing.T) {
	const bench = `scenario: flaky
BenchmarkProcess/strategy=pool/concurrency=4/entries=10 1 0.5 sec/op 0.5 ideal-sec/op 7 succeeded/op 3 failed/op 2 failed-5xx/op 1 failed-reset/op
BenchmarkProcess/strategy=pool/concurrency=4/entries=10 1 0.5 sec/op 0.5 ideal-sec/op 8 succeeded/op 2 failed/op 2 failed-5xx/op
BenchmarkProcess/strategy=pool/concurrency=4/entries=20 1 0.5 sec/op 0.5 ideal-sec/op 20 succeeded/op 0 failed/op
`
	run, err := reports.Load(strings.NewReader(bench), "flaky")
	require.NoError(t, err, "Load")
	require.Len(t, run.Cells, 2, "two cells")
	assert.Equal(t, []reports.ClassCount{{Class: "5xx", Count: 4}, {Class: "reset", Count: 1}},
		run.Cells[0].FailuresByClass(), "summed over runs, largest first")
	assert.Empty(t, run.Cells[1].FailuresByClass(), "no failures, no classes")

	var table bytes.Buffer
	require.NoError(t, reports.WriteTable(&table, run), "WriteTable")
	assert.Contains(t, table.String(), "| 5xx 4; reset 1 ", "the Failed by class column breaks the total down by class")
	assert.Contains(t, table.String(), "scenario flaky", "the scenario is among the settings")
}
