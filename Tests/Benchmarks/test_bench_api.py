"""Checks of bench_api.py on literal Swift source and pgbench output; run with
`python3 -m unittest discover -s Tests/Benchmarks -p 'test_*.py'`."""

import contextlib
import io
import tempfile
import unittest
from pathlib import Path

import bench_api

SWIFT = '''
enum Things {
    static let columns = "id, name"
    static let listSQL = """
        SELECT \\(columns) FROM things
        WHERE owner = $1 AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3
        """
}
'''

PGBENCH_OUTPUT = """pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: customers.pgbench
number of clients: 64
number of threads: 2
duration: 10 s
number of transactions actually processed: 4
number of failed transactions: 0 (0.000%)
latency average = 20.000 ms
initial connection time = 80.000 ms
tps = 3200.123456 (without initial connection time)
"""


class ReadsSwiftConstants(unittest.TestCase):
    def test_resolves_interpolated_constants_and_strips_the_closing_indentation(self):
        constants = bench_api.swift_string_constants(SWIFT)
        self.assertEqual(
            bench_api.resolve("listSQL", constants),
            "SELECT id, name FROM things\nWHERE owner = $1 AND ($2::uuid IS NULL OR id > $2)\nORDER BY id LIMIT $3")

    def test_fails_loudly_when_the_constant_is_gone(self):
        with self.assertRaisesRegex(ValueError, "no string constant 'renamedSQL'"):
            bench_api.resolve("renamedSQL", bench_api.swift_string_constants(SWIFT))

    def test_refuses_an_interpolated_expression(self):
        constants = bench_api.swift_string_constants('static let sql = "SELECT \\(a + b)"')
        with self.assertRaisesRegex(ValueError, "cannot evaluate"):
            bench_api.resolve("sql", constants)

    def test_substitutes_every_parameter_and_refuses_a_missing_or_unused_one(self):
        sql = "WHERE a = $1 AND b > $1 AND c = $10"
        self.assertEqual(bench_api.substitute_parameters(sql, {1: ":a", 10: "NULL::uuid"}, "q"),
                         "WHERE a = :a AND b > :a AND c = NULL::uuid")
        with self.assertRaisesRegex(ValueError, r"\$10 has no value"):
            bench_api.substitute_parameters(sql, {1: ":a"}, "q")
        with self.assertRaisesRegex(ValueError, r"no \$2"):
            bench_api.substitute_parameters(sql, {1: ":a", 2: ":b", 10: ":c"}, "q")

    def test_the_real_sources_give_a_script_with_the_three_statements(self):
        root = Path(__file__).resolve().parents[2]
        script = bench_api.pgbench_script(root)
        self.assertIn("FROM api_token_owner(:token_hash) o \\gset owner_", script)
        self.assertIn("t.token_hash = :token_hash;", script)
        self.assertIn("LIMIT :fetch_limit;", script)
        self.assertNotRegex(script, r"\$\d")
        self.assertTrue(script.startswith("--") and "\nBEGIN;\n" in script and script.endswith("COMMIT;\n"))


class HashesTokensAsTenancyDoes(unittest.TestCase):
    def test_hashes_the_text_not_the_decoded_bytes(self):
        # sha256("abc"), FIPS 180-2 appendix B.1.
        self.assertEqual(bench_api.token_hash("abc"),
                         "\\xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


class ReadsPgbench(unittest.TestCase):
    def write_logs(self, lines_per_file):
        temporary = tempfile.TemporaryDirectory()
        self.addCleanup(temporary.cleanup)
        prefix = Path(temporary.name) / "pgbench_log"
        for index, lines in enumerate(lines_per_file):
            suffix = "" if index == 0 else f".{index}"
            Path(f"{prefix}.4242{suffix}").write_text("".join(f"{line}\n" for line in lines))
        return str(prefix)

    def test_takes_the_rate_from_the_summary_and_percentiles_from_every_thread_log(self):
        prefix = self.write_logs([
            ["0 0 1000 0 1700000000 1", "1 0 3000 0 1700000000 2"],
            ["2 0 2000 0 1700000000 3", "3 0 90000 0 1700000000 4"],
        ])
        run = bench_api.parse_pgbench(PGBENCH_OUTPUT, prefix)
        self.assertEqual(run.transactions_per_second, 3200.123456)
        self.assertEqual(run.p50_ms, 2.0)
        self.assertEqual(run.p99_ms, 90.0)
        self.assertEqual(run.failed, 0)

    def test_counts_failed_transactions_in_the_log(self):
        prefix = self.write_logs([["0 0 1000 0 1700000000 1", "1 0 failed 0 1700000000 2"]])
        self.assertEqual(bench_api.parse_pgbench(PGBENCH_OUTPUT, prefix).failed, 1)

    def test_refuses_output_without_a_rate(self):
        with self.assertRaises(ValueError):
            bench_api.parse_pgbench("pgbench: error: connection refused\n", "/nonexistent/log")


class ReportsTheGoal(unittest.TestCase):
    def report(self, wrk_rps, pgbench_tps):
        temporary = tempfile.TemporaryDirectory()
        self.addCleanup(temporary.cleanup)
        folder = Path(temporary.name)
        wrk = folder / "wrk.txt"
        wrk.write_text(
            "Running 10s test @ http://127.0.0.1:1/api/v1/customers\n  Latency Distribution\n"
            "     50%    9.00ms\n     99%   40.00ms\n  30000 requests in 10.00s, 9.00MB read\n"
            f"Requests/sec:  {wrk_rps:.2f}\n")
        pgbench = folder / "pgbench.txt"
        pgbench.write_text(PGBENCH_OUTPUT.replace("3200.123456", f"{pgbench_tps:.6f}"))
        (folder / "log").mkdir()
        Path(f"{folder}/log/pgbench_log.1").write_text("0 0 5000 0 1 1\n0 1 20000 0 1 2\n")
        (folder / "results.tsv").write_text(
            f"wrk\t1\t{wrk}\t800\t100\npgbench\t1\t{pgbench}\t{folder}/log/pgbench_log\n")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = bench_api.report(folder / "results.tsv", 0.5)
        return status, out.getvalue()

    def test_meets_the_goal_at_half_of_pgbench(self):
        status, out = self.report(1600, 3200)
        self.assertEqual(status, 0)
        self.assertIn("BENCH api_customers_rps 1600 req/s | pgbench 3200 tx/s | ratio 0.50 | goal 0.5 | met", out)
        self.assertIn("BENCH api_customers_p99 40.00 ms | pgbench 20.00 ms | ratio 2.00 | goal - | -", out)
        # 800 ticks at 100 per second over 30,000 requests.
        self.assertRegex(out, r"server CPU us/request +267 ")

    def test_misses_the_goal_below_half(self):
        _, out = self.report(1500, 3200)
        self.assertIn("ratio 0.47 | goal 0.5 | NOT met", out)


if __name__ == "__main__":
    unittest.main()
