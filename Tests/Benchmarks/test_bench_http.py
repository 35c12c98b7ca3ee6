"""Checks of bench_http.py on literal wrk output; run with
`python3 -m unittest discover -s Tests/Benchmarks -p 'test_*.py'`."""

import contextlib
import io
import tempfile
import unittest
from pathlib import Path
from types import SimpleNamespace

import bench_http

CLEAN_RUN = """Running 8s test @ http://127.0.0.1:40339/healthz
  2 threads and 256 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.21ms    3.10ms  41.00ms   80.00%
    Req/Sec    20.10k     2.00k   25.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    1.47ms
     90%    5.62ms
     99%    1.02s
  320000 requests in 8.01s, 30.00MB read
Requests/sec:  39950.06
Transfer/sec:      3.75MB
"""

RUN_WITH_ERRORS = """Running 1s test @ http://127.0.0.1:18557/nope
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.12ms    4.09ms  32.00ms   90.76%
    Req/Sec     4.67k     1.66k    6.78k    60.00%
  Latency Distribution
     50%  599.00us
     75%    1.47ms
     90%    5.62ms
     99%   22.07ms
  9325 requests in 1.01s, 746.73KB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 9325
Requests/sec:   9238.16
Transfer/sec:    739.77KB
"""


def with_rate(text: str, rps: float, p99: str) -> str:
    text = text.replace("Requests/sec:  39950.06", f"Requests/sec:  {rps:.2f}")
    text = text.replace("Requests/sec:   9238.16", f"Requests/sec:  {rps:.2f}")
    return text.replace("99%    1.02s", f"99%    {p99}").replace("99%   22.07ms", f"99%    {p99}")


class ParsesWrkOutput(unittest.TestCase):
    def test_converts_every_latency_unit_to_milliseconds(self):
        run = bench_http.parse_wrk(CLEAN_RUN)
        self.assertEqual(run.requests_per_second, 39950.06)
        self.assertAlmostEqual(run.p50_ms, 0.812)
        self.assertAlmostEqual(run.p99_ms, 1020.0)
        self.assertEqual(run.requests, 320000)
        self.assertEqual(run.errors, 0)

    def test_counts_socket_errors_and_non_2xx_responses(self):
        run = bench_http.parse_wrk(RUN_WITH_ERRORS)
        self.assertEqual(run.socket_errors, 5)
        self.assertEqual(run.non_2xx, 9325)
        self.assertEqual(run.errors, 9330)

    def test_rejects_output_without_a_summary(self):
        with self.assertRaises(ValueError):
            bench_http.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


class QuotesBodiesForNginx(unittest.TestCase):
    def test_escapes_quotes_backslashes_and_control_characters(self):
        quoted, dollar = bench_http.nginx_string(b'{"a":"b\\c"}\n\t\r')
        self.assertEqual(quoted, r'"{\"a\":\"b\\c\"}\n\t\r"')
        self.assertFalse(dollar)

    def test_spells_a_dollar_through_the_geo_variable(self):
        quoted, dollar = bench_http.nginx_string(b"cost $5")
        self.assertEqual(quoted, '"cost ${bench_dollar}5"')
        self.assertTrue(dollar)
        conf = bench_http.nginx_conf("/tmp/x", 8080, [("/healthz", b"$", "text/plain")])
        self.assertIn('geo $bench_dollar { default "$"; }', conf)


class ReportsGoals(unittest.TestCase):
    def report(self, runs):
        """runs: (server, rps, p99, text) at 256 connections on /healthz; returns the output."""
        temporary = tempfile.TemporaryDirectory()
        self.addCleanup(temporary.cleanup)
        folder = Path(temporary.name)
        lines = []
        for index, (server, rps, p99, text) in enumerate(runs):
            wrk_file = folder / f"{index}.txt"
            wrk_file.write_text(with_rate(text, rps, p99))
            lines.append(f"{server}\thealthz\t256\t{index}\t{wrk_file}\t800\t100\n")
        (folder / "results.tsv").write_text("".join(lines))
        (folder / "rss.tsv").write_text("counterpart\t20480\t21504\t1\nnginx\t18000\t18000\t3\n")
        args = SimpleNamespace(results=folder / "results.tsv", rss=folder / "rss.tsv", goal_connections=256)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            bench_http.report(args)
        return out.getvalue()

    def test_meets_goals_with_medians_of_clean_runs(self):
        out = self.report([
            ("counterpart", 100000, "2.00ms", CLEAN_RUN),
            ("hummingbird", 40000, "6.00ms", CLEAN_RUN),
            ("nginx", 110000, "1.50ms", CLEAN_RUN),
        ])
        self.assertIn(
            "BENCH http-healthz-256c-rps 100000 req/s | hummingbird 40000 req/s | ratio 2.50 | goal >=2 | met",
            out)
        self.assertIn("| nginx 110000 req/s | ratio 0.91 | goal >=0.5 | met", out)
        self.assertIn(
            "BENCH http-healthz-256c-p99 2.00 ms | hummingbird 6.00 ms | ratio 0.33 | goal <1 | met", out)

    def test_a_figure_whose_runs_had_errors_is_flagged_and_not_met(self):
        out = self.report([
            ("counterpart", 100000, "2.00ms", RUN_WITH_ERRORS),
            ("hummingbird", 40000, "6.00ms", CLEAN_RUN),
        ])
        self.assertIn("WARNING: errors in counterpart healthz 256c", out)
        self.assertIn("1/1 !", out)
        self.assertIn("ratio 2.50 | goal >=2 | NOT met", out)

    def test_misses_the_goal_when_slower_than_twice_hummingbird(self):
        out = self.report([
            ("counterpart", 70000, "7.00ms", CLEAN_RUN),
            ("hummingbird", 40000, "6.00ms", CLEAN_RUN),
        ])
        self.assertIn("ratio 1.75 | goal >=2 | NOT met", out)
        self.assertIn("ratio 1.17 | goal <1 | NOT met", out)


if __name__ == "__main__":
    unittest.main()
