#!/usr/bin/env bash
# The peer benchmark in one command (see docs/performance.md):
#   bench/peer/run.sh
# builds normgraph, installs the peer (@neo4j/graphql on Apollo Server) and autocannon from
# package-lock.json, self-tests the equivalence check, starts a private Neo4j
# (scripts/neo4j.sh run), loads the embedded dataset into it, and runs bench.js, which checks
# that the servers answer the same and prints the table (also written to bench/peer/latest.md).
# DURATION, CONNECTIONS and ROUNDS tune the load (see bench.js).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
npm ci --prefix bench/peer --no-audit --no-fund --loglevel=error >&2
node --test bench/peer/equivalence.test.js >&2
mkdir -p .cache/bench
go build -o .cache/bench/normgraph-server ./cmd/server
go build -o .cache/bench/normgraph-loader ./cmd/loader
export NORMGRAPH_SERVER="$PWD/.cache/bench/normgraph-server" OUT="${OUT:-$PWD/bench/peer/latest.md}"
exec scripts/neo4j.sh run -- bash -c '.cache/bench/normgraph-loader load >&2 && node bench/peer/bench.js'
