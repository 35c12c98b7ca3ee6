#!/usr/bin/env bash
# make bench-ingest (issue 6, "Performance"): signed WooCommerce order webhooks POSTed by wrk to
# /hooks/<token> of a running `counterpart serve` (release build) at BENCH_CONNECTIONS (64)
# connections — deliveries accepted durably per second (202s, each sent only after its COMMIT;
# the database must hold a new message for each) and wrk's p99 — beside pgbench inserting one
# row per transaction with 16 clients against the same PostgreSQL in the same run: the durable
# commit limit. Runs alternate their order; the BENCH lines carry medians.
# Its own database, counterpart_bench_ingest, re-created each run (in the private cluster unless
# BENCH_OWNER_URL, BENCH_APP_URL and BENCH_ADMIN_URL point elsewhere). BENCH_KEEP=0 drops it
# afterwards, BENCH_KEEP=1 also keeps the temp folder; BENCH_STRICT=1 exits 3 when a goal is not met.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
helper=$root/Tests/Benchmarks/bench_ingest.py
script=$root/Tests/Benchmarks/bench_ingest.lua
fixture=$root/Tests/FlowsTests/Fixtures/order.created-webhook3.json
ours_bin=$root/.build/release/counterpart
pg=$root/deploy/local/postgres.sh
database=counterpart_bench_ingest

runs=${BENCH_RUNS:-3}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP_SECONDS:-3}
connections=${BENCH_CONNECTIONS:-64}
peer_clients=16
threads=2
# Deliveries signed per wrk thread and run: more than a run can send, so none repeats.
per_thread=${BENCH_DELIVERIES_PER_THREAD:-40000}
secret=bench-ingest-webhook-secret

bench_name=bench-ingest
. "$root/Tests/Benchmarks/bench-common.sh"
check_load_settings "$runs" "$seconds" "$warmup" "$connections" "$threads"
positive_int BENCH_DELIVERIES_PER_THREAD "$per_thread"
command -v openssl >/dev/null || die "openssl is not installed"
database_urls "$pg" "$database"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-ingest.XXXXXX")
. "$root/Tests/Benchmarks/bench-against-pgbench.sh"
clean_up_on_exit

build_counterpart
recreate_database

say "seeding a partner, a customer and its WooCommerce connection"
sql "$owner_url" "INSERT INTO partners (slug, name) VALUES ('bench-ingest', 'Bench ingest')" >/dev/null
customer=$(sql "$owner_url" "INSERT INTO customers (partner_id, name) SELECT id, 'Bench shop' FROM partners WHERE slug = 'bench-ingest' RETURNING id" | head -n 1)
# The peer's table: one row per transaction, as the ingress writes one delivery per 202.
sql "$owner_url" "CREATE TABLE bench_commits (id bigserial PRIMARY KEY, body text NOT NULL); GRANT INSERT ON bench_commits TO counterpart_app; GRANT USAGE ON SEQUENCE bench_commits_id_seq TO counterpart_app" >/dev/null
(cd "$root" && DATABASE_URL=$app_url "$ours_bin" user add --partner bench-ingest --email admin@bench.example \
  --name Bench --role partner_admin) >"$tmp/user.log" 2>&1 || { cat "$tmp/user.log" >&2; die "counterpart user add failed"; }
api_token=$(cd "$root" && DATABASE_URL=$app_url "$ours_bin" token add --partner bench-ingest --email admin@bench.example \
  --name bench --scope admin 2>"$tmp/token.log") || { cat "$tmp/token.log" >&2; die "counterpart token add failed"; }

# Jobs off: the flow.message jobs the deliveries enqueue wait, so only the ingress is measured.
# BENCH_INGEST_COMMIT=each measures one transaction per delivery instead of the group committer.
ingest_commit=${BENCH_INGEST_COMMIT:-group}
start_counterpart COUNTERPART_MASTER_KEY="$(openssl rand -base64 32)" COUNTERPART_JOB_WORKERS_ENABLED=false \
  COUNTERPART_INGEST_COMMIT="$ingest_commit"

