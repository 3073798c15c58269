#!/usr/bin/env bash
# scripts/build.sh [release|sanitize] - configure and build into build/ or
# build-asan/.  Prints the build directory on stdout.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-release}
case $kind in
release) dir=$top/build; args=(-DCMAKE_BUILD_TYPE=Release) ;;
sanitize) dir=$top/build-asan; args=(-DCMAKE_BUILD_TYPE=Debug -DREVGRAPH_SANITIZE=ON) ;;
*) echo "usage: $0 [release|sanitize]" >&2; exit 2 ;;
esac
cmake -S "$top" -B "$dir" "${args[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)" >&2
echo "$dir"
