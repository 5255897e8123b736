package thirdparty

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConnCap(t *testing.T) {
	tests := []struct {
		name  string
		limit uint64
		ok    bool
		want  int
	}{
		{name: "this lab's 20,000", limit: 20000, ok: true, want: 16000},
		{name: "a common 1,024", limit: 1024, ok: true, want: 819},
		{name: "a raised 1,048,576", limit: 1 << 20, ok: true, want: 838860},
		{name: "tiny", limit: 1, ok: true, want: 1},
		{name: "zero", limit: 0, ok: true, want: 1},
		{name: "unlimited", limit: ^uint64(0), ok: true, want: maxConnCap * connShare / 100},
		{name: "unknown", ok: false, want: fallbackConnCap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, connCap(tt.limit, tt.ok), "connCap(%d, %v)", tt.limit, tt.ok)
		})
	}
}
