package page

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var screenshotDir = flag.String("screenshots", "", "keep the browser test's screenshots in this directory (default: $"+screenshotEnv+", else the test's temp dir)")

// screenshotEnv names the environment variable that, like -screenshots,
// keeps the browser test's screenshots in a directory.
const screenshotEnv = "BATCHLAB_SCREENSHOTS"

// allKinds are the kinds of chart the browser test must see drawn.
var allKinds = []string{kindTime, kindMemory, kindAlloc, kindFailures, kindGoodput, kindCPU, kindTimeline, kindLatency, kindGrid, kindSweep, kindLimit}

// browserTimeout bounds the whole browser test: start, pages and screenshots.
const browserTimeout = 60 * time.Second

// browserNames are the executables tried, in order, when looking for a browser.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// browserUnavailable fails the test in CI (CI=true), where a browser is
// required, and skips it elsewhere.
func browserUnavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true needs a browser for this test (apt-get install -y chromium)", msg)
	}
	t.Skipf("%s; install one with: apt-get install -y chromium", msg)
}

// browserPage is a page the browser test opens.
type browserPage struct {
	name, file string
	render     func(io.Writer) error
	charts     []pageChart
	strategies []pageStrategy
	sections   int // scenario sections linked from the top; 0 for one scenario
}

// TestBrowserRendersReport opens the report and comparison pages of the
// testdata runs — including a width sweep and three scenarios with limit
// traces — from file:// in headless Chromium with http and https blocked,
// and checks that every chart is drawn with the expected series in their
// colours, that the scenario links lead to their sections, and that nothing
// reached the console as an error.
func TestBrowserRendersReport(t *testing.T) {
	var execPath string
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			execPath = p
			break
		}
	}
	if execPath == "" {
		browserUnavailable(t, "no browser found (looked for %s)", strings.Join(browserNames, ", "))
	}

	quick, skipped := loadHTMLTestdata(t, "quick.txt"), loadHTMLTestdata(t, "skipped.txt")
	sweep, scenarios := loadHTMLTestdata(t, "sweep.txt"), loadHTMLTestdata(t, "scenarios.txt")
	limited := scenarios.ForScenario("limited")
	timeline, cpu := loadHTMLTestdata(t, "timeline.txt"), loadHTMLTestdata(t, "cpu.txt")
	pages := []browserPage{
		{name: "report", file: "report.html", render: func(w io.Writer) error { return WriteHTML(w, skipped) },
			charts: mustCharts(t)(reportCharts(skipped)), strategies: pageStrategies(skipped)},
		{name: "compare", file: "compare.html", render: func(w io.Writer) error { return WriteCompareHTML(w, quick, skipped) },
			charts: mustCharts(t)(comparePageCharts(quick, skipped)), strategies: pageStrategies(quick, skipped)},
		{name: "sweep", file: "sweep.html", render: func(w io.Writer) error { return WriteHTML(w, sweep) },
			charts: mustCharts(t)(reportCharts(sweep)), strategies: pageStrategies(sweep)},
		{name: "scenarios", file: "scenarios.html", render: func(w io.Writer) error { return WriteHTML(w, scenarios) },
			charts: mustCharts(t)(reportCharts(scenarios)), strategies: pageStrategies(scenarios), sections: len(scenarios.Scenarios())},
		{name: "scenarios-compare", file: "scenarios-compare.html", render: func(w io.Writer) error { return WriteCompareHTML(w, scenarios, limited) },
			charts: mustCharts(t)(comparePageCharts(scenarios, limited)), strategies: pageStrategies(scenarios, limited), sections: len(scenarios.Scenarios())},
		{name: "timeline", file: "timeline.html", render: func(w io.Writer) error { return WriteHTML(w, timeline) },
			charts: mustCharts(t)(reportCharts(timeline)), strategies: pageStrategies(timeline), sections: len(timeline.Scenarios())},
		{name: "cpu", file: "cpu.html", render: func(w io.Writer) error { return WriteHTML(w, cpu) },
			charts: mustCharts(t)(reportCharts(cpu)), strategies: pageStrategies(cpu)},
	}
	for _, p := range pages[2:] {
		var ids []string
		for _, pc := range p.charts {
			ids = append(ids, pc.id)
		}
		t.Logf("%s: charts %s", p.name, strings.Join(ids, ", "))
	}
	// Between them, the pages have every kind of chart.
	var kinds []string
	for _, p := range pages {
		for _, pc := range p.charts {
			require.True(t, strings.HasPrefix(pc.id, pc.kind), "chart %s: its id begins with its kind %s", pc.id, pc.kind)
			kinds = appendName(kinds, pc.kind)
		}
	}
	for _, k := range allKinds {
		require.Contains(t, kinds, k, "some page draws a %s chart", k)
	}
	dir := t.TempDir()
	for _, p := range pages {
		f, err := os.Create(filepath.Join(dir, p.file))
		require.NoError(t, err, "creating %s", p.file)
		require.NoError(t, p.render(f), "rendering %s", p.file)
		require.NoError(t, f.Close(), "closing %s", p.file)
	}
	shots := *screenshotDir
	if shots == "" {
		shots = os.Getenv(screenshotEnv)
	}
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755), "the screenshot directory")

	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	profile := t.TempDir()
	// Chromium's helper processes can write to the profile for a moment
	// after the browser exits; this cleanup runs before TempDir's.
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1320, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil {
		browserUnavailable(t, "cannot start %s: %v", execPath, err)
	}

	// A loopback server shows whether a page can reach the network.
	var hits atomic.Int64
	probe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "reached")
	}))
	defer probe.Close()
	// Control: without the blocking, a file:// page does reach the server,
	// so a blocked probe later means the blocking works.
	control := filepath.Join(dir, "control.html")
	require.NoError(t, os.WriteFile(control, []byte("<!DOCTYPE html><title>control</title>"), 0o644), "writing control.html")
	func() {
		ctx, cancel := chromedp.NewContext(browserCtx)
		defer cancel()
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL(control))), "opening control.html")
		res, err := chromedp.Run(ctx, fetchProbe(probe.URL))
		require.NoError(t, err, "probing the network from control.html")
		require.Equal(t, "reached", res, "without blocking, a file:// page should reach the probe server")
		require.Equal(t, int64(1), hits.Load(), "the probe server should have one hit from control.html")
	}()

	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			checkPageInBrowser(t, browserCtx, fileURL(filepath.Join(dir, p.file)), p, probe.URL, &hits, filepath.Join(shots, p.name+".png"))
		})
	}
}

