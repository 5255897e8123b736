package strategytest_test

import (
	"context"
	"fmt"
	"time"

	"batchlab/strategies/adaptive"
	"batchlab/strategies/strategytest"
)

// An adaptive strategy on the steady-timeouts fake, its limit traced. The
// pathology tests run the same in virtual time (testing/synctest) with
// 200 ms calls and 200,000 entries; here the calls are 1 ms long.
func ExampleSteadyTimeouts() {
	task, hung := strategytest.SteadyTimeouts(time.Millisecond, 2*time.Millisecond)
	var tr strategytest.LimitTrace
	s := adaptive.Strategy{Max: 50, OnLimit: tr.Start()}
	err := s.Run(context.Background(), 1_000, task)
	took := tr.Since()
	fmt.Println("err:", err)
	fmt.Println("hung:", hung.Load())
	fmt.Println("limit within 1..50:", tr.Peak() <= 50 && tr.Mean(0, took) >= 1)
	// Output:
	// err: <nil>
	// hung: 25
	// limit within 1..50: true
}

// A queueing fake of capacity 2: calls beyond it wait their turn, so four
// calls at once take two rounds.
func ExampleQueueing() {
	task := strategytest.Queueing(2, 10*time.Millisecond)
	start := time.Now()
	done := make(chan error, 4)
	for i := range 4 {
		go func() { done <- task(context.Background(), i) }()
	}
	for range 4 {
		if err := <-done; err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("two rounds:", time.Since(start) >= 20*time.Millisecond)
	// Output: two rounds: true
}
