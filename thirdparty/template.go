package thirdparty

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Placeholder is the part of a [Template] that stands for an entry's
// index: "http://127.0.0.1:8080/v1/items/{i}" calls /v1/items/0, /v1/items/1 ….
const Placeholder = "{i}"

// sentinel replaces [Placeholder] while a template's URL is parsed and
// escaped: it is made of characters no escaping changes, so it marks where
// the index goes in the request URI that goes on the wire.
const sentinel = "BatchlabIndex0e5f7a"

// DefaultOK is the statuses that count as success when
// [TemplateOptions].OK is the zero value.
const DefaultOK = "200-299"

// IsTemplate reports whether target names the user's own service rather
// than batchlab's mock: it holds [Placeholder], or a path other than "" or
// "/". A bare base URL ("http://127.0.0.1:8080") is the mock, with its
// /entries/{id}, /stats and /healthz routes.
func IsTemplate(target string) bool {
	if strings.Contains(target, Placeholder) {
		return true
	}
	u, err := url.Parse(target)
	return err == nil && u.Path != "" && u.Path != "/"
}

// TemplateOptions are a [Template]'s request settings beside its URL. The
// zero value sends GET with no body and no extra header, and counts
// [DefaultOK] as success.
type TemplateOptions struct {
	Method string      // the request method; "" means GET
	Header http.Header // sent with every call; its values are never shown (see [Template.HeaderNames])
	Body   string      // the request body, [Placeholder] expanded per entry; "" sends none
	OK     Statuses    // the statuses that count as success; the zero value means DefaultOK
	// Health is a path on the template's host that must answer 2xx before
	// a run (see [Client.Healthz]); "" means none is asked.
	Health string
}

// A Template is a call to the user's own service, one per entry: a URL
// whose [Placeholder] is the entry's index, with a method, headers and an
// optional body (expanded too). [ParseTemplate] makes one; [NewTemplateClient]
// calls it. It is immutable and safe for concurrent use. Its parts are split
// at parse time, so building an entry's request appends digits into a small
// buffer and parses nothing.
type Template struct {
	shown        string   // the URL as given, any password redacted
	scheme, host string   // host as in the URL, port included
	uri          []string // the request URI (escaped path and query) split at the index
	body         []string // the body split at the index; nil sends none
	bodyLen      int      // the body's length without its indices
	method       string
	vhost        string      // a Host header given, sent as the request's Host; "" means host
	header       http.Header // shared by every request, which only reads it
	names        []string    // the header names, in the order given
	ok           Statuses
	health       string // the health check's request URI, or ""
}

// ParseTemplate parses target, an http or https URL with [Placeholder] in
// its path or query (not in its host), and the request settings opts. A
// password in the URL becomes an Authorization header and is never shown.
// The errors are one line and never hold a header's value.
func ParseTemplate(target string, opts TemplateOptions) (*Template, error) {
	u, err := url.Parse(strings.ReplaceAll(target, Placeholder, sentinel))
	if err != nil {
		return nil, fmt.Errorf("thirdparty: bad target template: %w", errors.Unwrap(err))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("thirdparty: target %q: scheme must be http or https", redact(u))
	case u.Host == "":
		return nil, fmt.Errorf("thirdparty: target %q has no host", redact(u))
	case strings.Contains(u.Host, sentinel):
		return nil, fmt.Errorf("thirdparty: target %q: %s may stand in the path or query, not the host", redact(u), Placeholder)
	case u.Fragment != "":
		return nil, fmt.Errorf("thirdparty: target %q must not have a fragment", redact(u))
	}
	uri := u.EscapedPath()
	if uri == "" {
		uri = "/"
	}
	if strings.HasPrefix(uri, "//") {
		return nil, fmt.Errorf("thirdparty: target %q: the path must not start with //", redact(u))
	}
	if u.RawQuery != "" || u.ForceQuery {
		uri += "?" + u.RawQuery
	}
	t := &Template{
		shown:  strings.ReplaceAll(redact(u), sentinel, Placeholder),
		scheme: u.Scheme, host: u.Host,
		uri:    strings.Split(uri, sentinel),
		method: opts.Method,
		header: http.Header{"User-Agent": {""}}, // an empty User-Agent keeps the line off the wire
		ok:     opts.OK,
	}
	if t.method == "" {
		t.method = http.MethodGet
	}
	if !validToken(t.method) {
		return nil, fmt.Errorf("thirdparty: method %q is not an HTTP method", t.method)
	}
	if t.ok.IsZero() {
		t.ok, _ = ParseStatuses(DefaultOK)
	}
	if opts.Body != "" {
		t.body = strings.Split(opts.Body, Placeholder)
		t.bodyLen = len(opts.Body) - (len(t.body)-1)*len(Placeholder)
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		creds := base64.StdEncoding.EncodeToString([]byte(u.User.Username() + ":" + pass))
		t.header.Set("Authorization", "Basic "+creds)
		t.names = append(t.names, "Authorization")
	}
	for name, values := range opts.Header {
		name = http.CanonicalHeaderKey(name)
		if !validToken(name) {
			return nil, fmt.Errorf("thirdparty: header name %q is not a token", name)
		}
		if !slices.Contains(t.names, name) {
			t.names = append(t.names, name)
		}
		if name == "Host" && len(values) > 0 { // net/http sends Request.Host, never Header["Host"]
			t.vhost = values[0]
			continue
		}
		t.header[name] = values
	}
	slices.Sort(t.names)
	if opts.Health != "" {
		h, err := url.Parse(opts.Health)
		if err != nil || h.Scheme != "" || h.Host != "" || !strings.HasPrefix(h.Path, "/") {
			return nil, fmt.Errorf("thirdparty: health %q must be a path such as /healthz", opts.Health)
		}
		t.health = h.RequestURI()
	}
	return t, nil
}

