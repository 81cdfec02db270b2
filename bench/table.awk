# table.awk turns `go test -bench -benchmem` output into the one table of
# issue 13's in-process figures: decode (plain and escaped), poll cycle,
# Update applying a refresh, View. Each figure is found by the benchmark
# that measures it; a figure with no benchmark in the output is listed as
# missing rather than left out, so a renamed benchmark shows. With
# -count > 1 each figure is the median of its runs.
#
#   go test -run '^$' -bench ... -benchmem ./api ./poller ./ui | awk -f bench/table.awk

# figure names the table row a benchmark measures, or "" for one it ignores.
function figure(name,    m) {
	sub(/-[0-9]+$/, "", name) # the -GOMAXPROCS suffix
	if (name == "BenchmarkDecodeActiveCalls10000") return "decode plain 10k"
	if (match(name, /^BenchmarkDecodeActiveCalls\/(plain|escaped)\/[0-9]+$/)) {
		split(name, m, "/")
		return "decode " m[2] " " m[3] / 1000 "k"
	}
	if (match(name, /^BenchmarkCycle\/calls=[0-9]+$/)) return "poll cycle " count(name)
	if (match(name, /^BenchmarkSnapshot\/calls=[0-9]+$/)) return "Update (apply refresh) " count(name)
	if (match(name, /^BenchmarkView\/calls=[0-9]+$/)) return "View " count(name)
	return ""
}

function count(name) {
	sub(/.*=/, "", name)
	return name / 1000 "k"
}

# median of the n values in a[1..n], sorted in place.
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}

BEGIN {
	n = split("decode plain 1k|decode escaped 1k|decode plain 10k|decode escaped 10k|" \
		"poll cycle 1k|poll cycle 10k|" \
		"Update (apply refresh) 1k|Update (apply refresh) 10k|Update (apply refresh) 100k|" \
		"View 1k|View 10k|View 100k", order, "|")
}

/^Benchmark/ {
	f = figure($1)
	if (f == "") next
	k = ++runs[f]
	bench[f] = $1
	sub(/-[0-9]+$/, "", bench[f])
	for (i = 2; i < NF; i++) {
		if ($(i+1) == "ns/op") ns[f, k] = $i
		if ($(i+1) == "B/op") bytes[f, k] = $i
		if ($(i+1) == "allocs/op") allocs[f, k] = $i
	}
}

END {
	fmt = "%-28s %-42s %12s %14s %12s\n"
	num = "%-28s %-42s %12.3f %14.0f %12.0f\n"
	printf fmt, "figure", "benchmark", "ms/op", "B/op", "allocs/op"
	for (r = 1; r <= n; r++) {
		f = order[r]
		if (!(f in runs)) {
			printf fmt, f, "(missing: no benchmark ran)", "-", "-", "-"
			continue
		}
		for (k = 1; k <= runs[f]; k++) { a1[k] = ns[f, k]; a2[k] = bytes[f, k]; a3[k] = allocs[f, k] }
		printf num, f, bench[f], median(a1, runs[f]) / 1e6, median(a2, runs[f]), median(a3, runs[f])
	}
	if (("decode plain 10k" in runs) && ("decode escaped 10k" in runs)) {
		for (k = 1; k <= runs["decode plain 10k"]; k++) a1[k] = ns["decode plain 10k", k]
		for (k = 1; k <= runs["decode escaped 10k"]; k++) a2[k] = ns["decode escaped 10k", k]
		printf "decode escaped/plain at 10k: %.2fx\n", median(a2, runs["decode escaped 10k"]) / median(a1, runs["decode plain 10k"])
	}
}
