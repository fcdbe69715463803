#!/usr/bin/env bash
# Kills Neo4j itself (SIGKILL) in the middle of refreshes, restarts it on the same data
# directory and port, and requires the graph to be exactly the dataset it held before the run
# or the one the run was writing (a dry run of one of them finds nothing to change). The
# moments: an in-place refresh mid-transaction; a new generation being staged (nodes, then
# relationships); the switch transaction; the deletion of the retired generation. A private
# Neo4j with scripts/neo4j.sh's defaults; about ten minutes on a busy 2-core machine.
#
#   scripts/kill-neo4j.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NEO4J_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/normgraph-kill-state.XXXXXX")"
NEO4J_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export NEO4J_STATE_DIR NEO4J_PORT
data="$(mktemp -d "${TMPDIR:-/tmp}/normgraph-kill-data.XXXXXX")"
bin="$(mktemp "${TMPDIR:-/tmp}/normgraph-kill-loader.XXXXXX")"
trap 'scripts/neo4j.sh stop >/dev/null 2>&1 || true; rm -rf "$NEO4J_STATE_DIR" "$data" "$bin"' EXIT
go build -o "$bin" ./cmd/loader
start() { eval "$(scripts/neo4j.sh start --dir "$data")"; }
fixture=storetest/testdata/fixture
# holds names the dataset the graph holds: fixture, x10, or neither.
holds() {
    if "$bin" load -dry-run -dir "$fixture" -quiet 2>/dev/null | grep -q "nothing to change"; then echo fixture
    elif "$bin" load -dry-run -scale 10 -quiet 2>/dev/null | grep -q "nothing to change"; then echo x10
    else echo neither; fi
}
lock=(-lock-ttl 2s -lock-wait 2m) # the lock of the run that was cut short expires
start
"$bin" load -dir "$fixture" -quiet "${lock[@]}" >/dev/null
pass=0 fail=0
for step in "x10|create Norm|-max-tx-rows 1000000" "x10|stage Norm|" "x10|stage PARTICIPATES_IN|" "x10|switch|" \
    "x10|drop NgRetired|" "fixture|stage OVERLAPS|" "fixture|drop NgRetired|"; do
    IFS='|' read -r target phase extra <<<"$step"
    args=(load "${lock[@]}")
    if [[ "$target" == x10 ]]; then args+=(-scale 10); else args+=(-dir "$fixture"); fi
    # shellcheck disable=SC2206
    [[ -n "$extra" ]] && args+=($extra)
    # Start from the other dataset, so that the run has something to write.
    other=(-scale 10); [[ "$target" == x10 ]] && other=(-dir "$fixture")
    now="$(holds)"
    if [[ "$now" == "$target" || "$now" == neither ]]; then
        "$bin" load "${lock[@]}" "${other[@]}" -quiet >/dev/null
    fi
    before="$(holds)"
    killed=""
    while IFS= read -r line; do
        if [[ -z "$killed" && "$line" == *"loader: $phase"* ]]; then
            kill -KILL "$(cat "$NEO4J_STATE_DIR/pid")"
            killed="$line"
        fi
    done < <("$bin" "${args[@]}" 2>&1 || true)
    start 2>/dev/null
    after="$(holds)"
    if [[ -n "$killed" && "$after" != neither && ("$after" == "$before" || "$after" == "$target") ]]; then
        pass=$((pass + 1)); verdict=ok
    else
        fail=$((fail + 1)); verdict=FAILED
    fi
    printf '%-7s Neo4j killed at "%s" on the way %s → %s: the graph holds %s\n' "$verdict" "${killed#loader: }" "$before" "$target" "$after"
done
echo "Neo4j killed $((pass + fail)) times: the graph was the old or the new dataset $pass times, neither $fail times"
((fail == 0))
