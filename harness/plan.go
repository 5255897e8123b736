package harness

import (
	"errors"
	"fmt"
	"time"

	"batchlab/benchfile"
	"batchlab/strategies"
	"batchlab/thirdparty"
)

// Defaults for [Config]'s zero fields.
const (
	DefaultCount  = 6                // enough runs for benchstat's confidence interval
	DefaultBudget = 60 * time.Second // sequential at 1,000 entries (200 s) is over it
	MaxEntries    = 10_000_000       // beyond this a run is a typo, not an experiment
)

// DefaultSizes returns the seed's entry counts: 1,000, 10,000 and 20,000.
func DefaultSizes() []int { return []int{1000, 10000, 20000} }

// ErrPlan is wrapped by every error [NewPlan] returns for invalid input.
var ErrPlan = errors.New("invalid plan")

// A Subject is one strategy to measure, under the name it is reported by.
type Subject struct {
	Name     string
	Strategy strategies.Strategy
}

// Config holds a plan's knobs. The zero value of each field means its
// default.
type Config struct {
	Sizes     []int                  // entries per run; nil means DefaultSizes()
	Count     int                    // measured repetitions per cell; 0 means DefaultCount
	Delay     time.Duration          // the service's delay per entry, for the ideal-time model; 0 means thirdparty.DefaultDelay
	Budget    time.Duration          // longest predicted repetition that is run; 0 means DefaultBudget
	Full      bool                   // run every cell, whatever its prediction
	Timeout   time.Duration          // per-request timeout; 0 means thirdparty.DefaultTimeout
	Transport thirdparty.Transport   // thirdparty.TransportHTTP1 or TransportH2C; "" means HTTP/1.1
	Scenario  string                 // what the service does (thirdparty.Scenario.String()), for the header; "" means benchfile.DefaultScenario
	Retry     thirdparty.RetryPolicy // retries per entry; the zero value makes one attempt
}

// A Cell is one strategy at one size: the unit of the result table.
type Cell struct {
	Strategy    string
	Entries     int
	Concurrency int           // the strategy's concurrency C at this size
	Ideal       time.Duration // strategies.Ideal: ⌈Entries/Concurrency⌉ × delay, or more if paced; no run is faster
	Skipped     bool          // Ideal is over the budget and the plan is not Full
}

// Name returns the cell's benchmark name in key=value form, so benchstat
// can slice by /strategy, /concurrency and /entries.
func (c Cell) Name() string {
	return c.name().String()
}

// name returns the cell's benchmark name, as the file spells it.
func (c Cell) name() benchfile.Name {
	return benchfile.Name{Strategy: c.Strategy, Concurrency: c.Concurrency, Entries: c.Entries}
}

// A Plan is the list of cells to run, strategy by strategy, in size order.
type Plan struct {
	Subjects []Subject
	Cells    []Cell // len(Subjects) × len(Sizes), subject-major
	Config   Config // with defaults filled in
}

// Ideal returns the floor ⌈n/c⌉ × delay of the ideal-time model.
func Ideal(n, c int, delay time.Duration) time.Duration {
	c = max(c, 1)
	return time.Duration((n+c-1)/c) * delay
}

// NewPlan checks cfg, fills in its defaults and lays out the cells. A cell
// whose ideal time is over the budget is marked Skipped unless cfg.Full;
// the ideal is the prediction, and a floor: no run is faster.
func NewPlan(subjects []Subject, cfg Config) (*Plan, error) {
	if len(subjects) == 0 {
		return nil, fmt.Errorf("harness: no strategies to run: %w", ErrPlan)
	}
	if cfg.Sizes == nil {
		cfg.Sizes = DefaultSizes()
	}
	if len(cfg.Sizes) == 0 {
		return nil, fmt.Errorf("harness: no sizes to run: %w", ErrPlan)
	}
	for _, n := range cfg.Sizes {
		if n < 1 || n > MaxEntries {
			return nil, fmt.Errorf("harness: entries must be in [1, %d], got %d: %w", MaxEntries, n, ErrPlan)
		}
	}
	var err error
	if cfg.Count, err = orDefault("count", cfg.Count, DefaultCount); err != nil {
		return nil, err
	}
	if cfg.Delay, err = orDefault("delay", cfg.Delay, thirdparty.DefaultDelay); err != nil {
		return nil, err
	}
	if cfg.Budget, err = orDefault("budget", cfg.Budget, DefaultBudget); err != nil {
		return nil, err
	}
	if cfg.Timeout, err = orDefault("timeout", cfg.Timeout, thirdparty.DefaultTimeout); err != nil {
		return nil, err
	}
	if cfg.Scenario == "" {
		cfg.Scenario = benchfile.DefaultScenario
	}
	if err := cfg.Retry.Validate(); err != nil {
		return nil, fmt.Errorf("harness: %w: %w", err, ErrPlan)
	}
	if err := cfg.Transport.Validate(); err != nil {
		return nil, fmt.Errorf("harness: %w: %w", err, ErrPlan)
	}
	if cfg.Transport == "" {
		cfg.Transport = thirdparty.TransportHTTP1
	}
	p := &Plan{Subjects: subjects, Config: cfg}
	for _, s := range subjects {
		for _, n := range cfg.Sizes {
			c := max(strategies.Concurrency(s.Strategy, n), 1)
			ideal := strategies.Ideal(s.Strategy, n, cfg.Delay)
			p.Cells = append(p.Cells, Cell{
				Strategy:    s.Name,
				Entries:     n,
				Concurrency: c,
				Ideal:       ideal,
				Skipped:     !cfg.Full && ideal > cfg.Budget,
			})
		}
	}
	return p, nil
}

// orDefault returns def for a zero v, v when it is positive, and an error
// wrapping ErrPlan when it is negative.
func orDefault[T int | time.Duration](name string, v, def T) (T, error) {
	switch {
	case v < 0:
		return 0, fmt.Errorf("harness: %s must be > 0, got %v: %w", name, v, ErrPlan)
	case v == 0:
		return def, nil
	}
	return v, nil
}

// Runs returns how many measured repetitions the plan will make.
func (p *Plan) Runs() int {
	runs := 0
	for _, c := range p.Cells {
		if !c.Skipped {
			runs += p.Config.Count
		}
	}
	return runs
}
