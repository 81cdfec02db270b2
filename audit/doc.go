// Package audit keeps the trail a compliance officer asks for: every action
// a supervisor takes on a live call (monitor, coach, barge, hang up, record,
// disposition, dial) leaves an "intent" record before it is sent and an
// "outcome" record when its answer (or the lack of one) is known.
//
// The log is append-only JSON Lines, one record per line, each written with
// a single write call and fsynced before the action proceeds. Writing the
// intent first means a crash between sending and answering still leaves a
// trace; an action whose intent cannot be written is not sent at all.
//
// Recorder wraps the API client's action methods to do this; Read, Pair and
// Print turn the file back into a table for `callboard audit` and the
// board's details pane.
package audit
