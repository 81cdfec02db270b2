#!/usr/bin/env bash
# gobench.sh runs the Go benchmarks behind issue 13's in-process figures
# (decode plain/escaped, poll cycle, Update applying a refresh, View) and
# prints them as one table (bench/table.awk). It is a report, not a test:
# nothing here compares a time with a limit. `make bench` runs it.
#
# Environment: GO (go), BENCHTIME (go test -benchtime, default 1s),
# BENCHCOUNT (go test -count, default 1; the table shows the median),
# BENCH_RAW (file that keeps go test's own output; default a temporary file).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
raw=${BENCH_RAW:-}
if [ -z "$raw" ]; then
	raw=$(mktemp "${TMPDIR:-/tmp}/callboard-bench.XXXXXX")
	trap 'rm -f "$raw"' EXIT
fi
echo "go test -bench: decode, poll cycle, Update, View (a few minutes)" >&2
# One pattern for the three packages: decode (api), poll cycle (poller),
# Update applying a refresh and View (ui).
if ! "$GO" test -run '^$' -bench '^Benchmark(DecodeActiveCalls[0-9]*|Cycle|Snapshot|View)$' -benchmem \
	-benchtime "${BENCHTIME:-1s}" -count "${BENCHCOUNT:-1}" -timeout 30m ./api ./poller ./ui >"$raw" 2>&1; then
	cat "$raw" >&2
	echo "gobench: go test failed (output above)" >&2
	exit 1
fi
awk -f bench/table.awk "$raw"
