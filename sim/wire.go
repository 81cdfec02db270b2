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
	// State is what realTimeData/agent reports for a logged-in agent (ON_CALL, WRAP_UP, AVAILABLE or
	// an aux state), "" for one logged out.
	State string `json:"state"`
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
	if ag.loggedIn {
		v.State, _, _ = w.agentState(ag)
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
	// PhoneNumber and PhoneNumberE164 are the user's own phone (omitted when unknown).
	PhoneNumber     string `json:"phoneNumber,omitempty"`
	PhoneNumberE164 string `json:"phoneNumberE164,omitempty"`
	RCAccountID     string `json:"rcAccountId,omitempty"`
}

// ---- reporting and reference lists (reporting.go, refdata.go) ----
//
// The lists follow the OpenAPI subset's schemas (AgentGroup, Agent, GateGroup, Gate,
// GateDisposition, DialGroup, Campaign), each with the fields a console needs and a few more so a
// strict decoder meets unknown ones. The real-time rows follow the developer guide's prose (the
// spec does not define them): every field is present, numbers as JSON numbers.

type wireAgentGroup struct {
	AgentGroupID int    `json:"agentGroupId"`
	GroupName    string `json:"groupName"`
	IsDefault    bool   `json:"isDefault"`
}

func (a *account) wireAgentGroup() wireAgentGroup {
	return wireAgentGroup{AgentGroupID: a.agentGroupID(), GroupName: a.agentGroupName(), IsDefault: a.idx == 0}
}

// wireRosterAgent is the spec's Agent, as agentGroups/{id}/agents lists it: the whole roster, logged in
// or not.
type wireRosterAgent struct {
	AgentID                     int            `json:"agentId"`
	AgentType                   string         `json:"agentType"`
	Username                    string         `json:"username"`
	FirstName                   string         `json:"firstName"`
	LastName                    string         `json:"lastName"`
	Email                       string         `json:"email"`
	ExternalAgentID             *string        `json:"externalAgentId"`
	IsActive                    bool           `json:"isActive"`
	Active                      bool           `json:"active"`
	GroupID                     int            `json:"groupId"`
	AgentGroup                  wireAgentGroup `json:"agentGroup"`
	Team                        string         `json:"team"`
	Location                    string         `json:"location"`
	AgentRank                   int            `json:"agentRank"`
	AllowManualCalls            bool           `json:"allowManualCalls"`
	DisableSupervisorMonitoring bool           `json:"disableSupervisorMonitoring"`
}

var teams = []string{"Tier 1", "Tier 2", "Spanish"}
var locations = []string{"Austin", "Remote", "Dublin"}

func (w *world) wireRosterAgent(ag *agent) wireRosterAgent {
	f, l := w.agentNames(ag)
	a := ag.account
	return wireRosterAgent{
		AgentID: ag.id, AgentType: "AGENT", Username: ag.username, FirstName: f, LastName: l, Email: ag.username,
		IsActive: true, Active: true, GroupID: a.agentGroupID(), AgentGroup: a.wireAgentGroup(),
		Team: teams[ag.id%len(teams)], Location: locations[ag.id%len(locations)], AgentRank: 1 + ag.id%5,
		AllowManualCalls: true, DisableSupervisorMonitoring: ag.id%23 == 0,
	}
}

type wireGateGroup struct {
	GateGroupID int        `json:"gateGroupId"`
	GroupName   string     `json:"groupName"`
	BillingKey  *string    `json:"billingKey"`
	Gates       []wireGate `json:"gates"`
}

type wireGate struct {
	GateID             int    `json:"gateId"`
	GateName           string `json:"gateName"`
	GateDesc           string `json:"gateDesc"`
	IsActive           bool   `json:"isActive"`
	GateOpen           bool   `json:"gateOpen"`
	GatePriority       int    `json:"gatePriority"`
	SLATime            int    `json:"slaTime"`
	WrapTime           int    `json:"wrapTime"`
	DispositionTimeout int    `json:"dispositionTimeout"`
	ShortAbandonTime   int    `json:"shortAbandonTime"`
	ShortCallTime      int    `json:"shortCallTime"`
	LongCallTime       int    `json:"longCallTime"`
	HangupOnDisp       bool   `json:"hangupOnDisposition"`
}

func wireGateOf(q *dest) wireGate {
	return wireGate{
		GateID: q.id, GateName: q.name, GateDesc: q.name + " queue", IsActive: true, GateOpen: true, GatePriority: 1,
		SLATime: int(q.slaTime / time.Second), WrapTime: int(q.wrapTime / time.Second),
		DispositionTimeout: int(q.wrapTime / time.Second), ShortAbandonTime: int(shortAbandon / time.Second),
		ShortCallTime: int(shortCall / time.Second), LongCallTime: int(longCall / time.Second),
	}
}

type wireGateDisposition struct {
	GateDispositionID int    `json:"gateDispositionId"`
	Disposition       string `json:"disposition"`
	IsDisabled        bool   `json:"isDisabled"`
	IsDefault         bool   `json:"isDefault"`
	Rank              int    `json:"rank"`
	RequireNote       bool   `json:"requireNote"`
	IsSuccess         bool   `json:"isSuccess"`
	IsComplete        bool   `json:"isComplete"`
	IsContact         bool   `json:"isContact"`
	DoNotCall         bool   `json:"doNotCall"`
	IsRequeued        int    `json:"isRequeued"`
}

