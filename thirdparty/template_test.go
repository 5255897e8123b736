package thirdparty

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsTemplate(t *testing.T) {
	tests := []struct {
		name, target string
		want         bool
	}{
		{name: "bare", target: "http://127.0.0.1:8080", want: false},
		{name: "slash", target: "http://127.0.0.1:8080/", want: false},
		{name: "index", target: "http://127.0.0.1:8080/{i}", want: true},
		{name: "index in query", target: "http://h/?id={i}", want: true},
		{name: "path", target: "http://h/v1/items", want: true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IsTemplate(tt.target), "IsTemplate(%q)", tt.target)
	}
}

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		name, target string
		want         []string // the request URIs of entries 0 and 17
		perEntry     bool
	}{
		{name: "path", target: "http://127.0.0.1:8080/v1/items/{i}", want: []string{"/v1/items/0", "/v1/items/17"}, perEntry: true},
		{name: "query", target: "http://h/find?id={i}&x=a%20b", want: []string{"/find?id=0&x=a%20b", "/find?id=17&x=a%20b"}, perEntry: true},
		{name: "twice", target: "http://h/{i}/{i}.txt", want: []string{"/0/0.txt", "/17/17.txt"}, perEntry: true},
		{name: "escaped", target: "http://h/a%2Fb/{i}", want: []string{"/a%2Fb/0", "/a%2Fb/17"}, perEntry: true},
		{name: "no index", target: "http://h/same", want: []string{"/same", "/same"}},
		{name: "empty path", target: "http://h?{i}", want: []string{"/?0", "/?17"}, perEntry: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm, err := ParseTemplate(tt.target, TemplateOptions{})
			require.NoError(t, err, "ParseTemplate(%q)", tt.target)
			assert.Equal(t, tt.want[0], string(tm.appendURI(nil, 0)), "entry 0")
			assert.Equal(t, tt.want[1], string(tm.appendURI(nil, 17)), "entry 17")
			assert.Equal(t, tt.perEntry, tm.PerEntry(), "PerEntry")
			assert.Equal(t, tt.target, tm.String(), "String keeps the template")
		})
	}
	for _, bad := range []string{"ftp://h/{i}", "http:///{i}", "http://{i}.example/x", "http://h/{i}#frag", "http://h//x/{i}"} {
		_, err := ParseTemplate(bad, TemplateOptions{})
		assert.Error(t, err, "ParseTemplate(%q)", bad)
	}
	_, err := ParseTemplate("http://h/{i}", TemplateOptions{Method: "GE T"})
	assert.ErrorContains(t, err, "not an HTTP method", "a bad method")
	_, err = ParseTemplate("http://h/{i}", TemplateOptions{Health: "healthz"})
	assert.ErrorContains(t, err, "must be a path", "a health check that is no path")
}

func TestTemplatePasswordNeverShown(t *testing.T) {
	tm, err := ParseTemplate("http://me:s3cret@h/{i}", TemplateOptions{Header: http.Header{"X-Trace": {"t"}}})
	require.NoError(t, err)
	assert.NotContains(t, tm.String(), "s3cret", "the password is redacted")
	assert.Equal(t, []string{"Authorization", "X-Trace"}, tm.HeaderNames(), "the password travels as a header, by name")
}

func TestParseHeader(t *testing.T) {
	env := map[string]string{"API_TOKEN": "tok", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		name, line, wantName, wantValue, wantErr string
	}{
		{name: "plain", line: "X-Trace: abc", wantName: "X-Trace", wantValue: "abc"},
		{name: "canonical", line: "x-trace:abc ", wantName: "X-Trace", wantValue: "abc"},
		{name: "dollar", line: "Authorization: Bearer $API_TOKEN", wantName: "Authorization", wantValue: "Bearer tok"},
		{name: "braces", line: "Authorization: Bearer ${API_TOKEN}x", wantName: "Authorization", wantValue: "Bearer tokx"},
		{name: "set but empty", line: "X-E: $EMPTY", wantName: "X-E", wantValue: ""},
		{name: "unset", line: "Authorization: Bearer $NOPE", wantErr: "header Authorization names $NOPE, which is not set"},
		{name: "no colon", line: "Authorization Bearer secretvalue", wantErr: `header "Authorization"… has no colon`},
		{name: "bad name", line: "Bad Name: x", wantErr: "is not a token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, value, err := ParseHeader(tt.line, lookup)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr, "ParseHeader(%q)", tt.line)
				assert.NotContains(t, err.Error(), "secretvalue", "the error never quotes a value")
				return
			}
			require.NoError(t, err, "ParseHeader(%q)", tt.line)
			assert.Equal(t, tt.wantName, name, "name")
			assert.Equal(t, tt.wantValue, value, "value")
		})
	}
}

