#!/usr/bin/env python3
"""Helper for Tests/Benchmarks/bench-api.sh: writes the pgbench script from the SQL constants in
the Swift sources, checks the endpoint's first page, reads pgbench's output and logs, and prints
the side-by-side table and the machine-readable BENCH lines.

  bench_api.py pgbench-script ROOT          the script, on standard output
  bench_api.py token-hash TOKEN             \\x<sha-256 of the token's UTF-8 text>, as bytea text
  bench_api.py check-page JSON_FILE COUNT   exit 1 unless data has COUNT items and a next_cursor
  bench_api.py parse-pgbench OUTPUT LOG_PREFIX   (one run, as key=value lines; for debugging)
  bench_api.py report RESULTS_TSV --goal 0.5

The Swift reader is swift_sql.py, the pgbench reading and the report pgbench_comparison.py (same
folder). Standard library only.
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

from pgbench_comparison import parse_pgbench, report as comparison_report
# Re-exported: test_bench_api.py checks the Swift reader through this module.
from swift_sql import Statement, pgbench_script as write_pgbench_script, resolve, substitute_parameters, \
    swift_string_constants

__all__ = ["check_page", "parse_pgbench", "pgbench_script", "report", "resolve", "substitute_parameters",
           "swift_string_constants", "token_hash"]

# --------------------------------------------------------------------------------------------
# The endpoint's statements, taken from the Swift sources so the benchmark cannot drift from them.

# Each statement GET /api/v1/customers sends inside its transaction, in order, with what each $n
# becomes in the pgbench script. Values the server binds become pgbench variables (sent as
# parameters under -M extended); the list's absent cursor, customer and search become typed NULL
# literals — pgbench cannot bind NULL, and the server's unnamed statements are planned with their
# parameter values at Bind (PostgreSQL docs, PREPARE notes on custom plans), so the planner sees
# the same NULLs either way.
STATEMENTS = (
    # APITokens.authenticate, round trip 1: the owner lookup that also sets the tenant scope.
    # \gset hands its partner and token ids to the next statement, as the server does.
    Statement("Sources/Tenancy/APITokens+Authenticate.swift", "APITokens.ownerAndScopeSQL", {1: ":token_hash"},
              "\\gset owner_"),
    # Round trip 2: the credential read, under row-level security.
    Statement("Sources/Tenancy/APITokens+Authenticate.swift", "APITokens.credentialSQL",
              {1: ":owner_partner_id", 2: ":owner_token_id", 3: ":token_hash"}),
    # Customers.list for a partner admin's first page: limit = PageRequest.fetchLimit (50 + 1).
    Statement("Sources/Tenancy/Customers.swift", "Customers.listSQL",
              {1: ":owner_partner_id", 2: "NULL::uuid", 3: "NULL::uuid", 4: "NULL::text", 5: ":fetch_limit"}),
)
# Left out: APITokens.touchSQL, the last_used_at UPDATE, runs at most once a minute per token
# (APITokens.lastUsedResolution), not per request.


def pgbench_script(root: Path) -> str:
    """The script of one GET /api/v1/customers: its transaction's statements, from the sources under `root`."""
    return write_pgbench_script(root, [
        "Written by Tests/Benchmarks/bench_api.py from the Swift sources named below; one",
        "transaction = the statements one GET /api/v1/customers sends (last_used_at's",
        "once-a-minute UPDATE left out). Variables: -D token_hash=<bytea hex> -D fetch_limit=51.",
    ], list(STATEMENTS))


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


def report(results: Path, goal: float) -> int:
    """Prints the table and the BENCH lines; returns 1 when a run had errors (then no line says met)."""
    return comparison_report([("api_customers", results)], goal)


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
