package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatCount(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999.4, "999"},
		{999.6, "1,000"},
		{18333.3, "18,333"},
		{1234567, "1,234,567"},
		{math.NaN(), "-"},
	} {
		assert.Equal(t, tt.want, formatCount(tt.v), "formatCount(%v)", tt.v)
	}
}
