#!/usr/bin/env bash
# scripts/demo.sh [URL] - build revgraph and show what a user sees, on the
# sample project in versions/: upgrade head, current, history, downgrade -1,
# stamp.  Without URL a throwaway PostgreSQL cluster is started and removed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
build=$("$top/scripts/build.sh" release)
rg=$build/revgraph

url=${1:-}
cluster=
cleanup() { [ -z "$cluster" ] || "$top/scripts/pgcluster.sh" stop "$cluster"; }
trap cleanup EXIT
if [ -z "$url" ]; then
	cluster=$(mktemp -d /tmp/revgraph-demo.XXXXXX)
	"$top/scripts/pgcluster.sh" start "$cluster"
	url=$(cat "$cluster/url")
fi
export REVGRAPH_URL=$url
cd "$top"

run() {
	printf '\n\033[1m$ revgraph %s\033[0m\n' "$*"
	"$rg" -d versions "$@"
}
run heads
run branches
run upgrade head
run current -v
run history -i
run downgrade -1
run current
run upgrade --sql 8c4f0e5d1a77:head
run upgrade head
run stamp --sql head:ae1027a6acf2
run stamp 8c4f0e5d1a77
run current
run stamp head
run current