func TestParseStatuses(t *testing.T) {
	st, err := ParseStatuses("200-299, 304")
	require.NoError(t, err)
	for code, want := range map[int]bool{199: false, 200: true, 250: true, 299: true, 300: false, 304: true, 404: false, -1: false, 1000: false} {
		assert.Equal(t, want, st.Contains(code), "Contains(%d)", code)
	}
	assert.Equal(t, "200-299,304", st.String(), "String")
	for _, bad := range []string{"999", "99", "abc", "300-200", "", "200,", "200-"} {
		_, err := ParseStatuses(bad)
		assert.Error(t, err, "ParseStatuses(%q)", bad)
	}
}

// A template client sends the method, headers and expanded body, and
// counts the statuses of -ok as success; any other is a *StatusError, and
// 429 and 503 still say Overloaded.
func TestTemplateClient(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+string(body)+" "+r.Host)
		mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, "/3"):
			w.WriteHeader(http.StatusServiceUnavailable)
		case strings.HasSuffix(r.URL.Path, "/4"):
			w.WriteHeader(http.StatusNotFound)
		case strings.HasSuffix(r.URL.Path, "/5"):
			w.WriteHeader(http.StatusNotModified)
		}
	}))
	defer srv.Close()
	ok, err := ParseStatuses("200-299,304")
	require.NoError(t, err)
	tm, err := ParseTemplate(srv.URL+"/items/{i}", TemplateOptions{Method: "POST", Body: `{"id":{i}}`, OK: ok,
		Header: http.Header{"Authorization": {"Bearer tok"}, "Host": {"api.example"}}})
	require.NoError(t, err)
	c, err := NewTemplateClient(tm, ClientOptions{Concurrency: 2})
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()
	require.NoError(t, c.Call(ctx, 7), "entry 7")
	require.NoError(t, c.Call(ctx, 5), "304 is in -ok")
	var se *StatusError
	require.ErrorAs(t, c.Call(ctx, 3), &se, "entry 3")
	assert.True(t, se.Overloaded(), "503 is overloaded")
	require.ErrorAs(t, c.Call(ctx, 4), &se, "entry 4")
	assert.Equal(t, 404, se.Code, "entry 4's status")
	assert.False(t, se.Overloaded(), "404 is not overloaded")
	assert.Equal(t, `POST /items/7 Bearer tok {"id":7} api.example`, seen[0], "what the server saw")
	_, err = c.Stats(ctx)
	assert.ErrorIs(t, err, ErrNoStats, "no /stats on a template target")
	assert.NoError(t, c.Healthz(ctx), "no health path: nothing asked")
	assert.Len(t, seen, 4, "Stats and Healthz sent nothing")
}

func TestTemplateHealth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/up" {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	for path, want := range map[string]string{"/up": "", "/down": "GET " + srv.URL + "/down answered 404, want 2xx"} {
		tm, err := ParseTemplate(srv.URL+"/{i}", TemplateOptions{Health: path})
		require.NoError(t, err)
		c, err := NewTemplateClient(tm, ClientOptions{})
		require.NoError(t, err)
		err = c.Healthz(context.Background())
		if want == "" {
			assert.NoError(t, err, "health %s", path)
		} else {
			assert.ErrorContains(t, err, want, "health %s", path)
		}
		c.Close()
	}
}

// Building an entry's request URI allocates nothing beyond its buffer.
func TestTemplateURIAllocs(t *testing.T) {
	tm, err := ParseTemplate("http://h/v1/items/{i}?full=1", TemplateOptions{})
	require.NoError(t, err)
	var buf [128]byte
	allocs := testing.AllocsPerRun(100, func() { _ = tm.appendURI(buf[:0], 123456) })
	assert.Zero(t, allocs, "appendURI allocates")
}
