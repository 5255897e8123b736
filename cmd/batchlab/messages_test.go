package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compare -html names the path it was given when the page cannot be
// written, not the temporary file it writes first.
func TestCompareHTMLNamesThePath(t *testing.T) {
	oldDir, newDir := runDir(t, "quick.txt"), runDir(t, "skipped.txt")
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644), "a file where a directory should be")
	out := filepath.Join(blocker, "compare.html")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"compare", "-html", out, oldDir, newDir}, &stdout, &stderr)
	require.Error(t, err, "compare -html into a file")
	var msg bytes.Buffer
	assert.Equal(t, 1, exitCode(err, &msg), "exit code")
	assert.Equal(t, "batchlab: compare: -html "+out+": not a directory\n", msg.String(), "the line names the path given")
}
