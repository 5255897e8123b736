package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

// FuzzRunFlags feeds batchlab run arbitrary arguments: parsing never panics,
// and every rejection is a usage error (exit 2) or -h. Its seed corpus runs
// as an ordinary test.
func FuzzRunFlags(f *testing.F) {
	for _, seed := range []string{
		"", "-h", "-strategies batches,workerpool -sizes 1000,20000 -count 6",
		"-scenario flaky,errors=0.05 -retries 3", "-scenario jittery -seed 7 -delay 20ms",
		"-sizes 0", "-sizes -1,abc", "-count 0", "-delay fast", "-strategies ,", "-target ftp://x",
		"-target http://127.0.0.1:1 -scenario limited", "-full -budget 1s", "-transport spdy",
		"-scenario steady,capacity=-1", "-concurrency 99999999999", "extra args",
		"-scenario steady,limited,capacity=100,overloaded -delay 2ms", "-scenario steady,steady", "-scenario ,steady",
		"-scenario steady,,limited", "-scenario limited,rate=5,burst=2,jittery,seed=3",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		_, err := parseRunFlags(strings.Fields(line), io.Discard)
		if err != nil && !errors.Is(err, errUsage) && !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("parseRunFlags(%q) = %v, want nil, a usage error or flag.ErrHelp", line, err)
		}
	})
}
