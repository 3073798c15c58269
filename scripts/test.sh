#!/usr/bin/env bash
# scripts/test.sh - every test, twice: an -O2 build and an ASan+UBSan build
# (leaks detected).  Installs what it needs first.  Integration tests start
# their own throwaway PostgreSQL clusters (unix sockets, no TCP).
#   scripts/test.sh            both builds
#   scripts/test.sh release    only the -O2 build (or: sanitize)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
kinds=("${@:-release sanitize}")
read -r -a kinds <<<"${kinds[*]}"
status=0
"$top/scripts/lint.sh" || status=1
for kind in "${kinds[@]}"; do
	build=$("$top/scripts/build.sh" "$kind")
	echo "== tests ($kind build)"
	if [ "$kind" = sanitize ]; then
		export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
		export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
		export RG_SANITIZED=1
	fi
	(cd "$build" && ctest --output-on-failure -j2 --timeout 1200) || status=1
	unset ASAN_OPTIONS UBSAN_OPTIONS RG_SANITIZED
done
exit $status
