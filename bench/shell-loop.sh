#!/usr/bin/env bash
# shell-loop.sh is what a supervisor could run instead of callboard, and
# what bench/e2e.sh compares its CPU with: every REFRESH seconds it reads
# every page of the account's active calls (500 a page, as callboard asks;
# a short page ends the walk), turns them into rows with jq, and lays them
# out with column on a cleared screen. Without jq, python3 does jq's part
# (e2e.sh labels the figure so).
#
# Environment: RINGCX_SERVER_URL, RINGCX_ACCOUNT_ID, RINGCX_API_TOKEN (as
# `callboard sim` prints them), REFRESH (seconds, default 5), LOOP_TOOL
# (jq or python3, default jq).
set -u
refresh=${REFRESH:-5}
tool=${LOOP_TOOL:-jq}
url="$RINGCX_SERVER_URL/voice/api/v1/admin/accounts/$RINGCX_ACCOUNT_ID/activeCalls/list?product=ACCOUNT&productId=$RINGCX_ACCOUNT_ID&maxRows=500"
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
		[ "$n" -lt 500 ] && break
		page=$((page + 1))
	done
	printf '\033[H\033[2J'
	printf '%s' "$table" | column -t -s $'\t' | head -n $((${LINES:-50} - 1))
	sleep "$refresh"
done
