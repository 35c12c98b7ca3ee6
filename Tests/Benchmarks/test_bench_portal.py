"""Checks of bench_portal.py, and of what it added to swift_sql.py and pgbench_comparison.py, on
literal Swift source, HTML, response headers and benchmark outputs; run with
`python3 -m unittest discover -s Tests/Benchmarks -p 'test_*.py'`."""

import contextlib
import hashlib
import io
import re
import tempfile
import unittest
from pathlib import Path

import bench_portal
import pgbench_comparison
import swift_sql

ROOT = Path(__file__).resolve().parents[2]

# Two types with a `columns` each, as Sessions.swift and LoginAccount.swift have: a bare
# interpolation is the constant's own type's, a qualified one the named type's.
SWIFT = '''
// struct Decoy { — braces and declarations in comments and strings must not count.
struct Account {
    static let note = "a } in a string"
    // and a } in a comment
    static let columns = "u.id, u.email"
}

enum Sessions {
    static let columns = "id, user_id"
    static let listSQL = "SELECT \\(columns) FROM sessions"
    static let authenticateSQL = """
        SELECT s.id, \\(Account.columns)
        FROM sessions s JOIN users u ON u.id = s.user_id
        """
    static let pageSize = 25
    static let bigLimit: Int = 1_000
    static let derived = pageSize + 1
}
'''

LOGIN_FORM = '''<form class="form" method="post" action="/login">
    <input type="hidden" name="_csrf" value="abc-DEF_123&amp;x">
    <button class="button" type="submit">Sign in</button>
  </form>'''

EXPECTED = bench_portal.Expected(name="Bench & Partner", slug="bench-001", active=950, suspended=50,
                                 activity_count=2, page_size=2)

BRAND = '<span class="brand__name">Bench &amp; Partner</span>'

DASHBOARD = f'''{BRAND}
<dl class="figure"><dt>Active customers</dt><dd>950</dd></dl>
<dl class="figure"><dt>Suspended</dt><dd>50</dd></dl>
<dl class="figure"><dt>Platform cost</dt><dd>EUR 11,875.00</dd></dl>
<li><span class="activity__when">2026-11-22 14:50</span> system <code>customer.create</code></li>
<li><span class="activity__when">2026-11-22 14:49</span> system <code>customer.create</code></li>
'''

CUSTOMERS = f'''{BRAND}
<th scope="row"><a href="/customers/01a203bd-1795-70de-a487-814129b2862b">Customer 1 of bench-001</a></th>
<th scope="row"><a href="/customers/01a203bd-1795-70de-a487-814129b2862c">Customer 2 of bench-001</a></th>
<a href="/customers?after=01a203bd-1795-70de-a487-814129b2862c" rel="next">Next page</a>
'''


class ReadsSwiftConstantsByType(unittest.TestCase):
    def test_a_bare_interpolation_is_the_own_types_and_a_qualified_one_the_named_types(self):
        constants = swift_sql.swift_string_constants(SWIFT)
        self.assertEqual(swift_sql.resolve("Sessions.listSQL", constants), "SELECT id, user_id FROM sessions")
        self.assertEqual(swift_sql.resolve("Sessions.authenticateSQL", constants),
                         "SELECT s.id, u.id, u.email\nFROM sessions s JOIN users u ON u.id = s.user_id")

    def test_braces_and_keywords_in_comments_and_strings_do_not_change_the_owner(self):
        constants = swift_sql.swift_string_constants(SWIFT)
        self.assertEqual(constants["Account.note"].raw, "a } in a string")
        self.assertEqual(constants["columns"].owner, "Account")
        self.assertEqual(constants["Sessions.columns"].owner, "Sessions")
        self.assertNotIn("Decoy.columns", constants)

    def test_fails_loudly_for_a_type_that_has_no_such_constant(self):
        constants = swift_sql.swift_string_constants('enum A {\n    static let sql = "SELECT \\(B.columns)"\n}\n')
        with self.assertRaisesRegex(ValueError, "no string constant 'B.columns'"):
            swift_sql.resolve("A.sql", constants)

    def test_reads_whole_number_literals_and_refuses_expressions(self):
        self.assertEqual(swift_sql.swift_int_constant(SWIFT, "pageSize"), 25)
        self.assertEqual(swift_sql.swift_int_constant(SWIFT, "bigLimit"), 1000)
        with self.assertRaisesRegex(ValueError, "not a whole-number literal"):
            swift_sql.swift_int_constant(SWIFT, "derived")
        with self.assertRaisesRegex(ValueError, "no constant 'gone'"):
            swift_sql.swift_int_constant(SWIFT, "gone")

    def test_writes_a_string_literal_with_its_quotes_doubled(self):
        self.assertEqual(swift_sql.sql_literal("it's"), "'it''s'")
        self.assertEqual(swift_sql.sql_literal(""), "''")


