#!/usr/bin/env python3
"""Helper for Tests/Benchmarks/bench-portal.sh: writes the two pages' pgbench scripts from the SQL
constants in the Swift sources, reads the log-in form and the session cookie, checks the pages
before they are measured, and prints the side-by-side tables and the machine-readable BENCH lines.

  bench_portal.py pgbench-script ROOT PAGE       dashboard or customers, on standard output
  bench_portal.py constant ROOT NAME             a figure the pages use (activity_count, page_size)
                                                 or a cookie's name (session_cookie, login_csrf_cookie)
  bench_portal.py csrf-token HTML_FILE           the log-in form's _csrf value
  bench_portal.py set-cookie HEADERS_FILE NAME   the value a response (curl -D) set for NAME
  bench_portal.py session-hash COOKIE            \\x<sha-256 of the cookie's decoded bytes>
  bench_portal.py check-page PAGE HTML_FILE --root ROOT --name N --slug S --active A --suspended S
                                                 exit 1 unless the page is the partner's, in full
  bench_portal.py report --goal 0.4 METRIC=RESULTS_TSV ...

The Swift reader is swift_sql.py, the pgbench reading and the report pgbench_comparison.py (same
folder). Standard library only.
"""

import argparse
import base64
import hashlib
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pgbench_comparison import report
from swift_sql import Statement, module_constants, pgbench_script, resolve, sql_literal, swift_int_constant

# --------------------------------------------------------------------------------------------
# The pages' statements, taken from the Swift sources so the benchmark cannot drift from them.

DASHBOARD_SOURCE = "Sources/Portal/PortalRoutes+Dashboard.swift"
CUSTOMERS_SOURCE = "Sources/Portal/PortalRoutes+Customers.swift"
SCOPE_SOURCE = "Sources/Tenancy/TenantDatabase.swift"

# What every signed-in page sends first, in its one transaction (PortalRoutes.visit → inSite,
# authenticated, then the principal's scope). Values the server binds become pgbench variables,
# sent as parameters under -M extended: -D slug, -D host (the Host header without its port, as
# PartnerHost binds it), -D session_hash, and :site_id from the lookup's row (\gset). Two binds
# of TenantDatabase.enterScopeSQL are literals instead: the empty customer id and the partner
# role's name, both fixed — pgbench refuses an empty -D value, and set_config does the same work
# either way.
def _enter_scope(root: Path) -> Statement:
    role = resolve("TenantScope.partnerRole", module_constants(root, SCOPE_SOURCE))
    return Statement(SCOPE_SOURCE, "TenantDatabase.enterScopeSQL",
                     {1: ":site_id", 2: sql_literal(""), 3: sql_literal(role)})


def _gate(root: Path) -> list[Statement]:
    """The statements of the gate, in order. Left out: Sessions.touchSQL, the last_seen_at
    UPDATE, which runs at most once per SessionPolicy.lastSeenWriteInterval (a minute) per
    session, not per request; bench-portal.sh counts the writes to `sessions` during the run and
    stops if there are more."""
    return [
        # PortalRoutes.inSite: the host's partner through the security-definer lookup, then its scope.
        Statement("Sources/Tenancy/PartnerHost.swift", "PartnerHost.lookupSQL", {1: ":slug", 2: ":host"}, "\\gset site_"),
        _enter_scope(root),
        # PortalRoutes.authenticated → Sessions.authenticate: the session with its account.
        Statement("Sources/Tenancy/Sessions.swift", "Sessions.authenticateSQL", {1: ":site_id", 2: ":session_hash"}),
        # PortalRoutes.visit enters the principal's own scope only when it differs from the
        # partner's; a partner admin's does not.
    ]


# Figures the pages bind or show, by name: (source, constant).
CONSTANTS = {
    "activity_count": (DASHBOARD_SOURCE, "dashboardActivityCount"),
    "page_size": (CUSTOMERS_SOURCE, "customersPerPage"),
}
# The cookies' names over plain HTTP, by name: (source, constant).
COOKIE_NAMES = {
    "session_cookie": ("Sources/Portal/PortalSessionCookie.swift", "PortalSessionCookie.plainName"),
    "login_csrf_cookie": ("Sources/Portal/LoginCSRFCookie.swift", "LoginCSRFCookie.plainName"),
}


@dataclass(frozen=True)
class Page:
    """A measured page: its path, the statements its handler sends after the gate, and the
    limits it binds as (pgbench variable, name in CONSTANTS, amount added to the constant)."""

    path: str
    statements: tuple[Statement, ...]
    limits: tuple[tuple[str, str, int], ...]


