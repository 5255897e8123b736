package thirdparty_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"batchlab/thirdparty"
)

func ExampleNewHandler() {
	// A service with no delay, on a loopback test server.
	svc := thirdparty.NewHandler(0)
	srv := httptest.NewServer(svc)
	defer srv.Close()

	c, err := thirdparty.NewClient(srv.URL, thirdparty.ClientOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	for i := range 3 {
		if err := c.Call(context.Background(), i); err != nil {
			fmt.Println(err)
		}
	}
	st := svc.Stats()
	fmt.Println("served:", st.Served, "errors:", st.Errors)
	// Output:
	// served: 3 errors: 0
}

func ExampleNewClient() {
	srv := httptest.NewServer(thirdparty.NewHandler(0))
	defer srv.Close()

	c, err := thirdparty.NewClient(srv.URL, thirdparty.ClientOptions{Concurrency: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println("max connections:", c.MaxConnsPerHost())

	ctx := context.Background()
	fmt.Println("call 7:", c.Call(ctx, 7))
	fmt.Println("call -1:", c.Call(ctx, -1)) // the service rejects negative ids

	st, err := c.Stats(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("served:", st.Served, "errors:", st.Errors)

	_, err = thirdparty.NewClient("ftp://example.com", thirdparty.ClientOptions{})
	fmt.Println(err)
	// Output:
	// max connections: 100
	// call 7: <nil>
	// call -1: thirdparty: status 400
	// served: 1 errors: 1
	// thirdparty: base URL "ftp://example.com": scheme must be http or https
}

func ExampleParseScenario() {
	s, err := thirdparty.ParseScenario("flaky,seed=7,errors=0.05")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.ErrorRate, s.Seed)
	fmt.Println(s) // canonical: fixed key order, as in result-file headers

	for _, p := range thirdparty.Presets() {
		fmt.Println(p)
	}

	_, err = thirdparty.ParseScenario("flaky,errors=2")
	fmt.Println(err)
	_, err = thirdparty.ParseScenario("wobbly")
	fmt.Println(err)
	// Output:
	// flaky 0.05 7
	// flaky,errors=0.05,seed=7
	// steady
	// jittery
	// flaky
	// limited
	// overloaded
	// thirdparty: bad scenario "flaky,errors=2": errors 2: want a number in [0, 1]
	// thirdparty: bad scenario "wobbly": unknown preset "wobbly"; want one of steady, jittery, flaky, limited, overloaded
}

// OpenFileLimit is what caps a Client's connections: one connection is one
// open file, and the client leaves headroom for the process's other files.
func ExampleOpenFileLimit() {
	limit, known := thirdparty.OpenFileLimit()
	c, err := thirdparty.NewClient("http://127.0.0.1:8080", thirdparty.ClientOptions{Concurrency: 1 << 30})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	// Where the limit is unknown, the cap is a fixed 16,000.
	fmt.Println("capped below the limit:", !known || uint64(c.MaxConnsPerHost()) < limit)
	// Output:
	// capped below the limit: true
}
