package reports

import "math"

// sampleMean is the mean of the cell's per-run values of unit, or NaN.
func sampleMean(c Cell, unit string) float64 { return mean(c.Samples[unit]) }

// finite reports whether v is a number that can be shown or drawn (JSON has
// no NaN or Inf).
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}
