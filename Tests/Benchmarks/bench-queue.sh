#!/usr/bin/env bash
# make bench-queue (issue 6, "Performance"): no-op jobs enqueued and completed per second end to
# end through the worker pool (Tests/Benchmarks/Queue, release build), beside two peers run in
# the same run against the same PostgreSQL, runs alternating their order:
#   - pgqueuer (PyPI, pinned in requirements-bench.txt, in the venv `deploy/local/setup.sh bench`
#     fills) doing the same: JOBS enqueued in batches while one queue manager completes them;
#   - a pure-SQL ceiling: pgbench, 16 clients, each transaction leasing 10 rows of a pre-filled
#     table with FOR UPDATE SKIP LOCKED and deleting them (no payload, no outcome kept).
# Fresh schemas in the database BENCH_OWNER_URL / BENCH_APP_URL name (the test database under
# make), dropped afterwards. BENCH_STRICT=1 exits 3 when a goal is not met.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
ours_bin=$root/.build/release/bench-queue
venv=${COUNTERPART_BENCH_VENV:-/var/tmp/counterpart-bench-venv}
runs=${BENCH_RUNS:-3}
jobs=${BENCH_JOBS:-20000}
batch=${BENCH_BATCH:-100}
seconds=${BENCH_SECONDS:-10}
pgqueuer_batch=${BENCH_PGQUEUER_BATCH:-10}   # pgqueuer's own default batch_size
ceiling_rows=${BENCH_CEILING_ROWS:-2000000}
ceiling_clients=16

bench_name=bench-queue
. "$root/Tests/Benchmarks/bench-common.sh"
for setting in BENCH_RUNS:$runs BENCH_JOBS:$jobs BENCH_BATCH:$batch BENCH_SECONDS:$seconds \
               BENCH_PGQUEUER_BATCH:$pgqueuer_batch BENCH_CEILING_ROWS:$ceiling_rows; do
  positive_int "${setting%%:*}" "${setting#*:}"
