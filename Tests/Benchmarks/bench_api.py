#!/usr/bin/env python3
"""Helper for Tests/Benchmarks/bench-api.sh: writes the pgbench script from the SQL constants in
the Swift sources, checks the endpoint's first page, reads pgbench's output and logs, and prints
the side-by-side table and the machine-readable BENCH lines.

  bench_api.py pgbench-script ROOT          the script, on standard output
  bench_api.py token-hash TOKEN             \\x<sha-256 of the token's UTF-8 text>, as bytea text
  bench_api.py check-page JSON_FILE COUNT   exit 1 unless data has COUNT items and a next_cursor
  bench_api.py parse-pgbench OUTPUT LOG_PREFIX   (one run, as key=value lines; for debugging)
  bench_api.py report RESULTS_TSV --goal 0.5

wrk's output is read with bench_http.parse_wrk (same folder). Standard library only.
"""

import argparse
import glob
import hashlib
import json
import math
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bench_http import WrkRun, parse_wrk

# --------------------------------------------------------------------------------------------
# The endpoint's statements, taken from the Swift sources so the benchmark cannot drift from them.

# (file, constant) of each statement GET /api/v1/customers sends inside its transaction, in
# order, with what each $n becomes in the pgbench script. Values the server binds become pgbench
# variables (sent as parameters under -M extended); the list's absent cursor, customer and
# search become typed NULL literals — pgbench cannot bind NULL, and the server's unnamed
# statements are planned with their parameter values at Bind (PostgreSQL docs, PREPARE notes on
# custom plans), so the planner sees the same NULLs either way.
STATEMENTS = (
    # APITokens.authenticate, round trip 1: the owner lookup that also sets the tenant scope.
    # \gset hands its partner and token ids to the next statement, as the server does.
    ("Sources/Tenancy/APITokens+Authenticate.swift", "ownerAndScopeSQL", {1: ":token_hash"}, "\\gset owner_"),
    # Round trip 2: the credential read, under row-level security.
    ("Sources/Tenancy/APITokens+Authenticate.swift", "credentialSQL",
     {1: ":owner_partner_id", 2: ":owner_token_id", 3: ":token_hash"}, ";"),
    # Customers.list for a partner admin's first page: limit = PageRequest.fetchLimit (50 + 1).
    ("Sources/Tenancy/Customers.swift", "listSQL",
     {1: ":owner_partner_id", 2: "NULL::uuid", 3: "NULL::uuid", 4: "NULL::text", 5: ":fetch_limit"}, ";"),
)
# Left out: APITokens.touchSQL, the last_used_at UPDATE, runs at most once a minute per token
# (APITokens.lastUsedResolution), not per request.

_MULTILINE = re.compile(r'static let (\w+) = """\n(.*?)\n([ \t]*)"""', re.DOTALL)
_SINGLE_LINE = re.compile(r'static let (\w+) = "((?:[^"\\\n]|\\.)*)"')


def swift_string_constants(source: str) -> dict[str, str]:
    """The `static let name = "..."` and triple-quoted string constants of a Swift file, raw (escapes
    and interpolations not yet resolved). In a multi-line literal the closing delimiter's
    indentation is stripped from every line (The Swift Programming Language, "Multiline String
    Literals"); a line indented less is an error there and here."""
    constants: dict[str, str] = {}
    for match in _MULTILINE.finditer(source):
        name, body, indent = match.groups()
        lines = []
        for line in body.split("\n"):
            if line.strip() and not line.startswith(indent):
                raise ValueError(f"{name}: a line is indented less than its closing delimiter")
            lines.append(line[len(indent):])
        constants[name] = "\n".join(lines)
    for match in _SINGLE_LINE.finditer(source):
        constants.setdefault(match.group(1), match.group(2))
    return constants


