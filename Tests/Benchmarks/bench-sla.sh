#!/usr/bin/env bash
# `make bench-sla` (issue 7): with 10 million messages of 1,000 customers loaded by COPY, the
# month report of one customer (GET /api/v1/customers/{id}/sla?month=…) and the partner's
# at-risk page (GET /api/v1/sla/standings?month=…): p50 and p99 over the API of a release
# `counterpart serve`. Goals: p99 under 100 ms for the report and under 300 ms for the page,
# independent of the number of messages.
#
# How: drops and re-creates counterpart_bench_sla, migrates it, and as the schema's owner makes
# one partner with 1,000 customers (tiers round-robin), heartbeats for every minute of last month
# but an hour, and a few refused deliveries. Then two stages: BENCH_FIRST_MESSAGES (1,000,000) and
# then the rest up to BENCH_MESSAGES (10,000,000). Each stage COPYs its messages and their
# attempts (bench_sla.py writes them; the product's triggers turn them into events, as in
# production), folds the events with fold_message_events — the rollup job's own function —
# timing it, ANALYZEs, and measures BENCH_REQUESTS sequential requests of each kind, each report
# for another customer. Beside ours, the peer is the same figures computed by scanning the
# messages (pgbench running SQL over `messages`: one customer's month with percentile_cont, and
# every customer's month for the page), so the table shows what the rollups save; the "growth"
# lines compare p99 at the two sizes (goal: at most 1.5 times at ten times the messages).
#
# Environment:
#   BENCH_MESSAGES=10000000   messages in the last stage
#   BENCH_FIRST_MESSAGES=1000000   messages in the first stage (0: one stage only)
#   BENCH_CUSTOMERS=1000      customers of the partner
#   BENCH_REQUESTS=200        requests of each kind per stage
#   BENCH_SCAN_REQUESTS=10    scans of each kind per stage (a page scan takes seconds)
#   BENCH_OWNER_URL, BENCH_APP_URL, BENCH_ADMIN_URL   as bench-api.sh (defaults: the private cluster)
#   BENCH_NO_BUILD=1          use .build/release/counterpart as it is
#   BENCH_KEEP                as bench-api.sh (unset: keep the database, delete the temp folder)
# Exit status: 0 done; 1 error (the temp folder is kept).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
helper=$root/Tests/Benchmarks/bench_sla.py
ours_bin=$root/.build/release/counterpart
pg=$root/deploy/local/postgres.sh
database=counterpart_bench_sla

total=${BENCH_MESSAGES:-10000000}
first=${BENCH_FIRST_MESSAGES:-1000000}
customers=${BENCH_CUSTOMERS:-1000}
requests=${BENCH_REQUESTS:-200}
scans=${BENCH_SCAN_REQUESTS:-10}
connections=4   # the server's handler threads and pool: requests are sequential

bench_name=bench-sla
# shellcheck source=Tests/Benchmarks/bench-common.sh
. "$root/Tests/Benchmarks/bench-common.sh"
for setting in total customers requests scans; do positive_int "$setting" "${!setting}"; done
[ "$first" -ge 0 ] && [ "$first" -lt "$total" ] || die "BENCH_FIRST_MESSAGES must be 0 or below BENCH_MESSAGES"
database_urls "$pg" "$database"

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/bench-sla.XXXXXX")
# shellcheck source=Tests/Benchmarks/bench-against-pgbench.sh
. "$root/Tests/Benchmarks/bench-against-pgbench.sh"
clean_up_on_exit

build_counterpart
recreate_database

# Last month (UTC): a closed month, whose report is final.
month=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
month_start="${month}-01T00:00:00Z"
month_end="$(date -u +%Y-%m-01)T00:00:00Z"
say "seeding 1 partner, $customers customers and the heartbeats of $month"
psql -X -q -v ON_ERROR_STOP=1 "$owner_url" >"$tmp/seed.log" 2>&1 <<SQL || { cat "$tmp/seed.log" >&2; die "seeding failed"; }
BEGIN;
INSERT INTO partners (slug, name, created_at) VALUES ('bench-sla', 'Bench SLA', timestamptz '$month_start' - interval '1 month');
UPDATE tier_terms SET effective_from = date '$month_start' - interval '1 month'
WHERE partner_id = (SELECT id FROM partners WHERE slug = 'bench-sla');
INSERT INTO customers (partner_id, name, tier_code, created_at)
SELECT p.id, format('Customer %s', lpad(n::text, 4, '0')), (ARRAY['bronze', 'silver', 'gold'])[n % 3 + 1],
       timestamptz '$month_start' - interval '1 month'
