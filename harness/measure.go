package harness

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// memSnapshot holds the cumulative runtime counters a repetition is
// measured by. They are the ones testing uses for B/op and allocs/op
// (TotalAlloc and Mallocs), so the figures mean the same thing as in a
// `go test -bench` run.
type memSnapshot struct {
	gcCycles   uint32
	pauseTotal time.Duration
	bytes      uint64
	objects    uint64
}

func readMem() memSnapshot {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memSnapshot{
		gcCycles:   m.NumGC,
		pauseTotal: time.Duration(m.PauseTotalNs),
		bytes:      m.TotalAlloc,
		objects:    m.Mallocs,
	}
}

// sampleEvery is how often peak heap and goroutines are sampled: often
// enough to see a 200 ms wave, rare enough to cost nothing measurable.
const sampleEvery = 5 * time.Millisecond

// sampler records the peak live heap and goroutine count while a
// repetition runs. It reads runtime/metrics, which does not stop the world
// (ReadMemStats would, every tick), into a preallocated slice.
type sampler struct {
	samples        []metrics.Sample
	stop           chan struct{}
	done           sync.WaitGroup
	peakHeap       uint64
	peakGoroutines uint64

	// With tl set, each tick also records the calls of rec since began.
	tl    *timeline
	rec   *recorder
	began time.Time
}

func newSampler() *sampler {
	return &sampler{samples: []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/sched/goroutines:goroutines"},
	}}
}

func (s *sampler) read() {
	metrics.Read(s.samples)
	if v := s.samples[0].Value; v.Kind() == metrics.KindUint64 {
		s.peakHeap = max(s.peakHeap, v.Uint64())
	}
	if v := s.samples[1].Value; v.Kind() == metrics.KindUint64 {
		s.peakGoroutines = max(s.peakGoroutines, v.Uint64())
	}
	if s.tl != nil {
		inFlight, completed := s.rec.progress()
		s.tl.add(time.Since(s.began), inFlight, completed)
	}
}

// start begins sampling in its own goroutine, recording the calls of rec
// since began into tl too when tl is not nil; finish stops it and takes a last sample,
// so a run shorter than one tick still has its peaks.
func (s *sampler) start(tl *timeline, rec *recorder, began time.Time) {
	s.peakHeap, s.peakGoroutines = 0, 0
	s.tl, s.rec, s.began = tl, rec, began
	if tl != nil {
		tl.begin()
	}
	s.stop = make(chan struct{})
	s.read()
	s.done.Go(func() {
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.read()
			}
		}
	})
}

func (s *sampler) finish() (peakHeap, peakGoroutines uint64) {
	close(s.stop)
	s.done.Wait()
	s.read()
	return s.peakHeap, s.peakGoroutines
}