def resolve(name: str, constants: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    """The value of constant `name`: `\\(other)` and `\\(Type.other)` interpolations of constants
    in `constants` replaced, and the escapes \\\\ \\" \\n \\t decoded. Anything else (an
    interpolated expression, a line continuation, \\u{…}) fails loudly rather than guessing."""
    if name not in constants:
        raise ValueError(f"no string constant '{name}' found")
    if name in seen:
        raise ValueError(f"'{name}' interpolates itself")
    raw = constants[name]
    out = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        rest = raw[index + 1:index + 2]
        if rest == "(":
            end = raw.find(")", index)
            inner = raw[index + 2:end] if end > 0 else ""
            reference = re.fullmatch(r"(?:\w+\.)?(\w+)", inner)
            if not reference:
                raise ValueError(f"{name}: cannot evaluate the interpolation \\({inner}")
            out.append(resolve(reference.group(1), constants, seen + (name,)))
            index = end + 1
        elif rest in ('\\', '"', "n", "t"):
            out.append({"\\": "\\", '"': '"', "n": "\n", "t": "\t"}[rest])
            index += 2
        else:
            raise ValueError(f"{name}: unsupported escape \\{rest!r}")
    return "".join(out)


def substitute_parameters(sql: str, values: dict[int, str], name: str) -> str:
    """Replaces each $n with values[n]; every $n must have a value and every value must be used."""
    used = set()

    def replace(match: re.Match) -> str:
        number = int(match.group(1))
        if number not in values:
            raise ValueError(f"{name}: ${number} has no value in the pgbench script")
        used.add(number)
        return values[number]

    result = re.sub(r"\$(\d+)(?!\d)", replace, sql)
    if used != set(values):
        raise ValueError(f"{name}: no ${', $'.join(str(n) for n in sorted(set(values) - used))} in the statement")
    return result


def pgbench_script(root: Path) -> str:
    parts = [
        "-- Written by Tests/Benchmarks/bench_api.py from the Swift sources named below; one",
        "-- transaction = the statements one GET /api/v1/customers sends (last_used_at's",
        "-- once-a-minute UPDATE left out). Variables: -D token_hash=<bytea hex> -D fetch_limit=51.",
        "BEGIN;",
    ]
    for path, constant, values, terminator in STATEMENTS:
        # The statement's own file first, then its module's other files, for constants it
        # interpolates from another type (TenantScope's role names, say).
        constants = swift_string_constants((root / path).read_text())
        for other in sorted((root / path).parent.glob("*.swift")):
            for key, value in swift_string_constants(other.read_text()).items():
                constants.setdefault(key, value)
        try:
            sql = resolve(constant, constants)
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None
        sql = substitute_parameters(sql, values, constant)
        if ";" in sql or "\\" in sql:
            raise ValueError(f"{path}: {constant} holds ';' or '\\', which pgbench would read as its own syntax")
        parts.append(f"-- {path}: {constant}")
        parts.append(sql + (" " + terminator if terminator.startswith("\\") else terminator))
    parts.append("COMMIT;")
    return "\n".join(parts) + "\n"


def token_hash(token: str) -> str:
    """APITokenFormat.hash: SHA-256 of the token's UTF-8 text (not of its decoded bytes), in
    bytea's hex text form (PostgreSQL docs §8.4.1)."""
    return "\\x" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_page(path: Path, count: int) -> str | None:
    """None when the page has `count` items and a next_cursor; otherwise what is wrong."""
    try:
        page = json.loads(path.read_text())
    except ValueError as error:
        return f"not JSON: {error}"
    data = page.get("data") if isinstance(page, dict) else None
    if not isinstance(data, list) or len(data) != count:
        return f"expected {count} items in data, got {len(data) if isinstance(data, list) else data!r}"
    if not page.get("next_cursor"):
        return "no next_cursor"
    return None


# --------------------------------------------------------------------------------------------
# pgbench output


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


# --------------------------------------------------------------------------------------------
# report


def load_results(path: Path) -> tuple[list[WrkRun], list[PgbenchRun], list[float]]:
    """RESULTS_TSV lines: `wrk <run> <output file> <server CPU ticks> <ticks per second>` or
    `pgbench <run> <output file> <log prefix>`. Also returns the server's CPU microseconds per
    request of each wrk run."""
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
    return wrk_runs, pgbench_runs, cpu_us_per_request


def report(results: Path, goal: float) -> int:
    """Prints the table and the BENCH lines; returns 1 when a run had errors (then no line says met)."""
    wrk_runs, pgbench_runs, cpu_us_per_request = load_results(results)
    if not wrk_runs or not pgbench_runs:
        print("BENCH lines skipped: no runs of " + ("wrk" if not wrk_runs else "pgbench"))
        return 1
    ours_rps = statistics.median(run.requests_per_second for run in wrk_runs)
    ours_p50 = statistics.median(run.p50_ms for run in wrk_runs)
    ours_p99 = statistics.median(run.p99_ms for run in wrk_runs)
    sql_tps = statistics.median(run.transactions_per_second for run in pgbench_runs)
    sql_p50 = statistics.median(run.p50_ms for run in pgbench_runs)
    sql_p99 = statistics.median(run.p99_ms for run in pgbench_runs)
    wrk_errors = sum(run.errors for run in wrk_runs)
    sql_errors = sum(run.failed for run in pgbench_runs)

    width = 22
    print(f"{'':<24}{'counterpart (HTTP)':>{width}}{'pgbench (SQL only)':>{width}}")
    print("-" * (24 + 2 * width))
    print(f"{'requests | tx /s':<24}{ours_rps:>{width},.0f}{sql_tps:>{width},.0f}")
    print(f"{'p50 ms':<24}{ours_p50:>{width}.2f}{sql_p50:>{width}.2f}")
    print(f"{'p99 ms':<24}{ours_p99:>{width}.2f}{sql_p99:>{width}.2f}")
    if cpu_us_per_request:
        # The HTTP, auth and JSON layers' own cost, apart from PostgreSQL's (same machine, so
        # it competes with PostgreSQL for the cores during the wrk runs).
        print(f"{'server CPU us/request':<24}{statistics.median(cpu_us_per_request):>{width},.0f}{'-':>{width}}")
    print(f"{'errors (all runs)':<24}{wrk_errors:>{width}}{sql_errors:>{width}}")
    print(f"runs counterpart req/s: {', '.join(f'{run.requests_per_second:,.0f}' for run in wrk_runs)}")
    print(f"runs pgbench tx/s:      {', '.join(f'{run.transactions_per_second:,.0f}' for run in pgbench_runs)}")
    print(f"runs counterpart p99 ms: {', '.join(f'{run.p99_ms:.2f}' for run in wrk_runs)}")
    print(f"runs pgbench p99 ms:     {', '.join(f'{run.p99_ms:.2f}' for run in pgbench_runs)}")
    print()
    if wrk_errors:
        print(f"ERROR: wrk saw {wrk_errors} socket errors or non-2xx responses")
    if sql_errors:
        print(f"ERROR: pgbench had {sql_errors} failed transactions")
    clean = not wrk_errors and not sql_errors
    ratio = ours_rps / sql_tps
    met = "met" if ratio >= goal and clean else "NOT met"
    print(f"BENCH api_customers_rps {ours_rps:.0f} req/s | pgbench {sql_tps:.0f} tx/s | ratio {ratio:.2f} "
          f"| goal {goal:g} | {met}")
    print(f"BENCH api_customers_p99 {ours_p99:.2f} ms | pgbench {sql_p99:.2f} ms | ratio {ours_p99 / sql_p99:.2f} "
          f"| goal - | -")
    return 0 if clean else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("pgbench-script").add_argument("root", type=Path)
    commands.add_parser("token-hash").add_argument("token")
    page = commands.add_parser("check-page")
    page.add_argument("json_file", type=Path)
    page.add_argument("count", type=int)
    parse = commands.add_parser("parse-pgbench")
    parse.add_argument("output", type=Path)
    parse.add_argument("log_prefix")
    rep = commands.add_parser("report")
    rep.add_argument("results", type=Path)
    rep.add_argument("--goal", type=float, default=0.5)
    args = parser.parse_args()

    if args.command == "pgbench-script":
        try:
            sys.stdout.write(pgbench_script(args.root))
        except (ValueError, OSError) as error:
            print(f"bench_api.py: cannot write the pgbench script: {error}", file=sys.stderr)
            return 1
        return 0
    if args.command == "token-hash":
        print(token_hash(args.token))
        return 0
    if args.command == "check-page":
        problem = check_page(args.json_file, args.count)
        if problem:
            print(f"bench_api.py: {args.json_file}: {problem}", file=sys.stderr)
            return 1
        return 0
    if args.command == "parse-pgbench":
        run = parse_pgbench(args.output.read_text(), args.log_prefix)
        for key in ("transactions_per_second", "p50_ms", "p99_ms", "transactions", "failed"):
            print(f"{key}={getattr(run, key)}")
        return 0
    return report(args.results, args.goal)


if __name__ == "__main__":
    sys.exit(main())
