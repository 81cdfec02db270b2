package config

import (
	"strconv"
	"time"

	"github.com/callboard/callboard/api"
)

// Default values that do not depend on the environment.
const (
	DefaultRefresh       = 5 * time.Second
	DefaultWaitThreshold = 60 * time.Second
	DefaultTalkThreshold = 10 * time.Minute
	// The agents and queues views' defaults; ui's own (ui.Thresholds) are
	// the same, which a test of the main package holds them to.
	DefaultWrapUpThreshold    = 2 * time.Minute
	DefaultAwayThreshold      = 15 * time.Minute
	DefaultQueueWaitThreshold = 60 * time.Second
	DefaultServiceLevel       = 0.8
	DefaultTheme              = "auto"
	DefaultLogLevel           = "info"
)

// spec is one plain (non-secret) setting: every name it goes by and how
// its text is checked and stored. Keeping all of that in one row is what
// keeps flags, variables, file keys and Describe from drifting apart.
type spec struct {
	name    string // as in the config file and Describe ("scope.product")
	flag    string // flag name, "" when there is none
	env     string // variable, "" when there is none
	isBool  bool   // registered as a boolean flag
	def     string // default, "" when none or when it depends on env
	usage   string // flag help; a `word` in backquotes names the argument (help drops the quotes)
	isPath  bool   // a relative path in the config file is relative to the file
	check   func(string) (string, error)
	set     func(*Settings, string)
	get     func(*Settings) string // for Describe
	isScope bool                   // resolved together with the other scope settings
}

var specs = []spec{
	{name: "server", flag: "server", env: "RINGCX_SERVER_URL", def: api.DefaultServer,
		usage: "the RingCX server `URL` (legacy portal.vacd.biz hosts accepted)",
		check: checkRingCXServer, set: func(s *Settings, v string) { s.Server = v },
		get: func(s *Settings) string { return s.Server }},
	{name: "account", flag: "account", env: "RINGCX_ACCOUNT_ID",
		usage: "the RingCX account `id` (default: the one the sign-in answer gives)",
		check: checkAccount, set: func(s *Settings, v string) { s.Account = v },
		get: func(s *Settings) string { return s.Account }},
	{name: "phone", flag: "phone", env: "CALLBOARD_PHONE",
		usage: "your `number`, which RingCX dials to monitor, coach or barge",
		// Read in the region and normalised by resolvePhone.
		check: checkText, set: func(s *Settings, v string) { s.Phone = v },
		get: func(s *Settings) string { return s.Phone }},
	{name: "region", flag: "region", env: "CALLBOARD_REGION",
		usage: "the `region` of numbers written without a country code: US, GB, DE, … (default: your phone's, else US)",
		check: checkRegion, set: func(s *Settings, v string) { s.Region = v },
		get: func(s *Settings) string { return s.Region }},
	{name: "read_only", flag: "read-only", isBool: true, def: "false",
		usage: "watch only: no action can be sent",
		set:   func(s *Settings, v string) { s.ReadOnly = v == "true" },
		get:   func(s *Settings) string { return strconv.FormatBool(s.ReadOnly) }},
	{name: "refresh", flag: "refresh", env: "CALLBOARD_REFRESH", def: shortDuration(DefaultRefresh),
		usage: "how often to ask for active calls (`duration`, 2s to 10m)",
		check: checkRefresh, set: func(s *Settings, v string) { s.Refresh = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.Refresh) }},
	{name: "action_deadline", flag: "action-deadline", env: "CALLBOARD_ACTION_DEADLINE", def: shortDuration(api.DefaultActionDeadline),
		usage: "how long an action may wait for its turn before it is given up, not sent (`duration`, 1s to 10m)",
		check: checkActionDeadline, set: func(s *Settings, v string) { s.ActionDeadline = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.ActionDeadline) }},
	{name: "theme", flag: "theme", def: DefaultTheme,
		usage: "colours: auto, dark, light or none",
		check: checkTheme, set: func(s *Settings, v string) { s.Theme = v },
		get: func(s *Settings) string { return s.Theme }},
	{name: "audit_log", flag: "audit-log", env: "CALLBOARD_AUDIT_LOG", isPath: true,
		usage: "audit log `file` (JSON Lines)",
		check: checkPath, set: func(s *Settings, v string) { s.AuditLog = v },
		get: func(s *Settings) string { return s.AuditLog }},
	{name: "scope.product", flag: "product", isScope: true,
		usage: "narrow the board to a RingCX `product` (ACD, OUTBOUND, …) with --product-id",
		check: checkProduct, set: func(s *Settings, v string) { s.Scope.Product = v },
		get: func(s *Settings) string { return s.Scope.Product }},
	{name: "scope.product_id", flag: "product-id", isScope: true,
		usage: "the product's `id` (a queue, campaign, …)",
		check: checkProductID, set: func(s *Settings, v string) { s.Scope.ProductID = v },
		get: func(s *Settings) string { return s.Scope.ProductID }},
	{name: "scope.external_id", flag: "external-id", isScope: true,
		usage: "narrow the board to calls with this external `id` instead of a product",
		check: checkText, set: func(s *Settings, v string) { s.Scope.ExternalID = v },
		get: func(s *Settings) string { return s.Scope.ExternalID }},
	{name: "thresholds.wait", flag: "wait-threshold", def: shortDuration(DefaultWaitThreshold),
		usage: "highlight calls queued longer than this `duration`",
		check: checkThreshold, set: func(s *Settings, v string) { s.WaitThreshold = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.WaitThreshold) }},
	{name: "thresholds.talk", flag: "talk-threshold", def: shortDuration(DefaultTalkThreshold),
		usage: "highlight calls talking longer than this `duration`",
		check: checkThreshold, set: func(s *Settings, v string) { s.TalkThreshold = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.TalkThreshold) }},
	{name: "thresholds.wrap_up", def: shortDuration(DefaultWrapUpThreshold),
		check: checkThreshold, set: func(s *Settings, v string) { s.WrapUpThreshold = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.WrapUpThreshold) }},
	{name: "thresholds.away", def: shortDuration(DefaultAwayThreshold),
		check: checkThreshold, set: func(s *Settings, v string) { s.AwayThreshold = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.AwayThreshold) }},
	{name: "thresholds.queue_wait", def: shortDuration(DefaultQueueWaitThreshold),
		check: checkThreshold, set: func(s *Settings, v string) { s.QueueWaitThreshold = mustDuration(v) },
		get: func(s *Settings) string { return shortDuration(s.QueueWaitThreshold) }},
	{name: "thresholds.service_level", def: percent(DefaultServiceLevel),
		check: checkShare, set: func(s *Settings, v string) { s.ServiceLevelTarget = mustShare(v) },
		get: func(s *Settings) string { return percent(s.ServiceLevelTarget) }},
	{name: "thresholds.bell", isBool: true, def: "false",
		set: func(s *Settings, v string) { s.Bell = v == "true" },
		get: func(s *Settings) string { return strconv.FormatBool(s.Bell) }},
	{name: "log.level", flag: "log-level", env: "CALLBOARD_LOG_LEVEL", def: DefaultLogLevel,
		usage: "debug log `level`: debug, info, warn or error",
		check: checkLogLevel, set: func(s *Settings, v string) { s.LogLevel = v },
		get: func(s *Settings) string { return s.LogLevel }},
	{name: "log.file", flag: "log-file", env: "CALLBOARD_LOG_FILE", isPath: true,
		usage: "debug log `file` (never written to the screen)",
		check: checkPath, set: func(s *Settings, v string) { s.LogFile = v },
		get: func(s *Settings) string { return s.LogFile }},
	{name: "credentials.ringcentral_server", env: "RINGCENTRAL_SERVER_URL", def: api.DefaultRingCentral,
		check: checkRingCentralServer, set: func(s *Settings, v string) { s.Credentials.RingCentralServer = v },
		get: func(s *Settings) string { return s.Credentials.RingCentralServer }},
	{name: "credentials.client_id", env: "RINGCENTRAL_CLIENT_ID",
		check: checkText, set: func(s *Settings, v string) { s.Credentials.ClientID = v },
		get: func(s *Settings) string { return s.Credentials.ClientID }},
}

