package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportGolden(t *testing.T) {
	run := loadTestdata(t, "skipped.txt")
	tests := []struct {
		name   string
		write  func(*bytes.Buffer) error
		golden string
	}{
		{name: "CSV", write: func(b *bytes.Buffer) error { return WriteCSV(b, run) }, golden: "export.skipped.csv"},
		{name: "JSON", write: func(b *bytes.Buffer) error { return WriteJSON(b, run) }, golden: "export.skipped.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(&buf), "writing %s should succeed", tt.name)
			golden := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644), "writing %s", golden)
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "golden %s should exist (run go test -update)", golden)
			assert.Equal(t, string(want), buf.String(), "%s export should match %s", tt.name, golden)
		})
	}
}

// sameFloat reports whether a and b are equal, NaN equal to NaN.
func sameFloat(a, b NullFloat) bool {
	return a == b || (math.IsNaN(float64(a)) && math.IsNaN(float64(b)))
}

func TestWriteJSONRoundTrip(t *testing.T) {
	for _, name := range []string{"skipped.txt", "quick.txt"} {
		t.Run(name, func(t *testing.T) {
			run := loadTestdata(t, name)
			var buf bytes.Buffer
			require.NoError(t, WriteJSON(&buf, run), "WriteJSON should succeed")
			assert.NotContains(t, buf.String(), "NaN", "NaN must be encoded as null")

			var got Export
			require.NoError(t, json.Unmarshal(buf.Bytes(), &got), "output should decode with encoding/json")
			want := NewExport(run)
			assert.Equal(t, want.Settings, got.Settings, "settings round-trip")
			require.Len(t, got.Cells, len(want.Cells), "one record per cell")
			classes := ExportClassColumns(run)
			for i := range want.Cells {
				wv, gv := want.Cells[i].csvValues(classes), got.Cells[i].csvValues(classes)
				assert.Equal(t, want.Cells[i].FailuresByClass, got.Cells[i].FailuresByClass, "cell %d: failures by class round-trip", i)
				assert.Equal(t, wv, gv, "cell %d round-trips (NaN ↔ null)", i)
			}

			again, err := json.MarshalIndent(&got, "", "  ")
			require.NoError(t, err, "re-encoding should succeed")
			assert.Equal(t, buf.String(), string(again)+"\n", "decode → encode gives the same bytes")

			// Generic decoding: keys as documented, undefined figures null.
			var doc struct {
				Settings map[string]string `json:"settings"`
				Cells    []map[string]any  `json:"cells"`
			}
			require.NoError(t, json.Unmarshal(buf.Bytes(), &doc), "generic decode")
			for i, c := range doc.Cells {
				assert.Len(t, c, len(ExportColumns())+len(ExportLateColumns())+1, "cell %d has every column and failures_by_class", i)
				if c["skipped"] == true {
					assert.Nil(t, c["mean_sec"], "skipped cell %d: mean_sec is null", i)
					assert.NotNil(t, c["predicted_sec"], "skipped cell %d: predicted_sec set", i)
				} else {
					assert.Nil(t, c["predicted_sec"], "measured cell %d: predicted_sec is null", i)
					assert.NotNil(t, c["mean_sec"], "measured cell %d: mean_sec set", i)
				}
			}
		})
	}
}

func TestExportRecords(t *testing.T) {
	run := loadTestdata(t, "quick.txt")
	r := NewCellRecord(run.Cells[0]) // sequential(1), 1000 entries, 2 runs
	assert.Equal(t, "sequential(1)", r.Method)
	assert.Equal(t, 2, r.Runs)
	assert.False(t, r.ErrorSec.Valid(), "error is undefined under 3 runs")
	assert.True(t, r.StdDevSec.Valid(), "stddev is defined with 2 runs")
	assert.InDelta(t, 2.281586537, float64(r.MinSec), 1e-12, "min sec/op")
	assert.InDelta(t, 2.287526036, float64(r.MaxSec), 1e-12, "max sec/op")
	assert.InDelta(t, (2.28158653+2.287526036)/2, float64(r.MeanSec), 1e-8, "mean sec/op")
	assert.InDelta(t, (0.002273+0.002275)/2, float64(r.P50Sec), 1e-12, "mean p50")
	assert.InDelta(t, (2722.12+2721.272)/2, float64(r.AllocBytesPerEntry), 1e-9, "mean B/entry")
	assert.Equal(t, NullFloat(2000), r.SucceededTotal, "succeeded summed over runs")
	assert.Equal(t, NullFloat(0), r.FailedTotal, "failed summed over runs")

	skipped := loadTestdata(t, "skipped.txt")
	last := skipped.Cells[len(skipped.Cells)-1]
	require.True(t, last.Skipped, "last cell of skipped.txt is skipped")
	s := NewCellRecord(last)
	assert.Equal(t, NullFloat(4000), s.PredictedSec)
	assert.Equal(t, 0, s.Runs)
	for _, f := range []NullFloat{s.MeanSec, s.GCsPer1000Ops, s.AllocBytesPerOp, s.RatioToIdeal, s.FailedTotal} {
		assert.False(t, f.Valid(), "measured figures of a skipped cell are undefined")
	}
}

