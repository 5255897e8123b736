package thirdparty

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// serveEnv, when set, turns TestServeForBenchmark into a service process
// for BenchmarkCall/server=process.
const serveEnv = "THIRDPARTY_BENCH_SERVE"

// BenchmarkCall measures one Client.Call against a delay-0 Handler on
// loopback with connections reused, calls running in parallel.
//
// server=httptest runs the service in this process, so B/op and allocs/op
// count both sides. server=process runs it in a child process (this test
// binary re-executed), so they count the client alone, as the harness does.
func BenchmarkCall(b *testing.B) {
	b.Run("server=httptest", func(b *testing.B) {
		srv := httptest.NewServer(NewHandler(0))
		defer srv.Close()
		benchCall(b, srv.URL)
	})
	b.Run("server=process", func(b *testing.B) {
		benchCall(b, startServeProcess(b))
	})
}

func benchCall(b *testing.B, url string) {
	c, err := NewClient(url, ClientOptions{Concurrency: 64})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	// Warm the pool so dialling is not counted.
	for i := range 64 {
		if err := c.Call(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if err := c.Call(ctx, i); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// startServeProcess starts TestServeForBenchmark in a child process and
// returns its base URL; the child exits when its stdin is closed at cleanup.
func startServeProcess(b *testing.B) string {
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeForBenchmark$", "-test.count=1")
	cmd.Env = append(os.Environ(), serveEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("reading the service's address: %v", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok {
		b.Fatalf("service printed %q, want \"listening on URL\"", line)
	}
	return url
}

// TestServeForBenchmark is the child process of BenchmarkCall/server=process;
// without serveEnv it does nothing.
func TestServeForBenchmark(t *testing.T) {
	if os.Getenv(serveEnv) == "" {
		t.Skip("only runs as BenchmarkCall's service process")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(NewHandler(0), 0)
	go func() { _ = srv.Serve(ln) }()
	fmt.Printf("listening on http://%s\n", ln.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes stdin
	_ = srv.Close()
}