_TIERS = Statement("Sources/Billing/Tiers.swift", "Tiers.listSQL", {1: ":site_id", 2: ":today"})

PAGES = {
    # PortalRoutes.dashboard for a partner admin: counts per tier, the tiers with today's terms,
    # the wholesale price in force (pricing:read), the latest audit entries (audit:read).
    "dashboard": Page("/", (
        Statement("Sources/Tenancy/Customers+TierCounts.swift", "Customers.tierCountsSQL", {1: ":site_id"}),
        _TIERS,
        Statement("Sources/Billing/WholesalePrices.swift", "WholesalePrices.currentSQL", {1: ":site_id", 2: ":today"}),
        # AuditFilter() lists everything: every filter NULL, typed as the statement casts it.
        Statement("Sources/Tenancy/AuditLog.swift", "AuditLog.listSQL", {
            1: "NULL::uuid", 2: "NULL::text", 3: "NULL::uuid", 4: "NULL::text", 5: "NULL::text", 6: "NULL::uuid",
            7: "NULL::timestamptz", 8: "NULL::timestamptz", 9: ":activity_limit"}),
    ), (("activity_limit", "activity_count", 0),)),
    # PortalRoutes.customerList, first page, no search: one more than a page tells whether
    # another follows; then the tier names (tierNames → Tiers.names).
    "customers": Page("/customers", (
        Statement("Sources/Tenancy/Customers.swift", "Customers.listSQL",
                  {1: ":site_id", 2: "NULL::uuid", 3: "NULL::uuid", 4: "NULL::text", 5: ":page_fetch_limit"}),
        Statement("Sources/Billing/Tiers.swift", "Tiers.namesSQL", {1: ":site_id"}),
    ), (("page_fetch_limit", "page_size", 1),)),
}


def constant(root: Path, name: str) -> int:
    """One of CONSTANTS, read from the sources under `root`."""
    path, swift_name = CONSTANTS[name]
    try:
        return swift_int_constant((root / path).read_text(), swift_name)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def cookie_name(root: Path, name: str) -> str:
    """One of COOKIE_NAMES, read from the sources under `root`."""
    path, swift_name = COOKIE_NAMES[name]
    try:
        return resolve(swift_name, module_constants(root, path))
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def page_script(root: Path, name: str) -> str:
    """The pgbench script of one request to page `name`: the gate, then the page's statements."""
    page = PAGES[name]
    preamble = tuple(f"\\set {variable} {constant(root, figure) + added}" for variable, figure, added in page.limits)
    return pgbench_script(root, [
        "Written by Tests/Benchmarks/bench_portal.py from the Swift sources named below; one",
        f"transaction = the statements one signed-in GET {page.path} sends (the session's",
        "once-a-minute last_seen_at UPDATE left out). Variables: -D slug=<partner slug>",
        "-D host=<Host without port> -D session_hash=<bytea hex> -D today=<YYYY-MM-DD, UTC>.",
    ], _gate(root) + list(page.statements), preamble)


# --------------------------------------------------------------------------------------------
# Signing in with curl, and checking the pages


def csrf_token(page: str) -> str:
    """The `_csrf` hidden field of the log-in form (partials/csrf.mustache)."""
    match = re.search(r'<input type="hidden" name="_csrf" value="([^"]+)">', page)
    if not match:
        raise ValueError("no _csrf field in the page")
    return html.unescape(match.group(1))


def set_cookie(headers: str, name: str) -> str | None:
    """The value the last response in `headers` (curl -D) set for cookie `name`; None when it set
    none, or only deleted it (an empty value)."""
    blocks = [block for block in re.split(r"\r?\n\r?\n", headers) if block.strip()]
    if not blocks:
        return None
    for line in blocks[-1].splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() != "set-cookie":
            continue
        pair = value.strip().split(";", 1)[0]
        cookie_name, equals, cookie_value = pair.partition("=")
        if equals and cookie_name.strip() == name and cookie_value.strip():
            return cookie_value.strip()
    return None