class WritesThePagesScriptsFromTheSources(unittest.TestCase):
    def script(self, page):
        return bench_portal.page_script(ROOT, page)

    def test_every_page_passes_the_gate_in_one_transaction(self):
        for page in ("dashboard", "customers"):
            with self.subTest(page=page):
                script = self.script(page)
                self.assertIn("FROM partner_for_host(:slug, :host) \\gset site_\n", script)
                self.assertEqual(script.count("set_config('app.partner_id', :site_id, true)"), 1)
                self.assertIn("set_config('role', 'none', true)", script)
                self.assertIn("s.token_hash = :session_hash;", script)
                self.assertNotRegex(script, r"\$\d")
                self.assertTrue(script.startswith("--") and "\nBEGIN;\n" in script and script.endswith("COMMIT;\n"))

    def test_the_session_lookup_reads_the_users_account_not_the_sessions_columns_twice(self):
        authenticate = re.search(r"Sessions.authenticateSQL\n(.*?);", self.script("customers"), re.DOTALL).group(1)
        self.assertIn("u.password_hash, p.status, c.status", authenticate)
        self.assertNotIn("user_agent", authenticate)

    def test_the_dashboard_reads_counts_tiers_wholesale_price_and_recent_changes(self):
        script = self.script("dashboard")
        activity = bench_portal.constant(ROOT, "activity_count")
        self.assertIn(f"\\set activity_limit {activity}\n", script)
        for statement in ("Customers.tierCountsSQL", "Tiers.listSQL", "WholesalePrices.currentSQL", "AuditLog.listSQL"):
            self.assertIn(f": {statement}\n", script)
        self.assertIn("LIMIT :activity_limit;", script)
        self.assertIn("effective_from <= :today::date", script)

    def test_the_customer_list_fetches_one_more_than_a_page_then_the_tier_names(self):
        script = self.script("customers")
        self.assertIn(f"\\set page_fetch_limit {bench_portal.constant(ROOT, 'page_size') + 1}\n", script)
        self.assertIn("ORDER BY id LIMIT :page_fetch_limit;", script)
        self.assertLess(script.index("Customers.listSQL"), script.index("Tiers.namesSQL"))
        self.assertNotIn("Tiers.listSQL", script)

    def test_reads_the_cookie_names_from_the_sources(self):
        self.assertRegex(bench_portal.cookie_name(ROOT, "session_cookie"), r"^[a-z_]+$")
        self.assertRegex(bench_portal.cookie_name(ROOT, "login_csrf_cookie"), r"^[a-z_]+$")


class SignsInLikeABrowser(unittest.TestCase):
    def test_takes_the_forms_token_unescaped(self):
        self.assertEqual(bench_portal.csrf_token(LOGIN_FORM), "abc-DEF_123&x")
        with self.assertRaisesRegex(ValueError, "no _csrf"):
            bench_portal.csrf_token("<form></form>")

    def test_takes_the_cookie_the_last_response_set_and_ignores_a_deletion(self):
        headers = ("HTTP/1.1 100 Continue\r\n\r\n"
                   "HTTP/1.1 303 See Other\r\nLocation: /\r\n"
                   "set-cookie: cp_session=Zm9v; Path=/; HttpOnly; SameSite=Lax\r\n"
                   "Set-Cookie: cp_csrf=; Max-Age=0; Path=/\r\n\r\n")
        self.assertEqual(bench_portal.set_cookie(headers, "cp_session"), "Zm9v")
        self.assertIsNone(bench_portal.set_cookie(headers, "cp_csrf"))
        self.assertIsNone(bench_portal.set_cookie(headers, "cp_other"))

    def test_hashes_the_cookies_decoded_bytes_as_tenancy_stores_them(self):
        cookie = "A" * 43  # 32 zero bytes, unpadded base64url
        self.assertEqual(bench_portal.session_hash(cookie), "\\x" + hashlib.sha256(bytes(32)).hexdigest())
        for wrong in ("A" * 42, "A" * 43 + "=", "A" * 42 + "+"):
            with self.subTest(cookie=wrong), self.assertRaises(ValueError):
                bench_portal.session_hash(wrong)