FROM generate_series(1, $customers) AS n, partners p WHERE p.slug = 'bench-sla';
-- Every minute up but 02:00–03:00 on the 10th; the hourly summary the rollup job keeps.
INSERT INTO platform_heartbeats (minute, role)
SELECT m, r FROM generate_series(timestamptz '$month_start', timestamptz '$month_end' - interval '1 minute', interval '1 minute') AS m,
     (VALUES ('web'), ('worker')) AS roles (r)
WHERE NOT (m >= timestamptz '$month_start' + interval '9 days 2 hours' AND m < timestamptz '$month_start' + interval '9 days 3 hours');
INSERT INTO platform_hours (hour, up_minutes)
SELECT date_trunc('hour', minute, 'UTC'), count(*) FROM (SELECT minute FROM platform_heartbeats GROUP BY minute HAVING count(*) = 2) AS up
GROUP BY 1;
INSERT INTO ingress_refusals (partner_id, customer_id, minute, refused, reason)
SELECT partner_id, id, timestamptz '$month_start' + interval '14 days 9 hours', 2, 'the database failed (connectionLost)'
FROM customers WHERE name IN ('Customer 0007', 'Customer 0042');
COMMIT;
\copy (SELECT c.partner_id, c.id, e.id FROM customers c JOIN environments e ON e.customer_id = c.id AND e.kind = 'production' ORDER BY c.name) TO '$tmp/customers.csv' WITH (FORMAT csv)
SQL
[ "$(wc -l <"$tmp/customers.csv")" = "$customers" ] || die "expected $customers customers with a production environment"

(cd "$root" && DATABASE_URL=$app_url "$ours_bin" user add --partner bench-sla --email admin@bench.example \
  --name Bench --role partner_admin) >"$tmp/user.log" 2>&1 || { cat "$tmp/user.log" >&2; die "counterpart user add failed"; }
token=$(cd "$root" && DATABASE_URL=$app_url "$ours_bin" token add --partner bench-sla --email admin@bench.example \
  --name bench --scope read 2>"$tmp/token.log") || { cat "$tmp/token.log" >&2; die "counterpart token add failed"; }

# The peer: the same figures read straight from the messages.
cat >"$tmp/scan-report.sql" <<SQL
\set n random(0, $((customers - 1)))
SELECT count(*), count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'exception'),
       count(*) FILTER (WHERE status = 'dead'),
       percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY finished_at - received_at) FILTER (WHERE status = 'delivered')
FROM messages
WHERE partner_id = (SELECT id FROM partners WHERE slug = 'bench-sla')
  AND customer_id = (SELECT id FROM customers ORDER BY name OFFSET :n LIMIT 1)
  AND environment_kind = 'production' AND received_at >= '$month_start' AND received_at < '$month_end';
SQL
cat >"$tmp/scan-at-risk.sql" <<SQL
SELECT customer_id, count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status IN ('exception', 'dead')),
       percentile_cont(0.95) WITHIN GROUP (ORDER BY finished_at - received_at) FILTER (WHERE status = 'delivered')
FROM messages
WHERE partner_id = (SELECT id FROM partners WHERE slug = 'bench-sla') AND environment_kind = 'production'
  AND received_at >= '$month_start' AND received_at < '$month_end'
GROUP BY customer_id;
SQL

scan() { # script output — BENCH_SCAN_REQUESTS runs; one latency in ms per line
  local prefix=$tmp/pgbench-$2
  rm -f "$prefix".*
  pgbench -n -c 1 -t "$scans" --log --log-prefix="$prefix" -f "$1" "$owner_url" >"$tmp/output-$2.txt" 2>&1 ||
    { cat "$tmp/output-$2.txt" >&2; die "pgbench $2 failed"; }
  awk '{ printf "%.3f\n", $3 / 1000 }' "$prefix".* >"$tmp/$2.ms"
}

