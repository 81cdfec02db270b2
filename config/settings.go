package config

import "time"

// Settings are the effective values callboard runs with.
type Settings struct {
	Server  string // RingCX server (current or legacy host)
	Account string // RingCX account id; "" means "take it from the sign-in answer"
	Phone   string // the supervisor's phone, normalised to E.164
	Scope   Scope

	// Region is where a number written without a country code belongs
	// (libphonenumber's region code: US, GB, DE); numbers of this region
	// are shown in its national format.
	Region string

	Refresh time.Duration // how often the board asks for active calls
	// ActionDeadline is how long an action may wait for its turn (the
	// request budget, a rate-limit pause) before it fails as not sent;
	// 0 leaves the client's default (api.DefaultActionDeadline).
	ActionDeadline time.Duration
	WaitThreshold  time.Duration // a queued call waiting longer is highlighted
	TalkThreshold  time.Duration // a call talking longer is highlighted

	// The agents and queues views' thresholds ([thresholds]): past them a
	// row is highlighted and the board raises an alert.
	WrapUpThreshold    time.Duration // an agent in wrap-up or pending disposition longer
	AwayThreshold      time.Duration // an agent in an away (aux) state longer
	QueueWaitThreshold time.Duration // a queue's longest wait longer
	ServiceLevelTarget float64       // a queue's service level today under this share (0–1]
	Bell               bool          // ring the terminal bell with each alert

	ReadOnly bool
	Theme    string              // auto | dark | light | none
	Keys     map[string][]string // action name → keys, only the overridden actions

	LogLevel string // debug | info | warn | error
	LogFile  string // "" when no state directory could be worked out
	AuditLog string // "" when no state directory could be worked out

	Credentials Credentials

	ConfigFile string // the config file read, "" if none
}

// Scope is what the active-call list is narrowed to: a RingCX product and
// its id, or an external id. When the product is ACCOUNT and no id is
// configured, ProductID is the account; it is "" while the account itself
// is unknown (the caller then uses the account the sign-in settles on).
type Scope struct {
	Product    string
	ProductID  string
	ExternalID string
}

// Config is the effective Settings and where each came from.
type Config struct {
	Settings
	// Sources is keyed by setting name as Describe prints it and as the
	// config file spells it: "refresh", "scope.product", "keys.hangup",
	// "credentials.jwt", plus "config" for the config file itself. A
	// setting with no value (an unset secret) has no entry.
	Sources map[string]Source

	// defaultPath is where a config file would have been read from, so
	// Describe can say where to create one.
	defaultPath string
}
