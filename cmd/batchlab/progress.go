package main

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"batchlab/harness"
)

// progress shows the run on stderr: a progress bar when stderr is a
// terminal (schollz/progressbar handles widths, rates and redraws), plain
// lines otherwise, so logs in CI stay readable.
type progress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("batchlab"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

func (p *progress) event(e harness.Event) {
	switch e.Kind {
	case harness.EventSkipped:
		p.println(fmt.Sprintf("skip %s at %d entries: predicted ≥ %v", e.Cell.Strategy, e.Cell.Entries, e.Cell.Ideal))
	case harness.EventWarmup:
		if p.bar != nil {
			p.bar.Describe(e.Cell.Strategy + " warm-up")
			return
		}
		p.println(fmt.Sprintf("warm-up %s (%d entries)", e.Cell.Strategy, e.Cell.Entries))
	case harness.EventMeasured:
		m := e.M
		if p.bar != nil {
			p.bar.Describe(fmt.Sprintf("%s(%d) n=%d", m.Strategy, m.Concurrency, m.Entries))
			_ = p.bar.Set(e.Done)
			return
		}
		// The width is in the line because a sweep measures one strategy
		// at many.
		p.println(fmt.Sprintf("[%d/%d] %s(%d) n=%d run %d: %.3fs (%.2f× ideal), %d ok, %d failed",
			e.Done, e.Total, m.Strategy, m.Concurrency, m.Entries, e.Rep+1, m.Wall.Seconds(),
			m.Wall.Seconds()/m.Ideal.Seconds(), m.Succeeded, m.Failed()))
	}
}

func (p *progress) println(s string) {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	fmt.Fprintf(p.w, "batchlab: %s\n", s)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
