package reports

import (
	"os"
	"path/filepath"
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
