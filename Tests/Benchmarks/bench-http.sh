#!/usr/bin/env bash
# `make bench-http`: our HTTP server against two peers, measured in one run on this machine.
#
# Builds `counterpart` in release, starts `counterpart serve` on a free loopback port, and beside
# it (a) the minimal Hummingbird 2 server in Tests/Benchmarks/HummingbirdPeer (its own package,
# built in release into its own .build/ only when missing or stale) and (b) a private nginx
# (2 workers, `return 200`, access log off; config, pid and logs in a temp folder). All three
# answer GET /healthz and GET /version with the same bytes and Content-Type: the bodies are taken
# from our server with curl and handed to the peers, then checked byte for byte.
#
# wrk (-t2 --latency) then loads each server on loopback at each connection count, after a short
# warm-up, BENCH_RUNS times, interleaving the servers (and rotating their order each round) so
# that noise on the shared 2 cores spreads evenly. Medians of requests/s, p50 and p99, server CPU
# per request, errors, and each server's RSS right after its last run are printed side by side;
# the output ends with machine-readable lines, one per figure:
#   BENCH <name> <value> <unit> | <peer> <value> <unit> | ratio <r> | goal <g> | <met|NOT met>
# Goals (at 256 connections): >= 2x Hummingbird's requests/s with a lower p99, >= 0.5x nginx's.
#
# Environment:
#   DATABASE_URL            passed to `counterpart serve` (the Makefile gives the private cluster's)
#   BENCH_RUNS=3            measured runs per (server, endpoint, connections)
#   BENCH_SECONDS=8         seconds per measured run
#   BENCH_WARMUP_SECONDS=2  seconds of the discarded warm-up per (server, endpoint)
#   BENCH_CONNECTIONS="64 256"   connection counts (the goals are checked at 256)
#   BENCH_THREADS=2         wrk threads
#   BENCH_NO_BUILD=1        use the binaries as they are
#   BENCH_STRICT=1          exit 3 when a goal is not met
#   BENCH_KEEP=1            keep the temp folder (wrk outputs, logs, nginx.conf); kept on errors too
# Exit status: 0 done; 1 error; 2 our server is missing or would not start (peers still
# measured); 3 a goal not met under BENCH_STRICT=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd -P)
helper=$root/Tests/Benchmarks/bench_http.py
peer_dir=$root/Tests/Benchmarks/HummingbirdPeer
peer_bin=$peer_dir/.build/release/HummingbirdPeer
ours_bin=$root/.build/release/counterpart

runs=${BENCH_RUNS:-3}
seconds=${BENCH_SECONDS:-8}
warmup=${BENCH_WARMUP_SECONDS:-2}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64 256}
goal_connections=256
endpoints=(healthz version)
start_timeout=60

bench_name=bench-http
# shellcheck source=Tests/Benchmarks/bench-common.sh
. "$root/Tests/Benchmarks/bench-common.sh"
positive_int BENCH_RUNS "$runs"
positive_int BENCH_SECONDS "$seconds"
positive_int BENCH_WARMUP_SECONDS "$warmup"
positive_int BENCH_THREADS "$threads"
for c in $connections; do
  positive_int BENCH_CONNECTIONS "$c"
  [ "$c" -ge "$threads" ] || die "BENCH_CONNECTIONS: $c is fewer than BENCH_THREADS=$threads"
done
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian package: $tool)"
done

# --- processes we start, and their clean-up on any exit (failure, Ctrl-C, TERM) --------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-http.XXXXXX")
started=()   # every server process we started (nginx: master and workers)
wrk_pid=

