#!/usr/bin/env bash
# The loader benchmark (README, "Neo4j"): load storetest.Scale(embedded dataset, N) into a
# private Neo4j started with scripts/neo4j.sh's defaults (heap 512m, transaction memory cap
# 256m, unless NEO4J_HEAP / NEO4J_TX_MEMORY_MAX say otherwise), then load it again (a no-op),
# for each N given (default: 1 10). Per run it prints the loader's report line (changes, time,
# statements), the loader's peak RSS (/usr/bin/time) and the Neo4j heap in use afterwards
# (jcmd GC.heap_info, after a full GC).
#
#   scripts/bench-load.sh 1 10 100
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${1:-}" != "--inner" ]]; then
    go build -o "${TMPDIR:-/tmp}/normgraph-bench-loader.$$" ./cmd/loader
    export BENCH_LOADER="${TMPDIR:-/tmp}/normgraph-bench-loader.$$"
    trap 'rm -f "$BENCH_LOADER"' EXIT
    status=0
    scripts/neo4j.sh run -- "$0" --inner "${@:-1 10}" || status=$?
    exit "$status"
fi
shift
pid="$(cat "$NEO4J_STATE_DIR/pid")"
heap() {
    jcmd "$pid" GC.run >/dev/null 2>&1 || true
    jcmd "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*garbage-first heap *total \([0-9]*K\), used \([0-9]*K\).*/heap used \2 of \1/p'
}
for n in $@; do
    for run in load no-op; do
        out="$(/usr/bin/time -f 'loader peak RSS %M KB, wall %e s' "$BENCH_LOADER" load -scale "$n" -quiet 2>&1)" || {
            echo "x$n $run: FAILED"; echo "$out"; continue; }
        printf 'x%s %-6s %s | %s | %s\n' "$n" "$run" "$(grep -E 'changed in|nothing to change' <<<"$out")" \
            "$(grep 'peak RSS' <<<"$out")" "$(heap)"
    done
done
