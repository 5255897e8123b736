package reports

import (
	"math"
	"strconv"
	"strings"
)

// na is shown for a figure that cannot be computed (BenchmarkDotNet's "NA").
const na = "NA"

// none is shown for a figure that does not apply to a row or is absent.
const none = "-"

// groupThousands inserts commas into the integer part of a formatted number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// formatNumber formats v with prec decimals and thousands separators.
func formatNumber(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return na
	}
	return groupThousands(strconv.FormatFloat(v, 'f', prec, 64))
}

// FormatCount formats a mean count (failed entries per run, say) as a
// whole number with thousands separators, "18,333", as the reports show
// counts; NaN or an infinity gives "-".
func FormatCount(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return none
	}
	return formatNumber(math.Round(v), 0)
}

// scale is a display unit: values are divided by factor and suffixed by name.
type scale struct {
	name   string
	factor float64
}

var timeScales = []scale{{"ns", 1e-9}, {"μs", 1e-6}, {"ms", 1e-3}, {"s", 1}}

// sizeScales use 1 KB = 1024 B, as BenchmarkDotNet does.
var sizeScales = []scale{{"B", 1}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}}

// bestScale returns the largest scale in which the smallest positive finite
// value of vals is at least 1, as BenchmarkDotNet picks one unit per column.
func bestScale(scales []scale, vals []float64) scale {
	lo := math.Inf(1)
	for _, v := range vals {
		if v > 0 && !math.IsInf(v, 0) && v < lo {
			lo = v
		}
	}
	best := scales[0]
	if math.IsInf(lo, 1) {
		return best
	}
	for _, s := range scales {
		if lo/s.factor >= 1 {
			best = s
		}
	}
	return best
}

// formatScaled formats v in scale s with prec decimals, e.g. "9,662.7 ms".
func formatScaled(v float64, s scale, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return na
	}
	if s.name == "B" {
		prec = 0
	}
	return formatNumber(v/s.factor, prec) + " " + s.name
}

// formatRatio formats a ratio with three significant digits, e.g. "0.0329×".
func formatRatio(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return na
	}
	return groupThousands(strconv.FormatFloat(v, 'f', ratioPrec(v), 64)) + "×"
}

// ratioPrec returns the decimals that show three significant digits of v
// (at least two, at most six).
func ratioPrec(v float64) int {
	v = math.Abs(v)
	if v == 0 {
		return 2
	}
	p := 2 - int(math.Floor(math.Log10(v)))
	return min(max(p, 2), 6)
}
