package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"batchlab/harness"
)

// noStamp is what version says of a binary without a VCS stamp: go run,
// test binaries and go build under a GOFLAGS of -buildvcs=false (as on
// the lab's machines) make one.
const noStamp = "unknown (built without VCS stamps: build with make build or go build -buildvcs=true)"

// versionCmd prints the version line of the running binary.
func versionCmd(stdout io.Writer) error {
	bi, ok := debug.ReadBuildInfo()
	if !ok { // a binary built without module support
		bi = &debug.BuildInfo{GoVersion: runtime.Version()}
	}
	_, err := fmt.Fprintln(stdout, versionLine(bi))
	return err
}

// versionLine formats bi as "batchlab <module version> commit <12 hex
// digits>[-dirty] <commit time>, <go version>". The commit is read as the
// harness reads it for a result file's commit line, so the two agree; but
// without a stamp it is unknown, never the source tree's current commit,
// which may not be what the binary was built from.
func versionLine(bi *debug.BuildInfo) string {
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	commit := noStamp
	s := harness.Stamp(bi.Settings)
	if c := s.Commit(); c != "" {
		commit = c
		if s.Time != "" {
			commit += " " + s.Time
		}
	}
	return fmt.Sprintf("batchlab %s commit %s, %s", version, commit, bi.GoVersion)
}
