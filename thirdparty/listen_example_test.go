package thirdparty_test

import (
	"bufio"
	"fmt"
	"net"
	"time"

	"batchlab/thirdparty"
)

// Serving on Listener, a garbled request line gets its 400 at once rather
// than after the server's header timeout.
func ExampleListener() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := thirdparty.NewServer(thirdparty.NewHandler(0), 0)
	go srv.Serve(thirdparty.Listener(ln))
	defer srv.Close()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(4 * time.Second)) // the header timeout is 5 s
	fmt.Fprint(conn, "X\r\n\r\n")
	status, err := bufio.NewReader(conn).ReadString('\n')
	fmt.Printf("%q %v\n", status, err)
	// Output:
	// "HTTP/1.1 400 Bad Request\r\n" <nil>
}