class ChecksThePagesBeforeMeasuring(unittest.TestCase):
    def test_accepts_the_partners_full_pages(self):
        self.assertIsNone(bench_portal.check_dashboard(DASHBOARD, EXPECTED))
        self.assertIsNone(bench_portal.check_customer_list(CUSTOMERS, EXPECTED))

    def test_refuses_another_brand(self):
        other = DASHBOARD.replace("Bench &amp; Partner", "Other partner")
        self.assertRegex(bench_portal.check_dashboard(other, EXPECTED), "does not name")

    def test_refuses_a_dashboard_missing_what_a_statement_feeds(self):
        self.assertRegex(bench_portal.check_dashboard(DASHBOARD.replace("<dd>950</dd>", "<dd>949</dd>"), EXPECTED),
                         "'Active customers' is not 950")
        self.assertRegex(bench_portal.check_dashboard(DASHBOARD.replace("Platform cost", "Cost"), EXPECTED),
                         "wholesale price")
        one_change = DASHBOARD.replace('<span class="activity__when">2026-11-22 14:49</span>', "")
        self.assertRegex(bench_portal.check_dashboard(one_change, EXPECTED), "1 recent changes listed, not 2")

    def test_refuses_a_short_list_a_strangers_customer_or_no_next_page(self):
        short = CUSTOMERS.replace("Customer 2 of bench-001</a></th>", "</a>")
        self.assertRegex(bench_portal.check_customer_list(short, EXPECTED), "1 customer rows, not 2")
        stranger = CUSTOMERS.replace("Customer 2 of bench-001", "Customer 2 of bench-002")
        self.assertRegex(bench_portal.check_customer_list(stranger, EXPECTED), "another partner")
        self.assertRegex(bench_portal.check_customer_list(CUSTOMERS.replace('rel="next"', ""), EXPECTED), "next page")


PGBENCH_OUTPUT = """number of transactions actually processed: 4
number of failed transactions: 0 (0.000%)
tps = {tps:.6f} (without initial connection time)
"""


class ReportsBothPages(unittest.TestCase):
    def results(self, folder, name, wrk_rps, pgbench_tps, non_2xx=0):
        wrk = folder / f"{name}-wrk.txt"
        wrk.write_text(
            "  Latency Distribution\n     50%   10.00ms\n     99%   60.00ms\n  3000 requests in 10.00s, 9.00MB read\n"
            + (f"  Non-2xx or 3xx responses: {non_2xx}\n" if non_2xx else "") + f"Requests/sec:  {wrk_rps:.2f}\n")
        pgbench = folder / f"{name}-pgbench.txt"
        pgbench.write_text(PGBENCH_OUTPUT.format(tps=pgbench_tps))
        (folder / name).mkdir()
        (folder / name / "pgbench_log.1").write_text("0 0 5000 0 1 1\n0 1 30000 0 1 2\n")
        results = folder / f"{name}.tsv"
        results.write_text(f"wrk\t1\t{wrk}\t30\t100\npgbench\t1\t{pgbench}\t{folder / name}/pgbench_log\n")
        return results

    def report(self, customers_non_2xx=0):
        temporary = tempfile.TemporaryDirectory()
        self.addCleanup(temporary.cleanup)
        folder = Path(temporary.name)
        dashboard = self.results(folder, "dashboard", 400, 1000)
        customers = self.results(folder, "customers", 300, 1000, customers_non_2xx)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = pgbench_comparison.report([("portal_dashboard", dashboard), ("portal_customers", customers)], 0.4)
        return status, out.getvalue()

    def test_ends_with_the_four_bench_lines_each_page_judged_on_its_own(self):
        status, out = self.report()
        self.assertEqual(status, 0)
        self.assertEqual(out.strip().splitlines()[-4:], [
            "BENCH portal_dashboard_rps 400 req/s | pgbench 1000 tx/s | ratio 0.40 | goal 0.4 | met",
            "BENCH portal_dashboard_p99 60.00 ms | pgbench 30.00 ms | ratio 2.00 | goal - | -",
            "BENCH portal_customers_rps 300 req/s | pgbench 1000 tx/s | ratio 0.30 | goal 0.4 | NOT met",
            "BENCH portal_customers_p99 60.00 ms | pgbench 30.00 ms | ratio 2.00 | goal - | -",
        ])
        self.assertLess(out.index("portal_dashboard\n"), out.index("portal_customers\n"))
        # 30 ticks at 100 per second over 3,000 requests.
        self.assertRegex(out, r"server CPU us/request +100 ")

    def test_a_page_with_errors_meets_no_goal_and_fails_the_report(self):
        status, out = self.report(customers_non_2xx=5)
        self.assertEqual(status, 1)
        self.assertIn("ERROR: portal_customers: wrk saw 5 socket errors or non-2xx responses", out)
        self.assertIn("portal_dashboard_rps 400 req/s | pgbench 1000 tx/s | ratio 0.40 | goal 0.4 | met", out)


if __name__ == "__main__":
    unittest.main()
