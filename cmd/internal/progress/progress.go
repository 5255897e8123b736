// Package progress shows a batchlab run on stderr as it goes.
//
// On a terminal it draws one bar (schollz/progressbar handles widths,
// rates and redraws) whose clock ticks every second and whose label names
// the repetition that is running; every finished repetition's line (its
// time, × ideal, successes and failures) is printed above the bar and stays
// there. Anywhere else (a pipe, a CI log) it prints the same lines and no
// bar, so logs stay readable.
//
// Use one Display per command:
//
//	d := progress.New(os.Stderr, "results/x/bench.txt")
//	d.SetTotal(plan.Runs())
//	harness.Run(ctx, plan, svc, harness.Options{Progress: d.Event})
//	d.Close()
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"batchlab/harness"
)

// tick is how often the bar redraws with no event, so its clock moves
// while a 16-second repetition runs.
const tick = time.Second

// A Display shows the events of one command's runs. Its methods are safe
// to call from one goroutine while its clock ticks in another.
type Display struct {
	w   io.Writer
	out string // the result file, named as each block of a series starts
	tty bool

	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	total int // measured repetitions expected over the whole command
	done  int // measured repetitions finished over the whole command
	stop  chan struct{}
	wg    sync.WaitGroup
}

// New returns a Display writing to w. It draws a bar when w is a terminal.
// out is the result file the command writes, named in each block's line.
func New(w io.Writer, out string) *Display {
	f, ok := w.(*os.File)
	return newDisplay(w, out, ok && term.IsTerminal(int(f.Fd())))
}

func newDisplay(w io.Writer, out string, tty bool) *Display {
	return &Display{w: w, out: out, tty: tty}
}

// SetTotal sets how many measured repetitions the command expects in all,
// over every plan it runs; a sweep raises it as it refines. The count of
// finished ones carries across plans.
func (d *Display) SetTotal(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.total = max(n, d.done)
	if d.bar != nil {
		d.bar.ChangeMax(d.total)
	}
}

// Event shows e; it is a [harness.Options] Progress function.
func (d *Display) Event(e harness.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch e.Kind {
	case harness.EventBlock:
		label := ""
		if e.Blocks > 1 {
			label = fmt.Sprintf("scenario %s (%d of %d): ", e.Plan.Config.Scenario, e.Block+1, e.Blocks)
		}
		d.println(fmt.Sprintf("%sservice %s (%s), %s planned, at least %v (the ideal time), writing %s",
			label, e.Service.URL, e.Service.Mode, Plural(e.Total, "run"), e.Plan.Predicted().Truncate(time.Millisecond), d.out))
	case harness.EventSkipped:
		d.println(fmt.Sprintf("skip %s at %d entries: predicted ≥ %v", e.Cell.Strategy, e.Cell.Entries, e.Cell.Ideal))
	case harness.EventWarmup:
		if d.tty {
			d.describe(fmt.Sprintf("%s(%d) warm-up", e.Cell.Strategy, e.Cell.Concurrency))
			return
		}
		d.println(fmt.Sprintf("warm-up %s (%d entries)", e.Cell.Strategy, e.Cell.Entries))
	case harness.EventRepetition:
		if d.tty {
			d.describe(fmt.Sprintf("%s(%d) n=%d run %d", e.Cell.Strategy, e.Cell.Concurrency, e.Cell.Entries, e.Rep+1))
		}
	case harness.EventMeasured:
		m := e.M
		if m.Partial {
			d.println(fmt.Sprintf("%s(%d) n=%d run %d cut short at %.3fs: %d ok, %d failed (%s; no measurement: left out)",
				m.Strategy, m.Concurrency, m.Entries, e.Rep+1, m.Wall.Seconds(), m.Succeeded, m.Failed(), m.FailuresByClass()))
			return
		}
		d.done++
		d.total = max(d.total, d.done)
		// The width is in the line because a sweep measures one strategy
		// at many widths.
		ratio := ""
		if r, ok := m.Ratio(m.Wall); ok {
			ratio = fmt.Sprintf(" (%.2f× ideal)", r)
		}
		d.println(fmt.Sprintf("[%d/%d] %s(%d) n=%d run %d: %.3fs%s, %d ok, %d failed",
			d.done, d.total, m.Strategy, m.Concurrency, m.Entries, e.Rep+1, m.Wall.Seconds(), ratio, m.Succeeded, m.Failed()))
		if d.bar != nil {
			d.bar.ChangeMax(d.total)
			_ = d.bar.Set(d.done)
		}
	}
}

// Println prints "batchlab: " and s on a line of its own, above the bar.
func (d *Display) Println(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.println(s)
}

// Close removes the bar and stops its clock. The lines printed stay.
func (d *Display) Close() {
	d.mu.Lock()
	bar, stop := d.bar, d.stop
	d.bar, d.stop = nil, nil
	d.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	d.wg.Wait()
	if !bar.IsFinished() {
		_ = bar.Clear()
	}
}

// describe sets the bar's label, starting the bar and its clock first.
// d.mu is held.
func (d *Display) describe(label string) {
	if d.bar != nil && d.bar.IsFinished() {
		// A sweep that refines after its last planned width: a new bar
		// for the runs it added. The old clock sees the change and stops.
		close(d.stop)
		d.bar, d.stop = nil, nil
	}
	if d.bar == nil {
		d.bar = progressbar.NewOptions(max(d.total, 1), progressbar.OptionSetWriter(d.w),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true), progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish())
		_ = d.bar.Set(d.done)
		d.stop = make(chan struct{})
		d.wg.Add(1)
		go d.clock(d.bar, d.stop)
	}
	d.bar.Describe(label)
}

// clock redraws bar every tick until stop is closed.
func (d *Display) clock(bar *progressbar.ProgressBar, stop <-chan struct{}) {
	defer d.wg.Done()
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			d.mu.Lock()
			if d.bar == bar {
				_ = bar.RenderBlank()
			}
			d.mu.Unlock()
		}
	}
}

// println prints s on its own line above the bar, then redraws the bar
// below it. d.mu is held.
func (d *Display) println(s string) {
	if d.bar != nil {
		_ = d.bar.Clear()
	}
	fmt.Fprintf(d.w, "batchlab: %s\n", s)
	if d.bar != nil {
		_ = d.bar.RenderBlank()
	}
}

// Plural returns n and noun, with an s unless n is 1: "1 run", "3 runs".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