# shellcheck disable=SC2317  # reached through the traps below
stop_all() {
  local pid deadline
  if [ -n "$wrk_pid" ]; then kill -TERM "$wrk_pid" 2>/dev/null || true; fi
  for pid in "${started[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Give each a moment to finish gracefully (nginx's master stops its workers), then KILL.
  deadline=$((SECONDS + 10))
  for pid in "${started[@]}" $wrk_pid; do
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
  # Keep the logs and wrk outputs when something went wrong, so the failure can be read.
  if [ "${BENCH_KEEP:-}" = 1 ] || [ "$status" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
trap on_exit EXIT
trap 'say interrupted; exit 130' INT
trap 'say terminated; exit 143' TERM

# --- helpers ----------------------------------------------------------------------------------
# The pids whose CPU and memory count as the server's: nginx's master and its workers.
server_pids() { # name
  local pid=${server_pid[$1]}
  echo "$pid"
  if [ "$1" = nginx ]; then pgrep -P "$pid" || true; fi
}

# utime + stime in clock ticks summed over the pids (proc(5): fields 14 and 15 of stat; the
# command name in field 2 may hold spaces, so count from its closing parenthesis).
cpu_ticks() {
  local pid line total=0 fields
  for pid in "$@"; do
    read -r line <"/proc/$pid/stat" || continue
    read -r -a fields <<<"${line##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

record_rss() { # name — VmRSS and VmHWM (kB) summed over the server's processes, now
  local name=$1 pids files=() pid
  pids=$(server_pids "$name")
  for pid in $pids; do files+=("/proc/$pid/status"); done
  awk -v name="$name" -v n="${#files[@]}" \
    '/^VmRSS:/ { rss += $2 } /^VmHWM:/ { hwm += $2 } END { printf "%s\t%d\t%d\t%d\n", name, rss, hwm, n }' \
    "${files[@]}" >"$tmp/rss.$name"
}

wait_ready() { # name url
  local name=$1 url=$2 pid=${server_pid[$1]} deadline=$((SECONDS + start_timeout)) status
  while ! curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null && status=0 || status=$?
      say "$name exited (status $status) before answering $url; its output:"
      tail -n 20 "$tmp/$name.log" >&2 || true
      return 1
    fi
    [ "$SECONDS" -lt "$deadline" ] || { say "$name did not answer $url within ${start_timeout}s"; return 1; }
    sleep 0.2
  done
}

# curl one endpoint: body to a file, prints "<status> <content type>".
fetch() { # url body_file
  curl -sS --max-time 5 -o "$2" -w '%{http_code} %{content_type}' "$1"
}

# The peers must return exactly our bytes and Content-Type, or the comparison means nothing.
verify_same_answers() { # name base_url
  local ep got status type
  for ep in "${endpoints[@]}"; do
    got=$(fetch "$2/$ep" "$tmp/check.$1.$ep") || die "$1: GET /$ep failed"
    status=${got%% *} type=${got#* }
    [ "$status" = 200 ] || die "$1: GET /$ep answered $status, not 200"
    [ "$type" = "${content_type[$ep]}" ] ||
      die "$1: GET /$ep Content-Type '$type' differs from counterpart's '${content_type[$ep]}'"
    cmp -s "$tmp/check.$1.$ep" "$tmp/body.$ep" || die "$1: GET /$ep body differs from counterpart's"
  done
}

# A server that died mid-benchmark ends it, saying how (exit status, or 128+signal) and why.
ensure_alive() { # name
  local pid=${server_pid[$1]} status
  kill -0 "$pid" 2>/dev/null && return 0
  wait "$pid" 2>/dev/null && status=0 || status=$?
  say "$1 (pid $pid) is gone: exit status $status$( [ "$status" -gt 128 ] && echo " (signal $((status - 128)))"); its last output:"
  tail -n 20 "$tmp/$1.log" >&2 || true
  die "$1 died during the benchmark"
}

run_wrk() { # server url connections seconds output_file
  local status=0
  wrk -t"$threads" -c"$3" -d"$4"s --latency "$2" >"$5" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid" || status=$?
  wrk_pid=
  [ "$status" = 0 ] && return 0
  ensure_alive "$1"   # the usual reason: the server is gone
  cat "$5" >&2
  die "wrk failed (status $status) against $2"
}

declare -A server_pid server_url content_type

# --- build --------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  say "building counterpart (release)"
  (cd "$root" && swift build -c release --product counterpart) >"$tmp/build-counterpart.log" 2>&1 ||
    { tail -n 40 "$tmp/build-counterpart.log" >&2; die "swift build -c release --product counterpart failed"; }
  if [ ! -x "$peer_bin" ] ||
     [ -n "$(find "$peer_dir/Package.swift" "$peer_dir/Sources" -newer "$peer_bin" -print -quit)" ]; then
    say "building the Hummingbird peer (release, own .build/; a cold build takes about 5 minutes on 2 cores)"
    build_start=$SECONDS
    swift build -c release --package-path "$peer_dir" --product HummingbirdPeer >"$tmp/build-peer.log" 2>&1 ||
      { tail -n 40 "$tmp/build-peer.log" >&2; die "building $peer_dir failed"; }
    touch "$peer_bin"   # a no-op rebuild does not relink; mark the binary fresh all the same
    say "Hummingbird peer built in $((SECONDS - build_start))s"
  fi
fi
[ -x "$peer_bin" ] || die "no Hummingbird peer at $peer_bin (unset BENCH_NO_BUILD to build it)"

# --- our server, and the reference bodies ------------------------------------------------------
servers=()
ours_skipped=
if [ ! -x "$ours_bin" ]; then
  ours_skipped="no binary at $ours_bin"
else
  [ -n "${DATABASE_URL:-}" ] || say "DATABASE_URL is unset; counterpart serve may refuse to start"
  port=$(free_port)
  COUNTERPART_LISTEN=127.0.0.1:$port COUNTERPART_LOG_LEVEL=warning \
    "$ours_bin" serve >"$tmp/counterpart.log" 2>&1 &
  server_pid[counterpart]=$!
  started+=("$!")
  server_url[counterpart]=http://127.0.0.1:$port
  if wait_ready counterpart "${server_url[counterpart]}/healthz"; then
    servers+=(counterpart)
  else
    ours_skipped="counterpart serve did not start (output above)"
  fi
fi

if [ -z "$ours_skipped" ]; then
  for ep in "${endpoints[@]}"; do
    got=$(fetch "${server_url[counterpart]}/$ep" "$tmp/body.$ep") || die "counterpart: GET /$ep failed"
    [ "${got%% *}" = 200 ] || die "counterpart: GET /$ep answered ${got%% *}, not 200"
    content_type[$ep]=${got#* }
  done
else
  say "SKIPPING our server: $ours_skipped. Measuring the peers only, with stand-in bodies."
  printf 'ok\n' >"$tmp/body.healthz"
  content_type[healthz]='text/plain; charset=utf-8'
  printf '{"name":"counterpart","version":"0.0.0-dev"}' >"$tmp/body.version"
  content_type[version]='application/json'
fi

# --- the peers ----------------------------------------------------------------------------------
# The exact bytes as shell words: $(…) drops trailing newlines, so append x and strip it.
healthz_text=$(cat "$tmp/body.healthz"; printf x) && healthz_text=${healthz_text%x}
version_text=$(cat "$tmp/body.version"; printf x) && version_text=${version_text%x}
port=$(free_port)
PEER_HOST=127.0.0.1 PEER_PORT=$port \
  PEER_HEALTHZ_BODY=$healthz_text PEER_HEALTHZ_CONTENT_TYPE=${content_type[healthz]} \
  PEER_VERSION_BODY=$version_text PEER_VERSION_CONTENT_TYPE=${content_type[version]} \
  "$peer_bin" >"$tmp/hummingbird.log" 2>&1 &
server_pid[hummingbird]=$!
started+=("$!")
server_url[hummingbird]=http://127.0.0.1:$port
wait_ready hummingbird "${server_url[hummingbird]}/healthz" || die "the Hummingbird peer did not start"
verify_same_answers hummingbird "${server_url[hummingbird]}"
servers+=(hummingbird)

port=$(free_port)
mkdir -p "$tmp/nginx"
python3 "$helper" nginx-conf "$tmp/nginx" "$port" \
  "$tmp/body.healthz" "${content_type[healthz]}" "$tmp/body.version" "${content_type[version]}" \
  >"$tmp/nginx/nginx.conf"
nginx -p "$tmp/nginx/" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" >"$tmp/nginx.log" 2>&1 &
server_pid[nginx]=$!
started+=("$!")
server_url[nginx]=http://127.0.0.1:$port
wait_ready nginx "${server_url[nginx]}/healthz" || { cat "$tmp/nginx/error.log" >&2 || true; die "nginx did not start"; }
# Workers too, so that clean-up reaches them even if the master had to be killed.
for pid in $(pgrep -P "${server_pid[nginx]}"); do started+=("$pid"); done
verify_same_answers nginx "${server_url[nginx]}"
servers+=(nginx)

# --- what produced the figures ------------------------------------------------------------------
command_line="BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_WARMUP_SECONDS=$warmup BENCH_THREADS=$threads"
command_line+=" BENCH_CONNECTIONS=\"$connections\" Tests/Benchmarks/bench-http.sh"
ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || ours_commit+="+dirty"
echo "command: $command_line"
for name in "${servers[@]}"; do
  echo "wrk: wrk -t$threads -c<$connections> -d${seconds}s --latency ${server_url[$name]}/<${endpoints[*]}>   # $name"
done
echo "wrk version: $(wrk -v 2>&1 | head -n 1 || true)"
echo "servers: counterpart ${ours_skipped:+(skipped) }$ours_commit, Hummingbird 2.28.1 (2 event loops), $(nginx -v 2>&1 | sed 's/^nginx version: //') (2 workers)"
echo "machine: $(nproc) cores, $(uname -sr), shared by wrk and the server"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ep in "${endpoints[@]}"; do
  echo "GET /$ep: $(wc -c <"$tmp/body.$ep") bytes, Content-Type: ${content_type[$ep]}"
done
echo

# --- measure ------------------------------------------------------------------------------------
mkdir -p "$tmp/wrk"
# shellcheck disable=SC2086  # BENCH_CONNECTIONS is a list of words
max_connections=$(printf '%s\n' $connections | sort -n | tail -n 1)
for name in "${servers[@]}"; do
  for ep in "${endpoints[@]}"; do
    say "warm-up $name /$ep (${warmup}s, ${max_connections}c)"
    run_wrk "$name" "${server_url[$name]}/$ep" "$max_connections" "$warmup" "$tmp/wrk/warmup-$name-$ep.txt"
  done
done

: >"$tmp/results.tsv"
clk_tck=$(getconf CLK_TCK)
order=("${servers[@]}")
for ((run = 1; run <= runs; run++)); do
  for c in $connections; do
    for ep in "${endpoints[@]}"; do
      for name in "${order[@]}"; do
        out=$tmp/wrk/$name-$ep-${c}c-$run.txt
        ensure_alive "$name"
        # shellcheck disable=SC2046  # word splitting of the pid list is intended
        before=$(cpu_ticks $(server_pids "$name"))
        run_wrk "$name" "${server_url[$name]}/$ep" "$c" "$seconds" "$out"
        ensure_alive "$name"
        # shellcheck disable=SC2046
        after=$(cpu_ticks $(server_pids "$name"))
        record_rss "$name"   # overwritten each run: what remains is right after its last run
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$ep" "$c" "$run" "$out" \
          $((after - before)) "$clk_tck" >>"$tmp/results.tsv"
        say "run $run/$runs ${c}c /$ep $name: $(sed -n 's/^Requests\/sec: *//p' "$out") req/s"
      done
    done
  done
  order=("${order[@]:1}" "${order[0]}")   # rotate, so no server always goes first
done

# --- report -------------------------------------------------------------------------------------
# Other work on the machine skews every figure; the load average shows whether it was quiet.
echo "load average (1/5/15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
cat "$tmp"/rss.* >"$tmp/rss.tsv"
python3 "$helper" report "$tmp/results.tsv" "$tmp/rss.tsv" --goal-connections "$goal_connections" \
  | tee "$tmp/report.txt"

if [ -n "$ours_skipped" ]; then
  say "our server was not measured: $ours_skipped"
  exit 2
fi
if [ "${BENCH_STRICT:-}" = 1 ] && grep -q '| NOT met$' "$tmp/report.txt"; then exit 3; fi
exit 0
