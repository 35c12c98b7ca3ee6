import Billing
import Flows
import Foundation
import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// A customer viewer signs in to the real `counterpart serve` in headless Chromium and opens
/// their SLA dashboard on last month (always a whole month, whatever day the test runs): the
/// browser shows the measured success rate, one bar per day with messages, the failures in
/// the brand's error colour and the bars in its primary colour. Screenshots land in
/// `$COUNTERPART_ARTIFACTS/browser/sla-dashboard*.png`.
@Suite(.serialized, .enabled(if: BrowserEnvironment.shouldRun))
struct SLADashboardBrowserTests {
    static let password = "sla browser \(UUID().uuidString.prefix(8))"
    /// Days of last month with messages: ten deliveries each, two of them turned into
    /// exceptions on two days — 196 delivered of 200 finished, 98%.
    static let daysWithMessages = 20

    @Test(.timeLimit(.minutes(10))) // a guard against a hang, not a speed test
    func aViewerSeesTheirSuccessRateAndADailyChartInTheBrowser() throws {
        try BrowserEnvironment.requireBrowser()
        try TenantTestDatabase.withSchema { db in
            let month = Self.previous(BillingMonth(containing: Date()))
            let partner = try db.makePartner(slug: "slashop", name: "Harbour Integrations")
            let admin = db.principal(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { connection, caller in
                try Customers.create(NewCustomer(name: "Corner Shop", tierCode: "gold"), by: caller, on: connection)
            }
            try Self.arrange(month, customer: customer.id, partnerID: partner.id, admin: admin, db: db)
            let server = try ServedProduct(databaseURL: db.applicationURL)
            defer { server.stop() }
            try server.command(["user", "add", "--partner", partner.slug, "--email", "viewer@corner.example", "--name", "Corner Viewer",
                                "--role", "customer_viewer", "--customer", customer.id.uuidString, "--password-stdin"],
                               input: Self.password + "\n")
            let browser = try WebDriver(resolving: ServedProduct.baseDomain)
            defer { browser.quit() }
            let shots = try BrowserEnvironment.artifacts()

            try browser.open(server.url(partner.slug, "/login"))
            try browser.type("viewer@corner.example", into: "#field-email")
            try browser.type(Self.password, into: "#field-password")
            try browser.submit("form[action=\"/login\"] button[type=submit]")
            _ = try browser.find("nav.site-nav")
            // The navigation's "Service levels" is the viewer's own dashboard.
            try browser.open(try browser.link(named: "Service levels"))
            #expect(try browser.currentURL().hasSuffix("/customers/\(customer.id.uuidString.lowercased())/sla"))
            try browser.open(try browser.currentURL() + "?month=\(month)")

            #expect(try browser.text("[data-testid=measured-success_rate]") == "98%")
            #expect(try browser.text("[data-testid=sla-standing]") == "Missed")
            #expect(try browser.count("[data-testid=daily-chart] g.sla-chart__day") == Self.daysWithMessages)
            #expect(try browser.count("[data-testid=daily-chart] rect.sla-chart__failed") == 2)
            #expect(try browser.count("[data-testid=history-chart] circle.sla-chart__point--success") >= 1)
            let colours = try browser.run("""
                const root = getComputedStyle(document.documentElement);
                return [getComputedStyle(document.querySelector('.sla-chart__delivered')).fill, root.getPropertyValue('--primary'),
                        getComputedStyle(document.querySelector('.sla-chart__failed')).fill, root.getPropertyValue('--error')];
                """) as? [String] ?? []
            #expect(colours.count == 4)
            if colours.count == 4 {
                #expect(Self.channels(colours[0]) == Self.hexChannels(colours[1]), "bars wear the brand's primary: \(colours)")
                #expect(Self.channels(colours[2]) == Self.hexChannels(colours[3]), "failures wear the brand's error colour: \(colours)")
            }
            try browser.screenshot().write(to: shots.appendingPathComponent("sla-dashboard.png"))
            _ = try browser.run("document.querySelector('[data-testid=history-chart]').scrollIntoView()")
            try browser.screenshot().write(to: shots.appendingPathComponent("sla-dashboard-history.png"))

            try browser.open(server.url(partner.slug, "/customers/\(customer.id.uuidString.lowercased())/sla/\(month)"))
            #expect(try browser.text("h1").contains("Corner Shop"))
            try browser.screenshot().write(to: shots.appendingPathComponent("sla-report.png"))
        }
    }

    /// Targets of 99% from long before, the customer created 40 days before `month`, heartbeats
    /// in every minute of its life, and the messages folded into the rollups.
    static func arrange(_ month: BillingMonth, customer: UUID, partnerID: UUID, admin: Principal,
                        db: TenantTestDatabase) throws {
        _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
            UPDATE tier_terms SET effective_from = date '2020-01-01', sla_success_rate = 99.0, sla_p95_latency_ms = 5000,
                   sla_availability = 99.0 WHERE partner_id = $1
            """, binds: [partnerID]))
        let created = month.firstDay.addingTimeInterval(-40 * 86_400)
        _ = try db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET created_at = $2 WHERE id = $1",
                                               binds: [customer, created]))
        _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO platform_heartbeats (minute, role)
            SELECT m, r FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS m,
                 (VALUES ('web'), ('worker')) AS roles (r)
            ON CONFLICT DO NOTHING
            """, binds: [created, Date().addingTimeInterval(3600)]))
        try db.database.transaction(.system) { connection in
            try Availabilities.summarizeHeartbeats(since: created, on: connection)
        }
        try db.database.transaction(.partner(partnerID)) { connection in
            let production = try #require(try Environments.list(customer: customer, for: admin, on: connection)
                .first { $0.kind == .production })
            for day in 0..<daysWithMessages {
                for index in 0..<10 {
                    let receivedAt = month.firstDay.addingTimeInterval(Double(day * 86_400 + 10 * 3600 + index * 60))
                    let fails = (day == 3 || day == 11) && index < 2
                    try message(customer: customer, environment: production.id, partnerID: partnerID, at: receivedAt,
                                fails: fails, on: connection)
                }
            }
        }
        _ = try MessageRollups.foldAll(pool: db.database.pool) { try $0.enter(.system) }
    }

    /// One order received at `at`: delivered a second later, or an exception.
    static func message(customer: UUID, environment: UUID, partnerID: UUID, at receivedAt: Date, fails: Bool,
                        on connection: PostgresConnection) throws {
        let new = NewMessage(customerID: customer, environmentID: environment, flow: .orderToERP, subject: "order",
                             sourceSystem: "woocommerce", reference: UUID().uuidString.prefix(8).lowercased(), dedupKey: nil,
                             input: try MessagePayload(json: Array(#"{"n":1}"#.utf8)), externalIDs: [])
        guard case .accepted(let message) = try Messages.receive(new, partnerID: partnerID, at: receivedAt, on: connection),
              let number = try Messages.beginAttempt(message.id, partnerID: partnerID, at: receivedAt, on: connection) else {
            Issue.record("the fixture message was not accepted")
            return
        }
        let outcome: AttemptOutcome = fails ? .exception(MessageError(.business, "Unknown SKU 'X-1'"))
            : .delivered(output: nil, externalIDs: [])
        try Messages.finishAttempt(message.id, number: number, outcome, partnerID: partnerID,
                                   at: receivedAt.addingTimeInterval(1), on: connection)
    }

    static func previous(_ month: BillingMonth) -> BillingMonth {
        month.month == 1 ? BillingMonth(year: month.year - 1, month: 12)! : BillingMonth(year: month.year, month: month.month - 1)!
    }

    /// `rgb(31, 78, 121)` → [31, 78, 121].
    static func channels(_ colour: String) -> [Int] {
        Array(colour.split { !$0.isNumber }.compactMap { Int($0) }.prefix(3))
    }

    /// ` #1f4e79` (a custom property keeps its spaces) → [31, 78, 121].
    static func hexChannels(_ colour: String) -> [Int] {
        var digits = Array(colour.trimmingCharacters(in: .whitespaces).dropFirst())
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        guard digits.count == 6 else { return [] }
        return stride(from: 0, to: 6, by: 2).compactMap { Int(String(digits[$0..<$0 + 2]), radix: 16) }
    }
}
