package config

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The agents and queues views' thresholds come from [thresholds], the
// service level as a percentage or a share, each with the file's line as
// its source.
func TestViewThresholdsFromTheFile(t *testing.T) {
	for _, sl := range []struct {
		doc  string
		want float64
	}{{`"90%"`, 0.9}, {`0.9`, 0.9}, {`" 95.5 % "`, 0.955}, {`1.0`, 1}, {`"100%"`, 1}, {`0.000001`, 0.000001}} {
		e := newTestEnv(t)
		path := writeFile(t, e.defaultConfig(), "[thresholds]\nwrap_up = \"90s\"\naway = \"20m\"\nqueue_wait = \"45s\"\n"+
			"service_level = "+sl.doc+"\nbell = true\n", 0o600)
		c := mustLoad(t, e)
		assert.Equal(t, 90*time.Second, c.WrapUpThreshold)
		assert.Equal(t, 20*time.Minute, c.AwayThreshold)
		assert.Equal(t, 45*time.Second, c.QueueWaitThreshold)
		assert.InDelta(t, sl.want, c.ServiceLevelTarget, 1e-9, sl.doc)
		assert.True(t, c.Bell)
		assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 5}, c.Sources["thresholds.service_level"])
		assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 6}, c.Sources["thresholds.bell"])
	}
}

func TestViewThresholdDefaults(t *testing.T) {
	c := mustLoad(t, newTestEnv(t))
	assert.Equal(t, DefaultWrapUpThreshold, c.WrapUpThreshold)
	assert.Equal(t, DefaultAwayThreshold, c.AwayThreshold)
	assert.Equal(t, DefaultQueueWaitThreshold, c.QueueWaitThreshold)
	assert.InDelta(t, DefaultServiceLevel, c.ServiceLevelTarget, 1e-9)
	assert.False(t, c.Bell, "the bell is off unless asked for")
	for _, name := range []string{"thresholds.wrap_up", "thresholds.away", "thresholds.queue_wait", "thresholds.service_level", "thresholds.bell"} {
		assert.Equal(t, Source{Kind: KindDefault}, c.Sources[name], name)
	}
}

// A bad threshold stops `callboard config` and the board alike (both
// Load), naming the line and saying what to write.
func TestBadViewThresholds(t *testing.T) {
	cases := map[string]string{
		"[thresholds]\nservice_level = \"120%\"\n": `FILE:2: thresholds.service_level = "120%": over 100%: write a percentage such as "80%" or a share such as 0.8`,
		"[thresholds]\nservice_level = 120\n":      `FILE:2: thresholds.service_level = "120": over 100%: write a percentage such as "80%" or a share such as 0.8`,
		"[thresholds]\nservice_level = -0.1\n":     `FILE:2: thresholds.service_level = "-0.1": must be more than 0% (e.g. "80%" or 0.8)`,
		"[thresholds]\nservice_level = \"0%\"\n":   `FILE:2: thresholds.service_level = "0%": must be more than 0% (e.g. "80%" or 0.8)`,
		"[thresholds]\nservice_level = \"high\"\n": `FILE:2: thresholds.service_level: "high" is not a service level: write a percentage such as "80%" or a share such as 0.8`,
		"[thresholds]\nservice_level = true\n":     `FILE:2: thresholds.service_level: "true" is not a service level: write a percentage such as "80%" or a share such as 0.8`,
		"[thresholds]\nservice_level = \"nan\"\n":  `FILE:2: thresholds.service_level: "nan" is not a service level: write a percentage such as "80%" or a share such as 0.8`,
		"[thresholds]\nwrap_up = \"-1m\"\n":        `FILE:2: thresholds.wrap_up = "-1m": must be more than 0`,
		"[thresholds]\naway = \"soon\"\n":          `FILE:2: thresholds.away: "soon" is not a duration (e.g. 5s, 1m)`,
		"[thresholds]\nqueue_wait = 30\n":          `FILE:2: thresholds.queue_wait: expected a duration in quotes, e.g. queue_wait = "5s", not an integer`,
		"[thresholds]\nbell = \"yes\"\n":           `FILE:2: thresholds.bell: expected true or false, not a string`,
		"[thresholds]\nservice_levle = \"80%\"\n":  `FILE:2: unknown key "thresholds.service_levle" (did you mean "thresholds.service_level"?)`,
	}
	for doc, want := range cases {
		assert.Equal(t, want, configErr(t, doc), doc)
	}
}

