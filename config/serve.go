package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/shown"
)

// The roles a user of `callboard serve` can have.
const (
	// RoleSupervisor may watch and act on calls.
	RoleSupervisor = "supervisor"
	// RoleViewer may watch only: the service refuses their actions.
	RoleViewer = "viewer"
)

// Defaults of the [serve] section.
const (
	DefaultServeListen      = ":2222"
	DefaultServeMaxSessions = 50
	DefaultServeIdleTimeout = 30 * time.Minute
	// DefaultServeRateLimit is how many sessions one key may open a minute:
	// enough for a person reconnecting and a script of commands, not for a
	// loop that would queue work on the one shared RingCX budget.
	DefaultServeRateLimit = 30
)

// Serve is the [serve] section of the config file: how `callboard serve`
// listens and whom it lets in, as what.
type Serve struct {
	Listen string
	// HostKey is the server's private key file; "" means the default under
	// the state directory (the caller knows it).
	HostKey string
	// AuthorizedKeys is an authorized_keys file whose keys are let in as
	// supervisors named by the key's comment; "" when none.
	AuthorizedKeys string
	MaxSessions    int
	IdleTimeout    time.Duration // no input for this long ends a board session
	MaxSessionTime time.Duration // 0: sessions last as long as they are used
	RateLimit      int           // sessions one key may open a minute

	// Users are the people let in, from [[serve.users]] and then the
	// authorized_keys file. No key belongs to two of them.
	Users []ServeUser

	// Sources are where each setting came from, by its name in the file
	// ("serve.listen"); defaults have none.
	Sources map[string]Source
}

// ServeUser is one person `callboard serve` lets in.
type ServeUser struct {
	Name  string
	Phone string // normalised to E.164; "" when not configured
	Role  string // RoleSupervisor or RoleViewer
	Keys  []ssh.PublicKey
	// Source is where the user is defined: the line of its [[serve.users]]
	// table, or of its key in the authorized_keys file.
	Source Source
}

// serveFile is the [serve] section's shape in the config file.
type serveFile struct {
	Listen         string          `toml:"listen"`
	HostKey        string          `toml:"host_key"`
	AuthorizedKeys string          `toml:"authorized_keys"`
	MaxSessions    *int            `toml:"max_sessions"`
	IdleTimeout    string          `toml:"idle_timeout"`
	MaxSessionTime string          `toml:"max_session_time"`
	RateLimit      *int            `toml:"rate_limit"`
	Users          []serveUserFile `toml:"users"`
}

type serveUserFile struct {
	Name string `toml:"name"`
	// Keys is one string or a list of them: each an authorized_keys line,
	// or the path of a file of them.
	Keys  any    `toml:"keys"`
	Phone string `toml:"phone"`
	Role  string `toml:"role"`
}

