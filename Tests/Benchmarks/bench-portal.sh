#!/usr/bin/env bash
# `make bench-portal`: a signed-in partner admin's dashboard (GET /) and customer list
# (GET /customers) against pgbench running the same SQL, measured in one run on this machine
# (issue 4: at least 40% of pgbench's rate — sessions, host lookup, row-level security and
# server-side rendering may cost no more than 1.5 times what the database does).
#
# Builds `counterpart` in release, drops and re-creates the database counterpart_bench_portal
# (its own, so it never fights bench-api's) in the private cluster, migrates it, and seeds it as
# the schema's owner with set-based SQL: 20 partners (bench-001 … bench-020) of 1,000 customers
# each, inserted interleaved so that one partner's rows are spread over the whole table; half
# bronze, three in ten silver, one in five gold, one in twenty suspended; an audit entry per
# customer; and a wholesale price in force for the measured partner, bench-001, so its dashboard
# shows cost and margin. A partner admin of bench-001 with a random password is added through the
# product's CLI and signs in over HTTP like a browser: GET /login for the pre-session CSRF cookie
# and the form's token, POST /login for the session cookie, on Host bench-001.localhost:<port>.
# Both pages must then answer 200 with the partner's name and everything their statements feed
# (counts, cost, 8 recent changes; 25 of the partner's own customers and a next page).
#
# Then `counterpart serve` (32 handler threads, 32 pooled connections) answers the pages under
# wrk with that Host and cookie, and pgbench runs, as the application role counterpart_app
# (row-level security applies), the statements one such request sends in its one transaction —
# generated from the Swift constants by bench_portal.py, so the two cannot drift apart: BEGIN;
# the host's partner (PartnerHost.lookupSQL) and its scope; the session with its account
# (Sessions.authenticateSQL); the principal's scope; the page's own queries; COMMIT. The
# session's last_seen_at UPDATE is left out: Sessions.authenticate writes it at most once a
# minute (SessionPolicy.lastSeenWriteInterval), and this script counts the writes to `sessions`
# during the run and stops if there were more. pgbench uses -M extended with -D variables, as
# our server sends each statement with PQsendQueryParams (unnamed statements, no prepared plans).
#
# wrk counts only statuses from 400 up as errors, so a 303 to the sign-in form would pass
# unseen. A session once refused is never accepted again (SessionPolicy.standing: revoked, idle-
# or absolutely expired only move forward), so the page answering 200 for the same cookie after
# every wrk run proves that every request of the run was signed in.
#
# After a warm-up of each, BENCH_RUNS rounds alternate, per page, [wrk -t2 -c32 --latency] and
# [pgbench -c32 -j2] (which one goes first alternates too), so noise on the shared 2 cores
# spreads evenly. Medians of the rate and p99 (pgbench's from its per-transaction log), and the
# server's own CPU time per request, are printed side by side, ending with machine-readable lines:
#   BENCH portal_dashboard_rps <v> req/s | pgbench <v> tx/s | ratio <r> | goal 0.4 | <met|NOT met>
#   BENCH portal_dashboard_p99 <v> ms | pgbench <v> ms | ratio <r> | goal - | -
#   BENCH portal_customers_rps … and BENCH portal_customers_p99 …
#
# What the comparison leaves out, either way: pgbench's clients connect anew each run (their
# first transactions fill fresh backends' caches; the server's pooled backends stay warm), while
# wrk's HTTP parsing costs more client CPU than pgbench's libpq on the same 2 cores, and the
# pages are 5-10 kB of HTML where pgbench's rows stay inside libpq. pgbench binds its parameters
# untyped and the server with type OIDs; both as text, both unnamed.
#
# Environment:
#   BENCH_OWNER_URL         the schema owner's URL of the benchmark database (needs CREATEDB)
#   BENCH_APP_URL           the application role's URL of the same database
#   BENCH_ADMIN_URL         the owner's URL of any other database, to DROP/CREATE from
#                           (defaults: deploy/local/postgres.sh url|app-url counterpart_bench_portal,
#                           and url counterpart)
#   BENCH_RUNS=3            measured rounds
#   BENCH_SECONDS=10        seconds per measured run
#   BENCH_WARMUP_SECONDS=3  seconds of the discarded warm-up of each
#   BENCH_CONNECTIONS=32    wrk connections = pgbench clients = server workers = pool size
#   BENCH_NO_BUILD=1        use .build/release/counterpart as it is
#   BENCH_STRICT=1          exit 3 when a goal is not met
#   BENCH_KEEP              unset: keep counterpart_bench_portal for inspection (it is re-created
#                           by the next run), delete the temp folder; 1: keep both (the folder has
#                           the pages, the wrk and pgbench outputs, the server's log, the scripts);
#                           0: drop counterpart_bench_portal and delete the folder
# Exit status: 0 done; 1 error (the temp folder is kept); 3 a goal not met under BENCH_STRICT=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
helper=$root/Tests/Benchmarks/bench_portal.py
ours_bin=$root/.build/release/counterpart
pg=$root/deploy/local/postgres.sh
database=counterpart_bench_portal