type wireDialGroup struct {
	DialGroupID   int            `json:"dialGroupId"`
	DialGroupName string         `json:"dialGroupName"`
	DialMode      string         `json:"dialMode"`
	IsActive      bool           `json:"isActive"`
	Campaigns     []wireCampaign `json:"campaigns"`
}

// wireCampaign is the spec's Campaign; note its isActive is an integer (1/0) there, unlike Gate's.
type wireCampaign struct {
	CampaignID           int                       `json:"campaignId"`
	CampaignName         string                    `json:"campaignName"`
	IsActive             int                       `json:"isActive"`
	DialGroupID          int                       `json:"groupId"`
	CampaignDispositions []wireCampaignDisposition `json:"campaignDispositions"`
}

// wireCampaignDisposition: the spec leaves CollectionCampaignDisposition without properties. The
// most likely shape is GateDisposition's with a campaign id [guess]; clients should read
// "disposition" and treat the rest as optional.
type wireCampaignDisposition struct {
	CampaignDispositionID int    `json:"campaignDispositionId"`
	Disposition           string `json:"disposition"`
	IsDisabled            bool   `json:"isDisabled"`
	IsDefault             bool   `json:"isDefault"`
	Rank                  int    `json:"rank"`
	RequireNote           bool   `json:"requireNote"`
	IsSuccess             bool   `json:"isSuccess"`
	IsComplete            bool   `json:"isComplete"`
	DoNotCall             bool   `json:"doNotCall"`
}

// wireRTAgent is one row of realTimeData/agent: a logged-in agent. The call fields are "" and the
// gate and campaign ids null when the agent is on no call [guess: the guide says "empty"].
type wireRTAgent struct {
	AgentID                int     `json:"agentId"`
	FirstName              string  `json:"firstName"`
	LastName               string  `json:"lastName"`
	Username               string  `json:"username"`
	Email                  string  `json:"email"`
	AgentType              string  `json:"agentType"`
	AgentGroupID           int     `json:"agentGroupId"`
	AgentGroupName         string  `json:"agentGroupName"`
	AgentLoginID           int     `json:"agentLoginId"`
	AgentState             string  `json:"agentState"`
	StateTime              int     `json:"stateTime"`
	LoginTime              int     `json:"loginTime"`
	PendingDisposition     int     `json:"pendingDisposition"`
	PendingDispositionTime int     `json:"pendingDispositionTime"`
	IsOffhook              int     `json:"isOffhook"`
	IsGhostLogin           int     `json:"isGhostLogin"`
	LastUpdate             string  `json:"lastUpdate"`
	CallUII                string  `json:"callUii"`
	CallANI                string  `json:"callAni"`
	CallDNIS               string  `json:"callDnis"`
	GateID                 *int    `json:"gateId"`
	CampaignID             *int    `json:"campaignId"`
	CallSource             *string `json:"callSource"`
	CallsHandled           int     `json:"callsHandled"`
	RNA                    int     `json:"rna"`
	TotalTalkTime          int     `json:"totalTalkTime"`
}

// wireRTInbound is one row of realTimeData/inbound: a queue (gate).
type wireRTInbound struct {
	GateID           int     `json:"gateId"`
	GateGroupID      int     `json:"gateGroupId"`
	GateName         string  `json:"gateName"`
	GroupName        string  `json:"groupName"`
	Schedule         string  `json:"schedule"`
	ScheduleOverride *string `json:"scheduleOverride"`
	State            string  `json:"state"`
	LastUpdate       string  `json:"lastUpdate"`
	Active           int     `json:"active"`
	InQueue          int     `json:"inQueue"`
	Routing          int     `json:"routing"`
	LongestInQueue   int     `json:"longestInQueue"`
	Staffed          int     `json:"staffed"`
	Available        int     `json:"available"`
	Presented        int     `json:"presented"`
	Accepted         int     `json:"accepted"`
	Abandoned        int     `json:"abandoned"`
	Deflected        int     `json:"deflected"`
	ShortAbandon     int     `json:"shortAbandon"`
	SLAPass          int     `json:"slaPass"`
	SLAFail          int     `json:"slaFail"`
	ShortCall        int     `json:"shortCall"`
	LongCall         int     `json:"longCall"`
	SuccessDisps     int     `json:"successDispositions"`
	TotalQueueTime   int     `json:"totalQueueTime"`
	TotalAnswerTime  int     `json:"totalAnswerTime"`
	TotalTalkTime    int     `json:"totalTalkTime"`
	TotalAbandonTime int     `json:"totalAbandonTime"`
}

// accessDenied is the body RingCX answers a user without reporting rights with (the guide's
// example): no details, no requestUri.
type accessDenied struct {
	ErrorCode      string `json:"errorCode"`
	GeneralMessage string `json:"generalMessage"`
	Timestamp      int64  `json:"timestamp"`
}
