package benchfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds are small result files, valid and malformed, that start the
// fuzzer near the interesting parts of the format. Without -fuzz they run
// as an ordinary test.
var fuzzSeeds = []string{
	// valid: one measured cell, one skipped.
	"status: complete\n\nBenchmarkProcess/strategy=pool/concurrency=4/entries=10 1 0.5 sec/op 3 failed/op\n" +
		"# skipped BenchmarkProcess/strategy=seq/concurrency=1/entries=10 predicted-sec=2\n",
	// valid: only the required unit.
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op\n",
	// empty and blank.
	"",
	"\n\n\n",
	// "Benchmark" with no fields, and with a name only.
	"Benchmark\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1\n",
	// bad units, and no sec/op.
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 ns/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op 2 3\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op x B/op\n",
	// huge numbers, NaN and infinities.
	"BenchmarkProcess/strategy=a/concurrency=99999999999999999999/entries=1 1 1 sec/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1e308 sec/op 1e308 B/op 1e308 gc-cycles/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 NaN sec/op NaN ideal-sec/op NaN p99-sec NaN failed/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 +Inf sec/op -Inf B/op\n" +
		"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 -Inf sec/op +Inf B/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 -1 sec/op 0 ideal-sec/op\n",
	// missing or bad name keys.
	"BenchmarkProcess/entries=1/concurrency=1 1 1 sec/op\n",
	"BenchmarkProcess/strategy=a/concurrency=x/entries=1 1 1 sec/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=-5 1 1 sec/op\n",
	// skipped lines with a bad predicted-sec, or malformed.
	"# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=10 predicted-sec=NaN\n",
	"# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=10 predicted-sec=-1\n",
	"# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=10 predicted-sec=1e400\n",
	"# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=10\n",
	"# skipped \n",
	// skipped only: no measured result at all.
	"# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=10 predicted-sec=3\n" +
		"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op\n",
	// duplicate keys: repeated runs, a cell both measured and skipped,
	// conflicting concurrency, repeated name keys and config keys.
	"k: 1\nk: 2\nBenchmarkProcess/strategy=a/concurrency=2/entries=3 1 1 sec/op\nBenchmarkProcess/strategy=a/concurrency=2/entries=3 1 2 sec/op\nBenchmarkProcess/strategy=a/concurrency=2/entries=3 1 3 sec/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op\n# skipped BenchmarkProcess/strategy=a/concurrency=1/entries=1 predicted-sec=1\n",
	"# skipped BenchmarkProcess/strategy=a/concurrency=1/entries=1 predicted-sec=1\nBenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op\nBenchmarkProcess/strategy=a/concurrency=2/entries=1 1 1 sec/op\n",
	"BenchmarkProcess/strategy=a/strategy=b/concurrency=1/entries=1 1 1 sec/op 1 sec/op\n",
	// scenarios: blocks, a scenario line deleted, skipped lines per block.
	"scenario: limited\nBenchmarkProcess/strategy=a/concurrency=1/entries=1 1 1 sec/op\n# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=1 predicted-sec=1\n" +
		"scenario:\nBenchmarkProcess/strategy=a/concurrency=2/entries=1 1 1 sec/op\n# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=1 predicted-sec=1\n",
	"scenario: a\nBenchmarkProcess/strategy=p/concurrency=1/entries=9 1 3 sec/op 1 failed/op\nBenchmarkProcess/strategy=p/concurrency=2/entries=9 1 2 sec/op\n" +
		"BenchmarkProcess/strategy=p/concurrency=4/entries=9 1 1 sec/op 9 failed/op 9 failed-429/op\nBenchmarkProcess/strategy=q/concurrency=9/entries=9 1 1 sec/op\n",
	// limit lines: valid, before and after their result, and malformed.
	"BenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op 4.5 limit-mean 6 limit-final\n# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0 0.000:2 0.5:4 0.5:6\n",
	"# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=1 0.000:2\nBenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\n",
	"BenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\n# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0\n",
	"BenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\n# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0 1:2 0.5:3\n",
	"BenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\n# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0 1e400:2\n",
	"BenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\n# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0 0:99999999999999999999\n",
	"BenchmarkProcess/strategy=ad/concurrency=9/entries=9 1 1 sec/op\nscenario: x\n# limit BenchmarkProcess/strategy=ad/concurrency=9/entries=9 rep=0 0:1\n",
	"# limit \n# limit\n",
	// damaged: a last line cut short (a result after succeeded/op and after
	// B/op, comment records mid-field), counts that do not sum, a result
	// cut and then ended by an append, a record of a skipped result.
	"status: complete\nBenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\nBenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\nBenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 100 B/op",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\n# timeline BenchmarkProcess/strategy=a/concurrency=1/entries=9 rep=0 0.1:",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\n# latency BenchmarkProcess/strategy=a/concurrency=1/entries=9 rep=0 0.5:0.",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\n# partial BenchmarkProcess/strategy=a/concurrency=1/entries=9 rep=1 0.5 sec/op 4 succ",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 8 succeeded/op 0 failed/op\n# limit BenchmarkProcess/strategy=a/concurrency=1/entries=9 rep=0 0:1\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 9 succeeded/op 0 failed/op\nBenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op 100 B/op\nk: v\n",
	"# partial BenchmarkProcess/strategy=a/concurrency=1/entries=9 rep=0 0.5 sec/op 4 succeeded/op 4 failed/op\n",
	"BenchmarkProcess/strategy=a/concurrency=1/entries=9 1 1 sec/op -1 succeeded/op 10 failed/op\n",
	"# skipped BenchmarkProcess/strategy=s/concurrency=1/entries=10 predicted-sec=",
	// unicode and odd bytes.
	"titre: résultats ✓\nBenchmarkProcess/strategy=日本/concurrency=1/entries=7 1 0.25 sec/op 1 µs/op\n",
	"BenchmarkProcess/strategy=a\x00b/concurrency=1/entries=1 1 1 sec/op\r\n",
	"BenchmarkProcess/strategy=\xff\xfe/concurrency=1/entries=1 1 1 sec/op\n",
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"reference", "scenarios"} {
		data, err := os.ReadFile(filepath.Join("..", "results", name, "bench.txt"))
		if err != nil {
			f.Fatalf("read seed %s: %v", name, err)
		}
		f.Add(data)
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data), "fuzz")
		if err != nil {
			if file != nil {
				t.Errorf("Read = %v with a non-nil file, want nil", err)
			}
			return
		}
		counted := false
		for _, r := range file.Results {
			_, ok := r.Value(UnitSucceeded)
			counted = counted || ok
		}
		measured := map[string]bool{}
		for _, r := range file.Results {
			if counted {
				s, okS := r.Count(UnitSucceeded)
				f, okF := r.Count(UnitFailed)
				if !okS || !okF || s+f != int64(r.Name.Entries) {
					t.Errorf("result at line %d kept with succeeded %d + failed %d, entries %d", r.Line, s, f, r.Name.Entries)
				}
			}
			if r.Name.Entries < 1 || r.Name.Concurrency < 1 || r.Name.Strategy == "" {
				t.Errorf("result at line %d has name %+v, want a strategy, concurrency and entries >= 1", r.Line, r.Name)
			}
			if _, ok := r.Value(UnitSec); !ok {
				t.Errorf("result at line %d has no %s", r.Line, UnitSec)
			}
			measured[r.Scenario+" "+r.Name.String()] = true
		}
		for _, s := range file.Skipped {
			if measured[s.Scenario+" "+s.Name.String()] {
				t.Errorf("skipped line %d is also measured", s.Line)
			}
			if s.Predicted < 0 {
				t.Errorf("skipped line %d: Predicted = %v, want >= 0", s.Line, s.Predicted)
			}
		}
		for _, l := range file.Limits {
			if !measured[l.Scenario+" "+l.Name.String()] {
				t.Errorf("limit line %d has no measured cell", l.Line)
			}
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for i, d := range file.Damaged {
			if d.Line < 1 || d.Line > lines || (i > 0 && d.Line < file.Damaged[i-1].Line) {
				t.Errorf("damaged line %d of %d lines, after %v", d.Line, lines, file.Damaged[:i])
			}
		}
		if len(data) > 0 && data[len(data)-1] != '\n' && len(bytes.TrimSpace(data[bytes.LastIndexByte(data, '\n')+1:])) > 0 &&
			(len(file.Damaged) == 0 || file.Damaged[len(file.Damaged)-1].Line != lines) {
			t.Errorf("last line %d has no newline, but Damaged is %v", lines, file.Damaged)
		}
	})
}
