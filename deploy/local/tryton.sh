#!/usr/bin/env bash
# The real Tryton 8.2 (trytond from PyPI) that the Tryton connector's tests talk to: one server
# with two databases, `erp` (the ERP: items, prices, stock, sales, invoices, shipments) and `pos`
# (the store's point of sale, module sale_point), in the project's private PostgreSQL cluster
# (deploy/local/postgres.sh). Everything it makes lives outside the checkout:
#
#   state   ${COUNTERPART_TRYTON_STATE:-/var/tmp/counterpart-tryton-<checkout hash>}
#           trytond.conf, trytond.pid, trytond.log, admin.log, seed-*.log, filestore/
#   venv    ${COUNTERPART_TRYTON_VENV:-/var/tmp/counterpart-tryton-venv} (shared by checkouts,
#           filled from deploy/local/tryton/requirements.txt; an edit of that file refills it)
#
#   deploy/local/tryton.sh start    install what is missing, create and seed the databases,
#                                   start trytond and wait until it answers; prints each step
#                                   with its time. A second run only checks (about a second).
#   deploy/local/tryton.sh stop     stop trytond (PostgreSQL keeps running)
#   deploy/local/tryton.sh status   running or not; exit 3 when not
#   deploy/local/tryton.sh url      the server's URL, e.g. http://127.0.0.1:58123
#   deploy/local/tryton.sh reset    stop, drop both databases; the next start re-creates them
#
# Environment (all optional): COUNTERPART_TRYTON_PORT (default derived from the checkout path,
# like the PostgreSQL port), COUNTERPART_TRYTON_HOST (127.0.0.1), COUNTERPART_TRYTON_PASSWORD
# (the `admin` user's password, default `admin`, applied when a database is seeded),
# COUNTERPART_TRYTON_START_TIMEOUT (seconds, 120), COUNTERPART_TRYTON_PYTHON (python3), and
# postgres.sh's COUNTERPART_PG_STATE / COUNTERPART_PG_PORT.
#
# Facts this script relies on (Tryton 8.2.1):
# - trytond must be started with `-d erp pos`: a database loaded lazily fails its first login
#   with KeyError 'res.user', and a database added later needs a restart.
# - Module activation takes 80-120 s, so it runs once, in `erp`; `pos` is copied from it with
#   CREATE DATABASE … TEMPLATE, which needs no other session on `erp` — trytond is stopped for it.
# - trytond-admin asks for the admin e-mail (--email) and reads the password from the file
#   TRYTONPASSFILE names; seed.py then sets the password the tests use.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
checkout=$(cd "$here/../.." && pwd -P)
hash=$(printf '%s' "$checkout" | sha1sum | cut -c1-10)
state=${COUNTERPART_TRYTON_STATE:-/var/tmp/counterpart-tryton-$hash}
venv=${COUNTERPART_TRYTON_VENV:-/var/tmp/counterpart-tryton-venv}
host=${COUNTERPART_TRYTON_HOST:-127.0.0.1}
port=${COUNTERPART_TRYTON_PORT:-$((58000 + 0x${hash:4:4} % 1000))}
python=${COUNTERPART_TRYTON_PYTHON:-python3}
start_timeout=${COUNTERPART_TRYTON_START_TIMEOUT:-120}
requirements=$here/tryton/requirements.txt
databases=(erp pos)
# sale_point pulls in sale, stock, account_invoice and the rest; the explicit list documents
# what the connector uses.
modules="party company currency country product stock account account_product account_invoice
         account_invoice_stock sale sale_point"
pg=$here/postgres.sh
conf=$state/trytond.conf
pidfile=$state/trytond.pid
log=$state/trytond.log

millis() { echo $(( $(date +%s%N) / 1000000 )); }
started_at=$(millis)
step_at=$started_at
# Prints a step with the seconds it took and the seconds since the script started.
step() {
  local now; now=$(millis)
  printf 'tryton.sh: %-60s %4d.%01d s  (total %4d.%01d s)\n' "$1" \
    $(( (now - step_at) / 1000 )) $(( (now - step_at) % 1000 / 100 )) \
    $(( (now - started_at) / 1000 )) $(( (now - started_at) % 1000 / 100 ))
  step_at=$now
}
fail() { echo "tryton.sh: $*" >&2; exit 1; }