func TestWriteCSV(t *testing.T) {
	run := loadTestdata(t, "skipped.txt")
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, run), "WriteCSV should succeed")
	assert.NotContains(t, buf.String(), "NaN", "NaN must be an empty field")
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err, "output should parse as CSV")
	require.Len(t, rows, len(run.Cells)+1, "header and one row per cell")
	assert.Equal(t, append(ExportColumns(), ExportLateColumns()...), rows[0], "header: no class columns in a file without failures")
	assert.Equal(t, "scenario", rows[0][0])
	assert.Equal(t, "strategy", rows[0][1])
	assert.Contains(t, rows[0], "succeeded_total")

	col := func(name string) int {
		for i, c := range rows[0] {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	for i, c := range run.Cells {
		row := rows[i+1]
		assert.Equal(t, c.Strategy, row[col("strategy")])
		assert.Equal(t, strconv.Itoa(c.Entries), row[col("entries")])
		if c.Skipped {
			assert.Equal(t, "", row[col("mean_sec")], "skipped: mean empty")
			assert.Equal(t, "true", row[col("skipped")])
			continue
		}
		mean, err := strconv.ParseFloat(row[col("mean_sec")], 64)
		require.NoError(t, err, "mean_sec parses")
		assert.Equal(t, c.Time.Mean, mean, "mean_sec round-trips exactly")
		assert.Equal(t, "", row[col("predicted_sec")], "measured: predicted empty")
	}
}

func TestExportReturnsWriteError(t *testing.T) {
	run := loadTestdata(t, "skipped.txt")
	assert.ErrorIs(t, WriteJSON(&failWriter{}, run), errFail, "WriteJSON should return the write error")
	assert.ErrorIs(t, WriteCSV(&failWriter{}, run), errFail, "WriteCSV should return the write error")
}

func TestNullFloatJSON(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		b, err := json.Marshal(NullFloat(v))
		require.NoError(t, err)
		assert.Equal(t, "null", string(b), "%v encodes as null", v)
	}
	b, err := json.Marshal(NullFloat(1.5e-9))
	require.NoError(t, err)
	var f NullFloat
	require.NoError(t, json.Unmarshal(b, &f))
	assert.Equal(t, NullFloat(1.5e-9), f, "number round-trips")
	require.NoError(t, json.Unmarshal([]byte("null"), &f))
	assert.True(t, math.IsNaN(float64(f)), "null decodes to NaN")
	assert.True(t, sameFloat(f, NullFloat(math.NaN())))
}

// Scenarios, failures by class and the adaptive limit reach CSV and JSON.
func TestExportScenariosAndClasses(t *testing.T) {
	run := loadTestdata(t, "scenarios.txt")
	assert.Equal(t, []string{"429", "5xx"}, ExportClassColumns(run), "classes present in the file, by name")

	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, run), "WriteCSV")
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err, "output should parse as CSV")
	require.Len(t, rows, len(run.Cells)+1, "header and one row per cell")
	assert.Equal(t, append(append(ExportColumns(), "failed_429", "failed_5xx"), ExportLateColumns()...), rows[0], "a failed_<class> column per class, then the late columns")
	find := func(scenario, method, entries string) map[string]string {
		for _, r := range rows[1:] {
			rec := map[string]string{}
			for i, c := range rows[0] {
				rec[c] = r[i]
			}
			if rec["scenario"] == scenario && rec["method"] == method && rec["entries"] == entries {
				return rec
			}
		}
		t.Fatalf("no row %s %s %s", scenario, method, entries)
		return nil
	}
	lim := find("limited", "unbounded(5000)", "5000")
	assert.Equal(t, "9000", lim["failed_429"], "429s summed over the runs")
	assert.NotEmpty(t, lim["peak_heap_bytes"], "the late columns carry figures: peak heap")
	assert.NotEmpty(t, lim["p90_sec"], "and p90")
	assert.Equal(t, "0", lim["failed_5xx"], "a class the cell never failed with is 0")
	assert.Equal(t, "", lim["limit_mean"], "no limit for unbounded")
	assert.Equal(t, "206", find("flaky", "workerpool(250)", "1000")["failed_5xx"], "5xx in flaky")
	ad := find("limited", "adaptive(5000)", "5000")
	assert.Equal(t, "452.5", ad["limit_mean"], "mean limit-mean over the runs")
	assert.Equal(t, "498", ad["limit_final"], "mean limit-final over the runs")
	seq := find("limited", "sequential(1)", "5000")
	assert.Equal(t, "", seq["failed_429"], "skipped: no failures figure")

	buf.Reset()
	require.NoError(t, WriteJSON(&buf, run), "WriteJSON")
	var doc struct {
		Scenarios []ScenarioRecord `json:"scenarios"`
		Cells     []map[string]any `json:"cells"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc), "decode")
	require.Len(t, doc.Scenarios, 3, "three scenarios")
	assert.Equal(t, "limited", doc.Scenarios[1].Name, "in order")
	assert.Equal(t, "limited", doc.Scenarios[1].Settings["scenario"], "with their block's settings")
	var limitedUnbounded map[string]any
	for _, c := range doc.Cells {
		if c["scenario"] == "limited" && c["method"] == "unbounded(5000)" {
			limitedUnbounded = c
		}
		if c["skipped"] == true {
			assert.Nil(t, c["failures_by_class"], "skipped: failures_by_class is null")
		}
	}
	require.NotNil(t, limitedUnbounded, "limited unbounded(5000) exported")
	assert.Equal(t, map[string]any{"429": 9000.0}, limitedUnbounded["failures_by_class"], "failures_by_class object")
	assert.Equal(t, map[string]any{}, doc.Cells[0]["failures_by_class"], "no failures: an empty object")
}
