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

// A -width or -concurrency over every size is capped at each size, and
// run says so once.
func TestWidthOverEverySizeIsNoted(t *testing.T) {
	for _, name := range []string{"width", "concurrency"} {
		var stderr bytes.Buffer
		_, err := parseRunFlags([]string{"-" + name, "5000", "-sizes", "1000,2000"}, &stderr)
		require.NoError(t, err, "parse -%s 5000", name)
		assert.Equal(t, "batchlab: -"+name+" 5000 is more than every size (the largest is 2000): the width is capped at each size\n",
			stderr.String(), "one note for -%s", name)
	}
	for _, args := range [][]string{
		{"-width", "2000", "-sizes", "1000,2000"}, // not over every size
		{"-sizes", "10"}, // the default width, not asked for
		{"-width", "5000", "-sizes", "1000", "-strategies", "sequential"}, // no strategy takes a width
	} {
		var stderr bytes.Buffer
		_, err := parseRunFlags(args, &stderr)
		require.NoError(t, err, "parse %q", args)
		assert.Empty(t, stderr.String(), "no note for %q", args)
	}
}
