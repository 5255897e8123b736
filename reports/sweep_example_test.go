package reports_test

import (
	"fmt"
	"log"
	"os"

	"batchlab/reports"
)

// ExampleFindSweeps finds the width sweep in a run against the limited
// scenario (at most 500 calls in flight, 429 beyond): workerpool at five
// widths, with adaptive and unbounded measured beside it.
func ExampleFindSweeps() {
	run, err := reports.LoadFile("testdata/sweep.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range reports.FindSweeps(run, reports.DefaultTolerance) {
		fmt.Printf("%s: %s at %d entries, %d widths, %d reference strategies\n",
			s.Scenario, s.Strategy, s.Entries, len(s.Points), len(s.Others))
		fmt.Println("best width:", s.Points[s.Best].Concurrency, "knee:", s.Points[s.Knee].Concurrency)
		for _, p := range s.Points {
			fmt.Printf("  width %d: %.0f failed per run\n", p.Concurrency, p.Failed)
		}
	}
	// Output:
	// limited: workerpool at 20000 entries, 5 widths, 2 reference strategies
	// best width: 500 knee: 500
	//   width 100: 0 failed per run
	//   width 200: 0 failed per run
	//   width 500: 0 failed per run
	//   width 1000: 9850 failed per run
	//   width 2000: 15007 failed per run
}

func ExampleSweep_Recommendation() {
	run, err := reports.LoadFile("testdata/sweep.txt")
	if err != nil {
		log.Fatal(err)
	}
	s := reports.FindSweeps(run, reports.DefaultTolerance)[0]
	fmt.Println(s.Recommendation())
	// Output:
	// use workerpool at width 500: 8.10 s; wider adds 429s (1000: 9,850 failed per run), narrower adds time (200: 20.2 s)
}

func ExampleSweep_ReferenceLines() {
	run, err := reports.LoadFile("testdata/sweep.txt")
	if err != nil {
		log.Fatal(err)
	}
	s := reports.FindSweeps(run, reports.DefaultTolerance)[0]
	for _, line := range s.ReferenceLines() {
		fmt.Println(line)
	}
	// Output:
	// adaptive(20000): 8.61 s (+6.3 % vs width 500), 206 failed per run (429)
	// unbounded(20000): 630 ms (-92.2 % vs width 500), 18,600 failed per run (429)
}

func ExampleFormatCount() {
	fmt.Println(reports.FormatCount(18333.3), reports.FormatCount(0.4))
	// Output:
	// 18,333 0
}

// ExampleWriteSweepText prints a sweep as batchlab sweep ends: the widths,
// the knee, the recommendation and the reference strategies.
func ExampleWriteSweepText() {
	run, err := reports.LoadFile("testdata/sweep.txt")
	if err != nil {
		log.Fatal(err)
	}
	found, err := reports.WriteSweepText(os.Stdout, run, "workerpool", 20000)
	fmt.Println(found, err)
	// Output:
	// width     mean  failed/run  main failure
	//     100  40.420s           0             -
	//     200  20.197s           0             -
	//     500   8.103s           0             -  knee, best
	//    1000   4.313s       9,850           429
	//    2000   2.210s      15,007           429
	// knee: width 500 (8.103s)
	// use workerpool at width 500: 8.10 s; wider adds 429s (1000: 9,850 failed per run), narrower adds time (200: 20.2 s)
	//   adaptive(20000): 8.61 s (+6.3 % vs width 500), 206 failed per run (429)
	//   unbounded(20000): 630 ms (-92.2 % vs width 500), 18,600 failed per run (429)
	// true <nil>
}
