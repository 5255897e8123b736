package harness

import (
	"os/exec"
	"syscall"
)

// setDeathSignal makes the kernel kill the child service if batchlab dies
// without stopping it, so no orphan keeps the port and its connections.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
