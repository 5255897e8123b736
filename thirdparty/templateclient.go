package thirdparty

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// ErrNoStats is returned by [Client.Stats] and [Client.ResetPeak] of a
// template client: the user's service keeps no batchlab counters.
var ErrNoStats = errors.New("thirdparty: a template target has no /stats")

// bodyLimit is how much of a template target's answer a call reads to reuse
// its connection: a real service's bodies are larger than the mock's, and
// reading them is part of the call.
const bodyLimit = 1 << 20

// NewTemplateClient returns a Client whose calls follow t: entry i sends
// t's request with [Placeholder] replaced by i, and succeeds when the
// status is in t.OK(). The mock's routes are not used: [Client.Stats] and
// [Client.ResetPeak] return [ErrNoStats], and [Client.Healthz] asks t's
// health path, if any. opts are as for [NewClient]. The caller calls
// [Client.Close] when done with it.
func NewTemplateClient(t *Template, opts ClientOptions) (*Client, error) {
	if t == nil {
		return nil, errors.New("thirdparty: NewTemplateClient: nil template")
	}
	tr, capped, err := newTransport(opts)
	if err != nil {
		return nil, err
	}
	return &Client{
		tr: tr, maxConns: capped, scheme: t.scheme, host: t.host, header: t.header, tmpl: t,
		bufs: sync.Pool{New: func() any { return new([512]byte) }},
	}, nil
}

// callTemplate makes entry i's call to the template target. A retry sends
// the same request: the user's service knows no attempt parameter.
func (c *Client) callTemplate(ctx context.Context, i int) error {
	t := c.tmpl
	// The request URI is built in a stack buffer and set as the URL's
	// Opaque, which the transport writes as is: no per-call parsing or
	// escaping, and only the final string is allocated.
	var buf [128]byte
	req := http.Request{
		Method:     t.method,
		URL:        &url.URL{Scheme: c.scheme, Host: c.host, Opaque: string(t.appendURI(buf[:0], i))},
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     c.header,
		Host:       t.reqHost(),
	}
	if t.body != nil {
		body := expand(make([]byte, 0, t.bodyLen+8*(len(t.body)-1)), t.body, i)
		req.ContentLength = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		// Lets the transport resend on a reused connection the server had
		// closed, as it does for a bodiless request.
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := c.tr.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return wrap(classify(ctx, err), "entry %d", i)
	}
	defer resp.Body.Close()
	derr := c.drainUpTo(resp.Body, bodyLimit)
	if !t.ok.Contains(resp.StatusCode) {
		return &StatusError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header)}
	}
	if derr != nil {
		return wrap(classify(ctx, derr), "entry %d", i)
	}
	return nil
}

// templateHealth asks the template's health path with GET; nil on 2xx or
// when it has none.
func (c *Client) templateHealth(ctx context.Context) error {
	t := c.tmpl
	if t.health == "" {
		return nil
	}
	req := http.Request{
		Method: http.MethodGet, URL: &url.URL{Scheme: c.scheme, Host: c.host, Opaque: t.health},
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: c.header, Host: t.reqHost(),
	}
	resp, err := c.tr.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("thirdparty: GET %s: %w", t.HealthURL(), classify(ctx, err))
	}
	defer resp.Body.Close()
	_ = c.drainUpTo(resp.Body, bodyLimit)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("thirdparty: GET %s answered %d, want 2xx", t.HealthURL(), resp.StatusCode)
	}
	return nil
}
