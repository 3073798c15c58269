#!/usr/bin/env bash
# scripts/deps.sh - install the Debian packages revgraph builds, runs and
# tests with, when any is missing.  Needs root (or sudo) only then.
set -euo pipefail

PKGS=(
	build-essential cmake pkg-config
	libpq-dev uthash-dev libpg-query-dev libinih-dev
	python3-dev python3-alembic python3-psycopg2 python3-sqlalchemy
	postgresql-15 postgresql-client-15
	clang-format cppcheck
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
