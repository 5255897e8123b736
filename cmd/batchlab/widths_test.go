package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/harness"
)

func TestRunWidthList(t *testing.T) {
	f, err := parseRunFlags([]string{"-width", "250, 1000", "-strategies", "workerpool"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []int{250, 1000}, f.widths)

	f, err = parseRunFlags([]string{"-concurrency", "7"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []int{7}, f.widths, "the old name takes a list too")

	for _, args := range [][]string{{"-width", "250,x"}, {"-width", "5,5"}, {"-width", ""}, {"-concurrency", "1,,2"}} {
		_, err := parseRunFlags(args, io.Discard)
		assert.ErrorIs(t, err, errUsage, "%q", args)
	}
}

func TestBenchstatFlags(t *testing.T) {
	one := &harness.Plan{Subjects: []harness.Subject{{Name: "workerpool"}, {Name: "unbounded"}}}
	two := &harness.Plan{Subjects: []harness.Subject{{Name: "workerpool"}, {Name: "workerpool"}, {Name: "unbounded"}}}
	assert.Equal(t, "-col /strategy -row /entries -ignore /concurrency", benchstatFlags([]*harness.Plan{one}))
	assert.Equal(t, "-table scenario -col /strategy -row /entries -ignore started,target,/concurrency",
		benchstatFlags([]*harness.Plan{one, one}))
	assert.Equal(t, "-col /entries -row /strategy,/concurrency", benchstatFlags([]*harness.Plan{two}))
	assert.Equal(t, "-table scenario -col /entries -row /strategy,/concurrency -ignore started,target",
		benchstatFlags([]*harness.Plan{two, two}))
}
