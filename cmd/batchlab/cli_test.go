package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bad flag is one line on stderr, with what the flag takes and where the
// help is, for every command: never the flag list.
func TestFlagErrorIsOneLine(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "-delay", "200"}, `batchlab: run: invalid value "200" for flag -delay: parse error; -delay takes a duration such as 200ms; see batchlab run -h`},
		{[]string{"run", "-x"}, "batchlab: run: flag provided but not defined: -x; see batchlab run -h"},
		{[]string{"run", "-full=maybe"}, "-full is a switch: -full or -full=false; see batchlab run -h"},
		{[]string{"run", "-memory", "lots"}, `"lots" is not a size such as 8GiB; see batchlab run -h`},
		{[]string{"sweep", "-entries", "many"}, "-entries takes a whole number such as 20000; see batchlab sweep -h"},
		{[]string{"sweep", "-tolerance"}, "batchlab: sweep: flag needs an argument: -tolerance; -tolerance takes a number such as 5; see batchlab sweep -h"},
		{[]string{"report", "-format"}, "batchlab: report: flag needs an argument: -format; see batchlab report -h"},
		{[]string{"compare", "-y", "a", "b"}, "batchlab: compare: flag provided but not defined: -y; see batchlab compare -h"},
		{[]string{"thirdparty", "-delay", "200"}, "batchlab: thirdparty: invalid value \"200\" for flag -delay: parse error; -delay takes a duration such as 200ms; see batchlab thirdparty -h"},
		{[]string{"thirdparty", "-seed", "-1"}, "-seed takes a whole number ≥ 0 such as 42; see batchlab thirdparty -h"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			assert.Equal(t, 2, exitCode(err, &stderr), "exit code: %v", err)
			assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line, got %q", stderr.String())
			assert.Contains(t, stderr.String(), tt.want, "the line")
			assert.Empty(t, stdout.String(), "nothing on stdout")
		})
	}
}

// -h still prints the whole usage, and is not an error.
func TestHelpPrintsUsage(t *testing.T) {
	for _, cmd := range []string{"run", "sweep", "report", "compare", "thirdparty"} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{cmd, "-h"}, &stdout, &stderr)
		assert.Equal(t, 0, exitCode(err, io.Discard), "%s -h exits 0: %v", cmd, err)
		assert.Contains(t, stderr.String(), "batchlab "+cmd, "%s -h names the command", cmd)
		assert.Greater(t, strings.Count(stderr.String(), "\n  -"), 0, "%s -h lists the flags", cmd)
	}
}

// report takes bench.txt itself, as compare does, and writes beside it;
// a flag may follow the directory.
func TestReportFileAndLateFlags(t *testing.T) {
	dir := runDir(t, "skipped.txt")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"report", filepath.Join(dir, "bench.txt")}, &stdout, &stderr), "report DIR/bench.txt")
	assert.FileExists(t, filepath.Join(dir, "table.md"), "table.md beside bench.txt")
	assert.FileExists(t, filepath.Join(dir, "report.html"), "report.html beside bench.txt")

	stdout.Reset()
	require.NoError(t, run(context.Background(), []string{"report", dir, "-format", "json"}, &stdout, &stderr), "report DIR -format json")
	assert.True(t, strings.HasPrefix(stdout.String(), "{"), "JSON on stdout, got %.40q", stdout.String())

	err := run(context.Background(), []string{"report", dir, "-format", "xml"}, &stdout, &stderr)
	assert.ErrorContains(t, err, `-format must be files, csv or json, got "xml"`, "a late flag is checked too")
}

// A bench.txt cut mid-line (a run killed while writing, a truncated copy)
// loses that line, and report and compare say which line, on stderr.
func TestDamagedLineWarned(t *testing.T) {
	dir := runDir(t, "skipped.txt")
	path := filepath.Join(dir, "bench.txt")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	last := bytes.LastIndex(data, []byte("\nBenchmark"))
	require.Positive(t, last, "the file has a result line")
	cut := data[:last+1+bytes.Index(data[last+1:], []byte(" B/op"))] // cut after a result's B/op value
	require.NoError(t, os.WriteFile(path, cut, 0o644))

	for _, args := range [][]string{{"report", dir}, {"compare", dir, dir}} {
		var stdout, stderr bytes.Buffer
		require.NoError(t, run(context.Background(), args, &stdout, &stderr), "%v", args)
		lineNo := bytes.Count(cut, []byte("\n")) + 1
		assert.Contains(t, stderr.String(), fmt.Sprintf("bench.txt:%d: last line has no newline", lineNo), "%v names the cut line", args)
	}
}
