package reports

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that whatever benchfile.Read accepts groups into cells
// and renders; benchfile's FuzzRead holds the format's own seeds.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"quick.txt", "skipped.txt", "sweep.txt", "scenarios.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatalf("read seed %s: %v", name, err)
		}
		f.Add(data)
	}
	// Damaged files: the last line cut short (after succeeded/op, after
	// B/op, mid-record), a result whose counts do not sum.
	timeline, err := os.ReadFile(filepath.Join("testdata", "timeline.txt"))
	if err != nil {
		f.Fatalf("read seed timeline.txt: %v", err)
	}
	for _, marker := range []string{" succeeded/op", " B/op", "\n# timeline ", "\n# latency BenchmarkProcess/strategy=batches"} {
		if i := bytes.Index(timeline, []byte(marker)); i >= 0 {
			f.Add(timeline[:i+len(marker)])
		}
	}
	f.Add(bytes.Replace(timeline, []byte(" 500 succeeded/op"), []byte(" 499 succeeded/op"), 1))
	f.Add([]byte("BenchmarkProcess/strategy=p/concurrency=1/entries=9 1 3 sec/op 1 failed/op\nBenchmarkProcess/strategy=p/concurrency=2/entries=9 1 2 sec/op\n" +
		"BenchmarkProcess/strategy=p/concurrency=4/entries=9 1 1 sec/op 9 failed/op 9 failed-429/op\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := Load(bytes.NewReader(data), "fuzz")
		if err != nil {
			if run != nil {
				t.Errorf("Load = %v with a non-nil run, want nil", err)
			}
			return
		}
		for i, d := range run.Damaged {
			if d.File != "fuzz" || d.Line < 1 || (i > 0 && d.Line < run.Damaged[i-1].Line) {
				t.Errorf("damage %d is %+v after %v", i, d, run.Damaged[:i])
			}
		}
		if len(run.Cells) == 0 {
			t.Errorf("Load succeeded with no cells, want an error")
		}
		for _, c := range run.Cells {
			if c.Entries <= 0 {
				t.Errorf("cell %s has Entries = %d, want > 0", c.Method(), c.Entries)
			}
			if !c.Skipped && c.Time.N < 1 {
				t.Errorf("measured cell %s/%d has Time.N = %d, want >= 1", c.Method(), c.Entries, c.Time.N)
			}
		}
		for _, s := range FindSweeps(run, DefaultTolerance) {
			if len(s.Points) < MinSweepWidths {
				t.Errorf("sweep %s/%s/%d has %d points, want >= %d", s.Scenario, s.Strategy, s.Entries, len(s.Points), MinSweepWidths)
			}
			if s.Best >= len(s.Points) || s.Knee >= len(s.Points) || (s.Best < 0) != (s.Knee < 0) {
				t.Errorf("sweep %s/%s/%d: Best %d, Knee %d with %d points", s.Scenario, s.Strategy, s.Entries, s.Best, s.Knee, len(s.Points))
			}
			if s.Knee > s.Best {
				t.Errorf("sweep %s/%s/%d: Knee %d wider than Best %d", s.Scenario, s.Strategy, s.Entries, s.Knee, s.Best)
			}
			if s.Recommendation() == "" {
				t.Errorf("sweep %s/%s/%d: empty Recommendation", s.Scenario, s.Strategy, s.Entries)
			}
			_ = s.ReferenceLines()
		}
		for _, w := range []struct {
			name  string
			write func(io.Writer, *Run) error
		}{
			{"WriteTable", WriteTable},
			{"WriteCSV", WriteCSV},
			{"WriteJSON", WriteJSON},
		} {
			if err := w.write(io.Discard, run); err != nil {
				t.Errorf("%s(io.Discard, run) = %v, want nil", w.name, err)
			}
		}
	})
}
