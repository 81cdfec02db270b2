package audit

import (
	"bufio"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// standings is one entry of each standing, in the order of wantStandings.
func standings(t0 time.Time) []Entry {
	entry := func(id, result string, s int) Entry {
		in := record(id, EventIntent, "300000000000000000000000000001", t0.Add(time.Duration(s)*time.Second))
		if result == "" {
			return Entry{Intent: in}
		}
		out := record(id, EventOutcome, in.UII, in.Time)
		out.Result = result
		return Entry{Intent: in, Outcome: &out}
	}
	observed := record("o", EventObserved, "300000000000000000000000000001", t0.Add(9*time.Second))
	observed.Action, observed.Result = ActionSessionEnded, ResultEnded
	return []Entry{
		entry("1", ResultOK, 0),
		entry("2", ResultAnswerLost, 1),
		entry("3", "not sent: callboard was stopping", 2),
		entry("4", "error: permission denied", 3),
		entry("5", "", 4),
		entry("6", ResultTimeout, 5),
		entry("7", ResultRefused, 6),
		{Intent: observed, Outcome: &observed},
	}
}

var wantStandings = []Standing{StandingOK, StandingUnknown, StandingNotSent, StandingFailed, StandingUnknown, StandingUnknown, StandingFailed, StandingObserved}

func TestEntryStanding(t *testing.T) {
	for i, e := range standings(time.Now()) {
		assert.Equal(t, wantStandings[i], e.Standing(), e.ResultText())
	}
}

// On a terminal each result is styled by its standing, after the table
// is aligned: without the styling the text is Print's, byte for byte.
func TestPrintStyledStylesEachResultByItsStanding(t *testing.T) {
	entries := standings(time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local))
	var plain, styled strings.Builder
	require.NoError(t, Print(&plain, entries))
	require.NoError(t, PrintStyled(&styled, entries, func(s Standing, text string) string { return "<" + string(s) + "|" + text + ">" }))
	marks := regexp.MustCompile(`<([a-z ]+)\|([^>]*)>`)
	assert.Equal(t, plain.String(), marks.ReplaceAllString(styled.String(), "$2"), "the alignment is Print's")
	lines := strings.Split(strings.TrimSuffix(styled.String(), "\n"), "\n")
	require.Len(t, lines, len(entries)+1)
	assert.NotContains(t, lines[0], "<")
	for i, e := range entries {
		m := marks.FindAllStringSubmatch(lines[i+1], -1)
		require.Len(t, m, 1, lines[i+1])
		assert.Equal(t, string(wantStandings[i]), m[0][1])
		assert.Equal(t, e.ResultText(), strings.TrimSpace(m[0][2]), "the result cell, and only it")
	}
}

// --json keeps each result exactly as recorded, with its standing, and
// writes the invisible characters a hand-edited log could hold as \u
// escapes: safe on a terminal, the same strings once decoded.
func TestWriteJSONKeepsTheExactResults(t *testing.T) {
	entries := standings(time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC))
	entries[0].Intent.Params = map[string]string{"disposition": "Sale\u009b2J", "notes": "ok\u202eko\nline"}
	entries[1].Outcome.HTTPStatus, entries[1].Outcome.RequestID, entries[1].Outcome.LatencyMS = 504, "gw-7", 30001
	var b strings.Builder
	require.NoError(t, WriteJSON(&b, entries))
	out := b.String()
	assert.NotContains(t, out, "\u009b")
	assert.NotContains(t, out, "\u202e")
	assert.Contains(t, out, `Sale\u009b2J`)

	sc := bufio.NewScanner(strings.NewReader(out))
	var got []jsonEntry
	for sc.Scan() {
		var j jsonEntry
		require.NoError(t, json.Unmarshal(sc.Bytes(), &j), sc.Text())
		got = append(got, j)
	}
	require.Len(t, got, len(entries))
	for i, e := range entries {
		assert.Equal(t, e.ResultText(), got[i].Result)
		assert.Equal(t, wantStandings[i], got[i].Standing)
		assert.Equal(t, e.About().Action, got[i].Action)
	}
	assert.Equal(t, ResultAnswerLost, got[1].Result)
	assert.Equal(t, 504, got[1].HTTPStatus)
	assert.Equal(t, "gw-7", got[1].RequestID)
	assert.Equal(t, int64(30001), got[1].LatencyMS)
	assert.Equal(t, "not sent: callboard was stopping", got[2].Result)
	assert.Equal(t, NoOutcome, got[4].Result)
	assert.Equal(t, entries[0].Intent.Params, got[0].Params, "parameters decode to what was recorded")
}
