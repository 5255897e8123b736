package page

import (
	"bytes"
	"io"
	"path/filepath"

	"batchlab/benchfile"
	"batchlab/reports"
)

// WriteFiles renders run into dir as table.md ([reports.WriteTable]) and
// report.html ([WriteHTML]), each written atomically, and returns the
// paths it wrote.
func WriteFiles(dir string, run *reports.Run) ([]string, error) {
	var wrote []string
	for _, f := range []struct {
		name   string
		render func(io.Writer, *reports.Run) error
	}{
		{"table.md", reports.WriteTable},
		{"report.html", WriteHTML},
	} {
		var buf bytes.Buffer
		if err := f.render(&buf, run); err != nil {
			return wrote, err
		}
		path := filepath.Join(dir, f.name)
		if err := benchfile.WriteAtomic(path, buf.Bytes()); err != nil {
			return wrote, err
		}
		wrote = append(wrote, path)
	}
	return wrote, nil
}

// WriteCompareFile writes [WriteCompareHTML] of old and new to path,
// atomically.
func WriteCompareFile(path string, old, new *reports.Run) error {
	var buf bytes.Buffer
	if err := WriteCompareHTML(&buf, old, new); err != nil {
		return err
	}
	return benchfile.WriteAtomic(path, buf.Bytes())
}
