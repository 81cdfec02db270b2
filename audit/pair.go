package audit

import (
	"slices"
	"time"
)

// Entry is one action: its intent and, if one was recorded, its outcome.
type Entry struct {
	Intent Record
	// Outcome is nil when no outcome was recorded: callboard stopped (or
	// lost its log) between sending the action and hearing back.
	Outcome *Record
}

// NoOutcome is the result shown for an intent without an outcome.
const NoOutcome = "no outcome recorded (callboard stopped before the answer)"

// ResultText is the outcome's result, or NoOutcome.
func (e Entry) ResultText() string {
	if e.Outcome == nil {
		return NoOutcome
	}
	return e.Outcome.Result
}

// Time is when the action was sent, or, for an outcome whose intent is
// missing, when it ended.
func (e Entry) Time() time.Time {
	if e.Intent.Event == "" && e.Outcome != nil {
		return e.Outcome.Time
	}
	return e.Intent.Time
}

// About is the record describing the action: the intent, or the outcome
// when the intent is missing (its line was damaged). Its time, operator,
// account and uii are the action's; only an intent has the parameters.
func (e Entry) About() Record {
	if e.Intent.Event == "" && e.Outcome != nil {
		return *e.Outcome
	}
	return e.Intent
}

// Pair matches outcomes to intents by ID and returns the entries in time
// order (file order among equal times). Nothing is dropped: an outcome
// without an intent (the intent's line was damaged) becomes an entry with a
// zero Intent, and a second record under an ID already paired becomes an
// entry of its own.
func Pair(records []Record) []Entry {
	entries := make([]Entry, 0, len(records)/2+1)
	open := map[string]int{} // ID → index of an entry still missing its other half
	for _, r := range records {
		if r.Event == EventObserved {
			// Seen, not done: its own record is both what and how it ended.
			entries = append(entries, Entry{Intent: r, Outcome: &r})
			continue
		}
		if r.Event != EventIntent && r.Event != EventOutcome {
			continue
		}
		if i, ok := open[r.ID]; ok && r.ID != "" && fills(entries[i], r) {
			entries[i] = merge(entries[i], r)
			delete(open, r.ID)
			continue
		}
		if r.ID != "" {
			open[r.ID] = len(entries)
		}
		entries = append(entries, merge(Entry{}, r))
	}
	slices.SortStableFunc(entries, func(a, b Entry) int { return a.Time().Compare(b.Time()) })
	return entries
}

// fills reports whether r is the half e is missing.
func fills(e Entry, r Record) bool {
	if r.Event == EventIntent {
		return e.Intent.Event == ""
	}
	return e.Outcome == nil
}

func merge(e Entry, r Record) Entry {
	if r.Event == EventIntent {
		e.Intent = r
	} else {
		e.Outcome = &r
	}
	return e
}