// String returns the template as given, a password redacted: what a result
// file records as its target.
func (t *Template) String() string { return t.shown }

// Host returns the URL's host without its port ("api.example.com",
// "127.0.0.1", "::1").
func (t *Template) Host() string {
	return (&url.URL{Host: t.host}).Hostname()
}

// PerEntry reports whether the template holds [Placeholder], so each entry
// has its own request; without it every entry sends the same one.
func (t *Template) PerEntry() bool { return len(t.uri) > 1 || len(t.body) > 1 }

// Method returns the request method.
func (t *Template) Method() string { return t.method }

// HeaderNames returns the names of the headers sent, sorted, as a new
// slice: never their values, which may hold credentials.
func (t *Template) HeaderNames() []string { return append([]string(nil), t.names...) }

// BodyLen returns the length of the body with no index expanded, 0 for none.
func (t *Template) BodyLen() int { return t.bodyLen }

// OK returns the statuses that count as success.
func (t *Template) OK() Statuses { return t.ok }

// Health returns the health check's request URI, or "" when there is none.
func (t *Template) Health() string { return t.health }

// HealthURL returns the health check's full URL, or "" when there is none.
func (t *Template) HealthURL() string {
	if t.health == "" {
		return ""
	}
	return t.scheme + "://" + t.host + t.health
}

// reqHost returns the Host a request is sent with.
func (t *Template) reqHost() string {
	if t.vhost != "" {
		return t.vhost
	}
	return t.host
}

// appendURI appends entry i's request URI to b.
func (t *Template) appendURI(b []byte, i int) []byte {
	return expand(b, t.uri, i)
}

// expand appends parts joined by the decimal i to b.
func expand(b []byte, parts []string, i int) []byte {
	for k, p := range parts {
		if k > 0 {
			b = strconv.AppendInt(b, int64(i), 10)
		}
		b = append(b, p...)
	}
	return b
}

// ParseHeader parses one "Name: value" header line. In the value, $NAME
// and ${NAME} name an environment variable, looked up with lookup
// (os.LookupEnv when nil); an unset one is an error. The error names the
// variable but never quotes the value or the line, which may hold a
// credential.
func ParseHeader(line string, lookup func(string) (string, bool)) (name, value string, err error) {
	name, raw, ok := strings.Cut(line, ":")
	name = strings.TrimSpace(name)
	if !ok {
		first, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		return "", "", fmt.Errorf("thirdparty: header %q… has no colon: want \"Name: value\"", clip(first, 24))
	}
	if !validToken(name) {
		return "", "", fmt.Errorf("thirdparty: header name %q is not a token: want \"Name: value\"", clip(name, 24))
	}
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var missing string
	value = os.Expand(strings.TrimSpace(raw), func(v string) string {
		s, ok := lookup(v)
		if !ok && missing == "" {
			missing = v
		}
		return s
	})
	if missing != "" {
		return "", "", fmt.Errorf("thirdparty: header %s names $%s, which is not set", name, missing)
	}
	if strings.ContainsAny(value, "\r\n") {
		return "", "", fmt.Errorf("thirdparty: header %s: the value holds a line break", name)
	}
	return http.CanonicalHeaderKey(name), value, nil
}

// redact returns u as text with any password replaced by "xxxxx".
func redact(u *url.URL) string { return u.Redacted() }

// clip cuts s to n bytes for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// validToken reports whether s is an RFC 9110 token, as a method or a
// header name must be.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
