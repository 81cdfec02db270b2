package api

import (
	"bytes"
	jsonv1 "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceDecodeList is how the supervisor lists were decoded before issue
// 13, kept as the reference the json v2 decoding (decodeList) must agree
// with: encoding/json, through the types' UnmarshalJSON methods.
func referenceDecodeList[T any](body []byte) ([]T, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		return []T{}, nil
	}
	if body[0] != '[' {
		return nil, fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeBody(body))
	}
	var list []T
	if err := jsonv1.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
	}
	if list == nil {
		list = []T{}
	}
	return list, nil
}

// agreeList fails t unless decodeList and the reference decode body to the
// same rows, or both fail (the new error an ErrMalformedResponse).
func agreeList[T any, PT listItem[T]](t *testing.T, body []byte) {
	t.Helper()
	got, err := decodeList[T, PT](body)
	want, werr := referenceDecodeList[T](body)
	agree(t, reflect.TypeFor[T]().Name(), body, got, want, err, werr)
	if err != nil && !errors.Is(err, ErrMalformedResponse) {
		t.Fatalf("%T list: error does not say the answer was malformed: %v", *new(T), err)
	}
}

// agreeSignedInUser is agreeList for the signed-in user, an object.
func agreeSignedInUser(t *testing.T, body []byte) {
	t.Helper()
	var got, want SignedInUser
	err := json.Unmarshal(body, &got, listOptions)
	werr := jsonv1.Unmarshal(body, &want)
	agree(t, "SignedInUser", body, got, want, err, werr)
}

func agree(t *testing.T, what string, body []byte, got, want any, err, werr error) {
	t.Helper()
	if (err == nil) != (werr == nil) {
		t.Fatalf("%s from %q: json v2 error %v, encoding/json error %v", what, body, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s from %q differs:\njson v2       %#v\nencoding/json %#v", what, body, got, want)
	}
}

// listAgreeSeeds are the odd shapes the lists' tests cover, written for
// every list: escapes, duplicate and mixed-case names, delimiters in names,
// invalid UTF-8, numbers and flags as strings, nulls, and objects or
// arrays where a scalar belongs.
var listAgreeSeeds = []string{
	`[` + agentRow + `]`,
	`[` + queueRow + `,` + queueRow + `]`,
	agentGroupsBody, rosterAgentBody, gateGroupsBody, gateDispositionsBody, dialGroupsBody,
	``, `null`, ` null `, `[]`, `[null]`, `{"a":1}`, `"x"`, `<html>`, `[{"agentId":1`, `[] x`, `[]]`, `[1,]`,
	`[{"firstName":"Andr\u00e9","lastName":"O\"Brien","agentState":"\u0041WAY","gateName":"\u00e9\\"}]`,
	`[{"agentId":1,"agentId":"2","isActive":"N","isActive":null,"gateOpen":1,"gateOpen":"x"}]`,
	`[{"isActive":null,"isActive":"Y"},{"active":0,"isActive":null}]`,
	`[{"AGENTID":5,"AgentState":"x","GateGroupId":3,"ISACTIVE":0,"groupname":"g","CAMPAIGNS":[{"CampaignId":1}]}]`,
	`[{"agent_id":9,"agentid":8,"AGENT-ID":7,"gate_id":1,"is_active":false}]`,
	"[{\"firstName\":\"\xff\xfe\",\"lastName\":\"a\xc3\",\"agentState\":\"\xff\\u00e9\",\"\xffagentId\":1,\"gateName\":\"\xed\xa0\x80\"}]",
	`[{"firstName":"\ud800x","lastName":"\udc00\ud800","agent\u0049d":"\u0031","\u0061gentState":"y"}]`,
	`[{"ran\u212a":3,"disposition":"Sale","ISDISABLED":"1"},{"\u017fuccess":1,"isSuccess":"t"}]`,
	`[{"stateTime":"95","callsHandled":" 12 ","rank":"1e2","inQueue":"3.9","rna":"-0","loginTime":"+5","slaPass":"0x10"}]`,
	`[{"stateTime":1e308,"rank":-9223372036854775809,"inQueue":"9223372036854775807","totalTalkTime":9223372036,"rna":1.5e3}]`,
	`[{"isOffhook":1,"pendingDisposition":"Y","isGhostLogin":"0","isActive":"yes","gateOpen":0,"isDefault":"NaN","isDisabled":2.5}]`,
	`[{"agentId":null,"gates":null,"campaigns":null,"agentGroup":null,"gateGroup":null,"campaignDispositions":null,"lastUpdate":null}]`,
	`[{"agentId":{"a":1}}]`, `[{"stateTime":[1]}]`, `[{"isActive":{}}]`, `[{"gateName":[]}]`, `[{"inQueue":{"n":3}}]`,
	`[{"gates":[{"gateId":{}}]}]`, `[{"campaigns":[{"campaignDispositions":[[1]]}]}]`,
	`[{"agentGroup":{"agentGroupId":{}},"groupId":""},{"agentGroup":{"agentGroupId":7,"groupName":"G"},"agentGroup":5}]`,
	`[{"gateGroup":{"gateGroupId":4,"gateGroupId":null}},{"gateGroup":[1]},{"gateGroup":{"gateGroupId":[]}}]`,
	`[{"campaigns":{"a":1},"gates":"x","campaignDispositions":5},{"gates":[null,{}],"campaigns":[null]}]`,
	`[{"lastUpdate":{"millis":1,"MILLIS":null}},{"lastUpdate":1588948847000},{"lastUpdate":"2020-05-08T14:40:47Z"}]`,
	`[{"lastUpdate":{"millis":1.5}},{"lastUpdate":"2020-05-08T14:40:47.000+0000 "},{"lastUpdate":"2020-05-08T14:40:47\u002e000+0000"},{"lastUpdate":true}]`,
	`[{"lastUpdate":{"Millis":"1"}},{"lastUpdate":{"millis":1e3}},{"lastUpdate":""},{"lastUpdate":-5}]`,
	`["Sale",7,null,true,"\u00e9"," 12 ",1.5]`, `[[1]]`, `[{"a":"x"},"y",3]`,
	`[{"agentId":1,"firstName":"A","stateTime":5},{"agentId":2}]`,
	`[{"accountId":1,"AccountName":"n","mainAccountId":null,"mainAccountName":{}}]`,
}

// signedInAgreeSeeds are the same shapes for the signed-in user.
var signedInAgreeSeeds = []string{
	loginViewBody, `{}`, `null`, `{"user":null,"accounts":null}`, `{"user":"x","accounts":{}}`,
	`{"user":{"userId":1},"user":{"userName":"b"},"accounts":[{"accountId":1}],"platformHost":"x"}`,
	`{"user":{"userId":{}},"user":{}}`, `{"user":{"userId":[1]}}`, `{"USER":{"USERID":"u\u00e9"},"Accounts":[null,{"accountid":2}]}`,
	"{\"user\":{\"firstName\":\"\xff\"},\"platform_host\":\"h\"}", `{"accounts":[1]}`, `{"user":{}`,
}

// FuzzDecodeListsAgree: whatever the server sends, every supervisor list
// decodes on json v2 (decodeList) exactly as it did on encoding/json
// (referenceDecodeList): the same rows, or an error where the reference
// failed; and the signed-in user likewise.
func FuzzDecodeListsAgree(f *testing.F) {
	for _, seed := range listAgreeSeeds {
		f.Add([]byte(seed))
	}
	for _, seed := range signedInAgreeSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		agreeList[Agent](t, body)
		agreeList[Queue](t, body)
		agreeList[AgentGroup](t, body)
		agreeList[RosterAgent](t, body)
		agreeList[GateGroup](t, body)
		agreeList[Gate](t, body)
		agreeList[Disposition](t, body)
		agreeList[DialGroup](t, body)
		agreeList[Account](t, body)
		agreeList[flexString](t, body)
		agreeSignedInUser(t, body)
	})
}