status=$(curl -sS --max-time 10 -o "$tmp/connection.json" -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $api_token" -H 'Content-Type: application/json' \
  -d "{\"environment\":\"production\",\"kind\":\"woocommerce\",\"name\":\"Web shop\",\"values\":{\"store_url\":\"http://shop.test\",\"consumer_key\":\"ck_bench\",\"consumer_secret\":\"cs_bench\",\"webhook_secret\":\"$secret\"}}" \
  "$base_url/api/v1/customers/$customer/connections")
[ "$status" = 201 ] || { head -c 800 "$tmp/connection.json" >&2; echo >&2; die "creating the connection answered $status, not 201"; }
connection=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$tmp/connection.json")
# The portal issues ingress tokens; here the token's SHA-256 is set directly (Migrations/0010).
hook_token=cph_bench$(openssl rand -hex 16)
sql "$owner_url" "UPDATE connections SET ingress_token_sha256 = sha256(convert_to('$hook_token', 'UTF8')) WHERE id = '$connection'" >/dev/null
endpoint=$base_url/hooks/$hook_token
analyze_database

stored_messages() { sql "$owner_url" "SELECT count(*) FROM messages"; }

# A first delivery by curl, checked for its 202, before any load.
python3 "$helper" deliveries "$tmp/check" 1 1 1 "$secret" "$fixture"
IFS=$'\t' read -r signature body <"$tmp/check-0.txt"
status=$(curl -sS --max-time 10 -o "$tmp/check.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H 'X-WC-Webhook-Topic: order.created' -H 'X-WC-Webhook-Resource: order' -H 'X-WC-Webhook-Event: created' \
  -H 'X-WC-Webhook-ID: 7' -H 'X-WC-Webhook-Delivery-ID: 1' -H 'X-WC-Webhook-Source: http://shop.test/' \
  -H "X-WC-Webhook-Signature: $signature" --data-binary "$body" "$endpoint")
[ "$status" = 202 ] || { cat "$tmp/check.out" >&2; echo >&2; die "a signed delivery answered $status, not 202"; }
[ "$(stored_messages)" = 1 ] || die "the first delivery's 202 left no message"

ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || ours_commit+="+dirty"
echo "command: BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_WARMUP_SECONDS=$warmup BENCH_CONNECTIONS=$connections Tests/Benchmarks/bench-ingest.sh"
echo "wrk: wrk -t$threads -c$connections -d${seconds}s --latency -s Tests/Benchmarks/bench_ingest.lua $base_url/hooks/cph_… -- <signed deliveries>"
echo "pgbench: pgbench -n -M prepared -c $peer_clients -j $threads -T $seconds -f <INSERT INTO bench_commits (body) VALUES (:body)> '$app_url'"
echo "server: counterpart $ours_commit, COUNTERPART_WORKERS=$connections COUNTERPART_DB_POOL_SIZE=$connections, job workers off, COUNTERPART_INGEST_COMMIT=$ingest_commit, as counterpart_app"
echo "delivery: WooCommerce order.created, $(($(head -n 1 "$tmp/check-0.txt" | cut -f2 | wc -c) - 1)) bytes, signed (X-WC-Webhook-Signature)"
echo "durability: synchronous_commit=$(sql "$owner_url" 'SHOW synchronous_commit'), fsync=$(sql "$owner_url" 'SHOW fsync'), wal_sync_method=$(sql "$owner_url" 'SHOW wal_sync_method')"
print_versions
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# One row of about a delivery's size per transaction.
printf '%s\n' "\\set n random(1, 1000000000)" \
  "INSERT INTO bench_commits (body) VALUES (repeat('x', 1600) || :n);" >"$tmp/commit.pgbench"

first_id=1000
measure_ingest() { # run duration output
  local run=$1 duration=$2 output=$3 before after status=0
  python3 "$helper" deliveries "$tmp/deliveries" "$threads" "$per_thread" "$first_id" "$secret" "$fixture"
  first_id=$((first_id + threads * per_thread))
  before=$(stored_messages)
  wrk -t"$threads" -c"$connections" --latency -d"$duration"s -s "$script" "$endpoint" -- "$tmp/deliveries" >"$output" 2>&1 &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=
  ensure_server_alive
  [ "$status" = 0 ] || { cat "$output" >&2; die "wrk failed (status $status)"; }
  after=$(stored_messages)
  rm -f "$tmp"/deliveries-*.txt
  printf 'ingest\t%s\t%s\t%s\t%s\n' "$run" "$duration" $((after - before)) "$output" >>"$tmp/results.tsv"
}

measure_commits() { # run duration output
  local status=0
  pgbench -n -M prepared -c "$peer_clients" -j "$threads" -T "$2" -f "$tmp/commit.pgbench" "$app_url" >"$3" 2>&1 &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=
  [ "$status" = 0 ] || { tail -n 30 "$3" >&2; die "pgbench failed (status $status)"; }
  printf 'pgbench\t%s\t%s\n' "$1" "$3" >>"$tmp/results.tsv"
}

: >"$tmp/results.tsv"
say "warm-up: wrk and pgbench, ${warmup}s each"
measure_ingest 0 "$warmup" "$tmp/warmup-wrk.txt"
measure_commits 0 "$warmup" "$tmp/warmup-pgbench.txt"
: >"$tmp/results.tsv"
for ((run = 1; run <= runs; run++)); do
  if ((run % 2)); then order=(ingest commits); else order=(commits ingest); fi
  for tool in "${order[@]}"; do
    if [ "$tool" = ingest ]; then
      measure_ingest "$run" "$seconds" "$tmp/wrk-$run.txt"
      say "run $run/$runs counterpart: $(tail -n 1 "$tmp/results.tsv" | cut -f4) new messages in ${seconds}s, p99 $(sed -n 's/^ *99% *//p' "$tmp/wrk-$run.txt")"
    else
      measure_commits "$run" "$seconds" "$tmp/pgbench-$run.txt"
      say "run $run/$runs pgbench: $(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$tmp/pgbench-$run.txt") tx/s"
    fi
  done
done

echo "load average (1/5/15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
python3 "$helper" report "$tmp/results.tsv" | tee "$tmp/report.txt" || die "the report found problems (above)"
if [ "${BENCH_KEEP:-}" != 0 ]; then
  say "left $database for inspection: psql '$owner_url' (BENCH_KEEP=0 drops it)"
fi
if [ "${BENCH_STRICT:-}" = 1 ] && grep -q '| NOT met$' "$tmp/report.txt"; then exit 3; fi
exit 0