// ReadServe reads the [serve] section of c's config file (the defaults
// when there is none) and checks it: every problem is reported, each
// naming the file, line and key. Call it again to pick up a changed file:
// it reads the file afresh every time.
//
// The file must not be writable by others once it lets people in: whoever
// can add a key to it can act on the account's calls.
func ReadServe(c *Config) (*Serve, error) {
	s := &Serve{Listen: DefaultServeListen, MaxSessions: DefaultServeMaxSessions, IdleTimeout: DefaultServeIdleTimeout,
		RateLimit: DefaultServeRateLimit, Sources: map[string]Source{}}
	if c.ConfigFile == "" {
		return s, nil
	}
	path := c.ConfigFile
	doc, info, err := readSmallFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	var fc fileConfig
	if err := toml.NewDecoder(bytes.NewReader(doc)).DisallowUnknownFields().Decode(&fc); err != nil {
		return nil, errors.Join(decodeProblems(path, err)...)
	}
	lines, userLines := keyLines(doc), serveUserLines(doc)
	at := func(key string) Source { return Source{Kind: KindFile, Name: path, Line: lines[key]} }
	dir := filepath.Dir(path)
	f := fc.Serve
	var errs []error

	text := func(key, v string, dst *string, isPath bool) {
		if v = strings.TrimSpace(v); v == "" {
			return
		}
		if _, err := checkText(v); err != nil {
			errs = append(errs, explain(at(key), key, v, err))
			return
		}
		if isPath {
			v = relativeTo(dir, v)
		}
		*dst, s.Sources[key] = v, at(key)
	}
	text("serve.listen", f.Listen, &s.Listen, false)
	text("serve.host_key", f.HostKey, &s.HostKey, true)
	text("serve.authorized_keys", f.AuthorizedKeys, &s.AuthorizedKeys, true)
	count := func(key string, v *int, dst *int) {
		switch {
		case v == nil:
		case *v < 1:
			errs = append(errs, problemf("%s: %s = %d: give 1 or more", at(key).fileLine(), key, *v))
		default:
			*dst, s.Sources[key] = *v, at(key)
		}
	}
	count("serve.max_sessions", f.MaxSessions, &s.MaxSessions)
	count("serve.rate_limit", f.RateLimit, &s.RateLimit)
	duration := func(key, v string, dst *time.Duration) {
		if v = strings.TrimSpace(v); v == "" {
			return
		}
		d, err := checkDuration(v)
		if err == nil && d <= 0 {
			err = refused("must be more than 0")
		}
		if err != nil {
			errs = append(errs, explain(at(key), key, v, err))
			return
		}
		*dst, s.Sources[key] = d, at(key)
	}
	duration("serve.idle_timeout", f.IdleTimeout, &s.IdleTimeout)
	duration("serve.max_session_time", f.MaxSessionTime, &s.MaxSessionTime)

	for i, u := range f.Users {
		var ul map[string]int
		if i < len(userLines) {
			ul = userLines[i]
		}
		user, uerrs := c.serveUser(path, dir, u, ul)
		errs = append(errs, uerrs...)
		if len(uerrs) == 0 {
			s.Users = append(s.Users, user)
		}
	}
	if len(f.Users) > 0 {
		if e := writableByOthers(info); e != "" {
			errs = append(errs, problemf("%s lets people in ([[serve.users]]) and is %s: run chmod go-w %s", shown.Value(path), e, shown.Value(path)))
		}
	}
	if s.AuthorizedKeys != "" {
		users, err := ReadAuthorizedKeys(s.AuthorizedKeys)
		if err != nil {
			errs = append(errs, problemf("%s: %v", at("serve.authorized_keys").fileLine()+": serve.authorized_keys", err))
		}
		s.Users = append(s.Users, users...)
	}
	if len(errs) == 0 {
		errs = append(errs, checkUniqueKeys(s.Users)...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// AddAuthorizedKeys adds the users of the authorized_keys file at path
// (--authorized-keys), checking that no key is given twice.
func (s *Serve) AddAuthorizedKeys(path string) error {
	users, err := ReadAuthorizedKeys(path)
	if err != nil {
		return err
	}
	s.Users = append(s.Users, users...)
	return errors.Join(checkUniqueKeys(s.Users)...)
}

// serveUser checks one [[serve.users]] table; lines are its keys' lines,
// "" the table's own.
func (c *Config) serveUser(path, dir string, u serveUserFile, lines map[string]int) (ServeUser, []error) {
	src := Source{Kind: KindFile, Name: path, Line: lines[""]}
	at := func(key string) Source {
		if l, ok := lines[key]; ok {
			return Source{Kind: KindFile, Name: path, Line: l}
		}
		return src
	}
	var errs []error
	user := ServeUser{Name: strings.TrimSpace(u.Name), Role: strings.ToLower(strings.TrimSpace(u.Role)), Source: src}
	// A name is shown to every viewer (who is acting, the audit log,
	// serve's listing) and a phone is sent: refused like any other text
	// setting, echoed with what is wrong written out.
	plain := func(key, v string) bool {
		if _, err := checkText(v); err != nil {
			errs = append(errs, explain(at(key), "serve.users."+key, v, err))
			return false
		}
		return true
	}
	who := "serve.users"
	if user.Name == "" {
		errs = append(errs, problemf("%s: serve.users: give the user a name (name = \"Ana\")", src.fileLine()))
	} else {
		plain("name", user.Name)
		who += " (" + shown.Quote(user.Name) + ")"
	}
	switch user.Role {
	case RoleSupervisor, RoleViewer:
	case "":
		errs = append(errs, problemf("%s: %s: give a role: role = \"supervisor\" (watch and act) or \"viewer\" (watch only)", src.fileLine(), who))
	default:
		errs = append(errs, problemf("%s: %s.role = %s: use supervisor or viewer", at("role").fileLine(), who, shown.Quote(u.Role)))
	}
	if p := strings.TrimSpace(u.Phone); p != "" && plain("phone", p) {
		n, err := c.Phones().Normalize("phone", p)
		if err != nil {
			errs = append(errs, problemf("%s: %s.phone = %s: %v", at("phone").fileLine(), who, shown.Quote(p), err))
		}
		user.Phone = n
	}
	var entries []string
	switch k := u.Keys.(type) {
	case nil:
	case string:
		entries = []string{k}
	case []any:
		for _, e := range k {
			s, ok := e.(string)
			if !ok {
				errs = append(errs, problemf("%s: %s.keys: expected strings: authorized_keys lines or key files", at("keys").fileLine(), who))
				break
			}
			entries = append(entries, s)
		}
	default:
		errs = append(errs, problemf("%s: %s.keys: expected a string or a list of strings: authorized_keys lines or key files", at("keys").fileLine(), who))
	}
	for _, e := range entries {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		keys, err := keysFrom(dir, e)
		if err != nil {
			errs = append(errs, problemf("%s: %s.keys: %v", at("keys").fileLine(), who, err))
			continue
		}
		user.Keys = append(user.Keys, keys...)
	}
	if len(user.Keys) == 0 && len(errs) == 0 {
		errs = append(errs, problemf("%s: %s: give at least one key: keys = [\"ssh-ed25519 AAAA… ana@laptop\"] or the path of a .pub file", src.fileLine(), who))
	}
	return user, errs
}

// keysFrom reads one entry of keys: an authorized_keys line, or else the
// path (relative to the config file) of a file of them.
func keysFrom(dir, entry string) ([]ssh.PublicKey, error) {
	key, comment, options, _, err := ssh.ParseAuthorizedKey([]byte(entry))
	if err == nil {
		if len(options) > 0 {
			return nil, fmt.Errorf("key %s has options (%s): callboard does not apply them; remove them", shown.Quote(comment), shown.Message(strings.Join(options, ",")))
		}
		return []ssh.PublicKey{key}, nil
	}
	if looksLikeKey(entry) {
		return nil, fmt.Errorf("%s is not a valid public key: %v", shown.Quote(shorten(entry)), err)
	}
	users, err := ReadAuthorizedKeys(relativeTo(dir, entry))
	if err != nil {
		return nil, err
	}
	var keys []ssh.PublicKey
	for _, u := range users {
		keys = append(keys, u.Keys...)
	}
	return keys, nil
}

// ReadAuthorizedKeys reads an authorized_keys file (or a .pub file): one
// supervisor per key, named by the key's comment (its fingerprint when it
// has none). Lines with options (from=, command=, …) are refused rather
// than let in without the restriction they ask for. The file must not be
// writable by others.
func ReadAuthorizedKeys(path string) ([]ServeUser, error) {
	doc, info, err := readSmallFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if e := writableByOthers(info); e != "" {
		return nil, fmt.Errorf("%s is %s, so anyone could add a key: run chmod go-w %s", shown.Value(path), e, shown.Value(path))
	}
	var users []ServeUser
	var errs []error
	for i, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		src := Source{Kind: KindFile, Name: path, Line: i + 1}
		key, comment, options, _, err := ssh.ParseAuthorizedKey([]byte(line))
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: not a public key: %v", src.fileLine(), err))
			continue
		case len(options) > 0:
			errs = append(errs, fmt.Errorf("%s: options (%s) are not supported: callboard would let the key in without them; remove them", src.fileLine(), strings.Join(options, ",")))
			continue
		}
		name := strings.TrimSpace(comment)
		if _, err := checkText(name); err != nil {
			// The comment names the person everywhere they act: one that is
			// not plain text is refused, as a name in [[serve.users]] is.
			errs = append(errs, fmt.Errorf("%s: the key's comment %s, which names its user, is refused: %v", src.fileLine(), shown.Quote(name), err))
			continue
		}
		if name == "" {
			name = ssh.FingerprintSHA256(key)
		}
		users = append(users, ServeUser{Name: name, Role: RoleSupervisor, Keys: []ssh.PublicKey{key}, Source: src})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("%s holds no key", shown.Value(path))
	}
	return users, nil
}

// checkUniqueKeys refuses a key given to two users: which of them would
// be acting could not be told.
func checkUniqueKeys(users []ServeUser) []error {
	var errs []error
	owner := map[string]ServeUser{}
	for _, u := range users {
		for _, k := range u.Keys {
			fp := ssh.FingerprintSHA256(k)
			if o, ok := owner[fp]; ok && (o.Name != u.Name || o.Source != u.Source) {
				errs = append(errs, problemf("%s: key %s is also given to %s (%s): a key must name one person", u.Source.fileLine(), fp, shown.Quote(o.Name), o.Source.fileLine()))
				continue
			}
			owner[fp] = u
		}
	}
	return errs
}

// serveUserLines is, for each [[serve.users]] table in order, the line of
// each of its keys ("" for the table's header): keyLines keeps one line
// per dotted key, which cannot tell the tables of an array apart.
func serveUserLines(doc []byte) []map[string]int {
	var out []map[string]int
	var p unstable.Parser
	p.Reset(doc)
	in := false
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := e.Key()
			path, line := keyPath(&p, nil, &it)
			in = e.Kind == unstable.ArrayTable && strings.Join(path, ".") == "serve.users"
			if in {
				out = append(out, map[string]int{"": line})
			}
		case unstable.KeyValue:
			if in {
				it := e.Key()
				path, line := keyPath(&p, nil, &it)
				out[len(out)-1][strings.Join(path, ".")] = line
			}
		}
	}
	return out
}

// writableByOthers says how a file others may change is open to them, or
// "". Public keys may be read by anyone; what matters is who can add one.
func writableByOthers(info fs.FileInfo) string {
	if privfile.Exposure(info) == "" || info.Mode().Perm()&0o022 == 0 {
		return ""
	}
	return fmt.Sprintf("writable by others (mode %04o)", info.Mode().Perm())
}

func looksLikeKey(s string) bool {
	for _, p := range []string{"ssh-", "ecdsa-", "sk-", "AAAA"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "…"
	}
	return s
}
