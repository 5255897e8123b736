package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusedBeforeStarting: plans that would exhaust the machine or
// measure nothing are refused with one line, before a service starts or a
// directory is made.
func TestRefusedBeforeStarting(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ten million unbounded", []string{"run", "-strategies", "unbounded", "-sizes", "10000000", "-count", "1", "-delay", "20ms"}, 2,
			"unbounded at 10000000 entries is predicted to hold"},
		{"a million wide", []string{"run", "-strategies", "workerpool", "-width", "1000000", "-sizes", "1000000", "-count", "1", "-delay", "20ms", "-memory", "2GiB"}, 2,
			"-memory raises it"},
		{"a small memory budget", []string{"run", "-strategies", "workerpool", "-sizes", "1000", "-count", "1", "-memory", "1MiB"}, 2,
			"over the memory budget of 1.0 MiB"},
		{"a bad memory budget", []string{"run", "-memory", "lots"}, 2, `"lots" is not a size such as 8GiB`},
		{"count past its bound", []string{"run", "-count", "1000000"}, 2, "count must be at most 100"},
		{"sweep over memory", []string{"sweep", "-strategy", "workerpool", "-widths", "10,100,1000000", "-entries", "1000000", "-delay", "20ms", "-memory", "2GiB"}, 2,
			"over the memory budget"},
		// The references run at the whole size: unbounded holds every entry.
		{"sweep reference over memory", []string{"sweep", "-strategy", "workerpool", "-widths", "10,100,1000", "-entries", "1000000", "-with", "unbounded",
			"-delay", "20ms", "-memory", "2GiB"}, 2, "unbounded at 1000000 entries is predicted to hold"},
		{"nothing to measure", []string{"run", "-strategies", "workerpool,batches", "-sizes", "1000", "-budget", "1ms"}, 1,
			"nothing to measure: every cell is predicted over -budget 1ms (-full runs them)"},
		{"sweep nothing to measure", []string{"sweep", "-strategy", "workerpool", "-widths", "1,2,5", "-entries", "1000", "-budget", "1ms"}, 1,
			"nothing to measure: every width of workerpool is predicted over -budget 1ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append(tt.args, "-out", out), &stdout, &stderr)
			require.Error(t, err, "refused")
			var msg bytes.Buffer
			assert.Equal(t, tt.code, exitCode(err, &msg), "exit code: %v", err)
			assert.Equal(t, 1, strings.Count(msg.String(), "\n"), "one line: %q", msg.String())
			assert.Contains(t, msg.String(), tt.want, "the line")
			assert.NotContains(t, stderr.String(), "service http://", "no service started")
			_, statErr := os.Stat(out)
			assert.True(t, os.IsNotExist(statErr), "no directory made")
		})
	}
}
