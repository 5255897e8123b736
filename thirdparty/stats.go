package thirdparty

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Stats is a snapshot of a [Handler]'s counters. Each field is read
// atomically, but the fields are not read at one instant, so under load they
// may be a few requests apart.
type Stats struct {
	// Served counts GET /entries/{id} answered 200 after the full delay.
	Served int64 `json:"served"`
	// InFlight is the number of GET /entries/{id} requests being served
	// now: inside the capacity (see [Scenario].Capacity), waiting out their
	// delay or hanging. Requests waiting in the capacity queue, and those
	// rejected with 429, are not counted.
	InFlight int64 `json:"in_flight"`
	// PeakInFlight is the largest InFlight seen since the service started or
	// since the last POST /stats/reset.
	PeakInFlight int64 `json:"peak_in_flight"`
	// Errors counts requests on any route answered with a 4xx or 5xx status,
	// including those counted in Rejected and Failed.
	Errors int64 `json:"errors"`
	// Cancelled counts GET /entries/{id} whose client went away (its request
	// context ended) while queued for capacity or before the delay was
	// over; they get no response. Hung requests are counted in Hung only.
	Cancelled int64 `json:"cancelled"`
	// Rejected counts GET /entries/{id} answered 429 by the rate limit or
	// the capacity.
	Rejected int64 `json:"rejected"`
	// Failed counts GET /entries/{id} answered 500 by the scenario's
	// ErrorRate.
	Failed int64 `json:"failed"`
	// Hung counts GET /entries/{id} chosen to hang by the scenario's
	// HangRate, including those still hanging.
	Hung int64 `json:"hung"`
	// Reset counts GET /entries/{id} whose connection was aborted by the
	// scenario's ResetRate. net/http's client may resend a request whose
	// reused connection broke before any answer, so this can exceed the
	// calls that saw a reset.
	Reset int64 `json:"reset"`
	// CPUNanos is the user + system CPU the service's process has used
	// since it started, in nanoseconds, as of the answer: the HTTP routes
	// fill it (from getrusage, once per answer, never per entry), [Handler.Stats]
	// leaves it 0 since in-process the CPU is the caller's too. 0 (absent in
	// the JSON) means unknown, as from a service that cannot say.
	CPUNanos int64 `json:"cpu_ns,omitempty"`
}

// Stats returns a snapshot of the counters; see [Stats] for how consistent
// it is.
func (s *Handler) Stats() Stats {
	return Stats{
		Served:       s.served.Load(),
		InFlight:     s.inFlight.Load(),
		PeakInFlight: s.peak.Load(),
		Errors:       s.errors.Load(),
		Cancelled:    s.cancelled.Load(),
		Rejected:     s.rejected.Load(),
		Failed:       s.failed.Load(),
		Hung:         s.hung.Load(),
		Reset:        s.reset.Load(),
	}
}

// ResetPeak sets the peak in-flight count to the current in-flight count, so
// the next read of the peak covers only what happens from now on, and
// returns the stats as they were just before.
func (s *Handler) ResetPeak() Stats {
	before := s.Stats()
	s.peak.Store(s.inFlight.Load())
	// A request that started between the load and the store compared itself
	// with the old, higher peak and left it alone, so the store may have put
	// peak below in_flight; raising it again restores peak ≥ in_flight.
	s.raisePeak(s.inFlight.Load())
	return before
}

// raisePeak makes peak at least n. The CAS loop never lowers it, so
// concurrent callers all end with peak ≥ their own n.
func (s *Handler) raisePeak(n int64) {
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

// writeStats answers with st and the process's CPU as one line of JSON, in
// one write.
func (s *Handler) writeStats(w http.ResponseWriter, st Stats) {
	if cpu, ok := ProcessCPU(); ok {
		st.CPUNanos = cpu.Nanoseconds()
	}
	b, err := json.Marshal(st)
	if err != nil { // cannot happen: Stats holds only integers
		s.fail(w, http.StatusInternalServerError, "thirdparty: "+err.Error())
		return
	}
	b = append(b, '\n')
	h := w.Header()
	h["Date"] = nil
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}
