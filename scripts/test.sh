#!/usr/bin/env bash
# The project's test command (the README's, and what .ci/run calls):
#   1. gofmt and go vet are clean;
#   2. the generated GraphQL code is what `go generate ./...` produces from schema.graphqls;
#   3. every test runs: go test -race ./...
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

step "go test"
go test -race -count=1 ./...
