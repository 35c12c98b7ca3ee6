#!/usr/bin/env bash
# `make bench-api`: an authenticated `GET /api/v1/customers` against pgbench running the same
# SQL, measured in one run on this machine (issue 3: at least half of pgbench's rate — the HTTP,
# auth, row-level security and JSON layers may cost no more than the database does).
#
# Builds `counterpart` in release, drops and re-creates the database counterpart_bench in the
# private cluster, migrates it, and seeds it as the schema's owner with set-based SQL: 100
# partners (bench-001 … bench-100) of 1,000 customers each, inserted interleaved so that one
# partner's rows are spread over the whole table and the index and row-level security have to
# select. A partner admin of bench-001 and a read token are made through the product's CLI.
#
# Then `counterpart serve` (64 handler threads, 64 pooled connections) answers
# GET /api/v1/customers (first page: 50 customers and a next_cursor), and pgbench runs, as the
# application role counterpart_app (row-level security applies), the statements one such request
# sends in its transaction — generated from the Swift constants by bench_api.py, so the two
# cannot drift apart: BEGIN; the token owner lookup that sets the tenant scope; the credential
# read; the customer list (limit 51); COMMIT. The once-a-minute last_used_at UPDATE is left out:
# it is not part of a request's steady cost. pgbench uses -M extended with -D variables, as our
# server sends each statement with PQsendQueryParams (unnamed statements, no prepared plans).
#
# After a warm-up of each, BENCH_RUNS rounds of [wrk -t2 -c64 --latency] and [pgbench -c64 -j2]
# alternate (which one goes first alternates too), so noise on the shared 2 cores spreads evenly.
# Medians of the rate and p99 (pgbench's from its per-transaction log), and the server's own CPU
# time per request, are printed side by side, ending with two machine-readable lines:
#   BENCH api_customers_rps <v> req/s | pgbench <v> tx/s | ratio <r> | goal 0.5 | <met|NOT met>
#   BENCH api_customers_p99 <v> ms | pgbench <v> ms | ratio <r> | goal - | -
#
# What the comparison leaves out, either way: pgbench's clients connect anew each run (their
# first transactions fill fresh backends' caches; the server's pooled backends stay warm), while
# wrk's HTTP parsing costs more client CPU than pgbench's libpq on the same 2 cores. pgbench
# binds its parameters untyped and the server with type OIDs; both as text, both unnamed.
#
# Environment:
#   BENCH_OWNER_URL         the schema owner's URL of the benchmark database (needs CREATEDB)
#   BENCH_APP_URL           the application role's URL of the same database
#   BENCH_ADMIN_URL         the owner's URL of any other database, to DROP/CREATE from
#                           (defaults: deploy/local/postgres.sh url|app-url counterpart_bench,
#                           and url counterpart)
#   BENCH_RUNS=3            measured rounds
#   BENCH_SECONDS=10        seconds per measured run
#   BENCH_WARMUP_SECONDS=3  seconds of the discarded warm-up of each
#   BENCH_CONNECTIONS=64    wrk connections = pgbench clients = server workers = pool size
#   BENCH_NO_BUILD=1        use .build/release/counterpart as it is
#   BENCH_STRICT=1          exit 3 when the goal is not met
#   BENCH_KEEP              unset: keep counterpart_bench for inspection (it is re-created by
#                           the next run), delete the temp folder; 1: keep both (the folder has
#                           the wrk and pgbench outputs, the server's log, the script);
#                           0: drop counterpart_bench and delete the folder
# Exit status: 0 done; 1 error (the temp folder is kept); 3 goal not met under BENCH_STRICT=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
helper=$root/Tests/Benchmarks/bench_api.py
ours_bin=$root/.build/release/counterpart
pg=$root/deploy/local/postgres.sh
database=counterpart_bench

runs=${BENCH_RUNS:-3}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP_SECONDS:-3}
connections=${BENCH_CONNECTIONS:-64}
threads=2
partners=100
customers_per_partner=1000
page_size=50            # PageRequest.defaultLimit; the query fetches one more
goal=0.5

bench_name=bench-api
# shellcheck source=Tests/Benchmarks/bench-common.sh
. "$root/Tests/Benchmarks/bench-common.sh"
check_load_settings "$runs" "$seconds" "$warmup" "$connections" "$threads"
database_urls "$pg" "$database"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-api.XXXXXX")
# shellcheck source=Tests/Benchmarks/bench-against-pgbench.sh
. "$root/Tests/Benchmarks/bench-against-pgbench.sh"
clean_up_on_exit

build_counterpart

# --- the pgbench script, from the Swift sources (fails loudly when a constant moved) -----------
python3 "$helper" pgbench-script "$root" >"$tmp/customers.pgbench" ||
  die "could not generate the pgbench script from the Swift sources"

# --- a fresh database ---------------------------------------------------------------------------
recreate_database

# As the owner, so row-level security does not apply to the seeding. Customers are inserted
# round-robin over the partners: one partner's rows are spread over every page of the table.
say "seeding $partners partners x $customers_per_partner customers"
seed_start=$SECONDS
psql -X -q -v ON_ERROR_STOP=1 "$owner_url" >"$tmp/seed.log" 2>&1 <<SQL || { cat "$tmp/seed.log" >&2; die "seeding failed"; }
BEGIN;
INSERT INTO partners (slug, name)
SELECT format('bench-%s', lpad(n::text, 3, '0')), format('Bench partner %s', n)
FROM generate_series(1, $partners) AS n;
INSERT INTO customers (partner_id, name, external_reference)
SELECT p.id, format('Customer %s of %s', c, p.slug), format('ERP-%s', lpad(c::text, 6, '0'))
FROM generate_series(1, $customers_per_partner) AS c
CROSS JOIN (SELECT id, slug FROM partners WHERE slug LIKE 'bench-%') AS p
ORDER BY c, p.slug;
COMMIT;
SQL
say "seeded in $((SECONDS - seed_start))s"

