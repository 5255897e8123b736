//go:build !unix

package thirdparty

import "time"

// ProcessCPU does not know the process's CPU here: /stats then leaves
// cpu_ns out and results carry no CPU.
func ProcessCPU() (time.Duration, bool) { return 0, false }
