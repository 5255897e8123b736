package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testFlags is a flag set of every type the commands use.
func testFlags(stderr *bytes.Buffer) *flag.FlagSet {
	fs := NewFlagSet("prog cmd", stderr, "Usage: prog cmd [flags] DIR")
	fs.Duration("delay", 200*time.Millisecond, "a duration")
	fs.Duration("grace", 0, "a duration that defaults to 0")
	fs.Int("count", 6, "an int")
	fs.Uint64("seed", 0, "a uint64")
	fs.Float64("tolerance", 5, "a float")
	fs.Bool("full", false, "a bool")
	fs.String("format", "files", "a string")
	fs.Func("memory", "a value of its own", func(s string) error { return fmt.Errorf("%q is not a size", s) })
	return fs
}

func TestParseErrorIsOneLine(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-delay", "200"}, `cmd: invalid value "200" for flag -delay: parse error; -delay takes a duration such as 200ms; see prog cmd -h`},
		{[]string{"-grace", "1"}, "-grace takes a duration such as 200ms; see prog cmd -h"},
		{[]string{"-count", "x"}, "-count takes a whole number such as 6; see prog cmd -h"},
		{[]string{"-count"}, "cmd: flag needs an argument: -count; -count takes a whole number such as 6; see prog cmd -h"},
		{[]string{"-seed", "-1"}, "-seed takes a whole number ≥ 0 such as 42; see prog cmd -h"},
		{[]string{"-tolerance", "x"}, "-tolerance takes a number such as 5; see prog cmd -h"},
		{[]string{"-full=x"}, `cmd: invalid boolean value "x" for -full: parse error; -full is a switch: -full or -full=false; see prog cmd -h`},
		{[]string{"-format"}, "cmd: flag needs an argument: -format; see prog cmd -h"},
		{[]string{"-memory", "lots"}, `cmd: invalid value "lots" for flag -memory: "lots" is not a size; see prog cmd -h`},
		{[]string{"-memory", `a" for flag -delay: x`}, `is not a size; see prog cmd -h`}, // the quoted value names no flag
		{[]string{"DIR", "-nope"}, "cmd: flag provided but not defined: -nope; see prog cmd -h"},
		{[]string{"---x"}, "cmd: bad flag syntax: ---x; see prog cmd -h"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			err := Parse(testFlags(&stderr), tt.args)
			require.Error(t, err, "Parse(%q)", tt.args)
			assert.ErrorIs(t, err, ErrUsage, "a usage error")
			assert.True(t, strings.HasSuffix(err.Error(), tt.want), "Parse(%q) = %q, want it to end %q", tt.args, err, tt.want)
			assert.NotContains(t, err.Error(), "\n", "one line")
			assert.Empty(t, stderr.String(), "nothing printed: the caller prints the one line")
		})
	}
}

func TestParseHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"DIR", "-help"}} {
		var stderr bytes.Buffer
		fs := testFlags(&stderr)
		err := Parse(fs, args)
		assert.ErrorIs(t, err, flag.ErrHelp, "Parse(%q)", args)
		assert.True(t, strings.HasPrefix(stderr.String(), "Usage: prog cmd [flags] DIR\n\nFlags:\n"), "usage first, got %q", stderr.String())
		assert.Contains(t, stderr.String(), "-tolerance float", "the flags")
		assert.Equal(t, &stderr, fs.Output(), "the output is restored")
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args       []string
		positional []string
		format     string
		full       bool
	}{
		{[]string{"-format", "json", "DIR"}, []string{"DIR"}, "json", false},
		{[]string{"DIR", "-format", "json"}, []string{"DIR"}, "json", false},
		{[]string{"OLD", "-full", "NEW", "-format=csv"}, []string{"OLD", "NEW"}, "csv", true},
		{[]string{"DIR", "--", "-format", "json"}, []string{"DIR", "-format", "json"}, "files", false},
		{[]string{"--", "--"}, []string{"--"}, "files", false},
		{nil, []string{}, "files", false},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		fs := testFlags(&stderr)
		require.NoError(t, Parse(fs, tt.args), "Parse(%q)", tt.args)
		assert.Equal(t, tt.positional, fs.Args(), "positional arguments of %q", tt.args)
		assert.Equal(t, tt.format, fs.Lookup("format").Value.String(), "-format of %q", tt.args)
		assert.Equal(t, fmt.Sprint(tt.full), fs.Lookup("full").Value.String(), "-full of %q", tt.args)
	}
}

func TestOSCause(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644), "a file")
	_, err := os.CreateTemp(blocker, ".tmp-*")
	require.Error(t, err, "a temporary file under a file")
	wrapped := fmt.Errorf("benchfile: %w", err)
	assert.Equal(t, "not a directory", OSCause(wrapped).Error(), "the reason without the temporary path")

	err = os.Rename(filepath.Join(blocker, "a"), filepath.Join(blocker, "b"))
	require.Error(t, err, "a rename under a file")
	assert.Equal(t, "not a directory", OSCause(err).Error(), "a link error's reason")

	plain := errors.New("plain")
	assert.Equal(t, plain, OSCause(plain), "an error with no path is itself")
}

// A usage error reads as what went wrong, with no "usage:" in front, exits
// 2 through ErrUsage, and still matches what it wraps.
func TestUsagef(t *testing.T) {
	inner := errors.New("invalid plan")
	err := Usagef("harness: too big: %w", inner)
	assert.Equal(t, "harness: too big: invalid plan", err.Error())
	assert.ErrorIs(t, err, ErrUsage)
	assert.ErrorIs(t, err, inner)
}
