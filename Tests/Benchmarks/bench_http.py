#!/usr/bin/env python3
"""Helper for Tests/Benchmarks/bench-http.sh: writes the private nginx configuration, parses wrk's
output and prints the side-by-side table and the machine-readable BENCH lines.

  bench_http.py nginx-conf PREFIX PORT HEALTHZ_BODY HEALTHZ_TYPE VERSION_BODY VERSION_TYPE
  bench_http.py parse WRK_OUTPUT          (one run, as key=value lines; for debugging)
  bench_http.py report RESULTS_TSV RSS_TSV --goal-connections N

Bodies are passed as file names so every byte (a trailing newline too) reaches nginx unchanged.
Standard library only: the benchmark must run on a fresh Debian machine with python3.
"""

import argparse
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

SERVERS = ("counterpart", "hummingbird", "nginx")
OURS = "counterpart"

# --------------------------------------------------------------------------------------------
# nginx configuration


def nginx_string(body: bytes) -> tuple[str, bool]:
    """Quote `body` for an nginx directive argument.

    nginx's configuration reader (ngx_conf_read_token) unescapes \\" \\' \\\\ \\t \\r \\n inside a
    quoted string and keeps every other byte as it is; `return`'s text is a complex value, so a
    literal `$` would start a variable and has no escape: it is spelled ${bench_dollar}, a geo
    variable whose value is the plain string "$". Returns the quoted text and whether that
    variable is needed.
    """
    text = body.decode("utf-8", errors="surrogateescape")
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "$":
            out.append("${bench_dollar}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"', "$" in text


def nginx_conf(prefix: str, port: int, routes: list[tuple[str, bytes, str]]) -> str:
    """A private nginx: its own pid, error log and temp folders under `prefix`, two workers,
    loopback only, no access log, and one exact-match location per route answering with
    `return 200` and the given Content-Type (default_type is what `return` sends)."""
    locations = []
    needs_dollar = False
    for path, body, content_type in routes:
        quoted_body, dollar = nginx_string(body)
        quoted_type, _ = nginx_string(content_type.encode())
        needs_dollar |= dollar
        locations.append(
            f"        location = {path} {{\n"
            f"            default_type {quoted_type};\n"
            f"            return 200 {quoted_body};\n"
            f"        }}\n"
        )
    dollar_geo = '    geo $bench_dollar { default "$"; }\n' if needs_dollar else ""
    return f"""# Written by Tests/Benchmarks/bench_http.py for Tests/Benchmarks/bench-http.sh; deleted after the run.
daemon off;
master_process on;
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # wrk holds its connections open; nginx's default of 1000 requests per connection would
    # make it reconnect now and then, which our server never asks for. Same work everywhere.
    keepalive_requests 100000000;
    keepalive_timeout 75s;
{dollar_geo}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
{"".join(locations)}    }}
}}
"""


# --------------------------------------------------------------------------------------------
# wrk output

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def duration_ms(text: str) -> float:
    """wrk prints durations as e.g. 812.00us, 1.93ms, 2.01s (src/units.c)."""
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


@dataclass
class WrkRun:
    """One wrk run's figures; `errors` counts socket errors plus non-2xx/3xx responses."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    socket_errors: int = 0
    non_2xx: int = 0

    @property
    def errors(self) -> int:
        return self.socket_errors + self.non_2xx


def parse_wrk(text: str) -> WrkRun:
    """Reads the summary wrk --latency prints; raises ValueError when a figure is missing,
    e.g. because wrk could not connect at all."""

    def need(pattern: str) -> re.Match:
        match = re.search(pattern, text, re.MULTILINE)
        if not match:
            raise ValueError(f"wrk output has no line matching {pattern!r}")
        return match

    rps = float(need(r"^Requests/sec:\s+([0-9.]+)").group(1))
    p50 = duration_ms(need(r"^\s+50%\s+(\S+)").group(1))
    p99 = duration_ms(need(r"^\s+99%\s+(\S+)").group(1))
    requests = int(need(r"^\s+(\d+) requests in ").group(1))
    run = WrkRun(rps, p50, p99, requests)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    if socket:
        run.socket_errors = sum(int(n) for n in socket.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non_2xx:
        run.non_2xx = int(non_2xx.group(1))
    return run


# --------------------------------------------------------------------------------------------
# report


@dataclass
class Cell:
    """All runs of one (server, endpoint, connections) combination."""

    runs: list[WrkRun] = field(default_factory=list)
    cpu_us_per_request: list[float] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


def load_results(path: Path) -> tuple[dict, list[str], list[int]]:
    cells: dict[tuple[str, str, int], Cell] = {}
    endpoints: list[str] = []
    connections: list[int] = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        server, endpoint, conns, run, wrk_file, cpu_ticks, clk_tck = line.split("\t")
        conns_n = int(conns)
        if endpoint not in endpoints:
            endpoints.append(endpoint)
        if conns_n not in connections:
            connections.append(conns_n)
        cell = cells.setdefault((server, endpoint, conns_n), Cell())
        wrk = parse_wrk(Path(wrk_file).read_text())
        cell.runs.append(wrk)
        if wrk.requests:
            cell.cpu_us_per_request.append(int(cpu_ticks) / int(clk_tck) * 1e6 / wrk.requests)
        if wrk.errors:
            cell.flagged.append(
                f"run {run}: {wrk.socket_errors} socket errors, {wrk.non_2xx} non-2xx"
            )
    return cells, endpoints, sorted(connections)


def print_table(cells, servers, endpoints, connections, rss) -> None:
    width = 16
    header = f"{'':<30}" + "".join(f"{s:>{width}}" for s in servers)
    print(header)
    print("-" * len(header))
    rows = [
        ("req/s", lambda c: f"{c.median('requests_per_second'):,.0f}"),
        ("p50 ms", lambda c: f"{c.median('p50_ms'):.2f}"),
        ("p99 ms", lambda c: f"{c.median('p99_ms'):.2f}"),
        (
            "CPU us/req",
            lambda c: f"{statistics.median(c.cpu_us_per_request):.1f}"
            if c.cpu_us_per_request
            else "-",
        ),
        ("runs with errors", lambda c: f"{len(c.flagged)}/{len(c.runs)}" + (" !" if c.flagged else "")),
    ]
    for endpoint in endpoints:
        for conns in connections:
            for index, (label, show) in enumerate(rows):
                title = f"{endpoint} {conns}c" if index == 0 else ""
                line = f"{title:<13}{label:<17}"
                for server in servers:
                    cell = cells.get((server, endpoint, conns))
                    line += f"{show(cell) if cell and cell.runs else '-':>{width}}"
                print(line)
            print()
    for label, column in (("RSS MiB after last", 1), ("peak RSS MiB", 2)):
        line = f"{label:<30}"
        for server in servers:
            value = rss.get(server)
            line += f"{value[column - 1] / 1024:>{width}.1f}" if value else f"{'-':>{width}}"
        print(line)
    if "nginx" in rss:
        print(f"{'':<30}(nginx: summed over master and {rss['nginx'][2] - 1} workers)")


def bench_line(name, ours, unit, peer, peer_value, ratio, goal_text, met) -> str:
    return (
        f"BENCH {name} {ours} {unit} | {peer} {peer_value} {unit} | ratio {ratio:.2f} | "
        f"goal {goal_text} | {'met' if met else 'NOT met'}"
    )


def report(args) -> int:
    cells, endpoints, connections = load_results(Path(args.results))
    rss = {}
    rss_path = Path(args.rss)
    if rss_path.exists():
        for line in rss_path.read_text().splitlines():
            server, vmrss, vmhwm, processes = line.split("\t")
            rss[server] = (int(vmrss), int(vmhwm), int(processes))
    servers = [s for s in SERVERS if any(key[0] == s for key in cells)]

    print_table(cells, servers, endpoints, connections, rss)

    for (server, endpoint, conns), cell in sorted(cells.items()):
        for note in cell.flagged:
            print(f"WARNING: errors in {server} {endpoint} {conns}c {note}")
    for (server, endpoint, conns), cell in sorted(cells.items()):
        rates = ", ".join(f"{run.requests_per_second:,.0f}" for run in cell.runs)
        print(f"runs {server:<12} {endpoint:<8} {conns:>4}c req/s: {rates}")
    print()

    if OURS not in servers:
        print(f"BENCH lines skipped: no figures for {OURS} (see above)")
        return 0

    goal_c = args.goal_connections
    if goal_c not in connections:
        print(f"BENCH lines skipped: the goals are set at {goal_c} connections, which were not run")
        return 0
    for endpoint in endpoints:
        ours = cells.get((OURS, endpoint, goal_c))
        if not ours or not ours.runs:
            continue
        ours_errors = bool(ours.flagged)
        ours_rps = ours.median("requests_per_second")
        ours_p99 = ours.median("p99_ms")
        prefix = f"http-{endpoint}-{goal_c}c"
        # Goals from the issue: at 256 connections at least 2x Hummingbird's requests/s with a
        # lower p99, and at least half of nginx's requests/s. A figure with errors is not met.
        for peer, goal in (("hummingbird", 2.0), ("nginx", 0.5)):
            cell = cells.get((peer, endpoint, goal_c))
            if not cell or not cell.runs:
                continue
            peer_rps = cell.median("requests_per_second")
            ratio = ours_rps / peer_rps
            print(bench_line(f"{prefix}-rps", f"{ours_rps:.0f}", "req/s", peer, f"{peer_rps:.0f}",
                             ratio, f">={goal:g}", ratio >= goal and not ours_errors))
        cell = cells.get(("hummingbird", endpoint, goal_c))
        if cell and cell.runs:
            peer_p99 = cell.median("p99_ms")
            ratio = ours_p99 / peer_p99
            print(bench_line(f"{prefix}-p99", f"{ours_p99:.2f}", "ms", "hummingbird",
                             f"{peer_p99:.2f}", ratio, "<1", ratio < 1 and not ours_errors))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    conf = commands.add_parser("nginx-conf")
    conf.add_argument("prefix")
    conf.add_argument("port", type=int)
    conf.add_argument("healthz_body")
    conf.add_argument("healthz_type")
    conf.add_argument("version_body")
    conf.add_argument("version_type")

    parse = commands.add_parser("parse")
    parse.add_argument("wrk_output")

    rep = commands.add_parser("report")
    rep.add_argument("results")
    rep.add_argument("rss")
    rep.add_argument("--goal-connections", type=int, default=256)

    args = parser.parse_args()
    if args.command == "nginx-conf":
        routes = [
            ("/healthz", Path(args.healthz_body).read_bytes(), args.healthz_type),
            ("/version", Path(args.version_body).read_bytes(), args.version_type),
        ]
        sys.stdout.write(nginx_conf(args.prefix, args.port, routes))
        return 0
    if args.command == "parse":
        run = parse_wrk(Path(args.wrk_output).read_text())
        for key in ("requests_per_second", "p50_ms", "p99_ms", "requests", "socket_errors", "non_2xx"):
            print(f"{key}={getattr(run, key)}")
        return 0
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
