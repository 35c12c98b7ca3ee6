#!/usr/bin/env bash
# The project's private PostgreSQL cluster for `make run` and `make test` when DATABASE_URL is
# unset. Data, socket and log live under /var/tmp/counterpart-<checkout hash>/, a folder the
# `postgres` OS user can reach even when the checkout sits in a home directory it cannot enter
# (PostgreSQL refuses to run as root, so as root we run it as `postgres`). The port is derived
# from the checkout's path so two checkouts on one machine do not collide; COUNTERPART_PG_PORT
# overrides it.
#
#   deploy/local/postgres.sh start        initdb on first use, start, create role and databases
#   deploy/local/postgres.sh stop|restart|status
#   deploy/local/postgres.sh url [db]     the owner's URL for a database (default counterpart):
#                                         migrations run as this role (DATABASE_OWNER_URL)
#   deploy/local/postgres.sh app-url [db] the application role's URL (DATABASE_URL): a role
#                                         subject to row-level security, owning nothing
#   deploy/local/postgres.sh psql [db]    open psql on it
set -euo pipefail

checkout=$(cd "$(dirname "$0")/../.." && pwd -P)
hash=$(printf '%s' "$checkout" | sha1sum | cut -c1-10)
state=${COUNTERPART_PG_STATE:-/var/tmp/counterpart-$hash}
port=${COUNTERPART_PG_PORT:-$((54000 + 0x${hash:0:4} % 1000))}
data=$state/data
socket=$state/socket
log=$state/postgres.log
role=counterpart
# The role the server connects as; the grants come from Migrations/0001.
app_role=counterpart_app

pgbin=${PG_BIN:-}
if [ -z "$pgbin" ]; then
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do pgbin=$dir; break; done
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/pg_ctl" ]; then
  echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; run 'make setup' (apt package: postgresql)" >&2
  exit 1
fi

# Run a command as the cluster's OS user: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://$role@127.0.0.1:$port/${1:-counterpart}"; }
app_url() { echo "postgresql://$app_role@127.0.0.1:$port/${1:-counterpart}"; }

running() { as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

init_cluster() {
  mkdir -p "$state"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$state"; fi
  as_owner mkdir -p "$socket"
  as_owner "$pgbin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
    || { echo "postgres.sh: initdb failed, see $state/initdb.log" >&2; exit 1; }
  # A private development cluster: loopback and its own socket folder only.
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket'
max_connections = 200
shared_buffers = 128MB
fsync = on
log_min_messages = warning
CONF
}

start() {
  [ -f "$data/PG_VERSION" ] || init_cluster
  if ! running; then
    as_owner "$pgbin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null \
      || { echo "postgres.sh: PostgreSQL did not start, see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
  fi
  local psql=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U postgres -d postgres)
  as_owner "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'" | grep -q 1 \
    || as_owner "${psql[@]}" -c "CREATE ROLE $role LOGIN CREATEDB"
  # The server's roles (Migrations/0001 explains them): counterpart_app logs in, is not a
  # superuser, not BYPASSRLS, owns nothing, and does NOT inherit the two scope roles it may
  # switch to with SET LOCAL ROLE — so their policies apply only after the switch.
  for scope_role in counterpart_viewer counterpart_platform; do
    as_owner "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$scope_role'" | grep -q 1 \
      || as_owner "${psql[@]}" -c "CREATE ROLE $scope_role NOLOGIN NOSUPERUSER NOBYPASSRLS"
  done
  as_owner "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$app_role'" | grep -q 1 \
    || as_owner "${psql[@]}" -c "CREATE ROLE $app_role LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT"
  as_owner "${psql[@]}" -c "ALTER ROLE $app_role NOINHERIT" \
    -c "GRANT counterpart_viewer, counterpart_platform TO $app_role" >/dev/null
  for db in counterpart counterpart_test; do
    as_owner "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
      || as_owner "${psql[@]}" -c "CREATE DATABASE $db OWNER $role"
    as_owner "${psql[@]}" -c "GRANT CONNECT ON DATABASE $db TO $app_role"
  done
}

case "${1:-}" in
  start) start ;;
  stop) if running; then as_owner "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi ;;
  restart) as_owner "$pgbin/pg_ctl" -D "$data" -l "$log" -m fast -w -t 60 restart >/dev/null ;;
  status) if running; then echo "running on port $port ($data)"; else echo "not running ($data)"; exit 3; fi ;;
  url) url "${2:-}" ;;
  app-url) app_url "${2:-}" ;;
  psql) exec "$pgbin/psql" "$(url "${2:-}")" ;;
  *) echo "usage: $0 start|stop|restart|status|url [db]|app-url [db]|psql [db]" >&2; exit 2 ;;
esac
