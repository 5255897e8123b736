package thirdparty_test

import (
	"context"
	"fmt"
	"time"

	"batchlab/thirdparty"
)

func ExampleRetryPolicy_Do() {
	p := thirdparty.RetryPolicy{Attempts: 4, Base: time.Millisecond, Max: 4 * time.Millisecond}
	if err := p.Validate(); err != nil {
		fmt.Println(err)
		return
	}

	// A service that is unavailable twice, then answers.
	flaky := func(ctx context.Context, i, attempt int) error {
		if attempt < 2 {
			return &thirdparty.StatusError{Code: 503}
		}
		return nil
	}
	attempts, err := p.Do(context.Background(), 42, flaky)
	fmt.Println("flaky:", attempts, "attempts, err:", err)

	// A bad request is never retried.
	bad := func(ctx context.Context, i, attempt int) error {
		return &thirdparty.StatusError{Code: 400}
	}
	attempts, err = p.Do(context.Background(), 42, bad)
	fmt.Println("bad:", attempts, "attempt, err:", err)
	// Output:
	// flaky: 3 attempts, err: <nil>
	// bad: 1 attempt, err: thirdparty: status 400
}
