package reports

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTQuantile(t *testing.T) {
	tests := []struct {
		name string
		p    float64
		df   float64
		want float64
	}{
		{name: "99.9 % two-sided, 5 df", p: 0.9995, df: 5, want: 6.8688},
		{name: "99.9 % two-sided, 14 df (BenchmarkDotNet's 15 runs)", p: 0.9995, df: 14, want: 4.1405},
		{name: "99.9 % two-sided, 2 df", p: 0.9995, df: 2, want: 31.5991},
		{name: "95 % two-sided, 10 df", p: 0.975, df: 10, want: 2.2281},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tQuantile(tt.p, tt.df)
			assert.InDelta(t, tt.want, got, 1e-4, "tQuantile(%v, %v) = %v, want %v", tt.p, tt.df, got, tt.want)
		})
	}
}

func TestSummarize(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		xs   []float64
		want Stats
	}{
		{name: "1..6", xs: []float64{1, 2, 3, 4, 5, 6}, want: Stats{N: 6, Mean: 3.5, StdDev: 1.870829, Error: 5.245701}},
		{name: "three equal values", xs: []float64{2, 2, 2}, want: Stats{N: 3, Mean: 2, StdDev: 0, Error: 0}},
		{name: "three values", xs: []float64{1, 2, 3}, want: Stats{N: 3, Mean: 2, StdDev: 1, Error: 31.5991 / math.Sqrt(3)}},
		{name: "two runs: Error NA", xs: []float64{1, 3}, want: Stats{N: 2, Mean: 2, StdDev: math.Sqrt2, Error: nan}},
		{name: "one run: StdDev and Error NA", xs: []float64{7}, want: Stats{N: 1, Mean: 7, StdDev: nan, Error: nan}},
		{name: "no runs", xs: nil, want: Stats{N: 0, Mean: nan, StdDev: nan, Error: nan}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.xs)
			assert.Equal(t, tt.want.N, got.N, "Summarize(%v).N = %d, want %d", tt.xs, got.N, tt.want.N)
			assertFloat(t, tt.want.Mean, got.Mean, "Summarize(%v).Mean", tt.xs)
			assertFloat(t, tt.want.StdDev, got.StdDev, "Summarize(%v).StdDev", tt.xs)
			assertFloat(t, tt.want.Error, got.Error, "Summarize(%v).Error", tt.xs)
		})
	}
}

// assertFloat checks got ≈ want to 1e-4 (relative above 1), treating NaN as
// equal to NaN.
func assertFloat(t *testing.T, want, got float64, what string, args ...any) {
	t.Helper()
	name := fmt.Sprintf(what, args...)
	if math.IsNaN(want) {
		assert.True(t, math.IsNaN(got), "%s = %v, want NaN", name, got)
		return
	}
	assert.InDelta(t, want, got, 1e-4*math.Max(1, math.Abs(want)), "%s = %v, want %v", name, got, want)
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{name: "ms with thousands", got: formatScaled(9.6627, timeScales[2], 1), want: "9,662.7 ms"},
		{name: "ms", got: formatScaled(0.8935, timeScales[2], 1), want: "893.5 ms"},
		{name: "error ms", got: formatScaled(0.00847, timeScales[2], 2), want: "8.47 ms"},
		{name: "MB, 1024-based", got: formatScaled(20.03*1024*1024, sizeScales[2], 2), want: "20.03 MB"},
		{name: "KB is 1024 B", got: formatScaled(1536, sizeScales[1], 2), want: "1.50 KB"},
		{name: "bytes have no decimals", got: formatScaled(512, sizeScales[0], 2), want: "512 B"},
		{name: "NaN is NA", got: formatScaled(math.NaN(), timeScales[2], 2), want: "NA"},
		{name: "millions", got: formatNumber(1234567.891, 1), want: "1,234,567.9"},
		{name: "negative", got: formatNumber(-1234, 0), want: "-1,234"},
		{name: "ratio small", got: formatRatio(0.031906), want: "0.0319×"},
		{name: "ratio near 1", got: formatRatio(0.92727), want: "0.927×"},
		{name: "ratio large", got: formatRatio(154.04), want: "154.04×"},
		{name: "best time scale", got: bestScale(timeScales, []float64{0.022, 45, math.NaN()}).name, want: "ms"},
		{name: "best time scale seconds", got: bestScale(timeScales, []float64{2.2, 45}).name, want: "s"},
		{name: "best size scale", got: bestScale(sizeScales, []float64{2.7e6, 5.4e7}).name, want: "MB"},
		{name: "best scale of nothing", got: bestScale(sizeScales, []float64{math.NaN()}).name, want: "B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.got, "formatted %q, want %q", tt.got, tt.want)
		})
	}
}
