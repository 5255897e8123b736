package thirdparty

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTransport(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		want Transport
		ok   bool
	}{
		{name: "http1", text: "http1", want: TransportHTTP1, ok: true},
		{name: "h2c", text: "h2c", want: TransportH2C, ok: true},
		{name: "empty text names none", text: ""},
		{name: "unknown", text: "spdy"},
		{name: "case matters", text: "HTTP1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTransport(tt.text)
			if !tt.ok {
				assert.ErrorContains(t, err, "thirdparty: transport must be http1 or h2c", "ParseTransport(%q) error", tt.text)
				assert.Equal(t, Transport(""), got, "ParseTransport(%q) on error", tt.text)
				return
			}
			require.NoError(t, err, "ParseTransport(%q)", tt.text)
			assert.Equal(t, tt.want, got, "ParseTransport(%q)", tt.text)
		})
	}
	assert.NoError(t, Transport("").Validate(), "the zero Transport is valid: it means http1")
	assert.Error(t, Transport("spdy").Validate(), "an unknown Transport is invalid")
}
