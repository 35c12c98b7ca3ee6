"""make bench-sla's helper: the synthetic month of messages loaded by COPY, the timed requests,
and the side-by-side table with the machine-readable BENCH lines.

  bench_sla.py messages  CUSTOMERS_CSV MONTH FIRST COUNT MESSAGES_CSV ATTEMPTS_CSV TOTAL
      writes messages FIRST … FIRST+COUNT-1 of TOTAL in the month (deterministic: message n is the same
      in every run) as two CSV files for COPY into messages and message_attempts
  bench_sla.py measure   URL TOKEN REQUESTS OUTPUT PATH...
      GETs each PATH in turn REQUESTS times over one keep-alive connection; writes one latency
      in milliseconds per line (status other than 200 stops it)
  bench_sla.py report    RESULTS_JSON
      prints the table and the BENCH lines from the figures gathered by bench-sla.sh

The month's messages spread evenly over its seconds and round-robin over the customers: of
every 1,000, 985 are delivered (latency 300 ms to 30 s, log-uniform), 10 go to the exception
queue with an unknown SKU, 5 die after a 503. Flows: 60% order-to-erp, 30% inventory-sync,
10% catalog-publish.
"""

from __future__ import annotations

import csv
import http.client
import json
import math
import random
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

FLOWS = [("order-to-erp", 6), ("inventory-sync", 3), ("catalog-publish", 1)]


@dataclass(frozen=True)
class Customer:
    partner_id: str
    customer_id: str
    environment_id: str


def read_customers(path: Path) -> list[Customer]:
    """`partner_id,customer_id,production_environment_id` per line, as psql's COPY TO writes it."""
    with path.open(newline="") as handle:
        return [Customer(*row) for row in csv.reader(handle) if row]


def month_bounds(month: str) -> tuple[datetime, datetime]:
    year, number = (int(part) for part in month.split("-"))
    start = datetime(year, number, 1, tzinfo=timezone.utc)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f+00")


def message_rows(customers: list[Customer], month: str, first: int, count: int, total: int):
    """Yields (message row, attempt row) for messages first … first+count-1 of `total` in the month."""
    start, end = month_bounds(month)
    span = (end - start).total_seconds() - 120  # the last deliveries still land inside the month
    weights = [weight for _, weight in FLOWS]
    for n in range(first, first + count):
        chooser = random.Random(n)
        customer = customers[n % len(customers)]
        flow = FLOWS[chooser.choices(range(len(FLOWS)), weights)[0]][0]
        received = start + timedelta(seconds=span * n / total)
        message_id = str(uuid.UUID(int=chooser.getrandbits(128), version=4))
        kind = n % 1000
        if kind < 985:
            latency = math.exp(chooser.uniform(math.log(0.3), math.log(30)))
            status, error_class, error_text = "delivered", "", ""
        elif kind < 995:
            latency = chooser.uniform(0.2, 2)
            status, error_class, error_text = "exception", "business", f"Unknown SKU 'SKU-{n % 97:05d}'"
        else:
            latency = chooser.uniform(60, 90)
            status, error_class, error_text = "dead", "transient", "Tryton answered 503 Service Unavailable"
        finished = received + timedelta(seconds=latency)
        payload = '{"number":"%d"}' % n
        yield ([customer.partner_id, message_id, customer.customer_id, customer.environment_id, "production", flow,
                "order", status, "woocommerce", f"WEB-{n}", payload, len(payload), 1, error_class, error_text,
                timestamp(received), timestamp(received), timestamp(finished)],
               [customer.partner_id, message_id, 1, customer.customer_id, timestamp(received), timestamp(finished), status,
                error_class, error_text])


def write_messages(arguments: list[str]) -> int:
    customers_csv, month, first, count, messages_csv, attempts_csv, total = arguments
    customers = read_customers(Path(customers_csv))
    with open(messages_csv, "w", newline="") as messages, open(attempts_csv, "w", newline="") as attempts:
        message_writer, attempt_writer = csv.writer(messages), csv.writer(attempts)
        for message, attempt in message_rows(customers, month, int(first), int(count), int(total)):
            message_writer.writerow(message)
            attempt_writer.writerow(attempt)
    return 0


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    if not sorted_values:
        raise ValueError("no values")
    return sorted_values[max(1, math.ceil(fraction * len(sorted_values))) - 1]