runs=${BENCH_RUNS:-3}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP_SECONDS:-3}
connections=${BENCH_CONNECTIONS:-32}
threads=2
partners=20
customers_per_partner=1000
slug=bench-001
partner_name="Bench partner 1"
email=admin@bench.example
goal=0.4
pages=(dashboard customers)
declare -A page_path=([dashboard]=/ [customers]=/customers)

bench_name=bench-portal
# shellcheck source=Tests/Benchmarks/bench-common.sh
. "$root/Tests/Benchmarks/bench-common.sh"
check_load_settings "$runs" "$seconds" "$warmup" "$connections" "$threads"
database_urls "$pg" "$database"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-portal.XXXXXX")
# shellcheck source=Tests/Benchmarks/bench-against-pgbench.sh
. "$root/Tests/Benchmarks/bench-against-pgbench.sh"
clean_up_on_exit

build_counterpart

# --- the pgbench scripts and the pages' figures, from the Swift sources (fail loudly when moved) --
for page in "${pages[@]}"; do
  python3 "$helper" pgbench-script "$root" "$page" >"$tmp/$page.pgbench" ||
    die "could not generate the $page pgbench script from the Swift sources"
done
session_cookie_name=$(python3 "$helper" constant "$root" session_cookie) || die "no session cookie name in the sources"
csrf_cookie_name=$(python3 "$helper" constant "$root" login_csrf_cookie) || die "no CSRF cookie name in the sources"

# --- a fresh database ---------------------------------------------------------------------------
recreate_database

# As the owner, so row-level security does not apply to the seeding. Customers are inserted
# round-robin over the partners: one partner's rows are spread over every page of the table.
# Their audit entries follow in the same order, so the newest entries are every partner's.
say "seeding $partners partners x $customers_per_partner customers"
seed_start=$SECONDS
psql -X -q -v ON_ERROR_STOP=1 "$owner_url" >"$tmp/seed.log" 2>&1 <<SQL || { cat "$tmp/seed.log" >&2; die "seeding failed"; }
BEGIN;
INSERT INTO partners (slug, name)
SELECT format('bench-%s', lpad(n::text, 3, '0')), format('Bench partner %s', n)
FROM generate_series(1, $partners) AS n;
INSERT INTO customers (partner_id, name, tier_code, status, external_reference)
SELECT p.id, format('Customer %s of %s', c, p.slug),
       CASE WHEN c % 10 < 5 THEN 'bronze' WHEN c % 10 < 8 THEN 'silver' ELSE 'gold' END,
       CASE WHEN c % 20 = 0 THEN 'suspended' ELSE 'active' END,
       format('ERP-%s', lpad(c::text, 6, '0'))
FROM generate_series(1, $customers_per_partner) AS c
CROSS JOIN (SELECT id, slug FROM partners WHERE slug LIKE 'bench-%') AS p
ORDER BY c, p.slug;
INSERT INTO audit_log (partner_id, actor_kind, action, target_type, target_id, after)
SELECT partner_id, 'system', 'customer.create', 'customer', id::text,
       jsonb_build_object('name', name, 'tier_code', tier_code, 'status', status)
