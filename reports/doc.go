// Package reports reads batchlab result files (Go benchmark format, as
// package benchfile defines it) and renders them as the seed's
// BenchmarkDotNet table, with Go's figures beside the seed's documented
// ones, as CSV and JSON, and as benchstat-like comparisons; it gives the
// HTML page (package [batchlab/reports/page]) its model: [Tables],
// [Verdicts], [FindSweeps], [Compare].
//
// It reads result files only and never imports the strategies, harness or
// thirdparty packages, so it can render runs made by any earlier commit.
// Files are read with package benchfile, the format's one owner (units,
// keys, records and the name grammar /strategy, /concurrency, /entries are
// its constants), and summarised with github.com/aclements/go-moremath/stats:
// Mean is the arithmetic mean, StdDev the sample standard deviation and
// Error the half-width of the 99.9 % confidence interval from Student's
// t-distribution with n−1 degrees of freedom, as BenchmarkDotNet defines
// them.
//
// # Cells and scenarios
//
// A [Cell] is one (scenario, strategy, concurrency, entries) group of
// results. A file may hold several blocks, each starting with its own
// `key: value` configuration lines; a block's `scenario:` line names the
// scenario of everything below it up to the next `scenario:` line,
// including the comment lines benchfmt ignores: `# skipped` (a cell the
// harness predicted would overrun its budget) and `# limit` (how an
// adaptive strategy's concurrency limit moved during one repetition, read
// into [Cell.LimitTraces]). Files without a `scenario:` line are
// [DefaultScenario]. A concurrency sweep — one strategy at several widths —
// gives one cell per width.
//
// # Ratio to ideal
//
// [Cell.RatioToIdeal] is mean sec/op ÷ ideal-sec/op, the ideal time the
// file records (⌈n/C⌉ × delay for a fixed concurrency C, and at least
// n/rate for a paced strategy: see [batchlab/strategies.Ideal]). Where no
// ideal model applies, no ratio is shown: an [Cell.Adaptive] cell (a
// strategy whose limit adapts, with a `# limit` trace or a limit-mean
// metric) has "–" in table.md, an empty ratio in CSV and null in JSON, and
// no point on the ratio chart, in files from older commits too (which
// recorded an ideal).
//
// # Sweeps and the knee
//
// [FindSweeps] finds each strategy measured at three or more widths in one
// scenario at one size and picks its best width and knee, the width to
// recommend, by the rule of package sweep (see [sweep.Knee]), at the run's
// [Run.KneeTolerance]. [Sweep.Recommendation] states the knee in one line,
// with what the next wider and narrower widths cost, and
// [Sweep.ReferenceLines] states the other strategies of the same scenario
// and size against the best width.
//
// # Outputs
//
// [WriteTable] writes one table per scenario (under "## scenario: <name>"
// headings when there are several), one row per width, and each sweep's
// recommendation under its scenario's table. [WriteCSV] and [WriteJSON]
// carry the scenario, the failures by class and the adaptive limit.
// [Compare] matches cells by scenario and width.
package reports
