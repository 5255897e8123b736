package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

// A template target's file has the client's peak but no service CPU or
// service peak: the exports carry the first, null for the others, and the
// table renders.
func TestExportClientPeak(t *testing.T) {
	pool := benchfile.Name{Strategy: "workerpool", Concurrency: 16, Entries: 1000}
	m := func(rep int, peak int64) benchfile.Measurement {
		return benchfile.Measurement{Name: pool, Rep: rep, Wall: time.Second, Ideal: time.Second, Succeeded: 900, Failed: 100, Attempts: 1000,
			Failures: []benchfile.ClassCount{{Class: benchfile.Class4xx, Count: 100}}, ClientPeak: peak}
	}
	data, err := benchfile.Encode(&benchfile.Block{Config: []benchfile.Config{{Key: benchfile.KeyTarget, Value: "http://127.0.0.1:8080/{i}.txt"}},
		Status: benchfile.StatusComplete, Measurements: []benchfile.Measurement{m(0, 16), m(1, 14)}})
	require.NoError(t, err, "Encode")
	run, err := Load(bytes.NewReader(data), "template.txt")
	require.NoError(t, err, "Load")
	rec := NewCellRecord(run.Cells[0])
	assert.Equal(t, 15.0, float64(rec.ClientPeakInflight), "mean client peak")
	assert.True(t, math.IsNaN(float64(rec.PeakInflight)), "no service peak")
	assert.True(t, math.IsNaN(float64(rec.ServiceCPUSec)), "no service CPU")
	var js bytes.Buffer
	require.NoError(t, WriteJSON(&js, run), "WriteJSON")
	var doc struct {
		Cells []map[string]any `json:"cells"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc), "JSON")
	assert.Equal(t, 15.0, doc.Cells[0]["client_peak_inflight"], "JSON carries the client peak")
	assert.Nil(t, doc.Cells[0]["peak_inflight"], "JSON: null service peak")
	var csvOut, table bytes.Buffer
	require.NoError(t, WriteCSV(&csvOut, run), "WriteCSV")
	assert.Contains(t, csvOut.String(), "client_peak_inflight", "CSV has the column")
	require.NoError(t, WriteTable(&table, run), "the table renders without service figures")
	assert.Contains(t, table.String(), "workerpool", "the table's row")
}
