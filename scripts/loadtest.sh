#!/usr/bin/env bash
# Load test on loopback, as recorded in docs/operations.md:
#   scripts/loadtest.sh memory [DURATION] [SERVER_BINARY]
#   scripts/neo4j.sh run -- scripts/loadtest.sh neo4j [DURATION] [SERVER_BINARY]
# builds cmd/server (unless a binary is given) and cmd/loadgen, loads the embedded dataset into
# Neo4j for the neo4j store, starts the server on a free loopback port and drives it with 64
# connections: first the cheap query, then the nested one. Every run is bounded by DURATION
# (default 60s, whole seconds) and the server is stopped at the end; halfway through each run it
# asks /healthz and /readyz.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
store=${1:?usage: scripts/loadtest.sh memory|neo4j [DURATION] [SERVER_BINARY]}
dur=${2:-60s}
tmp=$(mktemp -d)
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
server=${3:-}
if [[ -z "$server" ]]; then
    go build -o "$tmp/server" ./cmd/server
    server="$tmp/server"
fi
go build -o "$tmp/loadgen" ./cmd/loadgen
if [[ "$store" == "neo4j" ]]; then
    : "${NEO4J_URI:?run under scripts/neo4j.sh run --}"
    go run ./cmd/loader load >&2
fi
# A free loopback port (the server logs its address only at level info, which would log every
# request of the load too).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr="127.0.0.1:$port"
"$server" -addr "$addr" -store "$store" -log-format json -log-level warn 2>"$tmp/log" &
pid=$!
for _ in $(seq 300); do
    curl -sf "http://$addr/readyz" >/dev/null && break
    sleep 0.2
done
curl -sf "http://$addr/readyz" >/dev/null || addr=""
[[ -n "$addr" ]] || { cat "$tmp/log" >&2; exit 1; }
for q in cheap nested; do
    echo "== $store, $q query: loadgen -c 64 -d $dur -query $q"
    "$tmp/loadgen" -url "http://$addr/graphql" -c 64 -d "$dur" -query "$q" -pid "$pid" > "$tmp/out" &
    lg=$!
    sleep "$(( ${dur%s} / 2 ))"
    echo "   /healthz during the load: $(curl -s -o /dev/null -w '%{http_code} in %{time_total}s' "http://$addr/healthz")"
    echo "   /readyz during the load: $(curl -s -o /dev/null -w '%{http_code} in %{time_total}s' "http://$addr/readyz")"
    wait "$lg"
    cat "$tmp/out"
done
echo "== server log lines (level warn and above) by message:"
sed -n 's/.*"level":"\([A-Z]*\)","msg":"\([^"]*\)".*/\1 \2/p' "$tmp/log" | sort | uniq -c | sort -rn | head -10
echo "== the causes they name, most frequent first:"
sed -n 's/.*"err":"\([^"]\{0,160\}\).*/\1/p' "$tmp/log" | sort | uniq -c | sort -rn | head -5
