# Helpers shared by the benchmark scripts (sourced, not run). The sourcing script sets
# `bench_name` first; messages go to standard error as "<bench_name>: …".

say() { printf '%s: %s\n' "$bench_name" "$*" >&2; }
die() { say "$*"; exit 1; }

positive_int() { # name value
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, got '$2'"
}

# A loopback port nothing listens on right now (bound to 0, read back, released).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The shape of a wrk-against-pgbench run, checked, and the tools it needs.
check_load_settings() { # runs seconds warmup connections threads
  positive_int BENCH_RUNS "$1"
  positive_int BENCH_SECONDS "$2"
  positive_int BENCH_WARMUP_SECONDS "$3"
  positive_int BENCH_CONNECTIONS "$4"
  [ "$4" -ge "$5" ] || die "BENCH_CONNECTIONS must be at least $5"
  local tool
  for tool in wrk pgbench psql curl python3; do
    command -v "$tool" >/dev/null || die "$tool is not installed (Debian packages: wrk, postgresql-client, curl, python3)"
  done
}

# Sets owner_url, app_url and admin_url for the benchmark's database: BENCH_OWNER_URL,
# BENCH_APP_URL and BENCH_ADMIN_URL when given, else the private cluster's.
database_urls() { # postgres.sh database
  owner_url=${BENCH_OWNER_URL:-$("$1" url "$2")}
  app_url=${BENCH_APP_URL:-$("$1" app-url "$2")}
  admin_url=${BENCH_ADMIN_URL:-$("$1" url counterpart)}
}
