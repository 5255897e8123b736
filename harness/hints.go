package harness

import (
	"fmt"
	"strconv"

	"batchlab/thirdparty"
)

// Hints says which machine limit a run's failed calls ran into and what
// to do about it, one sentence each, since "too many open files" alone
// does not say it. It is empty when no call failed for such a reason.
func (r *Results) Hints() []string {
	var fd, ports int
	for _, m := range r.Measurements {
		fd += m.Failures[ClassFDLimit]
		ports += m.Failures[ClassPorts]
	}
	var out []string
	if fd > 0 {
		limit := "a limited number of"
		if n, ok := thirdparty.OpenFileLimit(); ok {
			limit = strconv.FormatUint(n, 10)
		}
		out = append(out, fmt.Sprintf("%d calls failed with \"too many open files\": this process may hold %s open files, one per connection; "+
			"use a narrower width, or the h2c transport, which multiplexes calls over a few connections", fd, limit))
	}
	if ports > 0 {
		out = append(out, fmt.Sprintf("%d calls found no free local port (the ephemeral range is used up, often by connections in TIME_WAIT); "+
			"wait a minute between wide runs, use a narrower width, or the h2c transport", ports))
	}
	return out
}
