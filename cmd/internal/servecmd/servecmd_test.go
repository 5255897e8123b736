package servecmd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/thirdparty"
)

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		err := Run(ctx, []string{"-addr", "127.0.0.1:0", "-delay", "0s"}, outW, &stderr)
		outW.Close()
		done <- err
	}()

	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err, "reading the listening line")
	url, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), thirdparty.ListenPrefix)
	require.True(t, ok, "first line %q starts with %q", line, thirdparty.ListenPrefix)
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), "URL %q is on 127.0.0.1", url)
	assert.NotEqual(t, "http://127.0.0.1:0", url, "the printed port is the one picked, not 0")

	c, err := thirdparty.NewClient(url, thirdparty.ClientOptions{})
	require.NoError(t, err, "NewClient(%q)", url)
	defer c.Close()
	assert.NoError(t, c.Healthz(t.Context()), "GET /healthz")
	assert.NoError(t, c.Call(t.Context(), 1), "GET /entries/1")
	short, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err, "dial")
	defer short.Close()
	require.NoError(t, short.SetDeadline(time.Now().Add(4*time.Second)), "a deadline inside the 5 s header timeout")
	_, err = io.WriteString(short, "X\r\n\r\n")
	require.NoError(t, err, "a short malformed request")
	answer, err := bufio.NewReader(short).ReadString('\n')
	require.NoError(t, err, "served on thirdparty.Listener: the 400 comes at once")
	assert.Equal(t, "HTTP/1.1 400 Bad Request\r\n", answer, "the answer")

	cancel()
	assert.NoError(t, <-done, "Run after cancel")
	rest, _ := io.ReadAll(outR)
	assert.Empty(t, rest, "nothing printed after the listening line")
	assert.Equal(t, "thirdparty: scenario steady,delay=0s\n", stderr.String(), "stderr shows the scenario, with -delay applied")
}

func TestRunScenario(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		err := Run(ctx, []string{"-addr", "127.0.0.1:0", "-listen-any", "-scenario", "flaky,errors=1,delay=0", "-seed", "9"}, outW, &stderr)
		outW.Close()
		done <- err
	}()

	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err, "reading the listening line")
	url, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), thirdparty.ListenPrefix)
	require.True(t, ok, "first line %q is the unchanged listening line", line)

	c, err := thirdparty.NewClient(url, thirdparty.ClientOptions{})
	require.NoError(t, err, "NewClient(%q)", url)
	defer c.Close()
	var se *thirdparty.StatusError
	require.ErrorAs(t, c.CallAttempt(t.Context(), 1, 2), &se, "errors=1 fails every call")
	assert.Equal(t, 500, se.Code, "errors=1 answers 500")
	st, err := c.Stats(t.Context())
	require.NoError(t, err, "GET /stats")
	assert.Equal(t, int64(1), st.Failed, "the service counts the injected 500")

	cancel()
	assert.NoError(t, <-done, "Run after cancel")
	assert.Equal(t, "thirdparty: scenario flaky,delay=0s,errors=1,seed=9\n", stderr.String(), "stderr shows the scenario with -seed applied")
}

