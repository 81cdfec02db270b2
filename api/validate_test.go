package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateUII(t *testing.T) {
	require.NoError(t, ValidateUII("202005081040440132050000019657"))
	for in, want := range map[string]string{
		"":                        "a call id is required",
		"20200508abc":             "digits only",
		"123/../../admin":         "digits only",
		"12 34":                   "digits only",
		string(make([]byte, 100)): "too long",
	} {
		err := ValidateUII(in)
		require.ErrorIs(t, err, ErrInvalidInput, in)
		assert.Contains(t, err.Error(), want)
	}
}

func TestParseSessionType(t *testing.T) {
	for in, want := range map[string]SessionType{
		"MONITOR": SessionMonitor, "monitor": SessionMonitor, "barge": SessionBargeIn,
		"BARGEIN": SessionBargeIn, "coach": SessionCoaching, " Coaching ": SessionCoaching,
	} {
		got, err := ParseSessionType(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	_, err := ParseSessionType("WHISPER")
	require.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), "must be MONITOR, BARGEIN or COACHING")
	assert.False(t, SessionType("monitor").Valid(), "the wire value is upper case")
}

func TestValidateCallbackDTS(t *testing.T) {
	require.NoError(t, ValidateCallbackDTS("20261125143000"))
	require.NoError(t, ValidateCallbackDTS("20280229000000"), "leap day")
	for in, want := range map[string]string{
		"2026-11-25 14:30": "14 digits",
		"2026112514300":    "14 digits",
		"2026112514300x":   "digits only",
		"20260230120000":   "not a real date",
		"20261125250000":   "not a real date",
		"20261301000000":   "not a real date",
		"20270229000000":   "not a real date",
	} {
		err := ValidateCallbackDTS(in)
		require.ErrorIs(t, err, ErrInvalidInput, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

func TestSmallValidators(t *testing.T) {
	assert.NoError(t, validateRingDuration(1))
	assert.NoError(t, validateRingDuration(120))
	assert.ErrorContains(t, validateRingDuration(0), "between 1 and 120")
	assert.ErrorContains(t, validateRingDuration(121), "between 1 and 120")
	assert.ErrorContains(t, validateRequired("username", "  "), "invalid username: is required")
	assert.ErrorContains(t, validateRequired("disposition", "a\x1bb"), "control character")
	assert.NoError(t, validateOptionalText("notes", "line one\nline two\ttabbed"))
	assert.ErrorContains(t, validateOptionalText("notes", "bell\x07"), "control character")
	assert.NoError(t, validateProductID("12440001"))
	assert.ErrorContains(t, validateProductID("99999999999"), "int32")
	assert.ErrorContains(t, validateProductID("abc"), "whole number")
	assert.ErrorContains(t, validateAccountID(""), "RINGCX_ACCOUNT_ID")
	assert.ErrorContains(t, validateAccountID("124/../1"), "digits only")
}
