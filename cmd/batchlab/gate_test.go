package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gateDir writes a run directory whose bench.txt has 6 repetitions of two
// cells: workerpool(250) taking sec × (1 + i/100) with failed failures
// each, and batches(250) at a fixed 0.9 s with none.
func gateDir(t *testing.T, sec, failed float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ncommit: 1d654cce81d6\ndelay: 200ms\ncount: 6\nscenario: steady\n\n")
	for i := range 6 {
		j := 1 + float64(i)/100
		fmt.Fprintf(&b, "BenchmarkProcess/strategy=workerpool/concurrency=250/entries=1000 1 %g sec/op 2900 B/entry %g failed/op\n", sec*j, failed)
		fmt.Fprintf(&b, "BenchmarkProcess/strategy=batches/concurrency=250/entries=1000 1 %g sec/op 2800 B/entry 0 failed/op\n", 0.9*j)
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench.txt"), []byte(b.String()), 0o644), "write bench.txt")
	return dir
}

func TestCompareGate(t *testing.T) {
	old := gateDir(t, 0.8, 0)
	tests := []struct {
		name       string
		flags      []string
		new        string
		wantExit   int
		wantStderr []string // lines of stderr, each a part of its line
	}{
		{name: "twice as slow", flags: []string{"-fail-slower", "5%"}, new: gateDir(t, 1.6, 0), wantExit: 1, wantStderr: []string{
			"batchlab: regressed: steady: workerpool(250)/entries=1000 sec/op 820.0m → 1640.0m +100.00% p=0.002 n=6 (-fail-slower 5%)",
			"batchlab: compare: gate failed: 1 regression, listed above",
		}},
		{name: "same values", flags: []string{"-fail-slower", "5%", "-fail-failed"}, new: gateDir(t, 0.8, 0), wantExit: 0},
		{name: "3 % slower", flags: []string{"-fail-slower", "5%"}, new: gateDir(t, 0.8*1.03, 0), wantExit: 0},
		{name: "3 % slower, threshold 2", flags: []string{"-fail-slower", "2"}, new: gateDir(t, 0.8*1.03, 0), wantExit: 1, wantStderr: []string{
			"+3.00% p=0.026 n=6 (-fail-slower 2%)", "gate failed: 1 regression",
		}},
		{name: "twice as slow, no gate", new: gateDir(t, 1.6, 0), wantExit: 0},
		{name: "failures grew", flags: []string{"-fail-failed"}, new: gateDir(t, 0.8, 4), wantExit: 1, wantStderr: []string{
			"batchlab: regressed: steady: workerpool(250)/entries=1000 failed/op 0.000 → 4.000 +∞% p=0.002 n=6 (-fail-failed)",
			"gate failed: 1 regression",
		}},
		{name: "failures grew, time gate only", flags: []string{"-fail-slower", "5%"}, new: gateDir(t, 0.8, 4), wantExit: 0},
		{name: "slower and failing", flags: []string{"-fail-failed", "-fail-slower", "0.5%"}, new: gateDir(t, 1.6, 4), wantExit: 1, wantStderr: []string{
			"sec/op 820.0m → 1640.0m", "failed/op 0.000 → 4.000", "gate failed: 2 regressions",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"compare"}, tt.flags...), old, tt.new)
			err := run(context.Background(), args, &stdout, &stderr)
			assert.Equal(t, tt.wantExit, exitCode(err, &stderr), "exit code of %q: %v", args, err)
			assert.Equal(t, tt.wantExit == 1, errors.Is(err, errGate), "a gate failure is errGate: %v", err)
			assert.Contains(t, stdout.String(), "workerpool(250)", "the comparison is printed as without a gate")
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			if len(tt.wantStderr) == 0 {
				assert.Empty(t, stderr.String(), "nothing on stderr")
				return
			}
			require.Len(t, lines, len(tt.wantStderr), "stderr lines: %q", stderr.String())
			for i, want := range tt.wantStderr {
				assert.Contains(t, lines[i], want, "stderr line %d", i+1)
			}
		})
	}
}

// With too few repetitions -fail-slower cannot fail: it says so.
func TestCompareGateUntestable(t *testing.T) {
	oldDir, newDir := runDir(t, "quick.txt"), runDir(t, "skipped.txt")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"compare", "-fail-slower", "5%", oldDir, newDir}, &stdout, &stderr)
	require.NoError(t, err, "no significant change at 2+6 repetitions")
	assert.Equal(t, "batchlab: warning: -fail-slower cannot fail 12 of the cells, too few repetitions for p ≤ 0.05 (steady: unbounded(1000)/entries=1000 has n=2+6; run -count 6)\n",
		stderr.String(), "one warning line")
}

// A bad threshold is one line and exit 2.
func TestCompareGateBadThreshold(t *testing.T) {
	old := gateDir(t, 0.8, 0)
	for _, value := range []string{"-5%", "-5", "", "abc", "%", "5%%", "NaN", "Inf", "1e400"} {
		t.Run(value, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"compare", "-fail-slower", value, old, old}, &stdout, &stderr)
			assert.Equal(t, 2, exitCode(err, &stderr), "-fail-slower %q: %v", value, err)
			assert.Equal(t, fmt.Sprintf("batchlab: compare: invalid value %q for flag -fail-slower: want a percentage ≥ 0 such as 5%% or 0.5%%; see batchlab compare -h\n", value),
				stderr.String(), "one line")
			assert.Empty(t, stdout.String(), "no comparison")
		})
	}
	for _, value := range []string{"5%", "5", "0.5%", "0", " 7 %"} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"compare", "-fail-slower", value, old, old}, &stdout, &stderr)
		assert.NoError(t, err, "-fail-slower %q is a threshold", value)
	}
}
