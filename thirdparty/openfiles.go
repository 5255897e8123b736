package thirdparty

// Each open connection holds one file descriptor, so the process's
// open-file limit (ulimit -n, RLIMIT_NOFILE) bounds how many connections a
// [Client] can have at once; a goroutine-per-entry run past it fails with
// "too many open files". The client caps its connections below that limit
// instead, and calls beyond the cap wait for a free connection.

const (
	// connShare is the share of the open-file limit, in percent, a
	// Client's connections may take. The rest is headroom for the
	// process's other files: its executable and stdio, the pipes to a
	// child service, the result file, the runtime's poller, and the brief
	// overlap while a closed connection's descriptor is released and a new
	// one dialled. At this machine's 20,000 it gives 16,000.
	connShare = 80

	// fallbackConnCap is the cap when the limit cannot be read: 80 % of
	// 20,000, the limit the lab was measured under.
	fallbackConnCap = 16000

	// maxConnCap bounds the cap when the limit is huge or unlimited, so it
	// stays a sensible int everywhere.
	maxConnCap = 1 << 30
)

// OpenFileLimit returns the process's soft limit on open files (ulimit -n)
// and true, or 0 and false where it cannot be read (on systems other than
// Linux, or if the call fails). An unlimited limit is returned as the
// largest uint64. Go raises the soft limit to the hard one at start-up, so
// this is the most the process can hold.
func OpenFileLimit() (uint64, bool) { return openFileLimit() }

// MaxConns returns the most connections a Client of concurrency opens on
// this machine: concurrency, capped by the open-file limit (see
// [ClientOptions]).
func MaxConns(concurrency int) int { return min(concurrency, connCap(OpenFileLimit())) }

// connCap returns the most connections a Client opens when the process may
// hold limit open files (ok false: unknown): connShare percent of it, at
// least 1, at most maxConnCap. It is a pure function so the derivation can
// be tested without the machine's own limit.
func connCap(limit uint64, ok bool) int {
	if !ok {
		return fallbackConnCap
	}
	limit = min(limit, maxConnCap)
	return int(max(limit*connShare/100, 1))
}
