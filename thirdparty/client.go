package thirdparty

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"
)

const (
	// DefaultTimeout is the call timeout used when [ClientOptions].Timeout
	// is 0.
	DefaultTimeout = 30 * time.Second

	// DefaultConcurrency is the concurrency a [Client] is sized for when
	// [ClientOptions].Concurrency is 0.
	DefaultConcurrency = 100

	// bufferSize is each connection's read and write buffer. The mock's
	// requests and responses are under 200 bytes, and at 16,000
	// connections the default 4 KiB buffers would hold 128 MiB.
	bufferSize = 1 << 10

	// drainLimit is how much of a body drain reads before giving up on
	// reusing the connection.
	drainLimit = 4 << 10
)

// ClientOptions are the optional settings of [NewClient]. The zero value
// means [DefaultConcurrency] and [DefaultTimeout].
type ClientOptions struct {
	// Concurrency is the most calls the caller will have in flight at once.
	// It sizes the idle-connection pool so connections are reused across
	// runs rather than redialled, and caps open connections at
	// min(Concurrency, 80 % of the open-file limit): see
	// [Client.MaxConnsPerHost]. 0 means
	// [DefaultConcurrency]; negative is an error.
	Concurrency int

	// Timeout bounds dialling a connection and, once a request is written,
	// waiting for the response headers: the phases where a slow or hung
	// service shows. It is enforced by the transport (net/http's
	// ResponseHeaderTimeout), which costs far less per call than a context
	// per call. Waiting for a free connection (only with more calls in
	// flight than [Client.MaxConnsPerHost]) and reading the few body bytes
	// are bounded by the caller's ctx alone; pass a ctx with a deadline for
	// a hard bound. 0 means [DefaultTimeout]; negative is an error.
	Timeout time.Duration

	// Transport is the protocol: [TransportHTTP1] (the zero value "" means
	// it) or [TransportH2C], HTTP/2 over cleartext, which multiplexes calls
	// over a few connections.
	Transport Transport
}

// StatusError is returned by [Client] methods when the service answers with
// a status other than 200.
type StatusError struct {
	// Code is the HTTP status code.
	Code int
	// RetryAfter is the Retry-After header given in seconds, or 0 if the
	// header is absent or not a number of seconds.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return "thirdparty: status " + strconv.Itoa(e.Code)
}

// Overloaded reports whether the service said it is over capacity (429 or
// 503). Adaptive strategies look for this method with errors.As on an
// interface, so they need not import this package.
func (e *StatusError) Overloaded() bool {
	return e.Code == 429 || e.Code == 503
}

// Client calls a [Handler], or anything serving the same routes, over
// HTTP/1.1 or h2c (see [Transport]). Create it with [NewClient]; the zero
// value is not usable. It is safe for concurrent use. It owns one
// [http.Transport] whose connections stay open for reuse until
// [Client.Close].
type Client struct {
	tr       *http.Transport
	maxConns int

	// Read-only after NewClient: the pieces every request is made of.
	scheme  string
	host    string
	entries string // base path + "/entries/"
	stats   string
	reset   string
	healthz string
	// header is shared by every request; the transport only reads it
	// (a RoundTripper must not modify its request). Its empty User-Agent
	// keeps that line off the wire.
	header http.Header
	// tmpl, when set, is the user's own service: calls follow it and the
	// mock's routes are not there (see NewTemplateClient).
	tmpl *Template

	bufs sync.Pool // of *[512]byte, for drain
}

// NewClient returns a Client for the service at baseURL: an http (or https)
// URL with a host and optionally a path prefix, but no user info, query or
// fragment. The caller calls [Client.Close] when done with it.
func NewClient(baseURL string, opts ClientOptions) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("thirdparty: bad base URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("thirdparty: base URL %q: scheme must be http or https", baseURL)
	case u.Host == "":
		return nil, fmt.Errorf("thirdparty: base URL %q has no host", baseURL)
	case u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("thirdparty: base URL %q must not have user info, a query or a fragment", baseURL)
	}
	tr, capped, err := newTransport(opts)
	if err != nil {
		return nil, err
	}
	base := u.Path // unescaped, as url.URL.Path wants it
	for len(base) > 0 && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return &Client{
		tr:       tr,
		maxConns: capped,
		scheme:   u.Scheme,
		host:     u.Host,
		entries:  base + entriesPrefix,
		stats:    base + statsPath,
		reset:    base + resetPath,
		healthz:  base + healthzPath,
		header:   http.Header{"User-Agent": {""}},
		bufs:     sync.Pool{New: func() any { return new([512]byte) }},
	}, nil
}

