# shellcheck shell=bash
# shellcheck disable=SC2154  # root, tmp, database, the URLs and the run's shape: set by the sourcing script
# Pieces shared by the benchmarks that hold a Counterpart endpoint against pgbench running the
# endpoint's own SQL (bench-api.sh, bench-portal.sh): the clean-up of what they start, the
# release build, a fresh database, the server, and one measured run of wrk or of pgbench.
# Sourced, not run, after bench-common.sh, once the script has set: root, tmp (its temp
# folder), database, owner_url, app_url, admin_url, ours_bin, connections, threads, seconds.

server_pid=
load_pid=   # the wrk or pgbench running now

# shellcheck disable=SC2317  # reached through the traps below
stop_all() {
  local pid deadline=$((SECONDS + 10))
  for pid in $load_pid $server_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $load_pid $server_pid; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}

# shellcheck disable=SC2317
on_exit() {
  local status=$?
  trap - EXIT INT TERM
  stop_all
  if [ "${BENCH_KEEP:-}" = 0 ]; then
    psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 ||
      say "could not drop $database"
  fi
  if [ "${BENCH_KEEP:-}" = 1 ] || [ "$status" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}

# On any exit (failure, Ctrl-C, TERM): stop the server and the load, then BENCH_KEEP decides
# what stays (the database, the temp folder).
clean_up_on_exit() {
  trap on_exit EXIT
  trap 'say interrupted; exit 130' INT
  trap 'say terminated; exit 143' TERM
}

sql() { # url sql — one command, ON_ERROR_STOP, unaligned tuples only
  psql -X -q -v ON_ERROR_STOP=1 -tA "$1" -c "$2"
}

build_counterpart() { # unless BENCH_NO_BUILD=1
  if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
    say "building counterpart (release)"
    (cd "$root" && swift build -c release --product counterpart) >"$tmp/build-counterpart.log" 2>&1 ||
      { tail -n 40 "$tmp/build-counterpart.log" >&2; die "swift build -c release --product counterpart failed"; }
  fi
  [ -x "$ours_bin" ] || die "no binary at $ours_bin (unset BENCH_NO_BUILD to build it)"
}

# Drops and re-creates $database, lets the application role connect, and migrates it.
recreate_database() {
  say "re-creating $database"
  sql "$admin_url" "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
  sql "$admin_url" "CREATE DATABASE $database" >/dev/null
  sql "$owner_url" "GRANT CONNECT ON DATABASE $database TO counterpart_app" >/dev/null
  (cd "$root" && DATABASE_URL=$app_url DATABASE_OWNER_URL=$owner_url "$ours_bin" migrate) >"$tmp/migrate.log" 2>&1 ||
    { cat "$tmp/migrate.log" >&2; die "counterpart migrate failed"; }
}

# Fresh statistics for the planner, and the dead row versions of a bulk load (a fold updates
# each month's rollup row hundreds of times) cleared: the state autovacuum reaches soon after
# a load in production. As the owner; its warnings about the shared catalogs only a superuser
# may vacuum go to the seed log.
analyze_database() {
  sql "$owner_url" "VACUUM (ANALYZE)" >>"$tmp/seed.log" 2>&1 || { cat "$tmp/seed.log" >&2; die "VACUUM (ANALYZE) failed"; }
}

ensure_server_alive() {
  local status
  kill -0 "$server_pid" 2>/dev/null && return 0
  wait "$server_pid" 2>/dev/null && status=0 || status=$?
  say "counterpart serve (pid $server_pid) is gone: exit status $status; its last output:"
  tail -n 20 "$tmp/counterpart.log" >&2 || true
  die "the server died during the benchmark"
}

# `counterpart serve` as the application role on a free loopback port, with $connections
# handler threads and pooled connections, and any further VAR=value settings given; sets
# server_pid, port and base_url once /readyz answers.
start_counterpart() { # [VAR=value ...]
  local deadline start_timeout=60
  port=$(free_port)
  base_url=http://127.0.0.1:$port
  (cd "$root" && exec env DATABASE_URL="$app_url" COUNTERPART_LISTEN="127.0.0.1:$port" COUNTERPART_LOG_LEVEL=warning \
    COUNTERPART_DB_POOL_SIZE="$connections" COUNTERPART_WORKERS="$connections" "$@" "$ours_bin" serve) \
    >"$tmp/counterpart.log" 2>&1 &
  server_pid=$!
  deadline=$((SECONDS + start_timeout))
  until curl -fsS -o /dev/null --max-time 1 "$base_url/readyz" 2>/dev/null; do
    ensure_server_alive
    [ "$SECONDS" -lt "$deadline" ] || die "counterpart serve was not ready within ${start_timeout}s"
    sleep 0.2
  done
}

# What produced the figures, besides the commands: versions and the machine.
print_versions() {
  echo "versions: $(wrk -v 2>&1 | head -n 1 || true); $(pgbench --version); server $(sql "$owner_url" 'SHOW server_version')"
  echo "machine: $(nproc) cores, $(uname -sr), shared by wrk or pgbench, the server and PostgreSQL"
}

# utime + stime of the server process (all its threads) in clock ticks (proc(5): fields 14 and
# 15 of stat; the command name in field 2 may hold spaces, so count from its closing parenthesis).
server_cpu_ticks() {
  local line fields
  read -r line <"/proc/$server_pid/stat"
  read -r -a fields <<<"${line##*) }"
  echo $((fields[11] + fields[12]))
}

run_wrk() { # seconds output_file wrk_arguments... (the URL among them)
  local duration=$1 output=$2 status=0
  shift 2
  wrk -t"$threads" -c"$connections" --latency -d"$duration"s "$@" >"$output" 2>&1 &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=
  ensure_server_alive
  [ "$status" = 0 ] || { cat "$output" >&2; die "wrk failed (status $status)"; }
  # Every response must have been a 2xx or 3xx on a healthy connection, or the rate means nothing
  # (wrk counts statuses from 400 up as errors; a script that must also refuse 3xx checks them).
  if grep -qE '^  (Socket errors|Non-2xx or 3xx responses):' "$output"; then
    cat "$output" >&2
    die "wrk saw errors or non-2xx responses (above); see $tmp/counterpart.log"
  fi
}

run_pgbench() { # seconds output_file log_prefix pgbench_arguments...
  local duration=$1 output=$2 log_prefix=$3 status=0
  shift 3
  pgbench -n -M extended -c "$connections" -j "$threads" -T "$duration" --log --log-prefix="$log_prefix" "$@" "$app_url" \
    >"$output" 2>&1 &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=
  [ "$status" = 0 ] || { tail -n 30 "$output" >&2; die "pgbench failed (status $status)"; }
  if ! grep -qE '^number of failed transactions: 0 ' "$output" && grep -q '^number of failed transactions' "$output"; then
    cat "$output" >&2
    die "pgbench had failed transactions (above)"
  fi
}

# One measured wrk run of $seconds, with the server's CPU time, recorded in results_file as
# pgbench_comparison.py reads it.
measure_wrk() { # run results_file output_file wrk_arguments...
  local run=$1 results=$2 output=$3 before after
  shift 3
  before=$(server_cpu_ticks)
  run_wrk "$seconds" "$output" "$@"
  after=$(server_cpu_ticks)
  printf 'wrk\t%s\t%s\t%s\t%s\n' "$run" "$output" $((after - before)) "$(getconf CLK_TCK)" >>"$results"
}

# One measured pgbench run of $seconds, its per-transaction log in log_folder, recorded in
# results_file.
measure_pgbench() { # run results_file output_file log_folder pgbench_arguments...
  local run=$1 results=$2 output=$3 logs=$4
  shift 4
  mkdir -p "$logs"
  run_pgbench "$seconds" "$output" "$logs/pgbench_log" "$@"
  printf 'pgbench\t%s\t%s\t%s\n' "$run" "$output" "$logs/pgbench_log" >>"$results"
}
