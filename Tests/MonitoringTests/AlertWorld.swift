import Billing
import Crypto
import Flows
import Foundation
import Monitoring
import Postgres
import Synchronization
import Tenancy
import Testing
import TestSupport

/// A MonitoringWorld with what alerts need: the customer's tier, rules and contacts made through
/// the product's own stores, an evaluator whose channels record what they were asked to send.
struct AlertWorld {
    let world: MonitoringWorld
    let box = SecretBox(keyring: Keyring(current: .random()))
    let channel = RecordingAlertChannel()
    var db: TenantTestDatabase { world.db }
    var partnerID: UUID { world.partnerID }
    var customerID: UUID { world.customerID }
    var admin: Principal { world.admin }

    static func with(tier: String = "gold", _ body: (AlertWorld) throws -> Void) throws {
        try MonitoringWorld.with { world in
            _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET tier_code = $1 WHERE id = $2",
                                                         binds: [tier, world.customerID]))
            try body(AlertWorld(world: world))
        }
    }

    func evaluator(channels: AlertChannels? = nil) -> AlertEvaluator {
        AlertEvaluator(database: db.database, channels: channels ?? AlertChannels(email: channel, webhook: channel), box: box)
    }

    @discardableResult
    func rule(_ rule: NewAlertRule) throws -> AlertRule {
        try db.asCaller(admin) { connection, caller in try AlertRules.create(rule, by: caller, on: connection) }
    }

    @discardableResult
    func contact(_ contact: NewAlertContact, secret: String? = nil) throws -> AlertContact {
        try db.asCaller(admin) { connection, caller in
            try AlertContacts.create(contact, signingSecret: secret.map { SecretValue($0) }, box: box, by: caller, on: connection)
        }
    }

    func alerts(_ state: AlertEscalation.State? = nil) throws -> [Alert] {
        try db.asCaller(admin) { connection, _ in try Alerts.list(state: state, for: admin, on: connection) }
    }

    func history(_ id: UUID) throws -> [AlertNotification] {
        try db.asCaller(admin) { connection, _ in try Alerts.get(id, for: admin, on: connection).history }
    }

    /// Rows in a table, counted behind row-level security's back.
    func count(_ table: String) throws -> Int {
        try db.owner.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)", binds: [])).single().decode(Int.self, at: 0)
    }
}

/// Records every notice instead of sending it; fails for addresses it is told to.
final class RecordingAlertChannel: AlertChannel {
    struct Sent: Equatable {
        var address: String
        var kind: AlertNotification.Kind
        var level: Int
        var subjectLine: String
    }

    private let state = Mutex<(sent: [Sent], failing: Set<String>)>(([], []))

    var sent: [Sent] { state.withLock { $0.sent } }

    func fail(_ address: String, _ failing: Bool) {
        state.withLock { if failing { $0.failing.insert(address) } else { $0.failing.remove(address) } }
    }

    func deliver(_ notice: AlertNotice, to contact: AlertContact, signingSecret: SecretValue?) throws {
        try state.withLock { state in
            if state.failing.contains(contact.address) { throw RecordedFailure(address: contact.address) }
            state.sent.append(Sent(address: contact.address, kind: notice.kind, level: notice.level, subjectLine: notice.subjectLine))
        }
    }

    struct RecordedFailure: Error, CustomStringConvertible {
        var address: String
        var description: String { "connection refused by \(address)" }
    }
}

/// `2027-03-03T10:00:00Z`, a Wednesday: 11:00 in Amsterdam, inside bronze's 9–17.
let wednesdayMorning = ISO8601DateFormatter().date(from: "2027-03-03T10:00:00Z")!
