package thirdparty

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// DefaultDelay is how long the mock service takes per entry, as in the
// reference problem.
const DefaultDelay = 200 * time.Millisecond

// Route paths served by [Handler].
const (
	entriesPrefix = "/entries/"
	statsPath     = "/stats"
	resetPath     = "/stats/reset"
	healthzPath   = "/healthz"
)

// entryBody is the whole body of a successful GET /entries/{id}. It is
// empty on purpose: the client's bytes per call are what the harness
// measures, and with Content-Length: 0 net/http's client skips the body
// reader altogether (about 320 B and 4 allocations less per call).
const entryBody = ""

// maxBodyBytes bounds a request body. No route uses one, but net/http
// drains an unread body to reuse the connection; a longer body gets 413,
// from its Content-Length or, chunked, once this much is read.
const maxBodyBytes = 1 << 10

// maxAttempt is the largest ?attempt= a request may give.
const maxAttempt = 1<<31 - 1

// Handler is the mock third-party service: an [http.Handler] that answers
// each GET /entries/{id} as its [Scenario] says (by default after a fixed
// delay) and counts what it did. Create it with [NewHandler] or
// [NewScenarioHandler]; the zero value is not usable. It is safe for
// concurrent use and holds no resources, so there is nothing to close.
//
// Routes:
//
//	GET  /entries/{id}  wait the delay (or until the client goes away), then 200, empty body;
//	                    id must be a non-negative decimal integer, else 400;
//	                    an optional query attempt=N (N a decimal integer
//	                    >= 0, absent = 0, nothing else) picks the attempt
//	                    the scenario draws for, else 400; the scenario may
//	                    answer 429, 500, hang or abort the connection instead
//	GET  /stats         the counters as JSON (see [Stats])
//	POST /stats/reset   start a new peak: set peak_in_flight to in_flight;
//	                    answers the stats as they were before the reset
//	GET  /healthz       200 "ok\n" (HEAD: 200 with no body)
//
// A wrong method gets 405, an unknown path 404.
type Handler struct {
	sc Scenario // resolved and valid

	// sem holds one token per request being served when sc.Capacity > 0,
	// else nil. Blocked senders queue in FIFO order.
	sem chan struct{}
	// lim is the token bucket when sc.Rate > 0, else nil.
	lim *rate.Limiter

	served    atomic.Int64
	inFlight  atomic.Int64
	peak      atomic.Int64
	errors    atomic.Int64
	cancelled atomic.Int64
	rejected  atomic.Int64
	failed    atomic.Int64
	hung      atomic.Int64
	reset     atomic.Int64

	// entryLen is the Content-Length header value of a successful entry
	// response, shared read-only by every request (net/http only reads
	// header values) so the handler does not build it each time.
	entryLen []string
}

// retryAfterOne is the Retry-After value of most 429s, shared read-only.
var retryAfterOne = []string{"1"}

// NewHandler returns a Handler that delays each entry by delay and injects
// no faults: the steady preset with that delay. 0 answers at once. It
// panics if delay is negative or over an hour, which is a programmer error.
func NewHandler(delay time.Duration) *Handler {
	if delay < 0 {
		panic("thirdparty: NewHandler with negative delay " + delay.String())
	}
	s, err := NewScenarioHandler(Scenario{Latency: LatencyDist{Kind: LatencyFixed, Delay: delay}})
	if err != nil { // only a delay over an hour gets here
		panic(err.Error())
	}
	return s
}

// NewScenarioHandler returns a Handler behaving as sc; the zero Scenario
// is the seed's fixed 200 ms. It returns an error wrapping [ErrScenario]
// if sc is invalid (see [Scenario] for the rules).
func NewScenarioHandler(sc Scenario) (*Handler, error) {
	sc = sc.resolved()
	if err := sc.validate(); err != nil {
		return nil, fmt.Errorf("%w %q: %s", ErrScenario, sc.String(), err)
	}
	s := &Handler{
		sc:       sc,
		entryLen: []string{strconv.Itoa(len(entryBody))},
	}
	if sc.Capacity > 0 {
		s.sem = make(chan struct{}, sc.Capacity)
	}
	if sc.Rate > 0 {
		s.lim = rate.NewLimiter(rate.Limit(sc.Rate), sc.Burst)
	}
	return s, nil
}