// secretSpec is one credential. It can be given inline or as a file: the
// file key adds "_file" to name, the file variable adds "_FILE" to env.
type secretSpec struct {
	name  string // "credentials.jwt"
	env   string // "RINGCENTRAL_JWT"
	field func(*Credentials) *Secret
}

var secretSpecs = []secretSpec{
	{"credentials.client_secret", "RINGCENTRAL_CLIENT_SECRET", func(c *Credentials) *Secret { return &c.ClientSecret }},
	{"credentials.jwt", "RINGCENTRAL_JWT", func(c *Credentials) *Secret { return &c.JWT }},
	{"credentials.access_token", "RINGCX_ACCESS_TOKEN", func(c *Credentials) *Secret { return &c.AccessToken }},
	{"credentials.refresh_token", "RINGCX_REFRESH_TOKEN", func(c *Credentials) *Secret { return &c.RefreshToken }},
	{"credentials.api_token", "RINGCX_API_TOKEN", func(c *Credentials) *Secret { return &c.APIToken }},
}

// Variables and flags that are not settings of their own.
const (
	envConfig  = "CALLBOARD_CONFIG"
	envNoColor = "NO_COLOR"
	flagConfig = "config"
)

// mustShare parses text checkShare has already accepted.
func mustShare(v string) float64 {
	f, err := parseShare(v)
	if err != nil {
		panic("config: unchecked share " + v)
	}
	return f
}

// mustDuration parses text a check has already accepted.
func mustDuration(v string) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil {
		panic("config: unchecked duration " + v)
	}
	return d
}
