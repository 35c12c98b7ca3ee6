"""An endpoint under wrk beside pgbench running its SQL, for bench_api.py and bench_portal.py:
reads pgbench's summary and per-transaction logs, takes the medians of both sides' runs, and
prints the side-by-side table and the machine-readable BENCH lines.

A results file (RESULTS_TSV) has one line per measured run, tab-separated:
  wrk <run> <output file> <server CPU ticks> <ticks per second>
  pgbench <run> <output file> <log prefix>

wrk's output is read with bench_http.parse_wrk (same folder). Standard library only.
"""

import glob
import math
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from bench_http import WrkRun, parse_wrk


@dataclass
class PgbenchRun:
    """One pgbench run: its rate, latency percentiles from the per-transaction log, failures."""

    transactions_per_second: float
    p50_ms: float
    p99_ms: float
    transactions: int
    failed: int


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile, as wrk's HdrHistogram reports it (the smallest value with at
    least `fraction` of the values at or below it)."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def parse_pgbench(output: str, log_prefix: str) -> PgbenchRun:
    """Reads pgbench's summary and its --log files `<prefix>.<pid>[.<thread>]`, whose lines are
    `client transaction latency_us script epoch epoch_us` (pgbench docs, "Per-Transaction
    Logging"); a latency of `failed` or `skipped` counts as failed."""
    tps = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", output, re.MULTILINE)
    if not tps:
        raise ValueError("pgbench output has no 'tps = … (without initial connection time)' line")
    processed = re.search(r"^number of transactions actually processed: (\d+)", output, re.MULTILINE)
    failed = re.search(r"^number of failed transactions: (\d+)", output, re.MULTILINE)
    latencies = []
    failed_in_log = 0
    files = sorted(glob.glob(glob.escape(log_prefix) + ".*"))
    if not files:
        raise ValueError(f"no pgbench log files {log_prefix}.*")
    for name in files:
        for line in Path(name).read_text().splitlines():
            fields = line.split()
            if len(fields) < 6:
                continue
            if fields[2].isdigit():
                latencies.append(int(fields[2]) / 1000.0)
            else:
                failed_in_log += 1
    latencies.sort()
    return PgbenchRun(
        transactions_per_second=float(tps.group(1)),
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        transactions=int(processed.group(1)) if processed else len(latencies),
        failed=max(int(failed.group(1)) if failed else 0, failed_in_log),
    )


@dataclass
class Comparison:
    """The measured runs of one endpoint and of its SQL in pgbench, and their medians."""

    wrk_runs: list[WrkRun]
    pgbench_runs: list[PgbenchRun]
    # The server's own CPU time per request in each wrk run, in microseconds.
    cpu_us_per_request: list[float]

    @property
    def ours_rps(self) -> float:
        return statistics.median(run.requests_per_second for run in self.wrk_runs)

    @property
    def ours_p99(self) -> float:
        return statistics.median(run.p99_ms for run in self.wrk_runs)

    @property
    def sql_tps(self) -> float:
        return statistics.median(run.transactions_per_second for run in self.pgbench_runs)

    @property
    def sql_p99(self) -> float:
        return statistics.median(run.p99_ms for run in self.pgbench_runs)

    @property
    def wrk_errors(self) -> int:
        return sum(run.errors for run in self.wrk_runs)

    @property
    def sql_errors(self) -> int:
        return sum(run.failed for run in self.pgbench_runs)

    @property
    def clean(self) -> bool:
        """Whether every run of both sides was free of errors (else no figure counts)."""
        return not self.wrk_errors and not self.sql_errors


def load_comparison(path: Path) -> Comparison:
    """Reads a RESULTS_TSV and every output and log it names."""
    wrk_runs, pgbench_runs, cpu_us_per_request = [], [], []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        if fields[0] == "wrk":
            run = parse_wrk(Path(fields[2]).read_text())
            wrk_runs.append(run)
            if len(fields) >= 5 and run.requests:
                cpu_us_per_request.append(int(fields[3]) / int(fields[4]) * 1e6 / run.requests)
        elif fields[0] == "pgbench":
            pgbench_runs.append(parse_pgbench(Path(fields[2]).read_text(), fields[3]))
        else:
            raise ValueError(f"unknown tool in {path}: {fields[0]!r}")
    return Comparison(wrk_runs, pgbench_runs, cpu_us_per_request)


