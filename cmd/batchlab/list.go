package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"batchlab/strategies/catalog"
)

func listCmd(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STRATEGY\tDEFAULT\tSUMMARY")
	for _, e := range catalog.All() {
		width := catalog.DefaultWidth
		if !e.Bounded {
			width = 0
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, e.New(width), e.Summary)
	}
	return tw.Flush()
}
