package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/shown"
)

// minRefresh keeps the board within RingCX's rate limit with room for the
// supervisor's own actions, which draw on the same budget. maxRefresh
// keeps the board's freshness honest: a board refreshed once a day would
// say "updated 14s ago" for hours after RingCX stopped answering.
const (
	minRefresh = 2 * time.Second
	maxRefresh = 10 * time.Minute
)

// minActionDeadline and maxActionDeadline bound action_deadline: shorter
// than a second gives up on actions an ordinary refresh delays; longer
// than ten minutes leaves a supervisor watching a spinner for a call that
// has long ended.
const (
	minActionDeadline = time.Second
	maxActionDeadline = 10 * time.Minute
)

// badValue is why a check refused a value. When quoted is set the reason
// already quotes the value (`"fast" is not a duration`), so the message
// names only where it was set; otherwise the value goes in front of the
// reason (`--refresh 1s: too short: …`). hideValue is for values that may
// carry a credential (a URL with a password), which are never repeated.
type badValue struct {
	reason    string
	quoted    bool
	hideValue bool
}

func (b *badValue) Error() string { return b.reason }

func refused(format string, args ...any) error {
	return &badValue{reason: fmt.Sprintf(format, args...)}
}

// explain turns a check's refusal into a message naming the source.
func explain(src Source, key, value string, err error) error {
	var b *badValue
	if !errors.As(err, &b) {
		return problemf("%s: %v", src.at(key), err)
	}
	if b.quoted || b.hideValue {
		return problemf("%s: %s", src.at(key), b.reason)
	}
	return problemf("%s: %s", src.atValue(key, value), b.reason)
}

// checkText refuses what api.CheckText refuses in anything a person
// types — invalid UTF-8, control characters, bidi overrides — so that a
// setting cannot carry what the board and the commands would refuse.
func checkText(v string) (string, error) {
	if err := api.CheckText("", v, false); err != nil {
		return "", refusal(err)
	}
	return v, nil
}

func checkPath(v string) (string, error) { return checkText(v) }

func checkAccount(v string) (string, error) {
	if !allDigits(v) {
		return "", refused("an account id has digits only")
	}
	return v, nil
}

func checkDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, &badValue{reason: fmt.Sprintf("%s is not a duration (e.g. 5s, 1m)", shown.Quote(v)), quoted: true}
	}
	return d, nil
}

func checkRefresh(v string) (string, error) {
	d, err := checkDuration(v)
	if err != nil {
		return "", err
	}
	switch {
	case d < minRefresh:
		return "", refused("too short: the minimum is %s (RingCX allows 120 requests a minute per account, shared with actions)", minRefresh)
	case d > maxRefresh:
		return "", refused("too long: give %s, so the board can tell when its calls go stale", between(minRefresh, maxRefresh))
	}
	return v, nil
}

func checkActionDeadline(v string) (string, error) {
	d, err := checkDuration(v)
	if err != nil {
		return "", err
	}
	if d < minActionDeadline || d > maxActionDeadline {
		return "", refused("out of range: give %s", between(minActionDeadline, maxActionDeadline))
	}
	return v, nil
}

// between names an allowed range of durations: "between 2s and 10m".
func between(lo, hi time.Duration) string {
	return "between " + shortDuration(lo) + " and " + shortDuration(hi)
}

func checkThreshold(v string) (string, error) {
	d, err := checkDuration(v)
	if err != nil {
		return "", err
	}
	if d <= 0 {
		return "", refused("must be more than 0")
	}
	return v, nil
}

// checkShare accepts a service level target as a percentage ("80%") or a
// share (0.8), and normalises it to the percentage. It refuses what the
// board would misread: 0, or a target that rounds to 0% (the board reads
// a zero target as unset and uses 80%); a bare number over 1 and up to
// 100, which is a percentage without its % (80 is refused with "write
// \"80%\" or 0.8"); and a bare whole 1, which may mean 100% or 1% (1.0
// and "100%" say 100%).
func checkShare(v string) (string, error) {
	f, err := parseShare(v)
	if err != nil {
		return "", &badValue{reason: fmt.Sprintf("%s is not a service level: write a percentage such as \"80%%\" or a share such as 0.8", shown.Quote(v)), quoted: true}
	}
	bare := !strings.HasSuffix(strings.TrimSpace(v), "%")
	switch {
	case f <= 0:
		return "", refused("must be more than 0%% (e.g. \"80%%\" or 0.8)")
	case bare && f > 1 && f <= 100:
		share := math.Round(f*1e4) / 1e6
		return "", refused("a number without %% is a share from 0 to 1: write %q or %s", percent(share), shareText(share))
	case f > 1:
		return "", refused("over 100%%: write a percentage such as \"80%%\" or a share such as 0.8")
	case bare && f == 1 && !strings.Contains(v, "."):
		return "", refused("1 could mean 100%% or 1%%: write \"100%%\" (or 1.0) or \"1%%\"")
	}
	p := percent(f)
	if mustShare(p) <= 0 {
		return "", refused("rounds to 0%%: the smallest target is 0.0001%% (e.g. \"80%%\" or 0.8)")
	}
	return p, nil
}

