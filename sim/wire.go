package sim

import (
	"encoding/json"
	"maps"
	"time"
)

// Wire types are written from the OpenAPI subset, independently of the api/ package, so that a
// misreading of the spec on one side shows up as a failing test instead of agreeing with itself.

// tsLayout is RingCX's timestamp shape: milliseconds and an offset without a colon, never "Z".
const tsLayout = "2006-01-02T15:04:05.000-0700"

func formatTS(t time.Time) string { return t.UTC().Format(tsLayout) }

// wireCall is ActiveCallListResponse. Every field is always present; pointers encode as null.
// Field order follows the documented example.
type wireCall struct {
	UII             string  `json:"uii"`
	AccountID       string  `json:"accountId"`
	ANI             *string `json:"ani"`
	DNIS            *string `json:"dnis"`
	DNISE164        *string `json:"dnisE164"`
	EnqueueTime     *string `json:"enqueueTime"`
	DequeueTime     *string `json:"dequeueTime"`
	CallState       string  `json:"callState"`
	Archive         bool    `json:"archive"`
	AgentFirstName  *string `json:"agentFirstName"`
	AgentLastName   *string `json:"agentLastName"`
	DestinationName *string `json:"destinationName"`
	ExternalID      *string `json:"externalId"`
	CNAM            *string `json:"cnam"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// encoded returns the call's list JSON, encoding it only after a visible change: listing 10,000
// calls then costs a memory copy per call instead of a reflection-driven marshal.
func (w *world) encoded(c *call) []byte {
	if c.enc != nil {
		return c.enc
	}
	wc := wireCall{
		UII: c.uii, AccountID: c.account.id,
		ANI: nullable(c.ani), DNIS: nullable(c.dnis), DNISE164: nullable(c.dnisE164),
		EnqueueTime:     nullable(formatTS(c.enqueue)),
		CallState:       "ACTIVE",
		DestinationName: nullable(c.destName), ExternalID: nullable(c.externalID),
		CNAM: nullable(w.cnamOf(c)),
	}
	if !c.dequeue.IsZero() {
		wc.DequeueTime = nullable(formatTS(c.dequeue))
	}
	if c.enqueueNull {
		wc.EnqueueTime = nil
	}
	if c.agent != nil {
		f, l := w.agentNames(c.agent)
		wc.AgentFirstName, wc.AgentLastName = &f, &l
	}
	b, err := json.Marshal(wc)
	if err != nil {
		panic(err) // strings and bools only: cannot fail
	}
	c.enc = b
	return b
}

// CallView is the test-hook view of a call, including what the list API does not show (sessions,
// recording, disposition). Empty strings stand for null on the wire.
type CallView struct {
	UII             string            `json:"uii"`
	AccountID       string            `json:"accountId"`
	ANI             string            `json:"ani"`
	DNIS            string            `json:"dnis"`
	DNISE164        string            `json:"dnisE164"`
	CNAM            string            `json:"cnam"`
	CallState       string            `json:"callState"`
	AgentFirstName  string            `json:"agentFirstName"`
	AgentLastName   string            `json:"agentLastName"`
	AgentUsername   string            `json:"agentUsername"`
	DestinationName string            `json:"destinationName"`
	ExternalID      string            `json:"externalId"`
	EnqueueTime     time.Time         `json:"enqueueTime"`
	DequeueTime     *time.Time        `json:"dequeueTime"`
	Ended           bool              `json:"ended"`
	Sessions        map[string]string `json:"sessions"`
	Recording       *bool             `json:"recording"`
	Disposition     *DispositionView  `json:"disposition"`
}

type DispositionView struct {
	Disposition string `json:"disposition"`
	Callback    bool   `json:"callback"`
	CallbackDTS string `json:"callbackDTS"`
	Notes       string `json:"notes"`
}

type AgentView struct {
	Username  string `json:"username"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	LoggedIn  bool   `json:"loggedIn"`
	OnCall    string `json:"onCall"` // uii or ""
}

func (w *world) view(c *call) CallView {
	v := CallView{
		UII: c.uii, AccountID: c.account.id, ANI: c.ani, DNIS: c.dnis, DNISE164: c.dnisE164,
		CNAM: w.cnamOf(c), CallState: "ACTIVE", DestinationName: c.destName, ExternalID: c.externalID,
		EnqueueTime: c.enqueue, Ended: c.ended, Sessions: maps.Clone(c.sessions),
	}
	if v.Sessions == nil {
		v.Sessions = map[string]string{}
	}
	if c.ended {
		v.CallState = "ENDED"
	}
	if !c.dequeue.IsZero() {
		d := c.dequeue
		v.DequeueTime = &d
	}
	if c.agent != nil {
		v.AgentFirstName, v.AgentLastName = w.agentNames(c.agent)
		v.AgentUsername = c.agent.username
	}
	if c.recording != nil {
		r := *c.recording
		v.Recording = &r
	}
	if c.disposition != nil {
		d := *c.disposition
		v.Disposition = &d
	}
	return v
}

