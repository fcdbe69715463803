#!/usr/bin/env bash
# Produces web/static/vendor: the built browser files of the npm packages pinned in
# web/package.json and web/package-lock.json (GraphiQL, React, ReactDOM, Cytoscape.js) and their
# licences, which the server embeds with go:embed (package web).
#
#   scripts/web-vendor.sh           # refresh web/static/vendor after changing web/package.json
#   scripts/web-vendor.sh --check   # fail when web/static/vendor differs from what this produces
#
# Repeatable: `npm ci` installs exactly the lockfile's versions (checked against its integrity
# hashes), and the files are copied unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

check=false
[[ "${1:-}" == "--check" ]] && check=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp web/package.json web/package-lock.json "$work/"
npm ci --prefix "$work" --ignore-scripts --no-audit --no-fund --loglevel=error >&2

out="$work/vendor"
mkdir -p "$out"
nm="$work/node_modules"
# file in the package -> name under web/static/vendor
while read -r from to; do
    cp "$nm/$from" "$out/$to"
done <<'FILES'
react/umd/react.production.min.js            react.production.min.js
react-dom/umd/react-dom.production.min.js    react-dom.production.min.js
graphiql/graphiql.min.js                     graphiql.min.js
graphiql/graphiql.min.css                    graphiql.min.css
cytoscape/dist/cytoscape.esm.min.mjs         cytoscape.esm.min.mjs
react/LICENSE                                LICENSE.react
react-dom/LICENSE                            LICENSE.react-dom
graphiql/LICENSE                             LICENSE.graphiql
cytoscape/LICENSE                            LICENSE.cytoscape
FILES
# Which version each file comes from, read from the installed packages.
for p in react react-dom graphiql cytoscape; do
    node -e 'const p=require(process.argv[1]); console.log(p.name+"@"+p.version)' "$nm/$p/package.json"
done >"$out/VERSIONS"

if $check; then
    if ! diff -r "$out" web/static/vendor >&2; then
        echo "web/static/vendor is stale: run scripts/web-vendor.sh and commit the result" >&2
        exit 1
    fi
    echo "web/static/vendor matches web/package-lock.json" >&2
    exit 0
fi
rm -rf web/static/vendor
cp -r "$out" web/static/vendor
echo "wrote web/static/vendor:" >&2
cat web/static/vendor/VERSIONS >&2
