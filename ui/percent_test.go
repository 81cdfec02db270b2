package ui

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

func TestServiceLevelUnderTargetNeverReadsAsTheTarget(t *testing.T) {
	for f, want := range map[float64]string{0.7953: "79%", 0.8: "80%", 0.29: "29%", 0.57: "57%", 1: "100%", 0: "0%", 0.999: "99%"} {
		require.Equal(t, want, percent(f), "%v", f)
	}
	m := New(Config{Keys: DefaultKeyMap(), Theme: testTheme, Thresholds: Thresholds{ServiceLevel: 0.8}})
	q := api.Queue{GateID: "1", Name: "Sales", SLAPass: 7953, SLAFail: 2047} // 79.53%
	r := newQueueRow(q)
	text, p := m.queueSLCell(&r)
	require.Equal(t, "79%", text, "under the target, shown under it")
	require.Same(t, &m.paints.Warn, p)
}