// chartState is what the page reports about one chart container.
type chartState struct {
	ID        string         `json:"id"`
	Container string         `json:"container"` // the id of the figure around the chart
	Canvases  int            `json:"canvases"`
	Painted   int            `json:"painted"` // pixels neither transparent nor white
	Colors    map[string]int `json:"colors"`  // exact-colour pixels inside the plot area, by "#rrggbb"
	Series    []string       `json:"series"`  // from the ECharts instance; nil without one
}

// chartStateJS inspects every chart container. %s is a JSON list of the
// colours to count inside the plot area (the grid: 70 px from the top, 60 px
// from the bottom, 90 px from the left, 210 px from the right, where the
// legend is), where only series are drawn in colour.
const chartStateJS = `(() => {
	const colors = %s;
	return [...document.querySelectorAll('div.item')].map(el => {
		const inst = echarts.getInstanceByDom(el);
		const canvases = [...el.querySelectorAll('canvas')];
		const counts = {};
		for (const c of colors) counts[c] = 0;
		let painted = 0;
		for (const cv of canvases) {
			const g = cv.getContext('2d');
			if (!g || cv.width === 0 || cv.height === 0) continue;
			const dpr = cv.width / el.clientWidth;
			const d = g.getImageData(0, 0, cv.width, cv.height).data;
			for (let y = 0; y < cv.height; y++) {
				const inGridY = y > 70 * dpr && y < cv.height - 60 * dpr;
				for (let x = 0; x < cv.width; x++) {
					const i = (y * cv.width + x) * 4;
					if (d[i + 3] === 0 || (d[i] > 250 && d[i + 1] > 250 && d[i + 2] > 250)) continue;
					painted++;
					if (!inGridY || x < 90 * dpr || x > cv.width - 210 * dpr || d[i + 3] !== 255) continue;
					const hex = '#' + [d[i], d[i + 1], d[i + 2]].map(v => v.toString(16).padStart(2, '0')).join('');
					if (hex in counts) counts[hex]++;
				}
			}
		}
		const series = inst ? inst.getOption().series.map(s => s.name) : null;
		const fig = el.closest('figure.chart');
		return {id: el.id, container: fig ? fig.id : '', canvases: canvases.length, painted, colors: counts, series};
	});
})()`

