#!/usr/bin/env python3
"""Helpers of make bench-ingest (bench-ingest.sh).

  deliveries PREFIX THREADS PER_THREAD FIRST_ID SECRET FIXTURE
      writes PREFIX-<n>.txt for each wrk thread: one WooCommerce order delivery a line,
      "<signature>\\t<body>", each a different order id; the signature is WooCommerce's
      (base64 of HMAC-SHA256 of the raw body with the webhook's secret).
  report RESULTS
      reads the runs bench-ingest.sh recorded and prints the BENCH lines (medians of the runs):
      the 202s wrk received per second, each checked against the messages the database holds.
"""
import base64
import hashlib
import hmac
import json
import re
import statistics
import sys

P99_GOAL_MS = 50.0


def order_template(fixture_path):
    """The captured WooCommerce 11 order.created body, without what the ingress ignores."""
    with open(fixture_path, encoding="utf-8") as handle:
        body = json.loads(json.load(handle)["body"])
    for key in ("_links", "meta_data", "customer_user_agent", "refunds", "payment_url"):
        body.pop(key, None)
    return body


def deliveries(prefix, threads, per_thread, first_id, secret, fixture):
    template = order_template(fixture)
    key = secret.encode()
    order_id = first_id
    for thread in range(threads):
        with open(f"{prefix}-{thread}.txt", "w", encoding="utf-8") as out:
            for _ in range(per_thread):
                template["id"] = order_id
                template["number"] = str(order_id)
                raw = json.dumps(template, separators=(",", ":")).encode()
                signature = base64.b64encode(hmac.new(key, raw, hashlib.sha256).digest()).decode()
                out.write(signature + "\t" + raw.decode() + "\n")
                order_id += 1


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_p99_ms(text):
    match = re.search(r"^\s+99%\s+([0-9.]+)(us|ms|s)\s*$", text, re.M)
    if not match:
        raise SystemExit("bench-ingest: no 99% line in wrk's output (run with --latency)")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def wrk_answers(text):
    match = re.search(r"^answers: (\d+) accepted \(202\), (\d+) other$", text, re.M)
    if not match:
        raise SystemExit("bench-ingest: wrk's script printed no answers line")
    return int(match.group(1)), int(match.group(2))


def pgbench_figures(text):
    tps = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", text, re.M)
    latency = re.search(r"^latency average = ([0-9.]+) ms", text, re.M)
    if not tps or not latency:
        raise SystemExit("bench-ingest: no tps or latency in pgbench's output")
    return float(tps.group(1)), float(latency.group(1))


def report(results_path):
    ours, p99s, peer, peer_latency = [], [], [], []
    problems = []
    with open(results_path, encoding="utf-8") as results:
        for line in results:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "ingest":
                _, run, seconds, stored, output = fields
                with open(output, encoding="utf-8") as handle:
                    text = handle.read()
                accepted, other = wrk_answers(text)
                if other:
                    problems.append(f"run {run}: {other} answers were not 202 (ran out of deliveries, or refused)")
                # wrk drops the requests still in flight when its time is up; the server may
                # commit those, so the database can hold more than the 202s wrk saw, never fewer.
                if int(stored) < accepted:
                    problems.append(f"run {run}: {accepted} answers of 202 but only {stored} new messages in the database")
                ours.append(accepted / float(seconds))
                p99s.append(wrk_p99_ms(text))
            elif fields[0] == "pgbench":
                with open(fields[2], encoding="utf-8") as handle:
                    tps, latency = pgbench_figures(handle.read())
                peer.append(tps)
                peer_latency.append(latency)
    if not ours or not peer:
        raise SystemExit("bench-ingest: no runs recorded")
    for problem in problems:
        print(f"problem: {problem}")
    rate, p99 = statistics.median(ours), statistics.median(p99s)
    limit, limit_latency = statistics.median(peer), statistics.median(peer_latency)
    print(f"runs: ours {', '.join(f'{v:.0f}' for v in ours)} deliveries/s (p99 {', '.join(f'{v:.1f}' for v in p99s)} ms); "
          f"pgbench {', '.join(f'{v:.0f}' for v in peer)} tx/s")
    ratio = rate / limit
    met = "met" if ratio >= 1.0 and p99 < P99_GOAL_MS and not problems else "NOT met"
    print(f"BENCH ingest-accepted-durably {rate:.0f} deliveries/s | pgbench-insert-1-row-per-commit-16-clients "
          f"{limit:.0f} tx/s | ratio {ratio:.2f} | goal >=1.00 with p99 < {P99_GOAL_MS:.0f} ms | {met}")
    met = "met" if p99 < P99_GOAL_MS and not problems else "NOT met"
    print(f"BENCH ingest-p99 {p99:.1f} ms | pgbench-insert-1-row-per-commit-16-clients {limit_latency:.1f} ms (average) "
          f"| ratio {p99 / limit_latency:.2f} | goal < {P99_GOAL_MS:.0f} ms | {met}")
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "deliveries" and len(argv) == 8:
        deliveries(argv[2], int(argv[3]), int(argv[4]), int(argv[5]), argv[6], argv[7])
        return 0
    if len(argv) == 3 and argv[1] == "report":
        return report(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
