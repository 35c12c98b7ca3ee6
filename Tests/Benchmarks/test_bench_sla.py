"""Unit tests of bench_sla.py: the generated month and the figures it reports."""

import json
import tempfile
import unittest
from pathlib import Path

import bench_sla


class GeneratedMonthTests(unittest.TestCase):
    customers = [bench_sla.Customer(f"p{i}", f"c{i}", f"e{i}") for i in range(3)]

    def rows(self, first, count, total=1000):
        return list(bench_sla.message_rows(self.customers, "2026-02", first, count, total))

    def test_messages_are_the_same_in_every_run_and_round_robin_over_customers(self):
        self.assertEqual(self.rows(10, 5), self.rows(10, 5))
        self.assertEqual([message[2] for message, _ in self.rows(0, 4)], ["c0", "c1", "c2", "c0"])

    def test_outcomes_follow_the_stated_mix_and_stay_inside_the_month(self):
        rows = self.rows(0, 1000)
        statuses = [message[7] for message, _ in rows]
        self.assertEqual((statuses.count("delivered"), statuses.count("exception"), statuses.count("dead")), (985, 10, 5))
        finished = max(message[17] for message, _ in rows)
        self.assertLess(finished, "2026-03-01")
        self.assertTrue(all(attempt[1] == message[1] and attempt[6] == message[7] for message, attempt in rows))


class ReportTests(unittest.TestCase):
    def test_nearest_rank_percentiles(self):
        values = sorted(float(v) for v in range(1, 101))
        self.assertEqual(bench_sla.percentile(values, 0.99), 99.0)
        self.assertEqual(bench_sla.percentile(values, 0.5), 50.0)

    def test_a_bench_line_is_met_only_under_the_goal(self):
        self.assertTrue(bench_sla.bench_line("x", 99.0, "scan", 990.0, 100).endswith("| goal <=100 ms | met"))
        self.assertTrue(bench_sla.bench_line("x", 101.0, "scan", 990.0, 100).endswith("| NOT met"))

    def test_the_report_prints_growth_lines_for_two_stages(self):
        stage = {"report": [10.0] * 10, "at_risk": [50.0] * 10, "scan_report": [30.0] * 5, "scan_at_risk": [900.0] * 5,
                 "fold_events": 100, "fold_seconds": 1.0}
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "results.json"
            path.write_text(json.dumps({"stages": [dict(stage, messages=1000), dict(stage, messages=10000)]}))
            from io import StringIO
            from contextlib import redirect_stdout
            output = StringIO()
            with redirect_stdout(output):
                bench_sla.report([str(path)])
        lines = [line for line in output.getvalue().splitlines() if line.startswith("BENCH ")]
        self.assertEqual(len(lines), 6)
        self.assertIn("BENCH sla-month-report-p99-at-10x-messages 10.0 ms", lines[4])
        self.assertTrue(lines[4].endswith("ratio 1.00 | goal <=1.50 | met"))


if __name__ == "__main__":
    unittest.main()
