package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"batchlab/benchfile"
	"batchlab/cmd/internal/cli"
	"batchlab/thirdparty"
)

const usage = `Usage: peers [flags]

Runs hey and batchlab (its workerpool strategy) at the same widths against one
mock service and prints time, × ideal, lost responses, peak RSS and CPU per
entry for both, with batchlab's ratio to hey.`

// options are the flags of one invocation.
type options struct {
	widths     []int
	entries    int
	delay      time.Duration
	count      int
	hey        string
	batchlab   string
	thirdparty string
}

// sample is what one run of one tool measured.
type sample struct {
	time       time.Duration // hey's Total, batchlab's sec/op
	lost       int           // responses that were not a success
	rss        int64         // peak resident set, bytes
	clientCPU  time.Duration // the tool's user + system CPU
	serviceCPU time.Duration // the service's CPU over the run, from /proc
	statsCPU   time.Duration // the same as the service's /stats says it (hey's runs)
	sent       int           // requests the tool sent (batchlab: its warm-up's too)
	ownCPU     time.Duration // batchlab's figure for the service's CPU, over its repetition
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	for _, p := range []string{o.hey, o.batchlab, o.thirdparty} {
		if _, err := exec.LookPath(p); err != nil {
			return fmt.Errorf("%s: %w (make peers builds and installs it)", p, err)
		}
	}
	dir, err := os.MkdirTemp("", "peers-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	svc, err := startService(ctx, o.thirdparty, o.delay)
	if err != nil {
		return err
	}
	defer svc.stop()
	fmt.Fprintf(stderr, "peers: service %s (%s per entry), %d entries, %d runs of each tool per width\n",
		svc.url, o.delay, o.entries, o.count)

	var rows []row
	for _, w := range o.widths {
		r := row{width: w, ideal: ideal(o.entries, w, o.delay)}
		for i := range o.count {
			h, err := runHey(ctx, o, svc, w)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "peers: width %d run %d: hey %s, %d lost\n", w, i+1, h.time.Round(time.Millisecond), h.lost)
			b, err := runBatchlab(ctx, o, svc, w, filepath.Join(dir, fmt.Sprintf("w%d-%d", w, i)))
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "peers: width %d run %d: batchlab %s, %d lost\n", w, i+1, b.time.Round(time.Millisecond), b.lost)
			r.hey = append(r.hey, h)
			r.batchlab = append(r.batchlab, b)
		}
		rows = append(rows, r)
	}
	return writeTable(stdout, o, rows)
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := cli.NewFlagSet("peers", stderr, usage)
	widths := fs.String("widths", "250,1000,20000", "comma-separated widths: hey's -c, batchlab's -width")
	entries := fs.Int("entries", 20000, "requests per run (hey's -n, batchlab's -sizes)")
	delay := fs.Duration("delay", thirdparty.DefaultDelay, "the mock's delay per entry")
	count := fs.Int("count", 3, "runs of each tool per width (the table shows medians)")
	o := options{}
	fs.StringVar(&o.hey, "hey", "bin/hey", "the hey binary")
	fs.StringVar(&o.batchlab, "batchlab", "bin/batchlab", "the batchlab binary")
	fs.StringVar(&o.thirdparty, "thirdparty", "bin/thirdparty", "the mock service's binary")
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, cli.Usagef("unexpected arguments %q", fs.Args())
	}
	for _, f := range strings.Split(*widths, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || w < 1 {
			return o, cli.Usagef("-widths: %q is not a width (a positive integer)", f)
		}
		o.widths = append(o.widths, w)
	}
	switch {
	case *entries < 1 || *entries > 1_000_000:
		return o, cli.Usagef("-entries %d: want 1 to 1000000", *entries)
	case *count < 1 || *count > 100:
		return o, cli.Usagef("-count %d: want 1 to 100", *count)
	case *delay < 0 || *delay > time.Minute:
		return o, cli.Usagef("-delay %s: want 0 to 1m", *delay)
	}
	o.entries, o.delay, o.count = *entries, *delay, *count
	return o, nil
}

