// Package faultsuite is issue 9's fault-injection suite: the real client,
// poller, console service, audit log and board against the simulator
// behind a hostile front (internal/hostile), one case per fault of the
// fault matrix and per repro of the issue. Each case asserts what a
// supervisor and an auditor would observe: the console keeps running,
// says what is wrong, recovers by itself once the fault clears, records a
// true outcome for every action, sends nothing twice, and lets nothing
// hostile or secret reach the screen, the debug log or the audit log.
//
// The package holds only tests; the end-to-end cases that need a real
// terminal are e2e_faults_test.go in package main.
package faultsuite
