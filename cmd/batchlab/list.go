package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"batchlab/strategies/catalog"
	"batchlab/thirdparty"
)

// listCmd prints the strategies with their defaults and the service's
// scenario presets, the two things `batchlab run` lets a user choose.
func listCmd(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STRATEGY\tDEFAULT\tSUMMARY")
	for _, e := range catalog.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, e.New(catalog.DefaultWidth), e.Summary) // New ignores a width it does not take
	}
	fmt.Fprintln(tw, "\nSCENARIO\tSPEC\tSUMMARY")
	for _, sc := range thirdparty.Presets() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.Name, sc, sc.Summary)
	}
	return tw.Flush()
}
