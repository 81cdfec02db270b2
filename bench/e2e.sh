#!/usr/bin/env bash
# e2e.sh measures the built callboard as a supervisor runs it (issue 13):
# the board in a 120×50 tmux pane, refreshing every 5 s from `callboard
# sim` with 1,000 calls (same seed, a frozen world, no rate limit), nobody
# typing, for a fixed period; beside it, over the same period and from the
# same simulator, the shell loop it should be cheaper than
# (bench/shell-loop.sh: curl | jq | column every 5 s). Then the Go
# benchmarks (bench/gobench.sh) for decode, poll cycle and Update. It
# prints one table and appends it to bench/results/<date>.txt.
#
# It is a report, not a test: nothing is compared with a target here, and
# it exits non-zero only when it could not measure (no tmux, no first
# frame, a build or benchmark failure). `make bench-e2e` runs it; CI does not.
#
# What each figure is:
#   CPU per minute    utime+stime of the callboard process (/proc/PID/stat)
#                     over the whole period, start-up included, scaled to a
#                     minute; for the loop, its shell and every child it
#                     reaped (utime+stime+cutime+cstime). Also over the idle
#                     window alone (from the first frame + SETTLE to the end).
#   bytes/s, idle     what the board wrote to its terminal (tmux pipe-pane
#                     into a file) during the idle window, per second
#   RSS               VmRSS and VmHWM of the callboard process at the end
#   first frame       from the start of the process to the first capture of
#                     the pane (polled every 50 ms) that shows a call's row
#
# Environment (defaults in brackets): DURATION seconds [60]; SETTLE
# seconds after the first frame before the idle window starts [10]; CALLS
# [1000]; SEED [1]; REFRESH whole seconds [5]; LOOP_PAGE, calls a page the
# loop asks for [1000]; LIVE=1 lets the simulated calls come and go instead
# of a frozen world, so refreshes change rows (less repeatable) [0]; BIN, a
# built callboard [built here]; GOBENCH=0 skips the Go benchmarks [1];
# LABEL, written with the results (before, after) []; RESULTS, the
# directory of the results files [bench/results]; KEEP=1 keeps the work
# directory with the bytes the board and the loop wrote (board.out,
# loop.out) for a look at what an idle second sends [0].
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
SETTLE=${SETTLE:-10}
CALLS=${CALLS:-1000}
SEED=${SEED:-1}
REFRESH=${REFRESH:-5}
COLS=120
ROWS=50
LOOP_PAGE=${LOOP_PAGE:-1000}
GOBENCH=${GOBENCH:-1}
LABEL=${LABEL:-}
RESULTS=${RESULTS:-bench/results}
# A call's row ends in the tail of its uii ("…29802"); the header and the
# "starting" screen have none.
FIRST_FRAME_RE=${FIRST_FRAME_RE:-'…[0-9]{4,} *$'}

for tool in tmux curl column; do
	command -v "$tool" >/dev/null || { echo "e2e: $tool is needed and missing" >&2; exit 2; }
done
if command -v jq >/dev/null; then
	LOOP_TOOL=jq loop_name="curl | jq | column loop"
elif command -v python3 >/dev/null; then
	LOOP_TOOL=python3 loop_name="curl | python3 | column loop (jq missing: python3 does jq's part)"
else
	echo "e2e: neither jq nor python3 for the shell loop" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/callboard-e2e.XXXXXX")
