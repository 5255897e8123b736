package main

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/cmd/internal/cli"
)

func TestParseHey(t *testing.T) {
	// Captured from hey v0.1.5 (hey -n 20000 -c 1000) against the mock.
	b, err := os.ReadFile("testdata/hey-ok.txt")
	require.NoError(t, err)
	total, ok, err := parseHey(string(b))
	require.NoError(t, err)
	assert.Equal(t, 4287*time.Millisecond, total.Round(time.Millisecond))
	assert.Equal(t, 20000, ok)

	// Nothing succeeded: no [200] line, so no 200 counted.
	b, err = os.ReadFile("testdata/hey-refused.txt")
	require.NoError(t, err)
	total, ok, err = parseHey(string(b))
	require.NoError(t, err)
	assert.Equal(t, 1225*time.Millisecond, total.Round(time.Millisecond))
	assert.Zero(t, ok)

	_, _, err = parseHey("Usage: hey [options...] <url>\n")
	assert.ErrorContains(t, err, "no Total")
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []int{250, 1000, 20000}, o.widths)
	assert.Equal(t, 20000, o.entries)
	assert.Equal(t, 200*time.Millisecond, o.delay)

	for _, args := range [][]string{
		{"-widths", "250,0"}, {"-widths", "x"}, {"-entries", "0"}, {"-count", "101"},
		{"-delay", "-1s"}, {"-delay", "200"}, {"extra"},
	} {
		_, err := parseFlags(args, io.Discard)
		assert.ErrorIs(t, err, cli.ErrUsage, "%q", args)
		assert.NotContains(t, err.Error(), "\n", "%q: one line", args)
	}
}

func TestIdeal(t *testing.T) {
	d := 200 * time.Millisecond
	assert.Equal(t, 16*time.Second, ideal(20000, 250, d))
	assert.Equal(t, 4*time.Second, ideal(20000, 1000, d))
	assert.Equal(t, d, ideal(20000, 20000, d))
	assert.Equal(t, d, ideal(100, 20000, d), "the width is capped at n")
	assert.Equal(t, 3*d, ideal(2001, 1000, d))
}

func TestWriteTable(t *testing.T) {
	o := options{entries: 1000, delay: 200 * time.Millisecond, count: 3}
	s := func(sec float64, lost int, rssMiB int64, cpuUS int) sample {
		return sample{
			time: time.Duration(sec * float64(time.Second)), lost: lost, rss: rssMiB << 20,
			clientCPU: time.Duration(cpuUS*1000) * time.Microsecond, serviceCPU: 40 * time.Millisecond,
			statsCPU: 40 * time.Millisecond, ownCPU: 38 * time.Millisecond, sent: 1000,
		}
	}
	rows := []row{{
		width: 250, ideal: 800 * time.Millisecond,
		// The medians are the middle runs: 0.84 s for hey, 0.82 s for batchlab.
		hey:      []sample{s(0.90, 2, 30, 50), s(0.84, 1, 28, 49), s(0.83, 0, 26, 48)},
		batchlab: []sample{s(0.81, 0, 40, 40), s(0.82, 0, 41, 41), s(0.99, 0, 42, 42)},
	}}
	var b strings.Builder
	require.NoError(t, writeTable(&b, o, rows))
	out := b.String()
	assert.Contains(t, out, "medians of 3 runs")
	lines := strings.Split(out, "\n")
	var hey, bl, ratio string
	for _, l := range lines {
		switch f := strings.Fields(l); {
		case strings.Contains(l, "batchlab ÷ hey"):
			ratio = l
		case len(f) > 2 && f[0] == "250":
			hey = l
		case len(f) > 0 && f[0] == "batchlab":
			bl = l
		}
	}
	assert.Regexp(t, `250\s+800ms\s+hey\s+0\.840s\s+1\.050\s+1\s+28 MiB\s+49 µs\s+40 µs\s+40 µs`, hey)
	assert.Regexp(t, `batchlab\s+0\.820s\s+1\.025\s+0\s+41 MiB\s+41 µs\s+40 µs\s+38 µs`, bl)
	assert.Regexp(t, `batchlab ÷ hey\s+0\.976×\s+1\.46×\s+0\.84×\s+1\.00×`, ratio)
}
