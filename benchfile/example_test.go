package benchfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"batchlab/benchfile"
)

func ExampleEncode() {
	name := benchfile.Name{Strategy: "workerpool", Concurrency: 2, Entries: 4}
	data, err := benchfile.Encode(&benchfile.Block{
		Config: []benchfile.Config{{Key: benchfile.KeyDelay, Value: "200ms"}},
		Status: benchfile.StatusComplete,
		Measurements: []benchfile.Measurement{{Name: name, Wall: 400 * time.Millisecond, Ideal: 400 * time.Millisecond,
			Succeeded: 4, Attempts: 4}},
		Skipped: []benchfile.Skipped{{Name: benchfile.Name{Strategy: "sequential", Concurrency: 1, Entries: 4}, Predicted: 800 * time.Millisecond}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Fields(line)
		fmt.Println(strings.Join(fields[:min(len(fields), 4)], " "))
	}
	// Output:
	// delay: 200ms
	// status: complete
	//
	// BenchmarkProcess/strategy=workerpool/concurrency=2/entries=4 1 0.4 sec/op
	// # skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=4 predicted-sec=0.8
}

func ExampleAppendBlock() {
	var file []byte
	for _, scenario := range []string{"steady", "limited"} {
		var err error
		file, err = benchfile.AppendBlock(file, &benchfile.Block{
			Config: []benchfile.Config{{Key: benchfile.KeyScenario, Value: scenario}},
			Status: benchfile.StatusRunning,
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Print(string(file))
	// Output:
	// scenario: steady
	// status: running
	//
	// scenario: limited
	// status: running
}

func ExampleRead() {
	const data = `scenario: limited
BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 2.5 sec/op 90 succeeded/op 10 failed/op 10 failed-429/op 30 limit-mean 40 limit-final
# limit BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 rep=0 0.000:20 1.250:40
# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=100 predicted-sec=20
`
	f, err := benchfile.Read(strings.NewReader(data), "bench.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := f.Results[0]
	wall, _ := r.Duration(benchfile.UnitSec)
	ok, _ := r.Count(benchfile.UnitSucceeded)
	throttled, _ := r.Count(benchfile.FailedUnit(benchfile.Class429))
	fmt.Println(r.Scenario, r.Name.Strategy, wall, ok, throttled)
	fmt.Println("limit:", f.Limits[0].Points)
	fmt.Println("skipped:", f.Skipped[0].Name.Strategy, f.Skipped[0].Predicted)

	_, err = benchfile.Read(strings.NewReader(data+"# limit BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 rep=x\n"), "bench.txt")
	fmt.Println(err)

	// A file cut while it was copied: its last line is skipped, and said.
	f, _ = benchfile.Read(strings.NewReader(data+"BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 1 2.4 sec/op 90 succ"), "bench.txt")
	fmt.Println(len(f.Results), "result;", f.Damaged[0])
	// Output:
	// limited adaptive 2.5s 90 10
	// limit: [{0s 20} {1.25s 40}]
	// skipped: sequential 20s
	// benchfile: bench.txt:5: limit line "BenchmarkProcess/strategy=adaptive/concurrency=100/entries=100 rep=x": bad rep "x"
	// 1 result; bench.txt:5: last line has no newline (cut short?): skipped
}

func ExampleReadFile() {
	// A committed run: the reference comparison at 1,000–20,000 entries.
	f, err := benchfile.ReadFile("../results/reference/bench.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(f.Results), "results,", len(f.Skipped), "skipped,", len(f.Limits), "limit traces")
	_, err = benchfile.ReadFile("../results/missing/bench.txt")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// 144 results, 3 skipped, 18 limit traces
	// true
}

func ExampleParseName() {
	n, err := benchfile.ParseName("Process/strategy=batches/concurrency=250/entries=1000")
	fmt.Println(n.Strategy, n.Concurrency, n.Entries, err)
	fmt.Println(benchfile.Name{Strategy: "workerpool", Concurrency: 100, Entries: 20000})
	_, err = benchfile.ParseName("Process/strategy=batches/entries=1000")
	fmt.Println(err)
	// Output:
	// batches 250 1000 <nil>
	// Process/strategy=workerpool/concurrency=100/entries=20000
	// Process/strategy=batches/entries=1000: bad or missing /concurrency= part
}

func ExampleFailedUnit() {
	unit := benchfile.FailedUnit(benchfile.ClassServiceDied)
	class, ok := benchfile.ClassOfUnit(unit)
	fmt.Println(unit, class, ok)
	_, ok = benchfile.ClassOfUnit(benchfile.UnitFailed)
	fmt.Println(benchfile.UnitFailed, ok)
	fmt.Println(benchfile.Classes())
	// Output:
	// failed-service-died/op service-died true
	// failed/op false
	// [timeout cancelled 429 5xx 4xx reset refused fd-limit ports service-died other]
}

func ExampleScenarioOf() {
	fmt.Println(benchfile.ScenarioOf(""), benchfile.ScenarioOf("limited"))
	// Output:
	// steady limited
}