def measure(arguments: list[str]) -> int:
    url, token, requests, output, *paths = arguments
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    latencies = []
    for index in range(int(requests)):
        path = paths[index % len(paths)]
        began = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        body = response.read()
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            print(f"GET {path} answered {response.status}: {body[:300]!r}", file=sys.stderr)
            return 1
    Path(output).write_text("".join(f"{value:.3f}\n" for value in latencies))
    return 0


def summarize(latencies: list[float]) -> dict[str, float]:
    values = sorted(latencies)
    return {"p50": percentile(values, 0.5), "p99": percentile(values, 0.99), "n": len(values)}


def bench_line(name: str, ours: float, peer_name: str, peer: float, goal: float) -> str:
    """One BENCH line for a latency whose goal is an upper bound in milliseconds."""
    met = "met" if ours <= goal else "NOT met"
    return (f"BENCH {name} {ours:.1f} ms | {peer_name} {peer:.1f} ms | ratio {ours / peer:.3f} | goal <={goal:.0f} ms | {met}")


def report(arguments: list[str]) -> int:
    """The results file: {"stages": [{"messages": n, "report": [...ms], "at_risk": [...ms],
    "scan_report": [...ms], "scan_at_risk": [...ms], "fold_events": n, "fold_seconds": s}, ...]}."""
    results = json.loads(Path(arguments[0]).read_text())
    stages = results["stages"]
    print(f"{'messages':>12} {'report p50':>11} {'report p99':>11} {'at-risk p50':>12} {'at-risk p99':>12} "
          f"{'scan report p99':>16} {'scan at-risk p99':>17} {'folded events/s':>16}")
    summaries = []
    for stage in stages:
        figures = {key: summarize(stage[key]) for key in ("report", "at_risk", "scan_report", "scan_at_risk")}
        summaries.append(figures)
        rate = stage["fold_events"] / stage["fold_seconds"] if stage["fold_seconds"] else 0
        print(f"{stage['messages']:>12,} {figures['report']['p50']:>9.1f}ms {figures['report']['p99']:>9.1f}ms "
              f"{figures['at_risk']['p50']:>10.1f}ms {figures['at_risk']['p99']:>10.1f}ms "
              f"{figures['scan_report']['p99']:>14.1f}ms {figures['scan_at_risk']['p99']:>15.1f}ms {rate:>16,.0f}")
    last, first = summaries[-1], summaries[0]
    lines = [
        bench_line("sla-month-report-p99", last["report"]["p99"], "scan-messages", last["scan_report"]["p99"], 100),
        bench_line("sla-month-report-p50", last["report"]["p50"], "scan-messages", last["scan_report"]["p50"], 100),
        bench_line("sla-at-risk-page-p99", last["at_risk"]["p99"], "scan-messages", last["scan_at_risk"]["p99"], 300),
        bench_line("sla-at-risk-page-p50", last["at_risk"]["p50"], "scan-messages", last["scan_at_risk"]["p50"], 300),
    ]
    if len(stages) > 1:
        growth = stages[-1]["messages"] / stages[0]["messages"]
        for key, name in (("report", "sla-month-report-p99"), ("at_risk", "sla-at-risk-page-p99")):
            ratio = last[key]["p99"] / first[key]["p99"]
            met = "met" if ratio <= 1.5 else "NOT met"
            lines.append(f"BENCH {name}-at-{growth:.0f}x-messages {last[key]['p99']:.1f} ms | same-at-"
                         f"{stages[0]['messages']:,}-messages {first[key]['p99']:.1f} ms | ratio {ratio:.2f} | goal <=1.50 | {met}")
    print()
    print("\n".join(lines))
    return 0


def main() -> int:
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "messages":
        return write_messages(arguments)
    if command == "measure":
        return measure(arguments)
    if command == "report":
        return report(arguments)
    print(f"unknown command {command}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