// A service level the board would misread is refused, saying what to
// write: one too small to keep (stored as 0%, which the board would take
// for unset and replace by 80%), a bare percentage (80, meant as 80%), and
// a bare 1, which may mean 100% or 1%. 1.0 and "100%" say 100%.
func TestServiceLevelIsNotMisread(t *testing.T) {
	cases := map[string]string{
		"service_level = 0.0000001":  `FILE:2: thresholds.service_level = "1e-07": rounds to 0%: the smallest target is 0.0001% (e.g. "80%" or 0.8)`,
		`service_level = "0.00001%"`: `FILE:2: thresholds.service_level = "0.00001%": rounds to 0%: the smallest target is 0.0001% (e.g. "80%" or 0.8)`,
		"service_level = 80":         `FILE:2: thresholds.service_level = "80": a number without % is a share from 0 to 1: write "80%" or 0.8`,
		"service_level = 80.0":       `FILE:2: thresholds.service_level = "80.0": a number without % is a share from 0 to 1: write "80%" or 0.8`,
		`service_level = "95.5"`:     `FILE:2: thresholds.service_level = "95.5": a number without % is a share from 0 to 1: write "95.5%" or 0.955`,
		"service_level = 100":        `FILE:2: thresholds.service_level = "100": a number without % is a share from 0 to 1: write "100%" or 1.0`,
		"service_level = 1":          `FILE:2: thresholds.service_level = "1": 1 could mean 100% or 1%: write "100%" (or 1.0) or "1%"`,
		`service_level = "1"`:        `FILE:2: thresholds.service_level = "1": 1 could mean 100% or 1%: write "100%" (or 1.0) or "1%"`,
	}
	for doc, want := range cases {
		assert.Equal(t, want, configErr(t, "[thresholds]\n"+doc+"\n"), doc)
	}
	for doc, want := range map[string]float64{"service_level = 1.0": 1, `service_level = "1%"`: 0.01, `service_level = "0.0001%"`: 0.000001} {
		e := newTestEnv(t)
		writeFile(t, e.defaultConfig(), "[thresholds]\n"+doc+"\n", 0o600)
		assert.InDelta(t, want, mustLoad(t, e).ServiceLevelTarget, 1e-12, doc)
	}
}

func TestDescribeShowsTheViewThresholds(t *testing.T) {
	e := newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), "[thresholds]\nservice_level = 0.955\nbell = true\n", 0o600)
	out := describe(t, mustLoad(t, e))
	assert.Regexp(t, `(?m)^thresholds\.service_level\s+95\.5%\s+file `+regexp.QuoteMeta(path)+`:2$`, out)
	assert.Regexp(t, `(?m)^thresholds\.bell\s+true\s+file `+regexp.QuoteMeta(path)+`:3$`, out)
	assert.Regexp(t, `(?m)^thresholds\.wrap_up\s+2m\s+default$`, out)
}

func TestParseShare(t *testing.T) {
	for in, want := range map[string]float64{"80%": 0.8, "0.8": 0.8, "100 %": 1, "12.5%": 0.125} {
		got, err := parseShare(in)
		require.NoError(t, err, in)
		assert.InDelta(t, want, got, 1e-12, in)
	}
	for in, want := range map[float64]string{0.8: "80%", 0.955: "95.5%", 1: "100%", 0.333333: "33.3333%"} {
		assert.Equal(t, want, percent(in))
	}
}
