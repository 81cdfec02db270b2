package main

import (
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// A hostile server's long names — the simulator's 7 KB agent names, a
// 6 KB group name of three-byte runes, a megabyte caller name — are cut:
// table cells to maxCellWidth columns (so padding cannot multiply them by
// the rows), JSON and CSV text to maxTextBytes bytes and "…", between
// characters.
func TestServerTextIsCappedInListings(t *testing.T) {
	group := strings.Repeat("€", 2000) // 6,000 bytes: 1,024 falls inside a rune
	c := newCLI(t, sim.Config{Hostile: true, Accounts: []sim.AccountSpec{{ID: cliAccount, Name: group, Calls: 20, Agents: 20}}})
	require.NotEmpty(t, c.sim.AddCall(cliAccount, sim.CallSpec{CNAM: strings.Repeat("W", 1<<20)}))

	columns := regexp.MustCompile(`\s{2,}`)
	for _, cmd := range [][]string{{"calls"}, {"agents", "--all"}, {"queues"}} {
		out, errOut, code := c.run(cmd...)
		require.Equal(t, exitOK, code, "%q: %s", cmd, errOut)
		assert.True(t, strings.Contains(out, "…"), "%q: something was cut", cmd)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			for _, col := range columns.Split(line, -1) {
				assert.LessOrEqual(t, ansi.StringWidth(col), maxCellWidth, "%q: a cell of %.40q", cmd, col)
			}
		}
	}

	capped := func(cmd []string, s string, extra int) bool {
		assert.True(t, utf8.ValidString(s), "%q: cut between characters: %.40q", cmd, s)
		return assert.LessOrEqual(t, len(s), maxTextBytes+len("…")+extra, "%q: %.40q", cmd, s)
	}
	for _, cmd := range [][]string{{"calls", "--json"}, {"agents", "--all", "--json"}, {"queues", "--json"}} {
		out, errOut, code := c.run(cmd...)
		require.Equal(t, exitOK, code, "%q: %s", cmd, errOut)
		var rows []map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &rows), "%q", cmd)
		cut := false
		for _, r := range rows {
			for _, v := range r {
				if s, ok := v.(string); ok {
					capped(cmd, s, 0)
					cut = cut || strings.HasSuffix(s, "…")
				}
			}
		}
		assert.True(t, cut, "%q: something was cut", cmd)
	}
	for _, cmd := range [][]string{{"calls", "--csv"}, {"agents", "--all", "--csv"}, {"queues", "--csv"}} {
		out, errOut, code := c.run(cmd...)
		require.Equal(t, exitOK, code, "%q: %s", cmd, errOut)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err, "%q", cmd)
		for _, rec := range recs {
			for _, f := range rec {
				capped(cmd, f, len("'"))
			}
		}
	}
}

// No CSV cell from the server reaches a spreadsheet as a formula: text
// starting with = + - or @, in any column of the three listings, is
// written after a single quote; a plain number such as an E.164 phone
// number is not, as a spreadsheet reads it as a number.
func TestCSVNeutralisesFormulas(t *testing.T) {
	c := newCLI(t, sim.Config{Accounts: []sim.AccountSpec{{ID: cliAccount, Name: `=HYPERLINK("http://evil.example","x")`, Calls: 10, Agents: 10}}})
	ani, dnis := `@SUM(1+1)*cmd|' /C calc'!A0`, "+15551234567"
	uii := c.sim.AddCall(cliAccount, sim.CallSpec{ANI: ani, DNIS: dnis, CNAM: "-2+3", ExternalID: "+1-555"})
	require.NotEmpty(t, uii)

	csvOf := func(cmd ...string) (header []string, rows []map[string]string) {
		out, errOut, code := c.run(append(cmd, "--csv")...)
		require.Equal(t, exitOK, code, "%q: %s", cmd, errOut)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		for _, rec := range recs[1:] {
			row := map[string]string{}
			for i, f := range rec {
				row[recs[0][i]] = f
				if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
					assert.True(t, plainNumber(f), "%q: %s is a live formula: %q", cmd, recs[0][i], f)
				}
			}
			rows = append(rows, row)
		}
		return recs[0], rows
	}

	_, calls := csvOf("calls")
	found := false
	for _, r := range calls {
		if r["uii"] == uii {
			found = true
			assert.Equal(t, "'"+ani, r["ani"])
			assert.Equal(t, "'-2+3", r["cnam"])
			assert.Equal(t, "'+1-555", r["externalId"])
			assert.Equal(t, dnis, r["dnis"], "a plain number is left as sent")
		}
	}
	assert.True(t, found, "the call with formulas is listed")

	_, agents := csvOf("agents", "--all")
	found = false
	for _, r := range agents {
		assert.True(t, strings.HasPrefix(r["agentGroupName"], `'=HYPERLINK(`), r["agentGroupName"])
		if r["callUii"] == uii {
			found = true
			assert.Equal(t, "'"+ani, r["callAni"])
		}
	}
	assert.True(t, found, "the agent on the call with formulas is listed")

	_, queues := csvOf("queues")
	require.NotEmpty(t, queues)
	for _, r := range queues {
		assert.True(t, strings.HasPrefix(r["groupName"], `'=HYPERLINK(`), r["groupName"])
	}
}