// Scenario returns the scenario s behaves as, with its defaults made
// explicit.
func (s *Handler) Scenario() Scenario { return s.sc }

// ServeHTTP routes by plain string comparison of the path, which costs no
// allocation per request (unlike pattern matching with path values).
func (s *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxBodyBytes {
		s.fail(w, http.StatusRequestEntityTooLarge, "thirdparty: request body over "+strconv.Itoa(maxBodyBytes)+" bytes")
		return
	}
	if r.Body != nil && r.Body != http.NoBody {
		// Only requests with a body pay for the wrapper.
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if r.ContentLength < 0 && !s.readBody(w, r) {
			return
		}
	}
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, entriesPrefix):
		if s.allow(w, r, http.MethodGet) {
			s.entry(w, r, p[len(entriesPrefix):])
		}
	case p == statsPath:
		if s.allow(w, r, http.MethodGet) {
			s.writeStats(w, s.Stats())
		}
	case p == resetPath:
		if s.allow(w, r, http.MethodPost) {
			s.writeStats(w, s.ResetPeak())
		}
	case p == healthzPath:
		if r.Method == http.MethodHead || s.allow(w, r, http.MethodGet, http.MethodHead) {
			writeText(w, "ok\n")
		}
	default:
		s.fail(w, http.StatusNotFound, "thirdparty: no route for "+p)
	}
}

// allow reports whether r uses method, answering 405 naming method and
// also (the other methods the route takes) if it does not.
func (s *Handler) allow(w http.ResponseWriter, r *http.Request, method string, also ...string) bool {
	if r.Method == method {
		return true
	}
	methods := strings.Join(append([]string{method}, also...), ", ")
	w.Header().Set("Allow", methods)
	s.fail(w, http.StatusMethodNotAllowed, "thirdparty: method "+r.Method+" not allowed, use "+methods)
	return false
}

// readBody reads a body of unknown length (chunked) before any answer, so
// one over maxBodyBytes gets 413; unread, it would get its answer and then
// a reset as net/http drains it past the limit. It reports whether the
// body was read whole, having answered if not.
func (s *Handler) readBody(w http.ResponseWriter, r *http.Request) bool {
	_, err := io.Copy(io.Discard, r.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.fail(w, http.StatusRequestEntityTooLarge, "thirdparty: request body over "+strconv.Itoa(maxBodyBytes)+" bytes")
	case err != nil:
		s.fail(w, http.StatusBadRequest, "thirdparty: reading the request body: "+err.Error())
	}
	return err == nil
}