// parseShare reads "80%" as 0.8 and "0.8" as itself.
func parseShare(v string) (float64, error) {
	v = strings.TrimSpace(v)
	scale := 1.0
	if p, ok := strings.CutSuffix(v, "%"); ok {
		v, scale = strings.TrimSpace(p), 100
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errors.New("not a number")
	}
	return f / scale, nil
}

// percent writes a share as a percentage: 0.8 as 80%, 0.955 as 95.5%.
func percent(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e6)/1e4, 'f', -1, 64) + "%"
}

var themes = []string{"auto", "dark", "light", "none"}

func checkTheme(v string) (string, error) {
	return oneOf(strings.ToLower(v), themes, "theme")
}

var logLevels = []string{"debug", "info", "warn", "error"}

func checkLogLevel(v string) (string, error) {
	return oneOf(strings.ToLower(v), logLevels, "log level")
}

func oneOf(v string, allowed []string, what string) (string, error) {
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", refused("unknown %s: use %s", what, orList(allowed))
}

// checkProduct accepts RingCX's product names in any case: people type
// "acd" as often as "ACD".
func checkProduct(v string) (string, error) {
	p := api.Product(strings.ToUpper(v))
	if !p.Valid() {
		names := make([]string, len(api.Products))
		for i, q := range api.Products {
			names[i] = string(q)
		}
		return "", refused("unknown product: use one of %s", strings.Join(names, ", "))
	}
	return string(p), nil
}

// checkProductID: RingCX takes product ids as int32 on the wire.
func checkProductID(v string) (string, error) {
	if !allDigits(v) {
		return "", refused("a product id has digits only")
	}
	if _, err := strconv.ParseInt(v, 10, 32); err != nil {
		return "", refused("too large for a product id")
	}
	return v, nil
}

// checkRingCXServer accepts what the API client accepts: an https origin,
// optionally ending in the API base (/voice, /voice/api/v1, or the legacy
// /api/v1); plain http only to this machine, for the simulator.
func checkRingCXServer(v string) (string, error) {
	u, err := checkOrigin(v)
	if err != nil {
		return "", err
	}
	switch strings.TrimRight(u.Path, "/") {
	case "", "/voice", "/voice/api/v1", "/api/v1":
		return v, nil
	}
	return "", refused("expected a host such as %s (optionally ending in /voice/api/v1 or /api/v1)", api.DefaultServer)
}

// checkRingCentralServer: the RingCentral platform the JWT is exchanged
// with. Credentials go there, so the same https rule applies.
func checkRingCentralServer(v string) (string, error) {
	if _, err := checkOrigin(v); err != nil {
		return "", err
	}
	return v, nil
}

func checkOrigin(v string) (*url.URL, error) {
	if err := api.CheckText("", v, false); err != nil {
		// A bidi override would make the host read as another; and a
		// mistyped https://user:password@host is not echoed.
		return nil, &badValue{reason: refusal(err).Error(), hideValue: strings.Contains(v, "@")}
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		b := &badValue{reason: "not a URL: expected one like https://host"}
		// A mistyped https://user:password@host must not be echoed either.
		b.hideValue = strings.Contains(v, "@")
		return nil, b
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		// Not repeated: a user:password or ?token= is a credential.
		return nil, &badValue{reason: "a server URL must not carry a user name, password, query or fragment", hideValue: true}
	}
	if u.Scheme == "http" && !api.IsLoopbackHost(u.Hostname()) {
		return nil, refused("plain http is allowed only to this machine (localhost); use https")
	}
	return u, nil
}

func allDigits(v string) bool {
	if v == "" {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// orList writes "a, b, c or d".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
