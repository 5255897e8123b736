package harness

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// Commit names the code that is running, for a result file's commit line:
// 12 hex digits of its git commit, with "-dirty" when the tree had changes,
// or "unknown".
//
// It takes the build's VCS stamp when there is one: `make build` passes
// -buildvcs=true, since a GOFLAGS of -buildvcs=false (as on the lab's
// machines) leaves a plain go build unstamped. Without one (go run, test
// binaries, -buildvcs=false builds) it asks git in this module's own
// source directory, found from where this file was compiled, never in the
// working directory: `cd otherrepo && batchlab run` records batchlab's
// commit, not otherrepo's. That answer is the source tree's as the run
// starts, so an unstamped binary whose checkout moved on since it was
// built records the newer commit; a stamped one cannot. A binary whose
// source directory is gone (or built with -trimpath) without a stamp
// records "unknown".
func Commit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if c := Stamp(bi.Settings).Commit(); c != "" {
			return c
		}
	}
	return sourceCommit()
}

// A BuildStamp is the VCS stamp the go command puts in a binary built in
// a git checkout with -buildvcs=true. The zero value is no stamp.
type BuildStamp struct {
	Revision string // vcs.revision, the full commit hash; "" without a stamp
	Time     string // vcs.time, the commit's time in RFC 3339, UTC
	Modified bool   // vcs.modified: the tree had changes, untracked files too
}

// Stamp returns the VCS stamp among a build's settings
// (debug.BuildInfo.Settings); the zero BuildStamp when they carry none.
func Stamp(settings []debug.BuildSetting) BuildStamp {
	var s BuildStamp
	for _, bs := range settings {
		switch bs.Key {
		case "vcs.revision":
			s.Revision = bs.Value
		case "vcs.time":
			s.Time = bs.Value
		case "vcs.modified":
			s.Modified = bs.Value == "true"
		}
	}
	return s
}

// Commit returns 12 hex digits of the revision with "-dirty" when the
// tree was modified, as a result file's commit line has it, or "" without
// a stamp.
func (s BuildStamp) Commit() string {
	if s.Revision == "" {
		return ""
	}
	c := s.Revision[:min(len(s.Revision), 12)]
	if s.Modified {
		c += "-dirty"
	}
	return c
}

// sourceCommit asks git for the commit of the module this file was
// compiled in, "-dirty" when `git status` lists any change (untracked
// files too, as the go command's vcs.modified counts them).
func sourceCommit() string {
	dir := moduleDir()
	if dir == "" {
		return "unknown"
	}
	rev, err := exec.Command("git", "-C", dir, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(rev))
	if st, err := exec.Command("git", "--no-optional-locks", "-C", dir, "status", "--porcelain").Output(); err == nil && len(st) > 0 {
		c += "-dirty"
	}
	return c
}

// moduleDir returns the directory holding the go.mod of the module this
// file was compiled in, or "" when the compile-time path is not absolute
// (-trimpath) or no longer exists.
func moduleDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if dir == filepath.Dir(dir) {
			return ""
		}
	}
}