// checkPageInBrowser opens fileURL in a new tab with the network blocked and
// checks its charts against p, then that the page could not reach
// probeURL, and saves a full-page screenshot to shot.
func checkPageInBrowser(t *testing.T, browserCtx context.Context, fileURL string, p browserPage, probeURL string, hits *atomic.Int64, shot string) {
	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()

	// Block every http and https request of the tab (the page itself is a
	// file:// URL), and emulate being offline for good measure.
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err, "Network.enable")
	_, err = chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{
		{URLPattern: "http://*:*/*", Block: true},
		{URLPattern: "https://*:*/*", Block: true},
	}})
	require.NoError(t, err, "Network.setBlockedURLs")
	_, err = chromedp.Call(ctx, emulateOffline, emulateOfflineParams{
		Offline:                  true,
		MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	require.NoError(t, err, "Network.emulateNetworkConditionsByRule offline")

	// Collect the console from before the navigation on.
	var (
		mu       sync.Mutex
		messages []chromedp.ConsoleMessage
	)
	consoleCtx, stopConsole := context.WithCancel(ctx)
	defer stopConsole()
	console := chromedp.Console(consoleCtx)
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		for m, err := range console {
			if err != nil {
				return
			}
			mu.Lock()
			messages = append(messages, m)
			mu.Unlock()
		}
	}()
	consoleErrors := func() []string {
		mu.Lock()
		defer mu.Unlock()
		var errs []string
		for _, m := range messages {
			if m.Type == chromedp.ConsoleError || m.IsException() {
				errs = append(errs, m.String())
			}
		}
		return errs
	}

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL)), "opening %s", fileURL)
	ready := fmt.Sprintf(`(() => {
		if (typeof echarts === 'undefined') return false;
		const els = [...document.querySelectorAll('div.item')];
		return els.length === %d && els.every(el => el.querySelector('canvas') && echarts.getInstanceByDom(el));
	})()`, len(p.charts))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "every chart should get an ECharts instance and a canvas; console errors: %q", consoleErrors())
	// Two animation frames: the charts have painted.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](
		`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "waiting for two animation frames")

	var colors []string
	for _, s := range p.strategies {
		colors = appendName(colors, s.color)
	}
	for _, pc := range p.charts {
		for _, c := range pc.colors {
			colors = appendName(colors, c)
		}
	}
	colorsJSON, err := json.Marshal(colors)
	require.NoError(t, err, "encoding the colours")
	states, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartState](fmt.Sprintf(chartStateJS, colorsJSON)))
	require.NoError(t, err, "inspecting the charts")

	require.Len(t, states, len(p.charts), "one chart container per chart")
	drawnSomewhere, hasSeries := map[string]bool{}, map[string]bool{}
	for i, pc := range p.charts {
		st := states[i]
		assert.Equal(t, echartsID(pc.id), st.ID, "chart %d should have the fixed id", i)
		assert.Equal(t, containerID(pc.id), st.Container, "chart %s sits in a container whose id begins with its kind", pc.id)
		assert.GreaterOrEqual(t, st.Canvases, 1, "chart %s should hold a <canvas>", pc.id)
		assert.Greater(t, st.Painted, 1000, "chart %s should have non-blank pixels", pc.id)
		assert.Equal(t, pc.series, distinct(st.Series), "chart %s: the ECharts instance should report the expected series", pc.id)
		// Series can hide one another (workerpool and semaphore often
		// coincide), so each chart must show some of its series' colours
		// in its plot area, and each strategy must show in some chart.
		colored := 0
		for _, c := range pc.colors {
			if st.Colors[c] > 0 {
				colored++
			}
		}
		assert.Positive(t, colored, "chart %s should draw its series in their colours %v inside the plot area", pc.id, pc.colors)
		for _, s := range p.strategies {
			if hasSeriesOf(pc.series, s.label) {
				hasSeries[s.label] = true
				drawnSomewhere[s.label] = drawnSomewhere[s.label] || st.Colors[s.color] > 0
			}
		}
	}
	for _, s := range p.strategies {
		if hasSeries[s.label] {
			assert.True(t, drawnSomewhere[s.label], "%s should be drawn in its colour %s in some chart", s.label, s.color)
		}
	}

	// Every link within the page leads somewhere: the contents to each
	// section, table and chart, the verdict to its scenario, the back-to-top
	// links to the top; and the contents link to each scenario's section.
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href^="#"]')]
		.map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1)))`))
	require.NoError(t, err, "inspecting the links")
	assert.Empty(t, broken, "every #link has its target")
	sections, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('nav#contents a')]
		.filter(a => { const t = document.getElementById(a.getAttribute('href').slice(1)); return t && t.tagName === 'H2' && t.textContent === a.textContent; }).length`))
	require.NoError(t, err, "inspecting the contents")
	assert.Equal(t, max(p.sections, 1), sections, "the contents link to each scenario's section")
	tops, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('figure.chart a[href="#top"]').length`))
	require.NoError(t, err, "counting the back-to-top links")
	assert.Equal(t, len(p.charts), tops, "a back-to-top link under every chart")

	// A report opens on its verdict, above the folded settings, naming the
	// strategy to use; a comparison has none.
	verdict, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const v = document.getElementById('verdict'), s = document.querySelector('details.settings');
		if (!v) return 'none';
		if (s && s.open) return 'settings unfolded';
		if (s && v.getBoundingClientRect().top > s.getBoundingClientRect().top) return 'verdict below the settings';
		return v.querySelector('p.best').textContent;
	})()`))
	require.NoError(t, err, "inspecting the verdict")
	if strings.Contains(p.name, "compare") {
		assert.Equal(t, "none", verdict, "a comparison has no verdict")
		// It opens on the delta table instead, with benchstat's p-values.
		ps, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('#delta tr td:nth-child(8)')].map(td => td.textContent)`))
		require.NoError(t, err, "inspecting the delta table")
		require.NotEmpty(t, ps, "compare's #delta table has rows")
		for _, p := range ps {
			assert.Regexp(t, `^p=\d\.\d{3}$`, p, "each row has a p-value")
		}
	} else {
		assert.Regexp(t, `^use [a-z]+\(\d+\): the fastest that lost`, verdict, "the verdict comes first and names a strategy")
	}

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err, "taking a screenshot")
	require.NoError(t, os.WriteFile(shot, png, 0o644), "saving the screenshot")
	t.Logf("screenshot: %s", shot)

	// Look at the console before the network probe, whose blocked request
	// the browser logs as an error on purpose.
	stopConsole()
	<-consoleDone
	assert.Empty(t, consoleErrors(), "the page should log no console errors or exceptions")

	before := hits.Load()
	res, err := chromedp.Run(ctx, fetchProbe(probeURL))
	require.NoError(t, err, "probing the network from the page")
	assert.True(t, strings.HasPrefix(res, "blocked"), "a fetch of %s from the page should be blocked, got %q", probeURL, res)
	assert.Equal(t, before, hits.Load(), "the probe server should not be reached from the page")
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("browser test ran out of its %v", browserTimeout)
	}
}

