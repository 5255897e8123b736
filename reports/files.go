package reports

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"batchlab/benchfile"
)

// ResultFile is the name of a run's result file in its directory.
const ResultFile = "bench.txt"

// LoadPath reads a run: path/bench.txt when path is a directory, else the
// file at path. A missing file's error wraps fs.ErrNotExist.
func LoadPath(path string) (*Run, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, ResultFile)
	}
	return LoadFile(path)
}

// WriteFiles renders run into dir as table.md ([WriteTable]) and
// report.html ([WriteHTML]), each written atomically, and returns the
// paths it wrote.
func WriteFiles(dir string, run *Run) ([]string, error) {
	var wrote []string
	for _, f := range []struct {
		name   string
		render func(io.Writer, *Run) error
	}{
		{"table.md", WriteTable},
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
