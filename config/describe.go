package config

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callboard/callboard/internal/shown"
)

// Describe writes the effective configuration for `callboard config`: one
// aligned line per setting with its value and where it came from, secrets
// shown only as set or not set, then which sign-in is used.
func (c *Config) Describe(w io.Writer) error {
	return writeAligned(w, func(tw io.Writer) { c.describe(tw) })
}

// describeRow writes one setting's line: its name, value and, when known,
// where it came from.
func describeRow(tw io.Writer, name, val string, src Source, known bool) {
	from := ""
	if known {
		from = src.String() // its paths already shown.Value
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\n", name, val, from)
}

func (c *Config) describe(tw io.Writer) {
	row := func(name, val string, src Source, known bool) {
		describeRow(tw, name, val, src, known)
	}
	// note is a row whose value is prose: it is not tab-terminated, so its
	// length does not widen the value column of the other rows.
	note := func(name, text string) { fmt.Fprintf(tw, "%s\t%s\n", name, text) }

	if c.ConfigFile != "" {
		row("config file", printable(c.ConfigFile), c.Sources["config"], true)
	} else {
		text := "none"
		if c.defaultPath != "" {
			text += " (would be " + printable(c.defaultPath) + ")"
		}
		note("config file", text)
	}
	plain := func(credentials bool) {
		for _, sp := range specs {
			if strings.HasPrefix(sp.name, "credentials.") == credentials {
				src, known := c.Sources[sp.name]
				row(sp.name, orNotSet(sp.get(&c.Settings)), src, known)
			}
		}
	}
	plain(false)
	if len(c.Keys) == 0 {
		row("keys", "(built-in)", Source{Kind: KindDefault}, true)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Keys)) {
		src, known := c.Sources["keys."+name]
		row(printable("keys."+name), keyList(c.Keys[name]), src, known)
	}
	plain(true)
	for _, ss := range secretSpecs {
		s := *ss.field(&c.Credentials)
		val := "(not set)"
		if s.IsSet() {
			val = redacted + " (set)"
		}
		row(ss.name, val, s.Source(), s.IsSet())
	}
	note("sign-in", c.Credentials.Summary())
}

// DescribeServe writes the [serve] section for `callboard config` as
// `callboard serve` would use it (without serve's own flags): each
// setting the file gives, with its line, then the users it lets in, each
// with the line that defines them. Names are shown as shown.Value writes
// them: they come from a file (or a key's comment). Nothing is written
// when the file sets nothing of [serve]: most never serve.
func DescribeServe(w io.Writer, s *Serve) error {
	if len(s.Sources) == 0 && len(s.Users) == 0 {
		return nil
	}
	return writeAligned(w, func(tw io.Writer) {
		row := func(key, val string) {
			src, ok := s.Sources[key]
			if !ok {
				src = Source{Kind: KindDefault}
			}
			describeRow(tw, key, val, src, true)
		}
		row("serve.listen", printable(s.Listen))
		if s.HostKey != "" {
			row("serve.host_key", printable(s.HostKey))
		}
		if s.AuthorizedKeys != "" {
			row("serve.authorized_keys", printable(s.AuthorizedKeys))
		}
		row("serve.max_sessions", fmt.Sprint(s.MaxSessions))
		row("serve.idle_timeout", shortDuration(s.IdleTimeout))
		if s.MaxSessionTime > 0 {
			row("serve.max_session_time", shortDuration(s.MaxSessionTime))
		}
		row("serve.rate_limit", fmt.Sprint(s.RateLimit))
		for _, u := range s.Users {
			what := u.Role
			if u.Phone != "" {
				what += ", " + u.Phone
			}
			describeRow(tw, "serve.users", fmt.Sprintf("%s (%s, %d %s)", printable(u.Name), what, len(u.Keys),
				map[bool]string{true: "key", false: "keys"}[len(u.Keys) == 1]), u.Source, true)
		}
	})
}

// writeAligned writes the rows fill writes to its tab-separated writer
// as aligned columns, no line ending in spaces.
func writeAligned(w io.Writer, fill func(tw io.Writer)) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fill(tw)
	if err := tw.Flush(); err != nil {
		return err
	}
	// tabwriter pads every cell, so a line with no source would end in
	// spaces; trim them so the output diffs and greps cleanly.
	lines := strings.SplitAfter(buf.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n")
		if l != "" {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

func orNotSet(v string) string {
	if v == "" {
		return "(not set)"
	}
	return printable(v)
}

// printable is a value as Describe shows it: a value from the file,
// the environment or a flag can hold what would act on the terminal (an
// escape, a bidi override), which is shown escaped (shown.Value).
func printable(v string) string { return shown.Value(v) }

func keyList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = shown.Quote(k)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// shortDuration writes 10m rather than time.Duration's 10m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