func (s *Handler) entry(w http.ResponseWriter, r *http.Request, idText string) {
	id, ok := parseID(idText)
	if !ok {
		s.fail(w, http.StatusBadRequest, "thirdparty: bad entry id "+strconv.Quote(idText)+": want a non-negative decimal integer")
		return
	}
	attempt, ok := parseAttempt(r.URL.RawQuery)
	if !ok {
		s.fail(w, http.StatusBadRequest, "thirdparty: bad query "+strconv.Quote(r.URL.RawQuery)+": want none or attempt=N, N a non-negative decimal integer")
		return
	}

	if s.lim != nil && !s.lim.Allow() {
		s.reject(w, s.rateRetryAfter())
		return
	}
	ctx := r.Context()
	if s.sem != nil {
		if s.sc.Overflow == OverflowReject {
			select {
			case s.sem <- struct{}{}:
			default:
				s.reject(w, retryAfterOne)
				return
			}
		} else {
			select {
			case s.sem <- struct{}{}:
			case <-ctx.Done():
				// The client left the queue; the slot it never took
				// stays free for the next one.
				s.cancelled.Add(1)
				return
			}
		}
		// Released on every way out, including the reset panic.
		defer func() { <-s.sem }()
	}

	n := s.inFlight.Add(1)
	s.raisePeak(n)
	defer s.inFlight.Add(-1)

	out, delay := s.sc.decide(id, attempt)
	if out == outcomeHang {
		s.hung.Add(1)
		<-ctx.Done()
		return
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			// The client went away; nobody would read an answer.
			t.Stop()
			s.cancelled.Add(1)
			return
		}
	}
	switch out {
	case outcomeFail:
		s.failed.Add(1)
		s.fail(w, http.StatusInternalServerError, "thirdparty: injected failure")
		return
	case outcomeReset:
		s.reset.Add(1)
		// net/http recovers this panic quietly and drops the connection
		// (HTTP/1.1) or resets the stream (HTTP/2) without a response.
		panic(http.ErrAbortHandler)
	}

	h := w.Header()
	// Only Content-Length goes out: a nil Date suppresses that header and a
	// nil Content-Type suppresses sniffing and the header, so the client
	// parses (and allocates for) as little as possible.
	h["Date"] = nil
	h["Content-Type"] = nil
	h["Content-Length"] = s.entryLen
	w.WriteHeader(http.StatusOK)
	if entryBody != "" {
		_, _ = io.WriteString(w, entryBody)
	}
	s.served.Add(1)
}

// reject answers 429 with the given Retry-After header value.
func (s *Handler) reject(w http.ResponseWriter, retryAfter []string) {
	s.rejected.Add(1)
	w.Header()["Retry-After"] = retryAfter
	s.fail(w, http.StatusTooManyRequests, "thirdparty: too many requests")
}

// rateRetryAfter is the Retry-After value after the rate limit refused a
// request: the seconds until the bucket has a token again, rounded up, at
// least 1.
func (s *Handler) rateRetryAfter() []string {
	missing := 1 - s.lim.Tokens()
	secs := math.Ceil(missing / s.sc.Rate)
	if !(secs > 1) {
		return retryAfterOne
	}
	return []string{strconv.FormatFloat(min(secs, 1<<31-1), 'f', 0, 64)}
}

// parseID parses an entry id: see validID.
func parseID(id string) (uint64, bool) {
	if !validID(id) {
		return 0, false
	}
	n, err := strconv.ParseUint(id, 10, 64)
	return n, err == nil
}

// parseAttempt parses a raw query that is empty (attempt 0) or exactly
// attempt=N, N a decimal integer in [0, maxAttempt], without allocating.
func parseAttempt(q string) (uint64, bool) {
	if q == "" {
		return 0, true
	}
	v, ok := strings.CutPrefix(q, "attempt=")
	if !ok || !validID(v) {
		return 0, false
	}
	n, err := strconv.ParseUint(v, 10, 64)
	return n, err == nil && n <= maxAttempt
}

// validID reports whether id is a non-negative decimal integer that fits in
// an int64: digits only, so "", "-1", "+1", "1.5" and " 1" are rejected.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(id, 10, 64)
	return err == nil
}

// fail answers status with a one-line plain-text reason and counts it.
func (s *Handler) fail(w http.ResponseWriter, status int, reason string) {
	s.errors.Add(1)
	http.Error(w, reason, status)
}

func writeText(w http.ResponseWriter, body string) {
	h := w.Header()
	h["Date"] = nil
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = io.WriteString(w, body)
}

// NewServer returns an [http.Server] for h with timeouts suited to a service
// whose handler takes delay per request: headers must arrive within 5 s and
// the whole request within 10 s, a response may take delay+60 s to write,
// and idle keep-alive connections are closed after 120 s. The caller starts
// it (Serve on a listener, wrapped by [Listener] so a short malformed
// request gets its 400 at once) and stops it (Shutdown, then Close).
func NewServer(h http.Handler, delay time.Duration) *http.Server {
	// HTTP/1.1 and HTTP/2 over cleartext (h2c, prior knowledge) on one
	// port: the client picks, see [ClientOptions].Transport.
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           h,
		Protocols:         &protocols,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      delay + 60*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}