func (w *world) agentView(ag *agent) AgentView {
	v := AgentView{Username: ag.username, LoggedIn: ag.loggedIn}
	v.FirstName, v.LastName = w.agentNames(ag)
	if ag.onCall != nil {
		v.OnCall = ag.onCall.uii
	}
	return v
}

// wireAccount is the Account schema: the identity fields the product needs plus a few of the many
// settings a real answer carries, so a strict decoder meets unknown fields.
type wireAccount struct {
	AccountID           string          `json:"accountId"`
	AccountName         string          `json:"accountName"`
	MainAccountID       string          `json:"mainAccountId"`
	MainAccountName     string          `json:"mainAccountName"`
	ArchivedAccount     bool            `json:"archivedAccount"`
	EnableInbound       bool            `json:"enableInbound"`
	EnableOutbound      bool            `json:"enableOutbound"`
	EnableChat          bool            `json:"enableChat"`
	DefaultCallerid     string          `json:"defaultCallerid"`
	PrimaryTimezone     int             `json:"primaryTimezone"`
	RcAccountAccess     string          `json:"rcAccountAccess"`
	RecordingAccessMode string          `json:"recordingAccessMode"`
	DataRetentionDays   int             `json:"dataRetentionDays"`
	MainAccount         wireMainAccount `json:"mainAccount"`
}

type wireMainAccount struct {
	MainAccountID   string `json:"mainAccountId"`
	MainAccountName string `json:"mainAccountName"`
	RcAccountID     string `json:"rcAccountId"`
	IsActive        int    `json:"isActive"`
}

const rcAccountID = "400131234008"

func (w *world) wireAccounts() []wireAccount {
	out := make([]wireAccount, 0, len(w.accounts))
	for _, a := range w.accounts {
		out = append(out, wireAccount{
			AccountID: a.id, AccountName: a.name, MainAccountID: mainAccountID, MainAccountName: mainAccountName,
			EnableInbound: true, EnableOutbound: len(a.campaigns) > 0, DefaultCallerid: a.campaigns[0].dnis[0],
			PrimaryTimezone: 5, RcAccountAccess: "REQUIRED", RecordingAccessMode: "ACCOUNT", DataRetentionDays: 90,
			MainAccount: wireMainAccount{MainAccountID: mainAccountID, MainAccountName: mainAccountName, RcAccountID: rcAccountID, IsActive: 1},
		})
	}
	return out
}

// AccessTokenUserDetails (exchange and refresh answers).
type wireTokenDetails struct {
	AccessToken   string        `json:"accessToken"`
	RefreshToken  string        `json:"refreshToken,omitempty"`
	TokenType     string        `json:"tokenType"`
	MainAccountID string        `json:"mainAccountId"`
	AgentDetails  []wireAgent   `json:"agentDetails"`
	AdminID       int           `json:"adminId"`
	AdminURL      string        `json:"adminUrl"`
	AgentURL      string        `json:"agentUrl"`
	AnalyticsURL  string        `json:"analyticsUrl"`
	PlatformID    string        `json:"platformId"`
	SSOLogin      bool          `json:"ssoLogin"`
	AdminPwdReset bool          `json:"adminPasswordReset"`
	RCUser        wireRCContact `json:"rcUser"`
}

type wireAgent struct {
	AgentID     int    `json:"agentId"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Email       string `json:"email"`
	Username    string `json:"username"`
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName"`
	AgentType   string `json:"agentType"`
	RCUserID    int64  `json:"rcUserId"`
}

type wireRCContact struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
	Company   string `json:"company"`
	JobTitle  string `json:"jobTitle"`
}

// RingCentral platform token answer (snake_case, as RingCentral spells it).
type wireRCToken struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
	OwnerID               string `json:"owner_id"`
	EndpointID            string `json:"endpoint_id"`
}

// UserLoginView (legacy login).
type wireLogin struct {
	AuthToken    string            `json:"authToken"`
	Accounts     []wireAccountView `json:"accounts"`
	PlatformHost string            `json:"platformHost"`
	User         wireUser          `json:"user"`
}

type wireAccountView struct {
	AccountID       string `json:"accountId"`
	AccountName     string `json:"accountName"`
	MainAccountID   string `json:"mainAccountId"`
	MainAccountName string `json:"mainAccountName"`
	EnableInbound   bool   `json:"enableInbound"`
	EnableOutbound  bool   `json:"enableOutbound"`
	RcAccountID     string `json:"rcAccountId"`
}

type wireUser struct {
	UserID    int    `json:"userId"`
	UserName  string `json:"userName"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	FullName  string `json:"fullName"`
	Enabled   bool   `json:"enabled"`
	RootUser  bool   `json:"rootUser"`
}
