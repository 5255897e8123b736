package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
)

// screen is what a terminal shows after out: \r returns to the line's
// start and overwrites, \n starts a new line.
func screen(out string) []string {
	var lines []string
	var line []rune
	col := 0
	for _, r := range out {
		switch r {
		case '\r':
			col = 0
		case '\n':
			lines = append(lines, strings.TrimRight(string(line), " "))
			line, col = nil, 0
		default:
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col++
		}
	}
	return append(lines, strings.TrimRight(string(line), " "))
}

// syncBuffer is the terminal: written by the display's clock and by Event.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var cell = harness.Cell{Strategy: "workerpool", Entries: 1000, Concurrency: 250, Ideal: 800 * time.Millisecond}

func measured(rep int, wall time.Duration) harness.Event {
	m := harness.Measurement{Cell: cell, Wall: wall, Succeeded: 990}
	m.Failures[harness.Class429] = 10
	return harness.Event{Kind: harness.EventMeasured, Cell: cell, Rep: rep, M: &m}
}

func TestTerminal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var term syncBuffer
		d := newDisplay(&term, "bench.txt", true)
		d.SetTotal(2)
		d.Event(harness.Event{Kind: harness.EventWarmup, Cell: cell})
		d.Event(harness.Event{Kind: harness.EventRepetition, Cell: cell, Rep: 0})
		time.Sleep(3*time.Second + time.Millisecond)
		synctest.Wait()
		last := screen(term.String())
		bar := last[len(last)-1]
		assert.Contains(t, bar, "workerpool(250) n=1000 run 1", "the label names the running repetition: %q", bar)
		assert.Contains(t, bar, "[3s:", "the clock ticked with no event: %q", bar)

		d.Event(measured(0, 820*time.Millisecond))
		d.Event(harness.Event{Kind: harness.EventRepetition, Cell: cell, Rep: 1})
		time.Sleep(2 * time.Second)
		synctest.Wait()
		lines := screen(term.String())
		require.Len(t, lines, 2, "one finished line above the bar: %q", lines)
		assert.Equal(t, "batchlab: [1/2] workerpool(250) n=1000 run 1: 0.820s (1.02× ideal), 990 ok, 10 failed", lines[0],
			"the finished repetition's line stays")
		assert.Contains(t, lines[1], "workerpool(250) n=1000 run 2", "the label moved on to the next repetition")
		assert.Contains(t, lines[1], "(1/2", "the count: %q", lines[1])
		assert.Contains(t, lines[1], "[5s:", "the clock kept going: %q", lines[1])

		d.Event(measured(1, 810*time.Millisecond))
		d.Close()
		lines = screen(term.String())
		require.Len(t, lines, 3, "both lines, then an empty line where the bar was: %q", lines)
		assert.Contains(t, lines[1], "[2/2]", "the second line")
		assert.Empty(t, lines[2], "no bar left behind")
		// Close stopped the clock: nothing more is written.
		n := len(term.String())
		time.Sleep(5 * time.Second)
		synctest.Wait()
		assert.Len(t, term.String(), n, "nothing written after Close")
	})
}

func TestPipeHasNoBar(t *testing.T) {
	var out bytes.Buffer
	d := newDisplay(&out, "bench.txt", false)
	d.SetTotal(2)
	plan := &harness.Plan{Cells: []harness.Cell{cell}}
	d.Event(harness.Event{Kind: harness.EventBlock, Plan: plan, Service: &harness.Service{URL: "http://127.0.0.1:1", Mode: "child"}, Total: 1})
	d.Event(harness.Event{Kind: harness.EventWarmup, Cell: cell})
	d.Event(harness.Event{Kind: harness.EventRepetition, Cell: cell})
	d.Event(measured(0, 820*time.Millisecond))
	d.Close()
	assert.NotContains(t, out.String(), "\r", "no redraws in a pipe")
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 3, "block, warm-up and finished lines: %q", lines)
	assert.Contains(t, lines[0], "1 run planned", "singular")
	assert.Equal(t, "batchlab: warm-up workerpool (1000 entries)", lines[1])
	assert.Equal(t, "batchlab: [1/2] workerpool(250) n=1000 run 1: 0.820s (1.02× ideal), 990 ok, 10 failed", lines[2])
}

func TestTotalCarriesAcrossPlans(t *testing.T) {
	var out bytes.Buffer
	d := newDisplay(&out, "", false)
	d.SetTotal(2)
	d.Event(measured(0, time.Second))
	d.SetTotal(3) // a sweep refined: one more width
	d.Event(measured(0, time.Second))
	d.Event(measured(0, time.Second))
	d.Event(measured(0, time.Second)) // more than expected: the total follows
	for i, want := range []string{"[1/2]", "[2/3]", "[3/3]", "[4/4]"} {
		assert.Contains(t, strings.Split(out.String(), "\n")[i], want, "line %d", i)
	}
}

func TestPartialIsNotCounted(t *testing.T) {
	var out bytes.Buffer
	d := newDisplay(&out, "", false)
	d.SetTotal(3)
	d.Event(measured(0, time.Second))
	cut := measured(1, 300*time.Millisecond)
	cut.M.Partial = true
	cut.M.Succeeded = 250
	cut.M.Failures[harness.Class429] = 0
	cut.M.Failures[harness.ClassCancelled] = 750
	d.Event(cut)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 2, "two lines: %q", lines)
	assert.Equal(t, "batchlab: workerpool(250) n=1000 run 2 cut short at 0.300s: 250 ok, 750 failed (750 cancelled; no measurement: left out)", lines[1],
		"a repetition cut short says so, with its books, and is not counted")
}

func TestPlural(t *testing.T) {
	assert.Equal(t, "1 run", Plural(1, "run"))
	assert.Equal(t, "0 runs", Plural(0, "run"))
	assert.Equal(t, "12 widths", Plural(12, "width"))
}

func ExampleDisplay() {
	d := New(&bytes.Buffer{}, "results/x/bench.txt") // a terminal gets the bar
	d.SetTotal(3)
	// harness.Run(ctx, plan, svc, harness.Options{Progress: d.Event})
	d.Close()
}