// ideal is the floor ⌈n/C⌉ × delay, C = min(n, width).
func ideal(n, width int, delay time.Duration) time.Duration {
	c := min(n, width)
	return time.Duration((n+c-1)/c) * delay
}

// service is the child mock service both tools send to.
type service struct {
	cmd *exec.Cmd
	url string
}

func startService(ctx context.Context, bin string, delay time.Duration) (*service, error) {
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0", "-delay", delay.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), thirdparty.ListenPrefix); ok {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return &service{cmd: cmd, url: u}, nil
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, fmt.Errorf("%s ended before it said where it listens", bin)
}

func (s *service) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	_ = s.cmd.Wait()
}

// cpu is the service's user + system CPU so far, from /proc/PID/stat
// (fields 14 and 15, in clock ticks of 1/100 s, Linux's USER_HZ): read from
// outside, so it does not depend on the service reporting itself.
func (s *service) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("the service's CPU: %w", err)
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, errors.New("the service's CPU: short /proc stat line")
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("the service's CPU: %w", err)
	}
	return time.Duration(u+st) * 10 * time.Millisecond, nil
}

// statsCPU is the service's CPU as its /stats says it.
func (s *service) statsCPU(ctx context.Context) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/stats", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("the service's /stats: %w", err)
	}
	defer resp.Body.Close()
	var st thirdparty.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return 0, fmt.Errorf("the service's /stats: %w", err)
	}
	return time.Duration(st.CPUNanos), nil
}

// measure runs cmd to its end and fills in the peak RSS and CPU of the
// tool, and the service's CPU over the run, from /proc and from /stats.
func measure(ctx context.Context, cmd *exec.Cmd, svc *service, s *sample) error {
	before, err := svc.cpu()
	if err != nil {
		return err
	}
	statsBefore, err := svc.statsCPU(ctx)
	if err != nil {
		return err
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	after, err := svc.cpu()
	if err != nil {
		return err
	}
	statsAfter, err := svc.statsCPU(ctx)
	if err != nil {
		return err
	}
	s.serviceCPU, s.statsCPU = after-before, statsAfter-statsBefore
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss << 10 // KiB on Linux
		s.clientCPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return nil
}

func runHey(ctx context.Context, o options, svc *service, width int) (sample, error) {
	cmd := exec.CommandContext(ctx, o.hey, "-n", strconv.Itoa(o.entries), "-c", strconv.Itoa(width),
		svc.url+"/entries/1")
	var out strings.Builder
	cmd.Stdout = &out
	var s sample
	if err := measure(ctx, cmd, svc, &s); err != nil {
		return s, err
	}
	total, ok, err := parseHey(out.String())
	if err != nil {
		return s, err
	}
	s.time, s.lost, s.sent = total, o.entries-ok, o.entries
	return s, nil
}

// parseHey reads hey's summary: its Total time and the count of 200
// responses (absent when none succeeded).
func parseHey(out string) (total time.Duration, ok int, err error) {
	found := false
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "Total:" && f[2] == "secs":
			secs, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return 0, 0, fmt.Errorf("hey's Total %q: %w", f[1], err)
			}
			total, found = time.Duration(secs*float64(time.Second)), true
		case len(f) == 3 && f[0] == "[200]" && f[2] == "responses":
			if ok, err = strconv.Atoi(f[1]); err != nil {
				return 0, 0, fmt.Errorf("hey's 200 count %q: %w", f[1], err)
			}
		}
	}
	if !found {
		return 0, 0, errors.New("hey printed no Total: not hey's summary")
	}
	return total, ok, nil
}

