package harness

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
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
	MaxCount      = 100              // benchstat's interval is tight long before; more is a typo
	MaxAttempts   = 100              // attempts per entry (Retry.Attempts): beyond this retries are a typo
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
	// MaxRate caps the whole client's call starts, in calls a second,
	// whatever the strategy: the ideal of n entries is then at least n /
	// MaxRate. 0 means no cap; negative is invalid.
	MaxRate float64
	// Memory is the most a cell may be predicted to hold
	// ([Cell.PredictedMemory]) for the plan to be made; 0 means
	// [DefaultMemory]().
	Memory uint64
}

// A Cell is one strategy at one size: the unit of the result table.
type Cell struct {
	Strategy    string
	Entries     int
	Concurrency int           // the strategy's concurrency C at this size
	Ideal       time.Duration // strategies.Ideal: ⌈Entries/Concurrency⌉ × delay, or more if paced; no run is faster
	Skipped     bool          // Ideal is over the budget and the plan is not Full
	// Adaptive is set for a strategy whose limit changes as it runs
	// (strategies.Adaptive): no ideal-time model applies, so no ratio to
	// Ideal is shown; Ideal is only the floor the budget predicts with.
	Adaptive bool
}

// Ratio returns wall ÷ c.Ideal, and false where no model applies.
func (c Cell) Ratio(wall time.Duration) (float64, bool) {
	if c.Adaptive || c.Ideal <= 0 {
		return 0, false
	}
	return wall.Seconds() / c.Ideal.Seconds(), true
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

// NewPlan fills in cfg's defaults, checks it with [Config.Validate] and
// every subject's concurrency at every size (a bounded strategy of width
// 0 allows no call in flight), and lays out the cells. A cell whose ideal
// time is over the budget is marked Skipped unless cfg.Full; the ideal is
// the prediction, and a floor: no run is faster.
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
	cfg.Count = orDefault(cfg.Count, DefaultCount)
	cfg.Delay = orDefault(cfg.Delay, thirdparty.DefaultDelay)
	cfg.Budget = orDefault(cfg.Budget, DefaultBudget)
	cfg.Timeout = orDefault(cfg.Timeout, thirdparty.DefaultTimeout)
	cfg.Transport = orDefault(cfg.Transport, thirdparty.TransportHTTP1)
	cfg.Scenario = orDefault(cfg.Scenario, benchfile.DefaultScenario)
	if cfg.Memory == 0 {
		cfg.Memory = DefaultMemory()
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	for _, s := range subjects {
		for _, n := range cfg.Sizes {
			if c := strategies.Concurrency(s.Strategy, n); c < 1 {
				return nil, fmt.Errorf("harness: %s allows %d calls in flight at %d entries: its width must be ≥ 1: %w", s.Name, c, n, ErrPlan)
			}
		}
	}
	p := &Plan{Subjects: subjects, Config: cfg}
	for _, s := range subjects {
		_, adaptive := s.Strategy.(strategies.Adaptive)
		for _, n := range cfg.Sizes {
			c := max(strategies.Concurrency(s.Strategy, n), 1)
			ideal := max(strategies.Ideal(s.Strategy, n, cfg.Delay), cfg.atRate(n))
			p.Cells = append(p.Cells, Cell{
				Strategy:    s.Name,
				Entries:     n,
				Concurrency: c,
				Ideal:       ideal,
				Skipped:     !cfg.Full && ideal > cfg.Budget,
				Adaptive:    adaptive,
			})
		}
	}
	if err := p.checkMemory(); err != nil {
		return nil, err
	}
	return p, nil
}

// orDefault returns def for a zero v, else v (which Validate checks).
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Validate checks cfg's settings as given, each in this one place: sizes
// in [1, MaxEntries] and none twice, Count, Delay, Budget and Timeout
// positive, Transport http1 or h2c, Retry valid with at most MaxAttempts
// attempts. Unlike [NewPlan] it fills in no default, so a zero setting
// (a flag given as 0) is an error; nil Sizes are not checked. The error is
// one line and wraps [ErrPlan].
func (cfg Config) Validate() error {
	for i, n := range cfg.Sizes {
		if n < 1 || n > MaxEntries {
			return fmt.Errorf("harness: entries must be in [1, %d], got %d: %w", MaxEntries, n, ErrPlan)
		}
		if slices.Contains(cfg.Sizes[:i], n) {
			return fmt.Errorf("harness: sizes name %d twice: %w", n, ErrPlan)
		}
	}
	if cfg.Count > MaxCount {
		return fmt.Errorf("harness: count must be at most %d, got %d: %w", MaxCount, cfg.Count, ErrPlan)
	}
	if err := cmp.Or(positive("count", cfg.Count), positive("delay", cfg.Delay),
		positive("budget", cfg.Budget), positive("timeout", cfg.Timeout)); err != nil {
		return err
	}
	if !(cfg.MaxRate >= 0) || math.IsInf(cfg.MaxRate, 1) { // NaN fails >= too
		return fmt.Errorf("harness: max rate must be ≥ 0 calls a second, got %v: %w", cfg.MaxRate, ErrPlan)
	}
	if _, err := thirdparty.ParseTransport(string(cfg.Transport)); err != nil {
		return fmt.Errorf("harness: %w: %w", err, ErrPlan)
	}
	switch a := cfg.Retry.Attempts; {
	case a < 0 || a > MaxAttempts:
		return fmt.Errorf("harness: retry attempts per entry must be in [0, %d], got %d: %w", MaxAttempts, a, ErrPlan)
	case cfg.Retry.Validate() != nil:
		return fmt.Errorf("harness: %w: %w", cfg.Retry.Validate(), ErrPlan)
	}
	return nil
}

// atRate returns the least time n call starts take under the MaxRate cap:
// n / MaxRate, or 0 without one.
func (cfg Config) atRate(n int) time.Duration {
	if cfg.MaxRate <= 0 {
		return 0
	}
	return time.Duration(float64(n) / cfg.MaxRate * float64(time.Second))
}

// positive returns an error wrapping ErrPlan unless v > 0.
func positive[T int | time.Duration](name string, v T) error {
	if v <= 0 {
		return fmt.Errorf("harness: %s must be > 0, got %v: %w", name, v, ErrPlan)
	}
	return nil
}

// Predicted returns the least time the plan can take: every cell that
// runs, its ideal × Count, plus one warm-up wave of one delay per strategy
// (longer under a MaxRate cap).
// It is a floor (client CPU, the service and its faults only add), not an
// estimate.
func (p *Plan) Predicted() time.Duration {
	var total time.Duration
	for si := range p.Subjects {
		widest, largest := 0, 0
		for _, c := range p.Cells[si*len(p.Config.Sizes) : (si+1)*len(p.Config.Sizes)] {
			if !c.Skipped {
				total += c.Ideal * time.Duration(p.Config.Count)
				widest, largest = max(widest, c.Concurrency), max(largest, c.Entries)
			}
		}
		if widest > 0 {
			total += max(p.Config.Delay, p.Config.atRate(min(widest, largest)))
		}
	}
	return total
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