// -delay is a delay= override, so it scales the preset's whole latency
// shape, and the scenario line says what is served.
func TestRunDelayScalesShape(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		err := Run(ctx, []string{"-addr", "127.0.0.1:0", "-scenario", "jittery", "-delay", "20ms"}, outW, &stderr)
		outW.Close()
		done <- err
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err, "reading the listening line")
	require.True(t, strings.HasPrefix(line, "thirdparty: listening on "), "first line %q is the listening line", line)

	cancel()
	assert.NoError(t, <-done, "Run after cancel")
	assert.Equal(t, "thirdparty: scenario jittery,delay=20ms,p99=80ms\n", stderr.String(), "-delay 20ms scales jittery's p99 to 80 ms")
}

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "negative delay", args: []string{"-delay", "-1s"}},
		{name: "bad delay", args: []string{"-delay", "abc"}},
		{name: "unknown flag", args: []string{"-nope"}},
		{name: "extra argument", args: []string{"serve"}},
		{name: "scenario fraction over 1", args: []string{"-scenario", "flaky,errors=2"}},
		{name: "unknown scenario", args: []string{"-scenario", "wobbly"}},
		{name: "empty scenario", args: []string{"-scenario", ""}},
		{name: "bad seed", args: []string{"-seed", "-1"}},
		{name: "delay above the p99", args: []string{"-scenario", "jittery,p99=500ms", "-delay", "1s"}},
		{name: "delay given twice", args: []string{"-scenario", "steady,delay=1s", "-delay", "2s"}},
		{name: "delay over an hour", args: []string{"-delay", "2h"}},
		{name: "any address without -listen-any", args: []string{"-addr", "0.0.0.0:0"}},
		{name: "empty host without -listen-any", args: []string{"-addr", ":0"}},
		{name: "IPv6 any without -listen-any", args: []string{"-addr", "[::]:0"}},
		{name: "host name without -listen-any", args: []string{"-addr", "example.com:80"}},
		{name: "address without port", args: []string{"-addr", "127.0.0.1"}},
		{name: "address without port with -listen-any", args: []string{"-listen-any", "-addr", "0.0.0.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := Run(t.Context(), tt.args, &stdout, &stderr)
			assert.ErrorIs(t, err, ErrUsage, "Run(%q) = %v, want an error wrapping ErrUsage", tt.args, err)
			assert.Empty(t, stdout.String(), "Run(%q) prints nothing to stdout", tt.args)
			assert.Empty(t, stderr.String(), "Run(%q) prints no usage: the caller prints the one line", tt.args)
			assert.NotContains(t, err.Error(), "\n", "Run(%q) = %q, one line", tt.args, err)
		})
	}
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		name      string
		addr      string
		listenAny bool
		ok        bool
	}{
		{name: "IPv4 loopback", addr: "127.0.0.1:8080", ok: true},
		{name: "other 127/8", addr: "127.1.2.3:0", ok: true},
		{name: "IPv6 loopback", addr: "[::1]:0", ok: true},
		{name: "localhost", addr: "localhost:0", ok: true},
		{name: "IPv4-mapped loopback", addr: "[::ffff:127.0.0.1]:0", ok: true},
		{name: "any", addr: "0.0.0.0:0"},
		{name: "empty host", addr: ":8080"},
		{name: "private", addr: "10.0.0.1:0"},
		{name: "name", addr: "myhost:0"},
		{name: "any with -listen-any", addr: "0.0.0.0:0", listenAny: true, ok: true},
		{name: "empty host with -listen-any", addr: ":0", listenAny: true, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkAddr(tt.addr, tt.listenAny)
			if tt.ok {
				assert.NoError(t, err, "checkAddr(%q, %v)", tt.addr, tt.listenAny)
				return
			}
			require.Error(t, err, "checkAddr(%q, %v) = nil, want an error", tt.addr, tt.listenAny)
			assert.Contains(t, err.Error(), "-listen-any", "the error says how to listen there")
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Run(t.Context(), []string{"-h"}, &stdout, &stderr)

	assert.True(t, errors.Is(err, flag.ErrHelp), "Run(-h) = %v, want flag.ErrHelp", err)
	assert.Contains(t, stderr.String(), "-delay", "usage lists -delay")
	assert.Contains(t, stderr.String(), "-addr", "usage lists -addr")
	for _, name := range []string{"-scenario", "-seed", "-listen-any", "overloaded"} {
		assert.Contains(t, stderr.String(), name, "usage lists %s", name)
	}
	assert.Empty(t, stdout.String(), "Run(-h) prints nothing to stdout")
}

func TestRunListenError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Run(t.Context(), []string{"-addr", "127.0.0.1:99999"}, &stdout, &stderr)

	require.Error(t, err, "Run with an invalid port")
	assert.NotErrorIs(t, err, ErrUsage, "a listen failure is not a usage error")
	assert.Empty(t, stdout.String(), "no listening line when Listen fails")
}
