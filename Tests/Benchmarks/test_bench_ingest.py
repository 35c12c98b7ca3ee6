"""Checks of bench_ingest.py on literal wrk and pgbench output and on the deliveries it signs;
run with `python3 -m unittest discover -s Tests/Benchmarks -p 'test_*.py'`."""

import base64
import contextlib
import hashlib
import hmac
import io
import json
import tempfile
import unittest
from pathlib import Path

import bench_ingest

FIXTURE = Path(__file__).resolve().parent.parent / "FlowsTests" / "Fixtures" / "order.created-webhook3.json"

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:1/hooks/cph_x
  Latency Distribution
     50%    9.10ms
     75%   12.00ms
     90%   20.00ms
     99%   {p99}
  30000 requests in 10.00s, 3.00MB read
answers: {accepted} accepted (202), {other} other
"""

PGBENCH_OUTPUT = """number of failed transactions: 0 (0.000%)
latency average = 4.000 ms
tps = 4000.5 (without initial connection time)
"""


class SignsDeliveries(unittest.TestCase):
    def test_each_line_is_a_different_order_signed_as_woocommerce_signs(self):
        with tempfile.TemporaryDirectory() as folder:
            prefix = f"{folder}/d"
            bench_ingest.deliveries(prefix, 2, 3, 100, "secret", FIXTURE)
            lines = [line.rstrip("\n") for n in (0, 1) for line in open(f"{prefix}-{n}.txt", encoding="utf-8")]
        ids = set()
        for line in lines:
            signature, body = line.split("\t")
            expected = base64.b64encode(hmac.new(b"secret", body.encode(), hashlib.sha256).digest()).decode()
            self.assertEqual(signature, expected)
            order = json.loads(body)
            self.assertEqual(order["number"], str(order["id"]))
            ids.add(order["id"])
        self.assertEqual(ids, set(range(100, 106)))


class Reports(unittest.TestCase):
    def write_runs(self, folder, p99="30.00ms", accepted=30000, other=0, stored=30000):
        (Path(folder) / "wrk.txt").write_text(WRK_OUTPUT.format(p99=p99, accepted=accepted, other=other))
        (Path(folder) / "pgbench.txt").write_text(PGBENCH_OUTPUT)
        results = Path(folder) / "results.tsv"
        results.write_text(f"ingest\t1\t10\t{stored}\t{folder}/wrk.txt\npgbench\t1\t{folder}/pgbench.txt\n")
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = bench_ingest.report(results)
        return status, output.getvalue()

    def test_counts_durable_messages_per_second_against_the_commit_limit(self):
        with tempfile.TemporaryDirectory() as folder:
            status, output = self.write_runs(folder, p99="30.00ms", stored=45000, accepted=45000)
        self.assertEqual(status, 0)
        self.assertIn("BENCH ingest-accepted-durably 4500 deliveries/s | pgbench-insert-1-row-per-commit-16-clients 4000 tx/s "
                      "| ratio 1.12 | goal >=1.00 with p99 < 50 ms | met", output)
        self.assertIn("BENCH ingest-p99 30.0 ms", output)

    def test_a_slow_p99_misses_the_goal(self):
        with tempfile.TemporaryDirectory() as folder:
            _, output = self.write_runs(folder, p99="1.20s", stored=45000, accepted=45000)
        self.assertIn("BENCH ingest-p99 1200.0 ms", output)
        self.assertTrue(all(line.endswith("NOT met") for line in output.splitlines() if line.startswith("BENCH")))

    def test_answers_that_were_not_202_or_not_stored_are_problems(self):
        with tempfile.TemporaryDirectory() as folder:
            status, output = self.write_runs(folder, accepted=29000, other=1000, stored=28000)
        self.assertEqual(status, 1)
        self.assertIn("1000 answers were not 202", output)
        self.assertIn("29000 answers of 202 but only 28000 new messages", output)

    def test_deliveries_stored_after_wrk_stopped_listening_are_no_problem(self):
        with tempfile.TemporaryDirectory() as folder:
            status, output = self.write_runs(folder, accepted=45000, stored=45040)
        self.assertEqual(status, 0)
        self.assertIn("BENCH ingest-accepted-durably 4500 deliveries/s", output)


if __name__ == "__main__":
    unittest.main()
