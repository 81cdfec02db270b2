package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Shapes from the spec subset's GateGroup, Gate, GateDisposition,
// DialGroup and Campaign schemas, nested objects included.
const gateGroupsBody = `[
  {"gateGroupId": 3, "groupName": "Front desk", "billingKey": null, "permissions": ["READ"],
   "createdOn": {"millis": 1588948847000, "zone": {"id": "UTC"}}, "groupSkills": [{"skillId": 1}],
   "gates": [
     {"gateId": 31, "gateName": "Sales", "gateDesc": "Sales queue", "isActive": true, "gateOpen": true,
      "slaTime": 20, "wrapTime": 30, "dispositionTimeout": 45, "gatePriority": 1, "recordCall": 1,
      "afterCallState": {"agentAuxState": "WRAP", "baseAgentState": {"name": "WORKING"}},
      "abandonCampaign": {"campaignId": 9}, "script": null, "acceptTime": "AQ==", "permissions": []},
     {"gateId": "32", "gateName": "Support", "isActive": "false", "gateOpen": 0}
   ]},
  {"gateGroupId": 4, "groupName": "Empty", "gates": []},
  {"gateGroupId": 5, "groupName": "No gates key"}
]`

const gateDispositionsBody = `[
  {"gateDispositionId": 1, "disposition": "Sale", "isDisabled": false, "isDefault": false, "rank": 2,
   "requireNote": true, "isSuccess": true, "isComplete": true, "isContact": true, "doNotCall": false,
   "isRequeued": 0, "destCampaign": {"campaignId": 3}, "emailTemplate": null, "xfer": "AA=="},
  {"gateDispositionId": 2, "disposition": "No sale", "rank": 1, "isDefault": true},
  {"gateDispositionId": 3, "disposition": "Old", "isDisabled": true, "rank": 0}
]`

const dialGroupsBody = `[
  {"dialGroupId": 4, "dialGroupName": "Renewals", "dialMode": "PREDICTIVE", "isActive": true, "agentsReady": 3,
   "permissions": ["READ"], "agentDialGroupMembers": {},
   "campaigns": [
     {"campaignId": 40, "campaignName": "Q4 renewals", "isActive": 1, "groupId": 4, "seedAbandonRate": 0.03,
      "lastPassDts": {"time": 1588948847000}, "startDate": {"millis": 1588948847000},
      "campaignDispositions": [{"campaignDispositionId": 400, "disposition": "Renewed", "isSuccess": true, "requireNote": false, "rank": 1}]},
     {"campaignId": 41, "campaignName": "Paused", "isActive": 0, "campaignDispositions": {}}
   ]},
  {"dialGroupId": 5, "dialGroupName": "Collections", "campaigns": {}}
]`

func TestDecodeGateGroups(t *testing.T) {
	groups, err := decodeList[GateGroup]([]byte(gateGroupsBody))
	require.NoError(t, err)
	assert.Equal(t, []GateGroup{
		{ID: "3", Name: "Front desk", Gates: []Gate{
			{ID: "31", Name: "Sales", Description: "Sales queue", GroupID: "3", Active: true, Open: true, OpenKnown: true,
				SLATime: 20 * time.Second, WrapTime: 30 * time.Second, DispositionTimeout: 45 * time.Second},
			{ID: "32", Name: "Support", GroupID: "3", OpenKnown: true},
		}},
		{ID: "4", Name: "Empty", Gates: []Gate{}},
		{ID: "5", Name: "No gates key", Gates: []Gate{}},
	}, groups)

	for _, tc := range []struct {
		name string
		body string
		want Gate
	}{
		{"nothing: active, open unknown", `{}`, Gate{Active: true}},
		{"group from the nested object", `{"gateId": 7, "gateGroup": {"gateGroupId": "3", "groupName": "x"}}`, Gate{ID: "7", GroupID: "3", Active: true}},
		{"gateGroup not an object", `{"gateGroup": "3"}`, Gate{Active: true}},
		{"numbers as strings", `{"slaTime": "20", "isActive": "1", "gateOpen": "Y"}`, Gate{SLATime: 20 * time.Second, Active: true, Open: true, OpenKnown: true}},
		{"hostile name stays raw", `{"gateName": "\u001b[5mSales\u0007"}`, Gate{Name: "\x1b[5mSales\x07", Active: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeList[Gate]([]byte("[" + tc.body + "]"))
			require.NoError(t, err)
			assert.Equal(t, []Gate{tc.want}, got)
		})
	}
	// A gates value that is not a list is no gates, not a broken answer.
	got, err := decodeList[GateGroup]([]byte(`[{"gateGroupId":1,"gates":{"31":{}}},{"gateGroupId":2,"gates":null}]`))
	require.NoError(t, err)
	assert.Equal(t, []GateGroup{{ID: "1", Gates: []Gate{}}, {ID: "2", Gates: []Gate{}}}, got)
}