socket="callboard-bench-$$"
sim_pid=""
cleanup() {
	tmux -L "$socket" kill-server 2>/dev/null || true
	if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
	if [ "${KEEP:-0}" != 0 ]; then
		echo "e2e: kept $work (board.out: every byte the board wrote to its terminal)" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

if [ -z "${BIN:-}" ]; then
	echo "e2e: building callboard" >&2
	go build -o "$work/callboard" .
	BIN=$work/callboard
fi
BIN=$(realpath "$BIN")
commit=$(git describe --always --dirty 2>/dev/null || echo unknown)

# The simulator: the same call centre every run (seed, frozen world), no
# rate limit so neither client waits on the other's budget.
world=--static
[ "${LIVE:-0}" != 0 ] && world=""
"$BIN" sim --config= --listen 127.0.0.1:0 --quiet --calls "$CALLS" --seed "$SEED" $world --rate-limit -1 >"$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 200); do
	grep -q '^curl ' "$work/sim.out" && break
	kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.out" >&2; echo "e2e: the simulator stopped" >&2; exit 1; }
	sleep 0.05
done
grep -q '^curl ' "$work/sim.out" || { echo "e2e: the simulator printed no environment" >&2; exit 1; }
sim_env=$(sed -n 's/^export //p' "$work/sim.out" | tr '\n' ' ')
sim_url=$(sed -n 's/^export RINGCX_SERVER_URL=//p' "$work/sim.out")

# Both panes wait on a fifo each (blocked in open, no CPU spent), so they
# start together and only once their output is being recorded.
mkdir -p "$work/home"
mkfifo "$work/go.board" "$work/go.loop"
printf 'set -g status off\nset -g default-terminal tmux-256color\n' >"$work/tmux.conf"
infocmp tmux-256color >/dev/null 2>&1 || echo 'set -g default-terminal screen-256color' >>"$work/tmux.conf"
home="HOME='$work/home' XDG_CONFIG_HOME='$work/home/config' XDG_STATE_HOME='$work/home/state' XDG_CACHE_HOME='$work/home/cache'"
tmux -L "$socket" -f "$work/tmux.conf" new-session -d -s board -x "$COLS" -y "$ROWS" \
	"read _ <'$work/go.board'; exec env $home $sim_env '$BIN' --config= --refresh ${REFRESH}s"
tmux -L "$socket" new-session -d -s loop -x "$COLS" -y "$ROWS" \
	"read _ <'$work/go.loop'; exec env $home $sim_env REFRESH=$REFRESH LOOP_TOOL=$LOOP_TOOL LOOP_PAGE=$LOOP_PAGE LINES=$ROWS bash '$PWD/bench/shell-loop.sh'"
tmux -L "$socket" pipe-pane -o -t board "cat >> '$work/board.out'"
tmux -L "$socket" pipe-pane -o -t loop "cat >> '$work/loop.out'"
size=$(tmux -L "$socket" display-message -p -t board '#{pane_width}x#{pane_height}')
term=$(tmux -L "$socket" show-options -gv default-terminal)
board_pid=$(tmux -L "$socket" display-message -p -t board '#{pane_pid}')
loop_pid=$(tmux -L "$socket" display-message -p -t loop '#{pane_pid}')
: >"$work/board.out"
: >"$work/loop.out"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
tck=$(getconf CLK_TCK)
# ticks PID [children]: the process's CPU in clock ticks (utime+stime, and
# cutime+cstime with "children"). Field 2 (comm) may hold spaces: count
# from after its closing parenthesis.
ticks() {
	local rest
	rest=$(sed 's/.*) //' "/proc/$1/stat")
	set -- $rest "${2:-}"
	# after comm: state=1 … utime=12 stime=13 cutime=14 cstime=15
	local t=$((${12} + ${13}))
	[ "${!#}" = children ] && t=$((t + ${14} + ${15}))
	echo "$t"
}
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
filesize() { stat -c %s "$1"; }

echo "e2e: measuring for ${DURATION}s (board ${size}, ${CALLS} calls, refresh ${REFRESH}s)" >&2
: >"$work/go.board"
: >"$work/go.loop"
t0=$(now_ms)

# The pane's process has exec'd into callboard: its /proc figures are the
# board's own.
# The pane's shell reads the fifo, then execs env, which execs callboard:
# wait for the last exec (a few milliseconds).
want=$(basename "$BIN" | cut -c1-15) # comm keeps 15 bytes of the name
for _ in $(seq 100); do
	comm=$(cat "/proc/$board_pid/comm")
	[ "$comm" = "$want" ] && break
	sleep 0.01
done
[ "$comm" = "$want" ] || { echo "e2e: the board pane runs $comm, not $want" >&2; exit 1; }

first_ms=""
while [ $(($(now_ms) - t0)) -lt $((DURATION * 1000)) ]; do
	if tmux -L "$socket" capture-pane -p -t board | grep -Eq "$FIRST_FRAME_RE"; then
		first_ms=$(($(now_ms) - t0))
		break
	fi
	sleep 0.05
done
if [ -z "$first_ms" ]; then
	tmux -L "$socket" capture-pane -p -t board >&2 || true
	echo "e2e: no call's row on the board within ${DURATION}s" >&2
	exit 1
fi

idle_from=$((t0 + first_ms + SETTLE * 1000))
end=$((t0 + DURATION * 1000))
if [ "$idle_from" -ge "$end" ]; then
	echo "e2e: DURATION ${DURATION}s leaves no idle window after the first frame (${first_ms} ms) and SETTLE ${SETTLE}s" >&2
	exit 2
fi
sleep_until() { local d=$(($1 - $(now_ms))); [ "$d" -gt 0 ] && sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"; return 0; }

sleep_until "$idle_from"
idle_t0=$(now_ms)
idle_b0=$(filesize "$work/board.out")
idle_board0=$(ticks "$board_pid")
idle_loop0=$(ticks "$loop_pid" children)

sleep_until "$end"
t1=$(now_ms)
board_ticks=$(ticks "$board_pid")
loop_ticks=$(ticks "$loop_pid" children)
idle_b1=$(filesize "$work/board.out")
rss=$(status_kib "$board_pid" VmRSS)
hwm=$(status_kib "$board_pid" VmHWM)
loop_bytes=$(filesize "$work/loop.out")
board_bytes=$idle_b1

# Requests each client made for the calls list, from the simulator's log.
count_requests() {
	local filter='[.[] | select(.path | test("activeCalls/list")) | (.header["User-Agent"][0] // "?") | split("/")[0]] | group_by(.) | map("\(.[0]) \(length)") | join(", ")'
	if command -v jq >/dev/null; then
		curl -s "$sim_url/_sim/requests" | jq -r "$filter"
	else
		curl -s "$sim_url/_sim/requests" | python3 -c 'import json, sys, collections
c = collections.Counter((r.get("header", {}).get("User-Agent") or ["?"])[0].split("/")[0] for r in json.load(sys.stdin) if "activeCalls/list" in r["path"])
print(", ".join(f"{k} {v}" for k, v in sorted(c.items())))'
	fi
}
requests=$(count_requests)

tmux -L "$socket" kill-server 2>/dev/null || true

calc() { awk "BEGIN { $1 }"; }
period_s=$(calc "printf \"%.1f\", ($t1 - $t0) / 1000")
idle_s=$(calc "printf \"%.1f\", ($t1 - $idle_t0) / 1000")
per_min() { calc "printf \"%.0f\", $1 * 1000 / $tck * 60000 / $2"; } # ticks, ms → ms of CPU a minute
board_min=$(per_min "$board_ticks" $((t1 - t0)))
loop_min=$(per_min "$loop_ticks" $((t1 - t0)))
board_idle_min=$(per_min $((board_ticks - idle_board0)) $((t1 - idle_t0)))
loop_idle_min=$(per_min $((loop_ticks - idle_loop0)) $((t1 - idle_t0)))
ratio() { calc "if ($2 > 0) printf \"%.2fx\", $1 / $2; else printf \"n/a\""; }
idle_bps=$(calc "printf \"%.0f\", ($idle_b1 - $idle_b0) * 1000 / ($t1 - $idle_t0)")
loop_bps=$(calc "printf \"%.0f\", $loop_bytes * 1000 / ($t1 - $t0)")
board_bps=$(calc "printf \"%.0f\", $board_bytes * 1000 / ($t1 - $t0)")

# The Go benchmarks, after the end-to-end run so neither disturbs the other.
gotable=""
if [ "$GOBENCH" != 0 ]; then
	gotable=$(bench/gobench.sh)
fi
# bench FIGURE: the ms/op of one row of the Go table ("-" when missing).
bench() {
	printf '%s\n' "$gotable" | awk -v f="$1" 'index($0, f " ") == 1 && substr($0, length(f) + 1) ~ /^ +Benchmark/ { print $(NF-2); found = 1 } END { if (!found) print "-" }'
}
ms_ratio() { calc "if (\"$1\" == \"-\" || \"$2\" == \"-\") printf \"n/a\"; else printf \"%.2fx\", $1 / $2"; }
dp=$(bench "decode plain 10k")
de=$(bench "decode escaped 10k")

row() { printf '%-44s %-34s %s\n' "$1" "$2" "$3"; }
{
	echo "callboard issue 13 measurement${LABEL:+ ($LABEL)}: $(date -u '+%F %T UTC'), commit $commit"
	echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; board ${size} TERM=${term}; sim --calls $CALLS --seed $SEED ${world:-(living world)} --rate-limit -1; refresh ${REFRESH}s; loop pages of ${LOOP_PAGE}"
	echo "period ${period_s}s, first frame + ${SETTLE}s to the end is the idle window (${idle_s}s); calls-list requests: ${requests}"
	echo
	row "figure" "value" "target (issue 13)"
	row "CPU per minute, callboard" "${board_min} ms" ""
	row "CPU per minute, $loop_name" "${loop_min} ms" ""
	row "CPU ratio callboard / loop" "$(ratio "$board_min" "$loop_min")" "<= 0.5x"
	row "  same, idle window only" "$(ratio "$board_idle_min" "$loop_idle_min") (${board_idle_min} vs ${loop_idle_min} ms/min)" ""
	row "bytes/s to the terminal, idle" "${idle_bps} B/s" "<= 1,000 B/s"
	row "  whole period, start-up included" "${board_bps} B/s (loop: ${loop_bps} B/s)" ""
	row "RSS at the end (VmRSS / VmHWM)" "$((rss / 1024)) MiB / $((hwm / 1024)) MiB" ""
	row "first frame with data" "${first_ms} ms" ""
	if [ "$GOBENCH" != 0 ]; then
		row "decode 10k calls, plain / escaped" "$dp ms / $de ms ($(ms_ratio "$de" "$dp"))" "within 1.3x"
		row "poll cycle 10k calls" "$(bench "poll cycle 10k") ms" "<= 20 ms"
		row "longest Update (apply refresh) 100k" "$(bench "Update (apply refresh) 100k") ms" "<= 16 ms"
		row "  at 10k" "$(bench "Update (apply refresh) 10k") ms" ""
		row "View 100k calls" "$(bench "View 100k") ms" ""
	fi
} >"$work/summary.txt"

mkdir -p "$RESULTS"
out="$RESULTS/$(date -u +%F).txt"
{
	[ -s "$out" ] && echo
	cat "$work/summary.txt"
	if [ -n "$gotable" ]; then
		echo
		echo "make bench:"
		printf '%s\n' "$gotable"
	fi
} >>"$out"
cat "$work/summary.txt"
echo "(appended to $out)" >&2