(cd "$root" && DATABASE_URL=$app_url "$ours_bin" user add --partner bench-001 --email admin@bench.example \
  --name Bench --role partner_admin) >"$tmp/user.log" 2>&1 || { cat "$tmp/user.log" >&2; die "counterpart user add failed"; }
token=$(cd "$root" && DATABASE_URL=$app_url "$ours_bin" token add --partner bench-001 --email admin@bench.example \
  --name bench --scope read 2>"$tmp/token.log") || { cat "$tmp/token.log" >&2; die "counterpart token add failed"; }
[[ $token =~ ^cpt_[A-Za-z0-9_-]{43}$ ]] || die "counterpart token add printed no token"
analyze_database

token_hash=$(python3 "$helper" token-hash "$token")
# The hash must be the one Tenancy stores, looked up as the application role like pgbench will.
owners=$(sql "$app_url" "SELECT count(*) FROM api_token_owner('$token_hash'::bytea)")
[ "$owners" = 1 ] || die "api_token_owner(<hash of the token>) found $owners rows as counterpart_app, not 1"
counts=$(sql "$owner_url" "SELECT (SELECT count(*) FROM partners WHERE slug LIKE 'bench-%') || ' ' || (SELECT count(*) FROM customers) || ' ' || (SELECT count(*) FROM environments)")
say "database: partners, customers, environments = $counts"

# --- the server ---------------------------------------------------------------------------------
# shellcheck disable=SC2119  # no settings beyond start_counterpart's own
start_counterpart

endpoint=$base_url/api/v1/customers
status=$(curl -sS --max-time 5 -o "$tmp/page.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$endpoint")
[ "$status" = 200 ] || { head -c 500 "$tmp/page.json" >&2; echo >&2; die "GET /api/v1/customers answered $status, not 200"; }
python3 "$helper" check-page "$tmp/page.json" "$page_size" || die "GET /api/v1/customers: unexpected first page"

# --- what produced the figures ------------------------------------------------------------------
wrk_arguments=(-H "Authorization: Bearer $token" "$endpoint")
pgbench_arguments=(-f "$tmp/customers.pgbench" -D "token_hash=$token_hash" -D "fetch_limit=$((page_size + 1))")
ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || ours_commit+="+dirty"
echo "command: BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_WARMUP_SECONDS=$warmup BENCH_CONNECTIONS=$connections Tests/Benchmarks/bench-api.sh"
echo "wrk: wrk -t$threads -c$connections -d${seconds}s --latency -H 'Authorization: Bearer cpt_…' $endpoint"
echo "pgbench: pgbench -n -M extended -c $connections -j $threads -T $seconds --log --log-prefix=<tmp>/pgbench_log -f customers.pgbench -D token_hash='\\x…' -D fetch_limit=$((page_size + 1)) '$app_url'"
echo "server: counterpart $ours_commit, COUNTERPART_WORKERS=$connections COUNTERPART_DB_POOL_SIZE=$connections, as counterpart_app"
echo "database: $database, $counts (partners, customers, environments); the token's partner has $customers_per_partner customers"
print_versions
echo "pgbench script (generated from the Swift constants):"
sed 's/^/    /' "$tmp/customers.pgbench"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo

# --- measure ------------------------------------------------------------------------------------
mkdir -p "$tmp/wrk" "$tmp/pgbench"
say "warm-up: wrk and pgbench, ${warmup}s each"
run_wrk "$warmup" "$tmp/wrk/warmup.txt" "${wrk_arguments[@]}"
mkdir -p "$tmp/pgbench/warmup"
run_pgbench "$warmup" "$tmp/pgbench/warmup.txt" "$tmp/pgbench/warmup/pgbench_log" "${pgbench_arguments[@]}"

: >"$tmp/results.tsv"
for ((run = 1; run <= runs; run++)); do
  if ((run % 2)); then order=(wrk pgbench); else order=(pgbench wrk); fi
  for tool in "${order[@]}"; do
    if [ "$tool" = wrk ]; then
      out=$tmp/wrk/run-$run.txt
      measure_wrk "$run" "$tmp/results.tsv" "$out" "${wrk_arguments[@]}"
      say "run $run/$runs counterpart: $(sed -n 's/^Requests\/sec: *//p' "$out") req/s"
    else
      out=$tmp/pgbench/run-$run.txt
      measure_pgbench "$run" "$tmp/results.tsv" "$out" "$tmp/pgbench/run-$run" "${pgbench_arguments[@]}"
      say "run $run/$runs pgbench: $(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out") tx/s"
    fi
  done
done

# --- report -------------------------------------------------------------------------------------
echo "load average (1/5/15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
python3 "$helper" report "$tmp/results.tsv" --goal "$goal" | tee "$tmp/report.txt" ||
  die "the report found errors (above)"
if [ "${BENCH_KEEP:-}" != 0 ]; then
  say "left $database for inspection: psql '$owner_url' (BENCH_KEEP=0 drops it)"
fi
if [ "${BENCH_STRICT:-}" = 1 ] && grep -q '| NOT met$' "$tmp/report.txt"; then exit 3; fi
exit 0