func TestDecodeDispositions(t *testing.T) {
	ds, err := decodeList[Disposition]([]byte(gateDispositionsBody))
	require.NoError(t, err)
	assert.Equal(t, []Disposition{
		{ID: "1", Name: "Sale", Rank: 2, RequireNote: true, Success: true, Complete: true, Contact: true},
		{ID: "2", Name: "No sale", Rank: 1, Default: true},
		{ID: "3", Name: "Old", Disabled: true},
	}, ds)

	for _, tc := range []struct {
		name string
		body string
		want Disposition
	}{
		{"empty object", `{}`, Disposition{}},
		{"nulls", `{"disposition": null, "rank": null, "requireNote": null}`, Disposition{}},
		{"flags and rank as strings", `{"disposition": "Sale", "rank": "3", "requireNote": "true", "isDisabled": "0"}`, Disposition{Name: "Sale", Rank: 3, RequireNote: true}},
		{"a bare name", `"Callback"`, Disposition{Name: "Callback"}},
		{"a bare id", `17`, Disposition{ID: "17"}},
		{"null", `null`, Disposition{}},
		{"campaign id", `{"campaignDispositionId": 400, "disposition": "Renewed"}`, Disposition{ID: "400", Name: "Renewed"}},
		{"hostile name stays raw", `{"disposition": "Sale\u001b[2K\r\nOK"}`, Disposition{Name: "Sale\x1b[2K\r\nOK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeList[Disposition]([]byte("[" + tc.body + "]"))
			require.NoError(t, err)
			assert.Equal(t, []Disposition{tc.want}, got)
		})
	}
	_, err = decodeList[Disposition]([]byte(`[["Sale"]]`))
	assert.ErrorIs(t, err, ErrMalformedResponse)
}

func TestUsableAndFindDispositions(t *testing.T) {
	ds := []Disposition{
		{Name: "Sale", Rank: 2}, {Name: "No sale", Rank: 1}, {Name: "Old", Disabled: true},
		{Name: "  ", Rank: 0}, {Name: "Callback", Rank: 2}, {Name: "No sale", Rank: 5, RequireNote: true},
	}
	before := append([]Disposition(nil), ds...)
	got := UsableDispositions(ds)
	assert.Equal(t, []Disposition{{Name: "No sale", Rank: 1}, {Name: "Callback", Rank: 2}, {Name: "Sale", Rank: 2}}, got)
	assert.Equal(t, before, ds, "input unchanged")
	assert.NotNil(t, UsableDispositions(nil))

	d, ok := FindDisposition(ds, "Sale")
	assert.True(t, ok)
	assert.Equal(t, "Sale", d.Name)
	d, ok = FindDisposition(ds, " callback ")
	assert.True(t, ok)
	assert.Equal(t, "Callback", d.Name, "the list's own spelling")
	_, ok = FindDisposition(ds, "Refund")
	assert.False(t, ok)
}

