package thirdparty_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"batchlab/thirdparty"
)

func ExampleParseTemplate() {
	// The user's own service: no /healthz, no /stats, ids in the path.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/items/2" {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()

	tm, err := thirdparty.ParseTemplate(srv.URL+"/v1/items/{i}", thirdparty.TemplateOptions{
		Header: http.Header{"Authorization": {"Bearer secret"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("headers:", tm.HeaderNames(), "per entry:", tm.PerEntry())
	c, err := thirdparty.NewTemplateClient(tm, thirdparty.ClientOptions{Concurrency: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	for i := range 3 {
		fmt.Println(i, c.Call(context.Background(), i))
	}
	// Output:
	// headers: [Authorization] per entry: true
	// 0 <nil>
	// 1 <nil>
	// 2 thirdparty: status 404
}

func ExampleParseStatuses() {
	ok, err := thirdparty.ParseStatuses("200-299,304")
	fmt.Println(ok, err, ok.Contains(204), ok.Contains(404))
	_, err = thirdparty.ParseStatuses("999")
	fmt.Println(err)
	// Output:
	// 200-299,304 <nil> true false
	// thirdparty: statuses "999": 999 is not an HTTP status (100 to 599)
}

func ExampleParseHeader() {
	env := func(name string) (string, bool) { return "tok", name == "API_TOKEN" }
	name, value, err := thirdparty.ParseHeader("Authorization: Bearer $API_TOKEN", env)
	fmt.Println(name, len(value), err) // never print a header's value
	_, _, err = thirdparty.ParseHeader("Authorization: Bearer ${MISSING}", env)
	fmt.Println(err)
	// Output:
	// Authorization 10 <nil>
	// thirdparty: header Authorization names $MISSING, which is not set
}

func ExampleIsTemplate() {
	fmt.Println(thirdparty.IsTemplate("http://127.0.0.1:8080"))
	fmt.Println(thirdparty.IsTemplate("http://127.0.0.1:8080/v1/items/{i}"))
	// Output:
	// false
	// true
}

func ExampleNewTemplateClient() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	tm, err := thirdparty.ParseTemplate(srv.URL+"/{i}.txt", thirdparty.TemplateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := thirdparty.NewTemplateClient(tm, thirdparty.ClientOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println(c.Call(context.Background(), 7))
	_, err = c.Stats(context.Background())
	fmt.Println(err)
	// Output:
	// <nil>
	// thirdparty: a template target has no /stats
}
