package config

import (
	"fmt"
	"strconv"
	"strings"
)

// fileConfig is the config file's shape. Decoding into it with unknown
// fields disallowed is what turns a typo into an error with a line number.
// Strings are plain (not pointers) because an empty string counts as
// unset, as it does in the environment: the sample file's `external_id =
// ""` must not conflict with a product.
type fileConfig struct {
	Server   string `toml:"server"`
	Account  string `toml:"account"`
	Phone    string `toml:"phone"`
	Region   string `toml:"region"`
	ReadOnly *bool  `toml:"read_only"` // a pointer: false is a value
	Refresh  string `toml:"refresh"`
	// ActionDeadline is action_deadline: how long an action may wait
	// for its turn before it is given up, not sent.
	ActionDeadline string `toml:"action_deadline"`
	Theme          string `toml:"theme"`
	AuditLog       string `toml:"audit_log"`

	Scope struct {
		Product    string `toml:"product"`
		ProductID  string `toml:"product_id"`
		ExternalID string `toml:"external_id"`
	} `toml:"scope"`

	Thresholds struct {
		Wait      string `toml:"wait"`
		Talk      string `toml:"talk"`
		WrapUp    string `toml:"wrap_up"`
		Away      string `toml:"away"`
		QueueWait string `toml:"queue_wait"`
		// ServiceLevel is "80%" or 0.8: TOML gives a string or a number,
		// so it is decoded as either and checked as text (checkShare).
		ServiceLevel any   `toml:"service_level"`
		Bell         *bool `toml:"bell"` // a pointer: false is a value
	} `toml:"thresholds"`

	Keys map[string][]string `toml:"keys"`

	Log struct {
		Level string `toml:"level"`
		File  string `toml:"file"`
	} `toml:"log"`

	Credentials struct {
		RingCentralServer string `toml:"ringcentral_server"`
		ClientID          string `toml:"client_id"`
		ClientSecret      string `toml:"client_secret"`
		ClientSecretFile  string `toml:"client_secret_file"`
		JWT               string `toml:"jwt"`
		JWTFile           string `toml:"jwt_file"`
		AccessToken       string `toml:"access_token"`
		AccessTokenFile   string `toml:"access_token_file"`
		RefreshToken      string `toml:"refresh_token"`
		RefreshTokenFile  string `toml:"refresh_token_file"`
		APIToken          string `toml:"api_token"`
		APITokenFile      string `toml:"api_token_file"`
	} `toml:"credentials"`

	// Serve is `callboard serve`'s section, read by ReadServe; the other
	// commands only check its shape.
	Serve serveFile `toml:"serve"`
}

// plain returns the plain settings by name. A test checks that these
// names and the specs' names are the same set.
func (fc *fileConfig) plain() map[string]string {
	m := map[string]string{
		"server":                         fc.Server,
		"account":                        fc.Account,
		"phone":                          fc.Phone,
		"region":                         fc.Region,
		"refresh":                        fc.Refresh,
		"action_deadline":                fc.ActionDeadline,
		"theme":                          fc.Theme,
		"audit_log":                      fc.AuditLog,
		"scope.product":                  fc.Scope.Product,
		"scope.product_id":               fc.Scope.ProductID,
		"scope.external_id":              fc.Scope.ExternalID,
		"thresholds.wait":                fc.Thresholds.Wait,
		"thresholds.talk":                fc.Thresholds.Talk,
		"thresholds.wrap_up":             fc.Thresholds.WrapUp,
		"thresholds.away":                fc.Thresholds.Away,
		"thresholds.queue_wait":          fc.Thresholds.QueueWait,
		"thresholds.service_level":       shareText(fc.Thresholds.ServiceLevel),
		"log.level":                      fc.Log.Level,
		"log.file":                       fc.Log.File,
		"credentials.ringcentral_server": fc.Credentials.RingCentralServer,
		"credentials.client_id":          fc.Credentials.ClientID,
	}
	if fc.ReadOnly != nil {
		m["read_only"] = strconv.FormatBool(*fc.ReadOnly)
	}
	if fc.Thresholds.Bell != nil {
		m["thresholds.bell"] = strconv.FormatBool(*fc.Thresholds.Bell)
	}
	return m
}

// shareText is service_level as the file gave it, as text for checkShare:
// a string as written, a number in Go's shortest form, a float keeping a
// decimal point (1.0 stays "1.0", which checkShare reads as 100%, while
// the integer 1 may mean 1%). Anything else (a boolean, a list) is written
// out as it is, for checkShare to refuse by its value.
func shareText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEnN") { // not 1e-07, +Inf or NaN
			s += ".0"
		}
		return s
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(v)
}

// secrets returns each credential's inline value and file path by name.
func (fc *fileConfig) secrets() map[string][2]string {
	c := &fc.Credentials
	return map[string][2]string{
		"credentials.client_secret": {c.ClientSecret, c.ClientSecretFile},
		"credentials.jwt":           {c.JWT, c.JWTFile},
		"credentials.access_token":  {c.AccessToken, c.AccessTokenFile},
		"credentials.refresh_token": {c.RefreshToken, c.RefreshTokenFile},
		"credentials.api_token":     {c.APIToken, c.APITokenFile},
	}
}

// fileKeyNames is every key the file accepts, for "did you mean" hints.
func fileKeyNames() []string {
	names := []string{"scope", "thresholds", "keys", "log", "credentials", "serve", "serve.users",
		"serve.listen", "serve.host_key", "serve.authorized_keys", "serve.max_sessions", "serve.idle_timeout",
		"serve.max_session_time", "serve.rate_limit", "serve.users.name", "serve.users.keys", "serve.users.phone", "serve.users.role"}
	for _, sp := range specs {
		names = append(names, sp.name)
	}
	for _, ss := range secretSpecs {
		names = append(names, ss.name, ss.name+"_file")
	}
	return names
}
