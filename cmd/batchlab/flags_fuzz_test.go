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

// FuzzSweepFlags does the same for batchlab sweep, whose widths are
// checked against its entries.
func FuzzSweepFlags(f *testing.F) {
	for _, seed := range []string{
		"", "-h", "-strategy workerpool -scenario limited -entries 20000",
		"-entries 200 -widths 10,20,50,100,200 -refine 2", "-widths 10,5,20", "-widths 1,1,2", "-entries 100 -widths 10,50,200",
		"-strategy unbounded", "-strategy magic", "-tolerance 0", "-tolerance 1e309", "-tolerance NaN", "-refine -1",
		"-entries 2", "-entries 0", "-entries 9223372036854775807", "-scenario steady,limited", "-with workerpool",
		"-with adaptive,,x", "-with ''", "-widths 3,-2,9", "-widths 1,2,99999999999999999999",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		sf, err := parseSweepFlags(strings.Fields(line), io.Discard)
		if err != nil {
			if !errors.Is(err, errUsage) && !errors.Is(err, flag.ErrHelp) {
				t.Fatalf("parseSweepFlags(%q) = %v, want nil, a usage error or flag.ErrHelp", line, err)
			}
			return
		}
		if len(sf.Widths) < 3 || sf.Widths[len(sf.Widths)-1] > sf.Entries || sf.Widths[0] < 1 {
			t.Fatalf("parseSweepFlags(%q): widths %v for %d entries", line, sf.Widths, sf.Entries)
		}
		for i := 1; i < len(sf.Widths); i++ {
			if sf.Widths[i] <= sf.Widths[i-1] {
				t.Fatalf("parseSweepFlags(%q): widths %v not strictly ascending", line, sf.Widths)
			}
		}
	})
}