// Nesting is limited as encoding/json limited it: 10,000 levels in all
// decode, one more fails, in an unknown member as anywhere.
func TestDecodeListsAgreeOnNestingDepth(t *testing.T) {
	nested := func(levels int) []byte { // the list, a row, and arrays in it
		return []byte(`[{"skills":` + strings.Repeat("[", levels-2) + strings.Repeat("]", levels-2) + `}]`)
	}
	for _, levels := range []int{10000, 10001} {
		agreeList[Agent](t, nested(levels))
		agreeList[Disposition](t, nested(levels))
	}
	_, err := DecodeAgents(nested(10000))
	require.NoError(t, err)
	_, err = DecodeAgents(nested(10001))
	assert.ErrorIs(t, err, ErrMalformedResponse)
}

// A cut-off answer is worded as encoding/json worded it.
func TestDecodeListCutOff(t *testing.T) {
	_, err := DecodeAgents([]byte(`[{"agentId":1`))
	require.ErrorIs(t, err, ErrMalformedResponse)
	assert.Contains(t, err.Error(), "unexpected end of JSON input")
}

// The feeds' repeated text (states, types, group names, ids of groups and
// queues) is one string for every row and every poll that has it, not a
// copy per row; text unique to a row is its own.
func TestDecodeAgentsInternsLabels(t *testing.T) {
	first, err := DecodeAgents([]byte(`[` + agentRow + `,` + agentRow + `]`))
	require.NoError(t, err)
	again, err := DecodeAgents([]byte(`[` + agentRow + `]`))
	require.NoError(t, err)
	same := func(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }
	for _, a := range []Agent{first[1], again[0]} {
		assert.True(t, same(first[0].State, a.State), "state")
		assert.True(t, same(first[0].AgentGroupName, a.AgentGroupName), "group name")
		assert.True(t, same(first[0].GateID, a.GateID), "gate id")
		assert.False(t, same(first[0].CallUII, a.CallUII), "a call's uii is the row's own")
	}
	queues, err := DecodeQueues([]byte(`[` + queueRow + `,` + queueRow + `]`))
	require.NoError(t, err)
	assert.True(t, same(queues[0].GroupName, queues[1].GroupName), "queue group name")
}
