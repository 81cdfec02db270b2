package timefmt

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second:                    "0:00",
		0:                               "0:00",
		59 * time.Second:                "0:59",
		12*time.Minute + 41*time.Second: "12:41",
		59*time.Minute + 59*time.Second: "59:59",
		time.Hour:                       "1h00m",
		time.Hour + 2*time.Minute + 59*time.Second: "1h02m",
		99*time.Hour + 59*time.Minute:              "99h59m",
		120 * time.Hour:                            "120h",
		10000 * time.Hour:                          "10000h",
	} {
		assert.Equal(t, want, Clock(d), "%v", d)
		if d < 1000*time.Hour {
			assert.LessOrEqual(t, len(Clock(d)), 6, "%v fits six cells", d)
		}
	}
}

func TestSeconds(t *testing.T) {
	assert.Equal(t, "5 s", Seconds(5*time.Second))
	assert.Equal(t, "7 s", Seconds(7900*time.Millisecond), "whole seconds, not rounded up")
	assert.Equal(t, "0 s", Seconds(0))
}