func runBatchlab(ctx context.Context, o options, svc *service, width int, out string) (sample, error) {
	cmd := exec.CommandContext(ctx, o.batchlab, "run", "-target", svc.url, "-delay", o.delay.String(),
		"-strategies", "workerpool", "-width", strconv.Itoa(width), "-sizes", strconv.Itoa(o.entries),
		"-count", "1", "-out", out)
	var s sample
	if err := measure(ctx, cmd, svc, &s); err != nil {
		return s, err
	}
	f, err := benchfile.ReadFile(filepath.Join(out, "bench.txt"))
	if err != nil {
		return s, err
	}
	if len(f.Results) != 1 {
		return s, fmt.Errorf("batchlab wrote %d results, want 1", len(f.Results))
	}
	r := &f.Results[0]
	t, _ := r.Duration(benchfile.UnitSec)
	failed, _ := r.Count(benchfile.UnitFailed)
	s.time, s.lost = t, int(failed)
	s.ownCPU, _ = r.Duration(benchfile.UnitServiceCPU)
	s.sent = o.entries + min(o.entries, width) // the warm-up sends one call per slot
	return s, nil
}

// row is one width's samples.
type row struct {
	width         int
	ideal         time.Duration
	hey, batchlab []sample
}

// median of the samples' field f (the lower middle for an even count).
func median[T int | int64 | time.Duration](ss []sample, f func(sample) T) T {
	v := make([]T, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

// perRequest formats d ÷ n in whole microseconds.
func perRequest(d time.Duration, n int) string {
	return fmt.Sprintf("%.0f µs", float64(d)/float64(n)/float64(time.Microsecond))
}

func writeTable(w io.Writer, o options, rows []row) error {
	runs := "runs"
	if o.count == 1 {
		runs = "run"
	}
	fmt.Fprintf(w, "hey and batchlab (workerpool) against one mock service: %s per entry, %d entries, medians of %d %s\n\n",
		o.delay, o.entries, o.count, runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "width\tideal\ttool\ttime\t× ideal\tlost\tpeak RSS\tCPU/request\tservice CPU/request\tthe service says\t")
	t := func(s sample) time.Duration { return s.time }
	rss := func(s sample) int64 { return s.rss }
	lost := func(s sample) int { return s.lost }
	cpu := func(s sample) time.Duration { return s.clientCPU / time.Duration(s.sent) }
	svc := func(s sample) time.Duration { return s.serviceCPU / time.Duration(s.sent) }
	for _, r := range rows {
		for i, tool := range []struct {
			name string
			ss   []sample
			says func(sample) time.Duration
		}{
			{"hey", r.hey, func(s sample) time.Duration { return s.statsCPU / time.Duration(s.sent) }},
			{"batchlab", r.batchlab, func(s sample) time.Duration { return s.ownCPU / time.Duration(o.entries) }},
		} {
			width, id := "", ""
			if i == 0 {
				width, id = strconv.Itoa(r.width), r.ideal.String()
			}
			mt := median(tool.ss, t)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.3fs\t%.3f\t%d\t%.0f MiB\t%s\t%s\t%s\t\n", width, id, tool.name,
				mt.Seconds(), float64(mt)/float64(r.ideal), median(tool.ss, lost),
				float64(median(tool.ss, rss))/(1<<20), perRequest(median(tool.ss, cpu), 1),
				perRequest(median(tool.ss, svc), 1), perRequest(median(tool.ss, tool.says), 1))
		}
		fmt.Fprintf(tw, "\t\tbatchlab ÷ hey\t%.3f×\t\t\t%.2f×\t%.2f×\t%.2f×\t\t\n",
			ratio(median(r.batchlab, t), median(r.hey, t)), ratio(median(r.batchlab, rss), median(r.hey, rss)),
			ratio(median(r.batchlab, cpu), median(r.hey, cpu)), ratio(median(r.batchlab, svc), median(r.hey, svc)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprint(w, `
time: hey's Total (connections opened during it), batchlab's sec/op (after a warm-up of one call per
worker has opened them). peak RSS and CPU/request: each whole process, per request it sent (batchlab's
warm-up included). service CPU/request: the mock's user + system CPU from /proc over the tool's run, per
request; "the service says": the same from its /stats (hey's runs, the same window) and batchlab's own
service-cpu-sec/op (its repetition only).
`)
	return err
}

func ratio[T int64 | time.Duration](a, b T) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