// emulateOfflineParams are the parameters of
// Network.emulateNetworkConditionsByRule in both shapes Chromium has had:
// offline inside each condition (the protocol cdproto v0.159 was generated
// from), and offline as a required parameter of its own (Chromium 148 and
// later, which rejects the older shape with "Invalid parameters").
type emulateOfflineParams struct {
	Offline                  bool                  `json:"offline"`
	MatchedNetworkConditions []*network.Conditions `json:"matchedNetworkConditions"`
}

// emulateOffline is Network.emulateNetworkConditionsByRule with
// emulateOfflineParams.
var emulateOffline = cdp.Command[emulateOfflineParams, network.EmulateNetworkConditionsByRuleResult]{
	Method: network.CommandEmulateNetworkConditionsByRule,
}

// fileURL returns the file:// URL of an absolute path.
func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// fetchProbe fetches u from the page and returns "reached" or "blocked: …".
func fetchProbe(u string) chromedp.Action[string] {
	js := fmt.Sprintf(`fetch(%q, {mode: 'no-cors'}).then(() => 'reached', e => 'blocked: ' + e.message)`, u)
	return chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise)
}

// distinct returns names without repeats, in order of first appearance.
func distinct(names []string) []string {
	var out []string
	for _, n := range names {
		out = appendName(out, n)
	}
	return out
}

// hasSeriesOf reports whether series holds label's own series: label itself
// or label followed by " (old)", " (new)" or " ideal".
func hasSeriesOf(series []string, label string) bool {
	for _, s := range series {
		if s == label || strings.HasPrefix(s, label+" ") {
			return true
		}
	}
	return false
}
