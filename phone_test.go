package main

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// A supervisor in London types numbers the London way: --region GB reads
// them, RingCX is sent E.164, and end-session, replaying the audit log,
// gives hangupSession the very number addSessionToCall dialled.
func TestCommandsReadNumbersInTheRegionAndSendE164(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("monitor", uii, "--region", "GB", "--phone", "020 7946 0958")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, url.Values{"destination": {"+442079460958"}, "sessionType": {"MONITOR"}}, c.lastRequest().Query)
	v, _ := c.sim.Call(uii)
	assert.Equal(t, map[string]string{"+442079460958": "MONITOR"}, v.Sessions)

	_, errOut, code = c.run("end-session", uii)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, url.Values{"phone": {"+442079460958"}}, c.lastRequest().Query)
	v, _ = c.sim.Call(uii)
	assert.Empty(t, v.Sessions, "the simulator matched the session by the string it dialled")

	// The region follows the supervisor's own phone when none is set.
	c.env["CALLBOARD_PHONE"] = "+442079460958"
	_, errOut, code = c.run("dial", "--agent", c.agentOn(c.answered()), "--to", "07400 123456", "--caller-id", "020 7946 0000")
	assert.Equal(t, exitFailed, code, "refused by RingCX (the agent is on a call), not by the parser: %s", errOut)
	assert.Equal(t, "+447400123456", c.lastRequest().Query.Get("destination"))
	assert.Equal(t, "+442079460000", c.lastRequest().Query.Get("callerId"))
}

// A number libphonenumber refuses is a usage error, exit 2, with its
// reason in plain words, and nothing is sent.
func TestCommandsRefuseBadNumbersWithTheReason(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	n := len(c.sim.Requests())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"monitor", uii, "--phone", "+1 555 415 0123"}, `--phone "+1 555 415 0123": not a valid number in US (+1)`},
		{[]string{"monitor", uii, "--phone", "020 7946 0958"}, `--phone "020 7946 0958": too long for a number in US (+1)`},
		{[]string{"monitor", uii, "--phone", "911"}, "--phone 911: a short code (like 911 or 112) cannot be dialled this way"},
		{[]string{"monitor", uii, "--phone", "+999 1234567"}, "the country code is not valid"},
		{[]string{"monitor", uii, "--region", "UK", "--phone", "020 7946 0958"}, "--region UK: the United Kingdom's region code is GB"},
		{[]string{"dial", "--agent", "a@b", "--to", "555-0141", "--caller-id", "+18005550199"}, `invalid --to "555-0141": too short for a number in US (+1): is the area code missing?`},
		{[]string{"dial", "--agent", "a@b", "--to", "+14155550141", "--caller-id", "1-800-FLOWERS"}, "invalid --caller-id \"1-800-FLOWERS\": letters are not allowed in a phone number"},
	} {
		_, errOut, code := c.run(tc.args...)
		assert.Equal(t, exitUsage, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
	assert.Equal(t, n, len(c.sim.Requests()), "a refused number sends nothing")
}
