package harness

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStamp(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{name: "no stamp", settings: []debug.BuildSetting{{Key: "GOOS", Value: "linux"}}, want: ""},
		{name: "clean", settings: []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "false"}}, want: "0123456789ab"},
		{name: "modified", settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}, {Key: "vcs.revision", Value: rev}}, want: "0123456789ab-dirty"},
		{name: "short revision", settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}, want: "abc"},
		{name: "modified without revision", settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}, {Key: "vcs.time", Value: "2026-12-03T16:40:00Z"}}, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Stamp(tt.settings).Commit(), "Stamp(%v).Commit()", tt.settings)
		})
	}
}

// git runs git in dir and returns its trimmed output.
func git(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	return strings.TrimSpace(string(out)), err
}

// A test binary has no VCS stamp, so Commit asks git in the module's own
// directory: from inside another repository it still names this one's
// commit.
func TestCommitFromAnotherRepository(t *testing.T) {
	root, err := filepath.Abs("..") // the package's directory is harness/
	require.NoError(t, err, "module root")
	want, err := git(t, root, "rev-parse", "--short=12", "HEAD")
	if err != nil {
		t.Skipf("no git checkout at %s: %v", root, err)
	}
	if st, err := git(t, root, "--no-optional-locks", "status", "--porcelain"); err == nil && st != "" {
		want += "-dirty"
	}

	other := t.TempDir()
	_, err = git(t, other, "init", "-q")
	require.NoError(t, err, "git init another repository")
	_, err = git(t, other, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "other")
	require.NoError(t, err, "commit in the other repository")
	otherHead, err := git(t, other, "rev-parse", "--short=12", "HEAD")
	require.NoError(t, err, "the other repository's HEAD")
	t.Chdir(other)

	got := Commit()
	assert.Equal(t, want, got, "Commit() from %s names the module's commit (git -C %s)", other, root)
	assert.NotContains(t, got, otherHead, "not the working directory's commit")
}
