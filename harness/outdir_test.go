package harness_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
)

func TestPrepareOut(t *testing.T) {
	t.Chdir(t.TempDir())
	now := time.Date(2026, 12, 2, 10, 30, 0, 0, time.UTC)
	out, err := harness.PrepareOut("", now)
	require.NoError(t, err, "PrepareOut with the default directory")
	assert.Equal(t, filepath.Join("results", "20261202T103000Z", "bench.txt"), out, "the default run directory")
	assert.DirExists(t, filepath.Dir(out), "the run directory is made")
	left, err := os.ReadDir(filepath.Dir(out))
	require.NoError(t, err, "read the run directory")
	assert.Empty(t, left, "the writability probe is removed")

	require.NoError(t, os.WriteFile("file", nil, 0o644), "a file where a directory is wanted")
	_, err = harness.PrepareOut(filepath.Join("file", "sub"), now)
	assert.Error(t, err, "a directory under a file")
}

func TestNewestRun(t *testing.T) {
	root := t.TempDir()
	_, err := harness.NewestRun(filepath.Join(root, "missing"))
	assert.ErrorContains(t, err, "no runs", "no results directory")
	_, err = harness.NewestRun(root)
	assert.ErrorContains(t, err, "no run with a bench.txt", "an empty results directory")

	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"b", "a", "c"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, name), 0o755), "make run %s", name)
		path := filepath.Join(root, name, "bench.txt")
		require.NoError(t, os.WriteFile(path, nil, 0o644), "write run %s", name)
		// Modification times set explicitly: a is the newest, c has none.
		mtime := old.Add(time.Duration(i) * time.Hour)
		if name == "c" {
			require.NoError(t, os.Remove(path), "run c has no bench.txt")
			continue
		}
		require.NoError(t, os.Chtimes(path, mtime, mtime), "date run %s", name)
	}
	got, err := harness.NewestRun(root)
	require.NoError(t, err, "NewestRun")
	assert.Equal(t, filepath.Join(root, "a"), got, "the run written last")
}
