package servecmd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

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
	url, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "thirdparty: listening on ")
	require.True(t, ok, "first line %q starts with \"thirdparty: listening on \"", line)
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), "URL %q is on 127.0.0.1", url)
	assert.NotEqual(t, "http://127.0.0.1:0", url, "the printed port is the one picked, not 0")

	c, err := thirdparty.NewClient(url, thirdparty.ClientOptions{})
	require.NoError(t, err, "NewClient(%q)", url)
	defer c.Close()
	assert.NoError(t, c.Healthz(t.Context()), "GET /healthz")
	assert.NoError(t, c.Call(t.Context(), 1), "GET /entries/1")

	cancel()
	assert.NoError(t, <-done, "Run after cancel")
	rest, _ := io.ReadAll(outR)
	assert.Empty(t, rest, "nothing printed after the listening line")
	assert.Empty(t, stderr.String(), "nothing printed to stderr")
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := Run(t.Context(), tt.args, &stdout, &stderr)
			assert.ErrorIs(t, err, ErrUsage, "Run(%q) = %v, want an error wrapping ErrUsage", tt.args, err)
			assert.Empty(t, stdout.String(), "Run(%q) prints nothing to stdout", tt.args)
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Run(t.Context(), []string{"-h"}, &stdout, &stderr)

	assert.True(t, errors.Is(err, flag.ErrHelp), "Run(-h) = %v, want flag.ErrHelp", err)
	assert.Contains(t, stderr.String(), "-delay", "usage lists -delay")
	assert.Contains(t, stderr.String(), "-addr", "usage lists -addr")
	assert.Empty(t, stdout.String(), "Run(-h) prints nothing to stdout")
}

func TestRunListenError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Run(t.Context(), []string{"-addr", "127.0.0.1:99999"}, &stdout, &stderr)

	require.Error(t, err, "Run with an invalid port")
	assert.NotErrorIs(t, err, ErrUsage, "a listen failure is not a usage error")
	assert.Empty(t, stdout.String(), "no listening line when Listen fails")
}