done
owner_url=${BENCH_OWNER_URL:?BENCH_OWNER_URL is not set (make bench-queue sets it)}
app_url=${BENCH_APP_URL:?BENCH_APP_URL is not set (make bench-queue sets it)}
for tool in pgbench psql python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[ -x "$venv/bin/python" ] || die "no pgqueuer venv at $venv: run deploy/local/setup.sh bench"
[ -x "$ours_bin" ] || die "no $ours_bin: swift build -c release --product bench-queue"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-queue.XXXXXX")
schema=bench_ceiling_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
load_pid=
# shellcheck disable=SC2317  # reached through the trap
on_exit() {
  local status=$?
  trap - EXIT
  [ -n "$load_pid" ] && kill -TERM "$load_pid" 2>/dev/null
  psql -X -q "$owner_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || say "could not drop $schema"
  if [ "${BENCH_KEEP:-}" = 1 ] || [ "$status" != 0 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
trap on_exit EXIT
sql() { psql -X -q -v ON_ERROR_STOP=1 -tA "$1" -c "$2"; }

# The ceiling's table: what a job row minimally is; rows are only ever taken, never put back.
sql "$owner_url" "CREATE SCHEMA $schema; CREATE TABLE $schema.ceiling_jobs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text NOT NULL, run_at timestamptz NOT NULL DEFAULT now())" >/dev/null
cat >"$tmp/ceiling.pgbench" <<SQL
WITH leased AS (SELECT id FROM $schema.ceiling_jobs ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED)
DELETE FROM $schema.ceiling_jobs AS j USING leased WHERE j.id = leased.id;
SQL
ceiling_left() { sql "$owner_url" "SELECT count(*) FROM $schema.ceiling_jobs"; }

measure_ours() { # run
  (cd "$root" && BENCH_OWNER_URL=$owner_url BENCH_APP_URL=$app_url BENCH_JOBS=$jobs BENCH_BATCH=$batch "$ours_bin") \
    >"$tmp/ours-$1.txt" 2>&1 || { cat "$tmp/ours-$1.txt" >&2; die "bench-queue failed"; }
  grep -q "completed rows durable: $jobs of $jobs" "$tmp/ours-$1.txt" || { cat "$tmp/ours-$1.txt" >&2; die "not every job's completion was durable"; }
  printf 'ours\t%s\n' "$(sed -n 's/^RESULT //p' "$tmp/ours-$1.txt")" >>"$tmp/results.tsv"
}

measure_pgqueuer() { # run
  "$venv/bin/python" "$root/Tests/Benchmarks/bench_queue_pgqueuer.py" "$owner_url" "$jobs" "$batch" "$pgqueuer_batch" \
    >"$tmp/pgqueuer-$1.txt" 2>&1 || { tail -n 30 "$tmp/pgqueuer-$1.txt" >&2; die "pgqueuer failed"; }
  printf 'pgqueuer\t%s\n' "$(sed -n 's/^RESULT //p' "$tmp/pgqueuer-$1.txt")" >>"$tmp/results.tsv"
}

measure_ceiling() { # run
  local before after status=0
  sql "$owner_url" "TRUNCATE $schema.ceiling_jobs; INSERT INTO $schema.ceiling_jobs (kind) SELECT 'bench.noop' FROM generate_series(1, $ceiling_rows)" >/dev/null
  # Alone: psql -c runs several statements as one transaction, and VACUUM refuses to run in one.
  sql "$owner_url" "VACUUM ANALYZE $schema.ceiling_jobs" >/dev/null
  before=$(ceiling_left)
  pgbench -n -M prepared -c "$ceiling_clients" -j 2 -T "$seconds" -f "$tmp/ceiling.pgbench" "$owner_url" >"$tmp/ceiling-$1.txt" 2>&1 &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=
  [ "$status" = 0 ] || { tail -n 30 "$tmp/ceiling-$1.txt" >&2; die "pgbench failed (status $status)"; }
  after=$(ceiling_left)
  [ "$after" -gt 0 ] || die "the ceiling's table ran empty: raise BENCH_CEILING_ROWS"
  printf 'ceiling\t%s\n' "$(python3 -c "print(f'{($before - $after) / $seconds:.1f}')")" >>"$tmp/results.tsv"
}

echo "command: BENCH_RUNS=$runs BENCH_JOBS=$jobs BENCH_BATCH=$batch BENCH_SECONDS=$seconds BENCH_PGQUEUER_BATCH=$pgqueuer_batch make bench-queue"
echo "ours: .build/release/bench-queue (BENCH_WORKERS=${BENCH_WORKERS:-16}), commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo +dirty)"
echo "pgqueuer: $("$venv/bin/pip" freeze 2>/dev/null | grep -i '^pgqueuer=' || echo unknown), QueueManager.run(batch_size=$pgqueuer_batch), enqueue batches of $batch"
echo "ceiling: pgbench -n -M prepared -c $ceiling_clients -j 2 -T $seconds over $ceiling_rows rows:"
sed 's/^/    /' "$tmp/ceiling.pgbench"
echo "versions: $(pgbench --version); server $(sql "$owner_url" 'SHOW server_version'); synchronous_commit=$(sql "$owner_url" 'SHOW synchronous_commit')"
echo "machine: $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

: >"$tmp/results.tsv"
for ((run = 1; run <= runs; run++)); do
  order=(ours pgqueuer ceiling)
  ((run % 2)) || order=(ceiling pgqueuer ours)
  for peer in "${order[@]}"; do
    "measure_$peer" "$run"
    say "run $run/$runs $peer: $(tail -n 1 "$tmp/results.tsv" | cut -f2) jobs/s"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$tmp/results.tsv" <<'PY' | tee "$tmp/report.txt"
import statistics, sys
figures = {}
for line in open(sys.argv[1]):
    name, value = line.split()
    figures.setdefault(name, []).append(float(value))
for name, values in figures.items():
    print(f"runs: {name} " + ", ".join(f"{v:.0f}" for v in values) + " jobs/s")
ours, pgqueuer, ceiling = (statistics.median(figures[n]) for n in ("ours", "pgqueuer", "ceiling"))
r = ours / pgqueuer
print(f"BENCH queue-noop-jobs {ours:.0f} jobs/s | pgqueuer {pgqueuer:.0f} jobs/s | ratio {r:.2f} | goal 2.00 | {'met' if r >= 2 else 'NOT met'}")
r = ours / ceiling
print(f"BENCH queue-noop-jobs {ours:.0f} jobs/s | pgbench-skip-locked-ceiling {ceiling:.0f} jobs/s | ratio {r:.2f} | goal 0.60 | {'met' if r >= 0.6 else 'NOT met'}")
PY
if [ "${BENCH_STRICT:-}" = 1 ] && grep -q '| NOT met$' "$tmp/report.txt"; then exit 3; fi
exit 0
