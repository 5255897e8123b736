package harness

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ResultsDir is the directory that holds a run directory per run by
// default: results/<UTC timestamp>/bench.txt.
const ResultsDir = "results"

// benchFile is the result file's name in a run directory.
const benchFile = "bench.txt"

// PrepareOut makes the run directory dir ("" means ResultsDir/<now as a
// UTC timestamp>) and proves it writable, so a bad directory fails in a
// second rather than after an hour of measuring. It returns the path of
// the result file in it.
func PrepareOut(dir string, now time.Time) (string, error) {
	if dir == "" {
		dir = filepath.Join(ResultsDir, now.UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("harness: %w", err)
	}
	probe, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return "", fmt.Errorf("harness: %s is not writable: %w", dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return filepath.Join(dir, benchFile), nil
}

// NewestRun returns the run directory under root whose result file was
// written last.
func NewestRun(root string) (string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return "", fmt.Errorf("harness: no runs: %w", err)
	}
	var best string
	var bestTime time.Time
	for _, e := range entries {
		fi, err := os.Stat(filepath.Join(root, e.Name(), benchFile))
		if err == nil && e.IsDir() && (best == "" || fi.ModTime().After(bestTime)) {
			best, bestTime = filepath.Join(root, e.Name()), fi.ModTime()
		}
	}
	if best == "" {
		return "", errors.New("harness: no run with a " + benchFile + " under " + root)
	}
	return best, nil
}
