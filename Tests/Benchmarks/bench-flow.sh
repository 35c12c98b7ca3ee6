#!/usr/bin/env bash
# make bench-flow (issue 6, "Performance"): web orders from the WooCommerce simulator to
# confirmed sales in the real Tryton through a release `counterpart serve` (webhook ingress,
# queue, BENCH_JOB_WORKERS job workers, order-to-erp), per minute, and the latency from webhook
# receipt to confirmed sale — beside the same orders posted straight to Tryton through the same
# connector in the same run (Tests/Benchmarks/Flow/main.swift does the measuring).
# Its own database, counterpart_bench_flow, re-created each run (in the private cluster unless
# BENCH_OWNER_URL, BENCH_APP_URL and BENCH_ADMIN_URL point elsewhere); Tryton from
# deploy/local/tryton.sh unless COUNTERPART_TRYTON_URL is set. BENCH_KEEP=0 drops the database
# afterwards, BENCH_KEEP=1 also keeps the temp folder; BENCH_STRICT=1 exits 3 when a goal is not met.
# BENCH_ORDERS (24), BENCH_PACED_ORDERS (6) and BENCH_RUNS (3) shape the run (about 15 minutes here).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
# BENCH_NO_BUILD=1 BENCH_BIN_DIR=.build/debug runs already built binaries (a quick check, not a figure).
bin_dir=${BENCH_BIN_DIR:-$root/.build/release}
ours_bin=$bin_dir/counterpart
bench_bin=$bin_dir/bench-flow
pg=$root/deploy/local/postgres.sh
database=counterpart_bench_flow
workers=${BENCH_JOB_WORKERS:-4}
connections=16
threads=1

bench_name=bench-flow
. "$root/Tests/Benchmarks/bench-common.sh"
positive_int BENCH_JOB_WORKERS "$workers"
for tool in psql curl openssl; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
database_urls "$pg" "$database"
tryton_url=${COUNTERPART_TRYTON_URL:-$("$root/deploy/local/tryton.sh" url)}
curl -fsS -o /dev/null --max-time 10 -X POST -H 'Content-Type: application/json' \
  -d '{"id":0,"method":"common.db.list","params":[]}' "$tryton_url/rpc/" ||
  die "Tryton does not answer at $tryton_url (deploy/local/tryton.sh start)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-flow.XXXXXX")
. "$root/Tests/Benchmarks/bench-against-pgbench.sh"
clean_up_on_exit

build_counterpart
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  say "building bench-flow (release)"
  (cd "$root" && swift build -c release --product bench-flow) >"$tmp/build-bench.log" 2>&1 ||
    { tail -n 40 "$tmp/build-bench.log" >&2; die "swift build -c release --product bench-flow failed"; }
fi
recreate_database

say "seeding a partner and a gold customer (its tier allows 20 jobs at once, 1,200 a minute per connection)"
sql "$owner_url" "INSERT INTO partners (slug, name) VALUES ('bench-flow', 'Bench flow')" >/dev/null
customer=$(sql "$owner_url" "INSERT INTO customers (partner_id, name, tier_code) SELECT id, 'Bench shop', 'gold' FROM partners WHERE slug = 'bench-flow' RETURNING id" | head -n 1)
(cd "$root" && DATABASE_URL=$app_url "$ours_bin" user add --partner bench-flow --email admin@bench.example \
  --name Bench --role partner_admin) >"$tmp/user.log" 2>&1 || { cat "$tmp/user.log" >&2; die "counterpart user add failed"; }
api_token=$(cd "$root" && DATABASE_URL=$app_url "$ours_bin" token add --partner bench-flow --email admin@bench.example \
  --name bench --scope admin 2>"$tmp/token.log") || { cat "$tmp/token.log" >&2; die "counterpart token add failed"; }

start_counterpart COUNTERPART_MASTER_KEY="$(openssl rand -base64 32)" COUNTERPART_JOB_WORKERS="$workers"
analyze_database

ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || ours_commit+="+dirty"
echo "server: counterpart $ours_commit, $workers job workers, as counterpart_app; Tryton $tryton_url (erp database)"
echo "machine: $(nproc) cores, $(uname -sr), shared by the server, the simulator, Tryton and PostgreSQL; load $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_BASE_URL=$base_url BENCH_API_TOKEN=$api_token BENCH_CUSTOMER=$customer BENCH_TRYTON_URL=$tryton_url \
  BENCH_OWNER_URL=$owner_url BENCH_JOB_WORKERS=$workers "$bench_bin" | tee "$tmp/report.txt"
ensure_server_alive
if [ "${BENCH_STRICT:-}" = 1 ] && grep -q '| NOT met$' "$tmp/report.txt"; then exit 3; fi
exit 0
