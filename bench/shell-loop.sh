#!/usr/bin/env bash
# shell-loop.sh is what a supervisor could run instead of callboard, and
# what bench/e2e.sh compares its CPU with: every REFRESH seconds it reads
# every page of the account's active calls (a short page ends the walk),
# turns them into rows with jq, and lays them out with column on a cleared
# screen. Pages hold 1,000 calls, the most the simulator gives in one
# (callboard asks for 500), so at 1,000 calls the loop needs two requests
# where the board makes three: the cheapest honest loop, not a strawman.
# Without jq, python3 does jq's part (e2e.sh labels the figure so).
#
# Environment: RINGCX_SERVER_URL, RINGCX_ACCOUNT_ID, RINGCX_API_TOKEN (as
# `callboard sim` prints them), REFRESH (seconds, default 5), LOOP_TOOL
# (jq or python3, default jq), LOOP_PAGE (calls a page, default 1000).
set -u
refresh=${REFRESH:-5}
page_size=${LOOP_PAGE:-1000}
tool=${LOOP_TOOL:-jq}
url="$RINGCX_SERVER_URL/voice/api/v1/admin/accounts/$RINGCX_ACCOUNT_ID/activeCalls/list?product=ACCOUNT&productId=$RINGCX_ACCOUNT_ID&maxRows=$page_size"
fields='callState enqueueTime dequeueTime agentFirstName agentLastName cnam ani dnis destinationName uii'

rows() {
	if [ "$tool" = jq ]; then
		jq -r '.[] | [.callState, .enqueueTime, .dequeueTime, ((.agentFirstName // "") + " " + (.agentLastName // "")), .cnam, .ani, .dnis, .destinationName, .uii] | map(. // "-" | tostring) | @tsv'
	else
		python3 -c '
import json, sys
for c in json.load(sys.stdin):
    v = [c.get(k) for k in sys.argv[1].split()]
    row = v[:3] + [((v[3] or "") + " " + (v[4] or ""))] + v[5:]
    print("\t".join("-" if x is None else str(x) for x in row))' "$fields"
	fi
}

# Refreshes keep to a fixed schedule (start + k×REFRESH), as callboard's
# do, rather than drifting by the time each one takes.
next=${EPOCHREALTIME/./}
while :; do
	table=$'STATE\tENQUEUED\tDEQUEUED\tAGENT\tCNAM\tCALLER\tDIALLED\tQUEUE\tUII\n'
	page=0
	while :; do
		chunk=$(curl -s -H "X-Auth-Token: $RINGCX_API_TOKEN" "$url&page=$page" | rows)
		n=0
		if [ -n "$chunk" ]; then
			mapfile -t lines <<<"$chunk"
			n=${#lines[@]}
			table+="$chunk"$'\n'
		fi
		[ "$n" -lt "$page_size" ] && break
		page=$((page + 1))
	done
	printf '\033[H\033[2J'
	printf '%s' "$table" | column -t -s $'\t' | head -n $((${LINES:-50} - 1))
	next=$((next + refresh * 1000000))
	wait_us=$((next - ${EPOCHREALTIME/./}))
	if [ "$wait_us" -gt 0 ]; then
		printf -v frac '%06d' $((wait_us % 1000000))
		sleep "$((wait_us / 1000000)).$frac"
	fi
done
