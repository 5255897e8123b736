package cli_test

import (
	"fmt"
	"os"

	"batchlab/cmd/internal/cli"
)

// A bad flag comes back as one line with what the flag takes and where the
// help is; flags may follow the positional arguments.
func ExampleParse() {
	fs := cli.NewFlagSet("batchlab report", os.Stderr, "Usage: batchlab report [-format F] [DIR]")
	format := fs.String("format", "files", "files, csv or json")
	if err := cli.Parse(fs, []string{"results/A", "-format", "json"}); err == nil {
		fmt.Println(fs.Args(), *format)
	}

	fs = cli.NewFlagSet("batchlab run", os.Stderr, "Usage: batchlab run [flags]")
	fs.Duration("delay", 0, "the service's delay per entry")
	fmt.Println(cli.Parse(fs, []string{"-delay", "200"}))
	// Output:
	// [results/A] json
	// run: invalid value "200" for flag -delay: parse error; -delay takes a duration such as 200ms; see batchlab run -h
}