// newTransport checks opts and builds the one transport of a client, with
// its cap on open connections.
func newTransport(opts ClientOptions) (*http.Transport, int, error) {
	if opts.Concurrency < 0 {
		return nil, 0, fmt.Errorf("thirdparty: Concurrency must be >= 0, got %d", opts.Concurrency)
	}
	if opts.Timeout < 0 {
		return nil, 0, fmt.Errorf("thirdparty: Timeout must be >= 0, got %v", opts.Timeout)
	}
	if err := opts.Transport.Validate(); err != nil {
		return nil, 0, err
	}
	conc := opts.Concurrency
	if conc == 0 {
		conc = DefaultConcurrency
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	capped := min(conc, connCap(OpenFileLimit()))

	// One transport per client, never http.DefaultTransport: its pool holds
	// this client's connections, so repeated wide fan-outs reuse them
	// rather than leave thousands of sockets in TIME_WAIT.
	tr := &http.Transport{
		Proxy:                 nil, // the service is dialled directly
		DialContext:           (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          conc,
		MaxIdleConnsPerHost:   conc,
		MaxConnsPerHost:       capped,
		// Below the service's 120 s, so the client, not the server, closes
		// an idle connection and never sends on one being closed.
		IdleConnTimeout:    90 * time.Second,
		DisableCompression: true,
		ForceAttemptHTTP2:  false,
		ReadBufferSize:     bufferSize,
		WriteBufferSize:    bufferSize,
	}
	if opts.Transport == TransportH2C {
		tr.Protocols = new(http.Protocols)
		tr.Protocols.SetUnencryptedHTTP2(true)
	}
	return tr, capped, nil
}

// MaxConnsPerHost returns the cap on open connections the client set:
// min(Concurrency, 80 % of [OpenFileLimit], or 16,000 where the limit is
// unknown). One connection is one open file, so the cap keeps a run under
// the process's limit with headroom for its other files; calls beyond it
// wait for a free connection. A service in the same process (a test's
// httptest server) holds a file per connection too.
func (c *Client) MaxConnsPerHost() int { return c.maxConns }

// Close closes the client's idle connections. Calls in flight finish
// normally, and the client stays usable (it would dial again).
func (c *Client) Close() { c.tr.CloseIdleConnections() }

// Call makes one GET /entries/{i} and reads the response. It blocks until
// the answer is read, ctx ends, or the timeout (see [ClientOptions]) passes.
// It returns nil on 200 and a bare [*StatusError] on any other status.
// Other errors are wrapped so that errors.Is still matches [context.Canceled],
// [context.DeadlineExceeded] (also for the client's own timeout) and
// syscall errors such as ECONNREFUSED and ECONNRESET (also for an HTTP/2
// stream the server reset, over h2c).
func (c *Client) Call(ctx context.Context, i int) error {
	return c.CallAttempt(ctx, i, 0)
}

// CallAttempt is [Client.Call] for attempt number attempt of entry i
// (0 for the first): it sends GET /entries/{i}?attempt=N when attempt > 0,
// so a [Scenario] draws afresh for a retry, and plain GET /entries/{i}
// otherwise. Its blocking and errors are those of Call.
func (c *Client) CallAttempt(ctx context.Context, i, attempt int) error {
	if c.tmpl != nil {
		return c.callTemplate(ctx, i)
	}
	// The path is built in a stack buffer; only the final string is
	// allocated (fmt would box i and allocate more).
	var buf [64]byte
	path := string(strconv.AppendInt(append(buf[:0], c.entries...), int64(i), 10))
	var query string
	if attempt > 0 {
		query = string(strconv.AppendInt(append(buf[:0], "attempt="...), int64(attempt), 10))
	}
	if err := c.doQuery(ctx, http.MethodGet, path, query, nil); err != nil {
		if attempt > 0 {
			return wrap(err, "entry %d attempt %d", i, attempt)
		}
		return wrap(err, "entry %d", i)
	}
	return nil
}

// Stats returns the service's counters from GET /stats; [ErrNoStats] for a
// template client.
func (c *Client) Stats(ctx context.Context) (Stats, error) {
	if c.tmpl != nil {
		return Stats{}, ErrNoStats
	}
	var st Stats
	if err := c.do(ctx, http.MethodGet, c.stats, &st); err != nil {
		return Stats{}, wrap(err, "stats")
	}
	return st, nil
}

// ResetPeak starts a new peak in-flight count with POST /stats/reset and
// returns the service's counters as they were just before; [ErrNoStats]
// for a template client.
func (c *Client) ResetPeak(ctx context.Context) (Stats, error) {
	if c.tmpl != nil {
		return Stats{}, ErrNoStats
	}
	var st Stats
	if err := c.do(ctx, http.MethodPost, c.reset, &st); err != nil {
		return Stats{}, wrap(err, "reset")
	}
	return st, nil
}

// Healthz returns nil if GET /healthz answers 200, or, for a template
// client, if its health path answers 2xx (nil when it has none).
func (c *Client) Healthz(ctx context.Context) error {
	if c.tmpl != nil {
		return c.templateHealth(ctx)
	}
	if err := c.do(ctx, http.MethodGet, c.healthz, nil); err != nil {
		return wrap(err, "healthz")
	}
	return nil
}

// do sends one bodiless request and, on 200, decodes the JSON body into
// into, or discards the body if into is nil.
//
// It calls Transport.RoundTrip directly: http.Client.Do would add redirect
// handling and per-call deadline machinery, which cost allocations and are
// not needed.
func (c *Client) do(ctx context.Context, method, path string, into any) error {
	return c.doQuery(ctx, method, path, "", into)
}

// doQuery is do with a raw query string ("" for none).
func (c *Client) doQuery(ctx context.Context, method, path, query string, into any) error {
	// The template stays on the stack; WithContext makes the one heap copy,
	// the only way to attach ctx to a hand-made request. Cheaper than
	// http.NewRequestWithContext, which also parses the URL and makes a
	// header map.
	tmpl := http.Request{
		Method:     method,
		URL:        &url.URL{Scheme: c.scheme, Host: c.host, Path: path, RawQuery: query},
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     c.header,
		Host:       c.host,
	}
	resp, err := c.tr.RoundTrip(tmpl.WithContext(ctx))
	if err != nil {
		return classify(ctx, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		_ = c.drain(resp.Body) // the status is the error that matters
		return &StatusError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header)}
	}
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			return classify(ctx, err)
		}
	}
	// Reading to EOF lets the transport put the connection back in its
	// pool for the next call.
	if err := c.drain(resp.Body); err != nil {
		return classify(ctx, err)
	}
	return nil
}

