package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// A board in London shows British numbers the British way and everyone
// else's in international format; the same calls on an American board
// read the other way round.
func TestBoardShowsNumbersInItsRegion(t *testing.T) {
	for region, want := range map[string][3]string{
		"GB": {"020 7946 0958", "+1 415-555-0141", "+1 866-555-0401"},
		"US": {"+44 20 7946 0958", "(415) 555-0141", "(866) 555-0401"},
	} {
		b := newBoard(t, withConfig(func(c *Config) { c.Region = region }), withPhone("+442079460000"))
		london := b.sim.AddCall(account, sim.CallSpec{CNAM: "THAMES LTD", ANI: "+442079460958"})
		sf := b.sim.AddCall(account, sim.CallSpec{CNAM: "ACME WIRE", ANI: "+14155550141", DNIS: "8665550401"})
		b.refresh()
		assert.Contains(t, b.rowOf(london), want[0], region)
		assert.Contains(t, b.rowOf(sf), want[1], region)
		assert.Contains(t, b.rowOf(sf), want[2], "%s: the number dialled, from its E.164 form", region)
	}
	b := newBoard(t, withConfig(func(c *Config) { c.Region = "GB" }), withPhone("+442079460000"))
	b.refresh()
	assert.Contains(t, b.screen(), "you: 020 7946 0000")
}

// The phone prompt reads what is typed in the board's region, says
// libphonenumber's reason inline, and sends RingCX E.164.
func TestPhonePromptReadsTheRegionsNumbers(t *testing.T) {
	b := newBoard(t, withPhone(""), withConfig(func(c *Config) { c.Region = "GB" }))
	b.refresh()
	uii := b.selectAnswered()
	n := len(b.requests())
	b.press("m")
	require.Contains(t, b.screen(), "Your phone")
	b.typeText("020 7946 095")
	b.press("enter")
	assert.Contains(t, b.screen(), "phone: not a valid number in GB (+44)")
	assert.Equal(t, n, len(b.requests()), "nothing sent")
	b.typeText("8")
	b.press("enter")
	c, _ := b.sim.Call(uii)
	assert.Equal(t, map[string]string{"+442079460958": "MONITOR"}, c.Sessions, "dialled as E.164")
	assert.Contains(t, b.screen(), "you: 020 7946 0958")

	b.press("x")
	c, _ = b.sim.Call(uii)
	assert.Empty(t, c.Sessions, "x ended the session with the number it was started with")
}
