package benchfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteAtomic writes data to path atomically, as every result file and
// report is written: a temporary file in the same
// directory, synced, then renamed over path. A crash leaves the previous
// file or the new one, never a truncated one.
func WriteAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("benchfile: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("benchfile: %w", err)
	}
	defer os.Remove(f.Name()) // a no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("benchfile: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("benchfile: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("benchfile: write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("benchfile: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("benchfile: %w", err)
	}
	return nil
}