// drain reads r to EOF, up to drainLimit bytes. The buffer comes from a pool
// because a stack buffer passed to an interface's Read escapes to the heap.
func (c *Client) drain(r io.Reader) error { return c.drainUpTo(r, drainLimit) }

// drainUpTo is drain up to limit bytes.
func (c *Client) drainUpTo(r io.Reader, limit int) error {
	bp := c.bufs.Get().(*[512]byte)
	defer c.bufs.Put(bp)
	for n := 0; n < limit; {
		m, err := r.Read(bp[:])
		n += m
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// wrap says which call err came from, except for a [*StatusError], which is
// returned as is since its message already says all there is.
func wrap(err error, format string, args ...any) error {
	if _, ok := err.(*StatusError); ok {
		return err
	}
	return fmt.Errorf("thirdparty: "+format+": %w", append(args, err)...)
}

// classify makes an error say what caused it, for errors.Is: if ctx has
// ended, its cause is kept even when the transport reports only the
// connection it closed; a transport timeout (the client's Timeout) is made
// to match [context.DeadlineExceeded], and an HTTP/2 stream the server
// reset to match syscall.ECONNRESET.
func classify(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		if errors.Is(err, cause) {
			return err
		}
		return fmt.Errorf("%w: %w", cause, err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	if streamReset(err) {
		// HTTP/2's reset of one call is what ECONNRESET is to HTTP/1.1: the
		// harness classes it reset and Retryable retries it, by errors.Is.
		return fmt.Errorf("%w: %w", syscall.ECONNRESET, err)
	}
	return err
}

// h2StreamError has the fields of net/http's HTTP/2 stream error (its
// bundled http2StreamError, golang.org/x/net/http2.StreamError's copy),
// which the h2c transport returns when the server resets a stream. That
// type is unexported, but its As method fills any struct with the same
// field names and convertible types (net/http/h2_error.go), so this
// matches it by type, without importing x/net or reading its message.
type h2StreamError struct {
	StreamID uint32
	Code     uint32
	Cause    error
}

func (e h2StreamError) Error() string {
	return fmt.Sprintf("stream error: stream ID %d; code %#x", e.StreamID, e.Code)
}

// HTTP/2 error codes (RFC 9113 §7) of a stream the server reset: a handler
// that panicked or aborted (as the service's reset fault does) sends
// INTERNAL_ERROR, one that gave up on the call CANCEL.
const (
	h2ErrCodeInternal = 0x2
	h2ErrCodeCancel   = 0x8
)

// streamReset reports whether err is a stream the server reset. It runs
// after classify has kept the cause of a ctx that ended, so a call the
// client cancelled is never taken for one: the transport reports that as
// the context's error, and classify returns first.
func streamReset(err error) bool {
	var se h2StreamError
	if !errors.As(err, &se) {
		return false
	}
	return se.Code == h2ErrCodeInternal || se.Code == h2ErrCodeCancel
}

// retryAfter parses a Retry-After header given in seconds.
func retryAfter(h http.Header) time.Duration {
	n, err := strconv.ParseUint(h.Get("Retry-After"), 10, 31)
	if err != nil {
		return 0
	}
	return time.Duration(n) * time.Second
}
