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
			for i := range want.Cells {
				wv, gv := want.Cells[i].csvValues(), got.Cells[i].csvValues()
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
				assert.Len(t, c, len(ExportColumns()), "cell %d has every column", i)
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
	assert.Equal(t, ExportColumns(), rows[0], "header")
	assert.Equal(t, "strategy", rows[0][0])
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
