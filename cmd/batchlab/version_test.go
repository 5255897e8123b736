package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionLine(t *testing.T) {
	rev := "1d654cce81d6f0b53e0a7c2e4b9d5f6a7b8c9d0e"
	stamp := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-buildvcs", Value: "true"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: "2026-12-03T16:40:00Z"}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{name: "stamped", bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "batchlab", Version: "v0.0.0-20261203164000-1d654cce81d6"}, Settings: stamp("false")},
			want: "batchlab v0.0.0-20261203164000-1d654cce81d6 commit 1d654cce81d6 2026-12-03T16:40:00Z, go1.26.0"},
		{name: "dirty", bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "batchlab", Version: "v0.0.0-20261203164000-1d654cce81d6+dirty"}, Settings: stamp("true")},
			want: "batchlab v0.0.0-20261203164000-1d654cce81d6+dirty commit 1d654cce81d6-dirty 2026-12-03T16:40:00Z, go1.26.0"},
		{name: "no stamp", bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "batchlab", Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "-buildvcs", Value: "false"}}},
			want: "batchlab (devel) commit unknown (built without VCS stamps: build with make build or go build -buildvcs=true), go1.26.0"},
		{name: "no module", bi: debug.BuildInfo{GoVersion: "go1.26.0"},
			want: "batchlab (devel) commit unknown (built without VCS stamps: build with make build or go build -buildvcs=true), go1.26.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, versionLine(&tt.bi), "versionLine")
		})
	}
}

// A test binary has no stamp: version and -version say so, in one line.
func TestVersionUnstamped(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}} {
		var stdout, stderr bytes.Buffer
		require.NoError(t, run(context.Background(), args, &stdout, &stderr), "%q", args)
		assert.Contains(t, stdout.String(), "commit "+noStamp, "%q of a test binary", args)
		assert.Equal(t, 1, strings.Count(stdout.String(), "\n"), "one line")
	}
	err := run(context.Background(), []string{"version", "x"}, &bytes.Buffer{}, &bytes.Buffer{})
	assert.Equal(t, 2, exitCode(err, &bytes.Buffer{}), "version with an argument: %v", err)
}

// A binary built as make build builds it names the commit it was built
// from, and that commit's time. The go command stamps only a checkout whose
// .git is a directory, not a linked worktree's .git file (golang/go#58218),
// so it builds in a clone of HEAD with this tree's changes copied in: the
// code under test, at HEAD's commit, -dirty when the tree is.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds batchlab")
	}
	root, err := filepath.Abs(filepath.Join("..", "..")) // the package's directory is cmd/batchlab
	require.NoError(t, err, "module root")
	git := func(dir string, args ...string) string {
		t.Helper()
		out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
		require.NoError(t, err, "git %q in %s (a git checkout)", args, dir)
		return strings.TrimSpace(string(out))
	}
	head, short := git(root, "rev-parse", "HEAD"), git(root, "rev-parse", "--short=12", "HEAD")
	unix, err := strconv.ParseInt(git(root, "show", "-s", "--format=%ct", "HEAD"), 10, 64)
	require.NoError(t, err, "commit time")

	clone := filepath.Join(t.TempDir(), "batchlab")
	git(root, "clone", "-q", "--shared", "--no-checkout", root, clone)
	git(clone, "checkout", "-q", "--detach", head)
	changed := git(root, "diff", "--name-only", "HEAD") + "\n" + git(root, "ls-files", "--others", "--exclude-standard")
	for _, name := range strings.Fields(changed) {
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, fs.ErrNotExist) { // deleted since HEAD
			require.NoError(t, os.Remove(filepath.Join(clone, name)), "remove %s from the clone", name)
			continue
		}
		require.NoError(t, err, "read %s", name)
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(clone, name)), 0o755), "directory of %s", name)
		require.NoError(t, os.WriteFile(filepath.Join(clone, name), data, 0o644), "copy %s into the clone", name)
	}

	bin := filepath.Join(t.TempDir(), "batchlab")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/batchlab")
	build.Dir = clone
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build -buildvcs=true: %s", out)
	got, err := exec.Command(bin, "version").Output()
	require.NoError(t, err, "batchlab version")
	want := " commit " + short
	if strings.TrimSpace(changed) != "" {
		want += "-dirty"
	}
	assert.Contains(t, string(got), want+" "+time.Unix(unix, 0).UTC().Format(time.RFC3339)+", go1.", "version names HEAD and its time, then the go version")
}
