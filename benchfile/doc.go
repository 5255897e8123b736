// Package benchfile owns batchlab's result file, bench.txt: its units,
// configuration keys, status values, failure class names, the benchmark
// name grammar and every comment record, with the writer the harness uses
// and the reader reports use. As golang.org/x/perf keeps benchfmt apart
// from both testing and benchstat, this package sits between the harness
// (which measures) and reports (which renders), and imports neither: a
// unit, key or record is spelled once, here.
//
// # The file
//
// A file is Go benchmark format, so benchstat reads it, plus comment lines
// that benchmark readers skip. It holds one block or several (one per
// scenario, say), separated by a blank line, each with its full header:
//
//		goos: linux
//		…
//		commit: 5246a8049a6a
//		scenario: limited
//		delay: 200ms
//		status: complete
//
//		BenchmarkProcess/strategy=workerpool/concurrency=100/entries=20000 1 40.26 sec/op … 40 ideal-sec/op 1.0065 x-ideal … 20000 succeeded/op 0 failed/op …
//		BenchmarkProcess/strategy=adaptive/concurrency=20000/entries=20000 1 1.07 sec/op … 1210.5 limit-mean 1280 limit-final
//		# limit BenchmarkProcess/strategy=adaptive/concurrency=20000/entries=20000 rep=0 0.000:20 0.202:80 …
//		# skipped BenchmarkProcess/strategy=sequential/concurrency=1/entries=20000 predicted-sec=4000
//
//	  - Configuration lines are `key: value` (the Key constants); a block's
//	    scenario key names the scenario of everything below it up to the
//	    next scenario line, and results with none are [DefaultScenario]. The
//	    status key (the Status constants) says how the run ended.
//	  - A result line is one measured repetition. Its name is
//	    Process/strategy=<s>/concurrency=<C>/entries=<n> ([Name]), so
//	    `benchstat -col /strategy` compares strategies; its metrics are in
//	    base units (the Unit constants), failures by class as
//	    failed-<class>/op ([FailedUnit], the Class constants).
//	  - Comment records are `# <kind> Benchmark<name> …` ([RecordSkipped],
//	    [RecordLimit]); record.go says how to add one.
//
// # Where no ideal applies
//
// The ideal time ⌈n/C⌉ × delay assumes a fixed concurrency C. A strategy
// whose limit adapts has none, so [Encode] writes no ideal-sec/op and no
// x-ideal for a measurement with a limit trace, and readers show no ratio
// to the ideal for a cell with a limit record or a limit-mean metric,
// which also covers files written before this rule.
//
// [Encode] and [AppendBlock] write; [Read] and [ReadFile] read, with typed
// values (time.Duration for times, integers for counts) and file:line in
// every error. A damaged line (a last line cut short, a result whose
// counts do not sum to its entries) is no error: Read skips it and lists it
// in [File.Damaged] ([Damage]) for callers to warn of.
package benchfile
