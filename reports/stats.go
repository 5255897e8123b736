package reports

import (
	"math"

	"github.com/aclements/go-moremath/stats"
)

// Confidence is the confidence level of Stats.Error, as in BenchmarkDotNet.
const Confidence = 0.999

// MinRunsForError is the fewest runs for which Error is computed; with fewer
// it is NaN and shown as "NA", as BenchmarkDotNet does.
const MinRunsForError = 3

// Stats summarises one cell's sec/op values the way BenchmarkDotNet does.
type Stats struct {
	N      int     // number of runs
	Mean   float64 // arithmetic mean
	StdDev float64 // sample standard deviation (n−1); NaN under 2 runs
	Error  float64 // half-width of the 99.9 % CI (Student's t, n−1 df); NaN under 3 runs
}

// Summarize computes Stats for xs. An empty xs gives all-NaN figures.
func Summarize(xs []float64) Stats {
	s := Stats{N: len(xs), Mean: math.NaN(), StdDev: math.NaN(), Error: math.NaN()}
	if len(xs) == 0 {
		return s
	}
	s.Mean = stats.Mean(xs)
	if len(xs) >= 2 {
		s.StdDev = stats.StdDev(xs)
	}
	if len(xs) >= MinRunsForError {
		s.Error = tQuantile(1-(1-Confidence)/2, float64(len(xs)-1)) * s.StdDev / math.Sqrt(float64(len(xs)))
	}
	return s
}

// tQuantile returns the p quantile of Student's t-distribution with df
// degrees of freedom, from go-moremath's numerical inverse CDF.
func tQuantile(p, df float64) float64 {
	return stats.InvCDF(stats.TDist{V: df})(p)
}

// mean returns the arithmetic mean of xs, or NaN if xs is empty.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return stats.Mean(xs)
}
