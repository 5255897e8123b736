package harness_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"batchlab/harness"
	"batchlab/thirdparty"
)

// AttachTemplate points the harness at a service batchlab does not
// control; Probe estimates its delay when none is given.
func ExampleAttachTemplate() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	tm, err := thirdparty.ParseTemplate(srv.URL+"/v1/items/{i}", thirdparty.TemplateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := harness.AttachTemplate(context.Background(), tm) // no health path: nothing sent
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := svc.Probe(context.Background(), time.Second, "")
	fmt.Println(svc.Mode, d > 0, err)
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 10}}}, harness.Config{Sizes: []int{100}, Count: 2, Delay: d})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := harness.Run(context.Background(), p, svc, harness.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := res.Measurements[0]
	fmt.Println("succeeded:", m.Succeeded, "client peak ≤ 10:", m.ClientPeak <= 10, "service peak known:", m.HasServicePeak)
	// Output:
	// target true <nil>
	// succeeded: 100 client peak ≤ 10: true service peak known: false
}

// Requests is what the guard shows before anything is sent to another
// machine: every measured entry and each strategy's warm-up wave.
func ExamplePlan_Requests() {
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 250}}},
		harness.Config{Sizes: []int{1000, 10000}, Count: 3, MaxRate: 1000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("requests:", p.Requests(), "ideal at 10,000:", p.Cells[1].Ideal)
	fmt.Println(harness.IsLoopback("127.0.0.1"), harness.IsLoopback("api.example.com"))
	// Output:
	// requests: 33250 ideal at 10,000: 10s
	// true false
}
