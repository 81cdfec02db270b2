package api

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// ActiveCall is one entry of the active-call list (ActiveCallListResponse).
// Every field may be null on the wire; nulls become zero values. Text fields
// are exactly as the server sent them: untrusted, to be cleaned before
// display (see Clean).
type ActiveCall struct {
	UII       string // unique call id, 30 digits; addressable only while active
	AccountID string
	ANI       string // caller's number
	DNIS      string // dialled number
	DNISE164  string
	// EnqueueTime is when the call entered the queue; DequeueTime when an
	// agent took it (zero while the call is still queued).
	EnqueueTime time.Time
	DequeueTime time.Time
	// CallState is "ACTIVE" in practice; any other value is kept as text.
	CallState       string
	Archive         bool
	AgentFirstName  string
	AgentLastName   string
	DestinationName string // queue or campaign
	ExternalID      string
	CNAM            string // caller name
}

// Queued reports whether no agent has taken the call yet.
func (c ActiveCall) Queued() bool { return c.DequeueTime.IsZero() }

// UnmarshalJSON decodes one call as DecodeActiveCalls decodes each call of
// a list (see decodeCallList for the leniency), so ActiveCall itself stays
// a plain struct of Go types.
func (c *ActiveCall) UnmarshalJSON(b []byte) error {
	return decodeOneCall(b, c)
}

// Account is an entry of GET /admin/accounts, trimmed to what the console
// uses.
type Account struct {
	AccountID       string
	AccountName     string
	MainAccountID   string
	MainAccountName string
}

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (a *Account) UnmarshalJSON(b []byte) error { return unmarshalWire(b, a, (*wireAccount).account) }

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the signed-in
// user's accounts decode with.
func (a *Account) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, a, &accountWires, (*wireAccount).account)
}

type wireAccount struct {
	AccountID       flexString `json:"accountId"`
	AccountName     flexString `json:"accountName"`
	MainAccountID   flexString `json:"mainAccountId"`
	MainAccountName flexString `json:"mainAccountName"`
}

var accountWires wirePool[wireAccount]

func (w *wireAccount) account() Account {
	return Account{string(w.AccountID), string(w.AccountName), string(w.MainAccountID), string(w.MainAccountName)}
}

// SessionType is the mode of a supervisor session on a call.
type SessionType string

const (
	// SessionMonitor listens to agent and customer.
	SessionMonitor SessionType = "MONITOR"
	// SessionBargeIn joins the call: everyone hears the supervisor.
	SessionBargeIn SessionType = "BARGEIN"
	// SessionCoaching whispers to the agent only.
	SessionCoaching SessionType = "COACHING"
)

// Valid reports whether s is one of the three documented values.
func (s SessionType) Valid() bool {
	return s == SessionMonitor || s == SessionBargeIn || s == SessionCoaching
}

// Product is the criterion the active-call list is scoped by.
type Product string

// The documented products. Only some return calls in practice (see
// NOTES.md); the rest answer an empty list but are still valid.
const (
	ProductAccount          Product = "ACCOUNT"
	ProductACD              Product = "ACD"
	ProductAgent            Product = "AGENT"
	ProductChatQueue        Product = "CHAT_QUEUE"
	ProductOutbound         Product = "OUTBOUND"
	ProductVisualIVR        Product = "VISUAL_IVR"
	ProductCloudProfile     Product = "CLOUD_PROFILE"
	ProductCloudDestination Product = "CLOUD_DESTINATION"
	ProductTracNumber       Product = "TRAC_NUMBER"
	ProductHTTPServices     Product = "HTTP_SERVICES"
	ProductScripting        Product = "SCRIPTING"
	ProductTNManager        Product = "TN_MANAGER"
	ProductSurvey           Product = "SURVEY"
	ProductDNIS             Product = "DNIS"
	ProductTeams            Product = "TEAMS"
	ProductKnowledgeBase    Product = "KNOWLEDGE_BASE"
	ProductUtilities        Product = "UTILITIES"
)

// Products lists every documented product, in the spec's order.
var Products = []Product{
	ProductAccount, ProductACD, ProductAgent, ProductChatQueue, ProductOutbound,
	ProductVisualIVR, ProductCloudProfile, ProductCloudDestination, ProductTracNumber,
	ProductHTTPServices, ProductScripting, ProductTNManager, ProductSurvey, ProductDNIS,
	ProductTeams, ProductKnowledgeBase, ProductUtilities,
}

// Valid reports whether p is a documented product.
func (p Product) Valid() bool {
	for _, q := range Products {
		if p == q {
			return true
		}
	}
	return false
}

// ListOptions selects one page of active calls. Scope is either Product and
// ProductID, or ExternalID.
type ListOptions struct {
	Product    Product
	ProductID  string // digits (int32 on the wire)
	ExternalID string
	Page       int // zero-indexed
	MaxRows    int // 0 → DefaultPageSize
	// Expect is how many calls the walk of every page (ListAllActiveCalls)
	// expects, usually the count the previous walk found: the pages that
	// count fills are fetched several at a time, any beyond one at a time,
	// so a steady list costs exactly its pages. 0: unknown, every page one
	// at a time.
	Expect int
	// Progress, when set, is called (from the walk's goroutines, one call
	// at a time, so it must not block) each time a page of
	// ListAllActiveCalls comes back while the list's end is not yet
	// known, so a long first load can show how far it got. The page that
	// ends the walk is not reported — the list follows at once — unless
	// it ends it because RingCX ignores paging (PagingIgnored). A list of
	// one page is never reported.
	Progress func(ListProgress)
}

// ListProgress is how far a walk over the pages of the active calls list
// has got.
type ListProgress struct {
	Pages int // pages answered so far
	Calls int // calls on them
	// PagingIgnored: RingCX ignores the page parameter — a page came back
	// as page 0 again, or a second page in one walk added no call the
	// walk had not already seen (one such page is a list that moved by a
	// whole page, left out) — so the walk ended there with what it had.
	// Reported once, on the walk's last progress call.
	PagingIgnored bool
}

// LoginDetails is the part of the RingCX sign-in answer
// (AccessTokenUserDetails) a console needs: which accounts the user can
// see. Tokens are deliberately not exposed.
type LoginDetails struct {
	MainAccountID string
	AdminID       string
	Agents        []AgentDetail
}

// AgentDetail is one agentDetails entry: a login of this user on an account.
type AgentDetail struct {
	AgentID     string
	FirstName   string
	LastName    string
	Email       string
	Username    string
	AccountID   string
	AccountName string
}

// ManualCallRequest is createManualAgentCall's parameters.
type ManualCallRequest struct {
	Username     string // the agent's RingCX username
	Destination  string // number to call, E.164
	RingDuration int    // seconds, 1–120
	CallerID     string // number shown to the callee, E.164
}

// DispositionRequest is dispositionCall's parameters.
type DispositionRequest struct {
	Disposition string
	Callback    bool
	// CallbackDTS is the callback time as yyyyMMddHHmmss; empty for none.
	CallbackDTS string
	Notes       string
}