def print_table(comparison: Comparison) -> None:
    """Medians side by side, then each run's figures."""
    wrk_runs, pgbench_runs = comparison.wrk_runs, comparison.pgbench_runs
    width = 22
    print(f"{'':<24}{'counterpart (HTTP)':>{width}}{'pgbench (SQL only)':>{width}}")
    print("-" * (24 + 2 * width))
    print(f"{'requests | tx /s':<24}{comparison.ours_rps:>{width},.0f}{comparison.sql_tps:>{width},.0f}")
    print(f"{'p50 ms':<24}{statistics.median(run.p50_ms for run in wrk_runs):>{width}.2f}"
          f"{statistics.median(run.p50_ms for run in pgbench_runs):>{width}.2f}")
    print(f"{'p99 ms':<24}{comparison.ours_p99:>{width}.2f}{comparison.sql_p99:>{width}.2f}")
    if comparison.cpu_us_per_request:
        # The HTTP, auth and rendering layers' own cost, apart from PostgreSQL's (same machine,
        # so it competes with PostgreSQL for the cores during the wrk runs).
        print(f"{'server CPU us/request':<24}{statistics.median(comparison.cpu_us_per_request):>{width},.0f}"
              f"{'-':>{width}}")
    print(f"{'errors (all runs)':<24}{comparison.wrk_errors:>{width}}{comparison.sql_errors:>{width}}")
    print(f"runs counterpart req/s: {', '.join(f'{run.requests_per_second:,.0f}' for run in wrk_runs)}")
    print(f"runs pgbench tx/s:      {', '.join(f'{run.transactions_per_second:,.0f}' for run in pgbench_runs)}")
    print(f"runs counterpart p99 ms: {', '.join(f'{run.p99_ms:.2f}' for run in wrk_runs)}")
    print(f"runs pgbench p99 ms:     {', '.join(f'{run.p99_ms:.2f}' for run in pgbench_runs)}")


def bench_lines(comparison: Comparison, metric: str, goal: float) -> list[str]:
    """The rate line (goal met only when the ratio reaches it and no run had errors) and the p99
    line, with `metric` as the figure's name prefix (`api_customers` → `api_customers_rps`)."""
    ratio = comparison.ours_rps / comparison.sql_tps
    met = "met" if ratio >= goal and comparison.clean else "NOT met"
    return [
        f"BENCH {metric}_rps {comparison.ours_rps:.0f} req/s | pgbench {comparison.sql_tps:.0f} tx/s "
        f"| ratio {ratio:.2f} | goal {goal:g} | {met}",
        f"BENCH {metric}_p99 {comparison.ours_p99:.2f} ms | pgbench {comparison.sql_p99:.2f} ms "
        f"| ratio {comparison.ours_p99 / comparison.sql_p99:.2f} | goal - | -",
    ]


def report(results: list[tuple[str, Path]], goal: float) -> int:
    """Prints a table per (metric, RESULTS_TSV), headed by the metric's name when there are
    several, then every error, then all the BENCH lines together at the end. Returns 1 when a
    run had errors (then no line says met) or a side has no runs at all."""
    comparisons = [(metric, load_comparison(path)) for metric, path in results]
    for metric, comparison in comparisons:
        if not comparison.wrk_runs or not comparison.pgbench_runs:
            missing = "wrk" if not comparison.wrk_runs else "pgbench"
            print(f"BENCH lines skipped: {metric} has no runs of {missing}")
            return 1
    for metric, comparison in comparisons:
        if len(comparisons) > 1:
            print(metric)
        print_table(comparison)
        print()
    for metric, comparison in comparisons:
        name = f"{metric}: " if len(comparisons) > 1 else ""
        if comparison.wrk_errors:
            print(f"ERROR: {name}wrk saw {comparison.wrk_errors} socket errors or non-2xx responses")
        if comparison.sql_errors:
            print(f"ERROR: {name}pgbench had {comparison.sql_errors} failed transactions")
    for metric, comparison in comparisons:
        for line in bench_lines(comparison, metric, goal):
            print(line)
    return 0 if all(comparison.clean for _, comparison in comparisons) else 1
