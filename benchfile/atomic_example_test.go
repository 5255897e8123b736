package benchfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"batchlab/benchfile"
)

// WriteAtomic replaces a file whole: a reader sees the old contents or
// the new, never half of them, and a crash leaves no truncated file.
func ExampleWriteAtomic() {
	dir, err := os.MkdirTemp("", "benchfile")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run", "bench.txt") // missing directories are made
	for _, text := range []string{"status: running\n", "status: complete\n"} {
		if err := benchfile.WriteAtomic(path, []byte(text)); err != nil {
			fmt.Println(err)
			return
		}
	}
	data, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(filepath.Dir(path))
	fmt.Printf("%q, %d file in the directory\n", data, len(entries))
	// Output:
	// "status: complete\n", 1 file in the directory
}