FROM customers ORDER BY id;
-- In force from the first day of this month (UTC), as WholesalePrices.currentSQL reads it.
INSERT INTO wholesale_prices (partner_id, effective_from, per_customer_month, per_thousand_transactions, currency)
SELECT id, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 12.5, 0.8, 'EUR' FROM partners WHERE slug = '$slug';
COMMIT;
SQL
say "seeded in $((SECONDS - seed_start))s"
analyze_database
# What the dashboard must show for the partner.
read -r active suspended < <(sql "$owner_url" "SELECT count(*) FILTER (WHERE c.status = 'active') || ' ' ||
  count(*) FILTER (WHERE c.status = 'suspended') FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.slug = '$slug'")
counts=$(sql "$owner_url" "SELECT (SELECT count(*) FROM partners WHERE slug LIKE 'bench-%') || ' ' || (SELECT count(*) FROM customers) || ' ' || (SELECT count(*) FROM audit_log)")
say "database: partners, customers, audit entries = $counts"

password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
printf '%s\n' "$password" | (cd "$root" && DATABASE_URL=$app_url "$ours_bin" user add --partner "$slug" --email "$email" \
  --name Bench --role partner_admin --password-stdin) >"$tmp/user.log" 2>&1 ||
  { cat "$tmp/user.log" >&2; die "counterpart user add failed"; }

# --- the server, and signing in ---------------------------------------------------------------
# The partner's host is <slug>.<COUNTERPART_BASE_DOMAIN>; plain HTTP, so the cookies carry
# their plain names (no __Host- prefix, which needs Secure).
start_counterpart COUNTERPART_BASE_DOMAIN=localhost COUNTERPART_PUBLIC_URL=http://localhost
host=$slug.localhost:$port

login_status=$(curl -sS --max-time 10 -H "Host: $host" -D "$tmp/login-form.headers" -o "$tmp/login-form.html" \
  -w '%{http_code}' "$base_url/login")
[ "$login_status" = 200 ] || die "GET /login on $host answered $login_status, not 200"
csrf_cookie=$(python3 "$helper" set-cookie "$tmp/login-form.headers" "$csrf_cookie_name") || die "GET /login set no $csrf_cookie_name cookie"
csrf_token=$(python3 "$helper" csrf-token "$tmp/login-form.html") || die "GET /login: no CSRF token in the form"
printf '%s' "$password" >"$tmp/password"
login_status=$(curl -sS --max-time 30 -H "Host: $host" -H "Cookie: $csrf_cookie_name=$csrf_cookie" \
  --data-urlencode "_csrf=$csrf_token" --data-urlencode "email=$email" --data-urlencode "password@$tmp/password" \
  -D "$tmp/login.headers" -o "$tmp/login.html" -w '%{http_code}' "$base_url/login")
rm -f "$tmp/password"
[ "$login_status" = 303 ] || { head -c 500 "$tmp/login.html" >&2; echo >&2; die "POST /login answered $login_status, not 303"; }
session=$(python3 "$helper" set-cookie "$tmp/login.headers" "$session_cookie_name") ||
  die "POST /login set no $session_cookie_name cookie"
session_hash=$(python3 "$helper" session-hash "$session") || die "the session cookie is not one Tenancy issues"
# The hash must be the one Tenancy stores, and the host lookup must find the partner as the
# application role, like pgbench will.
sessions=$(sql "$owner_url" "SELECT count(*) FROM sessions WHERE token_hash = '$session_hash'::bytea AND revoked_at IS NULL")
[ "$sessions" = 1 ] || die "sessions.token_hash = <hash of the cookie> found $sessions live sessions, not 1"
sites=$(sql "$app_url" "SELECT count(*) FROM partner_for_host('$slug', '$slug.localhost')")
[ "$sites" = 1 ] || die "partner_for_host('$slug', '$slug.localhost') found $sites rows as counterpart_app, not 1"

fetch_page() { # page output_file — prints the HTTP status
  curl -sS --max-time 10 -H "Host: $host" -H "Cookie: $session_cookie_name=$session" -o "$2" -w '%{http_code}' \
    "$base_url${page_path[$1]}"
}
check_page() { # page — the page answers 200 and is the partner's, in full
  local status
  status=$(fetch_page "$1" "$tmp/$1.html")
  [ "$status" = 200 ] || die "GET ${page_path[$1]} answered $status, not 200 (a 303 means the session was refused)"
  python3 "$helper" check-page "$1" "$tmp/$1.html" --root "$root" --name "$partner_name" --slug "$slug" \
    --active "$active" --suspended "$suspended" || die "GET ${page_path[$1]}: not the page expected (above)"
}
for page in "${pages[@]}"; do check_page "$page"; done

# --- what produced the figures ------------------------------------------------------------------
today=$(date -u +%F)   # BillingMonth.dayText: the server's day, in UTC
wrk_arguments=(-H "Host: $host" -H "Cookie: $session_cookie_name=$session")
pgbench_arguments=(-D "slug=$slug" -D "host=$slug.localhost" -D "session_hash=$session_hash" -D "today=$today")
ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || ours_commit+="+dirty"
echo "command: BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_WARMUP_SECONDS=$warmup BENCH_CONNECTIONS=$connections Tests/Benchmarks/bench-portal.sh"
for page in "${pages[@]}"; do
  echo "wrk ($page): wrk -t$threads -c$connections -d${seconds}s --latency -H 'Host: $host' -H 'Cookie: $session_cookie_name=…' $base_url${page_path[$page]}"
done
echo "pgbench (each page): pgbench -n -M extended -c $connections -j $threads -T $seconds --log --log-prefix=<tmp>/pgbench_log -f <page>.pgbench -D slug=$slug -D host=$slug.localhost -D session_hash='\\x…' -D today=$today '$app_url'"
echo "server: counterpart $ours_commit, COUNTERPART_WORKERS=$connections COUNTERPART_DB_POOL_SIZE=$connections, as counterpart_app"
echo "database: $database, $counts (partners, customers, audit entries); $slug has $customers_per_partner customers ($active active, $suspended suspended)"
print_versions
for page in "${pages[@]}"; do
  echo "pgbench script for ${page_path[$page]} (generated from the Swift constants):"
  sed 's/^/    /' "$tmp/$page.pgbench"
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo

# --- measure ------------------------------------------------------------------------------------
# `sessions` rows updated so far (the statistics collector's count; PostgreSQL docs §28.2.18).
session_writes() {
  sql "$owner_url" "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'sessions'"
}

# After each wrk run (see the top: a refused session stays refused, so this covers the run).
still_signed_in() { # page
  local status
  status=$(fetch_page "$1" "$tmp/after-run.html")
  [ "$status" = 200 ] ||
    die "after the wrk run of ${page_path[$1]} the page answers $status for the session: it was refused during the run"
}

mkdir -p "$tmp/wrk" "$tmp/pgbench"
say "warm-up: wrk and pgbench on each page, ${warmup}s each"
for page in "${pages[@]}"; do
  run_wrk "$warmup" "$tmp/wrk/$page-warmup.txt" "${wrk_arguments[@]}" "$base_url${page_path[$page]}"
  still_signed_in "$page"
  mkdir -p "$tmp/pgbench/$page-warmup"
  run_pgbench "$warmup" "$tmp/pgbench/$page-warmup.txt" "$tmp/pgbench/$page-warmup/pgbench_log" \
    -f "$tmp/$page.pgbench" "${pgbench_arguments[@]}"
done

writes_before=$(session_writes)
measure_start=$SECONDS
for page in "${pages[@]}"; do : >"$tmp/results-$page.tsv"; done
for ((run = 1; run <= runs; run++)); do
  if ((run % 2)); then order=(wrk pgbench); else order=(pgbench wrk); fi
  for page in "${pages[@]}"; do
    for tool in "${order[@]}"; do
      if [ "$tool" = wrk ]; then
        out=$tmp/wrk/$page-$run.txt
        measure_wrk "$run" "$tmp/results-$page.tsv" "$out" "${wrk_arguments[@]}" "$base_url${page_path[$page]}"
        still_signed_in "$page"
        say "run $run/$runs ${page_path[$page]} counterpart: $(sed -n 's/^Requests\/sec: *//p' "$out") req/s"
      else
        out=$tmp/pgbench/$page-$run.txt
        measure_pgbench "$run" "$tmp/results-$page.tsv" "$out" "$tmp/pgbench/$page-$run" \
          -f "$tmp/$page.pgbench" "${pgbench_arguments[@]}"
        say "run $run/$runs ${page_path[$page]} pgbench: $(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out") tx/s"
      fi
    done
  done
