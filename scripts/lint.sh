#!/usr/bin/env bash
# scripts/lint.sh - the house format (clang-format 14, .clang-format) and
# cppcheck over graph/ and src/.  Generated headers are left out.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
files=$(git ls-files '*.c' '*.h' | grep -v -e 'src/py/bridge_py.h' -e 'src/load/uctab.h')
status=0
for f in $files; do
	clang-format --dry-run --Werror "$f" || status=1
done
cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	--inline-suppr --std=c11 -I. --include=/usr/include/uthash.h \
	--suppress=missingIncludeSystem graph src || status=1
[ $status = 0 ] && echo "lint: clean"
exit $status
