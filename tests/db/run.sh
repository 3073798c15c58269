#!/usr/bin/env bash
# tests/db/run.sh TEST_BINARY [ARGS...] - run a database test against a
# fresh PostgreSQL cluster, removed afterwards whatever happens.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d /tmp/rgdb.XXXXXX)
cleanup() { "$src/scripts/pgcluster.sh" stop "$dir" || true; }
trap cleanup EXIT
"$src/scripts/pgcluster.sh" start "$dir"
RG_TEST_URL=$(cat "$dir/url")
export RG_TEST_URL
"$@"
