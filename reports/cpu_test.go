package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/benchfile"
)

// cpuRun is a run of two cells: a pool whose service said its CPU in both
// runs, and unbounded against a service that could not say it.
func cpuRun(t *testing.T) *Run {
	t.Helper()
	pool := benchfile.Name{Strategy: "workerpool", Concurrency: 250, Entries: 1000}
	unbounded := benchfile.Name{Strategy: "unbounded", Concurrency: 1000, Entries: 1000}
	m := func(name benchfile.Name, rep int, client, service time.Duration, known bool) benchfile.Measurement {
		return benchfile.Measurement{Name: name, Rep: rep, Wall: time.Second, Ideal: time.Second, Succeeded: 1000, Attempts: 1000,
			ClientCPU: client, ServiceCPU: service, HasServiceCPU: known}
	}
	data, err := benchfile.Encode(&benchfile.Block{Status: benchfile.StatusComplete, Measurements: []benchfile.Measurement{
		m(pool, 0, 40*time.Millisecond, 20*time.Millisecond, true),
		m(pool, 1, 60*time.Millisecond, 30*time.Millisecond, true),
		m(unbounded, 0, 80*time.Millisecond, 0, false),
	}})
	require.NoError(t, err, "Encode")
	run, err := Load(bytes.NewReader(data), "cpu.txt")
	require.NoError(t, err, "Load")
	return run
}

func TestExportCPU(t *testing.T) {
	run := cpuRun(t)
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, run), "WriteCSV")
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err, "CSV parses")
	require.Len(t, rows, 3, "header and two cells")
	header := rows[0]
	assert.Equal(t, []string{"client_cpu_sec", "service_cpu_sec", "client_peak_inflight"}, header[len(header)-3:],
		"the CPU columns come after the older ones, then the client peak: older columns keep their place")
	byMethod := map[string][]string{}
	for _, r := range rows[1:] {
		byMethod[r[2]] = r[len(r)-3 : len(r)-1]
	}
	assert.Equal(t, []string{"0.05", "0.025"}, byMethod["workerpool(250)"], "means over the runs")
	assert.Equal(t, []string{"0.08", ""}, byMethod["unbounded(1000)"], "no service CPU where the service could not say it")

	buf.Reset()
	require.NoError(t, WriteJSON(&buf, run), "WriteJSON")
	var doc struct {
		Cells []map[string]any `json:"cells"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc), "JSON decodes")
	for _, c := range doc.Cells {
		switch c["method"] {
		case "workerpool(250)":
			assert.InDelta(t, 0.05, c["client_cpu_sec"], 1e-12, "client CPU")
			assert.InDelta(t, 0.025, c["service_cpu_sec"], 1e-12, "service CPU")
		case "unbounded(1000)":
			assert.InDelta(t, 0.08, c["client_cpu_sec"], 1e-12, "client CPU")
			assert.Contains(t, c, "service_cpu_sec", "the key is there")
			assert.Nil(t, c["service_cpu_sec"], "null where the service could not say it")
		}
	}
}

func TestTableCPU(t *testing.T) {
	tables := Tables(cpuRun(t))
	require.Len(t, tables, 1, "one scenario")
	tb := tables[0]
	texts := map[string]string{}
	for _, r := range tb.Rows {
		cpu, ok := tb.Cell(r, ColCPU)
		require.True(t, ok, "a CPU column where the cells report client CPU")
		texts[r.Method] = cpu
	}
	assert.Equal(t, "75.0 µs", texts["workerpool(250)"], "(mean client + mean service) ÷ entries, µs")
	assert.Equal(t, "80.0 µs (client)", texts["unbounded(1000)"], "client only, marked, where the service could not say")
	assert.Contains(t, TableLegend(tables), legendCPU, "the legend explains the column")

	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, cpuRun(t)), "WriteTable")
	assert.Contains(t, buf.String(), CPUColumn, "table.md shows the column")

	for _, tb := range Tables(loadTestdata(t, "quick.txt")) {
		for _, c := range tb.Columns {
			assert.NotEqual(t, ColCPU, c.Key, "no CPU column for a file written before CPU was measured")
		}
	}
}
