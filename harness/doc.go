// Package harness runs fan-out strategies against the third-party service
// and measures them the way a benchmark tool would.
//
// A run is a [Plan] (strategies × sizes × repeats, with a time budget per
// cell, each setting checked once by [Config.Validate]) executed by [Run]
// against a [Service]: a child process started by [StartChild], so the
// client's allocation figures are its own, or a running target reached
// with [Attach], or the user's own service called as a
// [thirdparty.Template] says ([AttachTemplate]; [Service.Probe] estimates
// its delay when none is given). [RunSeries] runs several plans, one per scenario, each
// against its own child, into one file, and says how the whole run ended. For every repetition the harness
// records wall time, client-side GC cycles and pause, bytes and objects
// allocated, peak heap and goroutines, entry-latency percentiles (from
// sharded HDR histograms: nothing is kept per entry), succeeded and failed
// entries by failure [Class], the client's peak in-flight calls (counted
// around each call), the service's peak in-flight requests where it can say
// (the mock's /stats), and the ideal time ⌈n/C⌉ × delay of the strategy's
// concurrency C, at least n / r under a [Config].MaxRate cap r, which
// paces every call start of the run.
//
// Every entry ends exactly once as succeeded or failed, including after
// cancellation: entries a strategy never started count as cancelled.
//
// For a strategy that implements [strategies.Adaptive], each measured
// repetition (not the warm-up) also records the limit over time in memory
// independent of n: a [LimitPoint] per change, at most one per 10 ms slot,
// the trace thinned to every other point (and the slot doubled) whenever it
// reaches 2,000 points; plus the time-weighted mean and the final limit.
//
// Results are written with [WriteFile] in Go benchmark format through
// package benchfile, the file's one owner (its package doc shows the
// grammar): one line per repetition named
// Process/strategy=<name>/concurrency=<C>/entries=<n>, so
// `go tool benchstat -col /strategy` compares strategies directly. A
// repetition with a limit trace gets the metrics limit-mean and
// limit-final but no ideal-sec/op or x-ideal (no ideal model applies to a
// limit that adapts), and its result line is followed by a `# limit`
// record that benchmark readers skip. The harness knows nothing of
// rendering; package reports reads these files.
package harness
