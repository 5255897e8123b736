package thirdparty

import (
	"bytes"
	"io"
	"net"
	"strings"
)

// ListenPrefix starts the one line the mock service's command prints to
// stdout once its listener is open, followed by its base URL:
//
//	thirdparty: listening on http://127.0.0.1:41234
//
// A harness that starts the service on port 0 reads the URL from this
// line, so the service picks a free port itself and no port is raced for.
// The service prints it and the harness reads it through this one constant.
const ListenPrefix = "thirdparty: listening on "

// h2cPreface is what an HTTP/2 client with prior knowledge sends first.
// A server from [NewServer] serves HTTP/1.1 and h2c on one port, so it
// reads the first 14 bytes, and after "PRI * HTTP/2.0" the first 24,
// before it parses a request: a shorter malformed request would wait for
// bytes that never come, until the 5 s header timeout.
const (
	h2cPreface     = h2cPrefaceLine + "\r\n\r\nSM\r\n\r\n"
	h2cPrefaceLine = "PRI * HTTP/2.0"
)

// Listener returns ln for serving a server from [NewServer] on: each
// connection ends its input once its first line is complete, shorter than
// the server reads to look for the h2c preface, and not the preface. No
// valid request line is that short ("GET / HTTP/1.0" is 14 bytes before
// its newline), so nothing valid is cut, and the server parses the line
// and answers 400 at once instead of after the header timeout.
func Listener(ln net.Listener) net.Listener { return prefaceListener{ln} }

type prefaceListener struct{ net.Listener }

func (l prefaceListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &prefaceConn{Conn: c}, nil
}

// prefaceConn watches the first bytes the server reads. The server reads
// a connection from one goroutine at a time, so its fields need no lock.
type prefaceConn struct {
	net.Conn
	head []byte // what was read while the server looks for the preface
	done bool   // the server has all it looks for: reads pass through
	cut  bool   // the first line is complete and short: input ends
}

func (c *prefaceConn) Read(p []byte) (int, error) {
	if c.done {
		return c.Conn.Read(p)
	}
	if c.cut || bytes.IndexByte(c.head, '\n') >= 0 && !strings.HasPrefix(h2cPreface, string(c.head)) {
		c.cut, c.head = true, nil
		return 0, io.EOF
	}
	n, err := c.Conn.Read(p)
	c.head = append(c.head, p[:n]...)
	want := len(h2cPrefaceLine)
	if bytes.HasPrefix(c.head, []byte(h2cPrefaceLine)) {
		want = len(h2cPreface)
	}
	if len(c.head) >= want {
		c.done, c.head = true, nil
	}
	return n, err
}

// CloseWrite lets the server half-close a TCP connection after an error
// answer, as it does for a *net.TCPConn, so the client reads the answer.
func (c *prefaceConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
