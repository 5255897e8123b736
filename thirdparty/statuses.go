package thirdparty

import (
	"fmt"
	"strconv"
	"strings"
)

// Statuses is a set of HTTP status codes, 100 to 599: those a [Template]
// counts as success. The zero value is empty (a [Template] reads it as
// [DefaultOK]); [ParseStatuses] makes one. It is a small value, copied
// freely.
type Statuses struct {
	bits [10]uint64 // bit c for code c, c < 640
	text string     // as parsed, for String
}

// ParseStatuses parses a comma-separated list of codes and ranges such as
// "200-299,304". Every code must be in [100, 599] and every range low-high
// with low ≤ high.
func ParseStatuses(s string) (Statuses, error) {
	var st Statuses
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		from, err := statusCode(s, lo)
		if err != nil {
			return Statuses{}, err
		}
		to := from
		if isRange {
			if to, err = statusCode(s, hi); err != nil {
				return Statuses{}, err
			}
			if to < from {
				return Statuses{}, fmt.Errorf("thirdparty: statuses %q: range %s runs backwards", s, part)
			}
		}
		for c := from; c <= to; c++ {
			st.bits[c/64] |= 1 << (c % 64)
		}
	}
	st.text = strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), ",")
	return st, nil
}

// statusCode parses one code of the list s.
func statusCode(s, code string) (int, error) {
	c, err := strconv.Atoi(strings.TrimSpace(code))
	if err != nil {
		return 0, fmt.Errorf("thirdparty: statuses %q: %q is not a status code (want codes and ranges such as 200-299,304)", s, code)
	}
	if c < 100 || c > 599 {
		return 0, fmt.Errorf("thirdparty: statuses %q: %d is not an HTTP status (100 to 599)", s, c)
	}
	return c, nil
}

// Contains reports whether code is in the set.
func (s Statuses) Contains(code int) bool {
	return code >= 0 && code < 640 && s.bits[code/64]&(1<<(code%64)) != 0
}

// IsZero reports whether the set is empty, as the zero value is.
func (s Statuses) IsZero() bool { return s.bits == [10]uint64{} }

// String returns the list as parsed, spaces removed ("200-299,304").
func (s Statuses) String() string { return s.text }
