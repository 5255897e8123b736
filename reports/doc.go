// Package reports reads batchlab result files (Go benchmark format, as
// written by the harness) and renders them as the seed's BenchmarkDotNet
// table, with Go's figures beside the seed's documented ones.
//
// It reads result files only and never imports the strategies, harness or
// thirdparty packages, so it can render runs made by any earlier commit.
// Files are parsed with golang.org/x/perf/benchfmt, grouped with benchproc
// projections (/strategy, /entries@num), and summarised with
// github.com/aclements/go-moremath/stats: Mean is the arithmetic mean, StdDev
// the sample standard deviation and Error the half-width of the 99.9 %
// confidence interval from Student's t-distribution with n−1 degrees of
// freedom, as BenchmarkDotNet defines them.
package reports
