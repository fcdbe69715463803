#!/usr/bin/env bash
# The project's test command (the README's, and what .ci/run calls):
#   1. gofmt and go vet are clean;
#   2. the generated GraphQL code is what `go generate ./...` produces from schema.graphqls;
#   3. web/static/vendor (the browser libraries the binary embeds) is what scripts/web-vendor.sh
#      builds from web/package-lock.json;
#   4. every test runs, with a real Neo4j 5 started for them (scripts/neo4j.sh: Neo4j Community
#      from Maven Central, needs Java 17+ and Maven) and stopped afterwards:
#      go test -race ./... with NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD set.
#      Without Java or Maven the Neo4j tests skip, except under CI=true, where that is an error.
#      The browser tests (cmd/server TestBrowser) drive Debian's chromium, installed here with
#      apt-get when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './scripts/*'))
if [[ -n "$unformatted" ]]; then
    echo "gofmt would change:" >&2
    echo "$unformatted" >&2
    exit 1
fi

step "go vet"
go vet ./...

step "generated code is fresh"
generated=(graph/generated.go graph/model/models_gen.go graph/schema.resolvers.go)
before=$(sha256sum "${generated[@]}")
go generate ./...
after=$(sha256sum "${generated[@]}")
if [[ "$before" != "$after" ]]; then
    echo "generated code was stale: go generate ./... changed it; review and commit the result" >&2
    diff <(echo "$before") <(echo "$after") >&2 || true
    exit 1
fi

step "the real parsers the export tests read with (Cytoscape.js, networkx)"
if command -v npm >/dev/null && command -v python3 >/dev/null; then
    npm ci --prefix tools/exportcheck --no-audit --no-fund --loglevel=error >&2
    [[ -x .cache/venv/bin/python ]] || python3 -m venv .cache/venv
    .cache/venv/bin/pip install --quiet --disable-pip-version-check -r tools/exportcheck/requirements.txt >&2
    export NORMGRAPH_PYTHON="$PWD/.cache/venv/bin/python"
    step "the peer benchmark's equivalence check fails on different answers (self-test; no server)"
    node --test --test-reporter=dot bench/peer/equivalence.test.js >&2
elif [[ "${CI:-}" == "true" ]]; then
    echo "CI=true but npm or python3 is missing: the export tests cannot run" >&2
    exit 1
fi

step "fuzz targets, a few seconds each (cursor decoding, the GraphQL handler, the dataset loader)"
go test ./graph -run '^$' -fuzz '^FuzzDecodeCursor$' -fuzztime 3s >&2
go test ./graph -run '^$' -fuzz '^FuzzHandler$' -fuzztime 5s >&2
go test ./loader -run '^$' -fuzz '^FuzzLoad$' -fuzztime 5s >&2

step "GraphQL over HTTP: graphql-http's audit against the real server (memory store)"
if command -v npm >/dev/null; then
    npm ci --prefix tools/httpaudit --no-audit --no-fund --loglevel=error >&2
    (
        tmp=$(mktemp -d)
        trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
        go build -o "$tmp/server" ./cmd/server
        "$tmp/server" -addr 127.0.0.1:0 -log-format json 2>"$tmp/log" &
        pid=$!
        addr=""
        for _ in $(seq 100); do
            addr=$(sed -n 's/.*"msg":"listening","addr":"\([^"]*\)".*/\1/p' "$tmp/log" | head -1)
            [[ -n "$addr" ]] && break
            sleep 0.2
        done
        [[ -n "$addr" ]] || { echo "the server did not start:" >&2; cat "$tmp/log" >&2; exit 1; }
        # Fails on any MUST failure or on more than one SHOULD/MAY warning.
        node tools/httpaudit/audit.mjs "http://$addr/graphql" 1 >&2
    )
elif [[ "${CI:-}" == "true" ]]; then
    echo "CI=true but npm is missing: the GraphQL-over-HTTP audit cannot run" >&2
    exit 1
fi

step "embedded browser assets match web/package-lock.json"
if command -v npm >/dev/null; then
    scripts/web-vendor.sh --check
elif [[ "${CI:-}" == "true" ]]; then
    echo "CI=true but npm is missing: cannot check web/static/vendor" >&2
    exit 1
fi

step "a browser for the browser tests (Debian's chromium)"
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2 ||
        echo "could not install chromium: the browser tests will skip (CI=true makes that an error)" >&2
fi

# go test's own output, condensed by tools/testsummary: one line per package, the output of every
# failed test, every skipped test with its reason, and last "tests: N passed, N failed, N skipped".
# The counts line is printed once more at the very end, after Neo4j has stopped.
mkdir -p .cache
go build -o .cache/testsummary ./tools/testsummary
rm -f .cache/test-counts
gotest() { set -o pipefail; go test -race -count=1 -timeout 30m -json ./... | .cache/testsummary -counts .cache/test-counts; }
export -f gotest
counts() { echo; cat .cache/test-counts 2>/dev/null || echo "tests: 0 passed, 0 failed, 0 skipped (the test run did not finish)"; }

if command -v java >/dev/null && command -v mvn >/dev/null; then
    step "go test, against a real Neo4j"
    # "run" starts a private server with its own state, whatever else runs here, and stops it.
    status=0
    scripts/neo4j.sh run -- bash -c gotest || status=$?
    counts
    exit "$status"
fi
if [[ "${CI:-}" == "true" ]]; then
    echo "CI=true but java and mvn are not both on PATH: the Neo4j tests cannot run (see README)" >&2
    exit 1
fi
step "go test (no Java/Maven here: the Neo4j tests skip; see README)"
status=0
gotest || status=$?
counts
exit "$status"
