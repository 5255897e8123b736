package reports

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestWriteTableGolden(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		golden string
	}{
		{name: "quick run, 2 runs per cell", input: "quick.txt", golden: "quick.table.md"},
		{name: "6 runs per cell with skipped cells", input: "skipped.txt", golden: "skipped.table.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, err := LoadFile(filepath.Join("testdata", tt.input))
			require.NoError(t, err, "LoadFile(%s) should succeed", tt.input)
			var buf bytes.Buffer
			require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")

			golden := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644), "writing %s", golden)
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "golden %s should exist (run go test -update)", golden)
			assert.Equal(t, string(want), buf.String(), "WriteTable(%s) should match %s", tt.input, golden)
		})
	}
}

func TestWriteTableContents(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "skipped.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")
	out := buf.String()

	tests := []struct {
		name string
		want string
	}{
		{name: "header", want: "| Method "},
		{name: "title settings", want: "cpu AMD EPYC, go go1.26.8, gomaxprocs 2, delay 200ms, count 6, commit f3fe4e1127f9, status complete"},
		{name: "skipped cell marked predicted", want: "200,000.0 ms " + PredictedMark},
		{name: "one-generation note", want: "Go's collector has one generation"},
		{name: "KB note", want: "1 KB = 1024 B"},
		{name: "seed source named", want: SeedSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, out, tt.want, "table should contain %q", tt.want)
		})
	}

	var header []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| Method") {
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				header = append(header, strings.TrimSpace(c))
			}
			break
		}
	}
	assert.Equal(t, Columns, header, "table header should list the BenchmarkDotNet columns and the extra ones")
}

func TestWriteTableSeedRows(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "quick.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, run), "WriteTable should succeed")
	out := buf.String()
	for _, want := range []string{"893.5 ms", "9,662.7 ms", "18,542.4 ms", "20.03 MB", "200.81 MB", "409.16 MB", SeedMethod, SeedRatioMethod} {
		assert.Contains(t, out, want, "table should show the seed's documented %q beside batches", want)
	}
	assert.Equal(t, 3, bytes.Count(buf.Bytes(), []byte("| "+SeedMethod)), "one seed row per documented NumEntries")
}

type failWriter struct{ after int }

var errFail = errors.New("write failed")

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errFail
	}
	f.after--
	return len(p), nil
}

func TestWriteTableReturnsWriteError(t *testing.T) {
	run, err := LoadFile(filepath.Join("testdata", "quick.txt"))
	require.NoError(t, err, "LoadFile should succeed")
	for _, after := range []int{0, 1, 5} {
		err := WriteTable(&failWriter{after: after}, run)
		assert.ErrorIs(t, err, errFail, "WriteTable with a writer failing after %d writes should return its error", after)
	}
}
