#!/usr/bin/env bash
# Runs every go test -fuzz target in the module for a bounded time each
# (FUZZTIME, default 30s; FUZZ_MATCH, a regexp on "package FuzzName", picks
# some) and ends with a table of the executions each reached and their total.
# Minimising each new interesting input is capped at FUZZMINTIME (default 2s):
# with Go's default of 60s a worker minimising a large seed (a whole export)
# stops counting executions for most of a short run.
# `make test` already runs each target's seed corpus; this explores beyond
# it. A target that finds a failure stops the run's status at 1, and Go
# saves the failing input under the package's testdata/fuzz/ to replay with
# plain `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}
mintime=${FUZZMINTIME:-2s}
match=${FUZZ_MATCH:-.}
status=0
summary=()
total=0
while IFS=: read -r file _ rest; do
	pkg=$(dirname "$file")
	name=$(sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/' <<<"$rest")
	grep -Eq -- "$match" <<<"$pkg $name" || continue
	echo "== $pkg $name ($fuzztime)"
	if out=$(go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$mintime" 2>&1); then
		result=ok
	else
		result=FAIL
		echo "$out" | tail -n 30
		status=1
	fi
	last=$(grep -E 'execs: [0-9]+' <<<"$out" | tail -n 1 || true)
	execs=$(sed -E 's/.*execs: ([0-9]+).*/\1/' <<<"${last:-execs: 0}")
	echo "${last:-no progress line}"
	echo "$result"
	summary+=("$(printf '%-45s %-16s %12s  %s' "$pkg" "$name" "$execs" "$result")")
	total=$((total + execs))
done < <(grep -rn --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(' . | sort)
echo
printf '%-45s %-16s %12s  %s\n' PACKAGE TARGET EXECS RESULT
printf '%s\n' "${summary[@]}"
printf '%-45s %-16s %12s\n' total "${#summary[@]} targets" "$total"
exit $status
