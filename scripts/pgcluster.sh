#!/usr/bin/env bash
# scripts/pgcluster.sh - a throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pgcluster.sh start DIR   initdb + start; writes DIR/url
#   scripts/pgcluster.sh stop DIR    stop (immediate) and remove DIR
#
# The server listens on a unix socket in DIR only (no TCP), runs with
# fsync=off, and trusts local connections as user "postgres".  Run as root,
# everything server-side runs as the "postgres" user.  On success `start`
# prints nothing and writes DIR/url, a libpq URI such as
# postgresql:///postgres?host=DIR&user=postgres.  Every failure prints the
# reason (and the server log) on stderr and exits non-zero.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MARKER=.pgcluster

die() {
	echo "pgcluster: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

# as_pg CMD...: run CMD as the cluster's owner (postgres when we are root).
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	local dir=$1 data log url
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd -P)
	data=$dir/data
	log=$dir/server.log
	# A unix socket path is limited to 107 bytes (".s.PGSQL.5432" included).
	[ ${#dir} -le 90 ] || die "'$dir' is too long for a unix socket path"
	case $dir in
	*[!A-Za-z0-9/._-]*) die "'$dir': use only [A-Za-z0-9/._-] in the path" ;;
	esac
	if [ -f "$dir/url" ] && as_pg "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		return 0 # already running
	fi
	if [ -e "$data" ]; then
		[ -f "$dir/$MARKER" ] || die "'$data' exists and is not ours"
	else
		touch "$dir/$MARKER"
	fi
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir" "$dir/$MARKER"
		# postgres must be able to reach DIR through its parents.
		as_pg test -x "$dir" || die "user postgres cannot enter '$dir'"
	fi
	if [ ! -f "$data/PG_VERSION" ]; then
		as_pg "$PGBIN/initdb" -D "$data" -U postgres -A trust -E UTF8 \
			--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	fi
	if ! as_pg "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null 2>&1; then
		[ -f "$log" ] && cat "$log" >&2
		die "pg_ctl start failed"
	fi
	url="postgresql:///postgres?host=$dir&user=postgres"
	printf '%s\n' "$url" >"$dir/url.tmp"
	mv "$dir/url.tmp" "$dir/url"
}

stop() {
	local dir=$1
	[ -d "$dir" ] || return 0
	dir=$(cd "$dir" && pwd -P)
	[ -f "$dir/$MARKER" ] || die "'$dir' is not a pgcluster.sh directory; not removing it"
	if [ -f "$dir/data/PG_VERSION" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 &&
			{ as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ||
				die "pg_ctl stop failed"; }
	fi
	rm -rf "$dir"
}

[ $# -eq 2 ] || usage
[ -n "$2" ] || usage
case $1 in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac
