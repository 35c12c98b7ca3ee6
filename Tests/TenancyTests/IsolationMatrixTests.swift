import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

/// Issue 3's isolation matrix, enforced by PostgreSQL itself: the application role, scoped to
/// one partner (or one customer), can neither see nor change another tenant's rows in any
/// tenant table — even when it names the other tenant's ids outright, which is what a bug or an
/// injected id would do.
@Suite struct IsolationMatrixTests {
    /// Two partners with rows in every tenant table: A has customers c1 and c2, B has c3.
    struct World {
        let a: UUID, b: UUID
        let c1: UUID, c2: UUID, c3: UUID
    }

    /// How to put one row into a table for (partner, customer, user); the insert runs as the
    /// owner for fixtures and as the application role for the cross-tenant attempt.
    struct TableFixture: Sendable {
        let table: String
        /// Whether rows carry a customer (and customer viewers see only their own).
        let customerScoped: Bool
        let insert: @Sendable (_ partner: UUID, _ customer: UUID, _ user: UUID) -> PostgresQuery
    }

    static let fixtures: [TableFixture] = [
        TableFixture(table: "customers", customerScoped: true) { partner, _, _ in
            "INSERT INTO customers (partner_id, name) VALUES (\(partner), \("Extra " + UUID().uuidString))"
        },
        TableFixture(table: "environments", customerScoped: true) { partner, customer, _ in
            // Every customer already has both kinds; this one collides unless it is new.
            "INSERT INTO environments (partner_id, customer_id, kind) VALUES (\(partner), \(customer), 'sandbox')"
        },
        TableFixture(table: "users", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO users (partner_id, email, name, role, customer_id)
            VALUES (\(partner), \("u-\(UUID().uuidString.prefix(8).lowercased())@example.com"), 'U', 'customer_viewer', \(customer))
            """
        },
        TableFixture(table: "sessions", customerScoped: false) { partner, _, user in
            """
            INSERT INTO sessions (partner_id, user_id, token_hash, expires_at)
            VALUES (\(partner), \(user), \(randomHash()), now() + interval '1 hour')
            """
        },
        TableFixture(table: "password_resets", customerScoped: false) { partner, _, user in
            """
            INSERT INTO password_resets (partner_id, user_id, token_hash, expires_at)
            VALUES (\(partner), \(user), \(randomHash()), now() + interval '1 hour')
            """
        },
        TableFixture(table: "login_attempts", customerScoped: false) { partner, _, _ in
            "INSERT INTO login_attempts (partner_id, email, remote_address, succeeded) VALUES (\(partner), 'x@example.com', '192.0.2.9', false)"
        },
        TableFixture(table: "api_tokens", customerScoped: true) { partner, customer, user in
            """
            INSERT INTO api_tokens (partner_id, user_id, customer_id, name, display_prefix, token_hash, scope)
            VALUES (\(partner), \(user), \(customer), 'ci', 'cpt_abcdefgh', \(randomHash()), 'read')
            """
        },
        TableFixture(table: "idempotency_keys", customerScoped: true) { partner, customer, user in
            """
            INSERT INTO idempotency_keys (partner_id, user_id, customer_id, key, request_fingerprint, response_status,
                                          response_body, expires_at)
            VALUES (\(partner), \(user), \(customer), \(UUID().uuidString), \(randomHash()), 201, \([UInt8]("{}".utf8)),
                    now() + interval '1 day')
            """
        },
        TableFixture(table: "audit_log", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO audit_log (partner_id, actor_kind, customer_id, action, target_type, target_id)
            VALUES (\(partner), 'system', \(customer), 'customer.update', 'customer', \(customer.uuidString))
            """
        },
        TableFixture(table: "secrets", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO secrets (partner_id, customer_id, purpose, key_id, sealed)
            VALUES (\(partner), \(customer), \("test/" + UUID().uuidString), '00000000000000aa', \(randomHash()))
            """
        },
        // Customer contacts (Migrations/0004): a viewer sees their own customer's.
        TableFixture(table: "customer_contacts", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO customer_contacts (partner_id, customer_id, name, email, role, escalation_order)
            VALUES (\(partner), \(customer), 'Contact', \("c-\(UUID().uuidString.prefix(8).lowercased())@example.com"), 'technical', 1)
            """
        },
        // Connections (Migrations/0005): a viewer sees their own customer's. The environment is
        // looked up in the statement; where it is not visible a made-up id reaches row-level
        // security, which refuses the row before any foreign key is checked.
        TableFixture(table: "connections", customerScoped: true) { partner, customer, _ in
            let unique = UUID().uuidString.prefix(8).lowercased()
            return """
                INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
                VALUES (\(partner), \(customer),
                        COALESCE((SELECT id FROM environments WHERE partner_id = \(partner) AND customer_id = \(customer)
                                  AND kind = 'sandbox'), gen_random_uuid()),
                        'sandbox', 'outbound-webhook', \("Fixture " + unique), \("outbound-webhook " + unique))
                """
        },
        // Messages (Migrations/0009): a viewer sees their own customer's. Attempts and ids come
        // with a message of their own in the same statement, so another partner's is refused
        // whole; the environment is looked up as for connections.
        TableFixture(table: "messages", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO messages (partner_id, customer_id, environment_id, environment_kind, flow, subject, source_system,
                                  input, input_bytes, received_at)
            VALUES (\(partner), \(customer), COALESCE((SELECT id FROM environments WHERE partner_id = \(partner)
                    AND customer_id = \(customer) AND kind = 'sandbox'), gen_random_uuid()),
                    'sandbox', 'order-to-erp', 'order', 'woocommerce', '{}', 2, now())
            """
        },
        TableFixture(table: "message_attempts", customerScoped: true) { partner, customer, _ in
            """
            WITH m AS (
                INSERT INTO messages (partner_id, customer_id, environment_id, environment_kind, flow, subject, source_system,
                                      input, input_bytes, received_at)
                VALUES (\(partner), \(customer), COALESCE((SELECT id FROM environments WHERE partner_id = \(partner)
                        AND customer_id = \(customer) AND kind = 'sandbox'), gen_random_uuid()),
                        'sandbox', 'order-to-erp', 'order', 'woocommerce', '{}', 2, now())
                RETURNING partner_id, id, customer_id)
            INSERT INTO message_attempts (partner_id, message_id, number, customer_id, started_at)
            SELECT partner_id, id, 1, customer_id, now() FROM m
            """
        },
        TableFixture(table: "message_ids", customerScoped: true) { partner, customer, _ in
            """
            WITH m AS (
                INSERT INTO messages (partner_id, customer_id, environment_id, environment_kind, flow, subject, source_system,
                                      input, input_bytes, received_at)
                VALUES (\(partner), \(customer), COALESCE((SELECT id FROM environments WHERE partner_id = \(partner)
                        AND customer_id = \(customer) AND kind = 'sandbox'), gen_random_uuid()),
                        'sandbox', 'order-to-erp', 'order', 'woocommerce', '{}', 2, now())
                RETURNING partner_id, id, customer_id)
            INSERT INTO message_ids (partner_id, message_id, customer_id, system, external_id)
            SELECT partner_id, id, customer_id, 'woocommerce', '1001' FROM m
            """
        },
        // Customer flows (Migrations/0011): a viewer sees their own customer's.
        TableFixture(table: "customer_flows", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow)
            VALUES (\(partner), \(customer), COALESCE((SELECT id FROM environments WHERE partner_id = \(partner)
                    AND customer_id = \(customer) AND kind = 'sandbox'), gen_random_uuid()),
                    'sandbox', \("f" + UUID().uuidString.prefix(8).lowercased()))
            """
        },
        // Flow cursors and till stock movements (Migrations/0012): a viewer sees their own customer's.
        TableFixture(table: "flow_cursors", customerScoped: true) { partner, customer, _ in
            let unique = UUID().uuidString.prefix(8).lowercased()
            return """
                WITH e AS (SELECT COALESCE((SELECT id FROM environments WHERE partner_id = \(partner) AND customer_id = \(customer)
                                            AND kind = 'sandbox'), gen_random_uuid()) AS id),
                f AS (INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow)
                      SELECT \(partner), \(customer), e.id, 'sandbox', \("f" + unique) FROM e RETURNING id),
                c AS (INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
                      SELECT \(partner), \(customer), e.id, 'sandbox', 'tryton-erp', \("Cursor " + unique), \("tryton " + unique)
                      FROM e RETURNING id)
                INSERT INTO flow_cursors (partner_id, customer_id, flow_id, feed, connection_id)
                SELECT \(partner), \(customer), f.id, 'stock', c.id FROM f, c
                """
        },
        // Problems raised on flows and connections (Migrations/0014): a viewer sees their own customer's.
        TableFixture(table: "flow_problems", customerScoped: true) { partner, customer, _ in
            let unique = UUID().uuidString.prefix(8).lowercased()
            return """
                WITH e AS (SELECT COALESCE((SELECT id FROM environments WHERE partner_id = \(partner) AND customer_id = \(customer)
                                            AND kind = 'sandbox'), gen_random_uuid()) AS id),
                c AS (INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
                      SELECT \(partner), \(customer), e.id, 'sandbox', 'woocommerce', \("Problem " + unique), \("woocommerce " + unique)
                      FROM e RETURNING id, environment_id)
                INSERT INTO flow_problems (partner_id, customer_id, environment_id, connection_id, kind, summary, opened_at, last_seen_at)
                SELECT \(partner), \(customer), c.environment_id, c.id, 'credentials_rejected', 'Fixture', now(), now() FROM c
                """
        },
        // A message's step at work (Migrations/0015): partner-wide, no customer column.
        TableFixture(table: "message_locks", customerScoped: false) { partner, _, _ in
            "INSERT INTO message_locks (partner_id, lock_key, message_id, expires_at) VALUES (\(partner), \(UUID().uuidString), gen_random_uuid(), now())"
        },
        // Measurements (Migrations/0016): facts waiting to be folded, the rollups, refused deliveries.
        TableFixture(table: "message_events", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO message_events (partner_id, customer_id, environment_id, environment_kind, flow, event, at)
            VALUES (\(partner), \(customer), gen_random_uuid(), 'sandbox', 'order-to-erp', 'received', now())
            """
        },
        TableFixture(table: "message_rollups", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO message_rollups (partner_id, customer_id, grain, bucket_start, environment_id, environment_kind, flow, received)
            VALUES (\(partner), \(customer), 'minute', date_trunc('minute', now() - random() * interval '30 days'), gen_random_uuid(),
                    'sandbox', 'order-to-erp', 1)
            """
        },
        TableFixture(table: "ingress_refusals", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO ingress_refusals (partner_id, customer_id, minute, refused, reason)
            VALUES (\(partner), \(customer), date_trunc('minute', now() - random() * interval '30 days'), 1, 'fixture')
            """
        },
        TableFixture(table: "hub_stock_movements", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_stock_movements (partner_id, customer_id, environment, sku, location, quantity, occurred_at,
                                             source_system, document)
            VALUES (\(partner), \(customer), 'sandbox', \("SKU-" + UUID().uuidString.prefix(8)), 'ST1', -1, now(), 'tryton-pos', '7')
            """
        },
        // Daily reconciliation reports (Migrations/0013): a viewer sees their own customer's.
        TableFixture(table: "reconciliation_reports", customerScoped: true) { partner, customer, _ in
            let unique = UUID().uuidString.prefix(8).lowercased()
            return """
                WITH e AS (SELECT COALESCE((SELECT id FROM environments WHERE partner_id = \(partner) AND customer_id = \(customer)
                                            AND kind = 'sandbox'), gen_random_uuid()) AS id),
                f AS (INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow)
                      SELECT \(partner), \(customer), e.id, 'sandbox', \("r" + unique) FROM e RETURNING id, environment_id)
                INSERT INTO reconciliation_reports (partner_id, customer_id, environment_id, flow_id, day, time_zone, shop_orders,
                                                    erp_orders, shop_total, erp_total)
                SELECT \(partner), \(customer), f.environment_id, f.id, '2026-11-21', 'UTC', 3, 2, 60, 40 FROM f
                """
        },
        // The job queue (Migrations/0007): partner-wide, workers reach every partner's through
        // the platform scope; customer viewers see none.
        TableFixture(table: "jobs", customerScoped: false) { partner, _, _ in
            "INSERT INTO jobs (partner_id, kind, run_at, created_at) VALUES (\(partner), 'fixture.job', now(), now())"
        },
        TableFixture(table: "job_schedules", customerScoped: false) { partner, _, _ in
            """
            INSERT INTO job_schedules (partner_id, name, cron, time_zone, kind, next_due_at)
            VALUES (\(partner), \("s" + UUID().uuidString.prefix(8).lowercased()), '0 3 * * *', 'UTC', 'fixture.job', now())
            """
        },
        TableFixture(table: "job_schedule_misses", customerScoped: false) { partner, _, _ in
            """
            WITH s AS (
                INSERT INTO job_schedules (partner_id, name, cron, time_zone, kind, next_due_at)
                VALUES (\(partner), \("m" + UUID().uuidString.prefix(8).lowercased()), '0 3 * * *', 'UTC', 'fixture.job', now())
                RETURNING partner_id, name)
            INSERT INTO job_schedule_misses (partner_id, schedule_name, first_missed_at, last_missed_at, missed_count, detected_at)
            SELECT partner_id, name, now(), now(), 1, now() FROM s
            """
        },
        // Alerts (Migrations/0018): all partner-wide — the partner's on-call work, which customer
        // viewers never see even when an alert is about their customer. Each insert makes a rule
        // of its own, so the one-open-alert index never collides.
        TableFixture(table: "alert_rules", customerScoped: false) { partner, customer, _ in
            """
            INSERT INTO alert_rules (partner_id, name, scope, customer_id, kind, threshold, impact)
            VALUES (\(partner), 'Fixture', 'customer', \(customer), 'dead_messages', 1, 'reporting')
            """
        },
        // The first place in the customer's own chain: one per customer, so inserts never collide.
        TableFixture(table: "alert_contacts", customerScoped: false) { partner, customer, _ in
            """
            INSERT INTO alert_contacts (partner_id, customer_id, position, channel, address)
            VALUES (\(partner), \(customer), 1, 'email', 'on-call@acme.example')
            """
        },
        TableFixture(table: "alerts", customerScoped: false) { partner, customer, _ in
            """
            WITH r AS (INSERT INTO alert_rules (partner_id, name, scope, customer_id, kind, threshold, impact)
                       VALUES (\(partner), 'Fixture', 'customer', \(customer), 'dead_messages', 1, 'reporting') RETURNING partner_id, id)
            INSERT INTO alerts (partner_id, rule_id, customer_id, subject, impact, opened_at, last_seen_at, value, summary)
            SELECT partner_id, id, \(customer), 'all flows', 'reporting', now(), now(), 1, 'Fixture' FROM r
            """
        },
        TableFixture(table: "alert_notifications", customerScoped: false) { partner, customer, _ in
            """
            WITH r AS (INSERT INTO alert_rules (partner_id, name, scope, customer_id, kind, threshold, impact)
                       VALUES (\(partner), 'Fixture', 'customer', \(customer), 'dead_messages', 1, 'reporting') RETURNING partner_id, id),
            a AS (INSERT INTO alerts (partner_id, rule_id, customer_id, subject, impact, opened_at, last_seen_at, value, summary)
                  SELECT partner_id, id, \(customer), 'all flows', 'reporting', now(), now(), 1, 'Fixture' FROM r
                  RETURNING partner_id, id)
            INSERT INTO alert_notifications (partner_id, alert_id, channel, level, kind, sent_at, outcome)
            SELECT partner_id, id, 'email', 1, 'opened', now(), 'sent' FROM a
            """
        },
        // Invoicing (Migrations/0017). The tier history and invoices belong to a customer (its
        // viewers may read its own); a partner's bill is partner-wide. Each insert takes the month
        // after the latest, so repeated inserts never collide.
        TableFixture(table: "customer_tier_changes", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO customer_tier_changes (partner_id, customer_id, changed_at, tier_code, status)
            VALUES (\(partner), \(customer), now(), 'silver', 'active')
            """
        },
        TableFixture(table: "invoices", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO invoices (partner_id, customer_id, month, customer_name, tier_code, currency, days_billed, days_in_month,
                                  base, usage, included, overage_per_thousand, overage, total)
            SELECT \(partner), \(customer),
                   (COALESCE(max(month), date '2026-01-01') + interval '1 month')::date, 'Shop', 'bronze', 'EUR', 31, 31,
                   49, 0, 1000, 5, 0, 49
            FROM invoices WHERE partner_id = \(partner) AND customer_id = \(customer)
            """
        },
        TableFixture(table: "partner_bills", customerScoped: false) { partner, _, _ in
            """
            INSERT INTO partner_bills (partner_id, month, customers, transactions)
            SELECT \(partner), (COALESCE(max(month), date '2026-01-01') + interval '1 month')::date, 0, 0
            FROM partner_bills WHERE partner_id = \(partner)
            """
        },
        // Billing (Migrations/0002). Partner-wide: customer viewers see none of a partner's prices.
        TableFixture(table: "tiers", customerScoped: false) { partner, _, _ in
            "INSERT INTO tiers (partner_id, code, name, position) VALUES (\(partner), \("t" + UUID().uuidString.prefix(8).lowercased()), 'Extra', 9)"
        },
        TableFixture(table: "tier_terms", customerScoped: false) { partner, _, _ in
            // The month after the partner's latest bronze terms, so repeated inserts never collide.
            """
            INSERT INTO tier_terms (partner_id, code, effective_from, monthly_price, currency, included_transactions,
                                    overage_per_thousand, sla_success_rate, sla_p95_latency_ms, sla_availability,
                                    support_window, rate_limit_per_minute, concurrency_limit, log_retention_days)
            SELECT \(partner), 'bronze', (coalesce(max(effective_from), date '2026-01-01') + interval '1 month')::date,
                   59, 'EUR', 1000, 5, 99, 60000, 99, '24x7', 60, 2, 7
            FROM tier_terms WHERE partner_id = \(partner) AND code = 'bronze'
            """
        },
        TableFixture(table: "wholesale_prices", customerScoped: false) { partner, _, _ in
            """
            INSERT INTO wholesale_prices (partner_id, effective_from, per_customer_month, per_thousand_transactions, currency)
            SELECT \(partner), (coalesce(max(effective_from), date '2026-01-01') + interval '1 month')::date, 35, 1.5, 'EUR'
            FROM wholesale_prices WHERE partner_id = \(partner)
            """
        },
        // Branding (Migrations/0003): one row per partner, so a repeat for the partner's
        // second customer updates it. Partner-wide: customer viewers read the brand through
        // partner_for_host, never the row.
        TableFixture(table: "partner_branding", customerScoped: false) { partner, _, _ in
            """
            INSERT INTO partner_branding (partner_id, theme, product_name, primary_colour)
            VALUES (\(partner), 'default', 'Brand', '#123456')
            ON CONFLICT (partner_id) DO UPDATE SET product_name = EXCLUDED.product_name
            """
        },
        // Mappings (Migrations/0006): versions and lookup tables belong to a customer. A random
        // flow or table name per row, so repeated inserts never collide.
        TableFixture(table: "mapping_versions", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO mapping_versions (partner_id, customer_id, flow, version, document, author_email)
            VALUES (\(partner), \(customer), \("f" + UUID().uuidString.prefix(8).lowercased()), 1, '{"record": "order"}', 'a@example.com')
            """
        },
        TableFixture(table: "lookup_tables", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO lookup_tables (partner_id, customer_id, name, rows, row_count, imported_at, imported_by_email)
            VALUES (\(partner), \(customer), \("t" + UUID().uuidString.prefix(8).lowercased()), '{"a": "b"}', 1, now(), 'a@example.com')
            """
        },
        // The hub (Migrations/0008): every row belongs to a customer's environment, named by kind
        // under a foreign key to it. One head and one ownership row per customer environment:
        // the production ones here, so they never collide with each other.
        TableFixture(table: "hub_heads", customerScoped: true) { partner, customer, _ in
            "INSERT INTO hub_heads (partner_id, customer_id, environment, last_seq) VALUES (\(partner), \(customer), 'production', 1)"
        },
        TableFixture(table: "hub_ownership", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_ownership (partner_id, customer_id, environment, domain, owners)
            VALUES (\(partner), \(customer), 'production', 'items', '["woocommerce"]')
            """
        },
        TableFixture(table: "hub_items", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_items (partner_id, customer_id, environment, sku, document, content_hash, source_system,
                                   source_connection_id, change_seq)
            VALUES (\(partner), \(customer), 'sandbox', \("SKU-" + UUID().uuidString.prefix(8)), '{"name": "Mug"}', \(randomHash()),
                    'tryton-erp', gen_random_uuid(), 1)
            """
        },
        TableFixture(table: "hub_prices", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_prices (partner_id, customer_id, environment, sku, currency, document, content_hash, source_system,
                                    source_connection_id, change_seq)
            VALUES (\(partner), \(customer), 'sandbox', \("SKU-" + UUID().uuidString.prefix(8)), 'EUR', '{"list": {}}',
                    \(randomHash()), 'tryton-erp', gen_random_uuid(), 1)
            """
        },
        TableFixture(table: "hub_stock", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_stock (partner_id, customer_id, environment, sku, location, quantity, as_of, source_system,
                                   source_connection_id, change_seq)
            VALUES (\(partner), \(customer), 'sandbox', \("SKU-" + UUID().uuidString.prefix(8)), 'ST1', 5, now(), 'tryton-erp',
                    gen_random_uuid(), 1)
            """
        },
        TableFixture(table: "hub_orders", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_orders (partner_id, customer_id, environment, reference, document, status, content_hash, source_system,
                                    source_connection_id, change_seq)
            VALUES (\(partner), \(customer), 'sandbox', \("WEB-" + UUID().uuidString.prefix(8)), '{"number": "1"}', 'processing',
                    \(randomHash()), 'woocommerce', gen_random_uuid(), 1)
            """
        },
        // A cross-reference names a connection of the same customer, environment and kind: the
        // connections fixture's. Where it is not visible a made-up id reaches row-level
        // security, which refuses the row before the foreign key is checked.
        TableFixture(table: "hub_xrefs", customerScoped: true) { partner, customer, _ in
            """
            INSERT INTO hub_xrefs (partner_id, customer_id, environment, entity, key, system, connection_id, external_id)
            VALUES (\(partner), \(customer), 'sandbox', 'order', \("WEB-" + UUID().uuidString.prefix(8)), 'outbound-webhook',
                    COALESCE((SELECT id FROM connections WHERE partner_id = \(partner) AND customer_id = \(customer)
                              AND environment_kind = 'sandbox' AND kind = 'outbound-webhook' LIMIT 1), gen_random_uuid()),
                    \(UUID().uuidString))
            """
        },
    ]

    static func randomHash() -> [UInt8] { (0..<32).map { _ in UInt8.random(in: 0...255) } }

    /// Builds the world as the owner (row-level security does not apply to it).
    static func makeWorld(_ db: TenantTestDatabase) throws -> World {
        try db.owner.runScript(unsafeSQL: "INSERT INTO encryption_keys (id) VALUES ('00000000000000aa')")
        func partner(_ slug: String) throws -> UUID {
            try db.owner.query("INSERT INTO partners (slug, name) VALUES (\(slug), \(slug)) RETURNING id").single().decode(UUID.self, at: 0)
        }
        func customer(_ partner: UUID, _ name: String) throws -> UUID {
            try db.owner.query("INSERT INTO customers (partner_id, name) VALUES (\(partner), \(name)) RETURNING id").single()
                .decode(UUID.self, at: 0)
        }
        let a = try partner("alpha"), b = try partner("bravo")
        let world = World(a: a, b: b, c1: try customer(a, "One"), c2: try customer(a, "Two"), c3: try customer(b, "Three"))
        for (partner, customer) in [(a, world.c1), (a, world.c2), (b, world.c3)] {
            let user = try db.owner.query("""
                INSERT INTO users (partner_id, email, name, role, customer_id)
                VALUES (\(partner), \("owner-\(customer.uuidString.suffix(12).lowercased())@example.com"), 'V', 'customer_viewer', \(customer))
                RETURNING id
                """).single().decode(UUID.self, at: 0)
            for fixture in fixtures where fixture.table != "environments" {
                _ = try db.owner.execute(fixture.insert(partner, customer, user))
            }
        }
        return world
    }

    /// The tables with a partner_id column, from the catalogue: a table added later without
    /// a fixture here fails `everyTenantTableHasRowLevelSecurityAndAFixture`.
    static func tenantTables(_ db: TenantTestDatabase) throws -> [String] {
        try db.owner.query("""
            SELECT table_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name = 'partner_id' ORDER BY 1
            """).decode(String.self, column: "table_name")
    }

    @Test func everyTenantTableHasRowLevelSecurityAndAFixture() throws {
        try TenantTestDatabase.withSchema { db in
            let tables = try Self.tenantTables(db)
            #expect(Set(tables) == Set(Self.fixtures.map(\.table)), "every tenant table needs a row in the isolation matrix")
            for table in tables + ["partners"] {
                let enabled = try db.owner.query("""
                    SELECT relrowsecurity FROM pg_class WHERE oid = (quote_ident(current_schema()) || '.' || \(table))::regclass
                    """).single().decode(Bool.self, at: 0)
                #expect(enabled, "row-level security is off on \(table)")
            }
        }
    }

    @Test func theApplicationRoleIsSubjectToRowLevelSecurity() throws {
        try TenantTestDatabase.withSchema { db in
            let (superuser, bypass, ownsTables, inheritsPlatform) = try db.database.pool.query("""
                SELECT r.rolsuper, r.rolbypassrls,
                       EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = current_schema() AND t.tableowner = current_user),
                       pg_has_role(current_user, 'counterpart_platform', 'USAGE')
                FROM pg_roles r WHERE r.rolname = current_user
                """).single().decode((Bool, Bool, Bool, Bool).self)
            #expect(!superuser && !bypass && !ownsTables && !inheritsPlatform)
        }
    }

    @Test(arguments: fixtures.map(\.table))
    func aPartnerSeesAndChangesNoneOfAnotherPartnersRows(table: String) throws {
        try TenantTestDatabase.withSchema { db in
            let world = try Self.makeWorld(db)
            let quoted = try db.owner.quoteIdentifier(table)
            let totalForB = try db.owner.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted) WHERE partner_id = $1", binds: [world.b]))
                .single().decode(Int.self, at: 0)
            #expect(totalForB > 0, "the fixture must give partner B rows in \(table)")

            try db.database.transaction(.partner(world.a)) { connection in
                let visible = try connection.query(PostgresQuery(
                    unsafeSQL: "SELECT count(*) FROM \(quoted) WHERE partner_id = $1", binds: [world.b])).single().decode(Int.self, at: 0)
                #expect(visible == 0, "partner A sees \(visible) of B's rows in \(table)")
                let own = try connection.query(PostgresQuery(
                    unsafeSQL: "SELECT count(*) FROM \(quoted) WHERE partner_id = $1", binds: [world.a])).single().decode(Int.self, at: 0)
                #expect(own > 0, "partner A must see its own rows in \(table)")
            }
            for statement in ["UPDATE \(quoted) SET partner_id = partner_id WHERE partner_id = $1",
                              "DELETE FROM \(quoted) WHERE partner_id = $1"] {
                let changed = try Self.affectedOrRefused(db, scope: .partner(world.a), statement, world.b)
                #expect(changed == 0, "\(statement) touched \(changed) of B's rows")
            }
            let fixture = try #require(Self.fixtures.first { $0.table == table })
            let anyUserOfB = try db.owner.query("SELECT id FROM users WHERE partner_id = \(world.b) LIMIT 1").single().decode(UUID.self, at: 0)
            let error = try? Self.refusal(db, scope: .partner(world.a), fixture.insert(world.b, world.c3, anyUserOfB))
            #expect(error?.code == .insufficientPrivilege, "inserting B's row while scoped to A: \(String(describing: error))")
            let after = try db.owner.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted) WHERE partner_id = $1", binds: [world.b]))
                .single().decode(Int.self, at: 0)
            #expect(after == totalForB)
        }
    }

    @Test(arguments: fixtures.map(\.table))
    func aCustomerViewerSeesOnlyTheirCustomer(table: String) throws {
        try TenantTestDatabase.withSchema { db in
            let world = try Self.makeWorld(db)
            let fixture = try #require(Self.fixtures.first { $0.table == table })
            let quoted = try db.owner.quoteIdentifier(table)
            let customerColumn = table == "customers" ? "id" : "customer_id"
            try db.database.transaction(.customer(world.c1, of: world.a)) { connection in
                let total = try connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted)")).single().decode(Int.self, at: 0)
                if fixture.customerScoped {
                    let own = try connection.query(PostgresQuery(
                        unsafeSQL: "SELECT count(*) FROM \(quoted) WHERE \(customerColumn) = $1", binds: [world.c1]))
                        .single().decode(Int.self, at: 0)
                    #expect(own > 0, "the viewer must see their customer's rows in \(table)")
                    #expect(total == own, "the viewer sees \(total - own) rows of other customers in \(table)")
                } else {
                    #expect(total == 0, "partner-wide \(table) rows are visible to a customer viewer")
                }
            }
            if fixture.customerScoped {
                let changed = try Self.affectedOrRefused(
                    db, scope: .customer(world.c1, of: world.a),
                    "DELETE FROM \(quoted) WHERE \(customerColumn) = $1", world.c2)
                #expect(changed == 0)
            }
        }
    }

    @Test func withoutAScopeNothingIsVisible() throws {
        try TenantTestDatabase.withSchema { db in
            _ = try Self.makeWorld(db)
            for table in Self.fixtures.map(\.table) + ["partners"] {
                let count = try db.database.pool.query(PostgresQuery(
                    unsafeSQL: "SELECT count(*) FROM \(try db.owner.quoteIdentifier(table))")).single().decode(Int.self, at: 0)
                #expect(count == 0, "\(count) rows of \(table) visible with no tenant set")
            }
        }
    }

    @Test func thePlatformScopeIsOnlyForPlatformAdmins() throws {
        let partner = UUID()
        for role in Role.allCases where role != .platformAdmin {
            let principal = Principal(userID: UUID(), partnerID: partner, customerID: nil, role: role, email: "a@example.com",
                                      name: "A", credential: .session(id: UUID()))
            #expect(throws: TenancyError.forbidden(.partnersRead)) { try TenantScope.platform(for: principal) }
        }
    }

    @Test func theAuditLogIsAppendOnlyForTheApplication() throws {
        try TenantTestDatabase.withSchema { db in
            let world = try Self.makeWorld(db)
            for statement in ["UPDATE audit_log SET action = 'x.y' WHERE partner_id = $1", "DELETE FROM audit_log WHERE partner_id = $1"] {
                let error = try? Self.refusal(db, scope: .partner(world.a), PostgresQuery(unsafeSQL: statement, binds: [world.a]))
                #expect(error?.code == .insufficientPrivilege, "\(statement): \(String(describing: error))")
            }
            // Even the owner cannot rewrite history by accident.
            #expect(throws: PostgresError.self) { try db.owner.execute("DELETE FROM audit_log") }
        }
    }

    /// Rows affected by `sql` bound to `id` inside `scope`, or 0 when the role may not run it
    /// at all (a missing grant is a refusal too); rolled back either way.
    static func affectedOrRefused(_ db: TenantTestDatabase, scope: TenantScope, _ sql: String, _ id: UUID) throws -> Int {
        struct Rollback: Error { let affected: Int }
        do {
            try db.database.transaction(scope) { connection in
                throw Rollback(affected: try connection.execute(PostgresQuery(unsafeSQL: sql, binds: [id])))
            }
        } catch let rollback as Rollback {
            return rollback.affected
        } catch let error as PostgresError where error.code == .insufficientPrivilege {
            return 0
        }
        return 0
    }

    /// The error PostgreSQL answers `query` with inside `scope`; nil if it succeeded (rolled back).
    static func refusal(_ db: TenantTestDatabase, scope: TenantScope, _ query: PostgresQuery) throws -> PostgresError? {
        struct Rollback: Error {}
        do {
            try db.database.transaction(scope) { connection in
                _ = try connection.execute(query)
                throw Rollback()
            }
        } catch let error as PostgresError {
            return error
        } catch is Rollback {
            return nil
        }
        return nil
    }
}