done

# The touch of last_seen_at is left out of the pgbench scripts because it writes at most once a
# minute; a session written more often would make the comparison unfair.
# The server's backends report their counts within about a second of going idle: the last
# second's writes may be missing, which a write per request would still dwarf.
writes=$(( $(session_writes) - writes_before ))
write_budget=$(( (SECONDS - measure_start) / 60 + 2 ))
echo "session last_seen_at writes during the measured runs: $writes (at most one a minute: $write_budget allowed)"
[ "$writes" -le "$write_budget" ] ||
  die "the session was written $writes times in $((SECONDS - measure_start))s: the pgbench scripts must then include Sessions.touchSQL"

# --- report -------------------------------------------------------------------------------------
echo "load average (1/5/15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
python3 "$helper" report --goal "$goal" "portal_dashboard=$tmp/results-dashboard.tsv" \
  "portal_customers=$tmp/results-customers.tsv" | tee "$tmp/report.txt" || die "the report found errors (above)"
if [ "${BENCH_KEEP:-}" != 0 ]; then
  say "left $database for inspection: psql '$owner_url' (BENCH_KEEP=0 drops it)"
fi
if [ "${BENCH_STRICT:-}" = 1 ] && grep -q '| NOT met$' "$tmp/report.txt"; then exit 3; fi
exit 0
