package sim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

var tsRe = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$`)

func TestListShape(t *testing.T) {
	e := staticEnv(t)
	queued := e.srv.AddCall(care, sim.CallSpec{Queued: true, Queue: "Escalations", Age: 42 * time.Second, ExternalID: "SF-1"})
	require.NotEmpty(t, queued)

	r := e.api("GET", listPath(care, "product=ACCOUNT&productId="+care))
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))

	// Every documented field is present on every call, null where null.
	var raw []map[string]json.RawMessage
	r.json(t, &raw)
	require.Len(t, raw, 41)
	fields := []string{"uii", "accountId", "ani", "dnis", "dnisE164", "enqueueTime", "dequeueTime", "callState",
		"archive", "agentFirstName", "agentLastName", "destinationName", "externalId", "cnam"}
	for _, c := range raw {
		for _, f := range fields {
			assert.Contains(t, c, f)
		}
	}

	var calls []wireCall
	r.json(t, &calls)
	assert.True(t, sort.StringsAreSorted(uiis(calls)), "sorted by uii")
	sawNullCNAM, sawCNAM := false, false
	for _, c := range calls {
		assert.Regexp(t, `^\d{30}$`, c.UII)
		assert.Equal(t, care, c.AccountID)
		assert.Equal(t, "ACTIVE", *c.CallState)
		assert.False(t, *c.Archive)
		assert.Regexp(t, tsRe, *c.EnqueueTime)
		enq, err := time.Parse("2006-01-02T15:04:05.000-0700", *c.EnqueueTime)
		require.NoError(t, err)
		assert.Equal(t, enq.UTC().Format("20060102150405"), c.UII[:14], "uii starts with the enqueue timestamp")
		if c.DequeueTime != nil {
			assert.Regexp(t, tsRe, *c.DequeueTime)
			assert.NotNil(t, c.AgentFirstName)
		} else {
			assert.Nil(t, c.AgentFirstName, "no agent while queued")
			assert.Nil(t, c.AgentLastName)
		}
		assert.NotNil(t, c.DestinationName)
		sawNullCNAM = sawNullCNAM || c.CNAM == nil
		sawCNAM = sawCNAM || c.CNAM != nil
	}
	assert.True(t, sawNullCNAM && sawCNAM, "CNAM sometimes null, sometimes set")

	var q wireCall
	for _, c := range calls {
		if c.UII == queued {
			q = c
		}
	}
	require.Equal(t, queued, q.UII)
	assert.Nil(t, q.DequeueTime)
	assert.Equal(t, t0.Add(-42*time.Second).Format("2006-01-02T15:04:05.000+0000"), *q.EnqueueTime)
	assert.Equal(t, "Escalations", *q.DestinationName)
	assert.Equal(t, "SF-1", *q.ExternalID)
	assert.Contains(t, r.body, `"dequeueTime":null`)
}

func TestListPaging(t *testing.T) {
	e := staticEnv(t) // 40 calls in Northwind Care
	all := uiis(e.list(care, "product=ACCOUNT&productId="+care+"&maxRows=1000"))
	require.Len(t, all, 40)
	assert.Len(t, e.list(care, "product=ACCOUNT&productId="+care), 40, "default maxRows 100")

	var paged []string
	for page := 0; ; page++ {
		got := uiis(e.list(care, fmt.Sprintf("product=ACCOUNT&productId=%s&page=%d&maxRows=15", care, page)))
		if len(got) == 0 {
			assert.Equal(t, 3, page, "pages 0,1,2 then empty")
			break
		}
		if page == 2 {
			assert.Len(t, got, 10, "short last page")
		}
		paged = append(paged, got...)
	}
	assert.Equal(t, all, paged, "zero-indexed pages cover the list exactly once, in order")

	r := e.api("GET", listPath(care, "product=ACCOUNT&productId="+care+"&page=7&maxRows=15"))
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "[]", r.body)

	capped := newEnv(t, sim.Config{Static: true, MaxRows: 10})
	assert.Len(t, capped.list(care, "product=ACCOUNT&productId="+care+"&maxRows=500"), 10, "maxRows capped at Config.MaxRows")
}

func TestListEmpty204(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, EmptyListStatus: http.StatusNoContent})
	r := e.api("GET", listPath(care, "product=ACCOUNT&productId="+care+"&page=9"))
	assert.Equal(t, http.StatusNoContent, r.status)
	assert.Empty(t, r.body)
	r = e.api("GET", listPath(care, "product=ACCOUNT&productId="+care))
	assert.Equal(t, http.StatusOK, r.status, "non-empty lists still answer 200")
}

func TestListProductFilters(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, Accounts: []sim.AccountSpec{
		{ID: care, Name: "Northwind Care", Calls: 0, Agents: 10},
		{ID: billing, Name: "Northwind Billing", Calls: 0, Agents: 5},
	}})
	esc := e.srv.AddCall(care, sim.CallSpec{Queue: "Escalations", DNIS: "8665550401", ExternalID: "CRM-1"})
	ren := e.srv.AddCall(care, sim.CallSpec{Queue: "Renewals", DNIS: "8665550402", Age: time.Minute})
	out := e.srv.AddCall(care, sim.CallSpec{Queue: "Renewal Outreach", DNIS: "4155550100"})
	bil := e.srv.AddCall(billing, sim.CallSpec{Queue: "Billing", ExternalID: "CRM-1"})
	for _, u := range []string{esc, ren, out, bil} {
		require.NotEmpty(t, u)
	}
	sorted := func(xs ...string) []string { sort.Strings(xs); return xs }

	cases := []struct {
		acct, q string
		want    []string
	}{
		{care, "product=ACCOUNT&productId=" + care, sorted(esc, ren, out)},
		{care, "product=ACCOUNT&productId=12440001", sorted(esc, ren, out)},
		{care, "product=ACCOUNT&productId=" + billing, nil},
		{"12440001", "product=ACCOUNT&productId=12440001", sorted(esc, ren, out, bil)},
		{"12440001", "product=ACCOUNT&productId=" + billing, []string{bil}},
		{care, "product=ACD&productId=10401", []string{esc}},
		{care, "product=ACD&productId=10402", []string{ren}},
		{care, "product=ACD&productId=20011", nil},
		{care, "product=OUTBOUND&productId=20011", []string{out}},
		{care, "product=DNIS&productId=8665550401", []string{esc}},
		{care, "product=DNIS&productId=4155550100", []string{out}},
		{care, "product=VISUAL_IVR&productId=1", nil},
		{care, "product=CLOUD_PROFILE&productId=1", nil},
		{care, "product=TRAC_NUMBER&productId=1", nil},
		{care, "product=AGENT&productId=1", nil},
		{care, "product=CHAT_QUEUE&productId=1", nil},
		{care, "externalId=CRM-1", []string{esc}},
		{"12440001", "externalId=CRM-1", sorted(esc, bil)},
		{care, "product=ACD&productId=10401&externalId=CRM-1", []string{esc}},
		{care, "product=ACD&productId=10402&externalId=CRM-1", nil},
	}
	for _, tc := range cases {
		t.Run(tc.acct+"?"+tc.q, func(t *testing.T) {
			got := uiis(e.list(tc.acct, tc.q))
			if tc.want == nil {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func TestListBadParameters(t *testing.T) {
	e := staticEnv(t)
	cases := []struct {
		q, attr string
	}{
		{"", "product"},
		{"productId=" + care, "product"},
		{"product=NOT_A_PRODUCT&productId=1", "product"},
		{"product=account&productId=" + care, "product"},
		{"product=ACCOUNT", "productId"},
		{"product=ACCOUNT&productId=abc", "productId"},
		{"product=ACCOUNT&productId=" + care + "&page=x", "page"},
		{"product=ACCOUNT&productId=" + care + "&page=-1", "page"},
		{"product=ACCOUNT&productId=" + care + "&maxRows=1.5", "maxRows"},
		{"product=ACCOUNT&productId=" + care + "&maxRows=0", "maxRows"},
		{"product=ACCOUNT&productId=" + care + "&maxRows=99999999999", "maxRows"},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			r := e.api("GET", listPath(care, tc.q))
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			ae := r.apiErr(t)
			assert.Equal(t, base+care+"/activeCalls/list", ae.RequestURI)
			assert.Equal(t, t0.UnixMilli(), ae.Timestamp)
			var attrs []string
			for _, v := range ae.ValidationErrors {
				attrs = append(attrs, v.AttributeName)
				assert.NotEmpty(t, v.Message)
			}
			assert.Contains(t, attrs, tc.attr)
		})
	}
	r := e.api("GET", listPath(care, ""))
	assert.Contains(t, r.apiErr(t).Details, "externalId", "the 400 says what to send")
}

func TestListLegacyBase(t *testing.T) {
	e := staticEnv(t)
	r := e.api("GET", "/api/v1/admin/accounts/"+care+"/activeCalls/list?product=ACCOUNT&productId="+care)
	require.Equal(t, http.StatusOK, r.status)
	cur := e.api("GET", listPath(care, "product=ACCOUNT&productId="+care))
	assert.Equal(t, cur.body, r.body, "both bases serve the same calls")
	assert.True(t, strings.HasPrefix(r.body, `[{"uii":"`))
}
