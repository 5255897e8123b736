package page

import (
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"batchlab/benchfile"
	"batchlab/reports"
)

// Colours of the CPU chart's two stacks, apart from the strategies' palette
// so neither reads as a strategy: the client is what the user runs,
// the service what a real third party would pay for on its own machines.
const (
	clientCPUColor  = "#2f4554"
	serviceCPUColor = "#b0bec5"
)

// cpuChart draws every measured cell's CPU per entry, the client's and the
// service's stacked: what a choice costs in CPU, which unbounded spends and
// the time chart does not show. ok is false for a file without CPU records.
func cpuChart(run *reports.Run, suffix string) (pageChart, bool) {
	multiSize := len(measuredSizes(run)) > 1
	var labels []string
	var client, service []opts.BarData
	anyService := false
	for _, c := range run.Cells {
		cpu := sampleMean(c, benchfile.UnitClientCPU)
		if c.Skipped || c.Time.N == 0 || !finite(cpu) {
			continue
		}
		label := c.Method()
		if multiSize {
			label += " n=" + strconv.Itoa(c.Entries)
		}
		labels = append(labels, safe.Replace(label))
		perEntry := func(sec float64) float64 { return sig5(sec * 1e6 / float64(c.Entries)) }
		client = append(client, opts.BarData{Value: perEntry(cpu)})
		svc := sampleMean(c, benchfile.UnitServiceCPU)
		if finite(svc) {
			anyService = true
			service = append(service, opts.BarData{Value: perEntry(svc)})
		} else {
			service = append(service, opts.BarData{Value: "-"}) // the service could not say
		}
	}
	if len(labels) == 0 {
		return pageChart{}, false
	}
	id := chartID(kindCPU, suffix)
	title := "CPU per entry, client and service"
	bar := charts.NewBar()
	bar.SetGlobalOptions(chartOpts(id, title,
		"mean over the runs of client-cpu-sec/op and service-cpu-sec/op ÷ entries: user + system CPU, stacked", shortHeight)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "strategy", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "CPU per entry (µs)", NameLocation: "middle", NameGap: 65}),
	)
	bar.SetXAxis(labels)
	pc := pageChart{id: id, kind: kindCPU, title: title, chart: bar}
	stacks := []struct {
		name, color string
		data        []opts.BarData
	}{{"client", clientCPUColor, client}}
	if anyService {
		stacks = append(stacks, struct {
			name, color string
			data        []opts.BarData
		}{"service", serviceCPUColor, service})
	}
	for _, s := range stacks {
		bar.AddSeries(s.name, s.data, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
			charts.WithBarChartOpts(opts.BarChart{Stack: "cpu"}))
		pc.series = appendName(pc.series, s.name)
		pc.colors = append(pc.colors, s.color)
	}
	bar.ClearPresetJSAssets()
	bar.ClearPresetCSSAssets()
	return pc, true
}