func TestDecodeDialGroups(t *testing.T) {
	groups, err := decodeList[DialGroup]([]byte(dialGroupsBody))
	require.NoError(t, err)
	assert.Equal(t, []DialGroup{
		{ID: "4", Name: "Renewals", DialMode: "PREDICTIVE", Active: true, Campaigns: []Campaign{
			{ID: "40", Name: "Q4 renewals", DialGroupID: "4", Active: true, Dispositions: []Disposition{{ID: "400", Name: "Renewed", Success: true, Rank: 1}}},
			{ID: "41", Name: "Paused", DialGroupID: "4", Active: false, Dispositions: []Disposition{}},
		}},
		{ID: "5", Name: "Collections", Active: true, Campaigns: []Campaign{}},
	}, groups)

	for _, tc := range []struct {
		name string
		body string
		want Campaign
	}{
		{"nothing", `{}`, Campaign{Active: true, Dispositions: []Disposition{}}},
		{"isActive as a boolean", `{"isActive": false}`, Campaign{Dispositions: []Disposition{}}},
		{"isActive as a string", `{"isActive": "1"}`, Campaign{Active: true, Dispositions: []Disposition{}}},
		{"dispositions as names", `{"campaignDispositions": ["Renewed", "Declined"]}`, Campaign{Active: true, Dispositions: []Disposition{{Name: "Renewed"}, {Name: "Declined"}}}},
		{"dispositions null", `{"campaignDispositions": null}`, Campaign{Active: true, Dispositions: []Disposition{}}},
		{"ids as strings", `{"campaignId": "40", "groupId": "4"}`, Campaign{ID: "40", DialGroupID: "4", Active: true, Dispositions: []Disposition{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeList[Campaign]([]byte("[" + tc.body + "]"))
			require.NoError(t, err)
			assert.Equal(t, []Campaign{tc.want}, got)
		})
	}
}

func TestReferenceListRequests(t *testing.T) {
	for _, tc := range []struct {
		name  string
		body  string
		call  func(c *Client) (int, error)
		path  string
		query map[string][]string
	}{
		{
			name: "gate groups with children", body: gateGroupsBody,
			call: func(c *Client) (int, error) { g, err := c.GateGroups(ctx(t), PageOptions{}); return len(g), err },
			path: acctBase + "/gateGroups/withChildren",
		},
		{
			name: "gate groups, one page", body: `[]`,
			call: func(c *Client) (int, error) {
				g, err := c.GateGroups(ctx(t), PageOptions{Page: 0, MaxRows: 100})
				return len(g), err
			},
			path:  acctBase + "/gateGroups/withChildren",
			query: q("page", "0", "maxRows", "100"),
		},
		{
			name: "gates of a group", body: `[{"gateId": 31, "gateName": "Sales"}]`,
			call: func(c *Client) (int, error) {
				g, err := c.Gates(ctx(t), "3", PageOptions{})
				if err == nil && g[0].GroupID != "3" {
					t.Errorf("gate group %q, want the group asked for", g[0].GroupID)
				}
				return len(g), err
			},
			path: acctBase + "/gateGroups/3/gates",
		},
		{
			name: "gates, one page", body: `[]`,
			call: func(c *Client) (int, error) {
				g, err := c.Gates(ctx(t), "3", PageOptions{Page: 1, MaxRows: 25})
				return len(g), err
			},
			path:  acctBase + "/gateGroups/3/gates",
			query: q("page", "1", "maxRows", "25"),
		},
		{
			name: "gate dispositions", body: gateDispositionsBody,
			call: func(c *Client) (int, error) { d, err := c.GateDispositions(ctx(t), "3", "31"); return len(d), err },
			path: acctBase + "/gateGroups/3/gates/31/dispositions",
		},
		{
			name: "system dispositions", body: `["ANSWER", "NOANSWER", "BUSY", "", null, "SOMETHING_NEW"]`,
			call: func(c *Client) (int, error) {
				d, err := c.SystemDispositions(ctx(t))
				if err == nil {
					assert.Equal(t, []string{"ANSWER", "NOANSWER", "BUSY", "SOMETHING_NEW"}, d)
				}
				return len(d), err
			},
			path: acctBase + "/campaignLeads/systemDispositions",
		},
		{
			name: "dial groups with children", body: dialGroupsBody,
			call: func(c *Client) (int, error) { g, err := c.DialGroups(ctx(t), PageOptions{}); return len(g), err },
			path: acctBase + "/dialGroups/withChildren",
		},
		{
			name: "dial groups, one page", body: `[]`,
			call: func(c *Client) (int, error) {
				g, err := c.DialGroups(ctx(t), PageOptions{Page: 3, MaxRows: 10})
				return len(g), err
			},
			path:  acctBase + "/dialGroups/withChildren",
			query: q("page", "3", "maxRows", "10"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStub(t, stubAnswer{Body: tc.body})
			_, err := tc.call(s.client(t))
			require.NoError(t, err)
			assertRequest(t, s.only(t), http.MethodGet, tc.path, tc.query)
		})
	}
}

func TestReferenceListFailures(t *testing.T) {
	calls := map[string]func(c *Client) error{
		"gate groups":        func(c *Client) error { _, err := c.GateGroups(ctx(t), PageOptions{}); return err },
		"gates":              func(c *Client) error { _, err := c.Gates(ctx(t), "3", PageOptions{}); return err },
		"gate dispositions":  func(c *Client) error { _, err := c.GateDispositions(ctx(t), "3", "31"); return err },
		"system disposition": func(c *Client) error { _, err := c.SystemDispositions(ctx(t)); return err },
		"dial groups":        func(c *Client) error { _, err := c.DialGroups(ctx(t), PageOptions{}); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			denied := newStub(t, stubAnswer{Status: http.StatusForbidden, Body: `{"errorCode":"access.denied.exception","generalMessage":"You do not have permission to access this resource"}`})
			assert.ErrorIs(t, call(denied.client(t)), ErrForbidden)
			missing := newStub(t, stubAnswer{Status: http.StatusNotFound})
			assert.ErrorIs(t, call(missing.client(t)), ErrNotFound)
			broken := newStub(t, stubAnswer{Body: `[{"gateId": 1`})
			assert.ErrorIs(t, call(broken.client(t)), ErrMalformedResponse)
			empty := newStub(t, stubAnswer{Status: http.StatusNoContent})
			assert.NoError(t, call(empty.client(t)))
		})
	}
	t.Run("ids are checked before sending", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: `[]`})
		c := s.client(t)
		_, err := c.Gates(ctx(t), "", PageOptions{})
		assert.ErrorIs(t, err, ErrInvalidInput)
		_, err = c.GateDispositions(ctx(t), "3", "31/../../x")
		assert.ErrorIs(t, err, ErrInvalidInput)
		_, err = c.GateDispositions(ctx(t), "a", "31")
		assert.ErrorIs(t, err, ErrInvalidInput)
		_, err = c.DialGroups(ctx(t), PageOptions{Page: 1})
		assert.ErrorIs(t, err, ErrInvalidInput)
		s.mu.Lock()
		assert.Empty(t, s.seen)
		s.mu.Unlock()
	})
}
