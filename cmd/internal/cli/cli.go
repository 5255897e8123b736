// Package cli is what batchlab's commands and thirdparty share in talking
// to a user. They parse flags the same way: a bad flag is one line naming
// what the flag takes and where its help is, never the whole flag list; -h
// prints the full usage; and flags may follow the positional arguments
// (report DIR -format json). And an error names the path the user gave.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"
)

// ErrUsage is wrapped by every error in how a command was called; the
// commands exit 2 for it.
var ErrUsage = errors.New("usage")

// usageError is an error in how a command was called: its text is the one
// line a user sees, with no "usage:" in front, and it counts as ErrUsage
// while still matching the error it wraps (harness.ErrPlan, say).
type usageError struct{ err error }

func (e *usageError) Error() string        { return e.err.Error() }
func (e *usageError) Unwrap() error        { return e.err }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

// Usagef formats an error in how a command was called (fmt.Errorf's verbs,
// %w included): its commands exit 2 for it.
func Usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// NewFlagSet returns the flag set of a command named name ("batchlab run")
// whose -h prints usage, a blank line, then its flags, on stderr.
func NewFlagSet(name string, stderr io.Writer, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage+"\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses args into fs, flags and positional arguments in any order
// ("--" ends the flags); fs.Args() then holds every positional argument.
// -h prints fs.Usage to fs's output and returns [flag.ErrHelp]. Any other
// flag error prints nothing and comes back as one line wrapping
// [ErrUsage]: the flag package's message, what the flag takes, and where
// the help is.
func Parse(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package prints the error and the whole usage
	defer fs.SetOutput(out)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				fs.Usage()
				return err
			}
			return flagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if ended := len(args) > len(rest) && args[len(args)-len(rest)-1] == "--"; ended {
			positional = append(positional, rest...)
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	// Parsing "--" sets no flag and leaves fs.Args() = positional.
	return fs.Parse(append([]string{"--"}, positional...))
}

// flagError turns the flag package's error into the one line: "run: "
// (the command, when fs is named "program command"), the error, a hint for
// the flag's type, and "see batchlab run -h".
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if _, cmd, ok := strings.Cut(fs.Name(), " "); ok {
		msg = cmd + ": " + msg
	}
	if f := fs.Lookup(flagName(err.Error())); f != nil {
		if hint := takes(f); hint != "" {
			msg += "; " + hint
		}
	}
	return &usageError{err: errors.New(msg + "; see " + fs.Name() + " -h")}
}

// flagName returns the name of the flag a flag-package error is about, or
// "". The value in "invalid value %q for flag -%s: %v" is quoted, so it is
// skipped as a whole whatever it holds.
func flagName(msg string) string {
	var rest string
	for _, prefix := range []string{"invalid value ", "invalid boolean value "} {
		if after, ok := strings.CutPrefix(msg, prefix); ok {
			quoted, err := strconv.QuotedPrefix(after)
			if err != nil {
				return ""
			}
			after = strings.TrimPrefix(after[len(quoted):], " for")
			rest, _ = strings.CutPrefix(after, " flag")
			rest, _ = strings.CutPrefix(rest, " -")
			break
		}
	}
	if after, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		rest = after
	}
	name, _, _ := strings.Cut(rest, ":")
	return name
}

// takes says what kind of value f takes, with an example (its default
// unless that is zero), or "" for a string, whose usage says what it
// wants, or a flag of its own type, whose error does.
func takes(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	example := func(zero, fallback string) string {
		if f.DefValue == "" || f.DefValue == zero {
			return fallback
		}
		return f.DefValue
	}
	switch g.Get().(type) {
	case time.Duration:
		return "-" + f.Name + " takes a duration such as " + example("0s", "200ms")
	case int, int64:
		return "-" + f.Name + " takes a whole number such as " + example("0", "10")
	case uint, uint64:
		return "-" + f.Name + " takes a whole number ≥ 0 such as " + example("0", "42")
	case float64:
		return "-" + f.Name + " takes a number such as " + example("0", "2.5")
	case bool:
		return "-" + f.Name + " is a switch: -" + f.Name + " or -" + f.Name + "=false"
	}
	return ""
}

// OSCause is the system's reason inside err (a *fs.PathError's or an
// *os.LinkError's), or err if it has none. A file written atomically fails
// naming its temporary file or its directory, not the path the user gave;
// the caller names that one with this reason.
func OSCause(err error) error {
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	switch {
	case errors.As(err, &pathErr):
		return pathErr.Err
	case errors.As(err, &linkErr):
		return linkErr.Err
	}
	return err
}
