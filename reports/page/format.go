package page

import (
	"math"
	"strconv"
	"strings"
)

// The page's own few formats: the figures of its tables and verdicts come
// formatted from the reports package; these are for chart titles, labels
// and the list of skipped cells.

// formatNumber formats v with prec decimals and thousands separators,
// "20,000"; "NA" when v is not finite.
func formatNumber(v float64, prec int) string {
	if !finite(v) {
		return "NA"
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
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
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// formatSeconds formats a time in seconds with three significant digits in
// the unit that keeps it at least 1: "8.10 s", "630 ms", "1,000 s".
func formatSeconds(v float64) string {
	if !finite(v) {
		return "NA"
	}
	units := []struct {
		name   string
		factor float64
	}{{"s", 1}, {"ms", 1e-3}, {"μs", 1e-6}, {"ns", 1e-9}}
	u := units[len(units)-1]
	for _, c := range units {
		if math.Abs(v) >= c.factor {
			u = c
			break
		}
	}
	x := math.Abs(v / u.factor)
	prec := 0
	if x > 0 {
		prec = max(0, 2-int(math.Floor(math.Log10(x))))
	}
	return formatNumber(v/u.factor, prec) + " " + u.name
}

// formatPercent formats a share in [0, 1] as a percentage with the decimals
// that keep two significant digits under 10 %: "92 %", "1.5 %", "0.05 %".
func formatPercent(share float64) string {
	p := share * 100
	prec := 0
	switch {
	case p == 0:
	case p < 0.1:
		prec = 2
	case p < 10:
		prec = 1
	}
	return formatNumber(p, prec) + " %"
}