stages=()
[ "$first" -gt 0 ] && stages+=("0 $first")
stages+=("$first $((total - first))")
loaded=0
echo "{\"stages\": [" >"$tmp/results.json"
separator=
server_pid=
for stage in "${stages[@]}"; do
  read -r offset count <<<"$stage"
  say "writing messages $offset…$((offset + count - 1)) of $total"
  python3 "$helper" messages "$tmp/customers.csv" "$month" "$offset" "$count" "$tmp/messages.csv" "$tmp/attempts.csv" "$total"
  say "COPY $count messages and their attempts"
  copy_start=$SECONDS
  psql -X -q -v ON_ERROR_STOP=1 "$owner_url" >>"$tmp/seed.log" 2>&1 <<SQL || { tail -n 20 "$tmp/seed.log" >&2; die "COPY failed"; }
\copy messages (partner_id, id, customer_id, environment_id, environment_kind, flow, subject, status, source_system, reference, input, input_bytes, attempts, error_class, error_text, received_at, first_attempt_at, finished_at) FROM '$tmp/messages.csv' WITH (FORMAT csv, NULL '')
\copy message_attempts (partner_id, message_id, number, customer_id, started_at, finished_at, outcome, error_class, error_text) FROM '$tmp/attempts.csv' WITH (FORMAT csv, NULL '')
SQL
  say "copied in $((SECONDS - copy_start))s"
  rm -f "$tmp/messages.csv" "$tmp/attempts.csv"
  loaded=$((offset + count))

  fold_start=$(date +%s.%N)
  events=0
  while :; do
    folded=$(sql "$owner_url" "SELECT fold_message_events(50000)")
    events=$((events + folded))
    [ "$folded" -lt 50000 ] && break
  done
  fold_seconds=$(awk -v began="$fold_start" -v ended="$(date +%s.%N)" 'BEGIN { printf "%.3f", ended - began }')
  say "folded $events events in ${fold_seconds}s"
  analyze_database

  [ -n "$server_pid" ] || start_counterpart COUNTERPART_JOB_WORKERS_ENABLED=false
  mapfile -t ids < <(cut -d, -f2 "$tmp/customers.csv")
  report_paths=()
  for index in $(seq 0 $((requests - 1))); do
    report_paths+=("/api/v1/customers/${ids[$(((index * 37) % customers))]}/sla?month=$month")
  done
  say "measuring at $loaded messages: $requests month reports, $requests at-risk pages, $scans scans of each"
  python3 "$helper" measure "$base_url" "$token" 5 "$tmp/warmup.ms" "${report_paths[@]:0:5}" || die "warm-up failed"
  python3 "$helper" measure "$base_url" "$token" "$requests" "$tmp/report.ms" "${report_paths[@]}" || die "the month report failed"
  python3 "$helper" measure "$base_url" "$token" "$requests" "$tmp/at-risk.ms" "/api/v1/sla/standings?month=$month" ||
    die "the at-risk page failed"
  scan "$tmp/scan-report.sql" scan-report
  scan "$tmp/scan-at-risk.sql" scan-at-risk
  {
    echo "$separator{\"messages\": $loaded, \"fold_events\": $events, \"fold_seconds\": $fold_seconds,"
    for kind in report at-risk scan-report scan-at-risk; do
      echo "\"${kind//-/_}\": [$(paste -sd, "$tmp/$kind.ms")],"
    done
    echo "\"end\": true}"
  } >>"$tmp/results.json"
  separator=,
done
echo "]}" >>"$tmp/results.json"

ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || ours_commit+="+dirty"
echo "command: BENCH_MESSAGES=$total BENCH_FIRST_MESSAGES=$first BENCH_CUSTOMERS=$customers BENCH_REQUESTS=$requests BENCH_SCAN_REQUESTS=$scans Tests/Benchmarks/bench-sla.sh"
echo "server: counterpart $ours_commit (release), as counterpart_app; requests one at a time over one keep-alive connection"
echo "month: $month; $customers customers of one partner; $(sql "$owner_url" "SELECT count(*) FROM message_rollups") rollup rows"
echo "peer: pgbench -n -c 1 -t $scans, the same figures from the messages (scripts in the temp folder)"
print_versions
echo
python3 "$helper" report "$tmp/results.json"
