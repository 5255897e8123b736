// Package strategytest checks that a [strategies.Strategy] keeps the
// contract, the way testing/fstest.TestFS checks a file system. Every
// strategy package calls [Run] from its tests:
//
//	func TestConformance(t *testing.T) {
//		strategytest.Run(t, strategytest.Config{
//			New: func() strategies.Strategy { return workerpool.Strategy{Workers: 250} },
//		})
//	}
//
// Timing checks run inside testing/synctest bubbles with a simulated 200 ms
// call, so 20,000 sequential calls take 4,000 s of virtual time and well
// under a second of real time, and their expected durations are exact. Run
// checks the ideal-time model ([strategies.Ideal]) for every strategy that
// follows it; [Elapsed] and [ElapsedFunc] measure the same way for the
// cases that are a strategy's own, such as one slow call in a batch:
//
//	took := strategytest.ElapsedFunc(t, batches.Strategy{Size: 3}, 6, slowFirst)
//	assert.Equal(t, 800*time.Millisecond, took)
//
// The checks that run on the real clock use go.uber.org/goleak to find
// goroutines left behind, so Run must not run in parallel with other tests
// of the same package that start goroutines.
package strategytest
