package harness

import (
	"context"
	"io"
)

// SeriesOptions are the optional parts of a [RunSeries].
type SeriesOptions struct {
	// Out is the series' one result file: every plan's block, rewritten
	// atomically after every repetition. "" writes nothing.
	Out string
	// Target is the service every plan runs against. nil starts a child
	// service per plan, with [StartChild](ctx, Exe, the plan's
	// Config.Scenario, Stderr), and stops it before the next one starts.
	Target *Service
	Exe    string    // the child's executable; "" means this process's own
	Stderr io.Writer // the children's stderr (see StartChild); nil discards it
	// Header returns a block's extra header lines, beside those every
	// block has (the machine, the commit, the start time, the settings);
	// it is called as each block starts. nil adds none.
	Header func() []KV
	// Progress, if set, is called from RunSeries's goroutine for every
	// event of every plan, after an EventBlock as each plan starts.
	Progress func(Event)
}

// A Series is what [RunSeries] produced.
type Series struct {
	Blocks []*Results // one per plan that started, in order; only the last may be incomplete
	NotRun []*Plan    // the plans never started
	// Status is the whole run's: StatusInterrupted when ctx was
	// cancelled; else StatusFailed when a service did not start or died,
	// a plan failed or a plan was not run; else StatusComplete.
	Status string
}

// RunSeries runs plans one after another, such as one plan per scenario,
// each against opts.Target or its own fresh child service, into one result
// file of one block per plan, each block with its complete header (see
// [AppendBlock]). It stops at the first plan that does not complete and
// returns the error that stopped it (nil when the series is complete)
// with what ran.
func RunSeries(ctx context.Context, plans []*Plan, opts SeriesOptions) (*Series, error) {
	s := &Series{}
	var (
		prev []byte // the blocks of the plans done, which every write keeps
		err  error
	)
	for i, p := range plans {
		if err = context.Cause(ctx); err != nil {
			break
		}
		var res *Results
		res, err = runBlock(ctx, p, Event{Kind: EventBlock, Plan: p, Block: i, Blocks: len(plans), Total: p.Runs()}, prev, opts)
		if res != nil {
			s.Blocks = append(s.Blocks, res)
		}
		if err != nil {
			break
		}
		if prev, err = AppendBlock(prev, res); err != nil {
			break
		}
	}
	s.NotRun = plans[len(s.Blocks):]
	s.Status = status(ctx, err != nil || len(s.NotRun) > 0)
	return s, err
}

// runBlock runs one plan of a series after the blocks in prev, starting
// its child service (and stopping it before it returns) when there is no
// target. start is the plan's EventBlock, without its service.
func runBlock(ctx context.Context, p *Plan, start Event, prev []byte, opts SeriesOptions) (*Results, error) {
	svc := opts.Target
	if svc == nil {
		var err error
		if svc, err = StartChild(ctx, opts.Exe, p.Config.Scenario, opts.Stderr); err != nil {
			return nil, err
		}
		defer svc.Stop()
	}
	start.Service = svc
	runOpts := Options{Out: opts.Out, Progress: opts.Progress, Previous: prev}
	emit(runOpts, start)
	if opts.Header != nil {
		runOpts.Header = opts.Header()
	}
	return Run(ctx, p, svc, runOpts)
}
