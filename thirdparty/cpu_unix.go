//go:build unix

package thirdparty

import (
	"syscall"
	"time"
)

// ProcessCPU returns the user + system CPU the calling process has used so
// far, and false where the system does not say.
func ProcessCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
