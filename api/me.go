package api

import (
	"bytes"
	"context"
	jsonv1 "encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// SignedInUser is GET …/admin/auth (the spec's UserLoginView): who the
// credentials belong to, and the accounts they see. The view's authToken is
// deliberately not kept. Text fields are untrusted.
type SignedInUser struct {
	UserID    string
	UserName  string
	FirstName string
	LastName  string
	FullName  string
	// PhoneNumberE164 (else PhoneNumber, as written) is the user's own
	// phone: a default for where supervisor sessions ring (a guess in
	// supervisor-data.md; confirm with the person before dialling it).
	PhoneNumber     string
	PhoneNumberE164 string
	RCAccountID     string
	RCUserID        string
	PlatformHost    string
	Accounts        []Account // never nil
}

// Phone is the user's phone, E.164 when RingCX gave that form.
func (u SignedInUser) Phone() string {
	if p := strings.TrimSpace(u.PhoneNumberE164); p != "" {
		return p
	}
	return strings.TrimSpace(u.PhoneNumber)
}

// UnmarshalJSON decodes the answer leniently, as encoding/json reads it.
func (u *SignedInUser) UnmarshalJSON(b []byte) error {
	var w wireSignedInUser
	if err := jsonv1.Unmarshal(b, &w); err != nil {
		return err
	}
	return w.signedIn(u, jsonv1.Unmarshal)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what SignedInUser (the
// method) decodes with.
func (u *SignedInUser) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w wireSignedInUser
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	return w.signedIn(u, func(b []byte, v any) error { return json.Unmarshal(b, v, listOptions) })
}

type wireSignedInUser struct {
	PlatformHost flexString        `json:"platformHost"`
	Accounts     flexList[Account] `json:"accounts"`
	// user is kept as sent and decoded once the answer is read, so that
	// of a user given twice only the last counts, broken or not.
	User jsontext.Value `json:"user"`
}

type wireUser struct {
	UserID          flexString `json:"userId"`
	UserName        flexString `json:"userName"`
	FirstName       flexString `json:"firstName"`
	LastName        flexString `json:"lastName"`
	FullName        flexString `json:"fullName"`
	PhoneNumber     flexString `json:"phoneNumber"`
	PhoneNumberE164 flexString `json:"phoneNumberE164"`
	RCAccountID     flexString `json:"rcAccountId"`
	RCUserID        flexString `json:"rcUserId"`
}

// signedIn stores the answer in u, decoding its user (an object; anything
// else is no user) with unmarshal, the decoder the answer was read with.
func (w *wireSignedInUser) signedIn(u *SignedInUser, unmarshal func([]byte, any) error) error {
	var user wireUser
	if raw := bytes.TrimSpace(w.User); len(raw) > 0 && raw[0] == '{' {
		if err := unmarshal(raw, &user); err != nil {
			return err
		}
	}
	*u = SignedInUser{
		UserID:          strings.TrimSpace(string(user.UserID)),
		UserName:        string(user.UserName),
		FirstName:       string(user.FirstName),
		LastName:        string(user.LastName),
		FullName:        string(user.FullName),
		PhoneNumber:     string(user.PhoneNumber),
		PhoneNumberE164: string(user.PhoneNumberE164),
		RCAccountID:     strings.TrimSpace(string(user.RCAccountID)),
		RCUserID:        strings.TrimSpace(string(user.RCUserID)),
		PlatformHost:    string(w.PlatformHost),
		Accounts:        []Account(w.Accounts),
	}
	if u.Accounts == nil {
		u.Accounts = []Account{}
	}
	return nil
}

// SignedInUser reads GET …/admin/auth: the signed-in user and their
// accounts. It is not scoped to the client's account. A person is waiting
// for it (at start), so it goes ahead of polling unless ctx says otherwise.
func (c *Client) SignedInUser(ctx context.Context) (*SignedInUser, error) {
	resp, err := c.do(ctx, http.MethodGet, nil, PriorityAction, "admin", "auth")
	if err != nil {
		return nil, err
	}
	body := bytes.TrimSpace(resp.body)
	if len(body) == 0 || body[0] != '{' {
		return nil, fmt.Errorf("signed-in user: %w: expected a JSON object, got %s", ErrMalformedResponse, describeBody(body))
	}
	var u SignedInUser
	if err := json.Unmarshal(body, &u, listOptions); err != nil {
		return nil, fmt.Errorf("signed-in user: %w", malformed(err))
	}
	return &u, nil
}
