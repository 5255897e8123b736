package main

import (
	"fmt"
	"io"
	"os"
	"time"

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
	out string // the result file, named as each block of a series starts
}

func (p *progress) reset(total int) {
	if f, ok := p.w.(*os.File); ok && total > 0 && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription("batchlab"),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true), progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish())
	}
}

func (p *progress) event(e harness.Event) {
	switch e.Kind {
	case harness.EventBlock:
		p.finish()
		label := ""
		if e.Blocks > 1 {
			label = fmt.Sprintf("scenario %s (%d of %d): ", e.Plan.Config.Scenario, e.Block+1, e.Blocks)
		}
		p.println(fmt.Sprintf("%sservice %s (%s), %d runs planned, at least %v (the ideal time), writing %s",
			label, e.Service.URL, e.Service.Mode, e.Total, e.Plan.Predicted().Truncate(time.Millisecond), p.out))
		p.reset(e.Total)
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
		// The concurrency is in the line because a sweep measures one
		// strategy at many widths.
		ratio := ""
		if r, ok := m.Ratio(m.Wall); ok {
			ratio = fmt.Sprintf(" (%.2f× ideal)", r)
		}
		p.println(fmt.Sprintf("[%d/%d] %s(%d) n=%d run %d: %.3fs%s, %d ok, %d failed",
			e.Done, e.Total, m.Strategy, m.Concurrency, m.Entries, e.Rep+1, m.Wall.Seconds(), ratio, m.Succeeded, m.Failed()))
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
		p.bar = nil
	}
}
