package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The spec subset's UserLoginView: user, accounts (AccountView), the
// platform host and an authToken that must not be kept.
const loginViewBody = `{
  "authToken": "tok-should-not-be-kept-123456", "platformHost": "ringcx.ringcentral.com",
  "user": {"userId": 42, "userName": "sup@example.com", "firstName": "Sam", "lastName": "Sup", "fullName": "Sam Sup",
           "phoneNumber": "2125550123", "phoneNumberE164": "+12125550123", "rcAccountId": "400123", "rcUserId": 9000000001,
           "enabled": true, "rootUser": false, "roles": [{"roleId": 1}], "children": [], "creationDate": {"millis": 1}},
  "accounts": [{"accountId": "12440011", "accountName": "Acme", "mainAccountId": "12440000", "enableInbound": true, "rcAccountAccess": "ENABLED"}]
}`

func TestSignedInUser(t *testing.T) {
	s := newStub(t, stubAnswer{Body: loginViewBody})
	u, err := s.client(t).SignedInUser(ctx(t))
	require.NoError(t, err)
	assertRequest(t, s.only(t), http.MethodGet, "/voice/api/v1/admin/auth", nil)
	assert.Equal(t, &SignedInUser{
		UserID: "42", UserName: "sup@example.com", FirstName: "Sam", LastName: "Sup", FullName: "Sam Sup",
		PhoneNumber: "2125550123", PhoneNumberE164: "+12125550123", RCAccountID: "400123", RCUserID: "9000000001",
		PlatformHost: "ringcx.ringcentral.com",
		Accounts:     []Account{{AccountID: "12440011", AccountName: "Acme", MainAccountID: "12440000"}},
	}, u)
	assert.Equal(t, "+12125550123", u.Phone())
	assert.NotContains(t, fmt.Sprintf("%#v", u), "tok-should-not-be-kept", "the login view's token is not kept")

	for body, want := range map[string]SignedInUser{
		`{}`:                               {Accounts: []Account{}},
		`{"user": null, "accounts": null}`: {Accounts: []Account{}},
		`{"user": {"phoneNumber": " 2125550123 "}}`: {PhoneNumber: " 2125550123 ", Accounts: []Account{}},
		`{"user": "x", "accounts": {}}`:             {Accounts: []Account{}},
	} {
		s := newStub(t, stubAnswer{Body: body})
		u, err := s.client(t).SignedInUser(ctx(t))
		require.NoError(t, err, body)
		assert.Equal(t, want, *u, body)
	}
	assert.Equal(t, "2125550123", SignedInUser{PhoneNumber: " 2125550123 "}.Phone())

	for _, a := range []stubAnswer{{Body: `[]`}, {Status: http.StatusNoContent}, {Body: `{"user": {"userId": [1]}}`}} {
		s := newStub(t, a)
		_, err := s.client(t).SignedInUser(ctx(t))
		assert.ErrorIs(t, err, ErrMalformedResponse, a.Body)
	}
	denied := newStub(t, stubAnswer{Status: http.StatusForbidden})
	_, err = denied.client(t).SignedInUser(ctx(t))
	assert.ErrorIs(t, err, ErrForbidden)
}
