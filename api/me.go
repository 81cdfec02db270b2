package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
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

func (u *SignedInUser) UnmarshalJSON(b []byte) error {
	var w struct {
		PlatformHost flexString        `json:"platformHost"`
		Accounts     flexList[Account] `json:"accounts"`
		User         json.RawMessage   `json:"user"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var user struct {
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
	if raw := bytes.TrimSpace(w.User); len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &user); err != nil {
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
	if err := json.Unmarshal(body, &u); err != nil {
		return nil, fmt.Errorf("signed-in user: %w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
	}
	return &u, nil
}
