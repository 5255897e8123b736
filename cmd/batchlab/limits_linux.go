package main

import (
	"strconv"
	"syscall"
)

// openFileLimit returns the process's soft open-file limit (ulimit -n).
func openFileLimit() string {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return "a limited number of"
	}
	return strconv.FormatUint(rl.Cur, 10)
}
