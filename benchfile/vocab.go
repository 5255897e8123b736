package benchfile

import "strings"

// Units of a result line, in the order [Encode] writes them. Units are base
// units (sec, B) and never contain "ns": benchstat renames ns only for
// non-zero values and would split one metric into two tables.
const (
	UnitSec          = "sec/op"             // wall time of the repetition
	UnitBytes        = "B/op"               // bytes the client allocated
	UnitAllocs       = "allocs/op"          // heap objects the client allocated
	UnitBytesEntry   = "B/entry"            // B/op ÷ entries
	UnitGCCycles     = "gc-cycles/op"       // client-side GC cycles
	UnitGCPause      = "gc-pause-sec/op"    // their total stop-the-world pause
	UnitClientCPU    = "client-cpu-sec/op"  // the client process's user + system CPU
	UnitServiceCPU   = "service-cpu-sec/op" // the service's own CPU; absent where it cannot say (see [Measurement])
	UnitIdeal        = "ideal-sec/op"       // the ideal time; absent where no model applies (see [Measurement])
	UnitXIdeal       = "x-ideal"            // sec/op ÷ ideal-sec/op; absent with ideal-sec/op
	UnitRate         = "entries/sec"        // entries ÷ sec/op
	UnitP50          = "p50-sec"            // entry latency percentiles and maximum
	UnitP90          = "p90-sec"
	UnitP99          = "p99-sec"
	UnitMax          = "max-sec"
	UnitSucceeded    = "succeeded/op"  // entries that succeeded
	UnitFailed       = "failed/op"     // entries that failed, all classes
	UnitAttempts     = "attempts/op"   // requests sent, retries included
	UnitPeakInflight = "peak-inflight" // the service's peak in-flight requests; absent where it cannot say (see [Measurement])
	// UnitClientPeakInflight is the most calls the client had in flight at
	// once, counted by the harness around each call: every run has it,
	// whatever the service can say.
	UnitClientPeakInflight = "client-peak-inflight"
	UnitPeakGoroutines     = "peak-goroutines" // the client's peak goroutine count
	UnitPeakHeap           = "peak-heap-B"     // the client's peak live heap
	UnitLimitMean          = "limit-mean"      // an adaptive strategy's time-weighted mean limit
	UnitLimitFinal         = "limit-final"     // its limit when the repetition ended
)

// failedPrefix and failedSuffix frame a failure class in its unit,
// failed-<class>/op (see [FailedUnit]).
const (
	failedPrefix = "failed-"
	failedSuffix = "/op"
)

// FailedUnit returns the unit that counts the failures of class:
// failed-<class>/op.
func FailedUnit(class string) string {
	return failedPrefix + class + failedSuffix
}

// ClassOfUnit returns the failure class of a failed-<class>/op unit, and
// false for any other unit (failed/op included).
func ClassOfUnit(unit string) (string, bool) {
	class, ok := strings.CutPrefix(unit, failedPrefix)
	if !ok {
		return "", false
	}
	return strings.CutSuffix(class, failedSuffix)
}

// Failure classes, as they appear in failed-<class>/op units, in the order
// results report them.
const (
	ClassTimeout     = "timeout"      // the per-request timeout fired
	ClassCancelled   = "cancelled"    // the run was stopped, or the entry never started
	Class429         = "429"          // the service said "too many requests"
	Class5xx         = "5xx"          // the service answered 5xx
	Class4xx         = "4xx"          // any other non-200 answer
	ClassReset       = "reset"        // the connection broke mid-request
	ClassRefused     = "refused"      // nothing listened at the target
	ClassFDLimit     = "fd-limit"     // the process ran out of file descriptors
	ClassPorts       = "ports"        // no local port was free to connect from
	ClassServiceDied = "service-died" // the child service exited
	ClassOther       = "other"        // anything else
)

// Classes returns the failure classes in the order results report them, as
// a new slice.
func Classes() []string {
	return []string{ClassTimeout, ClassCancelled, Class429, Class5xx, Class4xx, ClassReset,
		ClassRefused, ClassFDLimit, ClassPorts, ClassServiceDied, ClassOther}
}

// Configuration keys of the `key: value` header lines. The first six are
// the ones `go test` writes.
const (
	KeyGOOS          = "goos"
	KeyGOARCH        = "goarch"
	KeyCPU           = "cpu"
	KeyGo            = "go"
	KeyGOMAXPROCS    = "gomaxprocs"
	KeyNumCPU        = "numcpu"
	KeyCommit        = "commit"         // the code that ran
	KeyStarted       = "started"        // when the run started, RFC 3339 UTC
	KeyService       = "service"        // how the service was reached: child or target
	KeyTarget        = "target"         // the service's URL, or the template of a target's calls (no password)
	KeyMethod        = "method"         // a template target's request method
	KeyHeaders       = "headers"        // the names of the headers a template target's calls send, comma-separated: never their values
	KeyBody          = "body"           // a template target's request body: its size and source, never its text
	KeyOK            = "ok"             // the statuses a template target's calls count as success, e.g. 200-299,304
	KeyHealth        = "health"         // the path a template target had to answer 2xx on before the run
	KeyProbeMedian   = "probe-median"   // the median latency of the calls that probed a target with no -delay: an estimate the ideal uses
	KeyMaxRate       = "max-rate"       // the cap on the client's call starts, calls a second; absent means none
	KeyTransport     = "transport"      // http1 or h2c
	KeyScenario      = "scenario"       // what the service does; absent means [DefaultScenario]
	KeyRetries       = "retries"        // the retry policy, or off
	KeyDelay         = "delay"          // the service's delay per entry
	KeyTimeout       = "timeout"        // the per-request timeout
	KeyCount         = "count"          // measured repetitions per cell
	KeyBudget        = "budget"         // the longest predicted repetition that is run
	KeyFull          = "full"           // every cell ran, whatever its prediction
	KeyKneeTolerance = "knee-tolerance" // a sweep's knee tolerance, a fraction
	KeyStatus        = "status"         // how the run ended: one of the Status values
)

// Values of the service key: how the harness reached the service.
const (
	ServiceChild  = "child"  // a child process the harness started
	ServiceTarget = "target" // a running service at a URL
)

// Values of the status key: how the run that wrote the block ended.
const (
	StatusRunning     = "running"     // a checkpoint written while cells remain
	StatusComplete    = "complete"    // every planned cell ran
	StatusInterrupted = "interrupted" // the run was cancelled (Ctrl-C, SIGTERM)
	StatusFailed      = "failed"      // the service died or a strategy broke its contract
)

// DefaultScenario is the scenario of results that follow no `scenario:`
// configuration line, as in files written before scenarios existed.
const DefaultScenario = "steady"

// ScenarioOf returns the scenario named by a `scenario:` value: v, or
// [DefaultScenario] when v is empty (the key absent).
func ScenarioOf(v string) string {
	if v == "" {
		return DefaultScenario
	}
	return v
}
