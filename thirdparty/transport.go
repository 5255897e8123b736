package thirdparty

import "fmt"

// Transport names the protocol a [Client] speaks to the service. The zero
// value "" means [TransportHTTP1]; [ParseTransport] reads one from text and
// [Transport.Validate] checks one.
type Transport string

// The transports a [Client] speaks.
const (
	// TransportHTTP1 is HTTP/1.1: one call per connection at a time, so a
	// run holds about as many connections as calls in flight.
	TransportHTTP1 Transport = "http1"
	// TransportH2C is HTTP/2 over cleartext with prior knowledge: calls
	// share a few multiplexed connections.
	TransportH2C Transport = "h2c"
)

// ParseTransport returns the transport named s ("http1" or "h2c"). Unlike
// the zero value of a [ClientOptions] field, an empty name is an error: text
// names its transport.
func ParseTransport(s string) (Transport, error) {
	t := Transport(s)
	if t == "" {
		return "", t.invalid()
	}
	if err := t.Validate(); err != nil {
		return "", err
	}
	return t, nil
}

// Validate returns nil if t is "", [TransportHTTP1] or [TransportH2C], and
// an error saying which transports there are otherwise.
func (t Transport) Validate() error {
	switch t {
	case "", TransportHTTP1, TransportH2C:
		return nil
	}
	return t.invalid()
}

func (t Transport) invalid() error {
	return fmt.Errorf("thirdparty: transport must be %s or %s, got %q", TransportHTTP1, TransportH2C, string(t))
}
