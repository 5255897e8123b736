package strategytest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"batchlab/strategies"
)

// RejectsConfig checks that s, whose settings are invalid (or n < 0),
// refuses to run: Run returns an error wrapping [strategies.ErrConfig],
// whose text starts with the strategy's package name, before calling the
// task even once.
func RejectsConfig(t *testing.T, s strategies.Strategy, n int) {
	t.Helper()
	var calls atomic.Int64
	err := s.Run(t.Context(), n, func(context.Context, int) error {
		calls.Add(1)
		return nil
	})
	if !errors.Is(err, strategies.ErrConfig) {
		t.Errorf("%v: Run(ctx, %d) = %v, want an error wrapping strategies.ErrConfig", s, n, err)
	}
	pkg := reflect.TypeOf(s).PkgPath()
	pkg = pkg[strings.LastIndex(pkg, "/")+1:]
	if err != nil && !strings.HasPrefix(err.Error(), pkg+": ") {
		t.Errorf("%v: error %q should start with the package name %q", s, err, pkg)
	}
	if c := calls.Load(); c != 0 {
		t.Errorf("%v: Run(ctx, %d) made %d calls, want 0 for an invalid configuration", s, n, c)
	}
}
