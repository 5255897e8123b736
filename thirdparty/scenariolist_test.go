package thirdparty_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"batchlab/thirdparty"
)

func TestParseScenarioList(t *testing.T) {
	tests := []struct {
		name      string
		list      string
		overrides []string
		want      []string // the scenarios' String()
	}{
		{name: "one preset", list: "steady", want: []string{"steady"}},
		{name: "one with overrides", list: "flaky,errors=0.05,seed=7", want: []string{"flaky,errors=0.05,seed=7"}},
		{name: "several", list: "steady,limited,capacity=100,overloaded", want: []string{"steady", "limited,capacity=100", "overloaded"}},
		{name: "spaces", list: " steady , limited ", want: []string{"steady", "limited"}},
		{name: "overrides added to each", list: "steady,limited", overrides: []string{"delay=2ms", "seed=3"},
			want: []string{"steady,delay=2ms,seed=3", "limited,delay=2ms,seed=3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := thirdparty.ParseScenarioList(tt.list, tt.overrides...)
			require.NoError(t, err, "ParseScenarioList(%q, %q)", tt.list, tt.overrides)
			specs := make([]string, len(got))
			for i, sc := range got {
				specs[i] = sc.String()
			}
			assert.Equal(t, tt.want, specs, "ParseScenarioList(%q, %q)", tt.list, tt.overrides)
		})
	}
}

func TestParseScenarioListRejects(t *testing.T) {
	tests := []struct {
		name, list string
		overrides  []string
		want       string // a part of the error
	}{
		{name: "empty", list: "", want: "no preset name"},
		{name: "override first", list: "capacity=5,steady", want: `override "capacity=5" before any preset name`},
		{name: "empty part", list: "steady,,limited", want: "not key=value"},
		{name: "trailing comma", list: "steady,limited,", want: "not key=value"},
		{name: "unknown preset", list: "steady,chaos", want: `unknown preset "chaos"`},
		{name: "bad value", list: "flaky,errors=2", want: "errors"},
		{name: "twice", list: "steady,limited,steady", want: "the list names steady twice"},
		{name: "twice after the preset's values", list: "limited,steady,limited,capacity=500", want: "the list names limited twice"},
		{name: "override given twice", list: "steady,delay=5ms", overrides: []string{"delay=1ms"}, want: `key "delay" given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := thirdparty.ParseScenarioList(tt.list, tt.overrides...)
			require.ErrorIs(t, err, thirdparty.ErrScenario, "ParseScenarioList(%q) wraps ErrScenario", tt.list)
			assert.ErrorContains(t, err, tt.want, "ParseScenarioList(%q)", tt.list)
			assert.NotContains(t, err.Error(), "\n", "one line")
		})
	}
}

func ExampleParseScenarioList() {
	list, err := thirdparty.ParseScenarioList("steady,limited,capacity=100,overloaded", "delay=2ms")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sc := range list {
		fmt.Println(sc)
	}
	_, err = thirdparty.ParseScenarioList("steady,limited,steady")
	fmt.Println(err)
	// Output:
	// steady,delay=2ms
	// limited,delay=2ms,capacity=100
	// overloaded,delay=2ms
	// thirdparty: bad scenario: the list names steady twice
}
