package harness_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"batchlab/harness"
	"batchlab/thirdparty"
)

// NewPlan lays out strategies × sizes and predicts each cell with the
// ideal-time model; cells over the budget are skipped, not dropped.
func ExampleNewPlan() {
	p, err := harness.NewPlan([]harness.Subject{
		{Name: "sequential", Strategy: fixed{W: 1}},
		{Name: "pool", Strategy: fixed{W: 250}},
	}, harness.Config{}) // defaults: 1k/10k/20k entries, 6 runs, 200 ms, 60 s budget
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range p.Cells {
		fmt.Printf("%-10s n=%-5d C=%-3d ideal=%-8v skipped=%v\n", c.Strategy, c.Entries, c.Concurrency, c.Ideal, c.Skipped)
	}
	fmt.Println("measured runs:", p.Runs())
	// Output:
	// sequential n=1000  C=1   ideal=3m20s    skipped=true
	// sequential n=10000 C=1   ideal=33m20s   skipped=true
	// sequential n=20000 C=1   ideal=1h6m40s  skipped=true
	// pool       n=1000  C=250 ideal=800ms    skipped=false
	// pool       n=10000 C=250 ideal=8s       skipped=false
	// pool       n=20000 C=250 ideal=16s      skipped=false
	// measured runs: 18
}

// Run measures a plan against a service; here a mock with a 1 ms delay
// attached by URL (batchlab itself starts one as a child process).
func ExampleRun() {
	ts := httptest.NewServer(thirdparty.NewHandler(time.Millisecond))
	defer ts.Close()
	svc, err := harness.Attach(context.Background(), ts.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 10}}},
		harness.Config{Sizes: []int{100}, Count: 2, Delay: time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := harness.Run(context.Background(), p, svc, harness.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Measurements {
		fmt.Printf("%s run %d: %d succeeded, %d failed\n", m.Name(), m.Rep, m.Succeeded, m.Failed())
	}
	fmt.Println("status:", res.Status)
	// Output:
	// Process/strategy=pool/concurrency=10/entries=100 run 0: 100 succeeded, 0 failed
	// Process/strategy=pool/concurrency=10/entries=100 run 1: 100 succeeded, 0 failed
	// status: complete
}

// Encode writes Go benchmark format; a repetition of an adaptive strategy
// carries its limit over time as a comment line after its result.
func ExampleEncode() {
	res := &harness.Results{Status: harness.StatusComplete, Measurements: []harness.Measurement{{
		Cell:      harness.Cell{Strategy: "adaptive", Entries: 1000, Concurrency: 1000, Ideal: 200 * time.Millisecond},
		Wall:      time.Second,
		Succeeded: 1000,
		Limits: []harness.LimitPoint{
			{At: 0, Limit: 20}, {At: 12 * time.Millisecond, Limit: 21}, {At: 200 * time.Millisecond, Limit: 40},
		},
		LimitMean:  38.5,
		LimitFinal: 40,
	}}}
	data, err := harness.Encode(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, harness.LimitPrefix) {
			fmt.Print(line)
		}
	}
	// Output:
	// # limit BenchmarkProcess/strategy=adaptive/concurrency=1000/entries=1000 rep=0 0.000:20 0.012:21 0.200:40
}

// AppendBlock joins runs into one file, one block each, as batchlab run
// does for several scenarios: every block starts with its own header.
func ExampleAppendBlock() {
	var file []byte
	for _, scenario := range []string{"steady", "limited"} {
		res := &harness.Results{
			Header: []harness.KV{{Key: "scenario", Value: scenario}},
			Status: harness.StatusComplete,
			Measurements: []harness.Measurement{{
				Cell: harness.Cell{Strategy: "pool", Entries: 100, Concurrency: 10, Ideal: time.Second},
				Wall: time.Second, Succeeded: 100,
			}},
		}
		var err error
		if file, err = harness.AppendBlock(file, res); err != nil {
			fmt.Println(err)
			return
		}
	}
	for line := range strings.Lines(string(file)) {
		if strings.HasPrefix(line, "Benchmark") {
			line, _, _ = strings.Cut(line, " ") // the name, not the figures
		}
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// scenario: steady
	// status: complete
	//
	// BenchmarkProcess/strategy=pool/concurrency=10/entries=100
	//
	// scenario: limited
	// status: complete
	//
	// BenchmarkProcess/strategy=pool/concurrency=10/entries=100
}

// Validate checks settings as given, as a command line gives them: a zero
// is an error there, while NewPlan takes it as the default.
func ExampleConfig_Validate() {
	flags := harness.Config{Count: 0, Delay: 2 * time.Millisecond, Budget: time.Minute, Timeout: time.Second, Transport: thirdparty.TransportHTTP1}
	fmt.Println(flags.Validate())
	flags.Count = 3
	fmt.Println(flags.Validate())
	p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: 10}}}, harness.Config{})
	fmt.Println(p.Config.Count, err)
	// Output:
	// harness: count must be > 0, got 0: invalid plan
	// <nil>
	// 6 <nil>
}

// A Session measures one plan after another against one service into one
// block, as batchlab sweep measures one width at a time; Summaries adds up
// each cell's repetitions.
func ExampleOpen() {
	ts := httptest.NewServer(thirdparty.NewHandler(time.Millisecond))
	defer ts.Close()
	svc, err := harness.Attach(context.Background(), ts.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	s, err := harness.Open(ctx, harness.SessionOptions{Target: svc}) // Out: "" writes no file
	if err != nil {
		fmt.Println(err)
		return
	}
	var runErr error
	for _, width := range []int{5, 10} {
		p, err := harness.NewPlan([]harness.Subject{{Name: "pool", Strategy: fixed{W: width}}},
			harness.Config{Sizes: []int{50}, Count: 2, Delay: time.Millisecond})
		if err != nil {
			fmt.Println(err)
			return
		}
		if _, runErr = s.Run(ctx, p); runErr != nil {
			break
		}
	}
	res, err := s.Close(ctx, runErr)
	fmt.Println("status:", res.Status, err)
	for _, c := range res.Summaries() {
		fmt.Printf("width %d: %d runs, %d succeeded, %d failed\n", c.Concurrency, c.Runs, c.Succeeded, c.Failed)
	}
	// Output:
	// status: complete <nil>
	// width 5: 2 runs, 100 succeeded, 0 failed
	// width 10: 2 runs, 100 succeeded, 0 failed
}
