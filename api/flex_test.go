package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFlexInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  bool
	}{
		{`12`, 12, false},
		{`"12"`, 12, false},
		{`" 12 "`, 12, false},
		{`-3`, -3, false},
		{`12.9`, 12, false},
		{`"12.9"`, 12, false},
		{`1e3`, 1000, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`"n/a"`, 0, false},
		{`true`, 1, false},
		{`"false"`, 0, false},
		{`"\u0031\u0032"`, 12, false},
		{`1e400`, 0, false},
		{`"NaN"`, 0, false},
		{`{}`, 0, true},
		{`[1]`, 0, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var f flexInt
			err := json.Unmarshal([]byte(tc.in), &f)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, int64(f))
		})
	}
}

func TestFlexSeconds(t *testing.T) {
	for in, want := range map[string]time.Duration{
		`75`: 75 * time.Second, `"75"`: 75 * time.Second, `75.6`: 75 * time.Second,
		`null`: 0, `""`: 0, `-5`: 0, `"-5"`: 0, `9223372036854775807`: 0,
	} {
		var f flexSeconds
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		assert.Equal(t, want, time.Duration(f), in)
	}
	var f flexSeconds
	assert.Error(t, json.Unmarshal([]byte(`{"s":1}`), &f))
}

func TestFlexFlag(t *testing.T) {
	for in, want := range map[string]bool{
		`true`: true, `false`: false, `1`: true, `0`: false, `"1"`: true, `"0"`: false,
		`"true"`: true, `"TRUE"`: true, `"False"`: false, `"Y"`: true, `"n"`: false, `"yes"`: true,
		`null`: false, `""`: false, `2`: true, `"maybe"`: false, `0.0`: false,
	} {
		var f flexFlag
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		assert.Equal(t, want, bool(f), in)
	}
	var f flexFlag
	assert.Error(t, json.Unmarshal([]byte(`[true]`), &f))
}

func TestLenientTime(t *testing.T) {
	want := time.Date(2020, 5, 8, 14, 40, 47, 0, time.UTC)
	for in, exp := range map[string]time.Time{
		`"2020-05-08T14:40:47.000+0000"`: want,
		`"2020-05-08T16:40:47+02:00"`:    want,
		`1588948847000`:                  want,
		`{"millis":1588948847000}`:       want,
		`null`:                           {},
		`""`:                             {},
		`"yesterday"`:                    {},
		`{"year":2020}`:                  {},
	} {
		var lt lenientTime
		require.NoError(t, json.Unmarshal([]byte(in), &lt), in)
		assert.True(t, exp.Equal(time.Time(lt)), "%s: got %v", in, time.Time(lt))
	}
}
