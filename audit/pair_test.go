package audit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPair(t *testing.T) {
	t0 := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	done := record("done", EventOutcome, "1", at(3))
	done.Result = ResultOK
	orphan := record("orphan", EventOutcome, "2", at(2))
	orphan.Result = ResultRefused
	early := record("early", EventOutcome, "3", at(6))
	early.Result = ResultEnded

	entries := Pair([]Record{
		record("done", EventIntent, "1", at(1)),
		record("crashed", EventIntent, "4", at(4)),
		orphan,
		done,
		early, // written before its intent: another process's clock
		record("early", EventIntent, "3", at(5)),
		{Event: "bogus", ID: "x"},
	})
	require.Len(t, entries, 4)

	assert.Equal(t, "done", entries[0].Intent.ID)
	require.NotNil(t, entries[0].Outcome)
	assert.Equal(t, "ok", entries[0].ResultText())

	assert.Empty(t, entries[1].Intent.Event, "an outcome without its intent is kept")
	assert.Equal(t, "orphan", entries[1].Outcome.ID)
	assert.Equal(t, at(2), entries[1].Time())
	assert.Equal(t, "refused", entries[1].ResultText())

	assert.Equal(t, "crashed", entries[2].Intent.ID)
	assert.Nil(t, entries[2].Outcome)
	assert.Equal(t, "no outcome recorded (callboard stopped before the answer)", entries[2].ResultText())

	assert.Equal(t, "early", entries[3].Intent.ID)
	require.NotNil(t, entries[3].Outcome)
	assert.Equal(t, "call ended", entries[3].ResultText())
}

func TestPairKeepsDuplicatesAndIDlessRecords(t *testing.T) {
	t0 := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	entries := Pair([]Record{
		record("dup", EventIntent, "1", t0),
		record("dup", EventIntent, "1", t0.Add(time.Second)),
		record("dup", EventOutcome, "1", t0.Add(2*time.Second)),
		record("", EventIntent, "2", t0.Add(3*time.Second)),
		record("", EventOutcome, "2", t0.Add(4*time.Second)),
	})
	require.Len(t, entries, 4, "nothing is merged on a guess")
	assert.Nil(t, entries[0].Outcome)
	assert.NotNil(t, entries[1].Outcome, "an outcome pairs with the latest open intent of its id")
	assert.Nil(t, entries[2].Outcome)
	assert.Empty(t, entries[3].Intent.Event)
	assert.Empty(t, Pair(nil))
}
