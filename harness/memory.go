package harness

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"batchlab/thirdparty"
)

// The memory model: what a cell holds at its peak, from what it holds per
// call, so a run that would exhaust the machine is refused before it
// starts. The coefficients were measured on this project's machine kind
// (2 cores, 24 GiB, Go 1.26, HTTP/1.1, open-file limit 20,000 so at most
// 16,000 connections, the child service on the same machine) from the
// peak RSS (VmHWM) of batchlab and its child over unbounded runs of 1 to
// 100,000 entries with a 2 s delay: see docs/memory.md for the runs and
// the fit. They are rounded up: the model refuses, it does not promise.
const (
	// taskBytes is one call in flight or waiting for a connection: its
	// goroutine, its request and what the service holds for it (measured
	// 9.3 KiB past the connection cap, 20,000 → 100,000 entries).
	taskBytes = 10 << 10
	// connBytes is one open connection, both ends: the client's
	// transport goroutines and buffers, and the child's connection
	// goroutine, buffers and request (measured 43.7 KiB with a task,
	// 1,000 → 10,000 entries, less the task).
	connBytes = 44 << 10
	// baseBytes is both processes with one call in flight (measured
	// 26 MiB).
	baseBytes = 32 << 20
)

// ErrMemory marks a plan refused because a cell is predicted to hold more
// memory than [Config.Memory].
var ErrMemory = errors.New("over the memory budget")

// PredictedMemory returns the bytes c is predicted to hold at its peak,
// client and child service together: a task per call in flight (for
// unbounded, every entry) and a connection per call in flight up to the
// open-file cap.
func (c Cell) PredictedMemory() uint64 {
	inFlight := uint64(min(c.Concurrency, c.Entries))
	conns := uint64(thirdparty.MaxConns(int(inFlight)))
	return baseBytes + inFlight*taskBytes + conns*connBytes
}

// DefaultMemory returns the default memory budget: half the memory
// available when batchlab starts (MemAvailable in /proc/meminfo), or
// 4 GiB where that cannot be read. Half leaves room for everything else
// on the machine.
func DefaultMemory() uint64 {
	if avail, ok := memAvailable(); ok {
		return avail / 2
	}
	return 4 << 30
}

func memAvailable() (uint64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// checkMemory returns an error wrapping ErrMemory and ErrPlan for the
// first cell of p that would run and is predicted over the budget.
func (p *Plan) checkMemory() error {
	for _, c := range p.Cells {
		if c.Skipped {
			continue
		}
		if need := c.PredictedMemory(); need > p.Config.Memory {
			return fmt.Errorf("harness: %s at %d entries is predicted to hold %s (%d calls in flight), %w of %s: %w",
				c.Strategy, c.Entries, FormatBytes(need), min(c.Concurrency, c.Entries), ErrMemory, FormatBytes(p.Config.Memory), ErrPlan)
		}
	}
	return nil
}

// FormatBytes formats n bytes in binary units: "512 MiB", "1.5 GiB".
func FormatBytes(n uint64) string {
	const unit = 1 << 10
	if n < unit {
		return strconv.FormatUint(n, 10) + " B"
	}
	v, exp := float64(n)/unit, 0
	for v >= unit && exp < 4 {
		v /= unit
		exp++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + "KMGTP"[exp:exp+1] + "iB"
}

// ParseBytes parses a byte count with an optional binary unit (B, KiB,
// MiB, GiB, TiB; K, M, G, T alone mean the same), as -memory takes it.
func ParseBytes(s string) (uint64, error) {
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, func(r rune) bool { return r < '0' || r > '9' })
	if num == "" || strings.ContainsAny(num, " ") {
		return 0, fmt.Errorf("%q is not a size such as 8GiB", s)
	}
	unit := strings.TrimSuffix(strings.TrimSpace(t[len(num):]), "iB")
	unit = strings.TrimSuffix(unit, "B")
	shift, ok := map[string]uint{"": 0, "K": 10, "M": 20, "G": 30, "T": 40}[strings.ToUpper(unit)]
	v, err := strconv.ParseUint(num, 10, 64)
	if !ok || err != nil || v == 0 || v > (1<<63)>>shift {
		return 0, fmt.Errorf("%q is not a size such as 8GiB", s)
	}
	return v << shift, nil
}