url() { echo "http://$host:$port"; }

pid_running() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Whether the server answers a JSON-RPC call listing the databases we serve (common.db.list is
# answered by the server itself, without a session). The venv's Python asks, so that the script
# needs no curl binary.
answers() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "$(url)/rpc/" "${databases[@]}" 2>/dev/null <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Content-Type": "application/json"},
                                 data=b'{"id": 0, "method": "common.db.list", "params": []}')
with urllib.request.urlopen(request, timeout=5) as reply:
    served = json.load(reply).get("result") or []
sys.exit(0 if all(db in served for db in sys.argv[2:]) else 1)
PY
}

stop_server() {
  local pid
  if pid=$(pid_running); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
}

# psql as the cluster's owner role (postgres.sh url): it may create databases.
owner_psql() {
  local db=$1; shift
  psql -X -q -v ON_ERROR_STOP=1 -tA "$("$pg" url "$db")" "$@"
}
database_exists() { [ "$(owner_psql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
activated() {
  [ "$(owner_psql "$1" -c "SELECT count(*) FROM ir_module WHERE name = 'sale_point' AND state = 'activated'" 2>/dev/null)" = 1 ]
}
seeded() {
  [ "$(owner_psql "$1" -c "SELECT count(*) FROM sale_point WHERE name = 'Store 1 POS'" 2>/dev/null)" = 1 ]
}

install_venv() {
  local stamp=$venv/.counterpart-requirements
  if [ -x "$venv/bin/trytond" ] && cmp -s "$requirements" "$stamp"; then return; fi
  mkdir -p "$(dirname "$venv")"
  # One installer at a time when two checkouts start at once.
  exec 9>"$venv.lock"
  flock 9
  if [ -x "$venv/bin/trytond" ] && cmp -s "$requirements" "$stamp"; then exec 9>&-; return; fi
  if ! "$python" -c 'import venv, ensurepip, sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
      python=/usr/bin/python3
    else
      fail "$python cannot make a virtual environment (Python >= 3.10 with venv); install python3-venv"
    fi
  fi
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  step "virtual environment $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" \
    || fail "pip install -r $requirements failed"
  cp "$requirements" "$stamp"
  exec 9>&-
  step "pip install (trytond 8.2 and modules, exact pins)"
}

write_configuration() {
  mkdir -p "$state/filestore"
  local owner_url; owner_url=$("$pg" url postgres)
  # [database] uri names the server without a database; trytond picks the database per request.
  cat >"$conf.new" <<CONF
# Written by deploy/local/tryton.sh; edits are overwritten.
[web]
listen = $host:$port

[database]
uri = ${owner_url%/postgres}/
path = $state/filestore
language = en
CONF
  if cmp -s "$conf.new" "$conf"; then rm -f "$conf.new"; return 1; fi
  mv "$conf.new" "$conf"
}

activate_erp() {
  if ! database_exists erp; then
    owner_psql postgres -c "CREATE DATABASE erp ENCODING 'UTF8' TEMPLATE template0"
  fi
  # Tryton stores naive UTC timestamps; the database's own setting keeps that true whatever the
  # cluster's default is (CREATE DATABASE … TEMPLATE does not copy it, so each database gets it).
  owner_psql postgres -c "ALTER DATABASE erp SET timezone TO 'UTC'"
  local passfile; passfile=$(mktemp)
  # A throw-away first password; seed.py sets the one the tests use.
  head -c 24 /dev/urandom | base64 >"$passfile"
  # shellcheck disable=SC2086
  if ! TRYTONPASSFILE=$passfile "$venv/bin/trytond-admin" -c "$conf" -d erp -u $modules \
      --activate-dependencies --email admin@example.com >"$state/admin.log" 2>&1; then
    rm -f "$passfile"
    tail -n 20 "$state/admin.log" >&2
    fail "trytond-admin failed; the whole log is $state/admin.log"
  fi
  rm -f "$passfile"
  step "modules activated in erp (trytond-admin)"
}

copy_pos() {
  owner_psql postgres -c "CREATE DATABASE pos TEMPLATE erp"
  owner_psql postgres -c "ALTER DATABASE pos SET timezone TO 'UTC'"
  step "pos created from erp (CREATE DATABASE pos TEMPLATE erp)"
}

seed() {
  COUNTERPART_TRYTON_PASSWORD=${COUNTERPART_TRYTON_PASSWORD:-admin} \
    "$venv/bin/python" "$here/tryton/seed.py" "$conf" "$1" >"$state/seed-$1.log" 2>&1 \
    || { tail -n 20 "$state/seed-$1.log" >&2; fail "seeding $1 failed; the whole log is $state/seed-$1.log"; }
  step "seeded $1 (company, accounts, taxes, warehouses, POS)"
}

start() {
  [ "$(id -u)" = 0 ] || [ -w "$(dirname "$state")" ] || fail "cannot write $state"
  command -v psql >/dev/null || fail "psql is missing (apt package: postgresql-client); run 'make setup'"
  mkdir -p "$state"
  # One start at a time per checkout.
  exec 8>"$state/start.lock"
  flock 8
  install_venv
  # postgres.sh's idempotent GRANTs raise NOTICEs that say nothing here.
  PGOPTIONS='-c client_min_messages=warning' "$pg" start
  step "PostgreSQL ($("$pg" url postgres))"
  local restart=
  if write_configuration; then restart=1; fi

  local need_work=
  for db in "${databases[@]}"; do
    if ! database_exists "$db" || ! activated "$db" || ! seeded "$db"; then need_work=1; fi
  done
  if [ -n "$need_work" ]; then
    # CREATE DATABASE … TEMPLATE erp and trytond-admin both want erp to themselves.
    stop_server
    if ! activated erp; then activate_erp; fi
    if ! database_exists pos; then copy_pos; fi
    activated pos || fail "database pos exists without the modules; run '$0 reset' and start again"
    for db in "${databases[@]}"; do seeded "$db" || seed "$db"; done
    restart=1
  fi
  step "databases ${databases[*]} ready"

  if [ -z "$restart" ] && pid_running >/dev/null && answers; then
    step "trytond already answers at $(url)"
    return
  fi
  stop_server
  if answers; then fail "something else answers at $(url); set COUNTERPART_TRYTON_PORT"; fi
  # setsid: the server outlives this script and the make recipe that ran it.
  # The lock descriptors are closed for it, or the server would hold the locks for its life.
  setsid "$venv/bin/trytond" -c "$conf" -d "${databases[@]}" --pidfile "$pidfile" \
    >>"$log" 2>&1 </dev/null 8>&- 9>&- &
  local child=$!
  local deadline=$(( $(date +%s) + start_timeout ))
  until answers; do
    if ! kill -0 "$child" 2>/dev/null; then tail -n 20 "$log" >&2; fail "trytond exited; see $log"; fi
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 20 "$log" >&2; fail "trytond did not answer within ${start_timeout}s; see $log"; }
    sleep 0.2
  done
  step "trytond answers at $(url) (pid $(cat "$pidfile"))"
}

reset() {
  stop_server
  for db in pos erp; do
    if database_exists "$db"; then owner_psql postgres -c "DROP DATABASE $db"; fi
  done
  echo "tryton.sh: dropped ${databases[*]}; the next start re-creates them"
}

case "${1:-}" in
  start) start ;;
  stop) stop_server ;;
  status)
    if pid=$(pid_running) && answers; then echo "running at $(url) (pid $pid, state $state)"
    else echo "not running (state $state)"; exit 3; fi ;;
  url) url ;;
  reset) reset ;;
  *) echo "usage: $0 start|stop|status|url|reset" >&2; exit 2 ;;
esac