def session_hash(cookie: str) -> str:
    """SessionCookie.tokenHash: SHA-256 of the cookie's 32 decoded bytes (unpadded base64url,
    RFC 4648 §5), in bytea's hex text form (PostgreSQL docs §8.4.1) — what `sessions.token_hash`
    holds and Sessions.authenticateSQL looks up."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie):
        raise ValueError("not a session cookie (43 characters of base64url)")
    secret = base64.urlsafe_b64decode(cookie + "=")
    return "\\x" + hashlib.sha256(secret).hexdigest()


@dataclass(frozen=True)
class Expected:
    """What the measured partner's pages must show: its name, its slug (in every customer's
    seeded name), its customer counts, and the page figures from the sources."""

    name: str
    slug: str
    active: int
    suspended: int
    activity_count: int
    page_size: int


def check_dashboard(page: str, expected: Expected) -> str | None:
    """None when the dashboard is the partner's with every part its statements feed: counts,
    the wholesale cost (only shown when a price was found), a full list of recent changes."""
    problem = _check_brand(page, expected)
    if problem:
        return problem
    for label, value in (("Active customers", expected.active), ("Suspended", expected.suspended)):
        if f"<dt>{label}</dt><dd>{value}</dd>" not in page:
            return f"'{label}' is not {value}"
    if "<dt>Platform cost</dt>" not in page:
        return "no platform cost: the wholesale price was not found"
    changes = page.count('<span class="activity__when">')
    if changes != expected.activity_count:
        return f"{changes} recent changes listed, not {expected.activity_count}"
    return None


def check_customer_list(page: str, expected: Expected) -> str | None:
    """None when the list is a full first page of the partner's own customers with a next page."""
    problem = _check_brand(page, expected)
    if problem:
        return problem
    names = re.findall(r'<th scope="row"><a href="/customers/[0-9a-f-]{36}">([^<]*)</a></th>', page)
    if len(names) != expected.page_size:
        return f"{len(names)} customer rows, not {expected.page_size}"
    strangers = [name for name in names if not html.unescape(name).endswith(f" of {expected.slug}")]
    if strangers:
        return f"customers of another partner listed: {strangers[0]!r}"
    if 'rel="next"' not in page:
        return "no link to the next page"
    return None


def _check_brand(page: str, expected: Expected) -> str | None:
    if f'<span class="brand__name">{html.escape(expected.name)}</span>' not in page:
        return f"the header does not name {expected.name!r}"
    return None


CHECKS = {"dashboard": check_dashboard, "customers": check_customer_list}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    script = commands.add_parser("pgbench-script")
    script.add_argument("root", type=Path)
    script.add_argument("page", choices=sorted(PAGES))
    figure = commands.add_parser("constant")
    figure.add_argument("root", type=Path)
    figure.add_argument("name", choices=sorted(CONSTANTS) + sorted(COOKIE_NAMES))
    commands.add_parser("csrf-token").add_argument("html_file", type=Path)
    cookie = commands.add_parser("set-cookie")
    cookie.add_argument("headers_file", type=Path)
    cookie.add_argument("name")
    commands.add_parser("session-hash").add_argument("cookie")
    check = commands.add_parser("check-page")
    check.add_argument("page", choices=sorted(CHECKS))
    check.add_argument("html_file", type=Path)
    check.add_argument("--root", type=Path, required=True)
    check.add_argument("--name", required=True)
    check.add_argument("--slug", required=True)
    check.add_argument("--active", type=int, required=True)
    check.add_argument("--suspended", type=int, required=True)
    rep = commands.add_parser("report")
    rep.add_argument("--goal", type=float, required=True)
    rep.add_argument("results", nargs="+", metavar="METRIC=RESULTS_TSV")
    args = parser.parse_args()

    try:
        if args.command == "pgbench-script":
            sys.stdout.write(page_script(args.root, args.page))
        elif args.command == "constant":
            print(constant(args.root, args.name) if args.name in CONSTANTS else cookie_name(args.root, args.name))
        elif args.command == "csrf-token":
            print(csrf_token(args.html_file.read_text()))
        elif args.command == "set-cookie":
            value = set_cookie(args.headers_file.read_text(), args.name)
            if value is None:
                raise ValueError(f"the response set no cookie {args.name}")
            print(value)
        elif args.command == "session-hash":
            print(session_hash(args.cookie))
        elif args.command == "check-page":
            expected = Expected(args.name, args.slug, args.active, args.suspended,
                                constant(args.root, "activity_count"), constant(args.root, "page_size"))
            problem = CHECKS[args.page](args.html_file.read_text(), expected)
            if problem:
                raise ValueError(f"{args.page} page: {problem}")
        else:
            pairs = [item.partition("=") for item in args.results]
            if any(not equals or not metric for metric, equals, _ in pairs):
                raise ValueError("report takes METRIC=RESULTS_TSV arguments")
            return report([(metric, Path(path)) for metric, _, path in pairs], args.goal)
    except (ValueError, OSError) as error:
        print(f"bench_portal.py {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
